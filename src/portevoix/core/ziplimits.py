"""What a ZIP file may unpack to, checked from its directory before anything is decompressed.

Every ZIP the product opens goes through here: export archives (``evidence/archive.py``, which
then reads the members itself) and Office files that a library opens whole (XLSX through
openpyxl, the PowerPoint slide template through python-pptx, which reads *every* member into
memory). A small upload can unpack into gigabytes, so:

* the number of members, each member's size and the total are bounded, as the directory declares
  them; Python's :mod:`zipfile` never returns more than a member's declared size;
* a large member compressed more than :attr:`Limits.max_ratio` times is a bomb, and so is an
  archive whose members *together* unpack to more than that ratio times its own size: small
  members are not judged one by one (a tiny XML part compresses very well), but a thousand of
  them cannot add up to a gigabyte either;
* only Deflate and stored members are ever opened. :mod:`zipfile` inflates Deflate in bounded
  steps, but decompresses bzip2 and LZMA one whole compressed chunk at a time, whatever the
  declared size (a few KB of bzip2 become gigabytes in one call). Office files and the exports of
  LinkedIn and X only use Deflate.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .errors import Problem

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
READABLE_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
MAX_SHOWN_NAME = 200


@dataclass(frozen=True)
class Limits:
    """What a ZIP (or a .tar.gz stream) may hold. Sizes are unpacked bytes."""

    max_entries: int = 20_000
    max_total_bytes: int = 1024 * 1024 * 1024
    max_entry_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 200  # unpacked / compressed, for a large member and for the whole archive
    ratio_from_bytes: int = 1024 * 1024  # below this, a member (or an archive) is not judged by ratio

    def member_is_bomb(self, member: zipfile.ZipInfo) -> bool:
        """A large member compressed suspiciously well."""
        return member.file_size > self.ratio_from_bytes and member.file_size > self.max_ratio * max(
            member.compress_size, 1
        )

    def ratio_budget(self, compressed_size: int) -> int:
        """How much the whole archive may unpack to by its ratio (at least ``ratio_from_bytes``)."""
        return max(self.ratio_from_bytes, self.max_ratio * compressed_size)

    def total_problem(self, total: int, compressed_size: int, filename: str) -> Problem | None:
        """Why members adding up to ``total`` bytes are refused, or ``None``."""
        if total > self.ratio_budget(compressed_size):
            return Problem("archive_bomb", {"limit": self.max_ratio}, file=filename)
        if total > self.max_total_bytes:
            return Problem("archive_too_large", {"limit": self.max_total_bytes}, file=filename)
        return None


def readable(member: zipfile.ZipInfo) -> bool:
    """Whether :mod:`zipfile` decompresses this member in bounded steps (Deflate or stored)."""
    return member.compress_type in READABLE_COMPRESSION


def shown(name: str) -> str:
    """A member name fit to show in a message: control characters escaped, length bounded."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name[:MAX_SHOWN_NAME])
    return text + "…" if len(name) > MAX_SHOWN_NAME else text


def check_zip(raw: bytes, *, filename: str, format: str, limits: Limits) -> list[Problem]:
    """Problems of a ZIP that a library will open whole (an Office file), before it is unpacked.

    Any problem refuses the whole file: a library reads every member, so a member cannot be
    left out. ``format`` names the file type in the "damaged" message.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return [Problem("file_corrupt", {"format": format}, file=filename)]
    if len(members) > limits.max_entries:
        return [Problem("archive_too_many_files", {"limit": limits.max_entries}, file=filename)]
    for member in members:
        if limits.member_is_bomb(member):
            return [Problem("archive_bomb", {"limit": limits.max_ratio}, file=filename)]
        if member.file_size > limits.max_entry_bytes:
            params = {"name": shown(member.filename), "limit": limits.max_entry_bytes}
            return [Problem("archive_member_too_large", params, file=filename)]
    problem = limits.total_problem(sum(m.file_size for m in members), len(raw), filename)
    if problem is not None:
        return [problem]
    # Last: the declared sizes above are only worth something for Deflate and stored members.
    unreadable = sum(1 for member in members if not readable(member))
    if unreadable:
        return [Problem("archive_compression", {"count": unreadable}, file=filename)]
    return []
