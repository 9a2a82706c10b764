"""Safe zip reading: caps on size, member count and compression ratio; no unsafe paths.

Checks use the sizes declared in the zip's central directory; `zipfile` never returns more
bytes than a member declares, and a member whose data do not match (CRC, truncation) raises,
so a lying header cannot smuggle a bomb past the caps.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

from vagal.errors import InvalidInput

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Caps applied before any member is read (defaults fit a decade of Apple Health data)."""

    max_members: int = 100_000
    max_total_bytes: int = 8 * 1024**3
    max_member_bytes: int = 6 * 1024**3
    max_ratio: float = 200.0
    """Uncompressed / compressed size per member above this is treated as a zip bomb."""


DEFAULT_LIMITS = ArchiveLimits()


def is_zip(head: bytes) -> bool:
    return head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC))


class SafeZip:
    """A validated zip archive: list its members and open them as streams."""

    def __init__(self, archive: zipfile.ZipFile, file_name: str, limits: ArchiveLimits) -> None:
        self._zip = archive
        self.file_name = file_name
        self.members: tuple[zipfile.ZipInfo, ...] = _validated(archive, file_name, limits)

    def files(self) -> list[zipfile.ZipInfo]:
        """Members that are regular files (directories left out)."""
        return [info for info in self.members if not info.is_dir()]

    def names(self) -> list[str]:
        return [info.filename for info in self.files()]

    @contextmanager
    def open(self, info: zipfile.ZipInfo) -> Iterator[BinaryIO]:
        """Stream one member; corrupt data surface as InvalidInput naming the member."""
        where = f"{self.file_name}/{info.filename}"
        try:
            with self._zip.open(info) as member:
                yield cast(BinaryIO, _CheckedReader(member, where))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _corrupt(where, exc) from None


@contextmanager
def open_zip(
    stream: BinaryIO, file_name: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> Iterator[SafeZip]:
    """Open and validate a zip archive read from a seekable stream."""
    try:
        archive = zipfile.ZipFile(cast(IO[bytes], stream))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise _corrupt(file_name, exc) from None
    with archive:
        yield SafeZip(archive, file_name, limits)


def _validated(
    archive: zipfile.ZipFile, file_name: str, limits: ArchiveLimits
) -> tuple[zipfile.ZipInfo, ...]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise InvalidInput(
            f"{file_name} holds {len(infos)} files, more than the {limits.max_members} allowed. "
            "Upload the export itself, not a bundle of archives."
        )
    total = 0
    for info in infos:
        _check_member(info, file_name, limits)
        total += info.file_size
    if total > limits.max_total_bytes:
        raise InvalidInput(
            f"{file_name} would unpack to {total / 1024**2:.0f} MB, more than the "
            f"{limits.max_total_bytes / 1024**2:.0f} MB allowed. Export a shorter period."
        )
    return tuple(infos)


def _check_member(info: zipfile.ZipInfo, file_name: str, limits: ArchiveLimits) -> None:
    name = info.filename
    where = f"{file_name}: member {name!r}"
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise InvalidInput(f"{where} has an absolute path; the archive is unsafe and was refused.")
    if ".." in parts:
        raise InvalidInput(f"{where} points outside the archive ('..'); it was refused.")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise InvalidInput(f"{where} is a symbolic link; archives with links are refused.")
    if info.flag_bits & 0x1:
        raise InvalidInput(f"{where} is encrypted; export again without a password.")
    if info.file_size > limits.max_member_bytes:
        raise InvalidInput(
            f"{where} would unpack to {info.file_size / 1024**2:.0f} MB, more than the "
            f"{limits.max_member_bytes / 1024**2:.0f} MB allowed per file."
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > 1024**2 and ratio > limits.max_ratio:
        raise InvalidInput(
            f"{where} expands {ratio:.0f} times (more than {limits.max_ratio:.0f}): this looks "
            "like a zip bomb and was refused. Upload the original export."
        )


class _CheckedReader:
    """File-like wrapper turning zip decoding errors into InvalidInput mid-stream."""

    def __init__(self, member: IO[bytes], where: str) -> None:
        self._member = member
        self._where = where

    def read(self, size: int = -1) -> bytes:
        return self._call(lambda: self._member.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._call(lambda: self._member.readline(size))

    def readable(self) -> bool:
        return True

    def _call(self, read: Callable[[], bytes]) -> bytes:
        try:
            return read()
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise _corrupt(self._where, exc) from None


def _corrupt(where: str, exc: BaseException) -> InvalidInput:
    return InvalidInput(
        f"{where} is not a readable zip archive (it may be truncated or damaged: {exc}). "
        "Download or export it again and upload the complete file."
    )
