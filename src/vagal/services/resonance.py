"""Resonance-breathing assessments: score the paced rates, keep each rate as a recording, store the
chosen rate (the pacer offers the latest one by default).

``prepare`` checks and analyses everything with no transaction open; ``add_assessment`` then writes
the per-rate recordings (kind "practice") and the assessment in the caller's one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from vagal.core import resonance as core
from vagal.errors import InvalidInput, NotFound
from vagal.services import recordings
from vagal.services.accounts import Account
from vagal.services.recordings import RecordingInput, RecordingKind
from vagal.storage.repositories import resonance as repo
from vagal.storage.rows import ResonanceAssessmentRow

SOURCE = "resonance assessment"
MIN_RATES = 2


@dataclass(frozen=True, slots=True)
class RateInput:
    """What was recorded while the pacer played one rate."""

    breaths_per_min: float
    rr_ms: npt.NDArray[np.float64]
    started_at: datetime
    pacer_offset_s: float = 0.0
    inhale_share: float = 0.45


@dataclass(frozen=True, slots=True)
class PreparedAssessment:
    rates: tuple[RateInput, ...]
    assessment: core.ResonanceAssessment
    metrics: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class AssessmentView:
    id: int
    assessed_at: datetime
    rate_bpm: float
    #: Per rate, in the order recorded: rate_bpm, rank (1 = best; None if unscored), score,
    #: parts, metrics, reasons, recording_id, and ``unscored`` (the reason) when it could not be scored.
    scores: list[dict[str, Any]]
    recording_ids: list[int]

    @property
    def close_call(self) -> bool:
        ranked = sorted(
            (s["score"] for s in self.scores if s.get("score") is not None), reverse=True
        )
        return len(ranked) > 1 and ranked[0] - ranked[1] < core.CLOSE_CALL

    @classmethod
    def from_row(cls, row: ResonanceAssessmentRow) -> AssessmentView:
        return cls(
            id=row.id,
            assessed_at=row.assessed_at,
            rate_bpm=row.rate_bpm,
            scores=[dict(s) for s in row.scores],
            recording_ids=[int(i) for i in row.recording_ids],
        )


def _field(index: int, name: str) -> dict[str, Any]:
    return {"field": f"rates[{index}].{name}"}


def prepare(rates: Sequence[RateInput], now: datetime) -> PreparedAssessment:
    """Check the input, analyse every rate and score them (no database). Raises InvalidInput."""
    if len(rates) < MIN_RATES:
        raise InvalidInput(
            f"An assessment compares at least {MIN_RATES} breathing rates; {len(rates)} arrived. "
            "Record each rate of the protocol, then send them together.",
            details={"field": "rates"},
        )
    allowed = ", ".join(f"{r:g}" for r in core.PROTOCOL_RATES_BPM)
    seen: set[float] = set()
    for i, rate in enumerate(rates):
        if rate.breaths_per_min not in core.PROTOCOL_RATES_BPM:
            raise InvalidInput(
                f"{rate.breaths_per_min:g} breaths per minute is not one of the protocol's rates "
                f"({allowed}).",
                details=_field(i, "breaths_per_min"),
            )
        if rate.breaths_per_min in seen:
            raise InvalidInput(
                f"{rate.breaths_per_min:g} breaths per minute appears twice. Send each rate once.",
                details=_field(i, "breaths_per_min"),
            )
        seen.add(rate.breaths_per_min)
        seconds = float(rate.rr_ms.sum()) / 1000.0
        if seconds < core.MIN_STEP_S:
            raise InvalidInput(
                f"The recording at {rate.breaths_per_min:g} breaths per minute lasts {seconds:.0f} s; "
                f"each rate needs at least {core.MIN_STEP_S:.0f} s (about 2 minutes is best).",
                details=_field(i, "rr_ms"),
            )
        recordings.check_start(
            RecordingInput(rate.started_at, SOURCE, RecordingKind.PRACTICE, rate.rr_ms), now
        )
    metrics = []
    for i, rate in enumerate(rates):
        try:
            metrics.append(recordings.analyze(rate.rr_ms))
        except InvalidInput as exc:
            exc.details["field"] = _field(i, "rr_ms")["field"]
            raise
    try:
        assessment = core.assess_resonance(
            [
                core.RateRecording(
                    rate_bpm=r.breaths_per_min,
                    rr_ms=tuple(float(x) for x in r.rr_ms),
                    inhale_share=r.inhale_share,
                    pacer_offset_s=r.pacer_offset_s,
                )
                for r in rates
            ]
        )
    except InvalidInput as exc:
        exc.details.setdefault("field", "rates")
        raise
    if len(assessment.scores) < MIN_RATES:
        why = " ".join(reason for _, reason in assessment.unscored)
        raise InvalidInput(
            f"Too few rates had a clean enough recording to compare. {why} "
            "Check that the strap sits well and try those rates again.",
            details={"field": "rates"},
        )
    return PreparedAssessment(tuple(rates), assessment, tuple(metrics))


def _score_entries(
    assessment: core.ResonanceAssessment, recording_ids: dict[float, int]
) -> list[dict[str, Any]]:
    rank = {s.rate_bpm: i + 1 for i, s in enumerate(assessment.ranking)}
    by_rate = {s.rate_bpm: s for s in assessment.scores}
    unscored = dict(assessment.unscored)
    entries: list[dict[str, Any]] = []
    for rate in recording_ids:
        score = by_rate.get(rate)
        if score is None:
            entries.append(
                {
                    "rate_bpm": rate,
                    "rank": None,
                    "score": None,
                    "unscored": unscored.get(rate, ""),
                    "recording_id": recording_ids[rate],
                }
            )
            continue
        m = score.metrics
        entries.append(
            {
                "rate_bpm": rate,
                "rank": rank[rate],
                "score": round(score.score, 4),
                "parts": {k: round(v, 4) for k, v in score.parts},
                "metrics": {
                    "duration_s": round(m.duration_s, 1),
                    "breaths": m.breaths,
                    "phase_deg": round(m.phase_deg, 1),
                    "peak_to_trough_bpm": round(m.peak_to_trough_bpm, 2),
                    "lf_power_ms2": round(m.lf_power_ms2, 1),
                    "lf_peak_ms2_hz": round(m.lf_peak_ms2_hz, 1),
                    "lf_peak_hz": round(m.lf_peak_hz, 4),
                    "smoothness": round(m.smoothness, 3),
                },
                "reasons": list(core.reasons(score, assessment)),
                "recording_id": recording_ids[rate],
            }
        )
    return entries


def add_assessment(
    session: Session, account: Account, prepared: PreparedAssessment, *, now: datetime
) -> AssessmentView:
    """Store each rate as a recording (kind "practice") and the assessment; one transaction."""
    best = prepared.assessment.best_rate_bpm
    if best is None:  # prepare() guarantees scored rates; kept for the type checker
        raise InvalidInput("No rate could be scored.", details={"field": "rates"})
    ids: dict[float, int] = {}
    for rate, metrics in zip(prepared.rates, prepared.metrics, strict=True):
        view, _ = recordings.add_recording(
            session,
            account,
            RecordingInput(
                started_at=rate.started_at,
                source=SOURCE,
                kind=RecordingKind.PRACTICE,
                rr_ms=rate.rr_ms,
                notes=(f"Paced breathing at {rate.breaths_per_min:g} breaths per minute.",),
            ),
            now=now,
            metrics=metrics,
        )
        ids[rate.breaths_per_min] = view.id
    row = ResonanceAssessmentRow(
        user_id=account.id,
        assessed_at=now,
        rate_bpm=best,
        scores=_score_entries(prepared.assessment, ids),
        recording_ids=list(ids.values()),
        created_at=now,
    )
    repo.add(session, row)
    session.flush()
    return AssessmentView.from_row(row)


def get_assessment(session: Session, account: Account, assessment_id: int) -> AssessmentView:
    row = repo.get(session, account.id, assessment_id)
    if row is None:
        raise NotFound("There is no such resonance assessment.")
    return AssessmentView.from_row(row)


def list_assessments(
    session: Session, account: Account, *, limit: int = 50
) -> list[AssessmentView]:
    return [
        AssessmentView.from_row(r) for r in repo.list_for_user(session, account.id, limit=limit)
    ]


def latest(session: Session, account: Account) -> AssessmentView | None:
    """The person's most recent assessment (its ``rate_bpm`` is the pacer's default), if any."""
    rows = repo.list_for_user(session, account.id, limit=1)
    return AssessmentView.from_row(rows[0]) if rows else None
