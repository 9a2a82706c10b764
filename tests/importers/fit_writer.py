"""Test helper: re-encode a real FIT file without some messages (header size and CRCs redone)."""

from __future__ import annotations

import struct
from typing import Any

import fitdecode  # type: ignore[import-untyped]
from fitdecode.utils import compute_crc  # type: ignore[import-untyped]


def rewrite_without(reader: Any, global_numbers: set[int]) -> bytes:
    """Bytes of the file read by `reader` (keep_raw_chunks=True) minus those data messages."""
    header = b""
    body = bytearray()
    for frame in reader:
        if isinstance(frame, fitdecode.FitHeader):
            header = bytes(frame.chunk.bytes)
        elif isinstance(frame, fitdecode.FitDataMessage):
            if frame.global_mesg_num not in global_numbers:
                body += frame.chunk.bytes
        elif isinstance(frame, fitdecode.FitDefinitionMessage):
            body += frame.chunk.bytes
    head = bytearray(header)
    head[4:8] = struct.pack("<I", len(body))
    if len(head) >= 14:
        head[12:14] = struct.pack("<H", compute_crc(bytes(head[:12])))
    data = bytes(head) + bytes(body)
    return data + struct.pack("<H", compute_crc(data))
