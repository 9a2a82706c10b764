from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from vagal import doctor
from vagal.errors import ConfigurationError
from vagal.settings import Settings, load_settings


def test_local_sqlite_needs_no_configuration(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path)
    second = load_settings(data_dir=tmp_path)
    assert first.secret_key is not None and second.secret_key is not None
    assert first.secret_key.get_secret_value() == second.secret_key.get_secret_value()
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first.resolved_database_url.endswith("vagal.sqlite3")


def test_postgresql_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="VAGAL_SECRET_KEY is not set") as exc:
        load_settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db")
    assert exc.value.code == "secret_missing"
    with pytest.raises(ConfigurationError, match="too short"):
        load_settings(
            data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db", secret_key="short"
        )


def test_settings_come_from_vagal_prefixed_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VAGAL_BASE_URL", "https://vagal.example.org/")
    monkeypatch.setenv("VAGAL_LOCALE", "en-GB")
    settings = Settings(data_dir=tmp_path)
    assert settings.base_url == "https://vagal.example.org"
    assert settings.cookies_secure
    assert settings.locale == "en-GB"


def test_doctor_reports_stable_ids_with_hints(tmp_path: Path) -> None:
    findings = doctor.run(
        {
            "data_dir": tmp_path,
            "database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            "base_url": "ftp://x",
            "password_hashing": "fast-insecure-for-tests",
        }
    )
    ids = {f.id for f in findings}
    assert {"VAGAL002", "VAGAL003", "VAGAL006", "VAGAL009"} <= ids
    assert all(f.hint for f in findings)
    assert ids <= set(doctor.CHECK_IDS) | {"VAGAL000"}
    bad_port = doctor.run({"data_dir": tmp_path, "port": 0})
    assert [f.id for f in bad_port] == ["VAGAL001"]
    assert "VAGAL_PORT" in bad_port[0].message


def test_secret_key_is_never_shown_in_repr(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key=SecretStr("s" * 40))
    assert "s" * 40 not in repr(settings)
