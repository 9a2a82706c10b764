"""The live strap and resonance pages: behind a login, linked from Recordings and Today."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.web.test_pages import log_in


@pytest.mark.parametrize("path", ["/live", "/resonance"])
def test_the_pages_need_a_login(app_client: TestClient, path: str) -> None:
    response = app_client.get(path, follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/login"


def test_the_live_page_carries_the_csrf_token_and_a_way_without_bluetooth(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    page = app_client.get("/live").text
    token = re.search(r'data-csrf="([^"]+)"', page)
    assert token and len(token.group(1)) > 20
    assert '<script type="module" src="/static/live.js">' in page
    assert "Connect a strap" in page
    assert 'href="/import"' in page  # the way in without a strap or without Bluetooth
    for minutes in range(1, 6):
        assert f'name="minutes" value="{minutes}"' in page


def test_recordings_and_today_link_to_the_live_page(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    assert 'href="/live"' in app_client.get("/recordings").text
    assert 'href="/live"' in app_client.get("/today").text


def test_the_static_scripts_are_served(app_client: TestClient) -> None:
    for name in ("live.js", "resonance.js", "live.css"):
        response = app_client.get(f"/static/{name}")
        assert response.status_code == 200, name
    assert "import { BreathPacer }" in app_client.get("/static/resonance.js").text
