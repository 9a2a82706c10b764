"""The exercise catalog: the shipped files are valid, and a broken file names its file and field."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from vagal.catalog.exercises import (
    CatalogError,
    build_catalog,
    catalog_size,
    illustration_svg,
    load_exercise_catalog,
    parse_pattern_file,
)
from vagal.core.planner.inputs import Equipment
from vagal.core.training.exercises import Pattern, Unit

PACKAGE = "vagal.catalog.exercises"
FORBIDDEN_WORDS = ("crush", "beast", "no excuses", "failure", "bad day", "no pain", "burn")


def shipped_files() -> dict[str, str]:
    root = resources.files(PACKAGE)
    return {i.name: i.read_text("utf-8") for i in root.iterdir() if i.name.endswith(".toml")}


def test_every_pattern_has_four_to_six_contiguous_levels() -> None:
    catalog = load_exercise_catalog()
    assert catalog.patterns == tuple(Pattern)
    for ladder in catalog.ladders:
        assert 4 <= ladder.top <= 6
        assert [level.level for level in ladder.levels] == list(range(1, ladder.top + 1))
        assert all(level.pattern is ladder.pattern for level in ladder.levels)


def test_the_size_reads_as_patterns_times_levels() -> None:
    catalog = load_exercise_catalog()
    assert catalog.size == sum(ladder.top for ladder in catalog.ladders)
    assert catalog_size(catalog).startswith("8 patterns × ")


def test_links_point_one_step_away_within_the_pattern() -> None:
    catalog = load_exercise_catalog()
    for ladder in catalog.ladders:
        for level in ladder.levels:
            if level.regression is None:
                assert level.level == 1
            else:
                down = catalog.level(level.regression)
                assert (down.pattern, down.level) == (ladder.pattern, level.level - 1)
            if level.progression is None:
                assert level.level == ladder.top
            else:
                up = catalog.level(level.progression)
                assert (up.pattern, up.level) == (ladder.pattern, level.level + 1)


def test_every_level_has_cues_breathing_and_planner_equipment() -> None:
    for ladder in load_exercise_catalog().ladders:
        assert ladder.levels[0].equipment == (Equipment.NONE,)
        for level in ladder.levels:
            assert 2 <= len(level.cues) <= 4
            assert level.breathing
            assert level.setup
            assert level.mistakes
            assert all(isinstance(e, Equipment) for e in level.equipment)
            assert isinstance(level.unit, Unit)


def test_the_catalog_includes_the_gentlest_and_the_loaded_classics() -> None:
    catalog = load_exercise_catalog()
    for exercise_id in (
        "sit_to_stand",
        "wall_push_up",
        "doorway_row",
        "towel_door_row",
        "glute_bridge",
        "supported_split_squat",
        "goblet_squat",
        "dumbbell_romanian_deadlift",
        "seated_dumbbell_press",
        "one_arm_row",
        "suitcase_carry",
    ):
        assert exercise_id in catalog
    assert catalog.level("goblet_squat").fits([Equipment.KETTLEBELL])
    assert not catalog.level("goblet_squat").fits([Equipment.NONE, Equipment.BANDS])


def test_every_pattern_offers_at_least_two_levels_without_equipment() -> None:
    for ladder in load_exercise_catalog().ladders:
        assert sum(level.fits([Equipment.NONE]) for level in ladder.levels) >= 2


def test_the_words_are_gentle() -> None:
    for ladder in load_exercise_catalog().ladders:
        for level in ladder.levels:
            words = " ".join(
                (
                    level.name,
                    level.setup,
                    level.breathing,
                    *level.cues,
                    *level.mistakes,
                    *level.cautions,
                )
            ).lower()
            assert not any(bad in words for bad in FORBIDDEN_WORDS), level.id
            # "push" only as the name of the movement, never as an instruction.
            assert not re.search(r"\bpush(?!-up)", words), level.id


def test_illustrations_exist_and_carry_a_title() -> None:
    drawn = [
        lvl
        for ladder in load_exercise_catalog().ladders
        for lvl in ladder.levels
        if lvl.illustration
    ]
    assert len(drawn) >= 4
    for level in drawn:
        assert level.illustration is not None
        svg = illustration_svg(level.illustration)
        assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    with pytest.raises(CatalogError, match="no such illustration"):
        illustration_svg("../squat.toml")


def test_ids_are_unique_across_files() -> None:
    ids = [lvl.id for ladder in load_exercise_catalog().ladders for lvl in ladder.levels]
    assert len(ids) == len(set(ids))


# --- broken files: each error names the file and the field -------------------------------------


def broken(file: str, old: str, new: str, count: int = 1) -> dict[str, str]:
    files = shipped_files()
    assert old in files[file], old
    files[file] = files[file].replace(old, new, count)
    return files


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "words"),
    [
        (
            "squat.toml",
            'breathing = "Breathe out as you rise; breathe in as you lower yourself back down."\n',
            "",
            "levels[0].breathing",
            "missing",
        ),
        (
            "hinge.toml",
            '  "Rest at the top for a moment.",\n  "Lower your back to the floor slowly, one part at a time.",\n',
            "",
            "levels[0].cues",
            "2 to 4",
        ),
        (
            "pull.toml",
            'equipment = ["bands"]',
            'equipment = ["barbell"]',
            "levels[3].equipment",
            "one of",
        ),
        (
            "carry.toml",
            'equipment = ["none"]',
            'equipment = ["none", "bands"]',
            "levels[0].equipment",
            "alone",
        ),
        (
            "squat.toml",
            'progression = "chair_squat"',
            'progression = "bird_dog"',
            "levels[0].progression",
            "not a level of squat",
        ),
        (
            "squat.toml",
            'progression = "chair_squat"',
            'progression = "pause_squat"',
            "levels[0].progression",
            "one step away",
        ),
        (
            "squat.toml",
            'regression = "sit_to_stand"',
            'regression = ""',
            "levels[1].regression",
            "sit_to_stand",
        ),
        ("trunk.toml", "level = 3\n", "level = 4\n", "levels[2].level", "expected 3"),
        ("trunk.toml", 'unit = "breaths"', 'unit = "minutes"', "levels[3].unit", "one of"),
        ("trunk.toml", 'props = ["counter"]', 'props = ["gym"]', "levels[3].props", "prop"),
        (
            "split_stance.toml",
            'pattern = "split_stance"',
            'pattern = "lunge"',
            "pattern",
            "not one of",
        ),
        ("squat.toml", 'id = "chair_squat"', 'id = "Chair Squat"', "levels[1].id", "lower-case"),
        (
            "trunk.toml",
            'id = "heel_slide"',
            'id = "sit_to_stand"',
            "levels[0].id",
            "already used in squat.toml",
        ),
        ("squat.toml", "cautions = [", "cautoins = [", "levels[0].cautoins", "spelling"),
        (
            "squat.toml",
            'illustration = "sit_to_stand.svg"',
            'illustration = "nothing.svg"',
            "levels[0].illustration",
            "no svg/",
        ),
    ],
)
def test_a_broken_file_names_its_file_and_field(
    file: str, old: str, new: str, field: str, words: str
) -> None:
    files = broken(file, old, new)
    with pytest.raises(CatalogError) as caught:
        build_catalog(
            files,
            illustrations={
                "sit_to_stand.svg",
                "glute_bridge.svg",
                "wall_push_up.svg",
                "doorway_row.svg",
            },
        )
    error = caught.value
    assert error.details == {"file": file, "field": field}
    assert error.message.startswith(f"{file}, {field}: ")
    assert words in error.message


def test_the_gentlest_level_needs_no_equipment() -> None:
    files = broken("squat.toml", 'equipment = ["none"]', 'equipment = ["bands"]')
    with pytest.raises(CatalogError, match=r"squat\.toml, levels\[0\]\.equipment: the gentlest"):
        build_catalog(files)


def test_too_few_levels_and_a_missing_file() -> None:
    text = shipped_files()["carry.toml"]
    kept = "[[levels]]".join(text.split("[[levels]]")[:4])
    with pytest.raises(CatalogError, match=r"carry\.toml, levels: .*4 to 6 levels, not 3"):
        parse_pattern_file("carry.toml", kept)
    files = shipped_files()
    del files["trunk.toml"]
    with pytest.raises(CatalogError, match=r"trunk\.toml, \(file\): every pattern"):
        build_catalog(files)


def test_a_misnamed_file_and_bad_toml() -> None:
    with pytest.raises(CatalogError, match=r"lunge\.toml, pattern: .*split_stance\.toml"):
        parse_pattern_file("lunge.toml", shipped_files()["split_stance.toml"])
    with pytest.raises(CatalogError, match=r"squat\.toml, \(file\): this is not valid TOML"):
        parse_pattern_file("squat.toml", "pattern = ")


def test_a_catalog_error_is_a_configuration_error() -> None:
    from vagal.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        parse_pattern_file("squat.toml", "pattern = 'squat'\nname = ''\n")
