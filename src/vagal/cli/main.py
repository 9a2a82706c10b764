"""The `vagal` command line (Typer)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from vagal.cli import common
from vagal.cli import hrv as hrv_cli
from vagal.cli import plan as plan_cli
from vagal.cli import practice as practice_cli
from vagal.cli import session as session_cli
from vagal.cli.common import friendly
from vagal.cli.demo import demo_command
from vagal.cli.export import export_command, restore_command
from vagal.cli.imports import import_command
from vagal.cli.record import record_command
from vagal.cli.report import report_command

if TYPE_CHECKING:
    pass

# Commands import what they need when they run: `vagal hrv analyze` must start fast, without
# loading the database and web layers.

app = typer.Typer(
    name="vagal",
    help="vagal: nervous-system-first self-care. Not a medical device.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="Accounts.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens.", no_args_is_help=True)
checkin_app = typer.Typer(help="Daily check-ins.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(checkin_app, name="checkin")
app.add_typer(hrv_cli.app, name="hrv")
app.add_typer(plan_cli.app, name="plan")
app.add_typer(session_cli.app, name="session")
app.add_typer(practice_cli.app, name="practice")
app.command("import")(import_command)
app.command("record")(record_command)
app.command("report")(report_command)
app.command("export")(export_command)
app.command("restore")(restore_command)
app.command("demo")(demo_command)

console = Console(highlight=False)
Email = Annotated[str, typer.Option("--email", "--user", help="The account's email address.")]


@app.command()
@friendly
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Start the web app (http://127.0.0.1:8000 by default)."""
    import uvicorn

    from vagal.web.app import create_app

    config = common.settings()
    database = common.database(config)
    web = create_app(config, database=database)
    bind_host, bind_port = host or config.host, port or config.port
    console.print(f"vagal is running at http://{bind_host}:{bind_port}  (Ctrl+C stops it)")
    uvicorn.run(web, host=bind_host, port=bind_port, log_level="warning")


@db_app.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Create or upgrade the database schema to the latest version."""
    from vagal.storage import migrate

    config = common.settings()
    database = common.database(config, require_schema=False)
    try:
        backup = migrate.upgrade(database.engine, now=common.now())
        revision = migrate.current_revision(database.engine)
    finally:
        database.dispose()
    if backup:
        console.print(f"A copy of the database was saved first: {backup}")
    console.print(f"The database is up to date (revision {revision}).")


@user_app.command("create")
@friendly
def user_create(
    email: Email,
    timezone: Annotated[str, typer.Option(help="IANA time zone, e.g. Europe/Berlin.")] = "UTC",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an account (the password is asked for, or read with --password-stdin)."""
    from vagal.services import accounts

    config = common.settings()
    password = common.read_secret_line("Password", from_stdin=password_stdin)
    database = common.database(config)
    hasher = accounts.make_password_hasher(config.password_hashing)
    try:
        with database.session(write=True) as session:
            account = accounts.sign_up(
                session, hasher, email=email, password=password, timezone=timezone, now=common.now()
            )
    finally:
        database.dispose()
    console.print(f"Account created for {account.email}.")


@user_app.command("delete")
@friendly
def user_delete(
    email: Email,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an account and every row that belongs to it, for good."""
    from vagal.services import erasure

    config = common.settings()
    database = common.database(config)
    try:
        with database.session(write=False) as session:
            common.account(session, email)
        if not yes:
            typer.confirm(
                f"Delete {email} and all their data for good? (Consider `vagal export` first.)",
                abort=True,
            )
        with database.session(write=True) as session:
            removed = erasure.erase_account(session, common.account(session, email))
    finally:
        database.dispose()
    rows = sum(removed.values())
    console.print(f"The account {email} and its data ({rows} rows) are deleted.")


@token_app.command("create")
@friendly
def token_create(
    email: Email,
    name: Annotated[str, typer.Option(help="A label to recognise the token by.")] = "CLI token",
) -> None:
    """Create an API token and print it (only the token) on standard output."""
    from vagal.services import accounts

    config = common.settings()
    database = common.database(config)
    try:
        with database.session(write=True) as session:
            account = common.account(session, email)
            token, _ = accounts.create_token(session, account, name=name, now=common.now())
    finally:
        database.dispose()
    typer.echo(token)


@checkin_app.command("add")
@friendly
def checkin_add(
    email: Email,
    day: Annotated[
        str | None, typer.Option("--date", help="Local day YYYY-MM-DD (default: today).")
    ] = None,
    sleep_hours: Annotated[float | None, typer.Option(help="Hours slept, 0-24.")] = None,
    sleep_quality: Annotated[
        int | None, typer.Option(help="1 (very poor) to 5 (very good).")
    ] = None,
    energy: Annotated[int | None, typer.Option(help="0 (none) to 10 (plenty).")] = None,
    distress: Annotated[int | None, typer.Option(help="0 (calm) to 10 (the most).")] = None,
    state: Annotated[str | None, typer.Option(help="settled, activated or shut_down.")] = None,
    signal: Annotated[
        list[str] | None, typer.Option("--signal", help="A body signal; repeat for more.")
    ] = None,
    note: Annotated[str, typer.Option(help="A free-text note.")] = "",
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeat for more.")] = None,
    health: Annotated[
        list[str] | None,
        typer.Option("--health", help="illness, injury or chest_pain; repeat for more."),
    ] = None,
    landed: Annotated[
        str | None,
        typer.Option("--last-session-landed", help="energised, fine or drained."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the saved check-in as JSON.")
    ] = False,
) -> None:
    """Record (or update) a day's check-in."""
    from vagal.catalog import load_crisis_resources
    from vagal.core.checkin import (
        CheckinInput,
        normalise_tags,
        parse_body_signals,
        parse_health_flags,
        parse_landing,
        parse_state,
    )
    from vagal.services import checkins as checkin_service

    config = common.settings()
    database = common.database(config)
    now = common.now()
    try:
        with database.session(write=True) as session:
            account = common.account(session, email)
            local_date = (
                common.parse_date(day) if day else checkin_service.local_today(account, now)
            )
            checkin = CheckinInput(
                local_date=local_date,
                sleep_hours=sleep_hours,
                sleep_quality=sleep_quality,
                energy=energy,
                distress=distress,
                state=parse_state(state),
                body_signals=parse_body_signals(signal or []),
                note=note.strip(),
                tags=normalise_tags(tag or []),
                health_flags=parse_health_flags(health or []),
                last_session_landed=parse_landing(landed),
            )
            stored, created = checkin_service.save_checkin(session, account, checkin, now=now)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps({"local_date": stored.local_date.isoformat(), "created": created}))
        return
    verb = "saved" if created else "updated"
    console.print(f"Check-in for {stored.local_date.isoformat()} {verb}.")
    if stored.needs_support:
        resources = load_crisis_resources(config.locale, config.crisis_resources_file)
        console.print(
            "\nThat sounds very hard. You don't have to carry it alone. If you feel unsafe, "
            "please reach out now:"
        )
        for item in resources:
            console.print(f"  • {item.name}: {item.contact}")


@app.command()
def doctor() -> None:
    """Check the configuration; each problem has a stable id and a hint."""
    from rich.table import Table

    from vagal import doctor as doctor_checks

    findings = doctor_checks.run()
    table = Table(title="vagal doctor", show_lines=False)
    for column in ("id", "severity", "finding", "hint"):
        table.add_column(column)
    for item in findings:
        table.add_row(item.id, item.severity.value, item.message, item.hint)
    console.print(table)
    if any(item.severity is doctor_checks.Severity.ERROR for item in findings):
        raise typer.Exit(code=1)
