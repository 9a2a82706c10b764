"""/api/v1/export, /api/v1/export/restore, DELETE /api/v1/me and the settings page's forms."""

from __future__ import annotations

import io
import json
import zipfile

from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Clock, Persona, make_account, make_token
from tests.services.personal_data import fill_everything
from tests.services.test_erasure import rows_referring_to
from tests.web.test_pages import csrf, log_in
from vagal.settings import Settings
from vagal.storage.db import Database
from vagal.web.app import create_app


def test_export_json_and_zip_downloads(
    app_client: TestClient, db: Database, client_persona: Persona, other_persona: Persona
) -> None:
    fill_everything(db, client_persona.account)
    fill_everything(db, other_persona.account, seed=4)
    response = app_client.get("/api/v1/export", headers=client_persona.auth)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="vagal-export-2026-03-10.json"'
    )
    data = response.json()
    assert data["account"]["email"] == "client@example.org"
    assert len(data["tables"]["checkins"]) == 21
    assert "other@example.org" not in response.text
    archive = app_client.get("/api/v1/export?format=zip", headers=client_persona.auth)
    assert archive.status_code == 200
    assert archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        assert "checkins.csv" in opened.namelist()
    assert app_client.get("/api/v1/export").status_code == 401
    assert (
        app_client.get("/api/v1/export?format=pdf", headers=client_persona.auth).status_code == 422
    )


def test_restore_through_the_api(
    app_client: TestClient,
    db: Database,
    clock: Clock,
    client_persona: Persona,
    other_persona: Persona,
) -> None:
    fill_everything(db, client_persona.account)
    body = app_client.get("/api/v1/export", headers=client_persona.auth).content
    refused = app_client.post("/api/v1/export/restore", content=body, headers=client_persona.auth)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "account_not_empty"
    done = app_client.post("/api/v1/export/restore", content=body, headers=other_persona.auth)
    assert done.status_code == 200, done.text
    assert done.json()["restored"]["checkins"] == 21
    newer = json.loads(body) | {"version": 99}
    third = make_account(db, "third@example.org")
    token = make_token(db, third, clock.now)
    bad = app_client.post(
        "/api/v1/export/restore",
        content=json.dumps(newer),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert bad.status_code == 422
    assert "newer vagal" in bad.json()["error"]["message"]
    assert sum(rows_referring_to(db, third).values()) == 2  # the account and its token only


def test_delete_me_needs_the_password_and_removes_everything(
    app_client: TestClient, db: Database, client_persona: Persona, other_persona: Persona
) -> None:
    fill_everything(db, client_persona.account)
    fill_everything(db, other_persona.account, seed=4)
    others = rows_referring_to(db, other_persona.account)
    wrong = app_client.request(
        "DELETE", "/api/v1/me", json={"password": "not it"}, headers=client_persona.auth
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"]["field"] == "password"
    assert app_client.get("/api/v1/me", headers=client_persona.auth).status_code == 200
    missing = app_client.request("DELETE", "/api/v1/me", json={}, headers=client_persona.auth)
    assert missing.status_code == 422
    gone = app_client.request(
        "DELETE", "/api/v1/me", json={"password": PASSWORD}, headers=client_persona.auth
    )
    assert gone.status_code == 204
    assert sum(rows_referring_to(db, client_persona.account).values()) == 0
    assert app_client.get("/api/v1/me", headers=client_persona.auth).status_code == 401
    assert rows_referring_to(db, other_persona.account) == others


def test_settings_page_offers_the_export_and_deletes_with_the_password(
    app_client: TestClient, db: Database, clock: Clock
) -> None:
    account = make_account(db, "page@example.org")
    fill_everything(db, account)
    log_in(app_client, "page@example.org")
    page = app_client.get("/settings").text
    assert 'href="/api/v1/export"' in page and 'href="/api/v1/export?format=zip"' in page
    assert "Delete your account" in page
    # A browser session may download its export.
    assert app_client.get("/api/v1/export").json()["account"]["email"] == "page@example.org"
    token = csrf(app_client, "/settings")
    wrong = app_client.post(
        "/settings/delete", data={"csrf_token": token, "delete_password": "nope"}
    )
    assert wrong.status_code == 422
    assert "nothing was deleted" in wrong.text
    assert rows_referring_to(db, account)["checkins"] == 21
    no_csrf = app_client.post("/settings/delete", data={"delete_password": PASSWORD})
    assert no_csrf.status_code in (400, 403)
    assert rows_referring_to(db, account)["users"] == 1
    done = app_client.post(
        "/settings/delete",
        data={"csrf_token": csrf(app_client, "/settings"), "delete_password": PASSWORD},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert sum(rows_referring_to(db, account).values()) == 0
    assert app_client.get("/settings", follow_redirects=False).status_code in (303, 307)


def test_a_restore_larger_than_the_upload_limit_is_refused(
    settings: Settings, db: Database, clock: Clock, client_persona: Persona
) -> None:
    app = create_app(settings.model_copy(update={"max_upload_mb": 1}), database=db, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.post(
            "/api/v1/export/restore", content=b" " * (3 * 1024 * 1024), headers=client_persona.auth
        )
    assert response.status_code == 413
    assert "VAGAL_MAX_UPLOAD_MB" in response.json()["error"]["message"]
