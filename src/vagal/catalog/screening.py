"""Readiness-for-exercise screening: the questions (in our own words) and what the answers mean.

The questions are modelled on the PAR-Q+ (Warburton DER, Jamnik VK, Bredin SSD, Gledhill N
(2011). The Physical Activity Readiness Questionnaire for Everyone (PAR-Q+) and electronic
Physical Activity Readiness Medical Examination (ePARmed-X+). Health Fit J Can 4(2):3-23), but
the wording is ours and shorter. Any "yes" keeps strength sessions off until the person confirms
a clinician's clearance; regulation and recovery practices stay open. The ids are stable: they
are stored with the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vagal.core.planner.inputs import ScreeningStatus
from vagal.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    id: str
    text: str
    hint: str


SCREENING_QUESTIONS: tuple[ScreeningQuestion, ...] = (
    ScreeningQuestion(
        id="heart_condition",
        text="Has a doctor ever told you that you have a heart condition?",
        hint="This includes heart rhythm problems and past heart surgery.",
    ),
    ScreeningQuestion(
        id="chest_pain",
        text="Do you get pain in your chest, either at rest or when you are active?",
        hint="Any chest discomfort counts, even if it passes quickly.",
    ),
    ScreeningQuestion(
        id="dizziness_fainting",
        text="In the last year, have you lost your balance from dizziness, or fainted?",
        hint="Leave out dizziness that only came from breathing fast during hard effort.",
    ),
    ScreeningQuestion(
        id="bone_joint",
        text="Do you have a bone, joint or soft-tissue problem that activity makes worse?",
        hint="For example a back, knee or shoulder problem that flares when you move more.",
    ),
    ScreeningQuestion(
        id="bp_heart_medication",
        text="Do you take medicine for your blood pressure or your heart?",
        hint="If you are not sure what a medicine is for, your pharmacist can tell you.",
    ),
    ScreeningQuestion(
        id="pregnancy",
        text="Are you pregnant, or have you given birth in the last six months?",
        hint="Many people keep moving in pregnancy; a midwife or doctor can say what suits you.",
    ),
    ScreeningQuestion(
        id="clinician_advised_against",
        text="Has a clinician told you not to exercise, or to exercise only under supervision?",
        hint="Or do you know of any other reason exercise might not be safe for you right now?",
    ),
)

QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in SCREENING_QUESTIONS)


def validate_answers(answers: Mapping[str, bool]) -> dict[str, bool]:
    """The answers keyed by known question ids; an unknown id or a non-boolean is an error."""
    unknown = sorted(set(answers) - set(QUESTION_IDS))
    if unknown:
        raise InvalidInput(
            f"'{unknown[0]}' is not one of the readiness questions. "
            f"Use these ids: {', '.join(QUESTION_IDS)}.",
            details={"field": "answers"},
        )
    for qid, value in answers.items():
        if not isinstance(value, bool):
            raise InvalidInput(
                f"The answer to '{qid}' must be yes or no (true or false).",
                details={"field": qid},
            )
    return {qid: answers[qid] for qid in QUESTION_IDS if qid in answers}


def screening_status(
    answers: Mapping[str, bool], *, cleared_by_clinician: bool = False
) -> ScreeningStatus:
    """What the answers mean for today's plan.

    - any question unanswered: ``not_done`` (strength stays off until it is answered);
    - every answer "no": ``clear``;
    - any "yes": ``needs_clearance``, or ``cleared_by_clinician`` once the person confirms it.
    """
    checked = validate_answers(answers)
    if len(checked) < len(QUESTION_IDS):
        return ScreeningStatus.NOT_DONE
    if not any(checked.values()):
        return ScreeningStatus.CLEAR
    if cleared_by_clinician:
        return ScreeningStatus.CLEARED_BY_CLINICIAN
    return ScreeningStatus.NEEDS_CLEARANCE
