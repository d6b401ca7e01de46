"""Porte-voix's files, through Django's storage API: local disk or S3-compatible object storage.

Every upload, kept archive, generated report and slide template is read and written here (or
through a ``FileField``), never by a path: any web process can serve what any worker wrote, on
whichever machine. Two named storages (``portevoix.config.storage``): ``default`` for uploads,
``reports`` for generated reports and slide templates. A :class:`StoredFile` names one file in
one of them; backup, privacy export and erasure work on those.
"""

from __future__ import annotations

import contextlib
import fcntl
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import connections, transaction

MEDIA = "default"  # uploads: evidence/, imports/, privacy/consents/
REPORTS = "reports"  # generated reports and slide templates
ALIASES = (MEDIA, REPORTS)
CHUNK = 1024 * 1024


class ReportsFileSystemStorage(FileSystemStorage):
    """The local ``reports`` storage: ``PORTEVOIX_REPORTS_DIR``, read when first used (so tests
    and a changed setting take effect). Nothing serves it by URL."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        setting_changed.connect(self._reports_dir_changed)

    def _reports_dir_changed(self, *, setting: str, **kwargs: Any) -> None:
        if setting == "PORTEVOIX_REPORTS_DIR":
            self.__dict__.pop("location", None)

    @property
    def base_location(self) -> str:
        return str(settings.PORTEVOIX_REPORTS_DIR)


def media() -> Storage:
    return storages[MEDIA]


def reports() -> Storage:
    return storages[REPORTS]


@dataclass(frozen=True)
class StoredFile:
    """One file in one of the named storages."""

    storage: str  # an alias of settings.STORAGES: "default" or "reports"
    name: str

    @property
    def backend(self) -> Storage:
        return storages[self.storage]

    def exists(self) -> bool:
        return bool(self.name) and self.backend.exists(self.name)

    def open(self) -> File:  # type: ignore[type-arg]
        return self.backend.open(self.name, "rb")

    def size(self) -> int:
        return int(self.backend.size(self.name))

    def delete(self) -> bool:
        """Delete the file; True if it was there."""
        if not self.exists():
            return False
        self.backend.delete(self.name)
        return True

    @property
    def export_name(self) -> str:
        """Its name in a privacy export: uploads at the top, reports in ``reports/``."""
        return self.name if self.storage == MEDIA else f"{self.storage}/{self.name}"


def save_exact(storage: Storage, name: str, content: bytes | IO[bytes]) -> None:
    """Write ``content`` under exactly ``name``, replacing what was there.

    ``Storage.save`` picks another name when one is taken (on disk); our names are keys that the
    database already holds, so the existing file is removed first.
    """
    if isinstance(storage, FileSystemStorage) and storage.exists(name):
        storage.delete(name)  # object storage overwrites in place (file_overwrite)
    stored = storage.save(name, ContentFile(content) if isinstance(content, bytes) else File(content))
    if stored != name:  # a storage that renamed it: never leave a file nobody can find
        storage.delete(stored)
        raise OSError(f"the storage stored {name!r} as {stored!r}")


def read_bytes(storage: Storage, name: str) -> bytes | None:
    """The whole file, or None if it is not there."""
    try:
        with storage.open(name, "rb") as stream:
            return bytes(stream.read())
    except FileNotFoundError:
        return None
    except OSError:
        if storage.exists(name):
            raise
        return None


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under ``folder``, recursively, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for name in sorted(files):
        if name:
            yield prefix + name
    for sub in sorted(folders):
        if sub:
            yield from walk(storage, prefix + sub)


def copy_to(stored: StoredFile, out: IO[bytes]) -> int:
    """Stream a stored file into ``out``; return the bytes written."""
    written = 0
    with stored.open() as source:
        while chunk := source.read(CHUNK):
            out.write(chunk)
            written += len(chunk)
    return written


def stream_chunks(stored: StoredFile) -> Iterator[bytes]:
    """The file's bytes, chunk by chunk, for a streaming response. The file is opened at the
    first chunk and closed after the last (or when the response is closed early), so a response
    that is never read holds no open file or connection."""
    with stored.open() as source:
        while chunk := source.read(CHUNK):
            yield chunk


def delete_on_commit(stored: StoredFile) -> None:
    """Delete the file once the current transaction commits (at once outside a transaction):
    a row deleted by a cascade, the admin or a service takes its file with it, and a rolled-back
    deletion keeps it."""
    transaction.on_commit(stored.delete)


# -- the lock a worker holds while it imports an upload ------------------------------------------

_LOCK_NAMESPACE = 0x5056  # "PV": Porte-voix's advisory locks, apart from any other application's


@contextlib.contextmanager
def work_lock(kind: str, key: int) -> Iterator[bool]:
    """An exclusive lock on one piece of work (an import) across processes and machines; yields
    whether it was obtained (never waits). It goes with the process if that is killed.

    PostgreSQL: a session advisory lock (every web process and worker shares the database, on any
    machine; the server drops it with a killed worker's connection). SQLite, which serves one
    machine only: ``flock`` on a lock file in the data folder.
    """
    connection = connections["default"]
    if connection.vendor == "postgresql":
        objid = (zlib.crc32(kind.encode()) ^ key) & 0x7FFFFFFF
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, objid])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            # A connection lost meanwhile took the lock with it: nothing to release then.
            if held and connection.connection is not None and connection.is_usable():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, objid])
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{kind}-{key}.lock").open("a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
