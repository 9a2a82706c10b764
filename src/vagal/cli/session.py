"""`vagal session next|list`: today's gentle-strength session and the sessions logged."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from vagal.cli import common
from vagal.cli.common import friendly

app = typer.Typer(help="Gentle-strength sessions: today's, and those done.", no_args_is_help=True)
console = Console(highlight=False)
User = Annotated[str, typer.Option("--user", "--email", help="The account's email address.")]


@app.command("next")
@friendly
def next_session(
    user: User,
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the session as JSON.")] = False,
) -> None:
    """Today's session, step by step (built from today's plan; needs that day's check-in)."""
    from vagal.services import checkins, strength
    from vagal.web.api.sessions import NextOut

    database = common.database(common.settings())
    try:
        with database.session(write=False) as session:
            account = common.account(session, user)
            now = common.now()
            when = common.parse_date(day) if day else checkins.local_today(account, now)
            result = strength.next_session(session, account, day=when, now=now)
    finally:
        database.dispose()
    if as_json:
        typer.echo(NextOut.of(result).model_dump_json())
        return
    built = result.session
    if built is None:
        console.print(result.message)
        return
    console.print(
        f"[bold]Gentle strength[/bold] · {built.today.isoformat()} · about {built.minutes} minutes"
    )
    console.print(result.plan.headline)
    console.print("\nMovements:")
    for m in built.movements:
        target = result.targets.get(m.pattern)
        why = f" [dim]({target.message})[/dim]" if target else ""
        console.print(
            f"  • {m.name} (level {m.level}): {m.sets} × {m.reps} {m.unit.value.replace('_', ' ')}"
            f"{why}"
        )
    console.print("\nSteps:")
    for index, step in enumerate(built.steps, 1):
        minutes, seconds = divmod(step.duration_s, 60)
        length = f"{minutes}:{seconds:02d}" + ("" if step.timed else " (about)")
        console.print(f"  {index:>2}. [bold]{step.title}[/bold] · {length}")
        console.print(f"      {step.text}")
        for cue in step.cues:
            console.print(f"      - {cue}")
        if step.breathing:
            console.print(f"      Breathing: {step.breathing}")
    console.print("\nYou can stop at any moment; stopping is a good choice too.")


@app.command("list")
@friendly
def list_sessions(
    user: User,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sessions as JSON.")] = False,
) -> None:
    """The sessions logged, newest first, with how each landed the next morning."""
    from vagal.services import strength
    from vagal.web.api.sessions import SessionOut

    database = common.database(common.settings())
    try:
        with database.session(write=False) as session:
            account = common.account(session, user)
            items = strength.list_sessions(session, account, limit=limit)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps([SessionOut.of(s).model_dump(mode="json") for s in items]))
        return
    if not items:
        console.print("No strength sessions logged yet.")
        return
    for s in items:
        felt = s.felt.value if s.felt else "—"
        landed = s.landed.value if s.landed else "not yet known"
        stopped = " · stopped early (a good choice)" if s.stopped_early else ""
        console.print(
            f"{s.local_date:%a %d %b %Y}  {s.length_minutes} min  {len(s.sets)} sets  "
            f"felt {felt} · landed {landed}{stopped}"
        )
