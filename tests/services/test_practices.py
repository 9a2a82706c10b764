"""The practices and moments services on the real database (the API tests cover the wiring)."""

from __future__ import annotations

import math

import pytest

from tests.conftest import Clock, Persona
from vagal.catalog.practices import BreathPattern, load_practice_catalog
from vagal.core.checkin import NervousSystemState
from vagal.errors import Conflict, InvalidInput, NotFound
from vagal.services import moments, practices
from vagal.services.moments import MomentInput
from vagal.services.practices import PracticeLogInput
from vagal.storage.db import Database

CATALOG = load_practice_catalog()


@pytest.mark.parametrize("rate", [4.5, 5.0, 5.5, 6.0, 6.5])
@pytest.mark.parametrize("minutes", [3, 5, 10])
def test_with_pattern_keeps_the_length_and_whole_breaths(rate: float, minutes: int) -> None:
    script = CATALOG.get("resonance_breathing").script(minutes)
    pattern = BreathPattern.at_rate(rate)
    mine = practices.with_pattern(script, pattern)
    assert math.isclose(mine.total_s, 60 * minutes)
    assert len(mine.steps) == len(script.steps)
    for before, after in zip(script.steps, mine.steps, strict=True):
        assert after.text == before.text
        if before.breath is not None:
            assert after.breath == pattern
            assert after.breaths >= 1
            assert math.isclose(after.seconds, after.breaths * pattern.cycle_s)


def test_deleted_custom_pattern_keeps_its_logs_with_a_kind_label(
    db: Database, client_persona: Persona, clock: Clock
) -> None:
    account = client_persona.account
    with db.session(write=True) as s:
        custom = practices.create_custom_pattern(
            s, account, "Night", BreathPattern(inhale_s=4, exhale_s=8), now=clock.now
        )
        practices.log_practice(
            s,
            account,
            PracticeLogInput(custom.practice_id, planned_minutes=3, done_s=100),
            now=clock.now,
        )
        practices.delete_custom_pattern(s, account, custom.id)
    with db.session(write=False) as s:
        (log,) = practices.list_logs(s, account)
        assert log.practice_id == custom.practice_id
        assert "deleted" in practices.practice_label(s, account, log.practice_id)
        assert practices.practice_label(s, account, "orienting") == "Orienting to the room"
        with pytest.raises(NotFound):
            practices.get_practice(s, account, "custom:abc")


def test_a_failed_write_stores_nothing(db: Database, client_persona: Persona, clock: Clock) -> None:
    account = client_persona.account

    def open_then_log_badly() -> None:
        with db.session(write=True) as s:
            moments.open_moment(
                s, account, MomentInput(NervousSystemState.ACTIVATED), now=clock.now
            )
            practices.log_practice(
                s, account, PracticeLogInput("orienting", 3, 100, distress_after=11), now=clock.now
            )

    with pytest.raises(InvalidInput):
        open_then_log_badly()
    with db.session(write=False) as s:
        assert moments.list_moments(s, account) == []
        assert practices.list_logs(s, account) == []


def test_settling_twice_changes_nothing(
    db: Database, client_persona: Persona, clock: Clock
) -> None:
    account = client_persona.account
    with db.session(write=True) as s:
        moment, suggestion, created = moments.open_moment(
            s, account, MomentInput(NervousSystemState.SHUT_DOWN, distress=5), now=clock.now
        )
    assert created and suggestion.reason == "suits_state"
    assert suggestion.practice_id == "orienting"
    clock.advance(seconds=95)
    with db.session(write=True) as s:
        first = moments.settle_moment(s, account, moment.id, now=clock.now)
    assert first.recovery_s == 95
    clock.advance(hours=1)
    with pytest.raises(Conflict) as raised, db.session(write=True) as s:
        moments.settle_moment(s, account, moment.id, now=clock.now)
    assert "already" in raised.value.message
    with db.session(write=False) as s:
        again = moments.get_moment(s, account, moment.id)
    assert (again.settled_at, again.recovery_s) == (first.settled_at, 95)


def test_person_seed_is_fixed_per_person(client_persona: Persona, other_persona: Persona) -> None:
    seed = practices.person_seed(client_persona.account)
    assert seed == practices.person_seed(client_persona.account)
    assert seed != practices.person_seed(other_persona.account)
