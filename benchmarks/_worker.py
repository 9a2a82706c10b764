"""Child process for one benchmark case: import the library, time its calls, write JSON.

Run by `_common.run_case`, never by hand (but `python benchmarks/_worker.py CASE SIZE --out F`
works for debugging). Compatibility shims for the peers on Python 3.11 / NumPy 2.4 are applied
here, inside the benchmark process only — see `apply_peer_shims`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import RR_SIZES, ecg_input, match_beats, rr_input

SAMPEN_MAX_BEATS = 20_000  # O(N²) sample entropy in hrv-analysis/pyhrv (nolds): skipped above this

FloatArray = npt.NDArray[np.float64]
Call = Callable[[], Any]


def apply_peer_shims() -> list[str]:
    """Make the installed peers importable; returns what was patched (reported in the docs).

    * nolds 0.6.3 (used by hrv-analysis and pyhrv for SampEn/DFA) calls
      `importlib.resources.files("nolds.datasets")` on a *module* at import time, which Python
      3.11 rejects ("is not a package"); map it to the `nolds` package that holds the files.
    * biosppy (imported by pyhrv at import time) imports `peakutils`, which is not installed and
      is only used by a detector we never call; register an empty stand-in module.
    * NumPy 2.x removed `np.trapz`; older hrv-analysis/heartpy call it. Alias it if missing.
    """
    import importlib.resources as resources

    applied: list[str] = []
    original_files = resources.files

    def files(anchor: Any = None) -> Any:
        if anchor == "nolds.datasets":
            anchor = "nolds"
        return original_files(anchor)

    resources.files = files  # type: ignore[assignment]
    applied.append("importlib.resources.files('nolds.datasets') -> 'nolds'")
    if "peakutils" not in sys.modules:
        try:
            import peakutils  # noqa: F401
        except ImportError:
            sys.modules["peakutils"] = types.ModuleType("peakutils")
            applied.append("empty peakutils module for biosppy")
    if not hasattr(np, "trapz"):
        np.trapz = np.trapezoid  # type: ignore[attr-defined]
        applied.append("np.trapz = np.trapezoid")
    return applied


def rr_to_peaks_1000hz(rr_ms: FloatArray) -> npt.NDArray[np.int64]:
    """Beat positions in samples at 1000 Hz (NeuroKit2 takes peaks, not intervals)."""
    return np.round(np.concatenate([[0.0], np.cumsum(rr_ms)])).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# RR cases: each returns (call, extra) after importing its library; the import is timed apart.
# ---------------------------------------------------------------------------------------------


def case_nk2_hrv(rr_ms: FloatArray) -> tuple[Call, dict[str, Any]]:
    apply_peer_shims()
    import neurokit2 as nk

    peaks = rr_to_peaks_1000hz(rr_ms)
    return lambda: nk.hrv(peaks, sampling_rate=1000), {}


def case_nk2_time_freq(rr_ms: FloatArray) -> tuple[Call, dict[str, Any]]:
    apply_peer_shims()
    import neurokit2 as nk

    peaks = rr_to_peaks_1000hz(rr_ms)

    def call() -> Any:
        return nk.hrv_time(peaks, sampling_rate=1000), nk.hrv_frequency(peaks, sampling_rate=1000)

    return call, {}


def case_hrva(rr_ms: FloatArray) -> tuple[Call, dict[str, Any]]:
    apply_peer_shims()
    import hrvanalysis as hrva

    rr = rr_ms.tolist()  # its documented input is a list of ms
    with_sampen = len(rr) <= SAMPEN_MAX_BEATS

    def call() -> Any:
        out: dict[str, Any] = {}
        out.update(hrva.get_time_domain_features(rr))
        out.update(hrva.get_frequency_domain_features(rr))
        out.update(hrva.get_poincare_plot_features(rr))
        out.update(hrva.get_csi_cvi_features(rr))
        if with_sampen:
            out.update(hrva.get_sampen(rr))
        return out

    return call, {"sampen": with_sampen}


def case_pyhrv(rr_ms: FloatArray) -> tuple[Call, dict[str, Any]]:
    apply_peer_shims()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pyhrv.frequency_domain as fd
    import pyhrv.nonlinear as nl
    import pyhrv.time_domain as td

    with_sampen = len(rr_ms) <= SAMPEN_MAX_BEATS

    def call() -> Any:
        out = [
            td.time_domain(nni=rr_ms, plot=False, show=False),
            fd.welch_psd(nni=rr_ms, show=False, mode="dev"),
            nl.poincare(nni=rr_ms, show=False, mode="dev"),
            nl.dfa(nn=rr_ms, show=False, mode="dev"),
        ]
        if with_sampen:
            out.append(nl.sample_entropy(nni=rr_ms))
        plt.close("all")
        return out

    return call, {"sampen": with_sampen}


def case_vagal_rr(rr_ms: FloatArray) -> tuple[Call, dict[str, Any]]:
    from vagal.core.hrv import analyze_rr

    return lambda: analyze_rr(rr_ms), {}


def case_vagal_subset(rr_ms: FloatArray) -> tuple[Call, dict[str, Any]]:
    """The same work as the hrv-analysis row at 24 h: no artefact correction, no SampEn/DFA."""
    from vagal.core.hrv import hrv_frequency, hrv_time, poincare, rr_series

    def call() -> Any:
        series = rr_series(rr_ms)
        return (
            hrv_time(series),
            hrv_frequency(series, "welch"),
            poincare(series.rr_ms, series.successive_differences_ms()),
        )

    return call, {}


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            flat.update(_flatten(item, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): value}


RR_CASES: dict[str, Callable[[FloatArray], tuple[Call, dict[str, Any]]]] = {
    "vagal": case_vagal_rr,
    "vagal_subset": case_vagal_subset,
    "nk2_hrv": case_nk2_hrv,
    "nk2_time_freq": case_nk2_time_freq,
    "hrva": case_hrva,
    "pyhrv": case_pyhrv,
}


# ---------------------------------------------------------------------------------------------
# ECG cases: each returns a call that yields detected peak sample indices.
# ---------------------------------------------------------------------------------------------


def case_ecg_nk2(signal: FloatArray, fs: float) -> Callable[[], npt.NDArray[np.int64]]:
    apply_peer_shims()
    import neurokit2 as nk

    def call() -> npt.NDArray[np.int64]:
        cleaned = nk.ecg_clean(signal, sampling_rate=fs)
        _, info = nk.ecg_peaks(cleaned, sampling_rate=fs)
        return np.asarray(info["ECG_R_Peaks"], dtype=np.int64)

    return call


def case_ecg_sleepecg(signal: FloatArray, fs: float) -> Callable[[], npt.NDArray[np.int64]]:
    import sleepecg

    return lambda: np.asarray(sleepecg.detect_heartbeats(signal, fs), dtype=np.int64)


def case_ecg_vagal(signal: FloatArray, fs: float) -> Callable[[], npt.NDArray[np.int64]]:
    from vagal.core.hrv.ecg import ecg_peaks

    return lambda: ecg_peaks(signal, sampling_rate_hz=fs).peak_indices


def case_ecg_vagal_analyze(signal: FloatArray, fs: float) -> Callable[[], Any]:
    """The whole ECG pipeline; its report holds no peak indices, so Se/PPV come from `ecg_peaks`."""
    from vagal.core.hrv import analyze_ecg

    return lambda: analyze_ecg(signal, sampling_rate_hz=fs)


ECG_CASES: dict[str, Callable[[FloatArray, float], Callable[[], Any]]] = {
    "ecg_vagal": case_ecg_vagal,
    "ecg_vagal_analyze": case_ecg_vagal_analyze,
    "ecg_nk2": case_ecg_nk2,
    "ecg_sleepecg": case_ecg_sleepecg,
}


# ---------------------------------------------------------------------------------------------


def time_calls(call: Call, repeats: int, budget_s: float) -> tuple[list[float], Any]:
    """Call at least once; repeat up to `repeats` times while the total stays within budget."""
    times: list[float] = []
    result: Any = None
    while len(times) < repeats:
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
        if sum(times) + float(np.median(times)) > budget_s:
            break
    return times, result


def run(case: str, size: str, data_dir: Path, repeats: int, budget_s: float) -> dict[str, Any]:
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    if case in RR_CASES:
        if size not in RR_SIZES:
            raise SystemExit(f"unknown RR size {size!r}")
        rr_ms = rr_input(data_dir, size)
        load_s = time.perf_counter() - start
        t0 = time.perf_counter()
        call, extra = RR_CASES[case](rr_ms)
        import_s = time.perf_counter() - t0
        times, result = time_calls(call, repeats, budget_s)
        extra["beats"] = len(rr_ms)
        if hasattr(result, "to_dict"):  # vagal: how many values the report carries
            flat = _flatten(result.to_dict())
            extra["values"] = len(flat)
            extra["values_not_none"] = sum(v is not None for v in flat.values())
    else:
        ecg = ecg_input(data_dir, size)
        load_s = time.perf_counter() - start
        t0 = time.perf_counter()
        detector = ECG_CASES[case](ecg.signal, ecg.sampling_rate_hz)
        import_s = time.perf_counter() - t0
        times, peaks = time_calls(detector, repeats, budget_s)
        if not isinstance(peaks, np.ndarray):  # a report, not the detections
            peaks = case_ecg_vagal(ecg.signal, ecg.sampling_rate_hz)()
        extra = match_beats(peaks, ecg.reference_beats, ecg.sampling_rate_hz)
        extra["reference_beats"] = len(ecg.reference_beats)
    return {"times_s": times, "import_s": import_s, "load_s": load_s, "extra": extra}


def prime() -> None:
    """Import everything the cases import (bytecode cache warm-up; nothing is timed)."""
    apply_peer_shims()
    import matplotlib

    matplotlib.use("Agg")
    for module in (
        "neurokit2",
        "hrvanalysis",
        "pyhrv.time_domain",
        "pyhrv.frequency_domain",
        "pyhrv.nonlinear",
        "sleepecg",
        "wfdb",
        "scipy.signal",
        "scipy.ndimage",
        "vagal.core.hrv",
        "vagal.core.hrv.ecg",
        "vagal.core.hrv.ppg",
        "vagal.cli.main",
    ):
        try:
            importlib.import_module(module)
        except Exception as exc:
            print(f"prime: {module}: {exc}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("case", choices=[*RR_CASES, *ECG_CASES, "prime"])
    parser.add_argument("size")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.case == "prime":
        prime()
        return
    try:
        payload = run(args.case, args.size, args.data, args.repeats, args.budget)
    except MemoryError as exc:
        payload = {"error": f"MemoryError: {exc}".strip()}
    except Exception as exc:
        tb = traceback.format_exc(limit=-3)
        payload = {"error": f"{type(exc).__name__}: {exc}", "traceback": tb}
    args.out.write_text(json.dumps(payload, default=float))


if __name__ == "__main__":
    main()
