"""'What helps me' against hand-computed values."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from vagal.core.checkin import NervousSystemState
from vagal.core.insights import (
    MIN_USES,
    PracticeUse,
    bootstrap_mean_interval,
    practice_effect,
    what_helps,
)
from vagal.errors import InvalidInput

ACTIVATED, SETTLED = NervousSystemState.ACTIVATED, NervousSystemState.SETTLED


def uses(
    practice_id: str,
    pairs: list[tuple[int, int]],
    state: NervousSystemState | None = None,
) -> list[PracticeUse]:
    return [PracticeUse(practice_id, before, after, state) for before, after in pairs]


# drops (before − after) 1, 2, 3, 4, 5: mean 3, sd = sqrt(10 / 4) = 1.5811, d_z = 3 / 1.5811
SIGH = uses("physiological_sigh", [(8, 7), (7, 5), (6, 3), (9, 5), (5, 0)])
# drops 0, 0, 0, 0, 10: mean 2, sd = sqrt((4 · 4 + 64) / 4) = sqrt(20), d_z = 2 / sqrt(20)
ROCK = uses("rocking", [(3, 3), (4, 4), (5, 5), (2, 2), (10, 0)])
# every drop is 2: sd 0
ORIENT = uses("orienting", [(6, 4), (7, 5), (5, 3), (4, 2), (3, 1)])


def test_mean_change_and_cohens_dz_by_hand() -> None:
    effect = practice_effect("physiological_sigh", SIGH, seed=1)
    assert effect.uses == 5
    assert (effect.mean_before, effect.mean_after) == (7.0, 4.0)
    assert effect.mean_drop == 3.0
    assert effect.sd_drop == pytest.approx(math.sqrt(2.5))
    assert effect.effect_size_dz == pytest.approx(3 / math.sqrt(2.5))
    assert effect.effect_size_dz == pytest.approx(1.897367, abs=1e-6)


def test_bootstrap_interval_by_hand_for_a_binomial_case() -> None:
    # Resampling 0,0,0,0,10: the mean is 2·K with K ~ Binomial(5, 1/5).
    # P(K = 0) = 0.328 > 0.025, so the 2.5th percentile is 0.
    # P(K ≤ 2) = 0.942 < 0.975 ≤ P(K ≤ 3) = 0.993, so the 97.5th percentile is 2·3 = 6.
    effect = practice_effect("rocking", ROCK, seed=7)
    assert effect.mean_drop == 2.0
    assert effect.effect_size_dz == pytest.approx(2 / math.sqrt(20))
    assert (effect.ci_low, effect.ci_high) == (0.0, 6.0)


def test_bootstrap_matches_the_exact_bootstrap_distribution() -> None:
    drops = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    # All 5^5 equally likely resamples, enumerated.
    exact = np.array([drops[list(i)].mean() for i in itertools.product(range(5), repeat=5)])
    exact_low, exact_high = np.quantile(exact, [0.025, 0.975])
    low, high = bootstrap_mean_interval(drops, rng=np.random.default_rng(3), resamples=40_000)
    assert low == pytest.approx(exact_low, abs=0.05)
    assert high == pytest.approx(exact_high, abs=0.05)
    assert low < 3.0 < high


def test_identical_drops_have_no_effect_size_and_a_point_interval() -> None:
    effect = practice_effect("orienting", ORIENT, seed=0)
    assert effect.mean_drop == 2.0
    assert effect.sd_drop == 0.0
    assert effect.effect_size_dz is None
    assert (effect.ci_low, effect.ci_high) == (2.0, 2.0)
    assert effect.clearly_helps


def test_what_helps_orders_by_mean_drop_and_lists_practices_with_too_few_uses() -> None:
    few = uses("shaking", [(5, 1), (6, 2), (7, 3), (8, 4)])
    report = what_helps([*ROCK, *few, *ORIENT, *SIGH], seed=42)
    assert [e.practice_id for e in report.effects] == [
        "physiological_sigh",
        "orienting",
        "rocking",
    ]
    assert report.too_few_uses == (("shaking", 4),)
    assert (report.min_uses, report.seed, report.state) == (MIN_USES, 42, None)
    sigh = report.effects[0]
    assert sigh.clearly_helps
    assert not report.effects[2].clearly_helps  # rocking: the interval reaches 0


def test_distress_that_rises_gives_a_negative_drop() -> None:
    worse = uses("box_breathing", [(3, 5), (2, 4), (4, 5), (3, 6), (2, 2)])
    (effect,) = what_helps(worse, seed=1).effects
    assert effect.mean_drop == pytest.approx(-1.6)
    assert effect.effect_size_dz is not None
    assert effect.effect_size_dz < 0
    assert effect.ci_high <= 0
    assert not effect.clearly_helps


def test_state_filter_uses_only_uses_begun_in_that_state() -> None:
    logged = [*uses("extended_exhale", [(8, 4)] * 5, ACTIVATED)]
    logged += uses("extended_exhale", [(3, 3)] * 5, SETTLED)
    logged += uses("extended_exhale", [(3, 3)] * 3)
    (activated,) = what_helps(logged, seed=1, state=ACTIVATED).effects
    assert (activated.uses, activated.mean_drop) == (5, 4.0)
    (everything,) = what_helps(logged, seed=1).effects
    assert everything.uses == 13
    assert everything.mean_drop == pytest.approx(20 / 13)
    assert what_helps(logged, seed=1, state=NervousSystemState.SHUT_DOWN).effects == ()


def test_same_seed_same_interval_and_practices_do_not_disturb_each_other() -> None:
    alone = what_helps(SIGH, seed=5).effects[0]
    again = what_helps(SIGH, seed=5).effects[0]
    with_others = next(
        e for e in what_helps([*ROCK, *SIGH], seed=5).effects if e.practice_id == alone.practice_id
    )
    assert alone == again == with_others
    # With few resamples the interpolated percentiles show the seed matters.
    five = what_helps(SIGH, seed=5, resamples=101).effects[0]
    six = what_helps(SIGH, seed=6, resamples=101).effects[0]
    assert (five.ci_low, five.ci_high) != (six.ci_low, six.ci_high)


def test_no_uses_is_an_empty_report() -> None:
    report = what_helps([], seed=0)
    assert (report.effects, report.too_few_uses) == ((), ())


@pytest.mark.parametrize(("before", "after"), [(-1, 3), (11, 3), (3, 12), (True, 3)])
def test_distress_must_be_a_whole_number_from_0_to_10(before: int, after: int) -> None:
    with pytest.raises(InvalidInput, match="whole number from 0 to 10"):
        PracticeUse("rocking", before, after)


def test_float_distress_is_refused() -> None:
    with pytest.raises(InvalidInput):
        PracticeUse("rocking", 3.5, 2)  # type: ignore[arg-type]


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(InvalidInput):
        what_helps(SIGH, seed=1, min_uses=1)
    with pytest.raises(InvalidInput):
        what_helps(SIGH, seed=1, resamples=10)
    with pytest.raises(InvalidInput, match="at least 2"):
        practice_effect("rocking", ROCK[:1], seed=1)
    with pytest.raises(InvalidInput, match="belong"):
        practice_effect("rocking", SIGH, seed=1)


def test_large_histories_stay_bounded_and_fast() -> None:
    many = [PracticeUse("rocking", 6, (i * 7) % 7) for i in range(3000)]
    (effect,) = what_helps(many, seed=1, resamples=2000).effects
    assert effect.ci_low <= effect.mean_drop <= effect.ci_high
