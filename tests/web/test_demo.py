from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from portevoix.tenancy.models import Membership, Organisation, Person, Role
from portevoix.web.demo import demo_password


@pytest.mark.django_db
def test_demo_creates_a_realistic_organisation() -> None:
    out = StringIO()
    call_command("demo", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    demo = Organisation.objects.get(slug="demo")
    assert (demo.sector, demo.market, demo.size_band) == ("industry", "b2b", "medium")
    codir = Person.objects.filter(organisation=demo, is_codir=True)
    assert codir.count() == 8
    assert len({p.title for p in codir}) == 8
    assert codir.exclude(linkedin_url="").count() >= 5
    roles = {login["role"] for login in payload["logins"]}
    assert roles == {"platform_admin", "org_admin", "consultant", "codir_member", "respondent"}
    consultant = get_user_model().objects.get(email="camille.perrin@conseil-social.example")
    assert Membership.objects.filter(user=consultant, role=Role.CONSULTANT).count() == 2


@pytest.mark.django_db
def test_demo_refresh_is_idempotent_and_resets_changes() -> None:
    call_command("demo", stdout=StringIO())
    demo = Organisation.objects.get(slug="demo")
    Person.objects.create(organisation=demo, full_name="Ajout de test", email="ajout@example.com")
    demo.name = "Renamed"
    demo.save()
    counts = (Person.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    call_command("demo", stdout=StringIO())
    demo.refresh_from_db()
    assert demo.name == "Mécanique Armor Industrie"
    assert not Person.objects.filter(email="ajout@example.com").exists()
    assert (
        Person.objects.count() + 1,
        Membership.objects.count(),
        get_user_model().objects.count(),
    ) == counts


@pytest.mark.django_db
def test_demo_logins_work_and_land_on_the_right_page() -> None:
    call_command("demo", stdout=StringIO())
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "claire.dubois@mecanique-armor.example", "password": demo_password()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/o/demo/"
    body = response.content.decode()
    assert "Mécanique Armor Industrie" in body
    assert "Hervé Le Goff" in body
    consultant = Client()
    consultant.post(
        "/accounts/login/", {"username": "camille.perrin@conseil-social.example", "password": demo_password()}
    )
    home = consultant.get("/").content.decode()
    assert "Maison Lumen" in home
    assert "Mécanique Armor Industrie" in home
