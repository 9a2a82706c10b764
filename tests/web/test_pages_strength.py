"""The guided session page and the exercise catalog page (server side; the browser test runs it)."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from tests.services.strength_support import check_in, ready
from tests.web.test_pages import log_in
from vagal.catalog.exercises import load_exercise_catalog
from vagal.storage.db import Database

DATA = re.compile(r'<script type="application/json" id="session-data">(.*?)</script>', re.S)


def embedded(html: str) -> dict[str, object]:
    match = DATA.search(html)
    assert match, "no embedded session data"
    return dict(json.loads(match.group(1)))


def test_pages_need_a_login(app_client: TestClient) -> None:
    for path in ("/session", "/exercises"):
        response = app_client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"


def test_session_asks_for_a_checkin_then_explains_a_non_strength_day(
    app_client: TestClient, client_persona: Persona, db: Database, clock: Clock
) -> None:
    log_in(app_client, "client@example.org")
    first = app_client.get("/session").text
    assert 'href="/checkin"' in first and "session-runner" not in first
    check_in(db, client_persona.account, clock.now)  # readiness questions not answered yet
    page = app_client.get("/session").text
    assert "not a strength session, and that is part of the plan" in page
    assert "readiness questions" in page
    assert "session" not in embedded(page)
    assert 'src="/static/session.js"' in page  # still sends any log kept on this device


def test_a_strength_day_links_to_the_guided_session_with_everything_embedded(
    app_client: TestClient, client_persona: Persona, db: Database, clock: Clock
) -> None:
    ready(db, client_persona.account, clock.now, minutes=10)
    check_in(db, client_persona.account, clock.now)
    log_in(app_client, "client@example.org")
    today = app_client.get("/today").text
    assert 'href="/session"' in today and "Start today's session" in today
    page = app_client.get("/session").text
    data = embedded(page)
    session = data["session"]
    assert isinstance(session, dict)
    assert data["api"] == "/api/v1/sessions" and data["csrf"]
    assert session["steps"][0]["kind"] in ("breath", "grounding")
    assert session["date"] == "2026-03-10"
    # Without JavaScript the steps are all there as a list, with cues and breathing.
    assert page.count("<li>\n        <strong>") == len(session["steps"])
    assert "stopping is a good choice too" in page
    assert 'aria-live="polite"' in page
    # The embedded CSRF token lets the page write through the API with its session cookie.
    body = {
        "client_id": "page-test-0001",
        "local_date": "2026-03-10",
        "started_at": "2026-03-10T09:00:00+00:00",
        "sets": [],
        "stopped_early": True,
    }
    refused = app_client.post("/api/v1/sessions", json=body)
    assert refused.status_code == 403
    stored = app_client.post("/api/v1/sessions", json=body, headers={"X-CSRF-Token": data["csrf"]})
    assert stored.status_code == 201, stored.text


def test_the_exercise_catalog_page_shows_every_level(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    page = app_client.get("/exercises").text
    catalog = load_exercise_catalog()
    assert "8 patterns × 5–6 levels (41 levels)" in page
    for ladder in catalog.ladders:
        for level in ladder.levels:
            assert f'id="{level.id}"' in page
    sit = catalog.level("sit_to_stand")
    assert sit.breathing in page and sit.cautions[0] in page
    assert 'src="/exercises/illustrations/sit_to_stand.svg"' in page
    assert page.count('class="illustration"') == 4
    opened = app_client.get("/exercises?open=chair_squat").text
    assert '<details class="level" id="chair_squat" open>' in opened
    assert 'href="/exercises?open=bodyweight_squat#bodyweight_squat"' in opened
    svg = app_client.get("/exercises/illustrations/sit_to_stand.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and "<svg" in svg.text
    assert app_client.get("/exercises/illustrations/../../settings.py").status_code == 404
    assert app_client.get("/exercises/illustrations/nothing.svg").status_code == 404
