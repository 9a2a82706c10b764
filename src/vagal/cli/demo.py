"""`vagal demo`: fill an account with realistic demo data, so the app looks lived in."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from vagal.cli import common
from vagal.cli.common import friendly

console = Console(highlight=False)
User = Annotated[str, typer.Option("--user", "--email", help="The account's email address.")]


@friendly
def demo_command(
    user: User,
    days: Annotated[int, typer.Option(help="How many days, ending today.")] = 90,
    seed: Annotated[int, typer.Option(help="The same seed gives the same data.")] = 0,
    replace: Annotated[
        bool, typer.Option("--replace", help="Clear this account's data first (not the account).")
    ] = False,
) -> None:
    """Fill an account with days of realistic demo data (check-ins, readings, sessions...)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from vagal.services import demo

    settings = common.settings()
    database = common.database(settings)
    try:
        with (
            Progress(
                TextColumn("Filling demo days"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            ) as progress,
            database.session(write=True) as session,
        ):
            task = progress.add_task("demo", total=days)
            account = common.account(session, user)
            summary = demo.generate(
                session,
                account,
                now=common.now(),
                days=days,
                seed=seed,
                replace=replace,
                on_day=lambda n: progress.update(task, completed=n),
            )
    finally:
        database.dispose()
    console.print(
        f"Demo data for {user}: {summary.start} to {summary.end}, {summary.checkins} check-ins, "
        f"{summary.recordings} morning readings, {summary.strength_sessions} strength sessions, "
        f"{summary.practice_logs} practices, {summary.moments} moments. See it at "
        f"{settings.base_url.rstrip('/')} (after `vagal serve`)."
    )
