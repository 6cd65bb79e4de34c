"""The records a frozen figure counted, kept with it: their primary keys, sorted, written as
variable-length deltas and compressed. 100,000 people of a province's total take a few kilobytes."""

from __future__ import annotations

import zlib
from collections.abc import Iterable


def pack(pks: Iterable[int]) -> bytes:
    out = bytearray()
    previous = 0
    for pk in sorted(set(pks)):
        delta, previous = pk - previous, pk
        while delta >= 0x80:
            out.append(delta & 0x7F | 0x80)
            delta >>= 7
        out.append(delta)
    return zlib.compress(bytes(out))


def unpack(blob: bytes | memoryview) -> list[int]:
    """The primary keys, ascending."""
    pks: list[int] = []
    value = shift = previous = 0
    for byte in zlib.decompress(bytes(blob)):
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        previous += value
        pks.append(previous)
        value = shift = 0
    return pks
