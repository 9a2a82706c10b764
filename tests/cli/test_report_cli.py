from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.cli.test_cli import create_user, env  # noqa: F401 (fixture)
from tests.services.test_report import needs_poppler, pdf_text
from vagal.cli.main import app

runner = CliRunner()
USER = ["--user", "cli@example.org"]


@needs_poppler
def test_report_writes_a_pdf_for_the_chosen_dates(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    create_user()
    for day, distress in (("2026-01-05", "6"), ("2026-01-06", "4"), ("2026-01-08", "3")):
        added = runner.invoke(
            app,
            ["checkin", "add", *USER, "--date", day, "--distress", distress, "--state", "settled"],
        )
        assert added.exit_code == 0, added.output
    out = tmp_path / "report.pdf"
    args = ["report", *USER, "--from", "2026-01-01", "--to", "2026-01-10", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.stdout
    text = " ".join(pdf_text(out.read_bytes(), tmp_path).split())
    assert "1 January 2026 to 10 January 2026 (10 days)" in text
    assert "How has distress felt at check-in?" in text
    assert "not a medical device" in text


@needs_poppler
def test_report_for_an_empty_period_says_there_is_no_data_yet(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    create_user()
    out = tmp_path / "empty.pdf"
    result = runner.invoke(app, ["report", *USER, "--period", "month", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no data in this period yet" in result.stdout
    assert "There is no data yet for this period" in " ".join(
        pdf_text(out.read_bytes(), tmp_path).split()
    )


def test_report_refuses_bad_ranges_and_places_clearly(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    create_user()
    out = str(tmp_path / "r.pdf")
    reversed_ = runner.invoke(
        app, ["report", *USER, "--from", "2026-02-01", "--to", "2026-01-01", "--out", out]
    )
    assert reversed_.exit_code == 1
    assert "after it ends on 2026-01-01" in reversed_.stderr
    huge = runner.invoke(
        app, ["report", *USER, "--from", "2020-01-01", "--to", "2026-01-01", "--out", out]
    )
    assert huge.exit_code == 1 and "at most 400 days" in huge.stderr
    bad = runner.invoke(app, ["report", *USER, "--from", "soon", "--out", out])
    assert bad.exit_code == 1 and "--from 'soon' is not a date" in bad.stderr
    nowhere = runner.invoke(app, ["report", *USER, "--out", str(tmp_path / "missing" / "r.pdf")])
    assert nowhere.exit_code == 1 and "does not exist" in nowhere.stderr
    nobody = runner.invoke(app, ["report", "--user", "nobody@example.org", "--out", out])
    assert nobody.exit_code == 1 and "There is no account" in nobody.stderr
    assert not Path(out).exists()
