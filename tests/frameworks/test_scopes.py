"""Who publishes framework versions, and which organisations see them (review 2026-12, F2)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portevoix.assessments.forms import CampaignForm
from portevoix.assessments.services import campaign_create, campaign_open
from portevoix.core.errors import ProblemsError
from portevoix.core.framework import Framework
from portevoix.evidence.models import DailyActivity
from portevoix.frameworks.models import FrameworkVersion
from portevoix.frameworks.selectors import framework_latest
from portevoix.frameworks.services import framework_version_publish, framework_version_store
from portevoix.testing.campaigns import submit
from portevoix.testing.tenants import Tenants

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
URL = "/frameworks/upload/"


def _shipped() -> FrameworkVersion:
    version = framework_latest()
    assert version is not None
    return version


def _variant(version: str, name: str, *, mapping: bool = True) -> Framework:
    """The shipped framework under another version number and name (what the attacker did),
    its dimensions renamed after it."""
    framework = _shipped().framework
    dimensions = [
        d.model_copy(update={"name": d.name.model_copy(update={"fr": f"{name} · {d.id}"})})
        for d in framework.dimensions
    ]
    if not mapping:
        dimensions = [d.model_copy(update={"observed": []}) for d in dimensions]
    return framework.model_copy(
        update={
            "version": version,
            "name": framework.name.model_copy(update={"fr": name, "en": name}),
            "dimensions": dimensions,
        }
    )


def _evil_file() -> SimpleUploadedFile:
    text = (DATA / "minimal.yaml").read_text(encoding="utf-8")
    return SimpleUploadedFile("fw-evil.yaml", text.encode(), content_type="application/x-yaml")


@pytest.mark.parametrize("role", ["consultant", "owner"])
def test_only_platform_admins_publish_a_global_version(tenants: Tenants, role: str) -> None:
    """The review's reproduction: a consultant (or an org admin who had made themself one)
    stored a version that became every tenant's default."""
    before = FrameworkVersion.objects.count()
    response = tenants.client(role).post(URL, {"file": _evil_file(), "store": "1"})
    assert response.status_code == (200 if role == "consultant" else 403)
    assert FrameworkVersion.objects.count() == before
    if role == "consultant":
        assert "seuls les administrateurs de la plateforme" in response.content.decode()
    with pytest.raises(ProblemsError) as raised:
        framework_version_publish(framework=_variant("99.0", "MODELE MODIFIE"), actor=tenants.users[role])
    assert [p.code for p in raised.value.problems] == ["framework_global_refused"]
    stored = framework_version_publish(
        framework=_variant("99.0", "Nouvelle version"), actor=tenants.users["platform_admin"]
    )
    assert stored.created
    assert stored.version.organisation is None


def test_a_consultant_publishes_only_for_an_organisation_they_serve(tenants: Tenants) -> None:
    client = tenants.client("consultant")
    form = client.get(URL).context["form"]
    assert [value for value, _label in form.fields["organisation"].choices] == ["acme"]
    response = client.post(URL, {"file": _evil_file(), "store": "1", "organisation": "globex"})
    assert response.status_code == 200
    assert not FrameworkVersion.objects.filter(key="mini").exists()
    with pytest.raises(ProblemsError) as raised:
        framework_version_publish(
            framework=_variant("2.0", "x"), actor=tenants.users["consultant"], organisation=tenants.other
        )
    assert [p.code for p in raised.value.problems] == ["framework_scope_refused"]
    response = client.post(URL, {"file": _evil_file(), "store": "1", "organisation": "acme"})
    assert response["Location"] == "/frameworks/mini/1.0/?organisation=acme"
    assert FrameworkVersion.objects.get(key="mini").organisation == tenants.org


def test_an_organisations_own_version_is_invisible_elsewhere(tenants: Tenants) -> None:
    own = framework_version_publish(
        framework=_variant("2.0", "Modèle Acme"), actor=tenants.users["consultant"], organisation=tenants.org
    ).version
    assert framework_latest() == _shipped() != own  # never anybody's default
    # Acme sees and may use it
    acme_form = CampaignForm(organisation=tenants.org)
    assert own in acme_form.fields["framework_version"].queryset  # type: ignore[attr-defined]
    assert "Modèle Acme" in tenants.client("codir").get("/frameworks/").content.decode()
    assert tenants.client("codir").get(own.get_absolute_url()).status_code == 200
    # Globex does not
    globex_form = CampaignForm(organisation=tenants.other)
    assert own not in globex_form.fields["framework_version"].queryset  # type: ignore[attr-defined]
    outsider = tenants.client("outsider")
    assert "Modèle Acme" not in outsider.get("/frameworks/").content.decode()
    assert outsider.get(own.get_absolute_url()).status_code == 404
    assert outsider.get("/frameworks/codir-social-maturity/2.0/").status_code == 404
    assert "Modèle Acme" not in outsider.get("/o/globex/diagnostic/new/").content.decode()
    assert "Modèle Acme" not in outsider.get("/o/globex/model/").content.decode()
    with pytest.raises(ProblemsError):
        campaign_create(organisation=tenants.other, framework_version=own, name="Vol")
    # the same number stays free for a global version later
    assert framework_version_store(framework=_variant("2.0", "Global 2.0")).created


def test_managers_choose_the_version_of_new_campaigns(tenants: Tenants) -> None:
    own = framework_version_publish(
        framework=_variant("2.0", "Modèle Acme"), actor=tenants.users["consultant"], organisation=tenants.org
    ).version
    assert tenants.client("codir").post("/o/acme/model/", {"framework_version": own.pk}).status_code == 403
    foreign = framework_version_store(framework=_variant("3.0", "Globex"), organisation=tenants.other).version
    owner = tenants.client("owner")
    refused = owner.post("/o/acme/model/", {"framework_version": foreign.pk})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert owner.post("/o/acme/model/", {"framework_version": own.pk}).status_code == 302
    tenants.org.refresh_from_db()
    assert tenants.org.framework_version == own
    assert owner.get("/o/acme/diagnostic/new/").context["form"].initial["framework_version"] == own.pk
    assert "Modèle Acme" in owner.get("/o/acme/").content.decode()
    assert "Modèle Acme" in owner.get("/o/acme/model/").content.decode()
    # Globex still gets the newest global version by default
    globex = tenants.client("outsider").get("/o/globex/diagnostic/new/").context["form"]
    assert globex.initial["framework_version"] == _shipped().pk
    # back to the default
    owner.post("/o/acme/model/", {"framework_version": ""})
    tenants.org.refresh_from_db()
    assert tenants.org.framework_version is None


def test_an_existing_campaign_keeps_its_version_everywhere(tenants: Tenants) -> None:
    """A version published later must not change an existing campaign's results, say–do mapping
    or texts (``dashboard._mapping_framework`` used the newest version)."""
    old = framework_version_store(framework=_variant("0.9", "Ancien modèle", mapping=False)).version
    campaign = campaign_create(organisation=tenants.org, framework_version=old, name="Diagnostic 2025")
    campaign_open(campaign=campaign)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=1.0)
    # activity that the newest version's say–do mapping would read
    today = timezone.localdate()
    for days in (200, 260, 300):
        DailyActivity.objects.create(
            organisation=tenants.org,
            person=tenants.own_person,
            network="linkedin",
            day=today - datetime.timedelta(days=days),
            posts=1,
        )
    url = f"/o/acme/diagnostic/{campaign.pk}/results/"
    owner = tenants.client("owner")

    def seen() -> tuple[object, ...]:
        response = owner.get(url)
        body = response.content.decode()
        return (
            "say_do" in response.context,
            "Ancien modèle" in body,
            "MODELE MODIFIE" in body,
            [(row["person"].pk, row["overall_person"]) for row in response.context["members"]],
        )

    before = seen()
    assert before[:3] == (False, True, False)  # no mapping in the campaign's own version
    framework_version_store(framework=_variant("99.0", "MODELE MODIFIE"))
    assert seen() == before
