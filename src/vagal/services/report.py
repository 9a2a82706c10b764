"""The PDF progress report for a therapist: the same numbers, summary and SVG charts as the
progress page, laid out on A4 by WeasyPrint (imported only when a report is made)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from vagal.charts.progress import Chart, progress_charts
from vagal.services.accounts import Account
from vagal.services.progress import Progress

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"


def charts_for(progress: Progress) -> list[Chart]:
    """The progress charts for ``progress`` (the page and the report use the same ones)."""
    return progress_charts(progress.days, progress.weeks, progress.helps, progress.practice_names)


def _fmt(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def report_html(progress: Progress, account: Account, *, now: datetime) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
    )
    template = env.get_template("report.html")
    return template.render(
        progress=progress,
        charts=charts_for(progress),
        email=account.email,
        generated_on=f"{account.local_today(now):%-d %B %Y}",
        fmt=_fmt,
    )


def report_pdf(progress: Progress, account: Account, *, now: datetime) -> bytes:
    """The report as PDF bytes."""
    import weasyprint

    html = weasyprint.HTML(string=report_html(progress, account, now=now), base_url=str(TEMPLATES))
    pdf = html.write_pdf()
    assert pdf is not None
    return bytes(pdf)


def report_filename(progress: Progress) -> str:
    return f"vagal-progress-{progress.period.start.isoformat()}-to-{progress.period.end.isoformat()}.pdf"
