from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.cli.test_cli import create_user, env  # noqa: F401 (fixture)
from vagal.cli.main import app

runner = CliRunner()


def test_plan_today_needs_a_checkin_then_explains_itself(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    create_user()
    missing = runner.invoke(app, ["plan", "today", "--user", "cli@example.org"])
    assert missing.exit_code == 1
    assert "There is no check-in for" in missing.stderr
    runner.invoke(app, ["checkin", "add", "--user", "cli@example.org", "--distress", "8"])
    shown = runner.invoke(app, ["plan", "today", "--user", "cli@example.org"])
    assert shown.exit_code == 0, shown.output
    assert "A regulation practice" in shown.stdout
    assert "Why:" in shown.stdout
    as_json = runner.invoke(app, ["plan", "today", "--user", "cli@example.org", "--json"])
    body = json.loads(as_json.stdout)
    assert body["kind"] == "regulation_only"
    assert {"R1.distress"} <= {r["rule"] for r in body["reasons"]}
    ics = tmp_path / "week.ics"
    week = runner.invoke(
        app,
        ["plan", "week", "--user", "cli@example.org", "--start", "2026-03-09", "--ics", str(ics)],
    )
    assert week.exit_code == 0, week.output
    assert ics.read_text().count("BEGIN:VEVENT") == 7
    bad_start = runner.invoke(app, ["plan", "week", "--user", "cli@example.org", "--start", "Mon"])
    assert bad_start.exit_code == 1
    assert "--start 'Mon' is not a date" in bad_start.stderr
    nobody = runner.invoke(app, ["plan", "today", "--user", "nobody@example.org"])
    assert nobody.exit_code == 1
    assert "There is no account with the email nobody@example.org" in nobody.stderr
