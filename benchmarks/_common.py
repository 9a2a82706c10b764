"""Shared helpers for the benchmarks: inputs, isolated subprocess runs, formatting.

Every measured call runs in its own child process (see `_worker.py`), so a peer library that
runs out of memory or time is reported instead of taking the whole run down, and the peak RSS
reported for a row belongs to that row only (read from `os.wait4` for that child).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_DATA_DIR = REPO_DIR.parent / "shared" / "data"
NSR001 = Path("rr") / "nsr2db" / "nsr001_rr_secs.txt"
MITDB_100 = Path("ecg_annotated") / "mitdb_100" / "100"

# RR inputs, cut from the start of nsr001 by cumulative time (seconds); None = whole recording.
RR_SIZES: dict[str, float | None] = {"5min": 300.0, "1h": 3600.0, "24h": None}
SIZE_LABELS = {"5min": "5 min", "1h": "1 h", "24h": "24 h"}

# Children write compiled bytecode here, never into the shared virtualenv (which ships without
# .pyc files, and this machine sets PYTHONDONTWRITEBYTECODE=1: every import would otherwise be
# compiled from source on every run, which is not what an installed app pays).
PYCACHE_DIR = Path(tempfile.gettempdir()) / "vagal-bench-pycache"

# MIT-BIH beat annotation symbols (rhythm/comment annotations such as "+" are not beats).
MITDB_BEAT_SYMBOLS = frozenset("NLRBAaJSVrFejnE/fQ?")


# ---------------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------------


def load_nsr001_rr_ms(data_dir: Path) -> npt.NDArray[np.float64]:
    """All RR intervals of nsr001 in ms (the file's first value is a beat time, not an interval)."""
    values = np.loadtxt(data_dir / NSR001, dtype=np.float64)
    return values[1:] * 1000.0


def rr_input(data_dir: Path, size: str) -> npt.NDArray[np.float64]:
    """The RR intervals (ms) of one benchmark size: the first `RR_SIZES[size]` seconds of nsr001."""
    rr_ms = load_nsr001_rr_ms(data_dir)
    limit_s = RR_SIZES[size]
    if limit_s is None:
        return rr_ms
    elapsed_s = np.cumsum(rr_ms) / 1000.0
    return rr_ms[elapsed_s <= limit_s]


def write_rr_file_s(rr_ms: npt.NDArray[np.float64], path: Path) -> Path:
    """Write RR intervals as seconds, one per line (the CLI's `--unit s` input)."""
    np.savetxt(path, rr_ms / 1000.0, fmt="%.7f")
    return path


@dataclass(frozen=True)
class EcgInput:
    """One ECG benchmark input and its reference beats."""

    signal: npt.NDArray[np.float64]
    sampling_rate_hz: float
    reference_beats: npt.NDArray[np.int64]  # sample indices at `sampling_rate_hz`


ECG_SIZES: dict[str, tuple[float, float]] = {
    # name: (duration s, sampling rate Hz)
    "10min@500Hz": (600.0, 500.0),
    "30min@360Hz": (1805.0, 360.0),
}


def ecg_input(data_dir: Path, name: str) -> EcgInput:
    """MIT-BIH record 100, lead MLII: native 360 Hz, or resampled to 500 Hz (resample_poly 25/18)."""
    import wfdb
    from scipy.signal import resample_poly

    duration_s, fs = ECG_SIZES[name]
    record = wfdb.rdrecord(str(data_dir / MITDB_100))
    lead = record.sig_name.index("MLII")
    raw = np.asarray(record.p_signal[:, lead], dtype=np.float64)
    annotation = wfdb.rdann(str(data_dir / MITDB_100), "atr")
    is_beat = np.array([s in MITDB_BEAT_SYMBOLS for s in annotation.symbol])
    beats_360 = np.asarray(annotation.sample, dtype=np.int64)[is_beat]
    fs_native = float(record.fs)
    if fs != fs_native:
        signal_out = resample_poly(raw, 25, 18)
        beats = np.round(beats_360 * (fs / fs_native)).astype(np.int64)
    else:
        signal_out = raw
        beats = beats_360
    n = min(len(signal_out), round(duration_s * fs))
    return EcgInput(
        signal=np.ascontiguousarray(signal_out[:n]),
        sampling_rate_hz=fs,
        reference_beats=beats[beats < n],
    )


def match_beats(
    detected: npt.NDArray[np.int64],
    reference: npt.NDArray[np.int64],
    sampling_rate_hz: float,
    tolerance_s: float = 0.150,
) -> dict[str, float]:
    """One-to-one matching within ±tolerance (ANSI/AAMI EC57): Se, PPV and the timing offsets."""
    detected = np.sort(np.asarray(detected, dtype=np.int64))
    reference = np.sort(np.asarray(reference, dtype=np.int64))
    tol = tolerance_s * sampling_rate_hz
    used = np.zeros(len(detected), dtype=bool)
    offsets: list[float] = []
    for ref in reference:
        lo = np.searchsorted(detected, ref - tol, side="left")
        hi = np.searchsorted(detected, ref + tol, side="right")
        best, best_d = -1, np.inf
        for j in range(lo, hi):
            if not used[j] and abs(detected[j] - ref) < best_d:
                best, best_d = j, abs(detected[j] - ref)
        if best >= 0:
            used[best] = True
            offsets.append((detected[best] - ref) * 1000.0 / sampling_rate_hz)
    tp = len(offsets)
    off = np.asarray(offsets) if offsets else np.array([np.nan])
    q75, q25 = np.percentile(off, [75, 25])
    return {
        "tp": float(tp),
        "fn": float(len(reference) - tp),
        "fp": float(len(detected) - tp),
        "se_pct": 100.0 * tp / max(len(reference), 1),
        "ppv_pct": 100.0 * tp / max(len(detected), 1),
        "offset_median_ms": float(np.median(off)),
        "offset_iqr_ms": float(q75 - q25),
    }


# ---------------------------------------------------------------------------------------------
# Isolated runs
# ---------------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """What one isolated child process measured (or why it could not)."""

    ok: bool
    times_s: list[float] = field(default_factory=list)
    import_s: float | None = None
    peak_rss_mb: float | None = None
    wall_s: float | None = None  # whole child process, start to exit
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median_s(self) -> float | None:
        return float(np.median(self.times_s)) if self.times_s else None


def child_env(*, warm: bool = True) -> dict[str, str]:
    """Environment of the measured children: with a bytecode cache (`warm`) or without one."""
    env = dict(os.environ)
    if warm:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE_DIR)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def _limit_memory(limit_bytes: int | None) -> None:
    if limit_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def run_isolated(
    argv: list[str],
    *,
    timeout_s: float,
    mem_limit_gb: float | None = None,
    nice: int = 0,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[int | None, float, float, float, str, str]:
    """Run `argv` as a child; return (exit status or None on timeout, wall s, peak RSS MB,
    CPU s (user + system), out, err).

    Peak RSS comes from `os.wait4` on that child alone (ru_maxrss, KiB on Linux). An address-space
    limit (RLIMIT_AS) turns a runaway allocation into a MemoryError inside the child instead of
    pushing the machine into the OOM killer.
    """
    limit = int(mem_limit_gb * 1024**3) if mem_limit_gb else None

    def preexec() -> None:
        _limit_memory(limit)
        if nice:
            os.nice(nice)

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdout=out,
            stderr=err,
            preexec_fn=preexec,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        deadline = start + timeout_s
        status: int | None = None
        rusage = None
        while True:
            pid, raw_status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw_status)
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = -1 if status is None else status  # already reaped by wait4
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    peak_mb = rusage.ru_maxrss / 1024.0 if rusage else float("nan")
    cpu_s = rusage.ru_utime + rusage.ru_stime if rusage else float("nan")
    return status, wall, peak_mb, cpu_s, stdout, stderr


def prime_bytecode_cache(timeout_s: float = 600.0) -> None:
    """Import every library once so that the measured children start with compiled bytecode."""
    argv = [
        sys.executable,
        str(BENCH_DIR / "_worker.py"),
        "prime",
        "-",
        "--data",
        ".",
        "--out",
        os.devnull,
    ]
    run_isolated(argv, timeout_s=timeout_s)


def run_case(
    case: str,
    size: str,
    data_dir: Path,
    *,
    repeats: int,
    budget_s: float,
    timeout_s: float,
    mem_limit_gb: float | None,
    nice: int,
) -> RunResult:
    """Run one benchmark case (library x size) in a fresh interpreter via `_worker.py`."""
    with tempfile.TemporaryDirectory() as tmp:
        result_path = Path(tmp) / "result.json"
        argv = [
            sys.executable,
            str(BENCH_DIR / "_worker.py"),
            case,
            size,
            "--data",
            str(data_dir),
            "--repeats",
            str(repeats),
            "--budget",
            str(budget_s),
            "--out",
            str(result_path),
        ]
        status, wall, peak_mb, _cpu, _out, err = run_isolated(
            argv, timeout_s=timeout_s, mem_limit_gb=mem_limit_gb, nice=nice
        )
        payload: dict[str, Any] = {}
        if result_path.exists():
            payload = json.loads(result_path.read_text())
    if status is None:
        return RunResult(
            ok=False,
            times_s=payload.get("times_s", []),
            peak_rss_mb=peak_mb,
            wall_s=wall,
            error=f"timeout after {timeout_s:.0f} s",
        )
    if payload.get("error") or status != 0:
        error = payload.get("error") or _last_line(err) or f"exit status {status}"
        return RunResult(ok=False, peak_rss_mb=peak_mb, wall_s=wall, error=error)
    return RunResult(
        ok=True,
        times_s=payload["times_s"],
        import_s=payload.get("import_s"),
        peak_rss_mb=peak_mb,
        wall_s=wall,
        extra=payload.get("extra", {}),
    )


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------


def fmt_time(seconds: float | None) -> str:
    if seconds is None or not np.isfinite(seconds):
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def fmt_mb(mb: float | None) -> str:
    if mb is None or not np.isfinite(mb):
        return "–"
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def fmt_ratio(peer_s: float | None, vagal_s: float | None) -> str:
    if not peer_s or not vagal_s:
        return "–"
    ratio = peer_s / vagal_s
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine_summary() -> str:
    """One line describing the machine and the numeric stack."""
    import scipy

    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{platform.system()} {platform.release()}, {platform.machine()}, "
        f"nproc={os.cpu_count()}, RAM {mem_gb:.0f} GB, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, SciPy {scipy.__version__}; "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )


def library_versions(names: list[str]) -> dict[str, str]:
    """Installed versions of the distributions compared (without importing them)."""
    from importlib import metadata

    versions: dict[str, str] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions
