"""`vagal doctor`: configuration problems, each with a stable id and a hint."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from vagal.catalog import load_crisis_resources
from vagal.errors import ConfigurationError
from vagal.settings import Settings, ensure_secret
from vagal.storage import migrate
from vagal.storage.db import make_engine


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    OK = "ok"


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    severity: Severity
    message: str
    hint: str = ""


CHECK_IDS = {
    "VAGAL001": "settings cannot be read",
    "VAGAL002": "secret key missing or too short",
    "VAGAL003": "base URL is not an http(s) address",
    "VAGAL004": "cookies are not marked Secure on a non-local address",
    "VAGAL005": "data directory is not writable",
    "VAGAL006": "database cannot be reached",
    "VAGAL007": "database schema is behind the code",
    "VAGAL008": "crisis resources cannot be read",
    "VAGAL009": "test-only password hashing is switched on",
}


def run(overrides: dict[str, Any] | None = None) -> list[Finding]:
    """Every check; an empty-of-errors list means vagal can start."""
    try:
        settings = Settings(**(overrides or {}))
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "VAGAL_" + str(first["loc"][0]).upper() if first.get("loc") else "a VAGAL_ setting"
        return [
            Finding(
                "VAGAL001",
                Severity.ERROR,
                f"{name}: {first['msg']}.",
                "Fix the value and run again.",
            )
        ]
    findings = [*_secret(settings), *_urls(settings), *_data_dir(settings)]
    findings += _database(settings)
    findings += _resources(settings)
    if settings.password_hashing != "standard":
        findings.append(
            Finding(
                "VAGAL009",
                Severity.WARNING,
                "Password hashing uses the fast, test-only profile.",
                "Unset VAGAL_PASSWORD_HASHING outside the test suite.",
            )
        )
    return findings or [Finding("VAGAL000", Severity.OK, "No problems found.")]


def _secret(settings: Settings) -> list[Finding]:
    if settings.secret_key is None and settings.is_sqlite:
        return []  # generated on first start, kept in the data directory
    try:
        ensure_secret(settings)
    except ConfigurationError as exc:
        return [Finding("VAGAL002", Severity.ERROR, exc.message, "Set VAGAL_SECRET_KEY.")]
    return []


def _urls(settings: Settings) -> list[Finding]:
    url = settings.base_url
    if not url.startswith(("http://", "https://")):
        return [
            Finding(
                "VAGAL003",
                Severity.ERROR,
                f"VAGAL_BASE_URL is '{url}', which is not a web address.",
                "Use the address people type, e.g. https://vagal.example.org.",
            )
        ]
    local = any(h in url for h in ("://127.0.0.1", "://localhost", "://[::1]"))
    if not settings.cookies_secure and not local:
        return [
            Finding(
                "VAGAL004",
                Severity.WARNING,
                "VAGAL_BASE_URL uses http on a non-local address, so login cookies travel unencrypted.",
                "Serve vagal behind HTTPS and set VAGAL_BASE_URL to the https:// address.",
            )
        ]
    return []


def _data_dir(settings: Settings) -> list[Finding]:
    path = settings.data_dir
    try:
        path.mkdir(parents=True, exist_ok=True)
        writable = os.access(path, os.W_OK)
    except OSError:
        writable = False
    if writable:
        return []
    return [
        Finding(
            "VAGAL005",
            Severity.ERROR,
            f"The data directory {path} cannot be written to.",
            "Create it, give vagal's user write access, or set VAGAL_DATA_DIR elsewhere.",
        )
    ]


def _database(settings: Settings) -> list[Finding]:
    engine = make_engine(settings.resolved_database_url)
    try:
        current = migrate.current_revision(engine)
    except SQLAlchemyError as exc:
        return [
            Finding(
                "VAGAL006",
                Severity.ERROR,
                f"The database cannot be reached ({type(exc).__name__}).",
                "Check VAGAL_DATABASE_URL and that the server is running.",
            )
        ]
    finally:
        engine.dispose()
    if current not in migrate.heads():
        return [
            Finding(
                "VAGAL007",
                Severity.ERROR,
                f"The database schema is at {current or 'nothing yet'}; the code expects "
                f"{', '.join(migrate.heads())}.",
                "Run `vagal db upgrade`.",
            )
        ]
    return []


def _resources(settings: Settings) -> list[Finding]:
    try:
        load_crisis_resources(settings.locale, settings.crisis_resources_file)
    except ConfigurationError as exc:
        return [
            Finding(
                "VAGAL008",
                Severity.ERROR,
                exc.message,
                "Fix VAGAL_CRISIS_RESOURCES_FILE or unset it.",
            )
        ]
    return []
