"""Pages: practices list, the player (and its no-JavaScript log form), moments, what helps me."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from tests.web.test_pages import csrf, log_in
from vagal.catalog.practices import load_practice_catalog

CATALOG = load_practice_catalog()


def signed_in(client: TestClient, persona: Persona) -> None:
    log_in(client, persona.account.email)


def api_logs(client: TestClient, persona: Persona) -> list[dict[str, object]]:
    items: list[dict[str, object]] = client.get(
        "/api/v1/practice-logs", headers=persona.auth
    ).json()["items"]
    return items


def test_pages_need_a_login(app_client: TestClient) -> None:
    for path in ("/practices", "/practices/orienting", "/moment", "/what-helps"):
        response = app_client.get(path, follow_redirects=False)
        assert response.status_code in (302, 303), path
        assert "/login" in response.headers["location"]


def test_practice_list_filters_and_links_every_length(
    app_client: TestClient, client_persona: Persona
) -> None:
    signed_in(app_client, client_persona)
    page = app_client.get("/practices").text
    assert 'href="/practices">Practices</a>' in page and 'href="/moment">Moment</a>' in page
    assert "Box breathing" in page and "Contrast shower" not in page
    assert 'href="/practices/extended_exhale?minutes=10"' in page
    shut = app_client.get("/practices?state=shut_down").text
    assert "Gentle rocking" in shut and "Box breathing" not in shut
    odd = app_client.get("/practices?state=sideways")
    assert odd.status_code == 200 and "Box breathing" in odd.text


def test_custom_pattern_from_the_page(app_client: TestClient, client_persona: Persona) -> None:
    signed_in(app_client, client_persona)
    token = csrf(app_client, "/practices")
    bad = app_client.post(
        "/practices/custom",
        data={"csrf_token": token, "name": "Slow", "inhale_s": "4", "exhale_s": "abc"},
    )
    assert bad.status_code == 422
    assert "must be a number" in bad.text
    good = app_client.post(
        "/practices/custom",
        data={"csrf_token": token, "name": "Slow", "inhale_s": "4", "exhale_s": "8"},
    )
    assert good.status_code == 200
    assert "Saved &#39;Slow&#39;." in good.text or "Saved 'Slow'." in good.text
    custom_id = re.search(r'action="/practices/custom/(\d+)/delete"', good.text)
    assert custom_id
    player = app_client.get(f"/practices/custom:{custom_id.group(1)}?minutes=1")
    assert player.status_code == 200 and "in 4, out 8 seconds" in player.text
    gone = app_client.post(
        f"/practices/custom/{custom_id.group(1)}/delete", data={"csrf_token": token}
    )
    assert "The pattern is deleted." in gone.text
    assert app_client.get(f"/practices/custom:{custom_id.group(1)}").status_code == 404


def test_player_page_lists_steps_and_carries_the_data(
    app_client: TestClient, client_persona: Persona
) -> None:
    signed_in(app_client, client_persona)
    page = app_client.get("/practices/box_breathing?minutes=5").text
    box = CATALOG.get("box_breathing")
    for step in box.steps(5):
        assert step.text in page
    assert "prone to panic" in page
    assert 'id="practice-data"' in page and '"minutes": 5' in page
    assert '<script type="module" src="/static/player.js"></script>' in page
    assert "Stop here" in page and "Stopping early is a good choice" in page
    assert app_client.get("/practices/no_such_practice").status_code == 404
    # An unknown length falls back to the shortest offered.
    assert '"minutes": 3' in app_client.get("/practices/box_breathing?minutes=7").text


def test_player_logs_without_javascript_and_is_idempotent(
    app_client: TestClient, client_persona: Persona
) -> None:
    signed_in(app_client, client_persona)
    page = app_client.get("/practices/orienting?minutes=3").text
    client_id = re.search(r'name="client_id" value="([0-9a-f]+)"', page)
    assert client_id
    form = {
        "csrf_token": csrf(app_client, "/practices/orienting"),
        "client_id": client_id.group(1),
        "minutes": "3",
        "done_s": "180",
        "completed": "yes",
        "distress_before": "6",
        "distress_after": "3",
        "state_before": "activated",
        "state_after": "settled",
    }
    saved = app_client.post("/practices/orienting/log", data=form)
    assert saved.status_code == 200
    assert "Thank you for taking this time" in saved.text
    again = app_client.post("/practices/orienting/log", data=form)
    assert again.status_code == 200
    logs = api_logs(app_client, client_persona)
    assert len(logs) == 1
    assert logs[0]["distress_before"] == 6 and logs[0]["distress_after"] == 3
    bad = app_client.post(
        "/practices/orienting/log", data=form | {"client_id": "x2", "distress_after": "12"}
    )
    assert bad.status_code == 422
    assert "0 (calm) to 10" in bad.text
    assert len(api_logs(app_client, client_persona)) == 1
    no_csrf = app_client.post("/practices/orienting/log", data=form | {"csrf_token": "nope"})
    assert no_csrf.status_code in (400, 403)


def test_extreme_distress_after_a_practice_shows_support(
    app_client: TestClient, client_persona: Persona
) -> None:
    signed_in(app_client, client_persona)
    form = {
        "csrf_token": csrf(app_client, "/practices/orienting"),
        "minutes": "1",
        "done_s": "30",
        "distress_after": "10",
    }
    page = app_client.post("/practices/orienting/log", data=form).text
    assert "You don&#39;t have to carry this alone" in page or "carry this alone" in page
    player = app_client.get("/practices/orienting").text
    assert 'id="support-slot" hidden' in player  # revealed by the script when distress is extreme


def test_moment_flow_without_javascript(
    app_client: TestClient, client_persona: Persona, clock: Clock
) -> None:
    signed_in(app_client, client_persona)
    start = app_client.get("/moment").text
    assert "I&#39;m activated" in start or "I'm activated" in start
    token = csrf(app_client, "/moment")
    client_id = re.search(r'name="client_id" value="([0-9a-f]+)"', start)
    assert client_id
    opened = app_client.post(
        "/moment",
        data={
            "csrf_token": token,
            "client_id": client_id.group(1),
            "state": "shut_down",
            "distress": "6",
            "trigger_note": "Long call",
            "body_signals": ["numbness"],
            "tags": "work, evening",
        },
    )
    assert opened.status_code == 200
    page = opened.text
    assert "Orienting to the room" in page
    moment_id = re.search(r"/moment/(\d+)/settled", page)
    assert moment_id
    assert f"minutes=3&amp;moment={moment_id.group(1)}" in page
    player = app_client.get(f"/practices/orienting?minutes=3&moment={moment_id.group(1)}").text
    assert "Back to your moment" in player
    clock.advance(minutes=9)
    settled = app_client.post(f"/moment/{moment_id.group(1)}/settled", data={"csrf_token": token})
    assert "about 9 minutes" in settled.text
    twice = app_client.post(f"/moment/{moment_id.group(1)}/settled", data={"csrf_token": token})
    assert "already marked as settled" in twice.text
    assert "about 9 minutes" in twice.text
    recent = app_client.get("/moment").text
    assert "settled in about 9 minutes" in recent
    missing_state = app_client.post("/moment", data={"csrf_token": token})
    assert missing_state.status_code == 422 and "activated or shutting down" in missing_state.text


def test_other_persons_moment_page_is_404(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    theirs = app_client.post(
        "/api/v1/moments", json={"state": "activated"}, headers=other_persona.auth
    ).json()
    signed_in(app_client, client_persona)
    assert app_client.get(f"/moment/{theirs['id']}").status_code == 404
    token = csrf(app_client, "/moment")
    response = app_client.post(f"/moment/{theirs['id']}/settled", data={"csrf_token": token})
    assert response.status_code == 404
    assert app_client.get(f"/practices/orienting?moment={theirs['id']}").status_code == 404


def test_what_helps_page(app_client: TestClient, client_persona: Persona) -> None:
    signed_in(app_client, client_persona)
    empty = app_client.get("/what-helps").text
    assert "Nothing here yet" in empty
    for i, (before, after) in enumerate([(8, 6), (7, 4), (9, 5), (5, 4), (8, 3)]):
        app_client.post(
            "/api/v1/practice-logs",
            json={
                "practice_id": "extended_exhale",
                "planned_minutes": 3,
                "done_s": 180,
                "client_id": f"k{i}",
                "distress_before": before,
                "distress_after": after,
            },
            headers=client_persona.auth,
        )
    app_client.post(
        "/api/v1/practice-logs",
        json={
            "practice_id": "rocking",
            "planned_minutes": 1,
            "done_s": 60,
            "distress_before": 5,
            "distress_after": 4,
        },
        headers=client_persona.auth,
    )
    page = app_client.get("/what-helps").text
    assert "Longer breath out" in page
    assert "<dd>3.0</dd>" in page and "<dd>1.90</dd>" in page
    assert "it seems to help you" in page
    assert "Gentle rocking: 1 use so far, 4 more" in page


def test_today_links_to_practices_and_moment(
    app_client: TestClient, client_persona: Persona
) -> None:
    signed_in(app_client, client_persona)
    page = app_client.get("/today").text
    assert 'href="/moment"' in page and 'href="/what-helps"' in page
