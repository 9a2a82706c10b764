"""The typed HRV report and its JSON shape."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from vagal.core.hrv.artifacts import ArtifactReport
from vagal.core.hrv.frequency_domain import FrequencyDomain
from vagal.core.hrv.nonlinear import Nonlinear
from vagal.core.hrv.time_domain import TimeDomain

RELIABLE_MAX_PCT = 5.0
"""Above this share of artefact beats every metric is marked unreliable."""
DFA_RELIABLE_MAX_PCT = 3.0
"""DFA alpha1 is marked unreliable above this share (Rogers et al., Sensors 21:821, 2021)."""
UNAVAILABLE_ABOVE_PCT = 20.0
"""Above this share of artefact beats no metric is reported at all."""
GOOD_MAX_PCT = 1.0
"""Quality "good" needs at most this share of artefact beats (and detection quality >= 0.8)."""


@dataclass(frozen=True, slots=True)
class BeatDetectionSummary:
    """Where the beats came from when the input was a signal."""

    method: str
    quality: float
    sampling_rate_hz: float
    n_peaks: int


@dataclass(frozen=True, slots=True)
class HRVReport:
    """Everything `analyze_rr` / `analyze_ecg` / `analyze_ppg` found.

    Attributes:
        n_beats: NN intervals analysed (after correction, gaps excluded).
        duration_s: span from the first to the last beat, gaps included.
        analysed_s: sum of the NN intervals.
        n_segments / gap_count / gap_s: gap-free stretches and the signal lost between them.
        quality: "good", "acceptable" or "poor" (see `grade_quality`).
        unavailable: metric -> why it could not be computed (its value is None).
        unreliable: metric -> why its value should not be trusted (value still given).
    """

    n_beats: int
    duration_s: float
    analysed_s: float
    n_segments: int
    gap_count: int
    gap_s: float
    time: TimeDomain
    frequency: FrequencyDomain
    nonlinear: Nonlinear
    artifacts: ArtifactReport
    quality: str
    spectral_method: str
    unavailable: dict[str, str] = field(default_factory=dict)
    unreliable: dict[str, str] = field(default_factory=dict)
    beat_detection: BeatDetectionSummary | None = None

    def metrics(self) -> dict[str, float | int | None]:
        """All metric values by name (None when unavailable)."""
        out: dict[str, float | int | None] = {}
        for part in (self.time, self.frequency, self.nonlinear):
            for name in _field_names(type(part)):
                value = getattr(part, name)
                if name != "unavailable" and not isinstance(value, str | dict):
                    out[name] = value
        out.pop("n_windows", None)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `vagal hrv analyze --json`."""
        art = self.artifacts
        return {
            "n_beats": self.n_beats,
            "duration_s": self.duration_s,
            "analysed_s": self.analysed_s,
            "n_segments": self.n_segments,
            "gaps": {"count": self.gap_count, "total_s": self.gap_s},
            **self.metrics(),
            "artifacts": {
                "total": art.total,
                "ectopic": art.ectopic,
                "missed": art.missed,
                "extra": art.extra,
                "long_short": art.long_short,
                "artifact_pct": art.artifact_pct,
                "corrected_pct": art.corrected_pct,
                "corrected": art.corrected,
                "iterations": art.iterations,
                "positions": {k: list(v) for k, v in art.positions.items()},
            },
            "quality": self.quality,
            "spectral": {
                "method": self.spectral_method,
                "n_windows": self.frequency.n_windows,
                "resampling_hz": 4.0 if self.spectral_method != "none" else None,
                "window_s": 256.0 if self.spectral_method != "none" else None,
            },
            "unavailable": dict(self.unavailable),
            "unreliable": dict(self.unreliable),
            "beat_detection": asdict(self.beat_detection) if self.beat_detection else None,
        }


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def grade_quality(artifact_pct: float, detection_quality: float | None = None) -> str:
    """'good' (<= 1 % artefacts), 'acceptable' (<= 5 %) or 'poor'; a signal's detection
    quality below 0.8 caps the grade at 'acceptable', below 0.5 at 'poor'."""
    grades = ["good", "acceptable", "poor"]
    level = 0 if artifact_pct <= GOOD_MAX_PCT else 1 if artifact_pct <= RELIABLE_MAX_PCT else 2
    if detection_quality is not None:
        level = max(level, 0 if detection_quality >= 0.8 else 1 if detection_quality >= 0.5 else 2)
    return grades[level]


def reliability(
    metric_names: list[str], artifact_pct: float
) -> tuple[dict[str, str], dict[str, str]]:
    """(unavailable, unreliable) reasons caused by the share of artefact beats."""
    pct = f"{artifact_pct:.1f} % of beats were artefacts"
    if artifact_pct > UNAVAILABLE_ABOVE_PCT:
        reason = f"{pct} (more than {UNAVAILABLE_ABOVE_PCT:g} %): too many to analyse"
        return dict.fromkeys(metric_names, reason), {}
    unreliable: dict[str, str] = {}
    if artifact_pct > RELIABLE_MAX_PCT:
        unreliable = dict.fromkeys(metric_names, f"{pct} (more than {RELIABLE_MAX_PCT:g} %)")
    elif artifact_pct > DFA_RELIABLE_MAX_PCT and "dfa_alpha1" in metric_names:
        unreliable["dfa_alpha1"] = f"{pct} (DFA alpha1 needs at most {DFA_RELIABLE_MAX_PCT:g} %)"
    return {}, unreliable
