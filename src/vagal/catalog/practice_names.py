"""Names and one-line descriptions of the practices the planner suggests (our own words).

The full practice catalog with timed steps arrives with the practice player; these short texts
let a plan say what each suggestion is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PracticeName:
    id: str
    name: str
    summary: str
    caution: str = ""


PRACTICES: dict[str, PracticeName] = {
    p.id: p
    for p in (
        PracticeName(
            "extended_exhale",
            "Longer breath out",
            "Breathe in through your nose for about 4, out slowly for about 6. A few rounds.",
        ),
        PracticeName(
            "physiological_sigh",
            "Double inhale, long sigh",
            "Two short breaths in through the nose, then one long, easy breath out. Two or three times.",
        ),
        PracticeName(
            "orienting",
            "Orienting to the room",
            "Let your eyes wander slowly around the room and rest on things you like to look at.",
        ),
        PracticeName(
            "feet_on_floor",
            "Feet on the floor",
            "Press your feet gently into the floor and notice the support under you.",
        ),
        PracticeName(
            "body_scan_short",
            "Short body scan",
            "Move your attention slowly from your feet to your head, noticing without changing.",
        ),
        PracticeName(
            "rocking",
            "Gentle rocking",
            "Sit or stand and sway slowly from side to side, or forward and back, at a soothing pace.",
        ),
        PracticeName(
            "gentle_stretching",
            "Gentle stretching",
            "Slow, easy stretches for the neck, shoulders, back and hips, with long exhales.",
        ),
        PracticeName(
            "foam_rolling",
            "Foam rolling",
            "Roll slowly over tight muscles with light pressure, breathing out as you go.",
            "Skip bruised, injured or very tender areas.",
        ),
        PracticeName(
            "gentle_yoga",
            "Gentle yoga flow",
            "A few unhurried, supported shapes linked with the breath; rest whenever you like.",
        ),
        PracticeName(
            "contrast_shower",
            "Contrast shower",
            "End a warm shower with a short, comfortable spell of cooler water.",
            "Not with heart conditions, high blood pressure, Raynaud's or pregnancy; never very cold.",
        ),
    )
}


def practice_name(practice_id: str) -> PracticeName:
    return PRACTICES.get(
        practice_id, PracticeName(practice_id, practice_id.replace("_", " ").capitalize(), "")
    )
