"""Shared CLI plumbing: settings, the database, friendly errors and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from vagal.errors import InvalidInput, NotFound, VagalError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vagal.services.accounts import Account
    from vagal.settings import Settings
    from vagal.storage.db import Database

P = ParamSpec("P")
R = TypeVar("R")

err_console = Console(stderr=True, highlight=False)


def now() -> datetime:
    return datetime.now(UTC)


def settings() -> Settings:
    from pydantic import ValidationError

    from vagal.settings import load_settings

    try:
        return load_settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "VAGAL_" + str(first["loc"][0]).upper() if first.get("loc") else "a setting"
        raise VagalError(f"{name}: {first['msg']}. Run `vagal doctor` for help.") from None


def database(config: Settings, *, require_schema: bool = True) -> Database:
    from vagal.storage import migrate
    from vagal.storage.db import Database

    db = Database.from_url(config.resolved_database_url)
    if require_schema and not migrate.is_up_to_date(db.engine):
        db.dispose()
        raise VagalError(
            "The database is not set up or is behind the code. Run `vagal db upgrade` first.",
            code="schema_behind",
        )
    return db


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn vagal's errors into one calm line on stderr and exit code 1 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except VagalError as exc:
            err_console.print(f"[bold]Error:[/bold] {escape(exc.message)}", soft_wrap=True)
            raise typer.Exit(code=1) from None
        except KeyboardInterrupt:
            err_console.print("Stopped.")
            raise typer.Exit(code=130) from None

    return wrapper


def read_secret_line(prompt: str, *, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=True))


def parse_date(value: str, option: str = "--date") -> date:
    """A YYYY-MM-DD option value, or a clear error naming the option."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{option} '{value}' is not a date. Use YYYY-MM-DD.") from None


def account(session: Session, email: str) -> Account:
    """The account with this email, or a clear error saying how to create one."""
    from vagal.services.accounts import account_by_email

    found = account_by_email(session, email)
    if found is None:
        raise NotFound(
            f"There is no account with the email {email}. Create it with `vagal user create`."
        )
    return found
