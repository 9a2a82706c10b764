"""The JSON API under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from vagal.web.api import checkins, export, imports, me, plans, profile, recordings, tokens

router = APIRouter(prefix="/api/v1")
router.include_router(me.router)
router.include_router(profile.router)
router.include_router(plans.router)
router.include_router(checkins.router)
router.include_router(tokens.router)
router.include_router(recordings.router)
router.include_router(imports.router)
router.include_router(export.router)
