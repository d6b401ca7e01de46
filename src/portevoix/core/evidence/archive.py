"""Export archives (ZIP from LinkedIn and X, .tar.gz from Mastodon) read safely into memory.

Nothing is extracted to disk: :func:`read_archive` returns each regular file's path inside the
archive and its bytes. An archive is a file someone uploads, so it is treated as hostile:

* the number of entries, the unpacked size of each entry and of the whole archive are bounded,
  both as the archive declares them and as they are actually read (in chunks, stopping at the
  limit), and a member or a whole archive compressed suspiciously well is a "zip bomb"
  (:mod:`portevoix.core.ziplimits`, shared with the Office files);
* only the entries a parser uses are unpacked (``keep``); the others are listed, never read;
* entry names are normalised (``\\`` → ``/``, no leading ``./``) and refused when absolute, with
  a drive letter, a ``..`` segment or a control character; links and devices are never read;
* a damaged archive is a located :class:`Problem`, never an exception.

Colons and spaces are legal in names (LinkedIn 2018: ``Articles/2017-12-09 04:54:08.html``).
"""

from __future__ import annotations

import gzip
import io
import os
import re
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Protocol

from ..errors import Problem
from ..ziplimits import ZIP_MAGIC, Limits, readable
from ..ziplimits import shown as _shown

__all__ = ["ArchiveFiles", "Keep", "Limits", "find", "read_archive", "read_folder", "safe_name", "split_name"]

GZIP_MAGIC = b"\x1f\x8b"
TAR_MAGIC_OFFSET = 257  # "ustar" in a tar header
CHUNK = 1024 * 1024
_TAR_OVERHEAD_PER_ENTRY = 3 * 512  # header, long-name or PAX header, padding
_JUNK = ("__MACOSX/",)  # resource forks that macOS adds when it zips a folder
_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

Keep = Callable[[str], bool]
DEFAULT_LIMITS = Limits()


class ArchiveFiles(dict[str, bytes]):
    """The files read from an archive, by normalised path, and ``unread``: the paths of the
    regular entries that ``keep`` left out, never unpacked, for the parser to list as skipped."""

    def __init__(self) -> None:
        super().__init__()
        self.unread: list[str] = []


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Refused(Exception):
    """The whole archive is refused; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def read_archive(
    raw: bytes, *, filename: str, limits: Limits = DEFAULT_LIMITS, keep: Keep | None = None
) -> tuple[ArchiveFiles | None, list[Problem]]:
    """Every regular file of a ZIP, .tar.gz or .tar archive, by normalised path, and the problems.

    ``None`` when the archive cannot be read at all (not an archive, damaged, too large, a
    bomb); otherwise the files, with problems about single entries (unsafe or duplicate names,
    encrypted or oversized entries, which are left out). ``keep``, when given, chooses the
    entries to read by their normalised path: the others are never unpacked (a ZIP) or are
    skipped while streaming (a tar), are listed in ``files.unread``, and still count towards the
    limits of the whole archive (a ZIP's declared sizes, a tar stream's bytes).
    """
    reader = _Reader(filename, limits, keep)
    try:
        if raw[:4] in ZIP_MAGIC:
            reader.zip(raw)
        elif raw[:2] == GZIP_MAGIC:
            reader.tar(raw, compressed=True)
        elif raw[TAR_MAGIC_OFFSET : TAR_MAGIC_OFFSET + 5] == b"ustar":
            reader.tar(raw, compressed=False)  # a .tar.gz that a browser already unpacked
        else:
            return None, [Problem("not_an_archive", file=filename)]
    except _Refused as refused:
        return None, [*reader.problems, refused.problem]
    return reader.files, reader.problems


def read_folder(
    path: Path, *, limits: Limits = DEFAULT_LIMITS, keep: Keep | None = None
) -> tuple[ArchiveFiles | None, list[Problem]]:
    """The regular files under an already-extracted folder, as :func:`read_archive` gives them.

    Symbolic links are never followed (not even to a file inside the folder): each is left out
    with a problem. Names are paths relative to ``path`` with ``/`` separators.
    """
    name = str(path)
    if not path.is_dir():
        return None, [Problem("file_not_found", file=name)]
    reader = _Reader(name, limits, keep)
    try:
        reader.folder(path)
    except _Refused as refused:
        return None, [*reader.problems, refused.problem]
    return reader.files, reader.problems


def safe_name(name: str) -> str | None:
    """``name`` normalised (``/`` separators, no ``./``, no empty segment), or ``None`` if unsafe.

    Unsafe: empty, absolute, with a drive letter, a ``..`` segment, or a control character.
    """
    if not name or _CONTROL.search(name):
        return None
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def find(files: Iterable[str], *names: str, prefix: bool = True) -> str | None:
    """The path of the first file whose base name matches one of ``names``, in their order.

    Matching ignores case, the folder, and spaces versus underscores (``Rich Media.csv`` =
    ``Rich_Media.csv``). With ``prefix``, a numeric suffix is allowed too: ``Shares_155814142.csv``
    and ``Shares (1).csv`` match ``Shares.csv``. Among several matches, the shallowest path wins.
    """
    candidates = sorted(files, key=lambda path: (path.count("/"), path))
    for wanted in names:
        wanted_stem, wanted_extension = split_name(wanted.rsplit("/", 1)[-1])
        for path in candidates:
            stem, extension = split_name(path.rsplit("/", 1)[-1])
            if extension != wanted_extension:
                continue
            if stem == wanted_stem or (prefix and _numbered(stem, wanted_stem)):
                return path
    return None


def split_name(base: str) -> tuple[str, str]:
    """``("rich_media", ".csv")`` for ``Rich Media.CSV``: the comparable stem and extension."""
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    return " ".join(stem.split()).replace(" ", "_").lower(), ("." + extension.lower()) if dot else ""


_NUMBER_SUFFIX = re.compile(r"[_\- ]?\(?\d+\)?")


def _numbered(stem: str, wanted: str) -> bool:
    return stem.startswith(wanted) and _NUMBER_SUFFIX.fullmatch(stem, len(wanted)) is not None


class _Reader:
    def __init__(self, filename: str, limits: Limits, keep: Keep | None) -> None:
        self.filename = filename
        self.limits = limits
        self.keep = keep
        self.files = ArchiveFiles()
        self.problems: list[Problem] = []
        self.entries = 0
        self.total = 0  # bytes read (or declared, before reading)

    # -- shared checks -------------------------------------------------------------------------

    def count_entry(self) -> None:
        self.entries += 1
        if self.entries > self.limits.max_entries:
            raise _Refused(
                Problem("archive_too_many_files", {"limit": self.limits.max_entries}, file=self.filename)
            )

    def accept(self, raw_name: str) -> str | None:
        """The normalised name of an entry to read, or ``None`` (with a problem when it is unsafe)."""
        name = safe_name(raw_name)
        if name is None:
            self.unsafe(raw_name)
            return None
        if name.startswith(_JUNK):
            return None
        if self.keep is not None and not self.keep(name):
            self.files.unread.append(name)
            return None
        if name in self.files:
            self.problems.append(
                Problem("archive_entry_duplicate", {"name": _shown(name)}, file=self.filename)
            )
            return None
        return name

    def unsafe(self, raw_name: str) -> None:
        self.problems.append(Problem("archive_entry_unsafe", {"name": _shown(raw_name)}, file=self.filename))

    def fits(self, name: str, size: int) -> bool:
        """Whether an entry of ``size`` bytes may be read; the archive is refused past the total."""
        if size > self.limits.max_entry_bytes:
            params = {"name": _shown(name), "limit": self.limits.max_entry_bytes}
            self.problems.append(Problem("archive_entry_too_large", params, file=self.filename))
            return False
        return True

    def add_to_total(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.max_total_bytes:
            raise _Refused(self.too_large())

    def too_large(self) -> Problem:
        return Problem("archive_too_large", {"limit": self.limits.max_total_bytes}, file=self.filename)

    def bomb(self) -> Problem:
        return Problem("archive_bomb", {"limit": self.limits.max_ratio}, file=self.filename)

    def corrupt(self, format: str) -> _Refused:
        return _Refused(Problem("file_corrupt", {"format": format}, file=self.filename))

    def read_stream(self, name: str, stream: IO[bytes], limit: int) -> bytes | None:
        """At most ``limit`` bytes, counted into the total; ``None`` past ``limit``."""
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = stream.read(min(CHUNK, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            self.add_to_total(len(chunk))
            if size > limit:
                self.fits(name, size)  # reports the entry as too large
                return None
            chunks.append(chunk)

    # -- ZIP -----------------------------------------------------------------------------------

    def zip(self, raw: bytes) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
        except Exception:  # noqa: BLE001 — zipfile raises many types on damaged archives
            raise self.corrupt("ZIP") from None
        with archive:
            try:
                members = archive.infolist()
            except Exception:  # noqa: BLE001
                raise self.corrupt("ZIP") from None
            if len(members) > self.limits.max_entries:
                raise _Refused(
                    Problem("archive_too_many_files", {"limit": self.limits.max_entries}, file=self.filename)
                )
            # Every member counts, read or not: a small archive unpacking to gigabytes is a bomb.
            declared = sum(member.file_size for member in members)
            problem = self.limits.total_problem(declared, len(raw), self.filename)
            if problem is not None:
                raise _Refused(problem)
            chosen = self._zip_members(members)
            self.total = 0  # from declared sizes to bytes actually read
            encrypted = unreadable = 0
            for name, member in chosen:
                if member.flag_bits & 0x1:
                    encrypted += 1
                    continue
                if not readable(member):
                    unreadable += 1
                    continue
                data = self._zip_read(archive, name, member)
                if data is not None:
                    self.files[name] = data
            if encrypted:
                self.problems.append(Problem("archive_encrypted", {"count": encrypted}, file=self.filename))
            if unreadable:
                params = {"count": unreadable}
                self.problems.append(Problem("archive_compression_skipped", params, file=self.filename))

    def _zip_members(self, members: list[zipfile.ZipInfo]) -> list[tuple[str, zipfile.ZipInfo]]:
        """The members to read, checked against the limits by their declared sizes."""
        chosen: list[tuple[str, zipfile.ZipInfo]] = []
        names: set[str] = set()
        for member in members:
            if member.filename.endswith(("/", "\\")):
                continue  # a directory
            mode = member.external_attr >> 16
            if mode and not (stat.S_ISREG(mode) or stat.S_IFMT(mode) == 0):
                self.unsafe(member.filename)  # a symbolic link or a device, as Unix zip stores them
                continue
            name = safe_name(member.filename)
            if name is None:
                self.unsafe(member.filename)
                continue
            if name.startswith(_JUNK):
                continue
            if self.keep is not None and not self.keep(name):
                self.files.unread.append(name)
                continue
            if name in names:
                self.problems.append(
                    Problem("archive_entry_duplicate", {"name": _shown(name)}, file=self.filename)
                )
                continue
            names.add(name)
            if self.limits.member_is_bomb(member):
                raise _Refused(self.bomb())
            if not self.fits(name, member.file_size):
                continue
            self.add_to_total(member.file_size)
            chosen.append((name, member))
        return chosen

    def _zip_read(self, archive: zipfile.ZipFile, name: str, member: zipfile.ZipInfo) -> bytes | None:
        try:
            with archive.open(member) as stream:
                return self.read_stream(name, stream, min(member.file_size, self.limits.max_entry_bytes))
        except _Refused:
            raise
        except Exception:  # noqa: BLE001 — bad CRC, truncated data, unsupported compression…
            self.problems.append(Problem("file_corrupt", {"format": "ZIP"}, file=name))
            return None

    # -- tar -----------------------------------------------------------------------------------

    def tar(self, raw: bytes, *, compressed: bool) -> None:
        format = "tar.gz" if compressed else "tar"
        plain = io.BytesIO(raw)
        stream: _Readable = gzip.GzipFile(fileobj=plain, mode="rb") if compressed else plain
        capped = _CappedStream(stream, self._tar_caps(len(raw), compressed))
        try:
            with tarfile.open(fileobj=capped, mode="r|") as archive:
                for member in archive:
                    self.count_entry()
                    self._tar_member(archive, member)
        except _Refused:
            raise
        except _CapReached as reached:
            raise _Refused(self.bomb() if reached.by_ratio else self.too_large()) from None
        except Exception:  # noqa: BLE001 — tarfile, gzip and zlib raise many types on damaged streams
            raise self.corrupt(format) from None

    def _tar_caps(self, compressed_size: int, compressed: bool) -> tuple[int, int | None]:
        """How many bytes the tar stream may unpack to: by size, and by ratio when compressed."""
        by_size = self.limits.max_total_bytes + _TAR_OVERHEAD_PER_ENTRY * (self.limits.max_entries + 8)
        if not compressed:
            return by_size, None
        return by_size, self.limits.ratio_budget(compressed_size)

    def _tar_member(self, archive: tarfile.TarFile, member: tarfile.TarInfo) -> None:
        if member.isdir():
            return
        if not member.isreg():
            self.unsafe(member.name)  # symbolic and hard links, devices, FIFOs
            return
        name = self.accept(member.name)
        if name is None or not self.fits(name, member.size):
            return
        stream = archive.extractfile(member)
        if stream is None:
            return
        data = self.read_stream(name, stream, member.size)
        if data is not None:
            self.files[name] = data

    # -- folder --------------------------------------------------------------------------------

    def folder(self, root: Path) -> None:
        for directory, subdirectories, filenames in os.walk(root, followlinks=False):
            subdirectories.sort()
            base = Path(directory)
            for sub in list(subdirectories):
                if (base / sub).is_symlink():
                    self.unsafe((base / sub).relative_to(root).as_posix())
                    subdirectories.remove(sub)
            for filename in sorted(filenames):
                path = base / filename
                self.count_entry()
                self._folder_file(path, path.relative_to(root).as_posix())

    def _folder_file(self, path: Path, relative: str) -> None:
        try:
            info = path.lstat()
        except OSError:
            self.problems.append(Problem("file_unreadable", {"reason": "stat"}, file=relative))
            return
        if not stat.S_ISREG(info.st_mode):
            self.unsafe(relative)  # a symbolic link, a FIFO, a socket…
            return
        name = self.accept(relative)
        if name is None or not self.fits(name, info.st_size):
            return
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as error:
            self.problems.append(Problem("file_unreadable", {"reason": error.strerror or "open"}, file=name))
            return
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                self.unsafe(relative)  # replaced by something else since lstat
                return
            data = self.read_stream(name, stream, self.limits.max_entry_bytes)
        if data is not None:
            self.files[name] = data


class _CapReached(Exception):
    def __init__(self, by_ratio: bool) -> None:
        super().__init__("cap reached")
        self.by_ratio = by_ratio


class _CappedStream(io.RawIOBase):
    """A read-only stream that raises once more than its caps have been read through it."""

    def __init__(self, inner: _Readable, caps: tuple[int, int | None]) -> None:
        super().__init__()
        self.inner = inner
        self.by_size, self.by_ratio = caps
        self.position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(CHUNK if size is None or size < 0 else size)
        self.position += len(data)
        if self.by_ratio is not None and self.position > self.by_ratio and self.by_ratio < self.by_size:
            raise _CapReached(by_ratio=True)
        if self.position > self.by_size:
            raise _CapReached(by_ratio=False)
        return data
