"""ECG R-peak detection: vagal `ecg_peaks` against NeuroKit2's default and sleepecg.

Input: MIT-BIH Arrhythmia record 100, lead MLII — the whole 30 min at its native 360 Hz, and the
first 10 min resampled to 500 Hz with `resample_poly(25, 18)` (the variant HRV-REFERENCE §2.5
measured). Detections are matched one-to-one to the `.atr` beat annotations within ±150 ms.

    .venv/bin/python benchmarks/ecg_bench.py [--quick] [--data DIR]

(`hrv_bench.py` runs this too.)
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    DEFAULT_DATA_DIR,
    ECG_SIZES,
    RunResult,
    fmt_mb,
    fmt_ratio,
    fmt_time,
    markdown_table,
    prime_bytecode_cache,
    run_case,
)

ECG_CASE_LABELS = {
    "ecg_vagal": "**vagal** `ecg_peaks`",
    "ecg_nk2": "NeuroKit2 `ecg_clean` + `ecg_peaks` (default `neurokit`)",
    "ecg_sleepecg": "sleepecg `detect_heartbeats` (C backend)",
    "ecg_vagal_analyze": "vagal `analyze_ecg` (detection + RR analysis)",
}
TARGET_INPUT = "10min@500Hz"  # speed target: as fast as NeuroKit2's default here


@dataclass
class EcgRows:
    results: dict[str, dict[str, RunResult]] = field(default_factory=dict)

    def targets(self) -> list[dict[str, Any]]:
        checks: list[dict[str, Any]] = []
        speed = self.results.get(TARGET_INPUT, {})
        vagal, nk2 = speed.get("ecg_vagal"), speed.get("ecg_nk2")
        if vagal and nk2 and vagal.ok and nk2.ok and vagal.median_s and nk2.median_s:
            checks.append(
                {
                    "target": "ECG `ecg_peaks` at least as fast as NeuroKit2 default (10 min @ 500 Hz)",
                    "measured": f"{fmt_time(vagal.median_s)} vs {fmt_time(nk2.median_s)}",
                    "pass": vagal.median_s <= nk2.median_s,
                }
            )
        else:
            checks.append(
                {
                    "target": "ECG `ecg_peaks` at least as fast as NeuroKit2",
                    "measured": "not measured",
                    "pass": None,
                }
            )
        for size, by_case in self.results.items():
            vagal, nk2 = by_case.get("ecg_vagal"), by_case.get("ecg_nk2")
            if not (vagal and nk2 and vagal.ok and nk2.ok):
                continue
            v, n = vagal.extra, nk2.extra
            checks.append(
                {
                    "target": f"ECG Se and PPV ≥ NeuroKit2's, ±150 ms ({size.replace('@', ' @ ')})",
                    "measured": (
                        f"Se {v['se_pct']:.2f} / PPV {v['ppv_pct']:.2f} vs "
                        f"{n['se_pct']:.2f} / {n['ppv_pct']:.2f}"
                    ),
                    "pass": v["se_pct"] >= n["se_pct"] and v["ppv_pct"] >= n["ppv_pct"],
                }
            )
        return checks

    def to_json(self) -> dict[str, Any]:
        return {s: {c: asdict(r) for c, r in by.items()} for s, by in self.results.items()}


def run_ecg(
    data_dir: Path,
    repeats: int,
    budget_s: float,
    timeout_s: float,
    mem_limit_gb: float | None,
    nice: int,
    cases: list[str] | None = None,
) -> EcgRows:
    rows = EcgRows()
    for size in ECG_SIZES:
        rows.results[size] = {}
        for case in cases or list(ECG_CASE_LABELS):
            print(f"  ECG {size:<12} {case:<18}", end=" ", file=sys.stderr, flush=True)
            res = run_case(
                case,
                size,
                data_dir,
                repeats=max(repeats, 5),
                budget_s=budget_s,
                timeout_s=timeout_s,
                mem_limit_gb=mem_limit_gb,
                nice=nice,
            )
            rows.results[size][case] = res
            status = fmt_time(res.median_s) if res.ok else f"FAILED: {res.error}"
            print(f"{status}  (peak {fmt_mb(res.peak_rss_mb)})", file=sys.stderr, flush=True)
    return rows


def ecg_section(rows: EcgRows) -> str:
    table: list[list[str]] = []
    for size, by_case in rows.results.items():
        vagal = by_case.get("ecg_vagal")
        vagal_s = vagal.median_s if vagal and vagal.ok else None
        for case, res in by_case.items():
            if not res.ok:
                table.append(
                    [size, ECG_CASE_LABELS[case], f"failed: {res.error}", "–", "–", "–", "–", "–"]
                )
                continue
            x = res.extra
            table.append(
                [
                    size.replace("@", " @ "),
                    ECG_CASE_LABELS[case],
                    f"{fmt_time(res.median_s)} ({fmt_time(min(res.times_s))}, n={len(res.times_s)})",
                    {"ecg_vagal": "1×", "ecg_vagal_analyze": "–"}.get(
                        case, fmt_ratio(res.median_s, vagal_s)
                    ),
                    f"{x['se_pct']:.2f}",
                    f"{x['ppv_pct']:.2f}",
                    f"{x['offset_median_ms']:.0f} ({x['offset_iqr_ms']:.0f})",
                    f"{int(x['tp'])}/{int(x['reference_beats'])}, FP {int(x['fp'])}",
                    fmt_mb(res.peak_rss_mb),
                ]
            )
    header = [
        "input",
        "detector",
        "time, median (min, n)",
        "peer ÷ vagal",
        "Se %",
        "PPV %",
        "offset med (IQR) ms",
        "TP/ref, FP",
        "peak RSS",
    ]
    return markdown_table(header, table)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cases", nargs="+", choices=list(ECG_CASE_LABELS))
    parser.add_argument("--mem-limit-gb", type=float, default=8.0)
    parser.add_argument("--nice", type=int, default=10)
    args = parser.parse_args()
    prime_bytecode_cache()
    rows = run_ecg(
        args.data.resolve(),
        repeats=5 if args.quick else 15,
        budget_s=8.0 if args.quick else 30.0,
        timeout_s=180.0,
        mem_limit_gb=args.mem_limit_gb,
        nice=args.nice,
        cases=args.cases,
    )
    print(ecg_section(rows))
    print()
    print(
        markdown_table(
            ["target", "measured", "result"],
            [[c["target"], c["measured"], str(c["pass"])] for c in rows.targets()],
        )
    )


if __name__ == "__main__":
    main()
