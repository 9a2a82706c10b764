"""docs/planner-rules.md is generated from the rules and must match them."""

from __future__ import annotations

from pathlib import Path

from vagal.core.planner import RULES, render_rules_markdown
from vagal.core.planner.docs import REGENERATE

DOC = Path(__file__).parents[3] / "docs" / "planner-rules.md"


def test_the_committed_rules_page_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_rules_markdown(), (
        f"docs/planner-rules.md is stale. Regenerate it with:\n{REGENERATE}"
    )


def test_every_rule_and_source_is_on_the_page() -> None:
    page = render_rules_markdown()
    for rule in RULES:
        assert f"## `{rule.id}`" in page
        assert rule.source in page
        assert rule.explanation in page
        for threshold in rule.thresholds:
            assert f"`{threshold.name}` = {threshold.value:g}" in page


def test_rendering_is_deterministic() -> None:
    assert render_rules_markdown() == render_rules_markdown()
    assert render_rules_markdown().endswith("\n") and not render_rules_markdown().endswith("\n\n")
