from __future__ import annotations

import json
from datetime import UTC, datetime

from typer.testing import CliRunner

from tests.cli.test_cli import create_user, env  # noqa: F401 (fixture)
from tests.services.strength_support import ready
from vagal.cli import common
from vagal.cli.main import app
from vagal.storage.db import Database

runner = CliRunner()


def test_session_next_shows_todays_session_and_list_starts_empty(
    env: dict[str, str],  # noqa: F811
    db: Database,
) -> None:
    create_user()
    user = ["--user", "cli@example.org"]
    missing = runner.invoke(app, ["session", "next", *user])
    assert missing.exit_code == 1
    assert "There is no check-in for" in missing.stderr
    runner.invoke(app, ["checkin", "add", *user, "--distress", "2", "--state", "settled"])
    not_yet = runner.invoke(app, ["session", "next", *user])
    assert not_yet.exit_code == 0, not_yet.output
    assert "not a strength session" in not_yet.stdout  # the readiness questions come first
    with db.session(write=False) as session:
        account = common.account(session, "cli@example.org")
    ready(db, account, datetime.now(UTC), minutes=10)
    shown = runner.invoke(app, ["session", "next", *user])
    assert shown.exit_code == 0, shown.output
    assert "Gentle strength" in shown.stdout and "Arrive" in shown.stdout
    assert "stopping is a good choice" in shown.stdout
    body = json.loads(runner.invoke(app, ["session", "next", *user, "--json"]).stdout)
    assert body["available"] is True
    assert body["session"]["steps"][0]["kind"] in ("breath", "grounding")
    listed = runner.invoke(app, ["session", "list", *user])
    assert listed.exit_code == 0 and "No strength sessions logged yet." in listed.stdout
    assert json.loads(runner.invoke(app, ["session", "list", *user, "--json"]).stdout) == []
