"""`vagal practice list`: the regulation-practice catalog."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from vagal.cli.common import friendly

app = typer.Typer(help="Regulation practices.", no_args_is_help=True)
console = Console(highlight=False)


@app.command("list")
@friendly
def list_practices(
    state: Annotated[
        str | None,
        typer.Option("--state", help="Only practices suiting: activated, shut_down or settled."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """Every practice in the catalog (id, name, lengths, the states it suits, cautions)."""
    from vagal.catalog.practices import FAMILY_LABELS, load_practice_catalog
    from vagal.core.checkin import NervousSystemState, parse_state

    chosen = parse_state(state)
    order = list(NervousSystemState)
    items = [p for p in load_practice_catalog().practices if chosen is None or p.suits(chosen)]
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "id": p.id,
                        "name": p.name,
                        "family": p.family.value,
                        "summary": p.summary,
                        "states": [s.value for s in order if s in p.states],
                        "durations": list(p.durations),
                        "cautions": list(p.cautions),
                        "note": p.note,
                        "intense": p.intense,
                    }
                    for p in items
                ],
                ensure_ascii=False,
            )
        )
        return
    for p in items:
        states = ", ".join(s.value for s in order if s in p.states)
        lengths = "/".join(str(m) for m in p.durations)
        console.print(
            f"[bold]{p.id}[/bold]  {p.name} · {FAMILY_LABELS[p.family]} · {lengths} min · {states}"
        )
        for caution in p.cautions:
            console.print(f"    caution: {caution}")
        if p.note:
            console.print(f"    note: {p.note}")
