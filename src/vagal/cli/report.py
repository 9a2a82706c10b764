"""`vagal report`: the progress report as a PDF, the same as the page's download and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from vagal.cli import common
from vagal.cli.common import friendly

console = Console(highlight=False)


@friendly
def report_command(
    user: Annotated[str, typer.Option("--user", "--email", help="The account's email address.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First day YYYY-MM-DD (default: see --period).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day YYYY-MM-DD (default: today).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="week, month or quarter ending on --to, when --from is absent."),
    ] = None,
) -> None:
    """Write the progress report for a period as a PDF (for a therapist, or for you)."""
    from vagal.errors import InvalidInput
    from vagal.services import checkins
    from vagal.services import progress as service
    from vagal.services.report import report_pdf

    first = common.parse_date(start, "--from") if start else None
    last = common.parse_date(end, "--to") if end else None
    if not out.parent.is_dir():
        raise InvalidInput(
            f"The folder {out.parent} does not exist. Create it, or choose another --out."
        )
    database = common.database(common.settings())
    now = common.now()
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as bar:
        task = bar.add_task("Reading your data…", total=3)
        try:
            with database.session(write=False) as session:
                account = common.account(session, user)
                today = checkins.local_today(account, now)
                chosen = service.resolve_period(today, period=period, start=first, end=last)
                result = service.get_progress(session, account, chosen)
        finally:
            database.dispose()
        bar.update(task, advance=1, description="Drawing the charts and laying out the pages…")
        pdf = report_pdf(result, account, now=now)
        bar.update(task, advance=1, description=f"Writing {out}…")
        out.write_bytes(pdf)
        bar.update(task, advance=1)
    note = (
        "" if result.has_data else " There is no data in this period yet, and the report says so."
    )
    console.print(f"Wrote {out} ({chosen.label}, {len(pdf) // 1024 + 1} KB).{note}", soft_wrap=True)
