"""One client-id rule and one store-once path for every log a device may send twice."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import Clock, Persona
from vagal.core.checkin import NervousSystemState
from vagal.errors import InvalidInput
from vagal.services import moments, practices
from vagal.services.idempotency import MAX_CLIENT_ID_LENGTH, check_client_id
from vagal.services.moments import MomentInput
from vagal.services.practices import PracticeLogInput
from vagal.storage.db import Database
from vagal.storage.repositories import moments as moments_repo
from vagal.storage.repositories import practices as practices_repo
from vagal.storage.rows import MomentRow, PracticeLogRow


@pytest.mark.parametrize(
    "raw", ["x2", "  4f1c2e9a-uuid  ", "a" * MAX_CLIENT_ID_LENGTH, "tab:1.2_x"]
)
def test_reasonable_client_ids_are_accepted(raw: str) -> None:
    assert check_client_id(raw) == raw.strip()


@pytest.mark.parametrize(
    "raw", ["", "   ", "no spaces allowed", "a" * (MAX_CLIENT_ID_LENGTH + 1), "é-accent", "a\nb"]
)
def test_odd_client_ids_get_a_clear_error(raw: str) -> None:
    with pytest.raises(InvalidInput, match="client_id should be") as error:
        check_client_id(raw)
    assert error.value.details["field"] == "client_id"


def test_no_client_id_is_allowed_where_it_is_optional() -> None:
    assert check_client_id(None) is None


def _count(db: Database, row: Any) -> int:
    with db.session(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(row)) or 0)


def _late(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[str]:
    """The first look-up sees nothing (the racing request looked before the first committed)."""
    real = getattr(module, name)
    calls: list[str] = []

    def late(session: Any, user_id: int, client_id: str) -> Any:
        calls.append(client_id)
        return None if len(calls) == 1 else real(session, user_id, client_id)

    monkeypatch.setattr(module, name, late)
    return calls


def test_a_practice_log_arriving_twice_at_once_is_stored_once(
    db: Database, client_persona: Persona, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = client_persona.account
    log = PracticeLogInput("orienting", planned_minutes=3, done_s=180, client_id="racing-log")
    with db.session(write=True) as s:
        first, created = practices.log_practice(s, account, log, now=clock.now)
    assert created
    calls = _late(monkeypatch, practices_repo, "get_log_by_client_id")
    with db.session(write=True) as s:
        again, created = practices.log_practice(s, account, log, now=clock.now)
    assert not created and again.id == first.id and len(calls) == 2
    assert _count(db, PracticeLogRow) == 1


def test_a_moment_arriving_twice_at_once_is_stored_once(
    db: Database, client_persona: Persona, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = client_persona.account
    moment = MomentInput(NervousSystemState.ACTIVATED, client_id="racing-moment")
    with db.session(write=True) as s:
        first, _, created = moments.open_moment(s, account, moment, now=clock.now)
    assert created
    calls = _late(monkeypatch, moments_repo, "get_by_client_id")
    with db.session(write=True) as s:
        again, _, created = moments.open_moment(s, account, moment, now=clock.now)
    assert not created and again.id == first.id and len(calls) == 2
    assert _count(db, MomentRow) == 1
