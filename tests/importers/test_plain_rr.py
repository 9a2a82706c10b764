from __future__ import annotations

import numpy as np
import pytest

from tests.importers.conftest import stream
from vagal.errors import InvalidInput
from vagal.importers import plain_rr


def parse(text: str, **options: str) -> np.ndarray:
    result = plain_rr.parse(stream(text), "rr.csv", **options)  # type: ignore[arg-type]
    assert result.format == "plain_rr"
    return result.recordings[0].rr_ms


def test_one_number_per_line_with_a_chosen_unit() -> None:
    assert parse("800\n# comment\n\n810.5\r\n", unit="ms").tolist() == [800.0, 810.5]
    assert parse("0.8\n0.81\n", unit="s").tolist() == pytest.approx([800.0, 810.0])


@pytest.mark.parametrize("header", ["rr_ms", "RR (ms)", "RR [ms]", "ibi_ms", "RR-interval [ms]"])
def test_header_names_the_unit_in_ms(header: str) -> None:
    assert parse(f"{header}\n800\n810\n").tolist() == [800.0, 810.0]


@pytest.mark.parametrize("header", ["rr_s", "RR (s)", "RR [sec]"])
def test_header_names_the_unit_in_seconds(header: str) -> None:
    assert parse(f"{header}\n0.8\n0.81\n").tolist() == pytest.approx([800.0, 810.0])


def test_csv_with_several_columns_picks_the_rr_column() -> None:
    text = "time_s,rr_ms,hr_bpm\n0.8,800,75\n1.61,810,74\n"
    assert parse(text).tolist() == [800.0, 810.0]
    assert parse("a;b\n1;800\n2;810\n", column="b", unit="ms").tolist() == [800.0, 810.0]


def test_without_a_unit_the_person_is_asked_to_choose() -> None:
    with pytest.raises(InvalidInput, match=r"unit .* is unknown .*'ms' or 's'"):
        parse("800\n810\n")
    with pytest.raises(InvalidInput, match="column 'rr' does not name its unit"):
        parse("rr\n800\n")


def test_contradicting_unit_is_refused() -> None:
    with pytest.raises(InvalidInput, match="contradicts"):
        parse("rr_ms\n800\n", unit="s")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("800\nabc\n810\n", r"rr.csv, line 2: 'abc' is not a number"),
        ("800\nnan\n", r"line 2: 'nan' is not a finite number"),
        ("800\n\ninf\n", r"line 3: 'inf' is not a finite number"),
        ("800\n-810\n", r"line 2: RR interval '-810' is not positive"),
        ("800\n0\n", r"line 2: RR interval '0' is not positive"),
        ("rr_ms,x\n800,1\n810\n", r"line 3: expected 2 value\(s\), found 1"),
        ("", r"is empty"),
        ("rr_ms\n", r"no RR intervals"),
    ],
)
def test_bad_lines_name_their_line(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse(text, unit="ms") if "rr_ms" not in text else parse(text)


def test_csv_with_wrong_columns_lists_them() -> None:
    with pytest.raises(InvalidInput, match="columns date, steps, calories"):
        parse("date,steps,calories\n1,2,3\n", unit="ms")
    with pytest.raises(InvalidInput, match="no column 'rr'"):
        parse("a,b\n1,2\n", column="rr", unit="ms")
    with pytest.raises(InvalidInput, match="unnamed columns"):
        parse("1,2\n3,4\n", unit="ms")


def test_unknown_unit_name_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown unit 'min'"):
        parse("800\n", unit="min")


def test_binary_or_endless_lines_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not UTF-8"):
        plain_rr.parse(stream(b"\xff\xfe\x00garbage\n"), "rr.txt", unit="ms")
    with pytest.raises(InvalidInput, match="longer than"):
        plain_rr.parse(stream(b"8" * 70_000), "rr.txt", unit="ms")


def test_utf8_bom_is_ignored() -> None:
    assert parse("\ufeffrr_ms\n800\n").tolist() == [800.0]
