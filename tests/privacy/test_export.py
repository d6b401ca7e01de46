"""Exports: everything of a person or an organisation as JSON plus the stored files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse

from portevoix.privacy.models import AuditEntry

from .conftest import Filled


def _read(raw: bytes) -> tuple[dict[str, Any], set[str]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return json.loads(archive.read("data.json")), set(archive.namelist())


def test_person_export_holds_their_records_and_files_and_not_their_colleagues(filled: Filled) -> None:
    client = filled.tenants.client("owner")
    response = client.post(
        reverse("privacy:person.export", kwargs={"org_slug": "acme", "pk": filled.person.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, names = _read(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    records = data["records"]
    assert records["tenancy.Person"][0]["full_name"] == "Hervé Codir"
    assert len(records["evidence.Activity"]) == 2
    assert {i["kind"] for i in records["assessments.Invitation"]} == {"self", "peer", "team"}
    assert records["privacy.Consent"][0]["note"] == "Formulaire signé par Hervé Codir"
    assert data["accounts"][0]["email"] == "codir@acme.example"
    assert "password" not in data["accounts"][0]
    assert all("nonce" not in i for i in records["assessments.Invitation"])
    assert {"data.json"} | {
        f"files/{p.relative_to(p.parents[1] if 'evidence' in str(p) else p.parents[2]).as_posix()}"
        for p in filled.files
    } <= names or len(names) == 3
    # who assessed them is not theirs to know: the colleague's link and e-mail are left out
    peer = [i for i in records["assessments.Invitation"] if i["kind"] == "peer"]
    assert peer
    assert all(i["email"] == "[other person]" or i["email"] == "herve@acme.example" for i in peer)
    text = json.dumps(data, ensure_ascii=False)
    assert "sophie@acme.example" not in text
    assert AuditEntry.objects.filter(action="privacy.export", person=filled.person).exists()


def test_organisation_export_by_cli(filled: Filled, tmp_path: Path) -> None:
    out = tmp_path / "acme.zip"
    call_command("privacy", "export", "--org", "acme", "-o", str(out))
    data, names = _read(out.read_bytes())
    assert data["scope"] == {"organisation": "acme"}
    assert len(data["records"]["tenancy.Person"]) == 2
    assert len(data["records"]["evidence.Activity"]) == 3
    # Only the self-assessment: peer and anonymous team answers leave only as the results' aggregates.
    assert [r["kind"] for r in data["records"]["assessments.Response"]] == ["self"]
    assert [s["campaign"]["id"] for s in data["summaries"]["assessments.Response"]] == [filled.campaign.pk]
    assert len([n for n in names if n.startswith("files/")]) == 2
    assert len(data["accounts"]) == 4


def test_cli_export_to_a_missing_folder_is_a_clear_error(filled: Filled, tmp_path: Path) -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"n’existe pas|does not exist"):
        call_command("privacy", "export", "--org", "acme", "-o", str(tmp_path / "nowhere" / "x.zip"))
    with pytest.raises(CommandError):
        call_command("privacy", "export", "--org", "nope", "-o", str(tmp_path / "x.zip"))


def test_my_data_lists_every_kind_held_and_downloads_it(filled: Filled) -> None:
    client = filled.tenants.client("codir")
    page = client.get(reverse("privacy:my_data", kwargs={"org_slug": "acme"})).content.decode()
    for label in ("Activités", "Invitations", "Consentements", "cases de la cartographie des usages"):
        assert label.lower() in page.lower(), label
    response = client.post(reverse("privacy:my_data.export", kwargs={"org_slug": "acme"}))
    data, _names = _read(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert data["scope"]["person"] == filled.person.pk


def test_my_data_for_an_account_without_a_person(filled: Filled) -> None:
    client = filled.tenants.client("consultant")
    page = client.get(reverse("privacy:my_data", kwargs={"org_slug": "acme"})).content.decode()
    assert "pas lié à une personne" in page
    response = client.post(reverse("privacy:my_data.export", kwargs={"org_slug": "acme"}))
    data, _names = _read(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    assert data["accounts"][0]["email"] == "consultant@acme.example"
