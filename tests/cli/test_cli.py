"""The `vagal` command line against a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import PASSWORD
from vagal.cli.main import app
from vagal.settings import Settings
from vagal.storage.db import Database

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "VAGAL_DATABASE_URL": settings.resolved_database_url,
        "VAGAL_DATA_DIR": str(settings.data_dir),
        "VAGAL_SECRET_KEY": settings.secret_key.get_secret_value() if settings.secret_key else "",
        "VAGAL_PASSWORD_HASHING": "fast-insecure-for-tests",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def create_user(email: str = "cli@example.org") -> None:
    result = runner.invoke(
        app, ["user", "create", "--email", email, "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output


def test_user_token_and_checkin(env: dict[str, str]) -> None:
    create_user()
    token = runner.invoke(app, ["token", "create", "--email", "cli@example.org"])
    assert token.exit_code == 0
    assert token.stdout.strip().startswith("vgl_")
    assert len(token.stdout.strip().splitlines()) == 1  # the token and nothing else
    args = ["checkin", "add", "--user", "cli@example.org", "--date", "2026-01-05"]
    args += ["--distress", "4", "--signal", "headache", "--tag", "Work", "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"local_date": "2026-01-05", "created": True}
    second = runner.invoke(app, args)
    assert json.loads(second.stdout)["created"] is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--distress", "11"], "Distress must be between 0 and 10"),
        (["--signal", "sweaty"], "'sweaty' is not a body signal"),
        (["--date", "5 Jan"], "is not a date"),
        (["--date", "2999-01-01"], "in the future"),
        (["--state", "calm"], "not a nervous-system state"),
        (["--health", "flu"], "'flu' is not something vagal asks about"),
        (["--last-session-landed", "great"], "not a way a session can land"),
    ],
)
def test_bad_checkin_values_exit_non_zero_with_a_message(
    env: dict[str, str], extra: list[str], message: str
) -> None:
    create_user()
    result = runner.invoke(app, ["checkin", "add", "--user", "cli@example.org", *extra])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unknown_user_and_duplicate_user(env: dict[str, str]) -> None:
    missing = runner.invoke(app, ["token", "create", "--email", "nobody@example.org"])
    assert missing.exit_code == 1
    assert "There is no account with the email" in missing.stderr
    create_user()
    again = runner.invoke(
        app, ["user", "create", "--email", "cli@example.org", "--password-stdin"], input=PASSWORD
    )
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_db_upgrade_and_doctor_on_a_fresh_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAGAL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("VAGAL_DATABASE_URL", raising=False)
    monkeypatch.delenv("VAGAL_SECRET_KEY", raising=False)
    before = runner.invoke(app, ["doctor"])
    assert before.exit_code == 1
    assert "VAGAL007" in before.stdout
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    after = runner.invoke(app, ["doctor"])
    assert after.exit_code == 0, after.stdout
    assert "VAGAL000" in after.stdout
    schema_missing = runner.invoke(
        app,
        ["user", "create", "--email", "a@example.org", "--password-stdin"],
        input=PASSWORD,
        env={"VAGAL_DATA_DIR": str(tmp_path / "empty")},
    )
    assert schema_missing.exit_code == 1
    assert "Run `vagal db upgrade` first" in schema_missing.stderr
