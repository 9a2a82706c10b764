"""`vagal hrv analyze` through Typer's CliRunner: good files, every bad-input message."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from vagal.cli.main import app

DATA = Path(__file__).parents[1] / "data" / "rr"
runner = CliRunner()


@pytest.fixture
def rr_ms_lines() -> list[str]:
    with gzip.open(DATA / "nsr001_rr_secs.txt.gz", "rt") as fh:
        values = np.array(fh.read().split()[1:401], dtype=float) * 1000
    return [f"{v:g}" for v in values]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["hrv", "analyze", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "rr.txt") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_plain_ms_file_to_json(tmp_path: Path, rr_ms_lines: list[str]) -> None:
    code, out, err = run(write(tmp_path, "\n".join(rr_ms_lines)), "--unit", "ms", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["n_beats"] == 400
    assert {"rmssd_ms", "lf_hf", "sample_entropy", "artifacts", "quality", "unavailable"} <= set(
        data
    )
    assert data["vlf_ms2"] is None and "vlf_ms2" in data["unavailable"]


def test_header_names_the_unit_and_seconds_convert(tmp_path: Path, rr_ms_lines: list[str]) -> None:
    seconds = "\n".join(f"{float(v) / 1000:.7f}" for v in rr_ms_lines)
    _, out_ms, _ = run(write(tmp_path, "rr_ms\n" + "\n".join(rr_ms_lines)), "--json")
    code, out_s, err = run(write(tmp_path, "rr_s\n" + seconds, "s.csv"), "--json")
    assert code == 0, err
    assert json.loads(out_s)["rmssd_ms"] == pytest.approx(json.loads(out_ms)["rmssd_ms"], rel=1e-6)


def test_csv_with_columns_and_lomb(tmp_path: Path, rr_ms_lines: list[str]) -> None:
    rows = [f"{i},{v}" for i, v in enumerate(rr_ms_lines)]
    path = write(tmp_path, "index,RR-interval [ms]\n" + "\n".join(rows), "polar.csv")
    code, out, err = run(path, "--json", "--lomb")
    assert code == 0, err
    assert json.loads(out)["spectral"]["method"] == "lomb"
    code, out, _ = run(path, "--column", "RR-interval [ms]", "--spectral", "welch", "--json")
    assert code == 0 and json.loads(out)["spectral"]["method"] == "welch"


def test_table_output(tmp_path: Path, rr_ms_lines: list[str]) -> None:
    code, out, _ = run(write(tmp_path, "\n".join(rr_ms_lines)), "--unit", "ms")
    assert code == 0
    assert "RMSSD" in out and "DFA" in out and "quality" in out


def test_holter_file_with_start_time(tmp_path: Path) -> None:
    with gzip.open(DATA / "nsr001_rr_secs.txt.gz", "rt") as fh:
        lines = fh.read().split()[:1200]
    code, out, err = run(write(tmp_path, "\n".join(lines)), "--unit", "s", "--skip", "1", "--json")
    assert code == 0, err
    assert json.loads(out)["gaps"]["count"] == 0


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("", ["--unit", "ms"], "is empty"),
        ("800\n810\nabc\n820\n", ["--unit", "ms"], "line 3: 'abc' is not a number"),
        ("800\nnan\n", ["--unit", "ms"], "line 2: 'nan' is not a finite number"),
        ("800\ninf\n", ["--unit", "ms"], "not a finite number"),
        ("800\n-810\n" + "800\n" * 20, ["--unit", "ms"], "must be positive"),
        ("800\n0\n" + "800\n" * 20, ["--unit", "ms"], "must be positive"),
        ("800\n120\n" + "800\n" * 20, ["--unit", "ms"], "plausible minimum"),
        ("0.8\n0.81\n" * 20, ["--unit", "ms"], "look like seconds"),
        ("800\n810\n820\n", ["--unit", "ms"], "at least 10"),
        ("800\n810\n" * 20, [], "--unit ms"),
        ("rr_ms\n800\n" + "810\n" * 20, ["--unit", "s"], "contradicts"),
        ("a,b\n1,2\n", ["--unit", "ms"], "several columns"),
        ("rr_ms\n800\n", ["--column", "hr"], "no column 'hr'"),
        ("1\n2\n" * 100, ["--kind", "ecg"], "--sampling-rate"),
        ("1\n2\n" * 100, ["--kind", "ecg", "--sampling-rate", "1000"], "only 0.20 s"),
        ("1\n2\n" * 100, ["--kind", "ppg", "--sampling-rate", "0"], "sampling rate"),
        ("800\n" * 20, ["--unit", "ms", "--sampling-rate", "250"], "ECG/PPG"),
    ],
)
def test_bad_input_gets_a_clear_message(
    tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    code, out, err = run(write(tmp_path, content), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out
    assert out == ""


def test_missing_file_and_directory(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.txt"), "--unit", "ms")
    assert code == 2 and "does not exist" in err
    code, _, err = run(str(tmp_path), "--unit", "ms")
    assert code == 2 and "directory" in err


def test_mismatched_row_width(tmp_path: Path) -> None:
    code, _, err = run(write(tmp_path, "t,rr_ms\n1,800\n2\n"), "--json")
    assert code == 2 and "line 3: expected 2 value(s)" in err


def test_ecg_csv_with_sampling_rate(tmp_path: Path) -> None:
    from tests.core.hrv.test_hrv_pipeline import synthetic_pulse_train

    sig, _ = synthetic_pulse_train(250.0, 90.0, "ecg")
    rows = "\n".join(f"{i},{v:.5f}" for i, v in enumerate(sig))
    path = write(tmp_path, "sample,ECG [mV]\n" + rows, "ecg.csv")
    code, out, err = run(path, "--kind", "ecg", "--sampling-rate", "250", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["beat_detection"]["sampling_rate_hz"] == 250.0
    assert 60 < data["mean_hr_bpm"] < 80
