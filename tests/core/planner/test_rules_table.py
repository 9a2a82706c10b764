"""The rule table itself: unique ids, sources, thresholds, and the check-in invariant by design."""

from __future__ import annotations

import re
import string

from vagal.core.planner import RULES
from vagal.core.planner import conditions as c
from vagal.core.planner.rules import PROMPTS, Phase


def test_ids_are_unique_and_well_formed() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"R[0-9]+\.[a-z_]+", rid) for rid in ids)
    assert {rule.family for rule in RULES} >= {f"R{n}" for n in range(8)}


def test_the_table_is_in_id_order() -> None:
    families = [int(rule.family[1:]) for rule in RULES]
    assert families == sorted(families)


def test_checkin_rules_can_only_cap() -> None:
    for rule in RULES:
        if rule.phase is Phase.CHECKIN:
            assert not rule.effect.lower_one_level, rule.id


def test_every_rule_has_a_source_and_known_prompts() -> None:
    for rule in RULES:
        assert rule.source and rule.cite and rule.when
        assert set(rule.effect.prompts) <= set(PROMPTS)


def test_explanations_use_only_named_fields() -> None:
    for rule in RULES:
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.explanation) if name}
        assert all(name.isidentifier() for name in fields), rule.id


def test_thresholds_name_the_running_constants() -> None:
    for rule in RULES:
        for threshold in rule.thresholds:
            assert getattr(c, threshold.name) == threshold.value


def test_threshold_values() -> None:
    assert c.DISTRESS_REGULATION_ONLY == 7
    assert c.MIN_DAYS_BETWEEN_SESSIONS == 2
    assert c.RESTING_HR_RISE_BPM == 5.0
    assert c.ACUTE_SD_MULTIPLIER == 1.0
