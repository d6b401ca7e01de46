"""The storage settings contract: PORTEVOIX_STORAGE=local|s3 and the PORTEVOIX_S3_* variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import storages

from portevoix.config.env import ConfigError
from portevoix.config.storage import LOCAL_STORAGES, storages_from_env
from portevoix.storage import read_bytes, save_exact, walk
from tests.conftest import new_bucket

S3_VARIABLES = (
    "PORTEVOIX_STORAGE",
    "PORTEVOIX_S3_BUCKET",
    "PORTEVOIX_S3_ENDPOINT_URL",
    "PORTEVOIX_S3_REGION",
    "PORTEVOIX_S3_PREFIX",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_local_is_the_default_and_keeps_todays_folders(clean_env: pytest.MonkeyPatch) -> None:
    assert storages_from_env() == LOCAL_STORAGES
    clean_env.setenv("PORTEVOIX_STORAGE", "local")
    assert storages_from_env() == LOCAL_STORAGES


def test_the_s3_variables_reach_a_working_storage(clean_env: pytest.MonkeyPatch, moto_endpoint: str) -> None:
    bucket = new_bucket(moto_endpoint)
    clean_env.setenv("PORTEVOIX_STORAGE", "s3")
    clean_env.setenv("PORTEVOIX_S3_BUCKET", bucket.bucket)
    clean_env.setenv("PORTEVOIX_S3_ENDPOINT_URL", moto_endpoint)
    clean_env.setenv("PORTEVOIX_S3_REGION", "eu-west-3")
    clean_env.setenv("PORTEVOIX_S3_PREFIX", "/porte-voix/prod/")
    clean_env.setenv("AWS_ACCESS_KEY_ID", "testing")
    clean_env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    config = storages_from_env()
    assert config["default"]["OPTIONS"]["location"] == "porte-voix/prod/media"
    assert config["reports"]["OPTIONS"]["location"] == "porte-voix/prod/reports"
    assert config["default"]["OPTIONS"]["default_acl"] is None  # never public
    uploads = storages.create_storage(config["default"])
    generated = storages.create_storage(config["reports"])
    save_exact(uploads, "evidence/abc", b"archive")
    save_exact(generated, "def", b"report")
    save_exact(generated, "def", b"report, again")  # the same name is replaced, not renamed
    assert bucket.keys() == ["porte-voix/prod/media/evidence/abc", "porte-voix/prod/reports/def"]
    assert read_bytes(generated, "def") == b"report, again"
    assert read_bytes(generated, "missing") is None
    assert list(walk(uploads)) == ["evidence/abc"]


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"PORTEVOIX_STORAGE": "nfs"}, "PORTEVOIX_STORAGE='nfs' is not a storage"),
        ({"PORTEVOIX_STORAGE": "s3"}, "needs PORTEVOIX_S3_BUCKET"),
        (
            {
                "PORTEVOIX_STORAGE": "s3",
                "PORTEVOIX_S3_BUCKET": "b",
                "PORTEVOIX_S3_ENDPOINT_URL": "minio:9000",
            },
            "is not a URL",
        ),
    ],
)
def test_wrong_storage_settings_stop_start_up_with_one_clear_line(
    clean_env: pytest.MonkeyPatch, env: dict[str, str], words: str, tmp_path: Path
) -> None:
    for name, value in env.items():
        clean_env.setenv(name, value)
    with pytest.raises(ConfigError, match="PORTEVOIX_S"):
        storages_from_env()
    full_env = {**os.environ, "PORTEVOIX_DATA_DIR": str(tmp_path)}
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "portevoix", "check"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Porte-voix configuration error: PORTEVOIX_S")
    assert words in result.stderr
    assert "Traceback" not in result.stderr
