"""`vagal hrv ...`: analyse RR, ECG and PPG files with the HRV engine."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vagal.errors import VagalError

if TYPE_CHECKING:
    from vagal.core.hrv.frequency_domain import SpectralMethod
    from vagal.core.hrv.report import HRVReport

app = typer.Typer(help="Heart-rate variability tools.", no_args_is_help=True)


class Kind(StrEnum):
    """What the file holds."""

    rr = "rr"
    ecg = "ecg"
    ppg = "ppg"


class Unit(StrEnum):
    """Unit of RR intervals."""

    ms = "ms"
    s = "s"


class Spectral(StrEnum):
    """Spectral estimator."""

    welch = "welch"
    lomb = "lomb"


@app.callback()
def _hrv() -> None:
    """Heart-rate variability tools."""


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="RR, ECG or PPG file: one number per line, or CSV.")],
    kind: Annotated[Kind, typer.Option(help="What the file holds.")] = Kind.rr,
    unit: Annotated[
        Unit | None,
        typer.Option(help="Unit of RR intervals; required unless the header names it (rr_ms)."),
    ] = None,
    sampling_rate: Annotated[
        float | None, typer.Option("--sampling-rate", help="ECG/PPG sampling rate in Hz.")
    ] = None,
    column: Annotated[str | None, typer.Option(help="Column to use in a CSV file.")] = None,
    skip: Annotated[
        int, typer.Option(min=0, help="Ignore this many leading values (e.g. a start time).")
    ] = 0,
    spectral: Annotated[Spectral, typer.Option(help="Spectral estimator.")] = Spectral.welch,
    lomb: Annotated[bool, typer.Option("--lomb", help="Same as --spectral lomb.")] = False,
    correct: Annotated[
        bool, typer.Option("--correct/--no-correct", help="Correct artefacts before analysis.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Analyse one recording and print its HRV report.

    RR files need their unit (--unit ms|s, or a header such as rr_ms). Intervals longer than
    3 s are treated as gaps (signal loss), so a leading start time (PhysioNet *_rr_secs.txt)
    is skipped as a gap; use --skip 1 to drop it explicitly.
    """
    method = "lomb" if lomb else spectral.value
    try:
        report = _run(file, kind, unit, sampling_rate, column, skip, method, correct)
    except VagalError as exc:
        typer.echo(f"Error: {exc.message}", err=True)
        raise typer.Exit(code=2) from None
    if as_json:
        typer.echo(json.dumps(_clean_json(report.to_dict()), allow_nan=False))
    else:
        _print_table(report, file)


def _run(
    file: Path,
    kind: Kind,
    unit: Unit | None,
    rate: float | None,
    column: str | None,
    skip: int,
    method: str,
    correct: bool,
) -> HRVReport:
    from vagal.cli import hrv_files
    from vagal.core.hrv import pipeline
    from vagal.errors import InvalidInput

    table = hrv_files.read_table(file)
    values, name = hrv_files.pick_column(table, column, kind.value, file)
    values = values[skip:]
    if values.size == 0:
        raise InvalidInput(f"{file} has no values left after skipping {skip}.")
    spectral: SpectralMethod = "lomb" if method == "lomb" else "welch"
    if kind is Kind.rr:
        if rate is not None:
            raise InvalidInput("--sampling-rate applies to ECG/PPG files, not RR intervals.")
        rr_ms = hrv_files.rr_in_ms(values, name, unit.value if unit else None, file)
        return pipeline.analyze_rr(rr_ms, correct_artifacts=correct, spectral_method=spectral)
    if rate is None:
        raise InvalidInput(f"{kind.value.upper()} files need --sampling-rate HZ.")
    if unit is not None:
        raise InvalidInput("--unit applies to RR files; ECG/PPG need --sampling-rate.")
    analyze_signal = pipeline.analyze_ecg if kind is Kind.ecg else pipeline.analyze_ppg
    return analyze_signal(values, rate, correct_artifacts=correct, spectral_method=spectral)


def _clean_json(value: Any) -> Any:
    """Replace any non-finite float by None (the core never produces one; belt and braces)."""
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


_ROWS: list[tuple[str, str, str]] = [
    ("mean_hr_bpm", "Mean HR", "bpm"),
    ("mean_rr_ms", "Mean RR", "ms"),
    ("sdnn_ms", "SDNN", "ms"),
    ("rmssd_ms", "RMSSD", "ms"),
    ("ln_rmssd", "ln RMSSD", ""),
    ("pnn50_pct", "pNN50", "%"),
    ("hrv_triangular_index", "HRV triangular index", ""),
    ("vlf_ms2", "VLF power", "ms²"),
    ("lf_ms2", "LF power", "ms²"),
    ("hf_ms2", "HF power", "ms²"),
    ("lf_hf", "LF/HF", ""),
    ("lf_nu", "LF", "n.u."),
    ("hf_nu", "HF", "n.u."),
    ("sd1_ms", "SD1", "ms"),
    ("sd2_ms", "SD2", "ms"),
    ("dfa_alpha1", "DFA α1", ""),
    ("dfa_alpha2", "DFA α2", ""),
    ("sample_entropy", "Sample entropy", ""),
]


def _print_table(report: HRVReport, file: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    data = report.to_dict()
    art = data["artifacts"]
    table = Table(title=f"HRV of {file.name}", caption=_caption(data, art))
    for header in ("metric", "value", "unit", "note"):
        table.add_column(header, justify="right" if header == "value" else "left")
    for key, label, unit in _ROWS:
        value = data.get(key)
        note = report.unavailable.get(key) or report.unreliable.get(key, "")
        shown = "—" if value is None else f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
        table.add_row(label, shown, unit, note)
    Console().print(table)


def _caption(data: dict[str, Any], art: dict[str, Any]) -> str:
    return (
        f"{data['n_beats']} beats over {data['duration_s'] / 60:.1f} min "
        f"({data['n_segments']} segment(s), {data['gaps']['count']} gap(s)); "
        f"artefacts {art['total']} ({art['artifact_pct']:.2f} %: ectopic {art['ectopic']}, "
        f"missed {art['missed']}, extra {art['extra']}, long/short {art['long_short']}); "
        f"quality {data['quality']}; spectrum {data['spectral']['method']}"
    )


if __name__ == "__main__":  # pragma: no cover - `python -m vagal.cli.hrv` for timing
    app()
