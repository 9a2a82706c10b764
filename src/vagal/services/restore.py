"""Restore a vagal JSON export into an empty account (all or nothing).

The caller owns the transaction: any problem raises before the block commits, so a refused or
broken export stores nothing. Only an export of the same format version or older, from a
database schema revision this vagal reads (``RESTORABLE_REVISIONS``: columns added since that
revision are left empty), is accepted. Rows get new ids; every reference between rows (foreign
keys such as ``import_id`` and ``moment_id``, the id list ``recording_ids``, ``custom:<id>``
practice ids) is remapped to the new ids; derived columns are computed again. The account's
time zone is set to the exported one; its email and password stay as they are. The account
must be empty, apart from onboarding answers (``profiles``), which the exported ones replace.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.schema import sort_tables

from vagal.errors import Conflict, InvalidInput
from vagal.services import accounts
from vagal.services.accounts import Account
from vagal.services.export import (
    DERIVED_COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    ID_LIST_REFERENCES,
    PREFIXED_REFERENCES,
    RESTORABLE_REVISIONS,
    RR_COLUMNS,
    exported_columns,
    exported_tables,
    schema_revision,
)
from vagal.services.recordings import encode_rr
from vagal.storage.repositories import personal_data as repo
from vagal.storage.rows import UTCDateTime, metric_columns

IdMaps = dict[str, dict[int, int]]

# Rows an otherwise empty account may already have and that a restore replaces: the onboarding
# answers a new account gives before it can restore anything.
REPLACEABLE_TABLES = frozenset({"profiles"})


class _RowProblem(Exception):
    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column = column
        self.problem = problem


def load(stream: IO[bytes] | IO[str]) -> dict[str, Any]:
    """Parse an export file, or explain why it is not one."""
    try:
        data = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"This file is not valid JSON ({exc}). Choose the .json file vagal's export made.",
            code="not_an_export",
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            "This file is not a vagal export (no export header). Choose the .json file vagal's "
            "export made.",
            code="not_an_export",
        )
    return data


def check_header(data: Mapping[str, Any]) -> None:
    """Refuse another format, a newer version or another schema revision, with the reason."""
    if data.get("format") != FORMAT:
        raise InvalidInput(
            f"This file is not a vagal export (its format is {data.get('format')!r}, expected "
            f"'{FORMAT}'). Nothing was restored.",
            code="not_an_export",
            details={"field": "format"},
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(
            "This export has no valid format version. Nothing was restored.",
            code="not_an_export",
            details={"field": "version"},
        )
    if version > FORMAT_VERSION:
        raise InvalidInput(
            f"This export was made by a newer vagal (format version {version}; this vagal reads "
            f"up to {FORMAT_VERSION}). Update vagal, then restore again. Nothing was restored.",
            code="export_too_new",
            details={"field": "version"},
        )
    revision = data.get("schema_revision")
    if revision != schema_revision() and revision not in RESTORABLE_REVISIONS:
        raise InvalidInput(
            f"This export comes from database schema revision {revision!r}, but this vagal is "
            f"at {schema_revision()!r}. Restore it with the vagal version that made it (then "
            "upgrade), or export again from an up-to-date vagal. Nothing was restored.",
            code="export_schema_mismatch",
            details={"field": "schema_revision"},
        )
    if not isinstance(data.get("tables"), dict) or not isinstance(data.get("account"), dict):
        raise InvalidInput(
            "This export lacks its `account` or `tables` section. Nothing was restored.",
            code="not_an_export",
            details={"field": "tables"},
        )


def _restore_order() -> list[Table]:
    tables = exported_tables()
    by_name = {t.name: t for t in tables}
    extra: list[tuple[Table, Table]] = []
    for (child, _), parent in ID_LIST_REFERENCES.items():
        extra.append((by_name[parent], by_name[child]))
    for (child, _), (_, parent) in PREFIXED_REFERENCES.items():
        extra.append((by_name[parent], by_name[child]))
    return list(sort_tables(tables, extra_dependencies=extra))


def _typed(column: Column[Any], value: Any) -> Any:
    """Check and convert one JSON value for ``column``; raise _RowProblem if it does not fit."""
    name = column.name
    if value is None:
        if not column.nullable:
            raise _RowProblem(name, "it is empty but must have a value")
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError
            return parsed
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, LargeBinary):
            return base64.b64decode(value, validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise _RowProblem(name, f"{value!r} is not a valid {type(kind).__name__} value") from None
    ok = True
    if isinstance(kind, Boolean):
        ok = isinstance(value, bool)
    elif isinstance(kind, Integer):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(kind, Float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif isinstance(kind, String | Text):
        length = getattr(kind, "length", None)
        ok = isinstance(value, str) and (length is None or len(value) <= length)
    elif isinstance(kind, JSON):
        ok = isinstance(value, list | dict | str | int | float | bool)
    if not ok:
        raise _RowProblem(name, f"{value!r} does not fit (expected {type(kind).__name__})")
    return value


def _remap(table: str, column: str, value: Any, target: str, maps: IdMaps) -> int:
    if not isinstance(value, int) or value not in maps.get(target, {}):
        raise _RowProblem(column, f"it refers to {target} row {value!r}, which is not in the file")
    return maps[target][value]


def _decode_row(
    table: Table, row: Any, maps: IdMaps, added: frozenset[tuple[str, str]] = frozenset()
) -> tuple[int | None, dict[str, Any]]:
    if not isinstance(row, dict):
        raise _RowProblem("-", "it is not an object")
    values: dict[str, Any] = {}
    old_id: int | None = None
    expected: set[str] = set()
    for column in exported_columns(table):
        key = RR_COLUMNS.get((table.name, column.name), column.name)
        expected.add(key)
        if key not in row and (table.name, column.name) in added:
            values[column.name] = None  # added after the export's schema revision
            continue
        if key not in row:
            raise _RowProblem(key, "it is missing")
        value = row[key]
        if column.primary_key:
            if not isinstance(value, int) or isinstance(value, bool):
                raise _RowProblem(key, f"{value!r} is not a row id")
            old_id = value
            continue
        if key != column.name:  # an RR series as milliseconds
            if not isinstance(value, list) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in value
            ):
                raise _RowProblem(key, "it is not a list of milliseconds")
            values[column.name] = encode_rr(value)
            continue
        value = _typed(column, value)
        if value is not None:
            for fk in column.foreign_keys:
                value = _remap(table.name, key, value, fk.column.table.name, maps)
            ref = ID_LIST_REFERENCES.get((table.name, column.name))
            if ref is not None:
                if not isinstance(value, list):
                    raise _RowProblem(key, "it is not a list of ids")
                value = [_remap(table.name, key, v, ref, maps) for v in value]
            prefixed = PREFIXED_REFERENCES.get((table.name, column.name))
            if prefixed is not None and str(value).startswith(prefixed[0]):
                prefix, target = prefixed
                raw = str(value)[len(prefix) :]
                if not raw.isdigit():
                    raise _RowProblem(key, f"{value!r} does not name a row")
                value = f"{prefix}{_remap(table.name, key, int(raw), target, maps)}"
        values[column.name] = value
    unknown = sorted(set(row) - expected)
    if unknown:
        raise _RowProblem(unknown[0], "this vagal does not know that field")
    if table.name in DERIVED_COLUMNS:
        values.update(_derived(table.name, values))
    return old_id, values


def _derived(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The ``DERIVED_COLUMNS`` of a restored row, computed as when the row was first stored."""
    assert table == "recordings", table
    metrics = values.get("metrics")
    if not isinstance(metrics, dict):
        raise _RowProblem("metrics", "it is not an object of metrics")
    return metric_columns(metrics)


def restore(
    session: Session, account: Account, data: Mapping[str, Any], *, now: datetime
) -> dict[str, int]:
    """Import ``data`` (a parsed export) into ``account``; returns rows restored per table."""
    check_header(data)
    added = RESTORABLE_REVISIONS.get(str(data["schema_revision"]), frozenset())
    tables: Mapping[str, Any] = data["tables"]
    known = {t.name for t in exported_tables()}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise InvalidInput(
            f"This export has a table this vagal does not know ({unknown[0]}). Nothing was "
            "restored.",
            code="export_schema_mismatch",
            details={"field": f"tables.{unknown[0]}"},
        )
    busy = [
        t.name
        for t in exported_tables()
        if t.name not in REPLACEABLE_TABLES and repo.count_rows(session, t, account.id) > 0
    ]
    if busy:
        raise Conflict(
            f"This account already holds data ({', '.join(busy)}). A restore only goes into an "
            "empty account, so nothing is mixed or overwritten: create a new account and restore "
            "into it. Nothing was restored.",
            code="account_not_empty",
        )
    zone = data["account"].get("timezone")
    if isinstance(zone, str) and zone != account.timezone:
        accounts.change_timezone(session, account, zone)
    maps: IdMaps = {}
    counts: dict[str, int] = {}
    for table in _restore_order():
        rows = tables.get(table.name, [])
        if not isinstance(rows, list):
            raise InvalidInput(
                f"The export's table {table.name} is not a list of rows. Nothing was restored.",
                details={"field": f"tables.{table.name}"},
            )
        owner = repo.owner_column(table)
        assert owner is not None
        if table.name in REPLACEABLE_TABLES and rows:
            repo.delete_rows(session, table, account.id)
        table_map = maps.setdefault(table.name, {})
        for index, row in enumerate(rows):
            where = f"tables.{table.name}[{index}]"
            try:
                old_id, values = _decode_row(table, row, maps, added)
                values[owner.name] = account.id
                new_id = repo.insert_row(session, table, values)
            except _RowProblem as exc:
                raise InvalidInput(
                    f"Row {index + 1} of {table.name} in the export cannot be read: "
                    f"{exc.column}: {exc.problem}. Nothing was restored.",
                    details={"field": f"{where}.{exc.column}"},
                ) from None
            except IntegrityError:
                raise InvalidInput(
                    f"Row {index + 1} of {table.name} in the export clashes with another row "
                    "(a duplicate or a broken reference). Nothing was restored.",
                    details={"field": where},
                ) from None
            if old_id is not None and isinstance(new_id, int):
                if old_id in table_map:
                    raise InvalidInput(
                        f"Row {index + 1} of {table.name} repeats the id {old_id}. Nothing was "
                        "restored.",
                        details={"field": f"{where}.id"},
                    )
                table_map[old_id] = new_id
        counts[table.name] = len(rows)
    return counts
