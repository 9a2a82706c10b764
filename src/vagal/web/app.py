"""The web application: `create_app(settings)` builds everything; nothing is built at import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from vagal import __version__
from vagal.catalog import load_crisis_resources
from vagal.services.accounts import LoginPolicy, make_password_hasher
from vagal.settings import Settings
from vagal.storage.db import Database
from vagal.web import errors, security
from vagal.web.api import router as api_router
from vagal.web.pages import router as pages_router

WEB_DIR = Path(__file__).parent
SESSION_COOKIE = "vagal_session"


def utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    """Build the app for ``settings``. Tests pass their own database and clock."""
    if settings.secret_key is None:
        raise ValueError("create_app needs settings with a secret key: use load_settings()")
    app = FastAPI(
        title="vagal API",
        version=__version__,
        description="vagal's REST API. vagal is not a medical device.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    state = app.state
    state.settings = settings
    state.db = database or Database.from_url(settings.resolved_database_url)
    state.clock = clock
    state.hasher = make_password_hasher(settings.password_hashing)
    state.login_policy = LoginPolicy(
        max_failures=settings.login_max_failures,
        lockout=timedelta(minutes=settings.login_lockout_minutes),
    )
    state.crisis_resources = load_crisis_resources(settings.locale, settings.crisis_resources_file)
    state.templates = Jinja2Templates(directory=WEB_DIR / "templates")
    # The templates ship with the package: no need to check their files for changes on every
    # render (an include in a loop checked its file once per chart).
    state.templates.env.auto_reload = False
    state.templates.env.globals["version"] = __version__

    app.add_middleware(security.SecurityHeadersMiddleware)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_days * 24 * 3600,
        same_site="lax",
        https_only=settings.cookies_secure,
    )
    errors.install(app)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    return app
