"""Which practices and dose go with a plan (pure lookups; ids match the practice catalog)."""

from __future__ import annotations

from vagal.core.checkin import NervousSystemState
from vagal.core.planner.inputs import PlanKind, Preferences
from vagal.core.planner.plan import Dose, Span

#: Matched to the state: activated → a longer exhale and orienting; shut down → gentle movement,
#: rocking, orienting. No cold exposure or breath holds here.
STATE_PRACTICES: dict[NervousSystemState, tuple[str, ...]] = {
    NervousSystemState.ACTIVATED: ("extended_exhale", "orienting", "physiological_sigh"),
    NervousSystemState.SHUT_DOWN: ("orienting", "rocking", "gentle_stretching"),
    NervousSystemState.SETTLED: ("extended_exhale", "body_scan_short", "feet_on_floor"),
}
#: Arriving before and settling after a strength session.
STRENGTH_BOOKENDS: dict[NervousSystemState, tuple[str, ...]] = {
    NervousSystemState.ACTIVATED: ("orienting", "extended_exhale"),
    NervousSystemState.SHUT_DOWN: ("feet_on_floor", "orienting"),
    NervousSystemState.SETTLED: ("feet_on_floor", "extended_exhale"),
}
RECOVERY_PRACTICES: tuple[str, ...] = ("gentle_stretching", "foam_rolling", "gentle_yoga")
#: Only offered to a settled person who said cold exposure is fine for them; never first.
COLD_PRACTICE = "contrast_shower"
#: Still, lying-down practices when ill, injured or with chest pain.
STILL_PRACTICES: tuple[str, ...] = ("extended_exhale", "body_scan_short")

#: Strength doses err on the easy side (our choice).
STRENGTH_SETS = Span(1, 2)
STRENGTH_REPS = Span(5, 8)
STRENGTH_REST_S = Span(90, 180)
#: After a "drained" session: fewer sets and reps, longer rests, 5 minutes shorter (our choice).
REGRESSED_SETS = Span(1, 1)
REGRESSED_REPS = Span(4, 6)
REGRESSED_REST_S = Span(120, 240)
SHORT_PRACTICE_MINUTES = Span(1, 5)
REGULATION_MINUTES_MAX = 10
REST_PRACTICE_MINUTES = Span(5, 10)


def state_or_settled(state: NervousSystemState | None) -> NervousSystemState:
    return state if state is not None else NervousSystemState.SETTLED


def practices_for(
    kind: PlanKind,
    state: NervousSystemState | None,
    preferences: Preferences,
    *,
    still: bool = False,
) -> tuple[str, ...]:
    """Suggested practice ids for ``kind``; ``still`` when ill, injured or with chest pain."""
    matched = state_or_settled(state)
    if kind is PlanKind.GENTLE_STRENGTH:
        return STRENGTH_BOOKENDS[matched]
    if kind is PlanKind.REGULATION_ONLY:
        return STATE_PRACTICES[matched]
    if still:
        return STILL_PRACTICES
    cold = (
        (COLD_PRACTICE,)
        if preferences.cold_exposure_ok and state is NervousSystemState.SETTLED
        else ()
    )
    return (STATE_PRACTICES[matched][0], *RECOVERY_PRACTICES, *cold)


def strength_dose(preferences: Preferences, *, regressed: bool) -> Dose:
    if not regressed:
        minutes = preferences.session_minutes
        return Dose(Span(minutes, minutes), STRENGTH_SETS, STRENGTH_REPS, STRENGTH_REST_S)
    minutes = max(5, preferences.session_minutes - 5)
    return Dose(Span(minutes, minutes), REGRESSED_SETS, REGRESSED_REPS, REGRESSED_REST_S, True)


def practice_dose(kind: PlanKind, preferences: Preferences, *, short: bool) -> Dose:
    if short:
        return Dose(SHORT_PRACTICE_MINUTES)
    if kind is PlanKind.REGULATION_ONLY:
        return Dose(Span(5, max(5, min(preferences.session_minutes, REGULATION_MINUTES_MAX))))
    return Dose(REST_PRACTICE_MINUTES)
