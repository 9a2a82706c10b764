"""/api/v1/recordings: HRV readings posted as RR intervals (e.g. from a chest strap)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from vagal.services import recordings as service
from vagal.services.recordings import RecordingInput, RecordingKind, RecordingView
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller, Signed, json_response, read_as

router = APIRouter(tags=["recordings"])

KindName = Literal["morning", "session", "overnight", "live", "imported", "practice"]


class RecordingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rr_ms: list[Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        min_length=2, max_length=service.MAX_BEATS, description="RR intervals in milliseconds."
    )
    started_at: AwareDatetime | None = Field(
        None, description="Start time with its UTC offset (ISO 8601); now if absent."
    )
    kind: KindName = "morning"
    source: str = Field("api", min_length=1, max_length=120, description="Device or app name.")


class RecordingOut(BaseModel):
    id: int
    started_at: str
    local_date: date
    source: str
    kind: KindName
    n_beats: int
    duration_s: float
    algorithm_version: str
    metrics: dict[str, Any]
    notes: list[str]
    rr_ms: list[float] | None = None

    @classmethod
    def of(cls, view: RecordingView, rr: npt.NDArray[np.float64] | None = None) -> RecordingOut:
        return cls(
            id=view.id,
            started_at=view.started_at.isoformat(),
            local_date=view.local_date,
            source=view.source,
            kind=view.kind.value,
            n_beats=view.n_beats,
            duration_s=round(view.duration_s, 3),
            algorithm_version=view.algorithm_version,
            metrics=view.metrics,
            notes=list(view.notes),
            rr_ms=None if rr is None else [float(x) for x in rr],
        )


def recording_json(view: RecordingView) -> dict[str, Any]:
    """``RecordingOut.of(view)`` as JSON-ready data, built directly (for lists)."""
    return {
        "id": view.id,
        "started_at": view.started_at.isoformat(),
        "local_date": view.local_date.isoformat(),
        "source": view.source,
        "kind": view.kind.value,
        "n_beats": view.n_beats,
        "duration_s": round(view.duration_s, 3),
        "algorithm_version": view.algorithm_version,
        "metrics": view.metrics,
        "notes": list(view.notes),
        "rr_ms": None,
    }


#: Recordings per page of ``GET /recordings``: by default, and at most.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_OFFSET = 1_000_000


class RecordingList(BaseModel):
    items: list[RecordingOut]
    next_offset: int | None = Field(
        None, description="The `offset` of the next (older) page; null on the last page."
    )


@router.post("/recordings", response_model=RecordingOut, status_code=201, responses=ERRORS)
def create_recording(
    request: Request, response: Response, body: RecordingCreate, account: Caller
) -> RecordingOut:
    """Analyse and store an RR series. The same source and start time again changes nothing (200)."""
    now = context.now(request)
    recording = RecordingInput(
        started_at=body.started_at or now,
        source=body.source.strip(),
        kind=RecordingKind(body.kind),
        rr_ms=np.asarray(body.rr_ms, dtype=np.float64),
    )
    service.check_start(recording, now)
    metrics = service.analyze(recording.rr_ms)  # outside the write transaction
    with context.db(request).session(write=True) as session:
        view, created = service.add_recording(session, account, recording, now=now, metrics=metrics)
    if not created:
        response.status_code = 200
    return RecordingOut.of(view)


@router.get("/recordings", response_model=RecordingList, responses=ERRORS)
def list_recordings(
    request: Request,
    signed: Signed,
    kind: KindName | None = None,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: date | None = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description="Recordings per page (50 by default).")
    ] = PAGE_SIZE,
    offset: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_OFFSET,
            description="How many of the newest to skip: `next_offset` of a page.",
        ),
    ] = 0,
) -> Response:
    """Recordings newest first, one page at a time (without their RR series: ask for one
    recording with `include_rr=true`). Follow `next_offset` for older ones."""
    with read_as(request, signed) as (session, account):
        items = service.list_recordings(
            session,
            account,
            kind=RecordingKind(kind) if kind else None,
            start=from_,
            end=to,
            limit=limit + 1,
            offset=offset,
        )
    more = len(items) > limit
    return json_response(
        {
            "items": [recording_json(v) for v in items[:limit]],
            "next_offset": offset + limit if more else None,
        }
    )


@router.get("/recordings/{recording_id}", response_model=RecordingOut, responses=ERRORS)
def get_recording(
    request: Request, recording_id: int, signed: Signed, include_rr: bool = False
) -> RecordingOut:
    with read_as(request, signed) as (session, account):
        view, rr = service.get_recording(session, account, recording_id)
    return RecordingOut.of(view, rr if include_rr else None)
