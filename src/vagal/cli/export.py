"""`vagal export` and `vagal restore`: a person's full export and restoring it elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from vagal.cli import common
from vagal.cli.common import friendly
from vagal.errors import InvalidInput

console = Console(highlight=False, stderr=True)
User = Annotated[str, typer.Option("--user", "--email", help="The account's email address.")]


@friendly
def export_command(
    user: User,
    out: Annotated[Path, typer.Option("--out", help="File to write ('-' for standard output).")],
    format: Annotated[
        str, typer.Option("--format", help="json (restorable) or zip (one CSV per table).")
    ] = "json",
) -> None:
    """Write everything that belongs to a person to a file (JSON or a zip of CSV files)."""
    from vagal.services import export as service

    kind: Literal["json", "zip"]
    if format not in ("json", "zip"):
        raise InvalidInput(f"--format '{format}' is not known. Use json or zip.")
    kind = "json" if format == "json" else "zip"
    database = common.database(common.settings())
    now = common.now()
    try:
        with database.session(write=False, snapshot=True) as session:
            account = common.account(session, user)
            if str(out) == "-":
                if kind == "zip":
                    raise InvalidInput("A zip cannot go to standard output. Give --out FILE.zip.")
                service.write_json(session, account, typer.get_text_stream("stdout"), now=now)
                return
            partial = out.with_name(out.name + ".partial")
            if kind == "zip":
                with partial.open("wb") as target:
                    service.write_zip(session, account, target, now=now)
            else:
                with partial.open("w", encoding="utf-8") as stream:
                    service.write_json(session, account, stream, now=now)
            partial.replace(out)
    finally:
        database.dispose()
    console.print(f"Export written to {out}.")


@friendly
def restore_command(
    file: Annotated[Path, typer.Argument(help="A vagal JSON export.", exists=False)],
    user: User,
) -> None:
    """Restore a vagal JSON export into an empty account (all or nothing)."""
    from vagal.services import restore as service

    if not file.is_file():
        raise InvalidInput(f"There is no file at {file}. Check the path.")
    with file.open("rb") as stream:
        data = service.load(stream)
    database = common.database(common.settings())
    try:
        with database.session(write=True) as session:
            account = common.account(session, user)
            counts = service.restore(session, account, data, now=common.now())
    finally:
        database.dispose()
    total = sum(counts.values())
    detail = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    console.print(f"Restored {total} rows into {user}" + (f" ({detail})." if detail else "."))
