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
    """The hook a reports app would register for its cached files."""
    import io
    import zipfile

    from portevoix.privacy.exporting import person_export
    from portevoix.privacy.hooks import register_files, unregister_files
    from portevoix.storage import REPORTS, StoredFile, save_exact
    from portevoix.storage import reports as report_storage

    report_file = StoredFile(REPORTS, f"acme/leader-{filled.person.pk}.pdf")
    save_exact(report_storage(), report_file.name, b"%PDF-1.4 Herve Codir report")
    other_file = StoredFile(REPORTS, f"acme/leader-{filled.tenants.colleague.pk}.pdf")
    save_exact(report_storage(), other_file.name, b"%PDF-1.4 Sophie report")

    def reports(organisation: Organisation, person: Person | None) -> list[StoredFile]:
        return [report_file] if person is not None and person.pk == filled.person.pk else []

    register_files(reports)
    try:
        out = io.BytesIO()
        person_export(filled.person, out)
        with zipfile.ZipFile(out) as archive:
            assert f"files/reports/acme/leader-{filled.person.pk}.pdf" in archive.namelist()
        person_erase(person=filled.person)
    finally:
        unregister_files(reports)
    assert not report_file.exists()
    assert other_file.exists()
