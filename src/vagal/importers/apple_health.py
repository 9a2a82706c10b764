"""Apple Health export (`export.zip` or its `export.xml`), parsed as a stream.

Kept: HeartRateVariabilitySDNN readings as SDNN (never relabelled RMSSD) — a daily mean per
source, and each nested beat list as a coarse recording with a caveat; RestingHeartRate as a
daily value; SleepAnalysis asleep stages as nightly sleep hours per source.

The XML is read with expat (`xml.parsers.expat`, the C parser behind ElementTree) driven
directly, in chunks: only element starts are handled, no element tree is built, so memory stays
flat and a 1 GB export takes seconds. The protections are the ones defusedxml installs: Apple's
inline DTD (element and attribute declarations) is accepted, while any entity declaration
(internal or external, general or parameter: "billion laughs", XXE) and any external reference
stops the parse with a clear message before anything could be expanded or fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO
from xml.parsers import expat

from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

from vagal.errors import InvalidInput
from vagal.importers._apple_records import HEART_RATE, HRV_LIST, RECORD, WANTED, AppleRecords
from vagal.importers._text import peek
from vagal.importers.archive import DEFAULT_LIMITS, ArchiveLimits, is_zip, open_zip
from vagal.importers.model import ImportResult

FORMAT = "apple_health"
LABEL = "Apple Health export (export.zip or export.xml)"
ROOT = "HealthData"
CHUNK_BYTES = 1 << 20
"""Bytes handed to expat at a time (decompressed from the zip as they are needed)."""
BEAT = "InstantaneousBeatsPerMinute"


# defusedxml's own exception types: the handlers below are the ones its DefusedExpatParser
# installs, set directly on a raw expat parser (defusedxml's SAX layer costs a Python object per
# element, too slow for a 1 GB export).
XMLEntitiesRefused = (EntitiesForbidden, ExternalReferenceForbidden)


def parse(
    stream: BinaryIO, file_name: str, *, limits: ArchiveLimits = DEFAULT_LIMITS
) -> ImportResult:
    """Daily SDNN, resting HR and sleep summaries, and the SDNN readings' beat lists."""
    if not is_zip(peek(stream, 4)):
        return _parse_xml(stream, file_name)
    with open_zip(stream, file_name, limits) as archive:
        members = [i for i in archive.files() if i.filename.rsplit("/", 1)[-1] == "export.xml"]
        if not members:
            raise InvalidInput(
                f"{file_name} has no export.xml inside. In the Health app choose your picture → "
                "Export All Health Data, and upload the export.zip it makes."
            )
        with archive.open(members[0]) as member:
            return _parse_xml(member, f"{file_name}/{members[0].filename}")


def _parse_xml(stream: BinaryIO, where: str) -> ImportResult:
    records = AppleRecords(where)
    try:
        _walk(stream, where, records)
    except XMLEntitiesRefused:
        raise InvalidInput(
            f"{where} declares XML entities or external references, which vagal refuses for "
            "safety. A real Apple Health export has none: upload the file the Health app made."
        ) from None
    except expat.ExpatError as exc:
        raise InvalidInput(
            f"{where}, line {exc.lineno}: the XML is malformed or cut short "
            f"({expat.errors.messages[exc.code]}). Export again from the Health app and upload "
            "the complete file."
        ) from None
    if records.heart_records == 0:
        raise InvalidInput(
            f"{where}: this Apple Health export has no heart data (no heart rate, resting heart "
            "rate or HRV records). Wear your watch or strap, check that Health may store heart "
            "data from it (Health → Browse → Heart), then export again."
        )
    warnings = []
    if records.skipped_total > len(records.skipped):
        warnings.append(f"{records.skipped_total} records were skipped; the first are listed.")
    return ImportResult(
        format=FORMAT,
        file_name=where,
        recordings=tuple(records.recordings),
        summaries=tuple(records.summaries()),
        skipped=tuple(records.skipped),
        warnings=tuple(warnings),
    )


def _refuse(
    name: str,
    is_parameter: bool | None = None,
    value: str | None = None,
    base: str | None = None,
    sysid: str | None = None,
    pubid: str | None = None,
    notation: str | None = None,
) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _refuse_unparsed(
    name: str, base: str | None, sysid: str | None, pubid: str | None, notation: str | None
) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _refuse_reference(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def safe_expat_parser() -> expat.XMLParserType:
    """An expat parser that accepts a DTD's declarations but refuses entities and references."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse_unparsed
    parser.ExternalEntityRefHandler = _refuse_reference
    return parser


def _walk(stream: BinaryIO, where: str, records: AppleRecords) -> None:
    """Feed every <Record> (and the beats of each SDNN reading) to `records`.

    Only start tags get a Python callback, with the attributes as expat's flat
    [name, value, name, value, ...] list (cheaper than a dict for the millions of elements that
    are skipped); a dict is made only for the records `records` reads. The end-tag callback is
    switched on only while an SDNN reading is open.
    """
    parser = safe_expat_parser()
    parser.ordered_attributes = True
    record, wanted = records.record, WANTED
    depth = 0  # open elements inside the current SDNN record (only counted while it is open)
    beats: Callable[[dict[str, str]], None] | None = None  # set inside its beat list

    def start(name: str, attrs: list[str]) -> None:
        nonlocal depth, beats
        if name == RECORD:
            # Apple writes `type` first; any other order falls back to a search
            kind = attrs[1] if attrs and attrs[0] == "type" else _find(attrs, "type")
            if kind == HEART_RATE:
                records.heart_records += 1
            elif kind in wanted and record(_as_dict(attrs)):
                depth = 1  # an SDNN reading: follow it until it closes
                parser.EndElementHandler = end
        elif depth:
            depth += 1
            if beats is not None and name == BEAT:
                beats(_as_dict(attrs))
            elif name == HRV_LIST:
                beats = records.beat

    def end(name: str) -> None:
        nonlocal depth, beats
        depth -= 1
        if name == HRV_LIST:
            beats = None
        if depth == 0:
            records.end_reading()
            parser.EndElementHandler = None

    def first(name: str, attrs: list[str]) -> None:
        if name != ROOT:
            raise InvalidInput(
                f"{where} is XML but not an Apple Health export (its root is <{name}>, "
                f"not <{ROOT}>). Choose the right format or upload export.xml / export.zip."
            )
        parser.StartElementHandler = start

    parser.StartElementHandler = first
    feed = parser.Parse
    read = stream.read
    while chunk := read(CHUNK_BYTES):
        feed(chunk, False)
    feed(b"", True)


def _as_dict(attrs: list[str]) -> dict[str, str]:
    return dict(zip(attrs[::2], attrs[1::2], strict=True))


def _find(attrs: list[str], name: str) -> str | None:
    for index in range(0, len(attrs) - 1, 2):
        if attrs[index] == name:
            return attrs[index + 1]
    return None
