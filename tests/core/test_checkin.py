from __future__ import annotations

from datetime import date

import pytest

from vagal.core.checkin import (
    BodySignal,
    CheckinInput,
    NervousSystemState,
    check_scale,
    needs_support,
    normalise_tags,
    parse_body_signals,
    parse_state,
    validate_checkin,
)
from vagal.errors import InvalidInput

TODAY = date(2026, 3, 10)


def field_of(exc: pytest.ExceptionInfo[InvalidInput]) -> str:
    return str(exc.value.details["field"])


def test_a_complete_checkin_is_valid() -> None:
    checkin = CheckinInput(
        local_date=TODAY,
        sleep_hours=7.5,
        sleep_quality=4,
        energy=6,
        distress=3,
        state=NervousSystemState.SETTLED,
        body_signals=(BodySignal.HEADACHE,),
        note="slept well",
        tags=("work",),
    )
    assert validate_checkin(checkin, today=TODAY) == checkin


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sleep_hours": -1.0}, "sleep_hours"),
        ({"sleep_hours": 24.5}, "sleep_hours"),
        ({"sleep_hours": float("nan")}, "sleep_hours"),
        ({"sleep_quality": 0}, "sleep_quality"),
        ({"sleep_quality": 6}, "sleep_quality"),
        ({"energy": 11}, "energy"),
        ({"distress": -1}, "distress"),
        ({"local_date": date(2026, 3, 11)}, "local_date"),
        ({"note": "x" * 4001}, "note"),
    ],
)
def test_out_of_range_values_name_their_field(changes: dict[str, object], field: str) -> None:
    checkin = CheckinInput(**{"local_date": TODAY, **changes})  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as exc:
        validate_checkin(checkin, today=TODAY)
    assert field_of(exc) == field


def test_future_date_message_is_gentle_and_specific() -> None:
    with pytest.raises(InvalidInput, match="in the future. Choose today or an earlier day"):
        validate_checkin(CheckinInput(local_date=date(2026, 4, 1)), today=TODAY)


def test_unknown_body_signal_is_rejected_with_the_allowed_list() -> None:
    with pytest.raises(InvalidInput, match="'sweaty palms' is not a body signal") as exc:
        parse_body_signals(["headache", "sweaty palms"])
    assert "racing_heart" in exc.value.message


def test_body_signals_are_deduplicated_in_catalogue_order() -> None:
    assert parse_body_signals(["numbness", "headache", "numbness"]) == (
        BodySignal.HEADACHE,
        BodySignal.NUMBNESS,
    )


def test_state_parsing() -> None:
    assert parse_state("shut_down") is NervousSystemState.SHUT_DOWN
    assert parse_state("") is None
    with pytest.raises(InvalidInput, match="not a nervous-system state"):
        parse_state("frozen")


def test_tags_are_trimmed_lowercased_and_unique() -> None:
    assert normalise_tags([" Work ", "work", "", "Family  time"]) == ("work", "family time")
    with pytest.raises(InvalidInput, match="at most 20 tags"):
        normalise_tags([f"t{i}" for i in range(21)])
    with pytest.raises(InvalidInput, match="longer than 40"):
        normalise_tags(["x" * 41])


@pytest.mark.parametrize(
    ("distress", "state", "expected"),
    [
        (None, None, False),
        (8, None, False),
        (8, NervousSystemState.ACTIVATED, False),
        (8, NervousSystemState.SHUT_DOWN, True),
        (7, NervousSystemState.SHUT_DOWN, False),
        (9, None, True),
        (10, NervousSystemState.SETTLED, True),
    ],
)
def test_support_panel_threshold(
    distress: int | None, state: NervousSystemState | None, expected: bool
) -> None:
    assert needs_support(distress, state) is expected


@pytest.mark.parametrize("value", [0, 5, 10, None])
def test_a_0_to_10_rating_in_range_passes(value: int | None) -> None:
    check_scale("distress_after", value, "distress after")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            11,
            "Distress after is a whole number from 0 (calm) to 10 (the most); 11 is outside that.",
        ),
        (
            -1,
            "Distress after is a whole number from 0 (calm) to 10 (the most); -1 is outside that.",
        ),
        (
            True,
            "Distress after is a whole number from 0 (calm) to 10 (the most); True is outside that.",
        ),
        (
            2.5,
            "Distress after is a whole number from 0 (calm) to 10 (the most); 2.5 is outside that.",
        ),
    ],
)
def test_a_0_to_10_rating_out_of_range_names_its_field(value: object, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        check_scale("distress_after", value, "distress after")  # type: ignore[arg-type]
    assert error.value.message == message
    assert error.value.details["field"] == "distress_after"
