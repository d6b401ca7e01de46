"""A well-filled organisation for the privacy tests: a campaign with self, peer and team answers,
imported activity with a kept upload, consents with a signed form, usage-map entries, audit
entries and a colleague's post that names the person."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portevoix.assessments.models import Campaign
from portevoix.evidence.importing import evidence_import, evidence_import_queue, evidence_import_run
from portevoix.evidence.models import Activity
from portevoix.privacy.audit import record
from portevoix.privacy.consent import consent_give
from portevoix.privacy.models import AuditAction, ConsentMethod
from portevoix.tenancy.models import Person
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.privacy import with_consent
from portevoix.testing.tenants import Tenants
from portevoix.usage.models import UsageEntry


def linkedin_zip(posts: list[tuple[str, str]]) -> bytes:
    rows = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n" + "".join(
        f'{day} 09:00:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{n},"{text}",,,MEMBER_NETWORK\n'
        for n, (day, text) in enumerate(posts, start=1)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Shares.csv", rows)
    return buffer.getvalue()


@dataclass
class Filled:
    tenants: Tenants
    person: Person  # the one to erase: Hervé Codir, linked to the codir account
    campaign: Campaign
    files: list[Path]


@pytest.fixture
def filled(tenants: Tenants, settings: Any, tmp_path: Path) -> Filled:
    settings.MEDIA_ROOT = tmp_path / "media"
    person, colleague = tenants.own_person, tenants.colleague
    owner = tenants.users["owner"]
    with_consent(colleague, tenants.other_person)
    consent = consent_give(
        person=person,
        method=ConsentMethod.SIGNED_FORM,
        note="Formulaire signé par Hervé Codir",
        document=SimpleUploadedFile("consentement-herve.pdf", b"%PDF-1.4 Herve Codir signature"),
        user=owner,
    )
    campaign = make_campaign(tenants.org, team_survey=True)
    submit(campaign, "self", email=person.email, respondent=person, subject=person)
    submit(campaign, "peer", email=colleague.email, respondent=colleague, subject=person)
    submit(campaign, "peer", email=person.email, respondent=person, subject=colleague)
    submit(campaign, "team", email=person.email)  # also answered the anonymous team survey
    submit(campaign, "team", email="employee@acme.example")
    # The person's activity, imported from a kept upload; a colleague's post that names them.
    queued = evidence_import_queue(
        organisation=tenants.org,
        person=person,
        source="linkedin",
        raw=linkedin_zip([("2026-10-01", "Bonjour le réseau"), ("2026-10-08", "Salon industrie")]),
        filename="herve-codir-linkedin.zip",
        keep_file=True,
        user=owner,
    )
    evidence_import_run(queued)
    evidence_import(
        organisation=tenants.org,
        person=colleague,
        source="linkedin",
        raw=linkedin_zip([("2026-10-02", "Bravo à Hervé Codir pour son intervention")]),
        filename="sophie.zip",
    )
    UsageEntry.objects.create(
        organisation=tenants.org, person=person, axis="company", network="linkedin", status="active"
    )
    UsageEntry.objects.create(
        organisation=tenants.org,
        axis="talent",
        network="linkedin",
        status="active",
        owner="Hervé Codir avec l'agence",
    )
    record(AuditAction.RESULTS_EXPORT, organisation=tenants.org, actor=owner, target=campaign)
    record(
        AuditAction.MEMBER_GRANT,
        organisation=tenants.org,
        actor=tenants.users["codir"],
        target_label="herve@acme.example",
        details={"note": "asked by Hervé Codir"},
    )
    upload = Path(settings.MEDIA_ROOT) / "evidence" / queued.stored_file
    files = [Path(consent.document.path), upload]
    assert all(f.is_file() for f in files)
    assert Activity.objects.filter(person=person).count() == 2
    return Filled(tenants, person, campaign, files)
