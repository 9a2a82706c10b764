from __future__ import annotations

import io
import stat
import zipfile

import pytest

from tests.importers.conftest import DATA, zip_of
from vagal.errors import InvalidInput
from vagal.importers import apple_health, elite_hrv
from vagal.importers.archive import ArchiveLimits, open_zip

READING = (DATA / "elite_hrv" / "2026-02-03 07-15-00.txt").read_bytes()


def _zip_with(info: zipfile.ZipInfo, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(info, content)
    buffer.seek(0)
    return buffer


def test_zip_bomb_is_refused_before_reading() -> None:
    bomb = zip_of({"export.xml": b"\0" * (20 * 1024**2)})  # ~1000x compression
    with pytest.raises(InvalidInput, match="expands .* times .* zip bomb"):
        apple_health.parse(bomb, "export.zip")


def test_total_size_and_member_count_caps() -> None:
    archive = zip_of({f"2026-02-0{d} 07-15-00.txt": READING for d in range(1, 4)})
    with pytest.raises(InvalidInput, match="holds 3 files, more than the 2 allowed"):
        elite_hrv.parse(archive, "e.zip", limits=ArchiveLimits(max_members=2))
    archive.seek(0)
    with pytest.raises(InvalidInput, match="would unpack to .* MB, more than"):
        elite_hrv.parse(archive, "e.zip", limits=ArchiveLimits(max_total_bytes=1000))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../2026-02-03 07-15-00.txt", r"points outside the archive \('\.\.'\)"),
        ("a/../../2026-02-03 07-15-00.txt", r"points outside the archive"),
        ("/etc/2026-02-03 07-15-00.txt", "absolute path"),
        ("C:/x/2026-02-03 07-15-00.txt", "absolute path"),
    ],
)
def test_unsafe_paths_are_refused(name: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        elite_hrv.parse(_zip_with(zipfile.ZipInfo(name), READING), "e.zip")


def test_symlinks_are_refused() -> None:
    info = zipfile.ZipInfo("2026-02-03 07-15-00.txt")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(InvalidInput, match="symbolic link"):
        elite_hrv.parse(_zip_with(info, b"/etc/passwd"), "e.zip")


def test_truncated_zip_is_a_clear_error() -> None:
    data = zip_of({"2026-02-03 07-15-00.txt": READING}).getvalue()
    with pytest.raises(InvalidInput, match="not a readable zip archive .* truncated or damaged"):
        elite_hrv.parse(io.BytesIO(data[: len(data) // 2]), "e.zip")


def test_corrupt_member_data_is_a_clear_error() -> None:
    data = bytearray(zip_of({"2026-02-03 07-15-00.txt": READING * 20}).getvalue())
    data[60] ^= 0xFF  # inside the compressed data
    with pytest.raises(InvalidInput, match=r"e.zip/2026-02-03 07-15-00.txt is not a readable zip"):
        elite_hrv.parse(io.BytesIO(bytes(data)), "e.zip")


def test_listing_and_reading_members() -> None:
    archive = zip_of({"dir/": b"", "dir/a.txt": b"800\n"})
    with open_zip(archive, "x.zip") as safe:
        assert safe.names() == ["dir/a.txt"]
        with safe.open(safe.files()[0]) as member:
            assert member.read() == b"800\n"
