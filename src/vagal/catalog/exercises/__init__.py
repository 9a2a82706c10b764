"""The gentle-strength exercise catalog: one TOML file per movement pattern, in our own words.

``load_exercise_catalog()`` reads the files shipped in this package and validates them into the
core's frozen dataclasses (``vagal.core.training.exercises``). A broken file raises
``CatalogError`` naming the file and the field, e.g. ``squat.toml, levels[2].cues``.

What every file must hold:

- ``pattern`` (matching the file name), ``name``, ``summary``, and 4 to 6 ``[[levels]]``;
- levels numbered 1, 2, 3… in order; level 1 needs no equipment;
- per level: ``id`` (lower-case words joined by ``_``, unique in the catalog), ``name``,
  ``equipment`` (``["none"]`` or any of bands, dumbbells, kettlebell: one of them is enough),
  ``props`` (household things), ``unit``, ``setup``, 2 to 4 ``cues``, a ``breathing`` cue,
  1 to 4 ``mistakes``, 0 to 3 ``cautions``, ``regression`` and ``progression`` (the ids one
  level down and up in the same pattern, ``""`` at the ends) and an optional ``illustration``
  (an SVG file in ``svg/``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any, NoReturn

from vagal.core.planner.inputs import Equipment
from vagal.core.training.exercises import ExerciseCatalog, ExerciseLevel, Ladder, Pattern, Unit
from vagal.errors import ConfigurationError

MIN_LEVELS, MAX_LEVELS = 4, 6
MIN_CUES, MAX_CUES = 2, 4
MIN_MISTAKES, MAX_MISTAKES = 1, 4
MAX_CAUTIONS = 3
#: Household things a level may ask for (not equipment: most homes have them).
PROPS = frozenset({"bags", "bottles", "chair", "counter", "door", "mat", "stair", "towel", "wall"})
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
FILE_KEYS = frozenset({"pattern", "name", "summary", "levels"})
LEVEL_KEYS = frozenset(
    {
        "level",
        "id",
        "name",
        "equipment",
        "props",
        "unit",
        "setup",
        "cues",
        "breathing",
        "mistakes",
        "cautions",
        "regression",
        "progression",
        "illustration",
    }
)
SVG_DIR = "svg"


class CatalogError(ConfigurationError):
    """A catalog file that cannot be used; the message names the file and the field."""

    code = "exercise_catalog_invalid"

    def __init__(self, file: str, field: str, problem: str) -> None:
        super().__init__(f"{file}, {field}: {problem}", details={"file": file, "field": field})


class _Reader:
    """Typed access to one table of a file, raising CatalogError with the field's full name."""

    def __init__(
        self, file: str, prefix: str, table: Mapping[str, Any], keys: frozenset[str]
    ) -> None:
        self.file, self.prefix, self.table = file, prefix, table
        unknown = sorted(set(table) - keys)
        if unknown:
            self.fail(unknown[0], f"'{unknown[0]}' is not a field vagal knows. Check the spelling.")

    def fail(self, field: str, problem: str) -> NoReturn:
        raise CatalogError(self.file, f"{self.prefix}{field}", problem)

    def text(self, field: str, *, optional: bool = False) -> str:
        value = self.table.get(field, "" if optional else None)
        if value is None:
            self.fail(field, "this field is missing.")
        if not isinstance(value, str):
            self.fail(field, "this should be text in quotes.")
        if not optional and not value.strip():
            self.fail(field, "this should not be empty.")
        return str(value).strip()

    def texts(self, field: str, low: int, high: int) -> tuple[str, ...]:
        value = self.table.get(field)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(field, "this should be a list of non-empty texts.")
        items = tuple(str(v).strip() for v in value)
        if not low <= len(items) <= high:
            self.fail(field, f"a level needs {low} to {high} of these; this one has {len(items)}.")
        return items

    def integer(self, field: str) -> int:
        value = self.table.get(field)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(field, "this should be a whole number.")
        return int(value)


def parse_pattern_file(
    file: str, text: str, *, illustrations: Iterable[str] | None = None
) -> Ladder:
    """One pattern's ladder from the TOML ``text`` of ``file`` (e.g. ``squat.toml``).

    ``illustrations``: the SVG file names available; ``None`` skips that check.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(file, "(file)", f"this is not valid TOML ({error}).") from None
    top = _Reader(file, "", data, FILE_KEYS)
    pattern_id = top.text("pattern")
    try:
        pattern = Pattern(pattern_id)
    except ValueError:
        top.fail("pattern", f"'{pattern_id}' is not one of: {', '.join(Pattern)}.")
    if file.removesuffix(".toml") != pattern.value:
        top.fail("pattern", f"the file for '{pattern.value}' should be named {pattern.value}.toml.")
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not all(isinstance(x, dict) for x in raw_levels):
        top.fail("levels", "add the levels as [[levels]] tables.")
    if not MIN_LEVELS <= len(raw_levels) <= MAX_LEVELS:
        top.fail(
            "levels", f"a pattern needs {MIN_LEVELS} to {MAX_LEVELS} levels, not {len(raw_levels)}."
        )
    available = None if illustrations is None else frozenset(illustrations)
    levels = tuple(
        _parse_level(_Reader(file, f"levels[{i}].", raw, LEVEL_KEYS), pattern, i + 1, available)
        for i, raw in enumerate(raw_levels)
    )
    if Equipment.NONE not in levels[0].equipment:
        top.fail("levels[0].equipment", "the gentlest level must need no equipment.")
    return Ladder(pattern, top.text("name"), top.text("summary"), levels)


def _parse_level(
    reader: _Reader, pattern: Pattern, expected: int, illustrations: frozenset[str] | None
) -> ExerciseLevel:
    level = reader.integer("level")
    if level != expected:
        reader.fail("level", f"levels go 1, 2, 3… in order; expected {expected} here, not {level}.")
    exercise_id = reader.text("id")
    if not ID_PATTERN.match(exercise_id):
        reader.fail("id", f"'{exercise_id}' should be lower-case words joined by underscores.")
    illustration = reader.text("illustration", optional=True) or None
    if illustration is not None and illustrations is not None and illustration not in illustrations:
        reader.fail("illustration", f"there is no {SVG_DIR}/{illustration} beside the catalog.")
    return ExerciseLevel(
        id=exercise_id,
        pattern=pattern,
        level=level,
        name=reader.text("name"),
        equipment=_equipment(reader),
        props=_props(reader),
        unit=_unit(reader),
        setup=reader.text("setup"),
        cues=reader.texts("cues", MIN_CUES, MAX_CUES),
        breathing=reader.text("breathing"),
        mistakes=reader.texts("mistakes", MIN_MISTAKES, MAX_MISTAKES),
        cautions=reader.texts("cautions", 0, MAX_CAUTIONS),
        regression=reader.text("regression", optional=True) or None,
        progression=reader.text("progression", optional=True) or None,
        illustration=illustration,
    )


def _equipment(reader: _Reader) -> tuple[Equipment, ...]:
    values = reader.table.get("equipment")
    allowed = ", ".join(e.value for e in Equipment)
    if not isinstance(values, list) or not values:
        reader.fail("equipment", f"list what the level needs, from: {allowed}.")
    try:
        equipment = tuple(Equipment(v) for v in values)
    except ValueError:
        reader.fail("equipment", f"every value should be one of: {allowed}.")
    if Equipment.NONE in equipment and len(equipment) > 1:
        reader.fail("equipment", "'none' stands alone; leave out the other values.")
    if len(set(equipment)) != len(equipment):
        reader.fail("equipment", "a value is listed twice.")
    return equipment


def _props(reader: _Reader) -> tuple[str, ...]:
    values = reader.table.get("props", [])
    if not isinstance(values, list) or any(v not in PROPS for v in values):
        reader.fail("props", f"every prop should be one of: {', '.join(sorted(PROPS))}.")
    return tuple(str(v) for v in values)


def _unit(reader: _Reader) -> Unit:
    value = reader.text("unit")
    try:
        return Unit(value)
    except ValueError:
        reader.fail("unit", f"'{value}' should be one of: {', '.join(Unit)}.")


def build_catalog(
    files: Mapping[str, str], *, illustrations: Iterable[str] | None = None
) -> ExerciseCatalog:
    """The whole catalog from ``{file name: TOML text}``: one file per pattern, links checked."""
    available = None if illustrations is None else frozenset(illustrations)
    ladders = {
        name: parse_pattern_file(name, text, illustrations=available)
        for name, text in sorted(files.items())
    }
    missing = [p.value for p in Pattern if f"{p.value}.toml" not in ladders]
    if missing:
        raise CatalogError(f"{missing[0]}.toml", "(file)", "every pattern needs its own file.")
    _check_ids_unique(ladders)
    for name, ladder in ladders.items():
        _check_links(name, ladder)
    return ExerciseCatalog(tuple(ladders[f"{p.value}.toml"] for p in Pattern))


def _check_ids_unique(ladders: Mapping[str, Ladder]) -> None:
    seen: dict[str, str] = {}
    for name, ladder in ladders.items():
        for i, level in enumerate(ladder.levels):
            if level.id in seen:
                raise CatalogError(
                    name, f"levels[{i}].id", f"'{level.id}' is already used in {seen[level.id]}."
                )
            seen[level.id] = name


def _check_links(file: str, ladder: Ladder) -> None:
    """Each regression and progression names the level one step away in the same pattern."""
    ids = [level.id for level in ladder.levels]
    for i, level in enumerate(ladder.levels):
        for field, j in (("regression", i - 1), ("progression", i + 1)):
            target = getattr(level, field)
            expected = ids[j] if 0 <= j < len(ids) else None
            if target == expected:
                continue
            if expected is None:
                problem = f'the {"gentlest" if j < 0 else "last"} level has no {field}; use "".'
            elif target is None:
                problem = f"name the level one step away: '{expected}'."
            elif target in ids:
                problem = f"'{target}' is not one step away; use '{expected}'."
            else:
                problem = f"'{target}' is not a level of {ladder.pattern.value}; use '{expected}'."
            raise CatalogError(file, f"levels[{i}].{field}", problem)


def _package_files() -> tuple[dict[str, str], frozenset[str]]:
    root = resources.files(__package__)
    files = {
        item.name: item.read_text("utf-8") for item in root.iterdir() if item.name.endswith(".toml")
    }
    svg = root.joinpath(SVG_DIR)
    names = (
        frozenset(i.name for i in svg.iterdir() if i.name.endswith(".svg"))
        if svg.is_dir()
        else frozenset()
    )
    return files, names


@cache
def load_exercise_catalog() -> ExerciseCatalog:
    """The catalog shipped with vagal (read and validated once per process)."""
    files, illustrations = _package_files()
    return build_catalog(files, illustrations=illustrations)


def illustration_svg(name: str) -> str:
    """The SVG text of an illustration named by a level (``level.illustration``)."""
    if name not in _package_files()[1]:
        raise CatalogError(f"{SVG_DIR}/{name}", "(file)", "there is no such illustration.")
    return resources.files(__package__).joinpath(SVG_DIR, name).read_text("utf-8")


def catalog_size(catalog: ExerciseCatalog) -> str:
    """E.g. "8 patterns × 4–6 levels (41 levels)" for notes and pages."""
    counts = [ladder.top for ladder in catalog.ladders]
    span = str(min(counts)) if min(counts) == max(counts) else f"{min(counts)}–{max(counts)}"
    return f"{len(counts)} patterns × {span} levels ({catalog.size} levels)"
