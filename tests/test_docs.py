"""Documentation is kept true: every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command

from vagal.cli.main import app
from vagal.doctor import CHECK_IDS
from vagal.settings import Settings

DOCS = Path(__file__).parents[1] / "docs"


def cli_commands(group: typer.Typer) -> list[str]:
    command = get_command(group)
    found: list[str] = []

    def walk(cmd: object, prefix: str) -> None:
        children = getattr(cmd, "commands", None)
        if not children:
            found.append(prefix)
            return
        for name, child in children.items():
            walk(child, f"{prefix} {name}")

    walk(command, "vagal")
    return found


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [name for name in Settings.model_fields if f"`VAGAL_{name.upper()}`" not in text]
    assert missing == []
    assert all(f"`{check}`" in text for check in CHECK_IDS)


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    commands = cli_commands(app)
    assert "vagal checkin add" in commands
    assert [c for c in commands if f"`{c}" not in text] == []
