"""The server-rendered pages: sign-up, login, check-in, history, settings (no JavaScript needed)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Clock, Persona
from vagal.storage.db import Database

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: TestClient, path: str) -> str:
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_up(client: TestClient, email: str = "new@example.org", **extra: str) -> object:
    form = {
        "csrf_token": csrf(client, "/signup"),
        "email": email,
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "timezone": "Europe/Berlin",
        "understood": "yes",
        **extra,
    }
    return client.post("/signup", data=form, follow_redirects=False)


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> object:
    form = {"csrf_token": csrf(client, "/login"), "email": email, "password": password}
    return client.post("/login", data=form, follow_redirects=False)


def test_signup_page_says_not_a_medical_device(app_client: TestClient) -> None:
    page = app_client.get("/signup").text
    assert "vagal is not a medical device" in page
    assert page.count("not a medical device") >= 2  # the notice and the footer


def test_signup_then_checkin_then_history(app_client: TestClient) -> None:
    response = sign_up(app_client)
    assert response.status_code == 303  # type: ignore[attr-defined]
    token = csrf(app_client, "/checkin")
    form = {
        "csrf_token": token,
        "local_date": "2026-03-10",
        "sleep_hours": "7,5",
        "sleep_quality": "4",
        "energy": "6",
        "distress": "3",
        "state": "settled",
        "body_signals": ["headache", "fatigue"],
        "note": "A slow morning walk helped.",
        "tags": "walk, Morning",
    }
    saved = app_client.post("/checkin", data=form)
    assert saved.status_code == 200
    assert "Saved. Thank you for checking in." in saved.text
    history = app_client.get("/history").text
    assert "Tuesday 10 March 2026" in history
    assert "A slow morning walk helped." in history
    assert "Headache, Fatigue" in history
    assert "morning" in history


def test_duplicate_signup_email_is_named_and_nothing_changes(
    app_client: TestClient, client_persona: Persona
) -> None:
    response = sign_up(app_client, email="Client@Example.org")
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "An account with that email already exists" in response.text  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"password_confirm": "something else"}, "The two passwords are not the same"),
        ({"understood": ""}, "not a medical device"),
        ({"email": "not-an-email"}, "does not look complete"),
        ({"timezone": "Mars/Olympus"}, "is not a time zone"),
        ({"password": "short", "password_confirm": "short"}, "at least 10 characters"),
    ],
)
def test_signup_errors_rerender_the_form(
    app_client: TestClient, extra: dict[str, str], message: str
) -> None:
    response = sign_up(app_client, **extra)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert message in response.text  # type: ignore[attr-defined]


def test_posting_without_csrf_token_saves_nothing(app_client: TestClient) -> None:
    response = app_client.post(
        "/signup",
        data={
            "email": "x@example.org",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "understood": "yes",
        },
    )
    assert response.status_code == 403
    assert "nothing was saved" in response.text
    assert log_in(app_client, "x@example.org").status_code == 401  # type: ignore[attr-defined]


def test_checkin_form_errors_name_the_field_and_keep_values(
    app_client: TestClient, client_persona: Persona
) -> None:
    assert log_in(app_client, "client@example.org").status_code == 303  # type: ignore[attr-defined]
    form = {"csrf_token": csrf(app_client, "/checkin"), "local_date": "2030-01-01", "note": "kept"}
    response = app_client.post("/checkin", data=form)
    assert response.status_code == 422
    assert "That date is in the future" in response.text
    assert "kept" in response.text
    bad_signal = {"csrf_token": csrf(app_client, "/checkin"), "body_signals": "x-ray"}
    assert "not a body signal" in app_client.post("/checkin", data=bad_signal).text
    assert "Nothing here yet" in app_client.get("/history").text


def test_extreme_distress_shows_the_support_panel_beside_the_page(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    form = {"csrf_token": csrf(app_client, "/checkin"), "distress": "9"}
    page = app_client.post("/checkin", data=form).text
    assert "You don&#39;t have to carry this alone" in page or "have to carry this alone" in page
    assert "findahelpline.com" in page
    assert "Update your check-in" in page  # the day goes on: never blocked
    assert "Why this plan" in page


def test_login_is_throttled_after_repeated_failures(
    app_client: TestClient, client_persona: Persona, clock: Clock
) -> None:
    for _ in range(5):
        assert log_in(app_client, "client@example.org", "wrong password!").status_code == 401  # type: ignore[attr-defined]
    blocked = log_in(app_client, "client@example.org")
    assert blocked.status_code == 429  # type: ignore[attr-defined]
    assert "wait about 15 minutes" in blocked.text  # type: ignore[attr-defined]
    clock.advance(minutes=16)
    assert log_in(app_client, "client@example.org").status_code == 303  # type: ignore[attr-defined]


def test_password_change_ends_other_sessions(
    settings: object, app_client: TestClient, client_persona: Persona
) -> None:
    other = TestClient(app_client.app, base_url="http://127.0.0.1")
    log_in(other, "client@example.org")
    log_in(app_client, "client@example.org")
    assert other.get("/history", follow_redirects=False).status_code == 200
    form = {
        "csrf_token": csrf(app_client, "/settings"),
        "current_password": PASSWORD,
        "new_password": "another calm password",
        "new_password_confirm": "another calm password",
    }
    assert "Your password is changed" in app_client.post("/settings/password", data=form).text
    assert app_client.get("/history", follow_redirects=False).status_code == 200
    assert other.get("/history", follow_redirects=False).headers["location"] == "/login"


def test_tokens_can_be_created_and_revoked_from_settings(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    page = app_client.post(
        "/settings/tokens", data={"csrf_token": csrf(app_client, "/settings"), "name": "laptop"}
    ).text
    token = re.search(r'<code class="token">(vgl_[^<]+)</code>', page)
    assert token
    auth = {"Authorization": f"Bearer {token.group(1)}"}
    assert app_client.get("/api/v1/me", headers=auth).status_code == 200
    token_id = re.findall(r"/settings/tokens/(\d+)/revoke", page)[0]
    app_client.post(
        f"/settings/tokens/{token_id}/revoke", data={"csrf_token": csrf(app_client, "/settings")}
    )
    assert app_client.get("/api/v1/me", headers=auth).status_code == 401


def test_pages_need_a_login_and_unknown_pages_are_friendly(app_client: TestClient) -> None:
    assert app_client.get("/history", follow_redirects=False).headers["location"] == "/login"
    missing = app_client.get("/nowhere")
    assert missing.status_code == 404
    assert "There is nothing here" in missing.text


def test_session_cookie_is_httponly_and_samesite(app_client: TestClient) -> None:
    response = app_client.get("/signup")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_api_writes_with_a_browser_session_need_the_csrf_header(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    refused = app_client.post("/api/v1/checkins", json={"distress": 2})
    assert refused.status_code == 403
    token = csrf(app_client, "/checkin")
    accepted = app_client.post(
        "/api/v1/checkins", json={"distress": 2}, headers={"X-CSRF-Token": token}
    )
    assert accepted.status_code == 201


def test_imported_sleep_is_offered_but_never_overrides(
    app_client: TestClient, client_persona: Persona, db: Database
) -> None:
    from datetime import date

    from vagal.storage.rows import DailySummaryRow

    with db.session(write=True) as session:
        session.add(
            DailySummaryRow(
                user_id=client_persona.account.id,
                local_date=date(2026, 3, 10),
                source="Apple Watch",
                metric="sleep_hours",
                value=6.75,
                note="",
                created_at=datetime(2026, 3, 10, tzinfo=UTC),
            )
        )
    log_in(app_client, "client@example.org")
    offered = app_client.get("/checkin?date=2026-03-10").text
    assert "Filled in from Apple Watch: 6.8 hours asleep" in offered
    assert 'value="6.75"' in offered
    form = {
        "csrf_token": csrf(app_client, "/checkin"),
        "local_date": "2026-03-10",
        "sleep_hours": "8",
    }
    app_client.post("/checkin", data=form)
    again = app_client.get("/checkin?date=2026-03-10").text
    assert 'value="8"' in again
    assert "Filled in from" not in again
