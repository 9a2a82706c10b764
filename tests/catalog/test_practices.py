"""The practice catalog: shipped files valid, timings add up, cautions present, errors name the field."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from vagal.catalog.practice_names import PRACTICES as PLANNER_NAMES
from vagal.catalog.practices import (
    DURATION_TOLERANCE_S,
    DURATIONS_MIN,
    BreathPattern,
    Family,
    Practice,
    PracticeCatalogError,
    custom_breathing_practice,
    describe_pattern,
    load_practice_catalog,
    parse_family_file,
)
from vagal.core.checkin import NervousSystemState
from vagal.core.planner.practices import (
    COLD_PRACTICE,
    RECOVERY_PRACTICES,
    SHORT_PRACTICE_MINUTES,
    STATE_PRACTICES,
    STILL_PRACTICES,
    STRENGTH_BOOKENDS,
)
from vagal.errors import InvalidInput

CATALOG = load_practice_catalog()
PRACTICES = CATALOG.practices
IDS = [p.id for p in PRACTICES]
FORBIDDEN_WORDS = ("crush", "beast", "no excuses", "failure", "bad day", "push through", "must ")
ACTIVATED, SHUT_DOWN, SETTLED = (
    NervousSystemState.ACTIVATED,
    NervousSystemState.SHUT_DOWN,
    NervousSystemState.SETTLED,
)
REQUIRED = {
    "diaphragmatic_breathing",
    "extended_exhale",
    "physiological_sigh",
    "box_breathing",
    "resonance_breathing",
    "five_senses",
    "orienting",
    "feet_on_floor",
    "body_scan_short",
    "body_scan_long",
    "somatic_tracking",
    "shaking",
    "rocking",
    "self_holding",
    "bilateral_tapping",
    "compassionate_self_enquiry",
    "parts_journaling",
    "foam_rolling",
    "gentle_stretching",
    "gentle_yoga",
    "contrast_shower",
}


def shipped_files() -> dict[str, str]:
    root = resources.files("vagal.catalog.practices")
    return {i.name: i.read_text("utf-8") for i in root.iterdir() if i.name.endswith(".toml")}


def test_catalog_covers_the_issue_and_every_family() -> None:
    assert set(IDS) == REQUIRED
    assert {p.family for p in PRACTICES} == set(Family)
    assert set(shipped_files()) == {f"{family.value}.toml" for family in Family}


def test_ids_are_unique() -> None:
    assert len(IDS) == len(set(IDS))


def test_the_planners_ids_are_all_in_the_catalog() -> None:
    planner_ids = set(PLANNER_NAMES) | {COLD_PRACTICE, *RECOVERY_PRACTICES, *STILL_PRACTICES}
    for ids in (*STATE_PRACTICES.values(), *STRENGTH_BOOKENDS.values()):
        planner_ids |= set(ids)
    assert planner_ids <= set(IDS)


def test_what_the_planner_suggests_for_a_state_suits_that_state_and_fits_short_slots() -> None:
    for state, ids in (*STATE_PRACTICES.items(), *STRENGTH_BOOKENDS.items()):
        for practice_id in ids:
            practice = CATALOG.get(practice_id)
            assert practice.suits(state), (practice_id, state)
            assert any(
                SHORT_PRACTICE_MINUTES.low <= m <= SHORT_PRACTICE_MINUTES.high
                for m in practice.durations
            ), practice_id


@pytest.mark.parametrize("practice", PRACTICES, ids=IDS)
def test_steps_add_up_to_every_offered_duration(practice: Practice) -> None:
    assert practice.durations
    assert set(practice.durations) <= set(DURATIONS_MIN)
    for minutes in practice.durations:
        total = sum(step.seconds for step in practice.steps(minutes))
        assert abs(total - 60 * minutes) <= DURATION_TOLERANCE_S, (minutes, total)
        assert all(step.seconds > 0 and step.text for step in practice.steps(minutes))


@pytest.mark.parametrize("practice", PRACTICES, ids=IDS)
def test_paced_steps_hold_whole_breaths(practice: Practice) -> None:
    for script in practice.scripts:
        for step in script.steps:
            if step.breath is not None:
                assert step.breaths >= 1
                assert step.breaths * step.breath.cycle_s == pytest.approx(step.seconds)


@pytest.mark.parametrize("practice", PRACTICES, ids=IDS)
def test_words_are_gentle(practice: Practice) -> None:
    words = " ".join(
        [practice.name, practice.summary, practice.note, *practice.cautions]
        + [step.text for script in practice.scripts for step in script.steps]
    ).lower()
    assert not [w for w in FORBIDDEN_WORDS if w in words]


def test_every_breathing_practice_paces_the_breath() -> None:
    for practice in CATALOG.in_family(Family.BREATHING):
        assert practice.breath_patterns, practice.id


def test_extended_exhale_is_four_in_six_out_and_resonance_is_near_six_a_minute() -> None:
    (exhale,) = CATALOG.get("extended_exhale").breath_patterns
    assert (exhale.inhale_s, exhale.exhale_s, exhale.has_hold) == (4, 6, False)
    (resonance,) = CATALOG.get("resonance_breathing").breath_patterns
    assert resonance.breaths_per_min == pytest.approx(6.0)
    assert resonance.exhale_s > resonance.inhale_s


def test_box_breathing_holds_and_carries_a_panic_caution() -> None:
    box = CATALOG.get("box_breathing")
    assert box.has_breath_hold
    assert box.intense
    assert any("panic" in caution.lower() for caution in box.cautions)


def test_cold_exposure_carries_contraindications() -> None:
    cold = CATALOG.get("contrast_shower")
    assert cold.intense
    text = " ".join(cold.cautions).lower()
    for contraindication in ("heart", "blood pressure", "raynaud", "pregnancy"):
        assert contraindication in text


def test_breath_holds_and_intense_practices_carry_cautions_and_are_never_a_default_in_distress() -> (
    None
):
    for practice in PRACTICES:
        if practice.has_breath_hold:
            assert practice.intense, practice.id
        if practice.intense:
            assert practice.cautions, practice.id
            assert practice.states == {SETTLED}, practice.id
    for state in (ACTIVATED, SHUT_DOWN):
        assert not [p.id for p in CATALOG.for_state(state) if p.intense]
        assert len(CATALOG.for_state(state)) >= 5


def test_bilateral_tapping_is_self_soothing_and_says_it_is_not_emdr() -> None:
    tapping = CATALOG.get("bilateral_tapping")
    assert tapping.family is Family.SELF_SOOTHING
    assert "not EMDR therapy" in tapping.note


def test_body_scans_come_short_and_long() -> None:
    assert max(CATALOG.get("body_scan_short").durations) <= 5
    assert CATALOG.get("body_scan_long").durations == (10,)


def test_the_catalog_is_frozen() -> None:
    practice = CATALOG.get("rocking")
    with pytest.raises(AttributeError):
        practice.name = "changed"  # type: ignore[misc]
    assert hash(practice) == hash(CATALOG.get("rocking"))


def test_unknown_duration_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match=r"Long body scan comes in 10 minutes, not 3"):
        CATALOG.get("body_scan_long").steps(3)


# --- breath patterns, including the ones a person creates --------------------------------------


def test_breath_pattern_numbers() -> None:
    box = BreathPattern(inhale_s=4, hold_in_s=4, exhale_s=4, hold_out_s=4)
    assert (box.cycle_s, box.breaths_per_min, box.has_hold) == (16, 3.75, True)
    assert describe_pattern(box) == "in 4, hold 4, out 4, hold 4 seconds"
    assert describe_pattern(BreathPattern(4, 6)) == "in 4, out 6 seconds"
    six = BreathPattern.at_rate(6.0)
    assert (six.inhale_s, six.exhale_s) == pytest.approx((4.5, 5.5))
    assert BreathPattern.at_rate(4.5).cycle_s == pytest.approx(60 / 4.5)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"inhale_s": 0, "exhale_s": 6}, "inhale_s"),
        ({"inhale_s": 4, "exhale_s": 30}, "exhale_s"),
        ({"inhale_s": 4, "exhale_s": 6, "hold_in_s": -1}, "hold_in_s"),
        ({"inhale_s": 4, "exhale_s": 6, "hold_out_s": float("nan")}, "hold_out_s"),
        ({"inhale_s": 1, "exhale_s": 1}, "cycle_s"),
        ({"inhale_s": 12, "exhale_s": 16, "hold_in_s": 12}, "cycle_s"),
    ],
)
def test_breath_pattern_rejects_impossible_numbers(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        BreathPattern(**kwargs)
    assert caught.value.details["field"] == field


def test_breath_pattern_rejects_a_rate_outside_the_pacer() -> None:
    with pytest.raises(InvalidInput):
        BreathPattern.at_rate(30)


def test_custom_pattern_without_holds_runs_like_any_practice() -> None:
    mine = custom_breathing_practice("custom_17", "  My evening breath ", BreathPattern(5, 7))
    assert mine.name == "My evening breath"
    assert mine.durations == DURATIONS_MIN
    assert not mine.intense
    assert mine.suits(ACTIVATED)
    for minutes in mine.durations:
        steps = mine.steps(minutes)
        assert sum(s.seconds for s in steps) == pytest.approx(60 * minutes)
        assert steps[1].breath == BreathPattern(5, 7)
        assert steps[-1].seconds >= 10


def test_custom_pattern_with_holds_is_intense_with_the_hold_caution() -> None:
    mine = custom_breathing_practice(
        "custom_4_7_8", "4-7-8", BreathPattern(4, 8, hold_in_s=7), durations=[3, 5]
    )
    assert mine.intense
    assert mine.states == {SETTLED}
    assert "panic" in mine.cautions[0]
    # 3 min: 15 s to settle, 8 breaths of 19 s = 152 s, 13 s to close.
    assert [s.seconds for s in mine.steps(3)] == [15, 152, 13]


def test_slowest_custom_pattern_still_fits_one_breath_in_a_minute() -> None:
    slow = custom_breathing_practice("custom_x", "Slow", BreathPattern(12, 16), durations=[1])
    assert [s.seconds for s in slow.steps(1)] == [15, 28, 17]
    with pytest.raises(InvalidInput, match="one or more of"):
        custom_breathing_practice("custom_y", "Odd", BreathPattern(4, 6), durations=[2])


def test_custom_pattern_needs_a_clean_id() -> None:
    with pytest.raises(InvalidInput, match="lower-case"):
        custom_breathing_practice("Custom 1", "Mine", BreathPattern(4, 6))


# --- broken files name the file and the field ---------------------------------------------------

GOOD = """
family = "grounding"
[[practices]]
id = "tiny"
name = "Tiny"
summary = "A tiny test practice."
states = ["settled"]
durations = [1]
cautions = []
[[practices.steps]]
text = "Breathe."
seconds = 30
breath = { inhale = 4, exhale = 6 }
[[practices.steps]]
text = "Rest."
seconds = { 1 = 30 }
"""


def test_a_good_minimal_file_parses() -> None:
    (tiny,) = parse_family_file("grounding.toml", GOOD)
    assert tiny.durations == (1,)
    assert [s.breaths for s in tiny.steps(1)] == [3, 0]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('family = "grounding"', 'family = "dancing"', "family"),
        ('id = "tiny"', 'id = "Tiny one"', "practices[0].id"),
        ('states = ["settled"]', 'states = ["calm"]', "practices[0].states"),
        ("durations = [1]", "durations = [2]", "practices[0].durations"),
        ("seconds = { 1 = 30 }", "seconds = { 1 = 25 }", "practices[0].steps[1 min]"),
        ("seconds = { 1 = 30 }", "seconds = { 3 = 30 }", "practices[0].steps[1].seconds.3"),
        ("seconds = 30\n", "seconds = 35\n", "practices[0].steps[0].seconds"),
        ("inhale = 4", "inhale = 0", "practices[0].steps[0].breath"),
        ("inhale = 4", "inhal = 4", "practices[0].steps[0].breath.inhal"),
        ('text = "Rest."', 'txt = "Rest."', "practices[0].steps[1].txt"),
        (
            "breath = { inhale = 4, exhale = 6 }",
            "breath = { inhale = 4, exhale = 2, hold_in = 4 }",
            "practices[0].intense",
        ),
        ("cautions = []", "cautions = []\nintense = true", "practices[0].cautions"),
    ],
)
def test_broken_file_names_the_file_and_field(old: str, new: str, field: str) -> None:
    assert old in GOOD
    with pytest.raises(PracticeCatalogError) as caught:
        parse_family_file("grounding.toml", GOOD.replace(old, new, 1))
    assert caught.value.details == {"file": "grounding.toml", "field": field}
    assert caught.value.message.startswith(f"grounding.toml, {field}: ")


def test_intense_practice_may_not_suit_activated() -> None:
    text = GOOD.replace("cautions = []", 'cautions = ["Careful."]\nintense = true').replace(
        'states = ["settled"]', 'states = ["settled", "activated"]'
    )
    with pytest.raises(PracticeCatalogError, match=r"practices\[0\]\.states"):
        parse_family_file("grounding.toml", text)


def test_file_name_must_match_family_and_toml_must_parse() -> None:
    with pytest.raises(PracticeCatalogError, match="should be named grounding.toml"):
        parse_family_file("breathing.toml", GOOD)
    with pytest.raises(PracticeCatalogError, match="not valid TOML"):
        parse_family_file("grounding.toml", "family = ")


def test_shipped_files_start_with_a_comment_claiming_our_own_words() -> None:
    for name, text in shipped_files().items():
        assert re.match(r"# .*", text), name
        assert "vagal's own" in text.splitlines()[0] or "vagal's own" in text.splitlines()[1]


def test_planner_names_come_from_the_catalog() -> None:
    from vagal.catalog.practice_names import practice_name

    assert set(PLANNER_NAMES) == set(IDS)
    for ids in (*STATE_PRACTICES.values(), *STRENGTH_BOOKENDS.values(), RECOVERY_PRACTICES):
        for practice_id in ids:
            named = practice_name(practice_id)
            assert named.name == CATALOG.get(practice_id).name
            assert named.summary == CATALOG.get(practice_id).summary
    assert practice_name(COLD_PRACTICE).caution == CATALOG.get(COLD_PRACTICE).cautions[0]
