"""The full export and restoring it: coverage of every table, round trip, refusals."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import make_account
from tests.services.personal_data import NOW, fill_everything
from vagal.errors import Conflict, InvalidInput
from vagal.services import export, restore
from vagal.services.accounts import Account
from vagal.storage import migrate
from vagal.storage.db import Database
from vagal.storage.repositories import personal_data
from vagal.storage.rows import Base, CheckinRow, RecordingRow


def test_every_table_that_can_hold_a_persons_data_is_exported_or_excluded() -> None:
    """A new table must be exported (it names its owner) or be excluded on purpose."""
    exported = {t.name for t in export.exported_tables()}
    for table in Base.metadata.sorted_tables:
        if table.name in export.EXCLUDED_TABLES:
            continue
        # Any table that refers to users (or to a table of the person's) must name its owner.
        refers = {fk.column.table.name for fk in table.foreign_keys}
        assert refers, f"{table.name}: no owner column and not in export.EXCLUDED_TABLES"
        assert personal_data.owner_column(table) is not None, (
            f"{table.name} refers to {sorted(refers)} but has no foreign key to users.id: "
            "give it a user_id, or add it to export.EXCLUDED_TABLES with the reason"
        )
        assert table.name in exported
    # Excluded tables hold secrets or no user id (never a real table forgotten by a typo).
    assert set(export.EXCLUDED_TABLES) <= set(Base.metadata.tables)
    assert {"checkins", "recordings", "moments", "practice_logs", "profiles"} <= exported


def _export(db: Database, account: Account) -> dict[str, Any]:
    with db.session(write=False, snapshot=True) as session:
        return export.export_dict(session, account, now=NOW)


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """The export with row ids replaced by positions (references followed)."""
    out = copy.deepcopy(data)
    out.pop("exported_at")
    out["account"].pop("email")
    out["account"].pop("created_at")
    tables = out["tables"]
    positions = {
        name: {row["id"]: i for i, row in enumerate(rows) if "id" in row}
        for name, rows in tables.items()
    }
    by_name = {t.name: t for t in export.exported_tables()}
    for name, rows in tables.items():
        table = by_name[name]
        for row in rows:
            if "id" in row:
                row["id"] = positions[name][row["id"]]
            for column in table.columns:
                for fk in column.foreign_keys:
                    target = fk.column.table.name
                    if target != "users" and row.get(column.name) is not None:
                        row[column.name] = positions[target][row[column.name]]
            ref = export.ID_LIST_REFERENCES.get((name, "recording_ids"))
            if ref is not None:
                row["recording_ids"] = [positions[ref][i] for i in row["recording_ids"]]
            for (t, c), (prefix, target) in export.PREFIXED_REFERENCES.items():
                value = row.get(c)
                if t == name and isinstance(value, str) and value.startswith(prefix):
                    row[c] = f"{prefix}#{positions[target][int(value[len(prefix) :])]}"
    return out


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Database]:
    """A second, brand-new database (a "fresh instance")."""
    database = Database.from_url(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    migrate.upgrade(database.engine, now=NOW, backup=False)
    yield database
    database.dispose()


def test_export_holds_every_kind_of_data_in_plain_values(db: Database) -> None:
    person = make_account(db, "person@example.org", timezone="Europe/Berlin")
    other = make_account(db, "other@example.org")
    fill_everything(db, person)
    fill_everything(db, other, seed=9)
    data = _export(db, person)
    assert data["format"] == "vagal-export"
    assert data["version"] == export.FORMAT_VERSION
    assert data["schema_revision"] == migrate.heads()[0]
    # A new migration must say which of its columns an older export lacks.
    assert migrate.heads()[0] in export.RESTORABLE_REVISIONS
    assert data["account"]["email"] == "person@example.org"
    assert data["account"]["timezone"] == "Europe/Berlin"
    assert "password_hash" not in json.dumps(data)
    assert all(rows for rows in data["tables"].values()), "every table has rows in this test"
    checkin = data["tables"]["checkins"][0]
    assert "user_id" not in checkin
    assert datetime.fromisoformat(checkin["created_at"]).utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    recording = data["tables"]["recordings"][0]
    assert "rr_blob" not in recording
    assert all(200 < ms < 2500 for ms in recording["rr_ms"])
    assert len(recording["rr_ms"]) == recording["n_beats"]
    with db.session(write=False) as session:
        mine = session.scalar(
            select(func.count()).select_from(CheckinRow).where(CheckinRow.user_id == person.id)
        )
    assert len(data["tables"]["checkins"]) == mine  # only the person's rows, all of them


def test_round_trip_into_a_fresh_instance_reproduces_the_data(
    db: Database, fresh_db: Database
) -> None:
    person = make_account(db, "person@example.org", timezone="Europe/Berlin")
    make_account(db, "other@example.org")
    fill_everything(db, person)
    first = _export(db, person)
    # Through a file, as a person would move it.
    text = "".join(_iter_json(db, person))
    assert json.loads(text) == first
    newcomer = make_account(fresh_db, "moved@example.org")
    with fresh_db.session(write=True) as session:
        counts = restore.restore(session, newcomer, restore.load(io.StringIO(text)), now=NOW)
    assert counts == {name: len(rows) for name, rows in first["tables"].items()}
    moved = Account(newcomer.id, newcomer.email, "Europe/Berlin", newcomer.session_version)
    second = _export(fresh_db, moved)
    assert second["account"]["timezone"] == "Europe/Berlin"
    assert _normalise(second) == _normalise(first)
    # The RR series come back bit for bit.
    with db.session(write=False) as s1, fresh_db.session(write=False) as s2:
        blobs1 = s1.scalars(
            select(RecordingRow.rr_blob)
            .where(RecordingRow.user_id == person.id)
            .order_by(RecordingRow.started_at)
        ).all()
        blobs2 = s2.scalars(select(RecordingRow.rr_blob).order_by(RecordingRow.started_at)).all()
    assert blobs1 == blobs2


def _iter_json(db: Database, account: Account) -> Iterator[str]:
    with db.session(write=False, snapshot=True) as session:
        yield from export.iter_json(session, account, now=NOW)


def test_restore_remaps_ids_when_they_are_taken(db: Database) -> None:
    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    data = _export(db, person)
    newcomer = make_account(db, "newcomer@example.org")
    with db.session(write=True) as session:
        restore.restore(session, newcomer, data, now=NOW)
    again = _export(db, newcomer)
    assert _normalise(again)["tables"] == _normalise(data)["tables"]
    old_ids = {r["id"] for r in data["tables"]["moments"]}
    assert not old_ids & {r["id"] for r in again["tables"]["moments"]}
    linked = [r for r in again["tables"]["practice_logs"] if r["moment_id"] is not None]
    assert linked and {r["moment_id"] for r in linked} <= {
        r["id"] for r in again["tables"]["moments"]
    }
    custom_id = again["tables"]["custom_practices"][0]["id"]
    assert f"custom:{custom_id}" in {r["practice_id"] for r in again["tables"]["practice_logs"]}


def _count_all(db: Database, account: Account) -> int:
    with db.session(write=False) as session:
        return sum(
            personal_data.count_rows(session, t, account.id) for t in export.exported_tables()
        )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something-else"}, "not a vagal export"),
        ({"version": export.FORMAT_VERSION + 1}, "made by a newer vagal"),
        ({"version": "one"}, "no valid format version"),
        ({"schema_revision": "0002"}, "schema revision '0002'"),
        ({"tables": {"mystery": []}}, "a table this vagal does not know (mystery)"),
    ],
)
def test_another_format_version_or_schema_is_refused_storing_nothing(
    db: Database, change: dict[str, Any], message: str
) -> None:
    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    data = _export(db, person) | change
    newcomer = make_account(db, "newcomer@example.org", timezone="Asia/Tokyo")
    with pytest.raises(InvalidInput, match=re.escape(message)), db.session(write=True) as session:
        restore.restore(session, newcomer, data, now=NOW)
    assert _count_all(db, newcomer) == 0


@pytest.mark.parametrize(
    ("table", "key", "value", "message"),
    [
        ("practice_logs", "local_date", "last tuesday", "is not a valid Date value"),
        ("practice_logs", "started_at", "2026-03-01T10:00:00", "is not a valid UTCDateTime"),
        ("practice_logs", "done_s", "long", "does not fit"),
        ("practice_logs", "moment_id", 987654, "refers to moments row 987654"),
        ("recordings", "rr_ms", ["a"], "not a list of milliseconds"),
        ("recordings", "metrics", [3.1], "metrics: it is not an object of metrics"),
        ("recordings", "ln_rmssd", 3.1, "does not know that field"),  # derived, never exported
        ("checkins", "mood", 3, "does not know that field"),
        ("checkins", "local_date", None, "must have a value"),
    ],
)
def test_a_corrupt_row_in_the_middle_stores_nothing(
    db: Database, table: str, key: str, value: Any, message: str
) -> None:
    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    data = _export(db, person)
    rows = data["tables"][table]
    rows[len(rows) // 2][key] = value
    newcomer = make_account(db, "newcomer@example.org", timezone="Asia/Tokyo")
    with (
        pytest.raises(InvalidInput, match=re.escape(message)) as caught,
        db.session(write=True) as session,
    ):
        restore.restore(session, newcomer, data, now=NOW)
    assert caught.value.details["field"].startswith(f"tables.{table}[{len(rows) // 2}]")
    assert "Nothing was restored" in caught.value.message
    assert _count_all(db, newcomer) == 0
    with db.session(write=False) as session:
        from vagal.services.accounts import get_account

        kept = get_account(session, newcomer.id)
    assert kept is not None and kept.timezone == "Asia/Tokyo"  # not changed either


def test_restoring_into_an_account_with_data_is_refused(db: Database) -> None:
    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    data = _export(db, person)
    before = _count_all(db, person)
    with (
        pytest.raises(Conflict, match="already holds data") as caught,
        db.session(write=True) as session,
    ):
        restore.restore(session, person, data, now=NOW)
    assert caught.value.code == "account_not_empty"
    assert _count_all(db, person) == before


def test_a_file_that_is_not_json_is_refused_clearly() -> None:
    with pytest.raises(InvalidInput, match="not valid JSON"):
        restore.load(io.StringIO("<html>"))
    with pytest.raises(InvalidInput, match="not a vagal export"):
        restore.load(io.StringIO("[1, 2]"))


def test_zip_export_has_one_csv_per_table_with_a_header(db: Database) -> None:
    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    data = _export(db, person)
    buffer = io.BytesIO()
    with db.session(write=False, snapshot=True) as session:
        export.write_zip(session, person, buffer, now=datetime(2026, 3, 10, tzinfo=UTC))
    with zipfile.ZipFile(buffer) as archive:
        names = set(archive.namelist())
        assert names == {"manifest.json"} | {f"{t}.csv" for t in data["tables"]}
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "vagal-export"
        for name, rows in data["tables"].items():
            with archive.open(f"{name}.csv") as raw:
                table = list(csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
            assert table[0] == list(rows[0].keys())
            assert len(table) == len(rows) + 1
        logs = list(csv.DictReader(io.TextIOWrapper(archive.open("practice_logs.csv"), "utf-8")))
        recordings = list(csv.DictReader(io.TextIOWrapper(archive.open("recordings.csv"), "utf-8")))
    assert 'a "quoted", comma note\nwith a new line' in {row["note"] for row in logs}
    assert json.loads(recordings[0]["rr_ms"]) == data["tables"]["recordings"][0]["rr_ms"]


def test_onboarding_answers_of_a_new_account_are_replaced_not_refused(db: Database) -> None:
    from vagal.services import profile

    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    data = _export(db, person)
    newcomer = make_account(db, "newcomer@example.org")
    with db.session(write=True) as session:
        profile.save_screening(
            session,
            newcomer,
            dict.fromkeys(data["tables"]["profiles"][0]["screening_answers"], True),
            clinician_clearance=False,
            now=NOW,
        )
    with db.session(write=True) as session:
        restore.restore(session, newcomer, data, now=NOW)
    again = _export(db, newcomer)
    assert again["tables"]["profiles"] == data["tables"]["profiles"]
