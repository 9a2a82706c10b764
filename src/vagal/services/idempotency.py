"""Logs that a browser or app may send more than once (a retry after a dropped connection, two
tabs): each carries a ``client_id`` made once on the device, unique per person in its table.

One rule for what a client id may look like, and one way to store a row once: inside a
savepoint, so when the same id arrives twice at the same moment the second insert fails alone
and the first row is returned, while the surrounding transaction carries on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar, overload

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vagal.errors import InvalidInput

MAX_CLIENT_ID_LENGTH = 64
_CLIENT_ID = re.compile(rf"^[A-Za-z0-9._:-]{{1,{MAX_CLIENT_ID_LENGTH}}}$")

Row = TypeVar("Row")


@overload
def check_client_id(client_id: str) -> str: ...
@overload
def check_client_id(client_id: None) -> None: ...
@overload
def check_client_id(client_id: str | None) -> str | None: ...
def check_client_id(client_id: str | None) -> str | None:
    """The client id, trimmed; ``None`` when none was sent. Anything else is a clear error."""
    if client_id is None:
        return None
    clean = client_id.strip()
    if not _CLIENT_ID.match(clean):
        raise InvalidInput(
            f"client_id should be 1 to {MAX_CLIENT_ID_LENGTH} letters, digits, '-', '_', '.' or "
            "':' (a random id the app makes once per log, e.g. a UUID, so a re-send is not "
            "stored twice).",
            details={"field": "client_id"},
        )
    return clean


def add_once(session: Session, row: Row, stored: Callable[[], Row | None]) -> tuple[Row, bool]:
    """Insert ``row``; returns it and ``True``, or, when its client id is already taken (a
    concurrent re-send), the row stored first (``stored()``) and ``False``."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        first = stored()
        if first is None:
            raise
        return first, False
    return row, True
