"""Strength sessions in the services: today's session from today's plan, logs, history, landing."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from tests.conftest import Clock, Persona, make_account
from tests.services.strength_support import check_in, do_session, ready
from vagal.catalog.exercises import load_exercise_catalog
from vagal.core.checkin import NervousSystemState, SessionLanding
from vagal.core.planner.inputs import Equipment, SessionFeel
from vagal.core.training import SetLog, StepKind
from vagal.errors import Conflict, InvalidInput, NotFound
from vagal.services import plans
from vagal.services import strength as service
from vagal.services.accounts import Account
from vagal.services.strength import LogInput
from vagal.storage.db import Database
from vagal.storage.repositories import strength_sessions as repo
from vagal.storage.rows import StrengthSessionRow

BOOKENDS = {StepKind.BREATH, StepKind.GROUNDING}


def count(db: Database, persona: Persona) -> int:
    with db.session(write=False) as s:
        return len(service.list_sessions(s, persona.account))


def test_not_a_strength_day_says_why_instead_of_building(
    db: Database, clock: Clock, client_persona: Persona
) -> None:
    account = client_persona.account
    day = check_in(db, account, clock.now)  # the readiness questions are not answered yet
    with db.session(write=False) as s:
        result = service.next_session(s, account, day=day, now=clock.now)
    assert result.session is None and not result.available
    assert result.message.startswith("Today's plan is ")
    assert "readiness questions" in result.message


def test_todays_session_fits_the_plan_and_the_equipment(
    db: Database, clock: Clock, client_persona: Persona
) -> None:
    account = client_persona.account
    ready(db, account, clock.now, equipment=("bands",), minutes=10)
    day = check_in(db, account, clock.now, state=NervousSystemState.ACTIVATED, distress=3)
    with db.session(write=False) as s:
        result = service.next_session(s, account, day=day, now=clock.now)
    built = result.session
    assert built is not None
    assert built.today == day == date(2026, 3, 10)
    assert built.total_s <= result.plan.dose.minutes.high * 60
    assert built.steps[0].kind in BOOKENDS and built.steps[-1].kind in BOOKENDS
    catalog = load_exercise_catalog()
    assert all(catalog.level(m.exercise_id).fits([Equipment.BANDS]) for m in built.movements)
    assert built.rest_s == result.plan.dose.rest_s.high  # type: ignore[union-attr]  # activated
    assert set(result.targets) == set(catalog.patterns)


def test_a_log_is_stored_once_per_client_id(
    db: Database, clock: Clock, client_persona: Persona, other_persona: Persona
) -> None:
    account = client_persona.account
    ready(db, account, clock.now)
    check_in(db, account, clock.now)
    stored = do_session(db, account, clock.now, client_id="same-id-123")
    assert stored.length_minutes == 10 and stored.sets and stored.planned["steps"]
    again = LogInput("same-id-123", stored.local_date, clock.now, ())
    with db.session(write=True) as s:
        second, created = service.log_session(s, account, again, now=clock.now)
    assert not created and second.id == stored.id
    assert count(db, client_persona) == 1
    # Another person's session is not theirs to read, even with its id.
    with db.session(write=False) as s, pytest.raises(NotFound):
        service.get_session(s, other_persona.account, stored.id)
    with db.session(write=False) as s:
        assert service.get_session(s, account, stored.id).client_id == "same-id-123"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("unknown", "sets"),
        ("too_many", "sets"),
        ("future", "local_date"),
        ("client_id", "client_id"),
        ("distress", "distress_before"),
    ],
)
def test_bad_logs_store_nothing(
    db: Database, clock: Clock, client_persona: Persona, change: str, field: str
) -> None:
    account = client_persona.account
    ready(db, account, clock.now)
    day = check_in(db, account, clock.now)
    with db.session(write=False) as s:
        built = service.next_session(s, account, day=day, now=clock.now).session
    assert built is not None
    first = built.movements[0]
    sets = tuple(SetLog(first.exercise_id, 5) for _ in range(first.sets))
    log = LogInput("client-0001", day, clock.now, sets)
    if change == "unknown":
        log = LogInput("client-0001", day, clock.now, (SetLog("not_an_exercise", 5),))
    elif change == "too_many":
        log = LogInput("client-0001", day, clock.now, (*sets, SetLog(first.exercise_id, 5)))
    elif change == "future":
        log = LogInput("client-0001", day + timedelta(days=1), clock.now, sets)
    elif change == "client_id":
        log = LogInput("not a client id", day, clock.now, sets)
    elif change == "distress":
        log = LogInput("client-0001", day, clock.now, sets, distress_before=11)
    with db.session(write=True) as s, pytest.raises(InvalidInput) as error:
        service.log_session(s, account, log, now=clock.now)
    assert error.value.details["field"] == field
    assert count(db, client_persona) == 0


def test_the_same_log_arriving_twice_at_once_is_stored_once(
    db: Database, clock: Clock, client_persona: Persona, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = client_persona.account
    ready(db, account, clock.now)
    check_in(db, account, clock.now)
    first = do_session(db, account, clock.now, client_id="racing-0001")
    # The second request looked before the first had committed: it saw nothing yet.
    real = repo.get_by_client_id
    calls: list[str] = []

    def late(session: Session, user_id: int, client_id: str) -> StrengthSessionRow | None:
        calls.append(client_id)
        return None if len(calls) == 1 else real(session, user_id, client_id)

    monkeypatch.setattr(repo, "get_by_client_id", late)
    racing = LogInput("racing-0001", first.local_date, clock.now, first.sets)
    with db.session(write=True) as s:
        monkeypatch.setattr(plans, "today_plan", _plan_before(s, account, first.local_date, clock))
        again, created = service.log_session(s, account, racing, now=clock.now)
    assert not created and again.id == first.id and len(calls) == 2
    assert count(db, client_persona) == 1


def _plan_before(s: Session, account: Account, day: date, clock: Clock) -> Any:
    """today_plan as it stood before the session (the racing request's view)."""
    before = plans.today_plan(s, account, day=day, now=clock.now, include_day=False)
    return lambda *args, **kwargs: before


def test_negative_reps_are_refused_before_anything_is_stored() -> None:
    with pytest.raises(InvalidInput) as error:
        SetLog("sit_to_stand", -1)
    assert error.value.details["field"] == "reps"


def test_a_log_for_a_day_without_a_strength_plan_is_a_conflict(
    db: Database, clock: Clock, client_persona: Persona
) -> None:
    account = client_persona.account
    day = check_in(db, account, clock.now)  # not screened: regulation only
    log = LogInput("client-0001", day, clock.now, (SetLog("sit_to_stand", 5),))
    with db.session(write=True) as s, pytest.raises(Conflict) as error:
        service.log_session(s, account, log, now=clock.now)
    assert error.value.code == "not_a_strength_day"
    assert count(db, client_persona) == 0


def test_how_a_session_landed_feeds_the_next_plans_end_to_end(
    db: Database, clock: Clock, client_persona: Persona
) -> None:
    account = client_persona.account
    ready(db, account, clock.now, minutes=10)
    check_in(db, account, clock.now)
    first = do_session(db, account, clock.now, client_id="day-one-0001")
    with db.session(write=False) as s:
        same_day = service.next_session(s, account, day=first.local_date, now=clock.now)
    assert not same_day.available and "R2.spacing" in same_day.plan.rule_ids
    # The next morning: it left the person drained; still too soon for strength.
    clock.advance(days=1)
    day2 = check_in(db, account, clock.now, landed=SessionLanding.DRAINED)
    with db.session(write=False) as s:
        assert service.get_session(s, account, first.id).landed is SessionLanding.DRAINED
        second = service.next_session(s, account, day=day2, now=clock.now)
    assert not second.available and "R2.spacing" in second.plan.rule_ids
    # Two days on: strength again, gentler (a regressed dose, shorter) because of "drained".
    clock.advance(days=1)
    day3 = check_in(db, account, clock.now)
    with db.session(write=False) as s:
        third = service.next_session(s, account, day=day3, now=clock.now)
        today = plans.today_plan(s, account, day=day3, now=clock.now)
    assert third.session is not None
    assert "R3.drained" in today.plan.rule_ids and today.plan.dose.regressed
    assert third.session.minutes == 5
    assert all(t.change.value in {"regress_drained", "start"} for t in third.targets.values())
    assert all(m.sets == 1 for m in third.session.movements)


def test_the_session_grows_after_two_sessions_that_landed_well(
    db: Database, clock: Clock, client_persona: Persona
) -> None:
    account = client_persona.account
    ready(db, account, clock.now, minutes=5, days=3)
    lengths = []
    for index in range(3):
        check_in(db, account, clock.now)
        stored = do_session(db, account, clock.now, client_id=f"grow-{index:05d}")
        lengths.append(stored.length_minutes)
        clock.advance(days=1)  # the next morning: it landed fine (a rest day)
        check_in(db, account, clock.now, landed=SessionLanding.FINE)
        clock.advance(days=1)
    assert lengths == [5, 5, 10]


def test_a_shorter_length_chosen_after_sessions_grew_holds_until_it_grows_again(
    db: Database, clock: Clock, client_persona: Persona
) -> None:
    """Saving the preferences is choosing the length from now on. The form shows the length
    sessions have grown to, so saving it unchanged keeps it; choosing less is respected at once
    (erring on the easy side), and it grows again only after two good sessions at it."""
    account = client_persona.account
    ready(db, account, clock.now, minutes=5, days=3)
    lengths: list[int] = []

    def one_session(tag: str) -> None:
        check_in(db, account, clock.now)
        stored = do_session(db, account, clock.now, client_id=f"{tag}-{len(lengths):05d}")
        lengths.append(stored.length_minutes)
        clock.advance(days=1)  # the next morning: it landed fine (a rest day)
        check_in(db, account, clock.now, landed=SessionLanding.FINE)
        clock.advance(days=2)  # every third day: at most 3 sessions in 7 days

    def minutes_now() -> int:
        with db.session(write=False) as s:
            day = account.local_today(clock.now).date()
            return service.session_minutes_now(s, account, day=day)

    for _ in range(3):
        one_session("grow")
    assert lengths == [5, 5, 10] and minutes_now() == 10
    ready(db, account, clock.now, minutes=minutes_now(), days=3)  # the form saved unchanged
    one_session("same")
    # Kept, and counted afresh from the choice: two good sessions at it before it grows.
    assert lengths[-1] == 10 and minutes_now() == 10
    one_session("same")
    assert lengths[-1] == 10 and minutes_now() == 15
    ready(db, account, clock.now, minutes=5, days=3)  # "shorter, please"
    assert minutes_now() == 5
    for _ in range(3):
        one_session("short")
    assert lengths[-3:] == [5, 5, 10]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    equipment=st.sets(st.sampled_from(["bands", "dumbbells", "kettlebell"]), max_size=3),
    minutes=st.sampled_from([5, 10, 15]),
    days=st.lists(
        st.tuples(
            st.sampled_from(list(NervousSystemState)),
            st.integers(0, 8),
            st.sampled_from([None, *SessionLanding]),
            st.sampled_from(list(SessionFeel)),
        ),
        min_size=3,
        max_size=8,
    ),
)
def test_over_stored_history_sessions_stay_within_the_plan(
    db: Database,
    equipment: set[str],
    minutes: int,
    days: list[tuple[NervousSystemState, int, SessionLanding | None, SessionFeel]],
) -> None:
    """Whatever the days bring: never two strength days in a row, never above the planned dose,
    always opening and closing with breath or grounding, always within the equipment."""
    clock = Clock()
    account = make_account(db, f"p{uuid4().hex}@example.org")
    owned = [Equipment(e) for e in equipment] or [Equipment.NONE]
    ready(db, account, clock.now, equipment=[e.value for e in owned], minutes=minutes)
    catalog = load_exercise_catalog()
    done: list[date] = []
    for index, (state, distress, landed, felt) in enumerate(days):
        day = check_in(db, account, clock.now, state=state, distress=distress, landed=landed)
        with db.session(write=False) as s:
            result = service.next_session(s, account, day=day, now=clock.now)
        if result.session is not None:
            built, dose = result.session, result.plan.dose
            assert built.total_s <= dose.minutes.high * 60
            assert built.steps[0].kind in BOOKENDS and built.steps[-1].kind in BOOKENDS
            assert all(m.sets <= dose.sets.high for m in built.movements)  # type: ignore[union-attr]
            assert all(catalog.level(m.exercise_id).fits(owned) for m in built.movements)
            do_session(db, account, clock.now, client_id=f"prop-{index:05d}", felt=felt)
            done.append(day)
        else:  # a log for a day without a strength plan is refused, and nothing is stored
            attempt = LogInput(f"prop-{index:05d}", day, clock.now, (SetLog("sit_to_stand", 5),))
            with db.session(write=True) as s, pytest.raises(Conflict):
                service.log_session(s, account, attempt, now=clock.now)
        clock.advance(days=1)
    assert all((b - a).days >= 2 for a, b in pairwise(done))
    with db.session(write=False) as s:
        assert [x.local_date for x in service.list_sessions(s, account)] == done[::-1]
