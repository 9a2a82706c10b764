from __future__ import annotations

import json

from typer.testing import CliRunner

from vagal.catalog.practices import load_practice_catalog
from vagal.cli.main import app

runner = CliRunner()
CATALOG = load_practice_catalog()


def test_practice_list_json_is_the_whole_catalog() -> None:
    result = runner.invoke(app, ["practice", "list", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == [p.id for p in CATALOG.practices]
    box = next(i for i in items if i["id"] == "box_breathing")
    assert box["durations"] == [3, 5] and box["intense"] is True
    assert any("panic" in c for c in box["cautions"])


def test_practice_list_by_state() -> None:
    result = runner.invoke(app, ["practice", "list", "--state", "shut_down", "--json"])
    ids = {i["id"] for i in json.loads(result.stdout)}
    assert ids == {p.id for p in CATALOG.practices if "shut_down" in p.states}
    assert "rocking" in ids and "box_breathing" not in ids
    text = runner.invoke(app, ["practice", "list", "--state", "activated"])
    assert text.exit_code == 0
    assert "extended_exhale" in text.stdout and "contrast_shower" not in text.stdout


def test_practice_list_unknown_state_is_a_clear_error() -> None:
    result = runner.invoke(app, ["practice", "list", "--state", "calm"])
    assert result.exit_code == 1
    assert "'calm' is not a nervous-system state" in result.stderr
