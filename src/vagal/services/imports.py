"""Importing files: detect the format, parse, analyse, then publish everything in one short step.

Guarantees (each has a test):
- all-or-nothing: parsing and analysis happen before any write; the publish step is one
  transaction, so an error or a crash anywhere stores nothing from the file;
- idempotent: the same file again (same content hash) changes nothing, and an overlapping export
  skips what is already stored (recordings by source + start time, daily values by source +
  metric + day);
- not blocking: the write lock is held only for the publish step, so check-ins keep working
  while a long file is parsed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, cast
from zoneinfo import ZoneInfo

from vagal.core.hrv.pipeline import analyze_rr_many
from vagal.errors import InvalidInput, VagalError
from vagal.importers.model import DailySummary, ImportResult, ParsedRecording
from vagal.services import import_formats as formats
from vagal.services import recordings as rec_service
from vagal.services.accounts import Account
from vagal.services.recordings import RecordingInput, RecordingKind
from vagal.storage.db import Database
from vagal.storage.repositories import recordings as repo
from vagal.storage.rows import ImportRow

Progress = Callable[[str, float], None]
INSERT_BATCH = 1000
"""Recordings per bulk INSERT (their blobs and JSON are built one batch at a time)."""
ANALYSIS_BATCH = 512
"""Recordings prepared (and coarse ones analysed together) at a time."""


@dataclass
class ImportSummary:
    """What an import did, for the page, the API and the CLI."""

    file_name: str
    format: str
    format_label: str
    already_imported: bool = False
    dry_run: bool = False
    recordings_added: int = 0
    recordings_existing: int = 0
    summaries_added: int = 0
    summaries_existing: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recording_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Prepared:
    recordings: list[tuple[RecordingInput, dict[str, Any]]]
    summaries: list[DailySummary]


def file_hash(path: Path) -> str:
    """SHA-256 of the file as uploaded (a zip is hashed as it is, not unpacked)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class _CountingReader:
    """Wraps a binary stream and reports how far through the file parsing has got."""

    def __init__(self, raw: BinaryIO, total: int, progress: Progress | None) -> None:
        self._raw, self._total, self._progress, self._done = raw, max(total, 1), progress, 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._tick(len(data))
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self._raw.readline(size)
        self._tick(len(data))
        return data

    def __iter__(self) -> _CountingReader:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def _tick(self, n: int) -> None:
        self._done += n
        if self._progress is not None:
            self._progress("reading", min(self._done / self._total, 1.0))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def choose_format(path: Path, file_name: str, requested: str | None) -> str:
    """The requested format if valid, else the detected one; ambiguous → ask the person."""
    choices = sorted(formats.FORMATS)
    names = ", ".join(choices)
    if requested:
        if requested not in formats.FORMATS:
            raise InvalidInput(
                f"'{requested}' is not a format vagal can import. Choose one of: {names}.",
                details={"field": "format", "choices": choices},
            )
        return requested
    found = formats.detect_file(path, file_name)
    if found is None:
        raise InvalidInput(
            f"vagal could not tell what kind of file '{file_name}' is. Choose its format "
            f"({names}) and upload it again.",
            code="format_unknown",
            details={"field": "format", "choices": choices},
        )
    return found


def import_file(
    db: Database,
    account: Account,
    path: Path,
    file_name: str,
    *,
    now: datetime,
    format_name: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    options: dict[str, Any] | None = None,
) -> ImportSummary:
    """Import one file for ``account``; see the module docstring for the guarantees."""
    content_hash = file_hash(path)
    fmt = choose_format(path, file_name, format_name)
    summary = ImportSummary(file_name, fmt, formats.label(fmt), dry_run=dry_run)
    with db.session(write=False) as session:
        if repo.find_import_by_hash(session, account.id, content_hash) is not None:
            summary.already_imported = True
            return summary
    result = _parse(path, file_name, fmt, progress, options or {})
    summary.warnings.extend(result.warnings)
    summary.skipped.extend(f"{item.where}: {item.reason}" for item in result.skipped)
    prepared = _prepare(result, account, now, summary, progress)
    if not prepared.recordings and not prepared.summaries:
        raise InvalidInput(
            f"'{file_name}' holds nothing vagal can use"
            + (f": {'; '.join(summary.skipped[:3])}." if summary.skipped else ".")
            + " Nothing was stored.",
            code="nothing_to_import",
        )
    if not dry_run:
        if progress:
            progress("saving", 1.0)
        _publish(db, account, prepared, summary, path, file_name, content_hash, now)
    else:
        summary.recordings_added = len(prepared.recordings)
        summary.summaries_added = len(prepared.summaries)
    return summary


def _parse(
    path: Path, file_name: str, fmt: str, progress: Progress | None, options: dict[str, Any]
) -> ImportResult:
    parser = formats.FORMATS[fmt]
    size = path.stat().st_size
    with path.open("rb") as raw:
        stream = _CountingReader(raw, size, progress)
        try:
            return parser.call(cast(BinaryIO, stream), file_name, options)
        except VagalError:
            raise
        except (ValueError, KeyError, IndexError, UnicodeDecodeError, EOFError) as exc:
            raise InvalidInput(
                f"'{file_name}' could not be read as {formats.label(fmt)} "
                f"({type(exc).__name__}: {str(exc)[:120]}). Check that it is the right kind of "
                "file, or choose another format. Nothing was stored.",
                code="unreadable_file",
            ) from exc


def _start_of(item: ParsedRecording, account: Account, now: datetime) -> tuple[datetime, str]:
    """The start in UTC; a file without any time is dated at the import, and says so."""
    start = item.resolve_start_utc(ZoneInfo(account.timezone))
    if start is not None:
        return start, ""
    return now, "The file gave no start time, so it is dated at the moment it was imported."


def _prepare(
    result: ImportResult,
    account: Account,
    now: datetime,
    summary: ImportSummary,
    progress: Progress | None,
) -> _Prepared:
    """Analyse every recording before anything is written (CPU work outside the lock)."""
    prepared: list[tuple[RecordingInput, dict[str, Any]]] = []
    total = max(len(result.recordings), 1)
    step = max(total // 200, 1)  # the bar moves in 0.5 % steps, not once per recording
    for lo in range(0, len(result.recordings), ANALYSIS_BATCH):
        chunk = result.recordings[lo : lo + ANALYSIS_BATCH]
        inputs = [_recording_input(item, account, now) for item in chunk]
        outcomes = _analyze_chunk(chunk, inputs, now)
        for index, (recording, outcome) in enumerate(zip(inputs, outcomes, strict=True), lo + 1):
            if isinstance(outcome, InvalidInput):
                label = f"{recording.source} recording at {recording.started_at:%Y-%m-%d %H:%M}"
                summary.skipped.append(f"{label}: {outcome.message}")
                continue
            prepared.append((recording, outcome))
            if progress and (index % step == 0 or index == total):
                progress("analysing", index / total)
    return _Prepared(prepared, list(result.summaries))


def _recording_input(item: ParsedRecording, account: Account, now: datetime) -> RecordingInput:
    started_at, dated_note = _start_of(item, account, now)
    return RecordingInput(
        started_at=started_at,
        source=item.source,
        kind=RecordingKind(item.kind),
        rr_ms=item.rr_ms,
        notes=tuple(item.notes)
        + ((rec_service.COARSE_NOTE,) if item.coarse else ())
        + ((dated_note,) if dated_note else ()),
    )


def _analyze_chunk(
    items: Sequence[ParsedRecording], inputs: list[RecordingInput], now: datetime
) -> list[dict[str, Any] | InvalidInput]:
    """The metrics of each recording (as `rec_service.analyze`), or why it cannot be used.

    Coarse series (Apple's beat lists: thousands of ~70-beat series in one export) are
    analysed together with `analyze_rr_many`, which gives the same results as one call each
    at a fraction of the cost; the others one by one."""
    outcomes: list[dict[str, Any] | InvalidInput | None] = [None] * len(items)
    batch: list[int] = []
    for k, (item, recording) in enumerate(zip(items, inputs, strict=True)):
        try:
            rec_service.check_start(recording, now)
            if item.coarse and recording.rr_ms.size <= rec_service.MAX_BEATS:
                batch.append(k)
                continue
            outcomes[k] = rec_service.analyze(
                recording.rr_ms, timestamps_s=item.beat_times_s, coarse=item.coarse
            )
        except InvalidInput as exc:
            outcomes[k] = exc
    reports = analyze_rr_many(
        [(inputs[k].rr_ms, items[k].beat_times_s) for k in batch], frequency_domain=False
    )
    for k, report in zip(batch, reports, strict=True):
        if isinstance(report, InvalidInput):
            report.details.setdefault("field", "rr_ms")
            outcomes[k] = report
        else:
            outcomes[k] = dict(report.to_dict())
    return [outcome for outcome in outcomes if outcome is not None]


def _publish(
    db: Database,
    account: Account,
    prepared: _Prepared,
    summary: ImportSummary,
    path: Path,
    file_name: str,
    content_hash: str,
    now: datetime,
) -> None:
    """One short write transaction: the import row, then the new recordings and daily values
    in bulk. What is already stored (same natural key) is counted, not written again; the
    person's existing keys are read once, inside the transaction, so the check and the insert
    see the same data."""
    with db.session(write=True) as session, session.no_autoflush:
        row = ImportRow(
            user_id=account.id,
            file_name=file_name[:255],
            format=summary.format,
            content_hash=content_hash,
            size_bytes=path.stat().st_size,
            summary={},
            created_at=now,
        )
        repo.add(session, row)
        session.flush()
        known = repo.recording_keys(session, account.id)
        batch: list[dict[str, Any]] = []
        for recording, metrics in prepared.recordings:
            natural = (recording.source, _utc(recording.started_at))
            if natural in known:
                summary.recordings_existing += 1
                continue
            known.add(natural)
            batch.append(
                rec_service.recording_values(account, recording, metrics, now=now, import_id=row.id)
            )
            if len(batch) == INSERT_BATCH:
                summary.recording_ids += repo.insert_recordings(session, batch)
                batch = []
        summary.recording_ids += repo.insert_recordings(session, batch)
        summary.recordings_added = len(summary.recording_ids)
        seen = repo.summary_keys(session, account.id)
        new_summaries: list[dict[str, Any]] = []
        for item in prepared.summaries:
            key = (item.source, item.metric, item.local_date)
            if key in seen:
                summary.summaries_existing += 1
                continue
            seen.add(key)
            new_summaries.append(
                {
                    "user_id": account.id,
                    "import_id": row.id,
                    "local_date": item.local_date,
                    "source": item.source,
                    "metric": item.metric,
                    "value": item.value,
                    "note": item.note,
                    "created_at": now,
                }
            )
        if new_summaries:
            repo.insert_summaries(session, new_summaries)
        summary.summaries_added = len(new_summaries)
        row.summary = summary.as_dict()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
