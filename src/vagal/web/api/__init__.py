"""The JSON API under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from vagal.web.api import (
    checkins,
    exercises,
    export,
    imports,
    insights,
    me,
    moments,
    plans,
    practices,
    profile,
    progress,
    recordings,
    resonance,
    sessions,
    tokens,
)

router = APIRouter(prefix="/api/v1")
router.include_router(me.router)
router.include_router(profile.router)
router.include_router(plans.router)
router.include_router(checkins.router)
router.include_router(tokens.router)
router.include_router(recordings.router)
router.include_router(imports.router)
router.include_router(practices.router)
router.include_router(moments.router)
router.include_router(insights.router)
router.include_router(resonance.router)
router.include_router(exercises.router)
router.include_router(sessions.router)
router.include_router(progress.router)
router.include_router(export.router)
