"""`vagal plan today|week`: the same plan as the page and the API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from vagal.cli import common
from vagal.cli.common import friendly

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vagal.services.accounts import Account

app = typer.Typer(help="Today's plan and the week plan.", no_args_is_help=True)
console = Console(highlight=False)
User = Annotated[str, typer.Option("--user", "--email", help="The account's email address.")]


@contextmanager
def _account_session(user: str) -> Iterator[tuple[Session, Account, datetime]]:
    """A read session, the account for ``user`` and now; a missing account is a clear error."""
    database = common.database(common.settings())
    try:
        with database.session(write=False) as session:
            yield session, common.account(session, user), common.now()
    finally:
        database.dispose()


@app.command("today")
@friendly
def today(
    user: User,
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Today's plan with the reasons behind it (needs that day's check-in)."""
    from vagal.catalog.practice_names import practice_name
    from vagal.core.planner.inputs import KIND_LABELS
    from vagal.services import checkins, plans
    from vagal.web.api.plans import plan_out

    with _account_session(user) as (session, account, now):
        result = plans.today_plan(
            session,
            account,
            day=common.parse_date(day) if day else checkins.local_today(account, now),
            now=now,
        )
    plan = result.plan
    if as_json:
        typer.echo(plan_out(plan, result).model_dump_json())
        return
    console.print(f"[bold]{KIND_LABELS[plan.kind]}[/bold] · {plan.today.isoformat()}")
    console.print(plan.headline)
    for pid in plan.practices:
        item = practice_name(pid)
        console.print(f"  • {item.name}: {item.summary}")
    for prompt in plan.prompts:
        console.print(f"  {prompt.message}")
    console.print("\nWhy:")
    for reason in plan.reasons:
        console.print(f"  [{reason.rule}] {reason.message} ({reason.source})")
    console.print("\nSomething gentler is always fine:")
    for option in plan.gentler_options:
        console.print(f"  • {KIND_LABELS[option.kind]}: {option.message}")


@app.command("week")
@friendly
def week(
    user: User,
    start: Annotated[
        str | None, typer.Option("--start", help="First day YYYY-MM-DD (default: this Monday).")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Write the week as an iCalendar file here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the week as JSON.")] = False,
) -> None:
    """The week plan: 2-3 non-consecutive strength days, recovery on the others."""
    from vagal.core.planner.inputs import KIND_LABELS
    from vagal.services import checkins, plans
    from vagal.services.calendar import week_ics

    with _account_session(user) as (session, account, now):
        today = checkins.local_today(account, now)
        first = (
            common.parse_date(start, "--start")
            if start
            else today - timedelta(days=today.weekday())
        )
        days = plans.week_plan(session, account, week_start=first)
    if ics is not None:
        ics.write_bytes(week_ics(days, now=now, uid_prefix=f"u{account.id}"))
        console.print(f"Wrote {ics}.")
    if as_json:
        rows = [
            {
                "date": d.local_date.isoformat(),
                "kind": d.kind.value,
                "minutes": d.minutes,
                "practices": list(d.practices),
                "summary": d.summary,
            }
            for d in days
        ]
        typer.echo(json.dumps(rows))
    elif ics is None:
        for d in days:
            console.print(
                f"{d.local_date:%a %d %b}  {KIND_LABELS[d.kind]:<24} {d.minutes} min  {d.summary}"
            )
