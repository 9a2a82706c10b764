"""/api/v1/exercises: the gentle-strength catalog, each pattern a ladder of levels."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from vagal.catalog.exercises import catalog_size, load_exercise_catalog
from vagal.core.planner.inputs import Equipment
from vagal.core.training import ExerciseLevel, Pattern
from vagal.errors import NotFound
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(prefix="/exercises", tags=["exercises"])


class LevelOut(BaseModel):
    id: str
    pattern: str
    level: int
    name: str
    equipment: list[str]
    props: list[str]
    unit: str
    setup: str
    cues: list[str]
    breathing: str
    mistakes: list[str]
    cautions: list[str]
    regression: str | None
    progression: str | None
    illustration: str | None

    @classmethod
    def of(cls, level: ExerciseLevel) -> LevelOut:
        return cls(
            id=level.id,
            pattern=level.pattern.value,
            level=level.level,
            name=level.name,
            equipment=[e.value for e in level.equipment],
            props=list(level.props),
            unit=level.unit.value,
            setup=level.setup,
            cues=list(level.cues),
            breathing=level.breathing,
            mistakes=list(level.mistakes),
            cautions=list(level.cautions),
            regression=level.regression,
            progression=level.progression,
            illustration=level.illustration,
        )


class PatternOut(BaseModel):
    pattern: str
    name: str
    summary: str
    levels: list[LevelOut]


class CatalogOut(BaseModel):
    size: str
    patterns: list[PatternOut]


@router.get("", response_model=CatalogOut, responses=ERRORS)
def list_exercises(
    account: Caller,
    pattern: Annotated[Pattern | None, Query(description="Only this movement pattern.")] = None,
    equipment: Annotated[
        list[Equipment] | None,
        Query(description="Only levels these things allow (repeat the parameter; none = none)."),
    ] = None,
) -> CatalogOut:
    """Every movement pattern with its levels, gentlest first."""
    catalog = load_exercise_catalog()
    ladders = [ladder for ladder in catalog.ladders if pattern is None or ladder.pattern is pattern]
    return CatalogOut(
        size=catalog_size(catalog),
        patterns=[
            PatternOut(
                pattern=ladder.pattern.value,
                name=ladder.name,
                summary=ladder.summary,
                levels=[
                    LevelOut.of(level)
                    for level in ladder.levels
                    if equipment is None or level.fits(equipment)
                ],
            )
            for ladder in ladders
        ],
    )


@router.get("/{exercise_id}", response_model=LevelOut, responses=ERRORS)
def get_exercise(exercise_id: str, account: Caller) -> LevelOut:
    """One level: set-up, cues, breathing, common mistakes, cautions, its neighbours."""
    catalog = load_exercise_catalog()
    if exercise_id not in catalog:
        raise NotFound(
            f"There is no exercise '{exercise_id}' in the catalog. See /api/v1/exercises."
        )
    return LevelOut.of(catalog.level(exercise_id))
