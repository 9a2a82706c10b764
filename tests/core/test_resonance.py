"""Resonance scoring on synthetic RR with a known resonance: the best rate must win."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from vagal.core.resonance import (
    PROTOCOL_RATES_BPM,
    STEP_DURATION_S,
    WEIGHTS,
    RateRecording,
    assess_resonance,
    rate_metrics,
)
from vagal.errors import InvalidInput

INHALE_SHARE = 0.45
FINE_HZ = 200.0


def triangle(t: np.ndarray, period: float) -> np.ndarray:
    """The pacer's lung volume (0..1), written independently of the module's helper."""
    x = np.mod(t, period) / period
    volume: np.ndarray = np.where(x < INHALE_SHARE, x / INHALE_SHARE, (1 - x) / (1 - INHALE_SHARE))
    return volume


def synthetic_rr(
    rate_bpm: float,
    *,
    swing_bpm: float,
    lag_deg: float,
    seed: int,
    noise_bpm: float = 0.0,
    seconds: float = STEP_DURATION_S,
    base_bpm: float = 66.0,
) -> tuple[float, ...]:
    """Heart rate = base + swing × (lung volume delayed by lag − ½) + noise; beats from its integral."""
    period = 60.0 / rate_bpm
    t = np.arange(0.0, seconds + 5.0, 1.0 / FINE_HZ)
    delay = lag_deg / 360.0 * period
    hr = base_bpm + swing_bpm * (triangle(t - delay, period) - 0.5)
    if noise_bpm:
        rng = np.random.default_rng(seed)
        # Noise at 4 Hz, held between samples, so it is jagged on the breath's time scale.
        coarse = rng.normal(0.0, noise_bpm, size=int(t[-1] * 4) + 2)
        hr = hr + coarse[(t * 4).astype(int)]
    beats_so_far = np.cumsum(hr / 60.0) / FINE_HZ
    beat_times = np.interp(np.arange(1, math.floor(beats_so_far[-1]) + 1), beats_so_far, t)
    # The first beat is at t = 0: RR series count time from the beat that opens the first interval.
    beat_times = np.concatenate([[0.0], beat_times[beat_times <= seconds]])
    return tuple(float(x) for x in np.diff(beat_times) * 1000.0)


def resonant_body(rate_bpm: float, resonance_bpm: float, *, q: float = 2.5) -> tuple[float, float]:
    """Swing (bpm) and lag (degrees) of a driven resonator: largest swing and 0° at resonance."""
    detune = q * (rate_bpm / resonance_bpm - resonance_bpm / rate_bpm)
    return 12.0 / math.sqrt(1.0 + detune**2), math.degrees(math.atan(detune))


def protocol(resonance_bpm: float, *, noise_bpm: float = 0.7, seed: int = 0) -> list[RateRecording]:
    recordings = []
    for i, rate in enumerate(PROTOCOL_RATES_BPM):
        swing, lag = resonant_body(rate, resonance_bpm)
        rr = synthetic_rr(rate, swing_bpm=swing, lag_deg=lag, noise_bpm=noise_bpm, seed=seed + i)
        recordings.append(RateRecording(rate, rr, inhale_share=INHALE_SHARE))
    return recordings


@pytest.mark.parametrize("resonance_bpm", PROTOCOL_RATES_BPM)
def test_the_resonant_rate_wins(resonance_bpm: float) -> None:
    result = assess_resonance(protocol(resonance_bpm))
    assert result.best_rate_bpm == resonance_bpm
    assert result.unscored == ()
    assert [s.rate_bpm for s in result.scores] == list(PROTOCOL_RATES_BPM)
    assert result.ranking[0].rate_bpm == resonance_bpm
    best = result.ranking[0].metrics
    assert abs(best.phase_deg) < 15
    assert best.peak_to_trough_bpm == max(s.metrics.peak_to_trough_bpm for s in result.scores)


def test_the_resonant_rate_wins_between_protocol_steps_too() -> None:
    # A resonance at 5.2 /min: the nearest step, 5.0, should win.
    assert assess_resonance(protocol(5.2, seed=11)).best_rate_bpm == 5.0


def test_metrics_of_a_clean_wave_match_what_went_in() -> None:
    rr = synthetic_rr(6.0, swing_bpm=10.0, lag_deg=30.0, seed=0)
    m = rate_metrics(RateRecording(6.0, rr, inhale_share=INHALE_SHARE))
    assert m.breaths == 11  # the 12th breath ends exactly at 120 s, after the last beat
    assert m.duration_s == pytest.approx(120.0, abs=1.0)
    # Each beat averages the heart rate over its interval, which blunts the triangle's apexes.
    assert 8.0 < m.peak_to_trough_bpm <= 10.0
    assert m.phase_deg == pytest.approx(30.0, abs=4.0)
    assert m.smoothness > 0.95  # a triangle wave is almost all fundamental
    assert m.lf_peak_hz == pytest.approx(0.1, abs=2 * 4.0 / 1024)
    assert m.lf_power_ms2 > 0
    assert m.lf_peak_ms2_hz > 0


def test_heart_rate_leading_the_breath_has_a_negative_phase() -> None:
    rr = synthetic_rr(5.0, swing_bpm=8.0, lag_deg=-45.0, seed=0)
    m = rate_metrics(RateRecording(5.0, rr, inhale_share=INHALE_SHARE))
    assert m.phase_deg == pytest.approx(-45.0, abs=4.0)


def test_pacer_offset_moves_the_phase() -> None:
    # The same heart rate, with the pacer said to have started a quarter breath later.
    rr = synthetic_rr(6.0, swing_bpm=10.0, lag_deg=0.0, seed=0)
    on_time = rate_metrics(RateRecording(6.0, rr, inhale_share=INHALE_SHARE))
    late = rate_metrics(RateRecording(6.0, rr, inhale_share=INHALE_SHARE, pacer_offset_s=2.5))
    assert on_time.phase_deg == pytest.approx(0.0, abs=4.0)
    assert late.phase_deg == pytest.approx(-90.0, abs=4.0)


def test_an_offset_a_whole_breath_later_is_the_same_pacer() -> None:
    """The page wraps the offset into one breath (the pacer repeats): the phase is unchanged,
    only the first whole breath may start a breath later."""
    rr = synthetic_rr(6.0, swing_bpm=10.0, lag_deg=30.0, seed=2)
    near = rate_metrics(RateRecording(6.0, rr, inhale_share=INHALE_SHARE, pacer_offset_s=1.5))
    wrapped = rate_metrics(RateRecording(6.0, rr, inhale_share=INHALE_SHARE, pacer_offset_s=11.5))
    assert wrapped.phase_deg == pytest.approx(near.phase_deg, abs=2.0)
    assert near.phase_deg == pytest.approx(30.0 - 1.5 / 10.0 * 360.0, abs=5.0)


def test_jagged_heart_rate_is_less_smooth() -> None:
    clean = rate_metrics(RateRecording(6.0, synthetic_rr(6.0, swing_bpm=8, lag_deg=0, seed=1)))
    noisy = rate_metrics(
        RateRecording(6.0, synthetic_rr(6.0, swing_bpm=8, lag_deg=0, seed=1, noise_bpm=3.0))
    )
    assert noisy.smoothness < clean.smoothness - 0.1


def test_scores_combine_the_five_criteria_with_stated_weights() -> None:
    result = assess_resonance(protocol(5.5))
    for score in result.scores:
        parts = dict(score.parts)
        assert set(parts) == set(WEIGHTS)
        assert all(0.0 <= v <= 1.0 for v in parts.values())
        expected = sum(WEIGHTS[k] * parts[k] for k in WEIGHTS) / sum(WEIGHTS.values())
        assert score.score == pytest.approx(expected)
    best = dict(result.ranking[0].parts)
    assert best["peak_to_trough"] == 1.0


def test_a_short_or_broken_step_is_left_unscored_and_the_rest_still_count() -> None:
    recordings = protocol(6.0)
    recordings[4] = RateRecording(4.5, recordings[4].rr_ms[:40])  # about 35 s
    result = assess_resonance(recordings)
    assert result.best_rate_bpm == 6.0
    ((rate, reason),) = result.unscored
    assert rate == 4.5
    assert "at least 60 s" in reason


def test_a_gap_splits_the_step_and_the_longest_stretch_is_used() -> None:
    rr = list(synthetic_rr(5.0, swing_bpm=8.0, lag_deg=0.0, seed=2))
    rr[20] = 4000.0  # a dropout: a gap, not a beat
    m = rate_metrics(RateRecording(5.0, tuple(rr)))
    assert 90.0 < m.duration_s < 110.0
    assert m.breaths >= 7


def test_no_scorable_step_gives_no_rate() -> None:
    short = RateRecording(6.0, (900.0,) * 30)
    result = assess_resonance([short])
    assert result.best_rate_bpm is None
    assert result.scores == ()
    assert not result.close_call


def test_two_near_equal_rates_are_a_close_call() -> None:
    rr = synthetic_rr(6.0, swing_bpm=10.0, lag_deg=0.0, seed=3)
    rr2 = synthetic_rr(5.5, swing_bpm=10.0, lag_deg=0.0, seed=3)
    result = assess_resonance([RateRecording(6.0, rr), RateRecording(5.5, rr2)])
    assert result.close_call


def test_bad_input_is_a_clear_error() -> None:
    rr = synthetic_rr(6.0, swing_bpm=10.0, lag_deg=0.0, seed=3)
    with pytest.raises(InvalidInput, match="once"):
        assess_resonance([RateRecording(6.0, rr), RateRecording(6.0, rr)])
    with pytest.raises(InvalidInput, match="2 to 20"):
        RateRecording(30.0, rr)
    with pytest.raises(InvalidInput, match="20-80 %"):
        RateRecording(6.0, rr, inhale_share=0.95)
    with pytest.raises(InvalidInput, match="offset"):
        RateRecording(6.0, rr, pacer_offset_s=-1.0)


def test_reasons_say_what_each_criterion_showed_in_words() -> None:
    from vagal.core.resonance import reasons

    result = assess_resonance(protocol(5.0, noise_bpm=0.0))
    by_rate = {s.rate_bpm: s for s in result.scores}
    best = reasons(by_rate[5.0], result)
    assert best[0].startswith("Your heart rate rose and fell in step with your breath")
    assert best[1].endswith("the largest swing of all the rates.")
    assert re.match(r"Slow-wave \(LF\) power was \d+ ms², \d+ % of the highest", best[2])
    assert re.match(r"\d+ % of the heart-rate curve followed one smooth wave", best[3])
    # Far from resonance the heart lags (faster paces) or leads (slower paces) the breath.
    fast = reasons(by_rate[6.5], result)
    assert by_rate[6.5].metrics.phase_deg > 30
    assert fast[0].startswith("Your heart rate moved behind your breath")
    assert "(the largest was" in fast[1]
