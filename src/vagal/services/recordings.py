"""HRV recordings: analyse an RR series with the engine, store it compactly, read it back.

The RR series is stored as zlib-compressed little-endian float64 milliseconds; the engine's
report is cached beside it with the engine's algorithm version and recomputed when that changes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Row
from sqlalchemy.orm import Session

from vagal.core.hrv import analyze_rr
from vagal.core.hrv.version import ALGORITHM_VERSION
from vagal.errors import InvalidInput, NotFound
from vagal.services.accounts import Account
from vagal.storage.repositories import recordings as repo
from vagal.storage.rows import RecordingRow, metric_columns

COARSE_NOTE = (
    "Analysed in the time domain only, with artefacts counted but not corrected: intervals "
    "rounded to whole beats per minute are too coarse for spectral analysis, and correcting "
    "them would suggest a precision they do not have."
)
MAX_BEATS = 400_000  # about 3.5 days at 80 bpm: far more than one recording needs


class RecordingKind(StrEnum):
    MORNING = "morning"
    SESSION = "session"
    OVERNIGHT = "overnight"
    LIVE = "live"
    IMPORTED = "imported"
    PRACTICE = "practice"


KIND_LABELS = {
    RecordingKind.MORNING: "Morning reading",
    RecordingKind.SESSION: "During a practice or session",
    RecordingKind.OVERNIGHT: "Overnight",
    RecordingKind.LIVE: "Live (chest strap)",
    RecordingKind.IMPORTED: "Imported",
    RecordingKind.PRACTICE: "Paced breathing",
}


@dataclass(frozen=True, slots=True)
class RecordingInput:
    started_at: datetime
    source: str
    kind: RecordingKind
    rr_ms: npt.NDArray[np.float64]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordingView:
    id: int
    started_at: datetime
    local_date: date
    source: str
    kind: RecordingKind
    n_beats: int
    duration_s: float
    metrics: dict[str, Any]
    algorithm_version: str
    notes: tuple[str, ...]

    @classmethod
    def from_row(cls, row: RecordingRow | Row[*tuple[Any, ...]]) -> RecordingView:
        """From a stored row, or a plain row of ``repo.LIST_COLUMNS``."""
        return cls(
            id=row.id,
            started_at=row.started_at,
            local_date=row.local_date,
            source=row.source,
            kind=RecordingKind(row.kind),
            n_beats=row.n_beats,
            duration_s=row.duration_s,
            metrics=dict(row.metrics),
            algorithm_version=row.algorithm_version,
            notes=tuple(row.notes),
        )

    @property
    def rmssd_ms(self) -> float | None:
        value = self.metrics.get("rmssd_ms")
        return float(value) if isinstance(value, int | float) else None

    @property
    def ln_rmssd(self) -> float | None:
        value = self.metrics.get("ln_rmssd")
        return float(value) if isinstance(value, int | float) else None


def encode_rr(rr_ms: npt.ArrayLike) -> bytes:
    return zlib.compress(np.asarray(rr_ms, dtype="<f8").tobytes(), level=6)


def decode_rr(blob: bytes) -> npt.NDArray[np.float64]:
    return np.frombuffer(zlib.decompress(blob), dtype="<f8").astype(np.float64)


def analyze(
    rr_ms: npt.NDArray[np.float64],
    *,
    timestamps_s: npt.NDArray[np.float64] | None = None,
    coarse: bool = False,
) -> dict[str, Any]:
    """The engine's report as JSON-ready data (raises InvalidInput for unusable series).

    `coarse=True` is the lighter analysis for series too coarse for the full one (intervals
    derived from whole-number bpm, as in Apple's beat lists; see `COARSE_NOTE`): time-domain
    and nonlinear metrics only, every spectral metric marked unavailable with the reason (the
    report's spectral method is "none"), and artefacts detected and counted but not corrected.
    """
    if rr_ms.size > MAX_BEATS:
        raise InvalidInput(
            f"This recording has {rr_ms.size:,} beats; one recording can hold at most "
            f"{MAX_BEATS:,}. Split it into shorter recordings.",
            details={"field": "rr_ms"},
        )
    try:
        report = analyze_rr(
            rr_ms,
            timestamps_s=timestamps_s,
            correct_artifacts=not coarse,
            frequency_domain=not coarse,
        )
        return dict(report.to_dict())
    except InvalidInput as exc:
        exc.details.setdefault("field", "rr_ms")
        raise


def check_start(recording: RecordingInput, now: datetime) -> None:
    """A start time must carry its zone and must not lie in the future."""
    if recording.started_at.tzinfo is None:
        raise InvalidInput(
            "A recording's start time must include its time zone.", details={"field": "started_at"}
        )
    if recording.started_at > now:
        raise InvalidInput(
            "That recording starts in the future. Check the start time and its time zone.",
            details={"field": "started_at"},
        )


def recording_values(
    account: Account,
    recording: RecordingInput,
    metrics: dict[str, Any],
    *,
    now: datetime,
    import_id: int | None = None,
) -> dict[str, Any]:
    """The column values of a new recording row (for one row or a bulk insert)."""
    return {
        "user_id": account.id,
        "import_id": import_id,
        "started_at": recording.started_at,
        "local_date": account.local_today(recording.started_at).date(),
        "source": recording.source,
        "kind": recording.kind.value,
        "rr_blob": encode_rr(recording.rr_ms),
        "n_beats": int(recording.rr_ms.size),
        "duration_s": float(recording.rr_ms.sum() / 1000.0),
        "metrics": metrics,
        **metric_columns(metrics),
        "algorithm_version": ALGORITHM_VERSION,
        "notes": list(recording.notes),
        "created_at": now,
    }


def add_recording(
    session: Session,
    account: Account,
    recording: RecordingInput,
    *,
    now: datetime,
    metrics: dict[str, Any] | None = None,
    import_id: int | None = None,
) -> tuple[RecordingView, bool]:
    """Store a recording unless one with the same source and start time exists (idempotent)."""
    check_start(recording, now)
    existing = repo.find_by_natural_key(session, account.id, recording.source, recording.started_at)
    if existing is not None:
        return RecordingView.from_row(existing), False
    report = metrics if metrics is not None else analyze(recording.rr_ms)
    row = RecordingRow(**recording_values(account, recording, report, now=now, import_id=import_id))
    repo.add(session, row)
    session.flush()
    return RecordingView.from_row(row), True


def get_recording(
    session: Session, account: Account, recording_id: int
) -> tuple[RecordingView, npt.NDArray[np.float64]]:
    """The recording and its RR series; metrics are recomputed if the engine has changed."""
    row = repo.get_recording(session, account.id, recording_id)
    if row is None:
        raise NotFound("There is no such recording.")
    rr = decode_rr(row.rr_blob)
    view = RecordingView.from_row(row)
    if row.algorithm_version != ALGORITHM_VERSION:
        metrics = analyze(rr, coarse=is_coarse(row.metrics))
        view = replace(view, metrics=metrics, algorithm_version=ALGORITHM_VERSION)
    return view, rr


def is_coarse(metrics: dict[str, Any]) -> bool:
    """True for a recording given the lighter analysis (`analyze(..., coarse=True)`), so a
    fresh analysis after an engine update keeps it that way."""
    spectral = metrics.get("spectral")
    return isinstance(spectral, dict) and spectral.get("method") == "none"


def refresh_stale(session: Session, account: Account, recording_id: int) -> None:
    """Store freshly computed metrics if the cached ones came from an older engine."""
    row = repo.get_recording(session, account.id, recording_id)
    if row is not None and row.algorithm_version != ALGORITHM_VERSION:
        row.metrics = analyze(decode_rr(row.rr_blob), coarse=is_coarse(row.metrics))
        row.algorithm_version = ALGORITHM_VERSION


def list_recordings(
    session: Session,
    account: Account,
    *,
    kind: RecordingKind | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[RecordingView]:
    rows = repo.list_recordings(
        session,
        account.id,
        kind=kind.value if kind else None,
        start=start,
        end=end,
        limit=limit,
        offset=offset,
    )
    return [RecordingView.from_row(row) for row in rows]
