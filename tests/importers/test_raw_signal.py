from __future__ import annotations

import importlib
import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.importers.conftest import stream
from vagal.errors import InvalidInput
from vagal.importers import raw_signal

ECG = Path(__file__).parents[1] / "data" / "ecg"


def _wfdb(function: str, *args: Any, **kwargs: Any) -> Any:
    """Call wfdb (it warns about pandas deprecations on import; kept out of -W error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(importlib.import_module("wfdb"), function)(*args, **kwargs)


def _csv(names: list[str], columns: list[np.ndarray], sep: str = ",") -> io.BytesIO:
    lines = [sep.join(names)]
    lines += [sep.join(f"{v:.4f}" for v in row) for row in zip(*columns, strict=True)]
    return stream("\n".join(lines) + "\n")


def test_ecg_csv_through_the_engines_beat_detection() -> None:
    record = _wfdb("rdrecord", str(ECG / "100"), sampto=360 * 30)
    annotation = _wfdb("rdann", str(ECG / "100"), "atr", sampto=360 * 30)
    t = np.arange(record.p_signal.shape[0]) / 360.0
    data = _csv(["time_s", "MLII", "V5"], [t, record.p_signal[:, 0], record.p_signal[:, 1]])
    result = raw_signal.parse(data, "100.csv", kind="ecg", sampling_rate_hz=360, column="MLII")
    (rec,) = result.recordings
    n_beats = int(np.isin(annotation.symbol, ["N", "A", "V"]).sum())
    assert abs((rec.n_intervals + 1) - n_beats) <= 1
    assert rec.beat_times_s is not None and rec.beat_times_s[-1] < 30
    assert "quality" in rec.notes[0]


def test_ppg_column_found_by_name() -> None:
    record = _wfdb("rdrecord", str(ECG / "a103l"), sampto=250 * 60)
    pleth = record.p_signal[:, record.sig_name.index("PLETH")]
    data = _csv(["sample", "PLETH"], [np.arange(pleth.size), pleth], sep=";")
    signal = raw_signal.read_signal(data, "a103l.csv", kind="ppg", sampling_rate_hz=250)
    assert signal.column == "PLETH" and signal.samples.size == pleth.size
    assert signal.duration_s == pytest.approx(60.0)
    assert np.allclose(signal.samples, pleth, atol=1e-4)
    data.seek(0)
    (rec,) = raw_signal.parse(data, "a103l.csv", kind="ppg", sampling_rate_hz=250).recordings
    assert rec.source == "PPG file" and 300 < rec.rr_ms.mean() < 2000


def test_single_unnamed_column() -> None:
    signal = raw_signal.read_signal(stream("1\n2\n3\n"), "s.txt", kind="ecg", sampling_rate_hz=130)
    assert signal.samples.tolist() == [1.0, 2.0, 3.0] and signal.column == ""


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("a,b\n1,2\n", {}, "choose the ECG column"),
        ("1,2\n3,4\n", {}, "2 unnamed column"),
        ("ecg\n1\nx\n", {}, r"line 3: 'x' is not a number"),
        ("ecg\n1\nnan\n", {}, r"line 3: 'nan' is not a finite number"),
        ("ecg\n1\n", {"column": "ppg"}, "no column 'ppg'"),
        ("ecg\n1\n", {"sampling_rate_hz": 0}, "sampling rate must be a positive"),
    ],
)
def test_bad_signal_files(text: str, options: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"kind": "ecg", "sampling_rate_hz": 250.0, **options}
    with pytest.raises(InvalidInput, match=message):
        raw_signal.read_signal(stream(text), "s.csv", **arguments)  # type: ignore[arg-type]
