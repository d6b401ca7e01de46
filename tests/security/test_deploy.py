"""Django's deployment checklist and the security headers of the production set-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client, override_settings

from portevoix.web.operations import worker_heartbeat_record

PRODUCTION = {
    "PORTEVOIX_HTTPS": "true",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-1f8b0c2d9e7a6b5c4d3e2f1a0b9c8d7e",
    "ALLOWED_HOSTS": "porte-voix.example.com",
    "DEBUG": "false",
}


def _deploy_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        **os.environ,
        "PORTEVOIX_DATA_DIR": str(tmp_path),
        "PORTEVOIX_ENV_FILE": "/nonexistent",
        **env,
    }
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, not in production
    return subprocess.run(
        [sys.executable, "-m", "portevoix", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_deploy_check_is_clean_behind_a_proxy_without_preload(tmp_path: Path) -> None:
    result = _deploy_check(
        tmp_path, **PRODUCTION, PORTEVOIX_BEHIND_PROXY="true", PORTEVOIX_HSTS_PRELOAD="false"
    )
    assert result.returncode == 0, result.stderr


def test_deploy_check_warns_without_https(tmp_path: Path) -> None:
    """The test above can fail: the embedded set-up (plain HTTP) is reported by the same check."""
    result = _deploy_check(tmp_path, **{**PRODUCTION, "PORTEVOIX_HTTPS": "false"})
    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


@pytest.mark.django_db
def test_https_settings_redirect_and_send_hsts() -> None:
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True
    ):
        client = Client()
        plain = client.get("/accounts/login/")
        assert plain.status_code == 301
        assert plain["Location"] == "https://testserver/accounts/login/"
        worker_heartbeat_record()
        assert client.get("/healthz").status_code == 200  # process supervisors probe over HTTP
        secure = client.get("/accounts/login/", secure=True)
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client: Client) -> None:
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_argon2_is_the_default_hasher() -> None:
    from django.conf import settings

    # tests/conftest.py swaps in MD5 for speed; the shipped settings start with Argon2.
    from portevoix.config import settings as shipped

    assert shipped.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=shipped.PASSWORD_HASHERS):
        hasher = get_hasher("default")
        encoded = hasher.encode("porte-voix-demo", hasher.salt())
        assert encoded.startswith("argon2$argon2id$")
        assert hasher.verify("porte-voix-demo", encoded)
        assert not hasher.verify("wrong", encoded)
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_api_docs_load_nothing_from_outside(client: Client) -> None:
    page = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "https://" not in page


@pytest.mark.django_db
def test_debug_error_pages_keep_their_inline_styles(client: Client, settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    assert "Content-Security-Policy" not in client.get("/nowhere/")
    assert "Content-Security-Policy" in client.get("/accounts/login/")
