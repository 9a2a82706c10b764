"""The regulation-practice catalog: one TOML file per family, every word vagal's own.

``load_practice_catalog()`` reads the files shipped in this package and validates them into the
frozen types of ``vagal.catalog.practices.model``. A broken file raises ``PracticeCatalogError``
naming the file and the field, e.g. ``breathing.toml, practices[2].steps[1].breath``.

What a file holds: ``family`` (matching the file name) and ``[[practices]]``, each with

- ``id`` (lower-case words joined by ``_``, unique in the catalog), ``name``, ``summary``;
- ``states``: any of ``activated``, ``shut_down``, ``settled`` (the states it suits);
- ``durations``: minutes offered, any of 1, 3, 5, 10, shortest first;
- ``cautions`` (list of texts, may be empty), optional ``note`` and ``intense`` (default false);
- ``[[practices.steps]]``, each with ``text``, ``seconds`` and an optional ``breath``
  (``{ inhale = 4, exhale = 6 }`` plus optional ``hold_in``/``hold_out``, in seconds).
  ``seconds`` is a number (the step is the same in every length) or a table from length to
  seconds (``{ 1 = 10, 5 = 30 }``; a length left out skips the step at that length).

For every offered length, the steps add up to the length (``DURATION_TOLERANCE_S``); a paced step
holds whole breaths; breath holds make a practice ``intense``; intense practices carry cautions and
never suit an activated or shut-down person by default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, NoReturn

from vagal.catalog.practices.model import (
    DURATION_TOLERANCE_S,
    DURATIONS_MIN,
    FAMILY_LABELS,
    HOLD_CAUTION,
    BreathPattern,
    Family,
    Practice,
    Script,
    Step,
    check_practice,
    custom_breathing_practice,
    describe_pattern,
)
from vagal.core.checkin import NervousSystemState
from vagal.errors import ConfigurationError, InvalidInput

__all__ = [
    "DURATIONS_MIN",
    "DURATION_TOLERANCE_S",
    "FAMILY_LABELS",
    "HOLD_CAUTION",
    "BreathPattern",
    "Family",
    "Practice",
    "PracticeCatalog",
    "PracticeCatalogError",
    "Script",
    "Step",
    "custom_breathing_practice",
    "describe_pattern",
    "load_practice_catalog",
    "parse_family_file",
]

FILE_KEYS = frozenset({"family", "practices"})
PRACTICE_KEYS = frozenset(
    {"id", "name", "summary", "states", "durations", "cautions", "note", "intense", "steps"}
)
STEP_KEYS = frozenset({"text", "seconds", "breath"})
BREATH_KEYS = frozenset({"inhale", "hold_in", "exhale", "hold_out"})


class PracticeCatalogError(ConfigurationError):
    """A practice file that cannot be used; the message names the file and the field."""

    code = "practice_catalog_invalid"

    def __init__(self, file: str, field: str, problem: str) -> None:
        super().__init__(f"{file}, {field}: {problem}", details={"file": file, "field": field})


@dataclass(frozen=True, slots=True)
class PracticeCatalog:
    practices: tuple[Practice, ...]

    def get(self, practice_id: str) -> Practice:
        for practice in self.practices:
            if practice.id == practice_id:
                return practice
        raise KeyError(practice_id)

    def __contains__(self, practice_id: object) -> bool:
        return any(p.id == practice_id for p in self.practices)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.practices)

    def for_state(self, state: NervousSystemState) -> tuple[Practice, ...]:
        """Practices that suit ``state`` (intense ones never suit activated or shut down)."""
        return tuple(p for p in self.practices if p.suits(state))

    def in_family(self, family: Family) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if p.family is family)


class _Reader:
    """Typed access to one table, raising PracticeCatalogError with the field's full name."""

    def __init__(self, file: str, prefix: str, table: Any, keys: frozenset[str]) -> None:
        self.file, self.prefix = file, prefix
        if not isinstance(table, dict):
            self.fail("", "this should be a table.")
        self.table: Mapping[str, Any] = table
        unknown = sorted(set(table) - keys)
        if unknown:
            self.fail(unknown[0], f"'{unknown[0]}' is not a field vagal knows. Check the spelling.")

    def fail(self, field: str, problem: str) -> NoReturn:
        raise PracticeCatalogError(self.file, f"{self.prefix}{field}".rstrip("."), problem)

    def text(self, field: str, *, optional: bool = False) -> str:
        value = self.table.get(field, "" if optional else None)
        if not isinstance(value, str) or (not optional and not value.strip()):
            self.fail(field, "this should be non-empty text in quotes.")
        return value.strip()

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.table.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(field, "this should be a list of non-empty texts.")
        return tuple(v.strip() for v in value)

    def flag(self, field: str) -> bool:
        value = self.table.get(field, False)
        if not isinstance(value, bool):
            self.fail(field, "this should be true or false.")
        return value

    def seconds(self, field: str, *, optional: bool = False) -> float:
        value = self.table.get(field, 0 if optional else None)
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.fail(field, "this should be a number of seconds.")
        return float(value)


def parse_family_file(file: str, text: str) -> tuple[Practice, ...]:
    """The practices in one family file's TOML ``text`` (e.g. ``breathing.toml``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PracticeCatalogError(file, "(file)", f"this is not valid TOML ({error}).") from None
    top = _Reader(file, "", data, FILE_KEYS)
    name = top.text("family")
    try:
        family = Family(name)
    except ValueError:
        top.fail("family", f"'{name}' is not one of: {', '.join(Family)}.")
    if file.removesuffix(".toml") != family.value:
        top.fail("family", f"the file for '{family.value}' should be named {family.value}.toml.")
    raw = data.get("practices")
    if not isinstance(raw, list) or not raw:
        top.fail("practices", "add the practices as [[practices]] tables.")
    return tuple(
        _parse_practice(_Reader(file, f"practices[{i}].", item, PRACTICE_KEYS), family)
        for i, item in enumerate(raw)
    )


def _parse_practice(reader: _Reader, family: Family) -> Practice:
    states = []
    for state in reader.texts("states"):
        try:
            states.append(NervousSystemState(state))
        except ValueError:
            reader.fail("states", f"'{state}' is not one of: {', '.join(NervousSystemState)}.")
    durations = reader.table.get("durations")
    if not isinstance(durations, list) or not all(
        isinstance(m, int) and not isinstance(m, bool) and m in DURATIONS_MIN for m in durations
    ):
        reader.fail("durations", f"this should be a list of minutes from {DURATIONS_MIN}.")
    raw_steps = reader.table.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        reader.fail("steps", "add the steps as [[practices.steps]] tables.")
    parsed = [
        _parse_step(_Reader(reader.file, f"{reader.prefix}steps[{i}].", raw, STEP_KEYS), durations)
        for i, raw in enumerate(raw_steps)
    ]
    scripts = tuple(
        Script(
            minutes,
            tuple(
                step
                for text, by_length, breath in parsed
                for step in _step_at(text, by_length, breath, minutes)
            ),
        )
        for minutes in durations
    )
    try:
        practice = Practice(
            id=reader.text("id"),
            name=reader.text("name"),
            family=family,
            summary=reader.text("summary"),
            states=frozenset(states),
            scripts=scripts,
            cautions=reader.texts("cautions"),
            note=reader.text("note", optional=True),
            intense=reader.flag("intense"),
        )
        check_practice(practice)
    except InvalidInput as error:
        reader.fail(str(error.details.get("field", "")), error.message)
    return practice


def _step_at(
    text: str, by_length: dict[int, float], breath: BreathPattern | None, minutes: int
) -> tuple[Step, ...]:
    seconds = by_length.get(minutes)
    return () if seconds is None else (Step(text, seconds, breath),)


def _parse_step(
    reader: _Reader, durations: list[int]
) -> tuple[str, dict[int, float], BreathPattern | None]:
    text = reader.text("text")
    raw = reader.table.get("seconds")
    if isinstance(raw, dict):
        by_length: dict[int, float] = {}
        for key, value in raw.items():
            if not key.isdigit() or int(key) not in durations:
                reader.fail(f"seconds.{key}", f"{key} is not one of the lengths {durations}.")
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                reader.fail(f"seconds.{key}", "this should be a positive number of seconds.")
            by_length[int(key)] = float(value)
    else:
        every = reader.seconds("seconds")
        by_length = dict.fromkeys(durations, every)
    breath = None
    if "breath" in reader.table:
        b = _Reader(reader.file, f"{reader.prefix}breath.", reader.table["breath"], BREATH_KEYS)
        try:
            breath = BreathPattern(
                inhale_s=b.seconds("inhale"),
                exhale_s=b.seconds("exhale"),
                hold_in_s=b.seconds("hold_in", optional=True),
                hold_out_s=b.seconds("hold_out", optional=True),
            )
        except InvalidInput as error:
            reader.fail("breath", error.message)
    try:
        for seconds in by_length.values():
            Step(text, seconds, breath)
    except InvalidInput as error:
        reader.fail("seconds", error.message)
    return text, by_length, breath


@cache
def load_practice_catalog() -> PracticeCatalog:
    """Every practice shipped with vagal, in family order, validated (cached)."""
    folder = resources.files(__package__)
    practices: list[Practice] = []
    for family in Family:
        file = f"{family.value}.toml"
        practices.extend(parse_family_file(file, folder.joinpath(file).read_text("utf-8")))
    seen: set[str] = set()
    for practice in practices:
        if practice.id in seen:
            raise PracticeCatalogError(
                f"{practice.family.value}.toml", "id", f"'{practice.id}' is used twice."
            )
        seen.add(practice.id)
    return PracticeCatalog(tuple(practices))
