"""The backup archive's manifest and the checks a restore makes before touching anything.

A backup is one ``.tar.gz`` file holding ``manifest.json``, the database (``database.sqlite3``
from SQLite's online backup, or ``database.pgdump`` from ``pg_dump --format=custom``) and the data
files under ``files/``: the generated secret key, ``files/media/…`` (uploads, kept archives,
consent scans) and, from format 2 on, ``files/reports/…`` (generated reports and slide templates),
read from whichever storage is configured (local disk or S3). The manifest names every member
with its size and SHA-256, so a restore can refuse a damaged, truncated or foreign archive before
it writes a single byte. Format 1 archives (before reports were included) still restore.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import Problem

FORMAT = "portevoix-backup"
FORMAT_VERSION = 2  # 2: files/reports/ and the storage the files came from
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES_PREFIX = "files/"
MAX_MANIFEST = 16 * 1024 * 1024
CHUNK = 1024 * 1024


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["portevoix-backup"]
    format_version: int
    portevoix_version: str
    created_at: str
    database_vendor: Literal["sqlite", "postgresql"]
    # (app label, migration name) pairs applied in the saved database.
    migrations: list[tuple[str, str]]
    tables: dict[str, int]  # row count per table when the backup was taken
    members: dict[str, Member]
    # Where the data files were read from ("local" or "s3"); None in format 1.
    storage: Literal["local", "s3"] | None = None

    @property
    def has_reports(self) -> bool:
        """Whether the archive carries the reports storage (format 2); a format 1 archive left it out."""
        return self.format_version >= 2

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.database_vendor]


def sha256_of(stream: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def safe_member_name(name: str) -> bool:
    """A relative POSIX path without ``..``, empty or absolute parts."""
    if not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and all(part not in ("", ".", "..") for part in path.parts)


def manifest_from(raw: bytes, *, filename: str) -> tuple[Manifest | None, list[Problem]]:
    """Read and validate ``manifest.json``; every problem is located in the archive."""
    where = f"{filename}:{MANIFEST}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return None, [Problem("backup_manifest_invalid", {"detail": str(error)[:200]}, file=where)]
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, [Problem("backup_foreign", file=filename)]
    version = data.get("format_version")
    if version not in READABLE_VERSIONS:
        params = {"found": str(version)[:20], "expected": FORMAT_VERSION}
        return None, [Problem("backup_format_version", params, file=where)]
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        problems = [
            Problem(
                "backup_manifest_invalid",
                {"detail": str(e["msg"])[:200]},
                path=tuple(p for p in e["loc"] if isinstance(p, str | int)),
                file=where,
            )
            for e in error.errors()
        ]
        return None, problems
    problems = [
        Problem("backup_member_unsafe", {"name": name[:200]}, file=filename)
        for name in manifest.members
        if not safe_member_name(name)
        or not (name == manifest.database_member or name.startswith(FILES_PREFIX))
    ]
    if manifest.database_member not in manifest.members:
        problems.append(Problem("backup_member_missing", {"name": manifest.database_member}, file=filename))
    return (None if problems else manifest), problems


@dataclass
class ArchiveCheck:
    """What a full read of the archive found: the manifest, and every problem."""

    manifest: Manifest | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not self.problems


def check_archive(stream: IO[bytes], *, filename: str) -> ArchiveCheck:
    """Read the whole archive once, hashing every member; the manifest comes last and must name
    exactly the members found, each with its size and checksum."""
    check = ArchiveCheck()
    found: dict[str, tuple[int, str]] = {}
    raw_manifest: bytes | None = None
    try:
        with tarfile.open(fileobj=stream, mode="r:gz") as archive:
            while (info := archive.next()) is not None:
                name = info.name[:200]
                if raw_manifest is not None or not info.isfile() or not safe_member_name(info.name):
                    check.problems.append(Problem("backup_member_unexpected", {"name": name}, file=filename))
                    continue
                extracted = archive.extractfile(info)
                assert extracted is not None
                if info.name == MANIFEST:
                    if info.size > MAX_MANIFEST:
                        check.problems.append(Problem("backup_manifest_missing", file=filename))
                        return check
                    raw_manifest = extracted.read()
                elif info.name in found:
                    check.problems.append(Problem("backup_member_unexpected", {"name": name}, file=filename))
                else:
                    found[info.name] = sha256_of(extracted)
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        # A damaged gzip stream raises zlib's error (an OSError); a truncated file, EOFError.
        detail = str(error)[:200] or type(error).__name__
        return ArchiveCheck(problems=[Problem("backup_corrupt", {"detail": detail}, file=filename)])
    if raw_manifest is None:
        return ArchiveCheck(problems=[Problem("backup_manifest_missing", file=filename)])
    manifest, problems = manifest_from(raw_manifest, filename=filename)
    if manifest is None:
        return ArchiveCheck(problems=problems)
    for name, expected in manifest.members.items():
        if name not in found:
            problems.append(Problem("backup_member_missing", {"name": name[:200]}, file=filename))
        elif found[name] != (expected.size, expected.sha256):
            problems.append(Problem("backup_checksum", {"name": name[:200]}, file=filename))
    problems += [
        Problem("backup_member_unexpected", {"name": name[:200]}, file=filename)
        for name in found
        if name not in manifest.members
    ]
    return ArchiveCheck(manifest, check.problems + problems)


def manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(manifest.model_dump(mode="json"), indent=2, sort_keys=True).encode("utf-8")


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes, *, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(mtime)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def manifest_dict(manifest: Manifest) -> dict[str, Any]:
    """The manifest as plain data, for ``--json`` output."""
    return manifest.model_dump(mode="json")
