"""Settings: typed, validated at start-up, built by a factory (never at import).

Every setting is read from the environment with the ``VAGAL_`` prefix (see docs/configuration.md).
Local SQLite use needs no configuration at all: the data directory defaults to ``./var`` and a
secret key is generated once and kept there. A PostgreSQL deployment must set ``VAGAL_SECRET_KEY``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from vagal.errors import ConfigurationError

SECRET_FILE_NAME = "secret_key"
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """All of vagal's configuration. Field docs are the user-facing documentation."""

    model_config = SettingsConfigDict(env_prefix="VAGAL_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty means SQLite in the data directory (vagal.sqlite3). "
        "PostgreSQL: postgresql+psycopg://user:password@host/dbname.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs session cookies. Required for PostgreSQL; generated for local SQLite.",
    )
    data_dir: Path = Field(default=Path("var"), description="Where vagal keeps its files.")
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The address people use to reach vagal; https makes cookies Secure.",
    )
    locale: str = Field(
        default="en", description="Language and crisis-resource region, e.g. en, en-GB."
    )
    host: str = Field(default="127.0.0.1", description="Address `vagal serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `vagal serve` listens on.")
    password_hashing: Literal["standard", "fast-insecure-for-tests"] = Field(
        default="standard",
        description="argon2id cost profile. Only the test suite uses the fast profile.",
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed logins for one email before a pause."
    )
    login_lockout_minutes: int = Field(
        default=15, ge=1, description="How long the pause after repeated failed logins lasts."
    )
    session_max_age_days: int = Field(default=14, ge=1, description="How long a login lasts.")
    max_upload_mb: int = Field(
        default=2048, ge=1, description="Largest file an upload or import may be, in MB."
    )
    crisis_resources_file: Path | None = Field(
        default=None,
        description="Optional JSON file replacing the built-in crisis resources, keyed by locale.",
    )

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'vagal.sqlite3').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def cookies_secure(self) -> bool:
        return self.base_url.startswith("https://")


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment (and explicit overrides), then make them usable.

    For SQLite without a secret key, a key is generated once and stored in the data directory.
    For any other database a missing or short secret is a configuration error.
    """
    settings = Settings(**overrides)  # type: ignore[arg-type]
    return ensure_secret(settings)


def ensure_secret(settings: Settings) -> Settings:
    if settings.secret_key is not None:
        if len(settings.secret_key.get_secret_value()) < MIN_SECRET_LENGTH:
            raise ConfigurationError(
                f"VAGAL_SECRET_KEY is too short: use at least {MIN_SECRET_LENGTH} characters, "
                'for example the output of `python -c "import secrets; print(secrets.token_urlsafe(48))"`.',
                code="secret_too_short",
            )
        return settings
    if not settings.is_sqlite:
        raise ConfigurationError(
            "VAGAL_SECRET_KEY is not set. A PostgreSQL deployment needs an explicit secret shared by "
            "every app server; set VAGAL_SECRET_KEY to a long random string and start again.",
            code="secret_missing",
        )
    return settings.model_copy(update={"secret_key": SecretStr(_local_secret(settings.data_dir))})


def _local_secret(data_dir: Path) -> str:
    """Read the generated secret from the data directory, creating it (mode 0600) the first time."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
