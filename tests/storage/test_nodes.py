"""Two "machines" sharing PostgreSQL and S3 only: a worker in another process, with its own empty
data folder and the storage set by the environment (PORTEVOIX_STORAGE=s3 …), imports an archive
uploaded through this web process and generates a report that this process then serves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from portevoix.evidence.models import Activity, EvidenceImport
from portevoix.reports.models import Report
from portevoix.testing.privacy import with_consent
from portevoix.testing.tenants import Tenants
from tests.conftest import S3
from tests.faults.conftest import database_url, require_postgresql
from tests.privacy.conftest import linkedin_zip

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_on_another_machine_imports_and_reports_through_s3(
    s3: S3, tmp_path: Path, settings: Any
) -> None:
    require_postgresql()
    settings.MEDIA_ROOT = tmp_path / "web" / "media"  # must stay unused: everything goes to S3
    tenants = Tenants()
    with_consent(tenants.own_person)
    owner = tenants.client("owner")
    owner.post(
        "/o/acme/evidence/",
        {
            "source": "linkedin",
            "person": tenants.own_person.pk,
            "file": SimpleUploadedFile("archive.zip", linkedin_zip([("2026-10-01", "Bonjour")])),
        },
    )
    owner.post("/o/acme/reports/", {"kind": "board", "format": "xlsx", "language": "fr"})
    upload = EvidenceImport.objects.get()
    assert s3.keys() == [f"pv/media/evidence/{upload.stored_file}"]

    worker_dir = tmp_path / "worker"  # the other machine's own, empty, data folder
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "PORTEVOIX_DATA_DIR": str(worker_dir),
        "PORTEVOIX_STORAGE": "s3",
        "PORTEVOIX_S3_BUCKET": s3.bucket,
        "PORTEVOIX_S3_ENDPOINT_URL": s3.endpoint,
        "PORTEVOIX_S3_REGION": "us-east-1",
        "PORTEVOIX_S3_PREFIX": "pv/",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    worker = subprocess.run(
        [sys.executable, "-m", "portevoix", "db_worker", "--batch", "--interval", "0.1"],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr.decode()[-2000:]

    upload.refresh_from_db()
    assert upload.status == EvidenceImport.Status.DONE, upload.report
    assert Activity.objects.filter(person=tenants.own_person).count() == 1
    report = Report.objects.get()
    assert report.status == Report.Status.DONE, report.error
    assert s3.keys() == [f"pv/reports/{report.stored_file}"]  # the upload went once imported
    assert not (worker_dir / "media").exists()  # nothing on the worker's disk
    assert not (worker_dir / "reports").exists()

    storages._storages = {}  # this web process: a fresh start, nothing cached
    node = Client()
    node.force_login(tenants.users["codir"])
    download = node.get(f"/o/acme/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert download.getvalue() == s3.read(f"pv/reports/{report.stored_file}")
    assert not (tmp_path / "web").exists()
