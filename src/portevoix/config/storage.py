"""The ``STORAGES`` setting: the local disk by default, S3-compatible object storage when configured.

Two named storages hold Porte-voix's files (``docs/decisions/0015-file-storage.md``):

- ``default`` — uploads: evidence exports (``evidence/``), answer-import files (``imports/``),
  consent scans (``privacy/consents/``); on disk under ``MEDIA_ROOT`` (``$PORTEVOIX_DATA_DIR/media``);
- ``reports`` — generated reports and slide templates; on disk under ``PORTEVOIX_REPORTS_DIR``.

With ``PORTEVOIX_STORAGE=s3`` both live in one bucket, under ``<prefix>media/`` and
``<prefix>reports/``. Nothing here is served by URL: every download goes through a view that
checks permissions and streams from the storage.
"""

from __future__ import annotations

from typing import Any

from .env import ConfigError, env_str

STATICFILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
LOCAL_STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # MEDIA_ROOT, read lazily
    "reports": {"BACKEND": "portevoix.storage.ReportsFileSystemStorage"},  # PORTEVOIX_REPORTS_DIR
    "staticfiles": STATICFILES,
}


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    prefix: str = "",
) -> dict[str, dict[str, Any]]:
    """Both storages in one S3 bucket (AWS or any S3-compatible service)."""
    from botocore.config import Config

    base = "/".join(part for part in prefix.strip("/").split("/") if part)
    base = f"{base}/" if base else ""
    client_config = Config(
        signature_version="s3v4",
        # A custom endpoint (MinIO, Ceph, Garage, a cloud's S3 API…) is addressed by path:
        # virtual-host names need DNS that such services rarely have.
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        # Checksums only where S3 requires them: several S3-compatible services reject the
        # CRC headers recent boto3 sends by default.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"},
    )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "default_acl": None,  # private: the bucket's own policy, never public-read
        "querystring_auth": True,
        "file_overwrite": True,  # our names are random keys; a rewrite of a name replaces it
        "client_config": client_config,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {**options, "location": f"{base}media"}},
        "reports": {"BACKEND": backend, "OPTIONS": {**options, "location": f"{base}reports"}},
        "staticfiles": STATICFILES,
    }


def storages_from_env() -> dict[str, dict[str, Any]]:
    kind = env_str("PORTEVOIX_STORAGE", "local").strip().lower() or "local"
    if kind == "local":
        return LOCAL_STORAGES
    if kind != "s3":
        raise ConfigError(f"PORTEVOIX_STORAGE={kind!r} is not a storage: use local or s3.")
    bucket = env_str("PORTEVOIX_S3_BUCKET", "").strip()
    if not bucket:
        raise ConfigError("PORTEVOIX_STORAGE=s3 needs PORTEVOIX_S3_BUCKET (the bucket's name).")
    endpoint = env_str("PORTEVOIX_S3_ENDPOINT_URL", "").strip()
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise ConfigError(
            f"PORTEVOIX_S3_ENDPOINT_URL={endpoint!r} is not a URL: expected https://host[:port]."
        )
    return s3_storages(
        bucket=bucket,
        endpoint_url=endpoint or None,
        region=env_str("PORTEVOIX_S3_REGION", "").strip() or None,
        access_key=env_str("AWS_ACCESS_KEY_ID", "") or None,
        secret_key=env_str("AWS_SECRET_ACCESS_KEY", "") or None,
        prefix=env_str("PORTEVOIX_S3_PREFIX", ""),
    )
