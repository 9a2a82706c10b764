"""Readiness screening: stable ids and what the answers mean."""

from __future__ import annotations

import pytest

from vagal.catalog.screening import (
    QUESTION_IDS,
    SCREENING_QUESTIONS,
    screening_status,
    validate_answers,
)
from vagal.core.planner import ScreeningStatus
from vagal.errors import InvalidInput

ALL_NO = dict.fromkeys(QUESTION_IDS, False)


def test_the_questions_and_their_stable_ids() -> None:
    assert QUESTION_IDS == (
        "heart_condition",
        "chest_pain",
        "dizziness_fainting",
        "bone_joint",
        "bp_heart_medication",
        "pregnancy",
        "clinician_advised_against",
    )
    assert all(q.text.endswith("?") and q.hint for q in SCREENING_QUESTIONS)


def test_all_no_is_clear() -> None:
    assert screening_status(ALL_NO) is ScreeningStatus.CLEAR


def test_unanswered_is_not_done() -> None:
    assert screening_status({}) is ScreeningStatus.NOT_DONE
    partial = dict(ALL_NO)
    del partial["pregnancy"]
    assert screening_status(partial) is ScreeningStatus.NOT_DONE


@pytest.mark.parametrize("qid", QUESTION_IDS)
def test_any_yes_needs_clearance_until_a_clinician_clears_it(qid: str) -> None:
    answers = ALL_NO | {qid: True}
    assert screening_status(answers) is ScreeningStatus.NEEDS_CLEARANCE
    cleared = screening_status(answers, cleared_by_clinician=True)
    assert cleared is ScreeningStatus.CLEARED_BY_CLINICIAN


def test_clearance_without_a_yes_is_simply_clear() -> None:
    assert screening_status(ALL_NO, cleared_by_clinician=True) is ScreeningStatus.CLEAR


def test_unknown_ids_and_non_booleans_are_rejected() -> None:
    with pytest.raises(InvalidInput, match="not one of the readiness questions"):
        validate_answers({"smoker": True})
    with pytest.raises(InvalidInput, match="yes or no") as err:
        validate_answers({"pregnancy": "no"})  # type: ignore[dict-item]
    assert err.value.details == {"field": "pregnancy"}
