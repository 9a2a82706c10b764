"""The `vagal` command line (Typer)."""

from __future__ import annotations

import typer

from vagal.cli import hrv as hrv_cli

app = typer.Typer(
    name="vagal",
    help="vagal: nervous-system-first self-care. Not a medical device.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(hrv_cli.app, name="hrv")
