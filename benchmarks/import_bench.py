"""Apple Health import: vagal's parser (and full `vagal import`) against healthkit-to-sqlite.

One command generates (or reuses) a synthetic `export.zip` of about 1 GiB of XML, then runs each
tool on that same file in its own child process and prints a Markdown table: input size, wall
and CPU time, throughput (MiB of uncompressed XML per second of wall time) and peak RSS:

    .venv/bin/python benchmarks/import_bench.py --quick            # 50 MiB, about a minute
    nice -n 10 .venv/bin/python benchmarks/import_bench.py          # 1 GiB (issue 4, item 7)
    .venv/bin/python benchmarks/import_bench.py --quick --profile   # + cProfile of the parser

Rows:

* **vagal parser** — `vagal.importers.apple_health.parse(open(zip), "export.zip")` in a fresh
  interpreter (imports included); what it found is checked against the generator's manifest.
* **vagal import (CLI)** — the whole `vagal import ZIP --user EMAIL --json` (content hash, format
  detection, parse, HRV analysis of every beat list, one publish transaction) against a throwaway
  SQLite data directory prepared with `vagal db upgrade` and `vagal user create` (not timed).
* **healthkit-to-sqlite** — `healthkit-to-sqlite ZIP DB --silent`: every record into SQLite.

Peak RSS is each child's own `ru_maxrss` from `os.wait4`. The generated file is cached in
`--work` (default: the temp directory) and reused while the size, seed and generator version are
the same. Targets (issue 4): vagal ≥ 50 MB/s (decimal) and < 200 MB peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

TARGET_MB_S = 50.0  # decimal MB (10^6 bytes) of uncompressed export.xml per wall second
TARGET_RSS_MB = 200.0
QUICK_MB = 50.0
BENCH_EMAIL = "bench@example.org"
BENCH_PASSWORD = "import-bench-password-123"  # throwaway account in a throwaway database
MIB = 1024**2
MB = 1000**2


# ---------------------------------------------------------------------------------------------
# Child modes (run in a fresh interpreter; they import only what the measured tool needs)
# ---------------------------------------------------------------------------------------------


def child_parse(zip_path: Path) -> None:
    """Run vagal's Apple Health parser on the file; print what it found as JSON."""
    started = time.perf_counter()
    from vagal.importers.apple_health import parse

    imported = time.perf_counter()
    with zip_path.open("rb") as stream:
        result = parse(stream, zip_path.name)
    done = time.perf_counter()
    metrics: dict[str, int] = {}
    for summary in result.summaries:
        metrics[summary.metric] = metrics.get(summary.metric, 0) + 1
    print(
        json.dumps(
            {
                "import_s": imported - started,
                "parse_s": done - imported,
                "recordings": len(result.recordings),
                "beats": sum(r.n_intervals for r in result.recordings),
                "summaries": metrics,
                "skipped": len(result.skipped),
            }
        )
    )


def child_profile(zip_path: Path, out: Path) -> None:
    """cProfile of the parser alone; stats written to `out` (a pstats file)."""
    import cProfile

    from vagal.importers.apple_health import parse

    profiler = cProfile.Profile()
    with zip_path.open("rb") as stream:
        profiler.enable()
        parse(stream, zip_path.name)
        profiler.disable()
    profiler.dump_stats(str(out))


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    tool: str
    ok: bool
    wall_s: float = float("nan")
    cpu_s: float = float("nan")
    peak_rss_mb: float = float("nan")
    found: str = ""
    error: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def mb_s(self, xml_mb: float) -> float:
        return xml_mb / self.wall_s if self.ok and self.wall_s > 0 else float("nan")

    def cpu_mb_s(self, xml_mb: float) -> float:
        return xml_mb / self.cpu_s if self.ok and self.cpu_s > 0 else float("nan")


def _venv_bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _fail(tool: str, status: int | None, wall: float, peak: float, err: str, timeout: float) -> Row:
    reason = f"timeout after {timeout:.0f} s" if status is None else f"exit {status}"
    tail = " | ".join(line for line in err.strip().splitlines()[-3:] if line.strip())
    return Row(tool, False, wall, peak_rss_mb=peak, error=f"{reason}: {tail[:300]}")


def run_vagal_parser(zip_path: Path, manifest: dict[str, Any], args: argparse.Namespace) -> Row:
    from _common import child_env, run_isolated

    tool = "vagal parser (`apple_health.parse`)"
    argv = [sys.executable, str(Path(__file__).resolve()), "child-parse", str(zip_path)]
    status, wall, peak, cpu, out, err = run_isolated(
        argv, timeout_s=args.timeout, mem_limit_gb=args.mem_limit_gb, nice=args.nice,
        env=child_env(),
    )  # fmt: skip
    if status != 0:
        return _fail(tool, status, wall, peak, err, args.timeout)
    found = json.loads(out.strip().splitlines()[-1])
    expected = manifest["expected_vagal"]
    got = {"recordings": found["recordings"], **found["summaries"]}
    mismatches = [f"{k} {got.get(k, 0)} ≠ {v}" for k, v in expected.items() if got.get(k, 0) != v]
    metrics = found["summaries"]
    text = (
        f"{found['recordings']:,} beat lists ({found['beats']:,} beats); "
        f"daily values: {metrics.get('sdnn_ms', 0):,} SDNN, "
        f"{metrics.get('resting_hr_bpm', 0):,} resting HR, {metrics.get('sleep_hours', 0):,} sleep"
        + (f"; {found['skipped']} skipped" if found["skipped"] else "")
        + ("; **differs from the generator: " + ", ".join(mismatches) + "**" if mismatches else "")
    )
    return Row(tool, True, wall, cpu, peak, text, extra={**found, "mismatches": mismatches})


def run_vagal_cli(zip_path: Path, work: Path, args: argparse.Namespace) -> Row:
    """`vagal import` against a fresh SQLite data directory (set-up not timed)."""
    from _common import child_env, run_isolated

    tool = "vagal import (CLI, parse + analyse + store)"
    data_dir = work / "vagal-data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = child_env()
    env["VAGAL_DATA_DIR"] = str(data_dir)
    env.pop("VAGAL_DATABASE_URL", None)
    vagal = _venv_bin("vagal")
    try:
        subprocess.run([vagal, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run(
            [vagal, "user", "create", "--email", BENCH_EMAIL, "--password-stdin"],
            env=env, check=True, capture_output=True, input=BENCH_PASSWORD + "\n", text=True,
        )  # fmt: skip
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(data_dir, ignore_errors=True)
        return Row(tool, False, error=f"set-up failed: {exc.stderr!s}"[-300:])
    argv = [vagal, "import", str(zip_path), "--user", BENCH_EMAIL, "--json"]
    status, wall, peak, cpu, out, err = run_isolated(
        argv, timeout_s=args.timeout, mem_limit_gb=args.mem_limit_gb, nice=args.nice, env=env
    )
    db_mb = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file()) / MIB
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    if status != 0:
        return _fail(tool, status, wall, peak, err, args.timeout)
    summary = json.loads(out.strip().splitlines()[-1])
    text = (
        f"{summary['recordings_added']:,} recordings and {summary['summaries_added']:,} daily "
        f"values stored; {len(summary['skipped'])} skipped; database {db_mb:.0f} MiB"
    )
    return Row(tool, True, wall, cpu, peak, text, extra={"summary": summary, "db_mb": db_mb})


def run_peer(zip_path: Path, work: Path, args: argparse.Namespace) -> Row:
    from _common import child_env, run_isolated

    tool = "healthkit-to-sqlite"
    db_path = work / "healthkit.db"
    db_path.unlink(missing_ok=True)
    argv = [_venv_bin("healthkit-to-sqlite"), str(zip_path), str(db_path), "--silent"]
    status, wall, peak, cpu, _out, err = run_isolated(
        argv, timeout_s=args.timeout, mem_limit_gb=args.mem_limit_gb, nice=args.nice,
        env=child_env(),
    )  # fmt: skip
    if status != 0:
        db_path.unlink(missing_ok=True)
        return _fail(tool, status, wall, peak, err, args.timeout)
    with sqlite3.connect(db_path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        rows = {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    db_mb = db_path.stat().st_size / MIB
    if not args.keep:
        db_path.unlink(missing_ok=True)
    records = sum(n for t, n in rows.items() if t.startswith("r"))
    text = (
        f"{records:,} records in {sum(t.startswith('r') for t in rows)} tables, "
        f"{rows.get('workouts', 0):,} workouts, {rows.get('activity_summary', 0):,} activity "
        f"summaries; database {db_mb:.0f} MiB"
    )
    return Row(tool, True, wall, cpu, peak, text, extra={"rows": rows, "db_mb": db_mb})


def profile_parser(zip_path: Path, work: Path, top: int = 25) -> str:
    """Top functions of a cProfile run of the parser (own time and cumulative)."""
    import io
    import pstats

    out = work / "apple_parse.prof"
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "child-profile", str(zip_path), str(out)],
        check=True,
    )
    text = io.StringIO()
    stats = pstats.Stats(str(out), stream=text)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    out.unlink(missing_ok=True)
    return text.getvalue()


# ---------------------------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------------------------


def export_zip(
    work: Path, size_mb: float, seed: int, regenerate: bool
) -> tuple[Path, dict[str, Any]]:
    """The cached synthetic export for this size and seed, generated when missing."""
    import _apple_synth as synth

    work.mkdir(parents=True, exist_ok=True)
    path = work / f"apple_export_{size_mb:g}mib_seed{seed}_v{synth.GENERATOR_VERSION}.zip"
    manifest_file = synth.manifest_path(path)
    if path.exists() and manifest_file.exists() and not regenerate:
        manifest = json.loads(manifest_file.read_text())
        if manifest.get("zip_bytes") == path.stat().st_size:
            _log(f"reusing {path} ({manifest['xml_bytes'] / MIB:.0f} MiB of XML)")
            return path, manifest
    _log(f"generating {path} (~{size_mb:g} MiB of XML) …")
    started = time.perf_counter()
    manifest = synth.generate(path, size_mb, seed)
    _log(
        f"  done in {time.perf_counter() - started:.0f} s: {manifest['records']:,} records, "
        f"{manifest['days']} days, zip {manifest['zip_bytes'] / MIB:.0f} MiB"
    )
    return path, manifest


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _num(value: float, fmt: str) -> str:
    return "–" if value != value else format(value, fmt)  # NaN check


def report(
    rows: list[Row],
    manifest: dict[str, Any],
    command: str,
    profile: str | None,
    seconds: float,
    loads: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None,
) -> str:
    import pyexpat

    from _common import library_versions, machine_summary, markdown_table

    xml_mb = manifest["xml_bytes"] / MIB
    zip_mb = manifest["zip_bytes"] / MIB
    xml_dec = manifest["xml_bytes"] / MB
    versions = library_versions(["vagal", "healthkit-to-sqlite", "sqlite-utils"])
    versions["expat"] = pyexpat.EXPAT_VERSION.removeprefix("expat_")
    table = markdown_table(
        [
            "tool",
            "XML MiB",
            "zip MiB",
            "wall s",
            "CPU s",
            "MiB/s (XML)",
            "MB/s (XML)",
            "MB per CPU s",
            "peak RSS MB",
            "found",
        ],
        [
            [
                f"**{row.tool}**" if row.tool.startswith("vagal") else row.tool,
                f"{xml_mb:,.0f}",
                f"{zip_mb:,.1f}",
                _num(row.wall_s, ".1f"),
                _num(row.cpu_s, ".1f"),
                _num(row.mb_s(xml_mb), ".1f"),
                _num(row.mb_s(xml_dec), ".1f"),
                _num(row.cpu_mb_s(xml_dec), ".1f"),
                _num(row.peak_rss_mb, ".0f"),
                row.found if row.ok else f"failed: {row.error}",
            ]
            for row in rows
        ],
    )
    counts = manifest["counts"]
    mix = ", ".join(
        f"{k.removeprefix('HKQuantityTypeIdentifier').removeprefix('HKCategoryTypeIdentifier')} "
        f"{v:,}"
        for k, v in sorted(counts.items(), key=lambda kv: -kv[1])
    )
    lines = [
        "## Apple Health import benchmark",
        "",
        f"Machine: {machine_summary()}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + ".",
        f"Command: `{command}` (total {seconds:.0f} s).",
        "",
        f"Input: synthetic `export.zip` (seed {manifest['seed']}, generator "
        f"v{manifest['generator_version']}): {manifest['days']} days from "
        f"{manifest['first_day']}, {manifest['records']:,} records, {manifest['workouts']:,} "
        f"workouts, {manifest['activity_summaries']:,} activity summaries; "
        f"{manifest['xml_bytes']:,} bytes of XML, {manifest['zip_bytes']:,} bytes zipped. "
        f"Mix: {mix}.",
        "",
        table,
        "",
        "MiB/s and MB/s = uncompressed export.xml MiB (2^20 bytes) or MB (10^6 bytes) ÷ wall "
        "seconds of the whole child process (interpreter start and imports included); MB per "
        "CPU s divides by its user + system time instead (what an idle machine would give); "
        "peak RSS from `wait4` (MB = MiB). The targets are in MB/s.",
        "",
    ]
    if loads is not None:
        lines[4:4] = [
            "Load average (1, 5, 15 min) before the vagal rows: "
            + ", ".join(f"{x:.2f}" for x in loads[0])
            + "; after them: "
            + ", ".join(f"{x:.2f}" for x in loads[1])
            + ".",
        ]
    for row in rows:
        if row.tool.startswith("vagal") and row.ok:
            speed, rss = row.mb_s(xml_dec), row.peak_rss_mb
            verdict = "PASS" if speed >= TARGET_MB_S and rss < TARGET_RSS_MB else "FAIL"
            lines.append(
                f"* {row.tool}: {speed:.1f} MB/s (target ≥ {TARGET_MB_S:.0f}: "
                f"{'pass' if speed >= TARGET_MB_S else 'fail'}), peak RSS {rss:.0f} MB "
                f"(target < {TARGET_RSS_MB:.0f}: {'pass' if rss < TARGET_RSS_MB else 'fail'}) "
                f"→ **{verdict}**"
            )
    parser = next((r for r in rows if r.tool.startswith("vagal parser") and r.ok), None)
    if parser is not None:
        lines.append(
            f"* vagal parser inside the child: imports {parser.extra['import_s']:.2f} s, "
            f"parse {parser.extra['parse_s']:.1f} s "
            f"({xml_mb / parser.extra['parse_s']:.1f} MiB/s)."
        )
    if profile:
        lines += ["", "### cProfile of the parser", "", "```", profile.strip(), "```"]
    return "\n".join(lines) + "\n"


def _median_of(repeat: int, measure: Callable[[], Row]) -> Row:
    """Run a measurement `repeat` times; the run with the median wall time, all walls noted."""
    runs = [measure() for _ in range(max(repeat, 1))]
    ok = sorted((r for r in runs if r.ok), key=lambda r: r.wall_s)
    if len(ok) < len(runs) or len(runs) == 1:
        return next((r for r in runs if not r.ok), runs[0])
    median = ok[(len(ok) - 1) // 2]
    walls = ", ".join(f"{r.wall_s:.1f}" for r in runs)
    cpus = ", ".join(f"{r.cpu_s:.1f}" for r in runs)
    median.found += f" (median of {len(runs)} runs; wall s {walls}; CPU s {cpus})"
    median.extra["runs"] = [
        {"wall_s": r.wall_s, "cpu_s": r.cpu_s, "rss": r.peak_rss_mb} for r in runs
    ]
    return median


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size-mb", type=float, default=1024.0, help="target MiB of XML, approximate (1024)"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_MB:g} MiB instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vagal-import-bench",
        help="cache of generated exports and scratch databases",
    )
    parser.add_argument("--regenerate", action="store_true", help="ignore a cached export")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--no-cli", action="store_true", help="skip the full `vagal import` row")
    parser.add_argument("--no-peer", action="store_true", help="skip healthkit-to-sqlite")
    parser.add_argument("--profile", action="store_true", help="append a cProfile of the parser")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each vagal row; the median is reported"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite databases")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per tool")
    parser.add_argument("--mem-limit-gb", type=float, default=8.0)
    parser.add_argument("--nice", type=int, default=0, help="extra niceness of the children")
    parser.add_argument("--markdown", type=Path, help="also write the report here")
    parser.add_argument("--json", type=Path, help="write raw results here")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    if argv[:1] == ["child-parse"]:
        child_parse(Path(argv[1]))
        return 0
    if argv[:1] == ["child-profile"]:
        child_profile(Path(argv[1]), Path(argv[2]))
        return 0
    args = parse_args(argv)
    from _common import child_env, run_isolated

    started = time.perf_counter()
    size = QUICK_MB if args.quick else args.size_mb
    zip_path, manifest = export_zip(args.work, size, args.seed, args.regenerate)
    if args.generate_only:
        return 0
    # Compile bytecode for the children once, so that no row pays for it.
    run_isolated(
        [sys.executable, "-c", "import vagal.cli.main, vagal.importers.apple_health, "
         "vagal.services.imports, healthkit_to_sqlite.cli"],
        timeout_s=600, env=child_env(),
    )  # fmt: skip
    rows: list[Row] = []
    load_before = os.getloadavg()
    _log("vagal parser …")
    rows.append(_median_of(args.repeat, lambda: run_vagal_parser(zip_path, manifest, args)))
    if not args.no_cli:
        _log("vagal import (CLI) …")
        rows.append(_median_of(args.repeat, lambda: run_vagal_cli(zip_path, args.work, args)))
    if not args.no_peer:
        _log("healthkit-to-sqlite …")
        rows.append(run_peer(zip_path, args.work, args))
    load_after = os.getloadavg()
    profile = None
    if args.profile:
        _log("cProfile of the parser …")
        profile = profile_parser(zip_path, args.work)
    command = "python benchmarks/import_bench.py " + " ".join(argv)
    loads = (load_before, load_after)
    text = report(rows, manifest, command.strip(), profile, time.perf_counter() - started, loads)
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"manifest": manifest, "load_avg": loads, "rows": [row.__dict__ for row in rows]},
                indent=2,
                default=str,
            )
        )
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv[1:]))
