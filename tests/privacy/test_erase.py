"""Erasure leaves nothing: no row on any path to the person or organisation, no file, and the
name and e-mail in no text column of any table (a scan of the whole database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from portevoix.assessments.models import Invitation, Response
from portevoix.evidence.models import Activity
from portevoix.privacy.erasure import organisation_erase, person_erase
from portevoix.privacy.models import AuditEntry
from portevoix.tenancy.models import Organisation, Person

from .conftest import Filled


def _paths(model: type[models.Model], target: type[models.Model], depth: int = 4) -> list[str]:
    """Every lookup from ``model`` to ``target`` through foreign keys, one-to-ones and many-to-manys."""
    found: list[str] = []

    def walk(current: type[models.Model], prefix: str, level: int) -> None:
        if level > depth:
            return
        for f in current._meta.get_fields():
            if not f.is_relation or (f.auto_created and not f.concrete):
                continue
            related = f.related_model
            if not isinstance(related, type):
                continue
            path = f"{prefix}{f.name}"
            if related is target:
                found.append(path)
            elif related is not current:
                walk(related, f"{path}__", level + 1)

    walk(model, "", 1)
    return found


def _portevoix_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("portevoix.")]


def _rows_reaching(target: type[models.Model], pk: int) -> dict[str, int]:
    left = {}
    for model in _portevoix_models():
        for path in _paths(model, target):
            count = model._default_manager.filter(**{path: pk}).count()
            if count:
                left[f"{model._meta.label}.{path}"] = count
    return left


def _text_holding(needles: list[str]) -> list[str]:
    """Every table of every installed app, every text and JSON column, searched for the needles."""
    hits = []
    lowered = [n.lower() for n in needles]
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.FileField)
        ]
        for f in fields:
            for pk, value in model._default_manager.values_list("pk", f.attname).iterator():
                text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                if any(n in text.lower() for n in lowered):
                    hits.append(f"{model._meta.label}.{f.name} #{pk}: {text[:80]}")
    return hits


def test_the_fixture_reaches_the_person_from_many_tables(filled: Filled) -> None:
    """The check below can fail: before erasure, the person is everywhere."""
    reached = _rows_reaching(Person, filled.person.pk)
    for model in ("Activity", "Invitation", "Response", "Consent", "UsageEntry", "EvidenceImport"):
        assert any(f".{model}." in key for key in reached), model
    assert _text_holding(["Hervé Codir", "herve@acme.example", "codir@acme.example"])


def test_person_erase_leaves_nothing(filled: Filled) -> None:
    person = filled.person
    pk, names = person.pk, ["Hervé Codir", "herve@acme.example", "codir@acme.example"]
    codir_user_pk = filled.tenants.users["codir"].pk
    team_answers = Response.objects.filter(campaign=filled.campaign, kind="team").count()
    colleague_posts = Activity.objects.filter(person=filled.tenants.colleague).count()

    report = person_erase(person=person, actor=filled.tenants.users["owner"])

    assert _rows_reaching(Person, pk) == {}
    assert not get_user_model().objects.filter(pk=codir_user_pk).exists()
    assert _rows_reaching(get_user_model(), codir_user_pk) == {}
    assert [f for f in filled.files if f.exists()] == []
    assert _text_holding(names) == []
    assert report.files == 2
    assert report.accounts == 1
    assert report.scrubbed >= 3
    # What was not theirs stays: the anonymous team answers, the colleague's posts (scrubbed).
    assert Response.objects.filter(campaign=filled.campaign, kind="team").count() == team_answers
    assert Activity.objects.filter(person=filled.tenants.colleague).count() == colleague_posts
    assert Activity.objects.filter(text__contains="[erased]").count() == 1
    assert not Invitation.objects.filter(email__iexact="herve@acme.example").exists()
    # The erasure itself is in the audit log, without the name.
    entry = AuditEntry.objects.filter(action="privacy.erase").get()
    assert entry.details["person_id"] == pk
    assert entry.organisation == filled.tenants.org
    # The other organisation is untouched.
    assert Person.objects.filter(pk=filled.tenants.other_person.pk).exists()


def test_organisation_erase_leaves_nothing(filled: Filled) -> None:
    tenants = filled.tenants
    org_pk = tenants.org.pk
    people = list(Person.objects.filter(organisation=tenants.org))
    needles = [p.full_name for p in people] + [p.email for p in people]
    needles += [tenants.users[r].email for r in ("owner", "consultant", "codir", "respondent")]
    admin_pk = tenants.users["platform_admin"].pk

    report = organisation_erase(organisation=tenants.org, actor=tenants.users["platform_admin"])

    assert not Organisation.objects.filter(pk=org_pk).exists()
    assert _rows_reaching(Organisation, org_pk) == {}
    assert [f for f in filled.files if f.exists()] == []
    assert not list((Path(filled.files[1]).parent).iterdir())
    assert _text_holding(needles) == []
    assert report.accounts == 4
    # Another tenant and the platform admin remain; the erasure is recorded outside the tenant.
    assert Organisation.objects.filter(pk=tenants.other.pk).exists()
    assert get_user_model().objects.filter(pk=admin_pk).exists()
    entry = AuditEntry.objects.get(action="privacy.erase")
    assert entry.organisation is None
    assert entry.details["organisation_id"] == org_pk


def test_web_erase_needs_confirmation(filled: Filled) -> None:
    tenants = filled.tenants
    client = tenants.client("owner")
    url = reverse("privacy:person.erase", kwargs={"org_slug": "acme", "pk": filled.person.pk})
    response = client.post(url, follow=True)
    assert (
        "rien n’a été effacé" in response.content.decode()
        or "rien n'a été effacé" in response.content.decode()
    )
    assert Person.objects.filter(pk=filled.person.pk).exists()
    response = client.post(url, {"confirm": "erase"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=filled.person.pk).exists()


def test_web_organisation_erase_needs_the_typed_name(filled: Filled) -> None:
    client = filled.tenants.client("owner")
    url = reverse("privacy:organisation.erase", kwargs={"org_slug": "acme"})
    wrong = client.post(url, {"confirm": "Acme"})
    assert wrong.status_code == 400
    assert "acme" in wrong.content.decode()
    assert Organisation.objects.filter(slug="acme").exists()
    right = client.post(url, {"confirm": "acme"})
    assert right.status_code == 302
    assert not Organisation.objects.filter(slug="acme").exists()


def test_cli_erase_needs_yes(filled: Filled, capsys: Any) -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("privacy", "erase", "--org", "acme", "--person", str(filled.person.pk))
    assert Person.objects.filter(pk=filled.person.pk).exists()
    call_command("privacy", "erase", "--org", "acme", "--person", str(filled.person.pk), "--yes")
    assert not Person.objects.filter(pk=filled.person.pk).exists()
    assert "2" in capsys.readouterr().out


def test_files_registered_by_another_app_are_exported_and_erased(filled: Filled, settings: Any) -> None:
    """A file an app declares: the owner's export holds it and their erasure deletes it; a file
    that names them is deleted with them, with the row that lists it; the others stay."""
    import io
    import zipfile

    from portevoix.privacy.exporting import person_export
    from portevoix.privacy.hooks import DeclaredFile, register_files, unregister_files
    from portevoix.storage import REPORTS, StoredFile, save_exact
    from portevoix.storage import reports as report_storage

    colleague = filled.tenants.colleague
    # In the ``reports`` storage (the local disk here, S3 in tests/storage): the hooks name a
    # storage and a key, never a path.
    own, naming, other = (
        StoredFile(REPORTS, f"acme/{name}") for name in ("own.pdf", "naming.pdf", "other.pdf")
    )
    for file in (own, naming, other):
        save_exact(report_storage(), file.name, b"%PDF-1.4")
    listing = AuditEntry.objects.create(organisation=filled.tenants.org, action="report.download")

    def files(organisation: Organisation) -> list[DeclaredFile]:
        return [
            DeclaredFile(own, owner=filled.person.pk),
            DeclaredFile(naming, owner=colleague.pk, names=frozenset({filled.person.pk}), row=listing),
            DeclaredFile(other, owner=colleague.pk),
        ]

    register_files(files)
    try:
        out = io.BytesIO()
        person_export(filled.person, out)
        with zipfile.ZipFile(out) as archive:
            names = archive.namelist()
        assert "files/reports/acme/own.pdf" in names
        assert not any(name.endswith(("naming.pdf", "other.pdf")) for name in names)
        person_erase(person=filled.person)
    finally:
        unregister_files(files)
    assert not own.exists()
    assert not naming.exists()
    assert other.exists()
    assert not AuditEntry.objects.filter(pk=listing.pk).exists()


def test_an_answer_file_waiting_for_its_mapping_step_is_erased(filled: Filled, settings: Any) -> None:
    """F6: the file of answers naming the person, uploaded and never imported, goes with them."""
    from portevoix.testing.campaigns import make_campaign
    from tests.assessments.test_import import _forms_export, _upload, _xlsx

    campaign = make_campaign(filled.tenants.org)
    headers, body = _forms_export(campaign, [{"email": filled.person.email}])
    client = filled.tenants.client("owner")
    uploaded = _upload(client, campaign, _xlsx(headers, body), "Réponses.xlsx")
    assert client.get(uploaded["Location"]).status_code == 200
    folder = Path(settings.MEDIA_ROOT) / "imports" / str(filled.tenants.org.pk)
    waiting = [p for p in folder.iterdir() if p.is_file()]
    assert len(waiting) == 1

    person_erase(person=filled.person)
    assert not waiting[0].exists()
    # The mapping step asks for the file again instead of failing.
    again = client.get(uploaded["Location"], follow=True)
    assert "Choisissez d’abord le fichier" in again.content.decode()
