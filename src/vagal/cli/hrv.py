"""`vagal hrv ...`: analyse RR, ECG and PPG files with the HRV engine."""

from __future__ import annotations

import typer

app = typer.Typer(help="Heart-rate variability tools.", no_args_is_help=True)
