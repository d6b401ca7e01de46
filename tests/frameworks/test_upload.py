from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portevoix.core.yamlsource import MAX_BYTES
from portevoix.frameworks.models import FrameworkVersion
from portevoix.testing.tenants import Tenants

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
URL = "/frameworks/upload/"


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/x-yaml")


def test_check_only_stores_nothing(tenants: Tenants) -> None:
    response = tenants.client("consultant").post(
        URL, {"file": _file("mini.yaml", (DATA / "minimal.yaml").read_bytes()), "check": "1"}
    )
    assert response.status_code == 200
    assert "est valide" in response.content.decode()
    assert not FrameworkVersion.objects.filter(key="mini").exists()


def test_store_creates_an_immutable_version(tenants: Tenants) -> None:
    client = tenants.client("platform_admin")
    response = client.post(
        URL, {"file": _file("mini.yaml", (DATA / "minimal.yaml").read_bytes()), "store": "1"}
    )
    assert response["Location"] == "/frameworks/mini/1.0/"
    assert FrameworkVersion.objects.get(key="mini").source == FrameworkVersion.Source.UPLOADED
    changed = (DATA / "minimal.yaml").read_text(encoding="utf-8").replace("Un test", "Modifié").encode()
    response = client.post(URL, {"file": _file("mini.yaml", changed), "store": "1"})
    assert response.status_code == 200
    assert "augmentez le numéro de version" in response.content.decode()
    assert FrameworkVersion.objects.get(key="mini").content["description"]["fr"] == "Un test"


def test_broken_file_lists_every_located_problem(tenants: Tenants) -> None:
    response = tenants.client("platform_admin").post(
        URL, {"file": _file("broken.yaml", (DATA / "broken.yaml").read_bytes()), "store": "1"}
    )
    assert response.status_code == 200
    problems = response.context["problems"]
    assert len(problems) == 18
    assert any(p["line"] == 16 and p["path"] == "dimensions[0].colour" for p in problems)
    assert "clé inconnue « colour »" in response.content.decode()
    assert not FrameworkVersion.objects.filter(key__startswith="Mini").exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("latin1.yaml", "key: é\n".encode("latin-1"), "UTF-8"),
        ("big.yaml", b"#" * (MAX_BYTES + 1), "trop volumineux"),
        (
            "bomb.yaml",
            b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                f"a{i}: &a{i} [{', '.join(['*a' if i == 1 else f'*a{i - 1}'] * 10)}]\n".encode()
                for i in range(1, 9)
            ),
            "trop",
        ),
        ("../../etc/passwd.yaml", b"- not a mapping\n", "passwd.yaml"),
    ],
)
def test_bad_files_get_clear_errors(tenants: Tenants, name: str, content: bytes, words: str) -> None:
    before = FrameworkVersion.objects.count()
    response = tenants.client("consultant").post(URL, {"file": _file(name, content), "store": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["problems"]
    assert words in body
    assert "../" not in str(response.context["problems"])
    assert FrameworkVersion.objects.count() == before


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("codir", 403), ("owner", 403), ("consultant", 200)]
)
def test_who_may_upload(tenants: Tenants, role: str, status: int) -> None:
    assert tenants.client(role).get(URL).status_code == status
