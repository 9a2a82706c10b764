"""`vagal import FILE --user EMAIL`: import a device or app export with a progress bar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from vagal.cli import common
from vagal.cli.common import friendly
from vagal.errors import InvalidInput

if TYPE_CHECKING:
    from vagal.services.imports import ImportSummary

console = Console(highlight=False, stderr=True)


@friendly
def import_command(
    file: Annotated[Path, typer.Argument(help="The export file.", show_default=False)],
    user: Annotated[str, typer.Option("--user", "--email", help="The account's email address.")],
    format_name: Annotated[
        str | None, typer.Option("--format", help="Format name, when it is not recognised.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and report, storing nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    unit: Annotated[
        str | None, typer.Option("--unit", help="ms or s, for plain RR files without a unit.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="morning, session, overnight or imported.")
    ] = None,
    signal: Annotated[
        str | None, typer.Option("--signal", help="For a raw signal CSV: ecg or ppg.")
    ] = None,
    sampling_rate: Annotated[
        float | None, typer.Option("--sampling-rate", help="For a raw signal CSV: Hz.")
    ] = None,
    column: Annotated[str | None, typer.Option("--column", help="The data column.")] = None,
) -> None:
    """Import an export (format detected when unambiguous); all-or-nothing and idempotent."""
    from vagal.services import imports as service

    if kind not in (None, "morning", "session", "overnight", "imported"):
        raise InvalidInput(f"--kind '{kind}' is not one of: morning, session, overnight, imported.")
    if signal not in (None, "ecg", "ppg"):
        raise InvalidInput(f"--signal '{signal}' is not one of: ecg, ppg.")
    if not file.is_file():
        raise InvalidInput(f"There is no file at {file}. Check the path.")
    config = common.settings()
    database = common.database(config)
    try:
        with database.session(write=False) as session:
            account = common.account(session, user)
        with _progress() as bar:
            task = bar.add_task("reading", total=100)

            def report(stage: str, fraction: float) -> None:
                bar.update(task, description=stage, completed=fraction * 100)

            summary = service.import_file(
                database,
                account,
                file,
                file.name,
                now=common.now(),
                format_name=format_name,
                dry_run=dry_run,
                progress=report,
                options={
                    "unit": unit,
                    "kind": kind,
                    "signal": signal,
                    "sampling_rate_hz": sampling_rate,
                    "column": column,
                },
            )
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(summary.as_dict()))
    else:
        _print(summary)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def _print(summary: ImportSummary) -> None:
    out = Console(highlight=False, soft_wrap=True)
    if summary.already_imported:
        out.print(f"{summary.file_name} was imported before: nothing changed.")
        return
    verb = "would import" if summary.dry_run else "imported"
    out.print(
        f"{summary.file_name} ({summary.format_label}): {verb} {summary.recordings_added} "
        f"recording(s) and {summary.summaries_added} daily value(s); "
        f"{summary.recordings_existing + summary.summaries_existing} already stored."
    )
    for item in summary.skipped:
        out.print(f"  skipped: {item}")
    for warning in summary.warnings:
        out.print(f"  note: {warning}")
