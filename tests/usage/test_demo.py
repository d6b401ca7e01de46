"""The demo usage map and personas: realistic, and idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.factories import make_organisation
from portevoix.usage import demo
from portevoix.usage.display import usage_map_build
from portevoix.usage.models import Persona, UsageEntry
from portevoix.web.demo import ORGANISATIONS, PEOPLE, demo_password


@pytest.fixture
def demo_orgs(db: None) -> dict[str, Organisation]:
    """The demo organisations and people alone, without the other apps' demo data."""
    found = {}
    for data in ORGANISATIONS:
        organisation = Organisation.objects.create(**data)
        for person in PEOPLE[organisation.slug]:
            Person.objects.create(organisation=organisation, **{"is_codir": True, **person})
        found[organisation.slug] = organisation
    return found


def snapshot() -> list[tuple[object, ...]]:
    entries = UsageEntry.objects.order_by("pk").values_list(
        "pk", "person_id", "axis", "network", "status", "owner", "url", "notes", "updated_at"
    )
    personas = Persona.objects.order_by("pk").values_list(
        "pk", "name", "channels", "axes", "goals", "updated_at"
    )
    return [*entries, *personas]


def test_the_demo_map_tells_the_story_of_the_brief(demo_orgs: dict[str, Organisation]) -> None:
    organisation = demo_orgs["demo"]
    demo.populate(organisation)
    company = {
        (e.axis, e.network): e.status
        for e in UsageEntry.objects.filter(person=None)
        if e.organisation_id == organisation.pk
    }
    assert company[("company", "linkedin")] == company[("customers", "linkedin")] == "active"
    assert company[("company", "x")] == "dormant"
    assert company[("talent", "glassdoor")] == "occasional"

    def linkedin(name: str) -> set[str]:
        return set(
            UsageEntry.objects.filter(person__full_name=name, network="linkedin").values_list(
                "status", flat=True
            )
        )

    assert "active" in linkedin("Thomas Nguyen")
    assert "dormant" in linkedin("Hervé Le Goff")
    assert linkedin("Patrick Morvan") == {"absent"}
    assert linkedin("Sophie Marchand") == set()  # left unrecorded: not recorded is not absent
    assert Persona.objects.filter(organisation=organisation).count() == 3
    assert Persona.objects.filter(name="Responsable achats d’un équipementier automobile").exists()

    members = list(Person.objects.filter(organisation=organisation, is_codir=True))
    gaps = {
        (g.code, g.person.full_name if g.person else None)
        for g in usage_map_build(organisation=organisation, members=members, subject=None).gaps
    }
    assert ("priority_axis_inactive", None) in gaps  # recruitment, with nothing active for talent
    assert ("company_account_dormant", None) in gaps
    assert ("leader_linkedin_dormant", "Hervé Le Goff") in gaps
    assert ("leader_linkedin_absent", "Patrick Morvan") in gaps


def test_populate_is_idempotent_and_resets_changes(demo_orgs: dict[str, Organisation]) -> None:
    for organisation in demo_orgs.values():
        demo.populate(organisation)
    before = snapshot()
    for organisation in demo_orgs.values():
        demo.populate(organisation)
    assert snapshot() == before  # nothing written at all the second time

    entry = UsageEntry.objects.filter(organisation=demo_orgs["demo"]).first()
    assert entry is not None
    entry.status, entry.notes = "absent", "changé"
    entry.save()
    Persona.objects.create(organisation=demo_orgs["demo"], name="Ajout de test")
    UsageEntry.objects.create(
        organisation=demo_orgs["demo"], axis="talent", network="tiktok", status="active"
    )
    demo.populate(demo_orgs["demo"])
    entry.refresh_from_db()
    assert entry.notes != "changé"
    assert not Persona.objects.filter(name="Ajout de test").exists()
    assert not UsageEntry.objects.filter(network="tiktok", organisation=demo_orgs["demo"]).exists()
    assert len(snapshot()) == len(before)


def test_other_organisations_are_left_alone(db: None) -> None:
    organisation = make_organisation()
    UsageEntry.objects.create(organisation=organisation, axis="company", network="x", status="active")
    demo.populate(organisation)
    assert UsageEntry.objects.filter(organisation=organisation).count() == 1
    assert not Persona.objects.exists()


@pytest.mark.django_db
def test_the_demo_command_fills_the_map_and_the_pages_show_it() -> None:
    call_command("demo", stdout=StringIO())
    count = UsageEntry.objects.count()
    assert count > 20
    call_command("demo", stdout=StringIO())
    assert UsageEntry.objects.count() == count
    client = Client()
    client.post(
        "/accounts/login/", {"username": "claire.dubois@mecanique-armor.example", "password": demo_password()}
    )
    body = client.get("/o/demo/usage/").content.decode()
    assert "Hervé Le Goff" in body
    assert "Service communication" in body
    assert "Responsable achats" in client.get("/o/demo/personas/").content.decode()
