from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.factories import make_organisation, make_person
from portevoix.testing.tenants import Tenants

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"


def require(condition: bool, reason: str) -> None:
    """Skip a test whose tool is missing on a developer's machine; in CI, fail instead."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_and_french(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # Generated reports go to a temporary folder, never to the developer's ./var.
    settings.PORTEVOIX_REPORTS_DIR = str(tmp_path_factory.getbasetemp() / "reports")  # type: ignore[attr-defined]
    # Uploads and the imports' lock files (portevoix.storage.work_lock on SQLite) too.
    settings.DATA_DIR = tmp_path_factory.getbasetemp() / "data"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "data" / "media"  # type: ignore[attr-defined]
    translation.activate("fr")


@pytest.fixture
def tenants(db: None) -> Tenants:
    return Tenants()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return make_organisation()


@pytest.fixture
def person(organisation: Organisation) -> Person:
    return make_person(organisation)


def samples_dir() -> Path:
    """The real export samples shipped beside the project (``../shared/samples``)."""
    configured = os.environ.get("PORTEVOIX_SAMPLES")
    base = Path(configured) if configured else TESTS_DIR.parent.parent / "shared" / "samples"
    require(base.is_dir(), f"the real export samples are not in {base} (set PORTEVOIX_SAMPLES)")
    return base


# -- file storage: the local disk, or a real S3-compatible server (moto's) on this machine ----------


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto's S3 server, started once per test process on 127.0.0.1 and a free port: a real
    HTTP S3 API, so boto3 and django-storages run unchanged; nothing leaves the machine."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@dataclass
class S3:
    endpoint: str
    bucket: str
    client: Any  # boto3's S3 client

    def keys(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read())

    def storages(self, prefix: str = "pv/") -> dict[str, Any]:
        from portevoix.config.storage import s3_storages

        return s3_storages(
            bucket=self.bucket,
            endpoint_url=self.endpoint,
            region="us-east-1",
            access_key="testing",
            secret_key="testing",
            prefix=prefix,
        )


def new_bucket(endpoint: str) -> S3:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    bucket = f"pv-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=bucket)
    return S3(endpoint, bucket, client)


@pytest.fixture
def s3(moto_endpoint: str, settings: Any) -> S3:
    """Porte-voix's storages in a fresh bucket of the local S3 server (prefix ``pv/``)."""
    bucket = new_bucket(moto_endpoint)
    settings.STORAGES = bucket.storages()
    return bucket


@pytest.fixture(params=["local", "s3"])
def storage_kind(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> str:
    """Run a test once on the local disk (a fresh data folder) and once on S3 (a fresh bucket)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTEVOIX_REPORTS_DIR = tmp_path / "reports"
    if request.param == "s3":
        request.getfixturevalue("s3")
    return str(request.param)
