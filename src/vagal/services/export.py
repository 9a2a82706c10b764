"""A person's full export: everything that belongs to them, as JSON or as CSV files in a zip.

The tables are found from the metadata (every table with a foreign key to ``users.id``), so a
table added later is exported without changing this module. Format (see docs/export.md)::

    {"format": "vagal-export", "version": 1, "schema_revision": "0003",
     "exported_at": "...", "account": {"email", "timezone", "created_at"},
     "tables": {"checkins": [{...}, ...], ...}}

Values: datetimes as ISO-8601 in UTC, dates as ISO dates, an RR series (``rr_blob``) as the
array ``rr_ms`` of milliseconds, any other binary column as base64. The owner column is left
out (the export is one person's); row ids are kept so references between rows
(``import_id``, ``moment_id``, ``recording_ids``, ``custom:<id>``) can be followed and remapped.
The JSON is written as a stream, table by table and row by row.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Column, Date, LargeBinary, Table
from sqlalchemy.orm import Session

from vagal.services.accounts import Account
from vagal.services.recordings import decode_rr
from vagal.storage import migrate
from vagal.storage.repositories import personal_data as repo
from vagal.storage.repositories import users as users_repo
from vagal.storage.rows import UTCDateTime

FORMAT = "vagal-export"
FORMAT_VERSION = 1

# Tables left out on purpose, with the reason (the coverage test reads this).
EXCLUDED_TABLES: dict[str, str] = {
    "users": "exported as `account` (email, time zone, created); never the password hash",
    "login_failures": "holds no user id, only a hash of an email, kept briefly for throttling",
    "api_tokens": "secrets: only their hashes are stored; create new tokens after a restore",
}
# Binary columns holding an RR series: exported as an array of milliseconds under a new name.
RR_COLUMNS: dict[tuple[str, str], str] = {("recordings", "rr_blob"): "rr_ms"}
# References to other rows that are not foreign keys: a JSON list of ids, or "prefix<id>".
ID_LIST_REFERENCES: dict[tuple[str, str], str] = {
    ("resonance_assessments", "recording_ids"): "recordings",
}
# Columns copied from another column of the same row: left out, and derived again on restore.
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "recordings": ("ln_rmssd", "mean_hr_bpm", "quality"),  # from `metrics`
}
# Database schema revisions whose exports this vagal restores: its own, and older ones, with the
# columns added since (an export of that revision lacks them; a restore leaves them empty).
RESTORABLE_REVISIONS: dict[str, frozenset[tuple[str, str]]] = {
    "0003": frozenset({("profiles", "session_minutes_set_at")}),
    "0004": frozenset(),
}
PREFIXED_REFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("practice_logs", "practice_id"): ("custom:", "custom_practices"),
    ("moments", "suggested_practice_id"): ("custom:", "custom_practices"),
}


def schema_revision() -> str:
    return migrate.heads()[0]


def exported_tables() -> list[Table]:
    """The tables in an export, parents before children."""
    return [t for t in repo.personal_tables() if t.name not in EXCLUDED_TABLES]


def exported_columns(table: Table) -> list[Column[Any]]:
    """The columns of ``table`` an export holds: all but the owner and the derived ones."""
    owner = repo.owner_column(table)
    derived = DERIVED_COLUMNS.get(table.name, ())
    return [
        c
        for c in table.columns
        if (owner is None or c.name != owner.name) and c.name not in derived
    ]


def _encode_value(table: Table, name: str, value: Any) -> tuple[str, Any]:
    column = table.c[name]
    if value is None:
        return RR_COLUMNS.get((table.name, name), name), None
    if (table.name, name) in RR_COLUMNS:
        return RR_COLUMNS[(table.name, name)], decode_rr(value).tolist()
    if isinstance(column.type, UTCDateTime) and isinstance(value, datetime):
        return name, value.isoformat()
    if isinstance(column.type, Date) and isinstance(value, date):
        return name, value.isoformat()
    if isinstance(column.type, LargeBinary):
        return name, base64.b64encode(value).decode("ascii")
    return name, value


def encode_row(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """One row as JSON-ready values, without its owner column."""
    out: dict[str, Any] = {}
    for column in exported_columns(table):
        key, value = _encode_value(table, column.name, row[column.name])
        out[key] = value
    return out


def account_section(session: Session, account: Account) -> dict[str, Any]:
    row = users_repo.get_user(session, account.id)
    created = row.created_at.isoformat() if row is not None else None
    return {"email": account.email, "timezone": account.timezone, "created_at": created}


def header(session: Session, account: Account, *, now: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_revision": schema_revision(),
        "exported_at": now.isoformat(),
        "account": account_section(session, account),
    }


def iter_rows(session: Session, account: Account, table: Table) -> Iterator[dict[str, Any]]:
    for row in repo.iter_rows(session, table, account.id):
        yield encode_row(table, row)


def iter_json(session: Session, account: Account, *, now: datetime) -> Iterator[str]:
    """The export as JSON text, in chunks (one row at a time): memory stays flat."""
    head = json.dumps(header(session, account, now=now), ensure_ascii=False)
    yield head[:-1] + ', "tables": {'
    for t_index, table in enumerate(exported_tables()):
        yield ("," if t_index else "") + f"\n{json.dumps(table.name)}: ["
        for r_index, row in enumerate(iter_rows(session, account, table)):
            yield ("," if r_index else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "]"
    yield "\n}}\n"


def write_json(session: Session, account: Account, stream: IO[str], *, now: datetime) -> None:
    for chunk in iter_json(session, account, now=now):
        stream.write(chunk)


def export_dict(session: Session, account: Account, *, now: datetime) -> dict[str, Any]:
    """The whole export as one dictionary (convenient for tests and small accounts)."""
    data: dict[str, Any] = json.loads("".join(iter_json(session, account, now=now)))
    return data


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_zip(session: Session, account: Account, target: IO[bytes], *, now: datetime) -> None:
    """One CSV per table (header row first; lists and objects as JSON text) plus a manifest."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        manifest = header(session, account, now=now)
        manifest["files"] = [f"{t.name}.csv" for t in exported_tables()]
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        for table in exported_tables():
            names = [RR_COLUMNS.get((table.name, c.name), c.name) for c in exported_columns(table)]
            with archive.open(f"{table.name}.csv", "w") as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                writer = csv.writer(text)
                writer.writerow(names)
                for row in iter_rows(session, account, table):
                    writer.writerow([_csv_cell(row[name]) for name in names])
                text.flush()
                text.detach()
