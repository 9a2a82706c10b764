"""Running vagal's browser JavaScript under node, for the tests that compare it with Python.

``run_node`` runs a script and returns its standard output: without ``node`` the calling test is
skipped locally, and fails when ``CI=true`` so the JavaScript can never go untested there.
``call_static`` calls exported helpers of the static modules (``/static/NAME.js``) unchanged,
through the loader hook in static_modules.mjs and the runner static_helpers_runner.mjs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
STATIC_DIR = HERE.parents[1] / "src" / "vagal" / "web" / "static"
STATIC_LOADER = HERE / "static_modules.mjs"
STATIC_RUNNER = HERE / "static_helpers_runner.mjs"


def run_node(
    script: Path,
    *args: str,
    stdin: str | None = None,
    what: str,
    node_options: Sequence[str] = (),
) -> str:
    """The standard output of ``node [node_options] script args``; `what` names what is tested."""
    node = shutil.which("node")
    if node is None:
        message = f"node is not installed: it is needed to test {what}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    done = subprocess.run(
        [node, *node_options, str(script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class StaticRun:
    """What one run of static_helpers_runner.mjs printed."""

    def __init__(self, printed: dict[str, Any]) -> None:
        #: Element ids the modules asked ``document`` for while they were imported.
        self.lookups: list[str] = printed["lookups"]
        self.results: list[dict[str, Any]] = printed["results"]

    def values(self) -> list[Any]:
        """Every call's return value (a non-finite number as its text); no call may have thrown."""
        errors = [r["error"] for r in self.results if "error" in r]
        assert errors == []
        return [r["value"] for r in self.results]


def call_static(calls: Sequence[dict[str, Any]], *, what: str) -> StaticRun:
    """Call exported helpers of the static modules in node (see static_helpers_runner.mjs).

    Each call is ``{"module": "live", "name": "rollingRmssd", "args": [...]}``, optionally with
    ``"globals"`` (``window``, ``navigator`` ...) set for that call only; without ``"args"`` the
    export itself is returned.
    """
    printed = run_node(
        STATIC_RUNNER,
        stdin=json.dumps(list(calls)),
        what=what,
        node_options=("--import", STATIC_LOADER.as_uri()),
    )
    run = StaticRun(json.loads(printed))
    assert len(run.results) == len(calls)
    return run


def static_call(module: str, name: str, *args: Any, **globals_: Any) -> dict[str, Any]:
    """A call of ``NAME(*args)`` exported by /static/MODULE.js, with `globals_` set meanwhile."""
    call: dict[str, Any] = {"module": module, "name": name, "args": list(args)}
    if globals_:
        call["globals"] = globals_
    return call


def static_export(module: str, name: str) -> dict[str, Any]:
    """The value /static/MODULE.js exports as NAME (a constant)."""
    return {"module": module, "name": name}
