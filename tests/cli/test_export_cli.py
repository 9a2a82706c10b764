"""`vagal export`, `vagal restore`, `vagal demo` and `vagal user delete`."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from tests.cli.test_cli import create_user, env  # noqa: F401 - the fixture
from tests.services.test_erasure import rows_referring_to
from vagal.cli.main import app
from vagal.services.accounts import account_by_email
from vagal.storage.db import Database

runner = CliRunner()


def test_demo_export_restore_and_delete(env: dict[str, str], db: Database, tmp_path: Path) -> None:  # noqa: F811
    create_user("demo@example.org")
    create_user("moved@example.org")
    filled = runner.invoke(
        app, ["demo", "--user", "demo@example.org", "--days", "30", "--seed", "4"]
    )
    assert filled.exit_code == 0, filled.output
    assert "30 check-ins" in filled.stdout
    assert "http://127.0.0.1:8000" in filled.stdout.replace("\n", "")
    again = runner.invoke(app, ["demo", "--user", "demo@example.org", "--days", "30"])
    assert again.exit_code == 1
    assert "already has check-ins" in again.stderr and "--replace" in again.stderr
    replaced = runner.invoke(
        app, ["demo", "--user", "demo@example.org", "--days", "30", "--seed", "4", "--replace"]
    )
    assert replaced.exit_code == 0, replaced.output

    out = tmp_path / "export.json"
    done = runner.invoke(app, ["export", "--user", "demo@example.org", "--out", str(out)])
    assert done.exit_code == 0, done.output
    data = json.loads(out.read_text())
    assert len(data["tables"]["checkins"]) == 30
    zipped = tmp_path / "export.zip"
    done = runner.invoke(
        app, ["export", "--user", "demo@example.org", "--out", str(zipped), "--format", "zip"]
    )
    assert done.exit_code == 0, done.output
    assert "checkins.csv" in zipfile.ZipFile(zipped).namelist()
    bad = runner.invoke(
        app, ["export", "--user", "demo@example.org", "--out", str(zipped), "--format", "pdf"]
    )
    assert bad.exit_code == 1 and "Use json or zip" in bad.stderr

    restored = runner.invoke(app, ["restore", str(out), "--user", "moved@example.org"])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.stderr
    twice = runner.invoke(app, ["restore", str(out), "--user", "moved@example.org"])
    assert twice.exit_code == 1 and "already holds data" in twice.stderr
    missing = runner.invoke(app, ["restore", str(tmp_path / "nope.json"), "--user", "x@y.org"])
    assert missing.exit_code == 1 and "There is no file" in missing.stderr

    with db.session(write=False) as session:
        account = account_by_email(session, "demo@example.org")
    assert account is not None
    declined = runner.invoke(app, ["user", "delete", "--user", "demo@example.org"], input="n\n")
    assert declined.exit_code == 1
    assert rows_referring_to(db, account)["checkins"] == 30
    deleted = runner.invoke(app, ["user", "delete", "--user", "demo@example.org", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert sum(rows_referring_to(db, account).values()) == 0
    with db.session(write=False) as session:
        assert account_by_email(session, "moved@example.org") is not None
