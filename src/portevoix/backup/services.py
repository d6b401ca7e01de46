"""Back up and restore a whole Porte-voix installation: the database and the data files.

Backup: SQLite through its online backup API (a consistent copy while the server runs);
PostgreSQL through ``pg_dump --format=custom`` on an exported snapshot, so the row counts written
in the manifest are those of the dump. Data files: every file of the two storages (``default``:
uploads, kept archives, consent scans; ``reports``: generated reports and slide templates), read
through Django's storage API from the local disk or S3, and the generated secret key (invitation
links stay valid after a restore). The database is dumped first: a file it names was written
before the row that names it, so it is in the storage when the files are read.

Restore never leaves a half-restored database: the whole archive is read and every checksum
checked first; SQLite is rebuilt in a new file that replaces the old one in one rename; PostgreSQL
is restored by ``psql --single-transaction`` (clearing the schema, loading, then checking every
table's row count, in one transaction), so an error rolls everything back. See
``docs/decisions/0013-backup-restore-and-faults.md``.
"""

from __future__ import annotations

import contextlib
import datetime
import glob
import os
import shutil
import sqlite3
import subprocess
import tarfile
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader

import portevoix
from portevoix.core.backup import (
    DATABASE_MEMBERS,
    FILES_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    Manifest,
    Member,
    add_bytes,
    check_archive,
    manifest_bytes,
    safe_member_name,
    sha256_of,
)
from portevoix.core.errors import Problem, ProblemsError
from portevoix.storage import MEDIA, REPORTS, save_exact, walk

VENDORS = {"django.db.backends.sqlite3": "sqlite", "django.db.backends.postgresql": "postgresql"}
SECRET_KEY_FILE = "secret_key"


@dataclass
class RestoreReport:
    manifest: Manifest
    tables: int
    rows: int
    files: int
    pending_migrations: list[str] = field(default_factory=list)
    # A format 1 archive holds no reports: the reports storage was left as it was.
    reports_kept: bool = False


# -- where things are -------------------------------------------------------------------------


def vendor_of(database: Mapping[str, Any]) -> str:
    vendor = VENDORS.get(str(database["ENGINE"]))
    if vendor is None:
        raise ProblemsError([Problem("invalid_value", {"detail": str(database["ENGINE"])})])
    return vendor


# The folder of each storage inside the archive's ``files/``: "media" is format 1's name for uploads.
FOLDERS = {MEDIA: "media", REPORTS: "reports"}


def file_storages(*, media_root: Path | None = None, reports_dir: Path | None = None) -> dict[str, Storage]:
    """The storages a backup reads and a restore writes: the configured ones, or local folders
    given explicitly (a restore into another installation's folders)."""
    found = {alias: storages[alias] for alias in FOLDERS}
    if media_root is not None:
        found[MEDIA] = FileSystemStorage(location=str(media_root))
    if reports_dir is not None:
        found[REPORTS] = FileSystemStorage(location=str(reports_dir))
    return found


def _storage_kind(targets: Mapping[str, Storage]) -> Literal["local", "s3"]:
    return "local" if all(isinstance(s, FileSystemStorage) for s in targets.values()) else "s3"


def _stored_files(targets: Mapping[str, Storage]) -> Iterator[tuple[str, Storage, str]]:
    """(name in the archive, storage, name in the storage) for every stored file."""
    for alias, folder in FOLDERS.items():
        storage = targets[alias]
        if isinstance(storage, FileSystemStorage) and not Path(storage.location).is_dir():
            continue
        for name in walk(storage):
            member = f"{FILES_PREFIX}{folder}/{name}"
            if safe_member_name(member):  # never a name that a restore would refuse
                yield member, storage, name


def pg_tool(name: str) -> str:
    """``pg_dump``, ``pg_restore`` or ``psql``: on PATH, else Debian's newest under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found

    def major(path: str) -> int:
        part = Path(path).parent.parent.name
        return int(part) if part.isdigit() else 0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=major)
    if not candidates:
        raise ProblemsError([Problem("backup_tool_missing", {"tool": name})])
    return candidates[-1]


def pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's environment for the Django database settings (no password on a command line)."""
    env = dict(os.environ)
    values = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
    }
    options = database.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        values[variable] = options.get(option)
    for variable, value in values.items():
        if value:
            env[variable] = str(value)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _run(command: list[str], *, env: dict[str, str], stdout: IO[bytes] | None = None) -> None:
    result = subprocess.run(
        command, env=env, stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, check=False
    )
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        errors = [line.strip() for line in lines if "ERROR" in line or "error" in line] or lines[-2:]
        text = " ".join(errors[:3])[:500] or f"exit {result.returncode}"
        raise ProblemsError([Problem("backup_tool_failed", {"tool": Path(command[0]).name, "detail": text})])


def disk_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


# -- backup -----------------------------------------------------------------------------------


def _sqlite_tables(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _dump_sqlite(using: str, target: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    connection = connections[using]
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        tables = _sqlite_tables(copy)
        migrations: list[tuple[str, str]] = []
        if "django_migrations" in tables:
            migrations = [
                (str(a), str(n)) for a, n in copy.execute("SELECT app, name FROM django_migrations")
            ]
    finally:
        copy.close()
    return tables, migrations


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [row[0] for row in cursor.fetchall()]


def _dump_postgresql(using: str, target: Path) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """pg_dump reads the snapshot this transaction exported: its counts are the dump's counts."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables: dict[str, int] = {}
        for name in _pg_tables(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            tables[name] = cursor.fetchone()[0]
        migrations: list[tuple[str, str]] = []
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = [(str(a), str(n)) for a, n in cursor.fetchall()]
        command = [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={target}",
        ]
        _run(command, env=pg_env(connection.settings_dict))
    return tables, migrations


class _Hashing:
    """A file object that hashes what tarfile reads from it."""

    def __init__(self, stream: IO[bytes]) -> None:
        import hashlib

        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> Member:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as stream:
        hashing = _Hashing(stream)
        archive.addfile(info, hashing)
    return Member(size=hashing.size, sha256=hashing.digest.hexdigest())


def _add_stored(archive: tarfile.TarFile, member: str, storage: Storage, name: str) -> Member | None:
    """Stream one stored file into the archive; None if it went away meanwhile (a deleted report)."""
    try:
        stream = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    with stream:
        info = tarfile.TarInfo(member)
        info.size = int(storage.size(name))
        info.mode = 0o600
        try:
            info.mtime = int(storage.get_modified_time(name).timestamp())
        except (NotImplementedError, OSError):
            info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
        hashing = _Hashing(stream)
        archive.addfile(info, hashing)
    return Member(size=hashing.size, sha256=hashing.digest.hexdigest())


def backup_create(
    output: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    data_dir: Path | None = None,
    media_root: Path | None = None,
    reports_dir: Path | None = None,
    targets: Mapping[str, Storage] | None = None,
) -> Manifest:
    """Write one ``.tar.gz`` holding the database, every stored file (from the configured
    storages, or ``targets``) with its SHA-256, the secret key and the manifest (last)."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    targets = dict(targets or file_storages(media_root=media_root, reports_dir=reports_dir))
    vendor = vendor_of(connections[using].settings_dict)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    work = output.parent / f".{output.name}.{uuid.uuid4().hex}"
    work.mkdir(mode=0o700)
    partial = work / "backup.tar.gz"
    try:
        database = work / DATABASE_MEMBERS[vendor]
        if vendor == "sqlite":
            tables, migrations = _dump_sqlite(using, database)
        else:
            tables, migrations = _dump_postgresql(using, database)
        members: dict[str, Member] = {}
        now = datetime.datetime.now(datetime.UTC)
        with tarfile.open(partial, mode="w:gz", compresslevel=6) as archive:
            members[database.name] = _add_file(archive, database.name, database)
            key = data_dir / SECRET_KEY_FILE
            if key.is_file():
                members[f"{FILES_PREFIX}{SECRET_KEY_FILE}"] = _add_file(
                    archive, f"{FILES_PREFIX}{SECRET_KEY_FILE}", key
                )
            for member, storage, name in _stored_files(targets):
                added = _add_stored(archive, member, storage, name)
                if added is not None:
                    members[member] = added
            manifest = Manifest(
                format=FORMAT,
                format_version=FORMAT_VERSION,
                portevoix_version=portevoix.__version__,
                created_at=now.isoformat(timespec="seconds"),
                database_vendor=vendor,
                migrations=sorted(migrations),
                tables=tables,
                members=members,
                storage=_storage_kind(targets),
            )
            add_bytes(archive, MANIFEST, manifest_bytes(manifest), mtime=now.timestamp())
        partial.chmod(0o600)  # it holds the secret key and personal data
        with partial.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(partial, output)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- restore ----------------------------------------------------------------------------------


def archive_check(archive: Path) -> Manifest:
    """The manifest of a sound archive, or :class:`ProblemsError` with every problem found."""
    if not archive.is_file():
        raise ProblemsError([Problem("file_not_found", file=str(archive))])
    with archive.open("rb") as stream:
        check = check_archive(stream, filename=archive.name)
    if not check.ok or check.manifest is None:
        raise ProblemsError(check.problems)
    return check.manifest


def _target_label(database: Mapping[str, Any]) -> str:
    if vendor_of(database) == "sqlite":
        return str(database["NAME"])
    return f"{database.get('NAME')} ({database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432})"


def _target_has_data(database: Mapping[str, Any]) -> bool:
    if vendor_of(database) == "sqlite":
        path = Path(str(database["NAME"]))
        if not path.is_file() or path.stat().st_size == 0:
            return False
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return bool(db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])
        finally:
            db.close()
    import psycopg
    from psycopg.conninfo import make_conninfo

    env = pg_env(database)
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
    }
    conninfo = make_conninfo(**{key: env[var] for key, var in names.items() if var in env})
    try:
        with psycopg.connect(conninfo, connect_timeout=10) as pg:
            row = pg.execute(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            ).fetchone()
    except psycopg.Error as error:
        detail = {"tool": "PostgreSQL", "detail": str(error)[:300]}
        raise ProblemsError([Problem("backup_tool_failed", detail)]) from None
    return bool(row and row[0])


def _extract(archive: Path, manifest: Manifest, staging: Path) -> dict[str, Path]:
    """Unpack every member the manifest names into ``staging``, checking each checksum again."""
    placed: dict[str, Path] = {}
    with tarfile.open(archive, mode="r:gz") as tar:
        for info in tar:
            expected = manifest.members.get(info.name)
            if expected is None or not info.isfile():
                continue
            destination = staging / info.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(info)
            assert source is not None
            with destination.open("wb") as out:
                shutil.copyfileobj(source, out, 1024 * 1024)
            with destination.open("rb") as check:
                if sha256_of(check) != (expected.size, expected.sha256):
                    raise ProblemsError([Problem("backup_checksum", {"name": info.name}, file=archive.name)])
            placed[info.name] = destination
    return placed


def _restore_sqlite(database: Mapping[str, Any], staged: Path, manifest: Manifest) -> None:
    db = sqlite3.connect(staged)
    try:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise ProblemsError([Problem("backup_checksum", {"name": staged.name})])
        if _sqlite_tables(db) != manifest.tables:
            raise ProblemsError([Problem("backup_checksum", {"name": staged.name})])
        db.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.close()
    target = Path(str(database["NAME"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    ready = target.with_name(f".{target.name}.restoring")
    shutil.move(staged, ready)  # same folder as the target, so the rename below is atomic
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(ready, target)


def _restore_postgresql(database: Mapping[str, Any], staged: Path, manifest: Manifest) -> None:
    """One psql transaction: empty the schema, load the dump, check the counts; any error rolls back."""
    env = pg_env(database)
    script = staged.with_suffix(".sql")
    with script.open("wb") as out:
        _run(
            [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(staged)],
            env=env,
            stdout=out,
        )
    prelude = staged.with_name("prelude.sql")
    prelude.write_text(
        "DO $$ DECLARE t record; BEGIN\n"
        "  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP\n"
        "    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t.tablename);\n"
        "  END LOOP;\n"
        "  FOR t IN SELECT sequence_name FROM information_schema.sequences\n"
        "           WHERE sequence_schema = current_schema() LOOP\n"
        "    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', t.sequence_name);\n"
        "  END LOOP;\n"
        "END $$;\n",
        encoding="utf-8",
    )
    # The dump empties search_path; the counts are read in the session's usual schema again.
    checks = ["RESET search_path;", "DO $$ DECLARE found bigint; BEGIN"]
    for name, count in sorted(manifest.tables.items()):
        quoted = '"' + name.replace('"', '""') + '"'
        literal = name.replace("'", "''")
        checks.append(
            f"  SELECT COUNT(*) INTO found FROM {quoted};\n"
            f"  IF found <> {int(count)} THEN RAISE EXCEPTION 'table %: % rows, expected %', "
            f"'{literal}', found, {int(count)}; END IF;"
        )
    checks.append("END $$;")
    verify = staged.with_name("verify.sql")
    verify.write_text("\n".join(checks) + "\n", encoding="utf-8")
    command = [pg_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    command += ["-f", str(prelude), "-f", str(script), "-f", str(verify)]
    connections.close_all()
    _run(command, env=env, stdout=subprocess.DEVNULL)  # type: ignore[arg-type]


def _staged_files(placed: dict[str, Path], folder: str) -> dict[str, Path]:
    """The archive's files of one storage folder: name in the storage → staged file."""
    prefix = f"{FILES_PREFIX}{folder}/"
    return {member[len(prefix) :]: path for member, path in placed.items() if member.startswith(prefix)}


class _FilesRestore:
    """Put the archive's files into the target storages, so that a failed database restore leaves
    the storages as they were (as far as a storage allows):

    - a local folder is filled beside the live one, then swapped in by rename after the database
      was restored (the previous folder is then removed);
    - object storage (S3) has no rename: the archive's objects are uploaded *before* the database
      restore (skipping those already there with the same content); if the database restore fails,
      the uploaded objects that were not there before are removed; once it succeeded, the objects
      the archive does not hold are deleted.
    """

    def __init__(self, placed: dict[str, Path], targets: Mapping[str, Storage], manifest: Manifest) -> None:
        self.placed = placed
        self.targets = targets
        # A format 1 archive never held the reports: leave that storage as it is.
        self.folders = {a: f for a, f in FOLDERS.items() if a != REPORTS or manifest.has_reports}
        self.swaps: list[tuple[Path, Path]] = []  # (staged folder, live folder)
        self.uploaded: list[tuple[Storage, str]] = []
        self.count = 0

    def prepare(self) -> None:
        for alias, folder in self.folders.items():
            storage = self.targets[alias]
            files = _staged_files(self.placed, folder)
            self.count += len(files)
            if isinstance(storage, FileSystemStorage):
                live = Path(storage.location)
                ready = live.with_name(f".{live.name}.restore-{uuid.uuid4().hex}")
                ready.mkdir(parents=True, mode=0o700)
                for name, staged in files.items():
                    destination = ready / name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(staged, destination)  # beside the live folder: the swap is a rename
                self.swaps.append((ready, live))
                continue
            for name, staged in files.items():
                with staged.open("rb") as stream:
                    if storage.exists(name):
                        if storage.size(name) == staged.stat().st_size and _same(storage, name, staged):
                            continue
                    else:
                        self.uploaded.append((storage, name))
                    save_exact(storage, name, stream)

    def commit(self) -> None:
        for ready, live in self.swaps:
            previous = live.with_name(f".{live.name}.previous-{uuid.uuid4().hex}")
            if live.exists():
                os.replace(live, previous)
            os.replace(ready, live)
            shutil.rmtree(previous, ignore_errors=True)
        self.swaps = []
        for alias, folder in self.folders.items():
            storage = self.targets[alias]
            if isinstance(storage, FileSystemStorage):
                continue
            keep = set(_staged_files(self.placed, folder))
            for name in list(walk(storage)):
                if name not in keep:
                    storage.delete(name)

    def rollback(self) -> None:
        for ready, _live in self.swaps:
            shutil.rmtree(ready, ignore_errors=True)
        for storage, name in self.uploaded:
            with contextlib.suppress(Exception):
                storage.delete(name)


def _same(storage: Storage, name: str, staged: Path) -> bool:
    with storage.open(name, "rb") as current, staged.open("rb") as wanted:
        return sha256_of(current) == sha256_of(wanted)


def _place_secret_key(placed: dict[str, Path], data_dir: Path) -> None:
    key = placed.get(f"{FILES_PREFIX}{SECRET_KEY_FILE}")
    if key is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        key.chmod(0o600)
        os.replace(key, data_dir / SECRET_KEY_FILE)


def restore(
    archive: Path,
    *,
    using: str = DEFAULT_DB_ALIAS,
    database: Mapping[str, Any] | None = None,
    data_dir: Path | None = None,
    media_root: Path | None = None,
    reports_dir: Path | None = None,
    targets: Mapping[str, Storage] | None = None,
    force: bool = False,
) -> RestoreReport:
    """Check everything, then replace the database and the stored files with the archive's, in
    the configured storages (or ``targets``) whatever storage the backup was made from."""
    database = dict(database or connections[using].settings_dict)
    data_dir = Path(data_dir or settings.DATA_DIR)
    targets = dict(targets or file_storages(media_root=media_root, reports_dir=reports_dir))
    manifest = archive_check(archive)
    vendor = vendor_of(database)
    if manifest.database_vendor != vendor:
        params: dict[str, Any] = {"found": manifest.database_vendor, "expected": vendor}
        raise ProblemsError([Problem("backup_vendor", params, file=archive.name)])
    known = disk_migrations()
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        params = {"count": len(unknown), "example": ".".join(unknown[0])}
        raise ProblemsError([Problem("backup_newer", params, file=archive.name)])
    if not force and _target_has_data(database):
        raise ProblemsError([Problem("backup_target_not_empty", {"target": _target_label(database)})])
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / f".restore-{uuid.uuid4().hex}"
    staging.mkdir(mode=0o700)
    files: _FilesRestore | None = None
    try:
        placed = _extract(archive, manifest, staging)
        staged_db = placed.pop(manifest.database_member)
        files = _FilesRestore(placed, targets, manifest)
        try:
            files.prepare()
            if vendor == "sqlite":
                _restore_sqlite(database, staged_db, manifest)
            else:
                _restore_postgresql(database, staged_db, manifest)
        except BaseException:
            files.rollback()
            raise
        files.commit()
        _place_secret_key(placed, data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pending = sorted(".".join(m) for m in known - set(manifest.migrations))
    return RestoreReport(
        manifest=manifest,
        tables=len(manifest.tables),
        rows=sum(manifest.tables.values()),
        files=len(placed),
        pending_migrations=pending,
        reports_kept=not manifest.has_reports,
    )
