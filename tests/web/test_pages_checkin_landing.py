"""The check-in asks how yesterday's strength session landed only when there was one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from tests.web.test_pages import log_in
from vagal.storage.db import Database
from vagal.storage.rows import StrengthSessionRow

QUESTION = "How did it land?"


def add_session(db: Database, persona: Persona, day: date, minutes: int) -> None:
    with db.session(write=True) as s:
        s.add(
            StrengthSessionRow(
                user_id=persona.account.id,
                client_id=f"test-{day.isoformat()}",
                local_date=day,
                started_at=datetime(day.year, day.month, day.day, 17, tzinfo=UTC),
                length_minutes=minutes,
                felt="ok",
                created_at=datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
            )
        )


def test_no_landing_question_without_a_session_yesterday(
    app_client: TestClient, client_persona: Persona, db: Database, clock: Clock
) -> None:
    add_session(db, client_persona, date(2026, 3, 7), 10)  # three days ago: not asked
    log_in(app_client, client_persona.account.email)
    page = app_client.get("/checkin").text
    assert "last_session_landed" not in page


def test_landing_question_names_yesterdays_session(
    app_client: TestClient, client_persona: Persona, db: Database, clock: Clock
) -> None:
    add_session(db, client_persona, date(2026, 3, 9), 10)
    log_in(app_client, client_persona.account.email)
    page = app_client.get("/checkin").text
    assert "Yesterday you did 10 minutes of gentle strength. " + QUESTION in page
    assert page.count('name="last_session_landed"') == 3


def test_another_persons_session_is_not_asked_about(
    app_client: TestClient,
    client_persona: Persona,
    other_persona: Persona,
    db: Database,
    clock: Clock,
) -> None:
    add_session(db, other_persona, date(2026, 3, 9), 10)
    log_in(app_client, client_persona.account.email)
    assert "last_session_landed" not in app_client.get("/checkin").text
