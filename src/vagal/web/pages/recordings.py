"""Recordings: the list and one recording's metrics, artefact report and tachogram."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from vagal.charts.svg import tachogram
from vagal.services import recordings as service
from vagal.services.recordings import KIND_LABELS
from vagal.web import context
from vagal.web.pages.render import page, require_account

router = APIRouter()

# (key, label, unit, digits, what it means): the numbers shown on a recording's page.
METRIC_ROWS: tuple[tuple[str, str, str, int, str], ...] = (
    ("mean_hr_bpm", "Mean heart rate", "bpm", 0, "beats per minute, on average"),
    (
        "rmssd_ms",
        "RMSSD",
        "ms",
        1,
        "beat-to-beat variation; higher usually means more rest-and-digest activity",
    ),
    ("ln_rmssd", "ln RMSSD", "", 2, "the natural log of RMSSD, used for your baseline"),
    ("sdnn_ms", "SDNN", "ms", 1, "overall variation across the recording"),
    ("pnn50_pct", "pNN50", "%", 1, "share of successive beats differing by more than 50 ms"),
    ("lf_ms2", "LF power", "ms²", 0, "0.04–0.15 Hz"),
    ("hf_ms2", "HF power", "ms²", 0, "0.15–0.4 Hz, the breathing band"),
    ("lf_hf", "LF/HF", "", 2, "ratio of the two bands"),
    ("sd1_ms", "SD1", "ms", 1, "Poincaré short-term variation"),
    ("sd2_ms", "SD2", "ms", 1, "Poincaré long-term variation"),
    ("dfa_alpha1", "DFA α1", "", 2, "short-term fractal scaling (4–16 beats)"),
    ("sample_entropy", "Sample entropy", "", 2, "irregularity of the rhythm"),
)


def metric_rows(metrics: dict[str, Any]) -> list[dict[str, str]]:
    unavailable = metrics.get("unavailable", {}) or {}
    unreliable = metrics.get("unreliable", {}) or {}
    rows = []
    for key, label, unit, digits, meaning in METRIC_ROWS:
        value = metrics.get(key)
        shown = f"{value:.{digits}f} {unit}".strip() if isinstance(value, int | float) else "—"
        note = unavailable.get(key) or unreliable.get(key) or ""
        rows.append({"label": label, "value": shown, "meaning": meaning, "note": note})
    return rows


@router.get("/recordings")
def recordings(request: Request) -> Response:
    account = require_account(request)
    with context.db(request).session(write=False) as session:
        items = service.list_recordings(session, account, limit=200)
    labels = {k.value: v for k, v in KIND_LABELS.items()}
    return page(
        request, "recordings.html", {"items": items, "kind_labels": labels}, account=account
    )


@router.get("/recordings/{recording_id}")
def recording(request: Request, recording_id: int) -> Response:
    account = require_account(request)
    with context.db(request).session(write=False) as session:
        view, rr = service.get_recording(session, account, recording_id)
    ctx = {
        "rec": view,
        "rows": metric_rows(view.metrics),
        "artifacts": view.metrics.get("artifacts", {}),
        "chart": Markup(tachogram(rr)),  # noqa: S704 (our own SVG, every text escaped)
        "kind_label": KIND_LABELS[view.kind],
    }
    return page(request, "recording.html", ctx, account=account)
