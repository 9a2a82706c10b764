"""The PDF report: rendered with WeasyPrint, read back with poppler (pdftotext, pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import Persona
from tests.progress_data import fill_days, profile
from vagal.services import progress as service
from vagal.services.report import report_html, report_pdf
from vagal.storage.db import Database

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils is not installed (scripts/system-deps.sh)",
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path is not None, f"{name} is not installed"
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        [_tool("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True
    )
    return out.stdout


def pdf_pages_as_png(pdf: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        [_tool("pdftoppm"), "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True
    )
    return sorted(tmp_path.glob("page*.png"))


def _report(db: Database, persona: Persona, period: service.Period) -> bytes:
    with db.session(write=False) as session:
        progress = service.get_progress(session, persona.account, period)
    return report_pdf(progress, persona.account, now=NOW)


@needs_poppler
def test_report_has_the_period_note_summary_tables_and_charts(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    fill_days(db, client_persona.account.id, TODAY - timedelta(days=120), TODAY)
    with db.session(write=True) as session:
        session.add(profile(client_persona.account.id))
    period = service.resolve_period(TODAY, period="quarter")
    pdf = _report(db, client_persona, period)
    text = pdf_text(pdf, tmp_path)
    flat = " ".join(text.split())
    assert "Progress report" in flat
    assert "10 December 2025 to 10 March 2026 (91 days)" in flat
    assert "vagal is not a medical device" in flat
    assert "Summary of the last seven days" in flat
    assert "Practices done in the period" in flat and "Longer breath out" in flat
    assert "Strength sessions done in the period" in flat
    assert "How is my heart-rate variability (ln RMSSD) moving?" in flat
    assert "What helps me?" in flat
    pages = pdf_pages_as_png(pdf, tmp_path)
    assert 2 <= len(pages) <= 8, "a report a therapist can read in a minute"
    assert all(p.stat().st_size > 1000 for p in pages)  # each page drew something


@needs_poppler
def test_an_empty_period_gives_a_one_page_pdf_saying_there_is_no_data_yet(
    db: Database, client_persona: Persona, tmp_path: Path
) -> None:
    pdf = _report(db, client_persona, service.resolve_period(TODAY))
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "There is no data yet for this period" in flat
    assert "not a medical device" in flat
    assert len(pdf_pages_as_png(pdf, tmp_path)) == 1


def test_the_report_uses_the_same_charts_as_the_page(db: Database, client_persona: Persona) -> None:
    fill_days(db, client_persona.account.id, TODAY - timedelta(days=30), TODAY)
    with db.session(write=False) as session:
        progress = service.get_progress(
            session, client_persona.account, service.resolve_period(TODAY, period="month")
        )
    html = report_html(progress, client_persona.account, now=NOW)
    from vagal.services.report import charts_for

    for chart in charts_for(progress):
        if chart.has_data:
            assert chart.svg in html
    assert "client@example.org" in html


def test_another_persons_data_stays_out_of_the_report(
    db: Database, client_persona: Persona, other_persona: Persona, tmp_path: Path
) -> None:
    fill_days(db, other_persona.account.id, TODAY - timedelta(days=30), TODAY)
    with db.session(write=False) as session:
        progress = service.get_progress(
            session, client_persona.account, service.resolve_period(TODAY, period="month")
        )
    html = report_html(progress, client_persona.account, now=NOW)
    assert "There is no data yet for this period" in html
    assert "Longer breath out" not in html and "other@example.org" not in html
