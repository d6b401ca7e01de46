"""Hostile files of the security review (December 2026), made in a fraction of a second.

Decompression bombs are written by hand: the compressed data of a run of zeros is computed once
and repeated, and the ZIP directory around it is packed here, so a test needs neither gigabytes
of compression work nor a committed binary.
"""

from __future__ import annotations

import bz2
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

CHUNK = 16 * 1024 * 1024


def yaml_alias_bomb(levels: int = 8) -> str:
    """The review's F4 payload: a mapping key that is a list of lists of aliases (about 400 bytes
    for 8 levels, 10^8 strings once expanded)."""
    items = ", ".join(['"lol"'] * 10)
    lists = [f"&a0 [{items}]"]
    lists += [f"&a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return f"? [{', '.join(lists)}]\n: 1\n"


@dataclass(frozen=True)
class Member:
    """One ZIP member, already compressed."""

    name: str
    data: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED


def deflated(name: str, content: bytes) -> Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Member(name, data, zlib.crc32(content), len(content))


def bzipped(name: str, content: bytes) -> Member:
    return Member(name, bz2.compress(content), zlib.crc32(content), len(content), zipfile.ZIP_BZIP2)


def deflated_zeros(name: str, size: int) -> Member:
    """``size`` zero bytes (a multiple of 16 MiB), Deflate-compressed about a thousand times.

    After a full flush the compressor starts afresh, so every chunk compresses to the same bytes.
    """
    assert size % CHUNK == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(CHUNK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * (size // CHUNK) + compressor.flush()
    return Member(name, data, _crc32_of_zeros(size), size)


def zip_of(members: list[Member]) -> bytes:
    """A ZIP archive of already compressed members (no ZIP64: each under 4 GiB)."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for member in members:
        name = member.name.encode()
        version = 46 if member.method == zipfile.ZIP_BZIP2 else 20
        offset = out.tell()
        head = (version, 0x800, member.method, 0, 0x21, member.crc, len(member.data), member.size, len(name))
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *head, 0) + name + member.data)
        entry = struct.pack("<IH", 0x02014B50, 20) + struct.pack("<HHHHHIIIH", *head)
        directory.write(entry + struct.pack("<HHHHII", 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    out.write(directory.getvalue())
    count = len(members)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory.getvalue()), start, 0))
    return out.getvalue()


def members_of(raw: bytes) -> list[Member]:
    """The members of an ordinary ZIP (a workbook, a deck), compressed again with Deflate."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [deflated(info.filename, archive.read(info)) for info in archive.infolist()]


def empty_deck() -> bytes:
    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    return buffer.getvalue()


def pptx_bomb(size: int = 1536 * 1024 * 1024) -> bytes:
    """The review's F5 template: a valid empty deck plus ``ppt/media/image99.bin``, ``size`` zero
    bytes (1.5 GB by default) compressed into about 1.5 MB."""
    return zip_of([*members_of(empty_deck()), deflated_zeros("ppt/media/image99.bin", size)])


def amplification_zip(count: int = 1000, shares: bytes = b"") -> bytes:
    """The review's F10 archive: ``Shares.csv`` plus ``count`` files of 1 MiB of zeros (bzip2,
    about 190 KB in all)."""
    zeros = bzipped("", bytes(1024 * 1024))
    padding = [
        Member(f"Media/file{i:04}.bin", zeros.data, zeros.crc, zeros.size, zeros.method) for i in range(count)
    ]
    return zip_of([deflated("Shares.csv", shares), *padding])


# -- CRC-32 of a run of zeros, without reading it (zlib's crc32_combine) ---------------------------


def _gf2_times(matrix: list[int], vector: int) -> int:
    total = 0
    index = 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, row) for row in matrix]


def _crc32_combine(first: int, second: int, second_length: int) -> int:
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if second_length & 1:
            first = _gf2_times(even, first)
        second_length >>= 1
        if not second_length:
            break
        odd = _gf2_square(even)
        if second_length & 1:
            first = _gf2_times(odd, first)
        second_length >>= 1
        if not second_length:
            break
    return first ^ second


def _crc32_of_zeros(size: int) -> int:
    crc, length = zlib.crc32(bytes(CHUNK)), CHUNK
    total, done = 0, 0
    remaining = size // CHUNK
    while remaining:  # binary doubling of the chunk's CRC
        if remaining & 1:
            total = _crc32_combine(total, crc, length) if done else crc
            done += length
        crc, length = _crc32_combine(crc, crc, length), length * 2
        remaining >>= 1
    return total
