"""Server-rendered pages (Jinja2), mobile-first, usable without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter

from vagal.web.pages import (
    auth,
    checkins,
    home,
    imports,
    live,
    onboarding,
    practices,
    progress,
    recordings,
    settings_page,
    strength,
)

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(auth.router)
router.include_router(checkins.router)
router.include_router(settings_page.router)
router.include_router(recordings.router)
router.include_router(imports.router)
router.include_router(onboarding.router)
router.include_router(live.router)
router.include_router(strength.router)
router.include_router(practices.router)
router.include_router(progress.router)
