"""The progress page, /api/v1/progress and /api/v1/report.pdf."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.progress_data import fill_days, profile
from tests.web.test_pages import log_in
from vagal.storage.db import Database

TODAY = date(2026, 3, 10)


def _fill(db: Database, persona: Persona, days: int = 120) -> None:
    fill_days(db, persona.account.id, TODAY - timedelta(days=days), TODAY)
    with db.session(write=True) as session:
        session.add(profile(persona.account.id))


def test_progress_page_needs_a_login(app_client: TestClient) -> None:
    response = app_client.get("/progress", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_progress_page_shows_summary_charts_tables_and_a_pdf_link(
    app_client: TestClient, db: Database, client_persona: Persona
) -> None:
    _fill(db, client_persona)
    log_in(app_client, client_persona.account.email)
    page = app_client.get("/progress?period=month")
    assert page.status_code == 200
    html = page.text
    assert '<a href="/progress">Progress</a>' in html  # the nav link
    assert 'aria-current="page">Month</a>' in html
    assert "This week, in words" in html
    assert html.count('role="img"') == 9
    assert html.count("<details") >= 9  # a table under each chart (plus the date chooser)
    assert "How is my heart-rate variability (ln RMSSD) moving?" in html
    assert "/api/v1/report.pdf?from=2026-02-09&amp;to=2026-03-10" in html
    assert "Nothing to show for these dates yet" not in html


def test_an_empty_period_shows_a_friendly_empty_state(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, client_persona.account.email)
    page = app_client.get("/progress")
    assert page.status_code == 200
    assert "Nothing to show for these dates yet" in page.text
    assert 'role="img"' not in page.text
    assert 'href="/checkin"' in page.text


def test_a_reversed_or_malformed_range_gets_a_clear_message(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, client_persona.account.email)
    reversed_ = app_client.get("/progress?from=2026-03-09&to=2026-03-01")
    assert reversed_.status_code == 422
    assert "after it ends on 2026-03-01" in reversed_.text
    assert "Showing the last week instead" in reversed_.text
    past = app_client.get("/progress?from=2026-02-01&to=2026-02-14")
    assert past.status_code == 200
    assert "The seven days to 14 February, in words" in past.text
    malformed = app_client.get("/progress?from=yesterday")
    assert malformed.status_code == 422 and "is not a date" in malformed.text


def test_api_progress_returns_numbers_and_summary(
    app_client: TestClient, db: Database, client_persona: Persona
) -> None:
    _fill(db, client_persona)
    response = app_client.get(
        "/api/v1/progress?from=2026-02-01&to=2026-03-10", headers=client_persona.auth
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["start"], body["end"], body["has_data"]) == ("2026-02-01", "2026-03-10", True)
    assert len(body["days"]) == 38
    assert body["weeks"][0]["start"] == "2026-02-01"
    assert body["weeks"][1]["start"] == "2026-02-02"  # then Mondays
    assert body["summary"] and all(isinstance(s, str) for s in body["summary"])
    assert {h["practice_id"] for h in body["what_helps"]} <= {"extended_exhale", "orienting"}
    assert body["strength_sessions"] and body["practices"]
    gaps = [d for d in body["days"] if d["ln_rmssd"] is None]
    assert gaps, "days without a reading stay null"


def test_api_refuses_reversed_and_enormous_ranges(
    app_client: TestClient, client_persona: Persona
) -> None:
    reversed_ = app_client.get(
        "/api/v1/progress?from=2026-03-10&to=2026-03-01", headers=client_persona.auth
    )
    assert reversed_.status_code == 422
    assert reversed_.json()["error"]["details"] == {"field": "from"}
    huge = app_client.get("/api/v1/progress?from=2020-01-01", headers=client_persona.auth)
    assert huge.status_code == 422 and "at most 400 days" in huge.json()["error"]["message"]
    assert app_client.get("/api/v1/progress").status_code == 401


def test_api_never_shows_another_persons_data(
    app_client: TestClient, db: Database, client_persona: Persona, other_persona: Persona
) -> None:
    _fill(db, other_persona)
    body = app_client.get("/api/v1/progress?period=quarter", headers=client_persona.auth).json()
    assert body["has_data"] is False
    assert body["what_helps"] == [] and body["practices"] == [] and body["moments"] == 0
    assert all(d["distress"] is None and d["ln_rmssd"] is None for d in body["days"])
    mine = app_client.get("/api/v1/progress?period=quarter", headers=other_persona.auth).json()
    assert mine["has_data"] is True


def test_report_pdf_downloads_from_the_api_and_the_page_session(
    app_client: TestClient, db: Database, client_persona: Persona
) -> None:
    _fill(db, client_persona, days=30)
    response = app_client.get(
        "/api/v1/report.pdf?from=2026-02-15&to=2026-03-10", headers=client_persona.auth
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        'filename="vagal-progress-2026-02-15-to-2026-03-10.pdf"'
        in response.headers["content-disposition"]
    )
    log_in(app_client, client_persona.account.email)
    from_page = app_client.get("/api/v1/report.pdf?period=week")
    assert from_page.status_code == 200 and from_page.content.startswith(b"%PDF")
