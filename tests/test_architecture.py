"""House rule 1: the core is pure. It imports no adapter or framework and reads no clock."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).parents[1] / "src" / "vagal" / "core"
FORBIDDEN_PREFIXES = (
    "vagal.storage",
    "vagal.web",
    "vagal.cli",
    "vagal.services",
    "vagal.importers",
    "vagal.settings",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "jinja2",
    "typer",
    "rich",
    "httpx",
    "requests",
    "logging",
    "os",
    "pathlib",
    "random",
)
FORBIDDEN_CALLS = {"now", "today", "utcnow", "time", "print", "open"}


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_adapter_framework_or_io() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files, "the core has modules"
    offenders = [
        f"{path.relative_to(CORE)}: {name}"
        for path in files
        for name in imported_modules(ast.parse(path.read_text()))
        if any(name == p or name.startswith(p + ".") for p in FORBIDDEN_PREFIXES)
    ]
    assert offenders == []


def test_core_reads_no_clock_and_prints_nothing() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in FORBIDDEN_CALLS:
                    offenders.append(f"{path.relative_to(CORE)}:{node.lineno} {name}()")
    assert offenders == []


def test_the_checker_would_catch_an_offender() -> None:
    tree = ast.parse("import sqlalchemy\nfrom vagal.web import app\n")
    assert imported_modules(tree) == {"sqlalchemy", "vagal.web"}


def test_the_cli_starts_without_the_database_or_web_layers() -> None:
    """`vagal hrv analyze` must start fast: importing the CLI loads no SQLAlchemy, FastAPI or SciPy."""
    import subprocess
    import sys

    code = (
        "import sys, vagal.cli.main; "
        "print(sorted(m for m in ('sqlalchemy', 'fastapi', 'scipy', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
