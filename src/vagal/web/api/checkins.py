"""/api/v1/checkins: one check-in per local day; saving again updates it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from vagal.core.checkin import (
    MAX_NOTE_LENGTH,
    CheckinInput,
    NervousSystemState,
    normalise_tags,
    parse_body_signals,
    parse_health_flags,
    parse_landing,
    parse_state,
)
from vagal.services import checkins as service
from vagal.services.accounts import Account
from vagal.services.checkins import CheckinValues, StoredCheckin
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller, Signed, json_response, read_as

router = APIRouter(tags=["check-ins"])

StateName = Literal["settled", "activated", "shut_down"]
BodySignalName = Literal[
    "racing_heart",
    "chest_tightness",
    "shallow_breathing",
    "headache",
    "fatigue",
    "gut_upset",
    "muscle_tension",
    "shakiness",
    "numbness",
]
HealthFlagName = Literal["illness", "injury", "chest_pain"]
LandingName = Literal["energised", "fine", "drained"]


class CheckinFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sleep_hours: float | None = Field(None, ge=0, le=24, description="Hours slept last night.")
    sleep_quality: int | None = Field(None, ge=1, le=5, description="1 = very poor, 5 = very good.")
    energy: int | None = Field(None, ge=0, le=10, description="0 = none, 10 = plenty.")
    distress: int | None = Field(None, ge=0, le=10, description="SUDS: 0 = calm, 10 = the most.")
    state: StateName | None = Field(None, description="Nervous-system state right now.")
    body_signals: list[BodySignalName] = Field(default_factory=list, max_length=20)
    note: str = Field("", max_length=MAX_NOTE_LENGTH)
    tags: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    health_flags: list[HealthFlagName] = Field(
        default_factory=list, description="Reported today: illness, a new injury, chest pain."
    )
    last_session_landed: LandingName | None = Field(
        None, description="How yesterday's strength session landed this morning."
    )

    def to_input(self, local_date: date) -> CheckinInput:
        return CheckinInput(
            local_date=local_date,
            sleep_hours=self.sleep_hours,
            sleep_quality=self.sleep_quality,
            energy=self.energy,
            distress=self.distress,
            state=parse_state(self.state),
            body_signals=parse_body_signals(self.body_signals),
            note=self.note.strip(),
            tags=normalise_tags(self.tags),
            health_flags=parse_health_flags(self.health_flags),
            last_session_landed=parse_landing(self.last_session_landed),
        )


class CheckinCreate(CheckinFields):
    local_date: date | None = Field(
        None, description="The person's local day (YYYY-MM-DD); today in their time zone if absent."
    )


class CheckinOut(BaseModel):
    local_date: date
    sleep_hours: float | None
    sleep_quality: int | None
    energy: int | None
    distress: int | None
    state: StateName | None
    body_signals: list[str]
    note: str
    tags: list[str]
    health_flags: list[str]
    last_session_landed: LandingName | None
    needs_support: bool = Field(
        description="True when distress is very high: show crisis resources beside the answer."
    )
    created_at: str
    updated_at: str

    @classmethod
    def of(cls, checkin: StoredCheckin) -> CheckinOut:
        return cls(
            local_date=checkin.local_date,
            sleep_hours=checkin.sleep_hours,
            sleep_quality=checkin.sleep_quality,
            energy=checkin.energy,
            distress=checkin.distress,
            state=checkin.state.value if checkin.state else None,
            body_signals=[s.value for s in checkin.body_signals],
            note=checkin.note,
            tags=list(checkin.tags),
            health_flags=[f.value for f in checkin.health_flags],
            last_session_landed=(
                checkin.last_session_landed.value if checkin.last_session_landed else None
            ),
            needs_support=checkin.needs_support,
            created_at=checkin.created_at.isoformat(),
            updated_at=checkin.updated_at.isoformat(),
        )


def checkin_json(checkin: StoredCheckin) -> dict[str, Any]:
    """``CheckinOut.of(checkin)`` as JSON-ready data, built directly (for long lists)."""
    return {
        "local_date": checkin.local_date.isoformat(),
        "sleep_hours": checkin.sleep_hours,
        "sleep_quality": checkin.sleep_quality,
        "energy": checkin.energy,
        "distress": checkin.distress,
        "state": checkin.state.value if checkin.state else None,
        "body_signals": [s.value for s in checkin.body_signals],
        "note": checkin.note,
        "tags": list(checkin.tags),
        "health_flags": [f.value for f in checkin.health_flags],
        "last_session_landed": (
            checkin.last_session_landed.value if checkin.last_session_landed else None
        ),
        "needs_support": checkin.needs_support,
        "created_at": checkin.created_at.isoformat(),
        "updated_at": checkin.updated_at.isoformat(),
    }


_SHUT_DOWN = NervousSystemState.SHUT_DOWN.value


def checkin_items(values: Iterable[CheckinValues]) -> list[dict[str, Any]]:
    """``checkin_json`` of each listed check-in, built in one pass from the stored values (the
    values are checked against their enums when saved, so they are already the JSON values)."""
    return [
        {
            "local_date": day,
            "sleep_hours": hours,
            "sleep_quality": quality,
            "energy": energy,
            "distress": distress,
            "state": state or None,
            "body_signals": signals,
            "note": note,
            "tags": tags,
            "health_flags": flags,
            "last_session_landed": landed or None,
            "needs_support": distress is not None
            and (distress >= 9 or (distress >= 8 and state == _SHUT_DOWN)),
            "created_at": created.isoformat(),
            "updated_at": updated.isoformat(),
        }
        for (day, hours, quality, energy, distress, state, signals, note, tags, flags, landed,
             created, updated) in values
    ]  # fmt: skip


class CheckinList(BaseModel):
    items: list[CheckinOut]


def _save(
    request: Request, account: Account, body: CheckinFields, day: date
) -> tuple[CheckinOut, bool]:
    with context.db(request).session(write=True) as session:
        stored, created = service.save_checkin(
            session, account, body.to_input(day), now=context.now(request)
        )
    return CheckinOut.of(stored), created


@router.post("/checkins", response_model=CheckinOut, status_code=201, responses=ERRORS)
def create_checkin(
    request: Request, response: Response, body: CheckinCreate, account: Caller
) -> CheckinOut:
    """Record today's (or a past day's) check-in. If that day already has one, it is updated (200)."""
    day = body.local_date or service.local_today(account, context.now(request))
    fields = CheckinFields(**body.model_dump(exclude={"local_date"}))
    out, created = _save(request, account, fields, day)
    if not created:
        response.status_code = 200
    return out


@router.get("/checkins", response_model=CheckinList, responses=ERRORS)
def list_checkins(
    request: Request,
    signed: Signed,
    from_: Annotated[date | None, Query(alias="from", description="First day, YYYY-MM-DD.")] = None,
    to: Annotated[date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 366,
) -> Response:
    """Check-ins newest first, optionally between two days (inclusive)."""
    with read_as(request, signed) as (session, account):
        values = service.list_checkin_values(session, account, start=from_, end=to, limit=limit)
    return json_response({"items": checkin_items(values)})


@router.get("/checkins/{local_date}", response_model=CheckinOut, responses=ERRORS)
def get_checkin(request: Request, local_date: date, signed: Signed) -> CheckinOut:
    with read_as(request, signed) as (session, account):
        return CheckinOut.of(service.get_checkin(session, account, local_date))


@router.put("/checkins/{local_date}", response_model=CheckinOut, responses=ERRORS)
def put_checkin(
    request: Request, response: Response, local_date: date, body: CheckinFields, account: Caller
) -> CheckinOut:
    """Create or replace the check-in of that day (201 when new, 200 when replaced)."""
    out, created = _save(request, account, body, local_date)
    response.status_code = 201 if created else 200
    return out
