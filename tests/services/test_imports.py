"""Import guarantees: all-or-nothing, idempotent, bounded, not blocking; web, CLI and API."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import Clock, Persona
from tests.web.test_pages import csrf, log_in
from vagal.errors import InvalidInput
from vagal.services import imports
from vagal.services.accounts import Account
from vagal.settings import Settings
from vagal.storage.db import Database
from vagal.storage.repositories import recordings as recordings_repo
from vagal.storage.rows import DailySummaryRow, ImportRow, RecordingRow

DATA = Path(__file__).parents[1] / "data"
ELITE = DATA / "imports" / "elite_hrv" / "2026-02-03 07-15-00.txt"
FIT = DATA / "imports" / "garmin_fit" / "garmin-fenix-5-run.fit"
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def counts(db: Database) -> tuple[int, int, int]:
    with db.session(write=False) as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(t)) or 0)
            for t in (ImportRow, RecordingRow, DailySummaryRow)
        )


def run(db: Database, account: Account, path: Path, **kw: object) -> imports.ImportSummary:
    return imports.import_file(db, account, path, path.name, now=NOW, **kw)  # type: ignore[arg-type]


def test_elite_hrv_file_imports_once(db: Database, client_persona: Persona) -> None:
    first = run(db, client_persona.account, ELITE)
    assert first.format == "elite_hrv"
    assert first.recordings_added == 1
    assert counts(db) == (1, 1, 0)
    again = run(db, client_persona.account, ELITE)
    assert again.already_imported
    assert counts(db) == (1, 1, 0)


def test_overlapping_export_adds_only_what_is_new(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    run(db, client_persona.account, ELITE)
    copy = tmp_path / ELITE.name
    copy.write_bytes(ELITE.read_bytes() + b"\n")  # different bytes, same reading
    summary = run(db, client_persona.account, copy)
    assert not summary.already_imported
    assert (summary.recordings_added, summary.recordings_existing) == (0, 1)
    assert counts(db)[1] == 1


def test_garmin_fit_imports_beat_to_beat_data(db: Database, client_persona: Persona) -> None:
    summary = run(db, client_persona.account, FIT)
    assert summary.format == "garmin_fit"
    assert summary.recordings_added == 1


def test_unknown_format_asks_the_person_to_choose(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    odd = tmp_path / "notes.bin"
    odd.write_bytes(b"\x00\x01 hello")
    with pytest.raises(InvalidInput) as exc:
        run(db, client_persona.account, odd)
    assert exc.value.code == "format_unknown"
    assert "choices" in exc.value.details
    assert counts(db) == (0, 0, 0)


def test_a_bad_line_stores_nothing(db: Database, client_persona: Persona, tmp_path: Path) -> None:
    bad = tmp_path / "2026-02-05 07-00-00.txt"
    lines = ELITE.read_text().splitlines()
    lines[40] = "eight hundred"
    bad.write_text("\n".join(lines))
    with pytest.raises(InvalidInput, match="line 41"):
        run(db, client_persona.account, bad, format_name="elite_hrv")
    assert counts(db) == (0, 0, 0)


def test_failure_while_publishing_rolls_everything_back(
    db: Database, client_persona: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("disk full")

    monkeypatch.setattr(recordings_repo, "insert_recordings", explode)
    with pytest.raises(RuntimeError):
        run(db, client_persona.account, ELITE)
    assert counts(db) == (0, 0, 0)


def test_checkins_keep_working_while_a_long_import_parses(
    db: Database, client_persona: Persona, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write lock is taken only to publish: a check-in saves while the file is parsed."""
    from dataclasses import replace

    from vagal.core.checkin import CheckinInput
    from vagal.services import checkins, import_formats

    parsing = threading.Event()
    release = threading.Event()
    real = import_formats.FORMATS["elite_hrv"]

    def slow_parser(*args: object, **kwargs: object) -> object:
        parsing.set()
        release.wait(10)
        return real.spec.parse(*args, **kwargs)

    slow = replace(real, spec=replace(real.spec, parse=slow_parser))
    monkeypatch.setitem(import_formats.FORMATS, "elite_hrv", slow)
    worker = threading.Thread(target=run, args=(db, client_persona.account, ELITE))
    worker.start()
    assert parsing.wait(10)
    started = time.monotonic()
    with db.session(write=True) as session:
        checkins.save_checkin(
            session, client_persona.account, CheckinInput(local_date=NOW.date()), now=NOW
        )
    waited = time.monotonic() - started
    release.set()
    worker.join(10)
    assert waited < 2.0
    assert counts(db)[1] == 1


CRASHING_IMPORT = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from vagal.services import imports
from vagal.storage.db import Database
from vagal.storage.repositories import recordings as recordings_repo
from vagal.services.accounts import account_by_email

real = recordings_repo.insert_recordings

def add_then_hang(*args, **kwargs):
    result = real(*args, **kwargs)  # the rows are written (sent), not yet committed
    Path(sys.argv[3]).write_text("writing")
    time.sleep(60)
    return result

recordings_repo.insert_recordings = add_then_hang
db = Database.from_url(sys.argv[1])
with db.session(write=False) as session:
    account = account_by_email(session, "client@example.org")
imports.import_file(db, account, Path(sys.argv[2]), Path(sys.argv[2]).name,
                    now=datetime(2026, 3, 10, 9, 30, tzinfo=UTC))
"""


@pytest.mark.slow
def test_kill_9_in_the_middle_of_writing_stores_nothing(
    database_url: str, db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    """SIGKILL while the import's rows are written but not committed leaves no trace."""
    marker = tmp_path / "writing"
    process = subprocess.Popen(
        [sys.executable, "-c", CRASHING_IMPORT, database_url, str(ELITE), str(marker)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the import never reached the write step"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    if process.stderr:
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert counts(db) == (0, 0, 0)
    assert run(db, client_persona.account, ELITE).recordings_added == 1  # and it can be retried


def test_upload_page_api_and_limits(
    app_client: TestClient, client_persona: Persona, settings: Settings, db: Database
) -> None:
    log_in(app_client, "client@example.org")
    form = {"csrf_token": csrf(app_client, "/import")}
    with ELITE.open("rb") as handle:
        page = app_client.post("/import", data=form, files={"file": (ELITE.name, handle)})
    assert page.status_code == 200
    assert "1 new recording" in page.text
    with ELITE.open("rb") as handle:
        api = app_client.post(
            "/api/v1/imports", files={"file": (ELITE.name, handle)}, headers=client_persona.auth
        )
    assert api.status_code == 200
    assert api.json()["already_imported"] is True
    with FIT.open("rb") as handle:
        created = app_client.post(
            "/api/v1/imports",
            files={"file": (FIT.name, handle)},
            data={"dry_run": "true"},
            headers=client_persona.auth,
        )
    assert created.json()["dry_run"] is True
    assert counts(db) == (1, 1, 0)


def test_upload_over_the_limit_is_413(
    settings: Settings, db: Database, clock: Clock, client_persona: Persona
) -> None:
    from vagal.web.app import create_app

    small = settings.model_copy(update={"max_upload_mb": 1})
    with TestClient(create_app(small, database=db, clock=clock)) as client:
        response = client.post(
            "/api/v1/imports",
            files={"file": ("big.txt", b"800\n" * 400_000)},
            headers=client_persona.auth,
        )
    assert response.status_code == 413
    assert "larger than the 1 MB" in response.json()["error"]["message"]
    assert counts(db) == (0, 0, 0)


def test_cli_import_with_progress_summary_and_errors(
    settings: Settings,
    db: Database,
    client_persona: Persona,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from vagal.cli.main import app

    monkeypatch.setenv("VAGAL_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("VAGAL_DATA_DIR", str(settings.data_dir))
    assert settings.secret_key is not None
    monkeypatch.setenv("VAGAL_SECRET_KEY", settings.secret_key.get_secret_value())
    runner = CliRunner()
    plain = tmp_path / "reading.txt"
    plain.write_text("\n".join(str(800 + (i % 7) * 9) for i in range(300)))
    unknown = runner.invoke(app, ["import", str(plain), "--user", "client@example.org"])
    assert unknown.exit_code == 1
    assert "Choose its format" in unknown.stderr
    user = ["--user", "client@example.org", "--format", "plain_rr"]
    no_unit = runner.invoke(app, ["import", str(plain), *user])
    assert no_unit.exit_code == 1
    assert "unit" in no_unit.stderr
    dry = runner.invoke(app, ["import", str(plain), *user, "--unit", "ms", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would import 1 recording" in dry.stdout
    assert counts(db) == (0, 0, 0)
    done = runner.invoke(app, ["import", str(plain), *user, "--unit", "ms", "--kind", "morning"])
    assert done.exit_code == 0, done.output
    assert counts(db) == (1, 1, 0)
    missing = runner.invoke(
        app, ["import", str(tmp_path / "nope.txt"), "--user", "client@example.org"]
    )
    assert missing.exit_code == 1
    assert "There is no file at" in missing.stderr


def test_raw_ecg_csv_through_the_beat_detector(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    import warnings

    with warnings.catch_warnings():  # wfdb (test-time only) trips a pandas deprecation
        warnings.simplefilter("ignore")
        import wfdb

        record = wfdb.rdrecord(str(DATA / "ecg" / "100"), sampto=360 * 120)
    csv = tmp_path / "ecg.csv"
    csv.write_text("mlii\n" + "\n".join(f"{v:.3f}" for v in record.p_signal[:, 0]))
    with pytest.raises(InvalidInput, match="sampling rate"):
        run(db, client_persona.account, csv, format_name="raw_signal", options={"signal": "ecg"})
    summary = run(
        db,
        client_persona.account,
        csv,
        format_name="raw_signal",
        options={"signal": "ecg", "sampling_rate_hz": 360.0, "column": "mlii"},
    )
    assert summary.recordings_added == 1


APPLE_HEAD = (DATA / "imports" / "apple_health" / "export.xml").read_text()
APPLE_HEAD = APPLE_HEAD[: APPLE_HEAD.index("<HealthData")]


def _apple_reading(day: int, bpm: list[int], source: str = "Watch") -> str:
    """An SDNN reading at 07:15 (UTC+1) on 2026-02-`day` with its beat list."""
    seconds, beats = 0.0, []
    for b in bpm:
        seconds += 60.0 / b
        minute, second = divmod(seconds, 60.0)
        beats.append(
            f'<InstantaneousBeatsPerMinute bpm="{b}" time="7:{15 + int(minute):02d}:'
            f'{second:05.2f} am"/>'
        )
    date = f"2026-02-{day:02d}"
    return (
        f'<Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="{source}" '
        f'unit="ms" startDate="{date} 07:15:00 +0100" endDate="{date} 07:16:00 +0100" '
        f'value="{40 + day}"><HeartRateVariabilityMetadataList>{"".join(beats)}'
        "</HeartRateVariabilityMetadataList></Record>"
        f'<Record type="HKQuantityTypeIdentifierRestingHeartRate" sourceName="{source}" '
        f'unit="count/min" startDate="{date} 06:00:00 +0100" endDate="{date} 06:00:00 +0100" '
        f'value="{50 + day}"/>'
    )


def _apple_export(tmp_path: Path, name: str, days: list[int], extra: str = "") -> Path:
    bpm = [60, 62, 65, 63, 61, 58, 57, 59, 62, 64, 66, 63, 60, 58, 59, 61, 63, 62, 60, 59]
    records = "".join(_apple_reading(day, bpm) for day in days) + extra
    path = tmp_path / name
    path.write_text(f'{APPLE_HEAD}<HealthData locale="en_GB">{records}</HealthData>\n')
    return path


def test_overlapping_apple_exports_publish_only_what_is_new(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    """The bulk publish checks every natural key: across imports and within one file."""
    first = run(db, client_persona.account, _apple_export(tmp_path, "a.xml", [3, 4]))
    assert (first.recordings_added, first.summaries_added) == (2, 4)  # SDNN + resting HR a day
    # days 4 and 5, day 5's reading twice in the same file (same source and start)
    twice = _apple_reading(5, [70] * 12)
    second = run(db, client_persona.account, _apple_export(tmp_path, "b.xml", [4, 5], twice))
    assert (second.recordings_added, second.recordings_existing) == (1, 2)
    assert (second.summaries_added, second.summaries_existing) == (2, 2)
    assert counts(db) == (2, 3, 6)
    with db.session(write=False) as session:
        stored = session.scalars(select(RecordingRow).order_by(RecordingRow.started_at)).all()
        assert [r.id for r in stored[-1:]] == second.recording_ids
        assert [r.started_at for r in stored] == [
            datetime(2026, 2, day, 6, 15, tzinfo=UTC) for day in (3, 4, 5)
        ]
        assert {r.import_id for r in stored[:2]} != {stored[2].import_id}
    again = run(db, client_persona.account, _apple_export(tmp_path, "c.xml", [3, 4, 5]))
    assert (again.recordings_added, again.summaries_added) == (0, 0)
    assert counts(db) == (3, 3, 6)


def test_another_persons_rows_do_not_count_as_already_stored(
    db: Database, client_persona: Persona, other_persona: Persona, tmp_path: Path
) -> None:
    export = _apple_export(tmp_path, "a.xml", [3])
    assert run(db, other_persona.account, export).recordings_added == 1
    mine = run(db, client_persona.account, export)
    assert (mine.recordings_added, mine.summaries_added) == (1, 2)


def test_apple_beat_lists_get_the_lighter_analysis(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    from vagal.services import recordings

    summary = run(db, client_persona.account, _apple_export(tmp_path, "a.xml", [3]))
    with db.session(write=False) as session:
        view, _ = recordings.get_recording(
            session, client_persona.account, summary.recording_ids[0]
        )
    assert recordings.COARSE_NOTE in view.notes
    assert any("whole-number bpm" in note for note in view.notes)
    assert view.metrics["rmssd_ms"] is not None and view.metrics["sdnn_ms"] is not None
    assert view.metrics["hf_ms2"] is None
    assert "too coarse for spectral analysis" in view.metrics["unavailable"]["hf_ms2"]
    assert view.metrics["spectral"]["method"] == "none"
    assert view.metrics["artifacts"]["corrected"] is False


def test_recordings_are_inserted_in_batches_with_their_ids(
    db: Database, client_persona: Persona, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "INSERT_BATCH", 2)
    summary = run(db, client_persona.account, _apple_export(tmp_path, "a.xml", [3, 4, 5, 6, 7]))
    assert summary.recordings_added == 5
    with db.session(write=False) as session:
        stored = session.scalars(select(RecordingRow).order_by(RecordingRow.started_at)).all()
        assert [r.id for r in stored] == summary.recording_ids
        assert [r.local_date.day for r in stored] == [3, 4, 5, 6, 7]


def test_beat_lists_analysed_together_store_what_one_by_one_would(
    db: Database,
    client_persona: Persona,
    other_persona: Persona,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Apple's beat lists are analysed in batches (`analyze_rr_many`); what is stored, and what
    is skipped and why, is the same as with one analysis per list, across batch boundaries."""
    from vagal.core.hrv.pipeline import analyze_rr

    rng = np.random.default_rng(5)
    lists = [[int(b) for b in rng.normal(62, 4, int(rng.integers(3, 60)))] for _ in range(9)]
    lists[2] = [60, 120] * 15  # alternating: too many artefacts for any metric
    lists[4] = [61] * 6  # too short to analyse: skipped
    lists[6][len(lists[6]) // 2] = 31  # a missed beat
    extra = "".join(_apple_reading(day, bpm) for day, bpm in enumerate(lists, start=10))
    export = _apple_export(tmp_path, "a.xml", [3], extra)
    monkeypatch.setattr(imports, "ANALYSIS_BATCH", 4)
    batched = run(db, client_persona.account, export)

    def one_by_one(items: list[tuple[object, object]], **kw: bool) -> list[object]:
        out: list[object] = []
        for rr, times in items:
            try:
                out.append(analyze_rr(rr, timestamps_s=times, correct_artifacts=False, **kw))  # type: ignore[arg-type]
            except InvalidInput as exc:
                out.append(exc)
        return out

    monkeypatch.setattr(imports, "analyze_rr_many", one_by_one)
    single = run(db, other_persona.account, export)
    assert batched.skipped == single.skipped
    assert any("plausible RR interval" in reason for reason in batched.skipped)
    assert batched.recordings_added == single.recordings_added >= 8
    with db.session(write=False) as session:
        rows = {
            (row.user_id, row.started_at): row.metrics
            for row in session.scalars(select(RecordingRow))
        }
    mine = sorted((k[1], v) for k, v in rows.items() if k[0] == client_persona.account.id)
    theirs = sorted((k[1], v) for k, v in rows.items() if k[0] == other_persona.account.id)
    assert json.dumps(mine, default=str) == json.dumps(theirs, default=str)
    assert any(m["artifacts"]["total"] for _, m in mine)
