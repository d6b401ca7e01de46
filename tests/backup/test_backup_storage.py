"""Backups carry every stored file, from whichever storage is configured, and a restore writes
them to the configured storage (security review F9: reports and slide templates were left out).

S3 here is moto's S3 server on 127.0.0.1 (tests/conftest.py): backup from one bucket, restore
into a fresh bucket and into local folders. A format 1 backup (before reports) still restores.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import Storage, storages

from portevoix.backup.services import backup_create, restore
from portevoix.core.backup import MANIFEST
from portevoix.core.errors import ProblemsError
from portevoix.storage import media, reports, save_exact
from portevoix.testing.factories import make_organisation
from tests.backup.test_backup import _rewrite, _tamper_counts
from tests.conftest import S3, new_bucket

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD = bytes(range(256)) * 50
REPORT = b"PK\x03\x04 a board pack"
TEMPLATE = b"PK\x03\x04 a slide template"


def _bucket_storages(bucket: S3) -> dict[str, Storage]:
    config = bucket.storages(prefix="restored/")
    return {alias: storages.create_storage(config[alias]) for alias in ("default", "reports")}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_backup_made_with_s3_restores_its_files_into_another_bucket_and_into_local_folders(
    s3: S3, moto_endpoint: str, target: dict[str, Any], tmp_path: Path
) -> None:
    make_organisation()
    save_exact(media(), "evidence/0f3a", UPLOAD)
    save_exact(reports(), "9b1e", REPORT)
    save_exact(reports(), "77aa", TEMPLATE)
    archive = tmp_path / "backup.tar.gz"
    manifest = backup_create(archive, data_dir=tmp_path / "data")

    assert manifest.storage == "s3"
    assert manifest.format_version == 2
    # The manifest lists every stored file with its size and SHA-256.
    assert manifest.members["files/media/evidence/0f3a"].sha256 == hashlib.sha256(UPLOAD).hexdigest()
    assert manifest.members["files/reports/9b1e"].size == len(REPORT)
    assert manifest.members["files/reports/77aa"].sha256 == hashlib.sha256(TEMPLATE).hexdigest()

    # Into a fresh bucket (under another prefix): every object, byte for byte.
    fresh = new_bucket(moto_endpoint)
    fresh.client.put_object(Bucket=fresh.bucket, Key="restored/reports/stray", Body=b"from before")
    report = restore(archive, database=target, data_dir=tmp_path / "r1", targets=_bucket_storages(fresh))
    assert report.files == 3
    assert not report.reports_kept
    assert fresh.keys() == ["restored/media/evidence/0f3a", "restored/reports/77aa", "restored/reports/9b1e"]
    assert fresh.read("restored/media/evidence/0f3a") == UPLOAD
    assert fresh.read("restored/reports/9b1e") == REPORT

    # Into local folders, whatever storage the backup came from.
    local = tmp_path / "local"
    restore(
        archive,
        database=target,
        data_dir=local,
        media_root=local / "media",
        reports_dir=local / "reports",
        force=True,
    )
    assert _files(local / "media") == {"evidence/0f3a": UPLOAD}
    assert _files(local / "reports") == {"9b1e": REPORT, "77aa": TEMPLATE}


def test_a_failed_restore_leaves_the_bucket_as_it_was(
    s3: S3, moto_endpoint: str, target: dict[str, Any], tmp_path: Path
) -> None:
    make_organisation()
    save_exact(media(), "evidence/0f3a", UPLOAD)
    save_exact(reports(), "9b1e", REPORT)
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive, data_dir=tmp_path / "data")
    fresh = new_bucket(moto_endpoint)
    fresh.client.put_object(Bucket=fresh.bucket, Key="restored/reports/mine", Body=b"newer report")

    bad = tmp_path / "bad.tar.gz"
    _rewrite(archive, bad, _tamper_counts)  # checksums right, counts wrong: only the load can tell
    with pytest.raises(ProblemsError):
        restore(bad, database=target, data_dir=tmp_path / "r", targets=_bucket_storages(fresh))
    assert fresh.keys() == ["restored/reports/mine"]  # the uploaded objects were taken back


def _format_1(name: str, data: bytes) -> bytes | None:
    """The same archive as an older Porte-voix wrote it: no reports, no storage, format 1."""
    if name.startswith("files/reports/"):
        return None
    if name != MANIFEST:
        return data
    manifest = json.loads(data)
    manifest["format_version"] = 1
    del manifest["storage"]
    manifest["members"] = {k: v for k, v in manifest["members"].items() if not k.startswith("files/reports/")}
    return json.dumps(manifest).encode()


def test_an_older_backup_without_reports_still_restores_and_leaves_the_reports_alone(
    target: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    make_organisation()
    data = tmp_path / "data"
    settings.MEDIA_ROOT = data / "media"
    settings.PORTEVOIX_REPORTS_DIR = data / "reports"
    save_exact(media(), "evidence/0f3a", UPLOAD)
    save_exact(reports(), "9b1e", REPORT)
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive, data_dir=data)
    old = tmp_path / "old.tar.gz"
    _rewrite(archive, old, _format_1)

    restored = tmp_path / "restored"
    (restored / "reports").mkdir(parents=True)
    (restored / "reports" / "kept").write_bytes(b"a report made since")
    report = restore(
        old,
        database=target,
        data_dir=restored,
        media_root=restored / "media",
        reports_dir=restored / "reports",
    )
    assert report.reports_kept
    assert report.manifest.format_version == 1
    assert _files(restored / "media") == {"evidence/0f3a": UPLOAD}
    assert _files(restored / "reports") == {"kept": b"a report made since"}
