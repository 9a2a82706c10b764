"""vagal's HRV engine against NeuroKit2, hrv-analysis and pyHRV (plus ECG beat detection).

One command runs everything and prints Markdown tables:

    .venv/bin/python benchmarks/hrv_bench.py --quick      # ~5 min: 3 repeats per case
    .venv/bin/python benchmarks/hrv_bench.py              # full: more repeats

Every case runs in its own child process (fresh interpreter, address-space limit, per-call
timeout), so NeuroKit2's `hrv()` on 24 h is reported as "cannot run" instead of crashing the run,
and each row's peak RSS is that child's alone. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    DEFAULT_DATA_DIR,
    NSR001,
    REPO_DIR,
    RR_SIZES,
    SIZE_LABELS,
    RunResult,
    child_env,
    fmt_mb,
    fmt_ratio,
    fmt_time,
    library_versions,
    machine_summary,
    markdown_table,
    prime_bytecode_cache,
    rr_input,
    run_case,
    run_isolated,
)
from ecg_bench import EcgRows, ecg_section, run_ecg

# What each RR case computes (shown in the table).
RR_CASE_LABELS = {
    "vagal": "**vagal** `analyze_rr` (time, Welch + Lomb, Poincaré, DFA, SampEn, artefact correction)",
    "vagal_subset": "vagal subset: `rr_series` + `hrv_time` + `hrv_frequency` (Welch) + `poincare` (no correction, no SampEn/DFA)",
    "nk2_hrv": "NeuroKit2 `hrv()` (all: time, freq, 60 nonlinear indices)",
    "nk2_time_freq": "NeuroKit2 `hrv_time` + `hrv_frequency`",
    "hrva": "hrv-analysis (time + Welch + Poincaré + CSI/CVI + SampEn)",
    "pyhrv": "pyHRV (time + Welch + Poincaré + DFA + SampEn)",
}
PEER_DISTS = ["neurokit2", "hrv-analysis", "pyhrv", "nolds", "sleepecg", "wfdb", "psutil"]

# Targets of issue 3.
TARGET_CLI_24H_S = 1.0
TARGET_CLI_24H_MB = 400.0
TARGET_NK2_SPEEDUP_1H = 100.0


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    quick: bool
    repeats: int
    budget_s: float
    timeout_s: float
    slow_timeout_s: float
    mem_limit_gb: float
    nice: int
    process_nice: int


def rr_timeout(settings: Settings, case: str, size: str) -> float:
    """NeuroKit2's full `hrv()` takes ~90 s per call on 1 h: give it room, once."""
    return settings.slow_timeout_s if case == "nk2_hrv" and size != "5min" else settings.timeout_s


def run_rr(
    settings: Settings, cases: list[str], sizes: list[str]
) -> dict[str, dict[str, RunResult]]:
    results: dict[str, dict[str, RunResult]] = {}
    for size in sizes:
        results[size] = {}
        for case in cases:
            print(f"  RR {size:>5} {case:<14}", end=" ", file=sys.stderr, flush=True)
            res = run_case(
                case,
                size,
                settings.data_dir,
                repeats=settings.repeats,
                budget_s=settings.budget_s,
                timeout_s=rr_timeout(settings, case, size),
                mem_limit_gb=settings.mem_limit_gb,
                nice=settings.nice,
            )
            results[size][case] = res
            status = fmt_time(res.median_s) if res.ok else f"FAILED: {res.error}"
            print(f"{status}  (peak {fmt_mb(res.peak_rss_mb)})", file=sys.stderr, flush=True)
    return results


@dataclass
class ProcessResult:
    """Whole-process runs of one command line (start-up + imports + I/O + analysis)."""

    label: str
    command: str
    walls_s: list[float]
    cpus_s: list[float]
    peak_rss_mb: float
    error: str | None = None

    @property
    def median_s(self) -> float | None:
        return float(np.median(self.walls_s)) if self.walls_s else None

    @property
    def median_cpu_s(self) -> float | None:
        return float(np.median(self.cpus_s)) if self.cpus_s else None


def run_process(
    label: str, argv: list[str], settings: Settings, repeats: int, *, warm: bool = True
) -> ProcessResult:
    """Median wall time of `repeats` runs after one discarded warm-up run."""
    walls: list[float] = []
    cpus: list[float] = []
    peaks: list[float] = []
    shown = " ".join(_short(a) for a in argv)
    for i in range(repeats + 1):
        status, wall, peak_mb, cpu, _out, err = run_isolated(
            argv,
            timeout_s=settings.timeout_s,
            mem_limit_gb=settings.mem_limit_gb,
            nice=settings.process_nice,
            cwd=REPO_DIR,
            env=child_env(warm=warm),
        )
        if i == 0 and status == 0:
            continue
        if status != 0:
            last = err.strip().splitlines()[-1:] or [f"exit status {status}"]
            peak = max(peaks, default=peak_mb)
            return ProcessResult(label, shown, walls, cpus, peak, last[0][:300])
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak_mb)
    return ProcessResult(label, shown, walls, cpus, max(peaks))


def _short(arg: str) -> str:
    for base in (str(REPO_DIR) + "/", str(REPO_DIR.parent) + "/"):
        if arg.startswith(base):
            return arg[len(base) :]
    return arg


def run_whole_process(settings: Settings) -> list[ProcessResult]:
    """24 h end to end: the CLI (if present), the `python -c` equivalent, and the import floor."""
    python = sys.executable
    rr_file = settings.data_dir / NSR001
    repeats = 3 if settings.quick else 5
    runs: list[ProcessResult] = []
    vagal_exe = Path(python).with_name("vagal")
    if vagal_exe.exists() or shutil.which("vagal"):
        exe = str(vagal_exe) if vagal_exe.exists() else "vagal"
        argv = [exe, "hrv", "analyze", str(rr_file), "--unit", "s", "--skip", "1", "--json"]
        runs.append(run_process("`vagal hrv analyze` CLI, 24 h, JSON out", argv, settings, repeats))
    code = (
        "import sys, json, numpy as np; from vagal.core.hrv import analyze_rr; "
        "rr = np.loadtxt(sys.argv[1])[1:] * 1000.0; "
        "print(json.dumps(analyze_rr(rr).to_dict(), default=str))"
    )
    runs.append(
        run_process(
            "`python -c` load + `analyze_rr` + `to_dict`, 24 h",
            [python, "-c", code, str(rr_file)],
            settings,
            repeats,
        )
    )
    runs.append(run_process("floor: `python -c pass`", [python, "-c", "pass"], settings, repeats))
    runs.append(
        run_process(
            "floor: `python -c 'import numpy'`", [python, "-c", "import numpy"], settings, repeats
        )
    )
    for run in runs:
        status = fmt_time(run.median_s) if not run.error else f"FAILED: {run.error}"
        print(f"  process {run.label}: {status} (peak {fmt_mb(run.peak_rss_mb)})", file=sys.stderr)
    return runs


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _cell_time(res: RunResult) -> str:
    if not res.ok:
        after = f" (after {fmt_time(res.wall_s)})" if res.wall_s else ""
        return "cannot run: " + _explain(res) + after
    n = len(res.times_s)
    return f"{fmt_time(res.median_s)} ({fmt_time(min(res.times_s))}, n={n})"


def _explain(res: RunResult) -> str:
    error = res.error or "failed"
    if error.startswith("MemoryError"):
        return error.replace("MemoryError: ", "MemoryError — ")
    return error


def rr_section(results: dict[str, dict[str, RunResult]], data_dir: Path) -> str:
    rows: list[list[str]] = []
    for size, by_case in results.items():
        beats = len(rr_input(data_dir, size))
        vagal = by_case.get("vagal")
        vagal_s = vagal.median_s if vagal and vagal.ok else None
        for case, res in by_case.items():
            label = RR_CASE_LABELS[case]
            if res.ok and res.extra.get("sampen") is False:
                label += " — *without SampEn* (O(N²), skipped above 20,000 beats)"
            if case.startswith("vagal"):
                ratio = "1×" if case == "vagal" and vagal_s else "–"
            else:
                ratio = fmt_ratio(res.median_s, vagal_s)
            rows.append(
                [
                    f"{SIZE_LABELS[size]} ({beats:,})",
                    label,
                    fmt_time(res.import_s),
                    _cell_time(res),
                    fmt_mb(res.peak_rss_mb),
                    ratio if res.ok else "–",
                ]
            )
    header = [
        "size (beats)",
        "library (what is computed)",
        "import",
        "call, median (min, n)",
        "peak RSS",
        "peer ÷ vagal",
    ]
    return markdown_table(header, rows)


def process_section(runs: list[ProcessResult]) -> str:
    rows = [
        [
            r.label,
            f"`{r.command}`" if len(r.command) < 100 else f"`{r.command[:97]}…`",
            fmt_time(r.median_s)
            + (f" (min {fmt_time(min(r.walls_s))}, n={len(r.walls_s)})" if r.walls_s else "")
            if not r.error
            else f"failed: {r.error}",
            fmt_time(r.median_cpu_s),
            fmt_mb(r.peak_rss_mb),
        ]
        for r in runs
    ]
    header = ["whole process", "command", "wall, median", "CPU (user+sys), median", "peak RSS"]
    return markdown_table(header, rows)


def targets_section(
    rr: dict[str, dict[str, RunResult]], runs: list[ProcessResult], ecg: EcgRows | None
) -> tuple[str, list[dict[str, Any]]]:
    checks: list[dict[str, Any]] = []

    def add(name: str, measured: str, passed: bool | None) -> None:
        checks.append({"target": name, "measured": measured, "pass": passed})

    end_to_end = next((r for r in runs if r.label.startswith("`vagal hrv analyze`")), None)
    if end_to_end is None:
        end_to_end = next((r for r in runs if r.label.startswith("`python -c`")), None)
    if end_to_end and not end_to_end.error and end_to_end.median_s is not None:
        add(
            f"24 h whole process < {TARGET_CLI_24H_S:g} s ({end_to_end.label}), wall",
            f"{fmt_time(end_to_end.median_s)} (min {fmt_time(min(end_to_end.walls_s))})",
            end_to_end.median_s < TARGET_CLI_24H_S,
        )
        cpu = end_to_end.median_cpu_s
        if cpu is not None:
            add(
                f"24 h whole process < {TARGET_CLI_24H_S:g} s, CPU time (insensitive to other load)",
                fmt_time(cpu),
                cpu < TARGET_CLI_24H_S,
            )
        add(
            f"24 h whole process peak RSS < {TARGET_CLI_24H_MB:.0f} MB",
            fmt_mb(end_to_end.peak_rss_mb),
            end_to_end.peak_rss_mb < TARGET_CLI_24H_MB,
        )
    else:
        add("24 h whole process < 1 s and < 400 MB", "not measured (engine/CLI missing)", None)
    one_h = rr.get("1h", {})
    vagal, nk2 = one_h.get("vagal"), one_h.get("nk2_hrv")
    if vagal and nk2 and vagal.ok and nk2.ok and vagal.median_s and nk2.median_s:
        speedup = nk2.median_s / vagal.median_s
        add(
            f"≥ {TARGET_NK2_SPEEDUP_1H:.0f}× faster than NeuroKit2 `hrv()` on 1 h",
            f"{speedup:,.0f}× ({fmt_time(nk2.median_s)} vs {fmt_time(vagal.median_s)})",
            speedup >= TARGET_NK2_SPEEDUP_1H,
        )
    else:
        add("≥ 100× faster than NeuroKit2 `hrv()` on 1 h", "not measured", None)
    if ecg is not None:
        checks.extend(ecg.targets())
    rows = [
        [c["target"], c["measured"], {True: "**pass**", False: "**FAIL**", None: "n/a"}[c["pass"]]]
        for c in checks
    ]
    return markdown_table(["target (issue 3)", "measured", "result"], rows), checks


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="shared data directory")
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats (3) and smaller budgets"
    )
    parser.add_argument("--sizes", nargs="+", choices=list(RR_SIZES), default=list(RR_SIZES))
    parser.add_argument(
        "--libs", nargs="+", choices=list(RR_CASE_LABELS), default=list(RR_CASE_LABELS)
    )
    parser.add_argument("--no-ecg", action="store_true", help="skip the ECG detection benchmark")
    parser.add_argument("--no-rr", action="store_true", help="skip the RR benchmark")
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process runs")
    parser.add_argument(
        "--mem-limit-gb", type=float, default=8.0, help="address-space cap per child"
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="per-case timeout, s")
    parser.add_argument(
        "--slow-timeout",
        type=float,
        default=900.0,
        help="timeout for NeuroKit2 hrv() on 1 h/24 h, s",
    )
    parser.add_argument(
        "--nice", type=int, default=10, help="niceness of the children (shared machine)"
    )
    parser.add_argument(
        "--process-nice",
        type=int,
        default=0,
        help="niceness of the short whole-process runs (absolute targets)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--markdown", type=Path, help="also write the Markdown report here")
    args = parser.parse_args()
    if not (args.data / NSR001).exists():
        parser.error(f"{args.data / NSR001} not found: pass --data DIR (the shared data directory)")
    settings = Settings(
        data_dir=args.data.resolve(),
        quick=args.quick,
        repeats=3 if args.quick else 7,
        budget_s=8.0 if args.quick else 30.0,
        timeout_s=args.timeout,
        slow_timeout_s=args.slow_timeout,
        mem_limit_gb=args.mem_limit_gb,
        nice=args.nice,
        process_nice=args.process_nice,
    )
    machine = machine_summary()
    print(f"machine: {machine}", file=sys.stderr)
    print("  priming the bytecode cache (imports every library once)", file=sys.stderr)
    prime_bytecode_cache()
    rr = {} if args.no_rr else run_rr(settings, args.libs, args.sizes)
    runs = [] if args.no_process else run_whole_process(settings)
    ecg = (
        None
        if args.no_ecg
        else run_ecg(
            settings.data_dir,
            settings.repeats,
            settings.budget_s,
            settings.timeout_s,
            settings.mem_limit_gb,
            settings.nice,
        )
    )
    targets_md, checks = targets_section(rr, runs, ecg)
    versions = library_versions(["vagal", "numpy", "scipy", *PEER_DISTS])
    mode = "--quick" if args.quick else "full"
    parts = [
        f"Machine: {machine}  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + f"  \nMode: {mode}",
        "",
        "### Targets",
        "",
        targets_md,
    ]
    if rr:
        parts += [
            "",
            "### RR analysis (nsr001, cut from the start by cumulative time)",
            "",
            rr_section(rr, settings.data_dir),
        ]
    if runs:
        beats = len(rr_input(settings.data_dir, "24h"))
        parts += [
            "",
            f"### Whole process, 24 h (nsr001, {beats:,} beats)",
            "",
            process_section(runs),
        ]
    if ecg is not None:
        parts += ["", "### ECG beat detection (MIT-BIH 100, MLII)", "", ecg_section(ecg)]
    report = "\n".join(parts) + "\n"
    print(report)
    if args.markdown:
        args.markdown.write_text(report)
    if args.json:
        payload = {
            "machine": machine,
            "versions": versions,
            "mode": mode,
            "rr": {s: {c: asdict(r) for c, r in by.items()} for s, by in rr.items()},
            "process": [asdict(r) for r in runs],
            "ecg": ecg.to_json() if ecg else None,
            "targets": checks,
        }
        args.json.write_text(json.dumps(payload, indent=2, default=float))


if __name__ == "__main__":
    main()
