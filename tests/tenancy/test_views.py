from __future__ import annotations

import pytest
from django.urls import reverse

from portevoix.tenancy.models import Membership, Organisation, Person, Role
from portevoix.testing.tenants import Tenants


def test_owner_edits_the_profile(tenants: Tenants) -> None:
    client = tenants.client("owner")
    url = reverse("tenancy:organisation.edit", kwargs={"org_slug": "acme"})
    response = client.post(
        url,
        {
            "name": "Acme Industrie",
            "sector": "industry",
            "size_band": "intermediate",
            "market": "b2b2c",
            "priorities": ["brand", "recruitment"],
            "time_zone": "America/Montreal",
            "default_language": "en",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="acme")
    assert organisation.name == "Acme Industrie"
    assert organisation.priorities == ["recruitment", "brand"]  # catalogue order
    assert organisation.time_zone == "America/Montreal"


def test_profile_form_rejects_unknown_values_and_saves_nothing(tenants: Tenants) -> None:
    client = tenants.client("owner")
    url = reverse("tenancy:organisation.edit", kwargs={"org_slug": "acme"})
    response = client.post(
        url,
        {
            "name": "",
            "sector": "piracy",
            "size_band": "medium",
            "market": "b2b",
            "priorities": ["fame"],
            "time_zone": "Mars/Olympus",
            "default_language": "fr",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "sector", "priorities", "time_zone"}
    assert Organisation.objects.get(slug="acme").name == "Acme"
    assert "Ce champ est obligatoire." in response.content.decode()


def test_person_lifecycle(tenants: Tenants) -> None:
    client = tenants.client("consultant")
    response = client.post(
        reverse("tenancy:person.create", kwargs={"org_slug": "acme"}),
        {
            "full_name": "Jeanne Martin",
            "title": "DAF",
            "is_codir": "on",
            "email": "jeanne@acme.example",
            "linkedin_url": "linkedin.com/in/jeanne",
            "language": "",
        },
    )
    person = Person.objects.get(email="jeanne@acme.example")
    assert response["Location"] == reverse(
        "tenancy:person.detail", kwargs={"org_slug": "acme", "pk": person.pk}
    )
    assert person.organisation == tenants.org
    assert person.linkedin_url == "https://linkedin.com/in/jeanne"
    edit = reverse("tenancy:person.edit", kwargs={"org_slug": "acme", "pk": person.pk})
    client.post(
        edit,
        {"full_name": "Jeanne Martin-Roy", "title": "DAF", "email": "jeanne@acme.example", "language": "en"},
    )
    person.refresh_from_db()
    assert (person.full_name, person.is_codir, person.language) == ("Jeanne Martin-Roy", False, "en")
    client.post(reverse("tenancy:person.delete", kwargs={"org_slug": "acme", "pk": person.pk}))
    assert not Person.objects.filter(pk=person.pk).exists()


def test_same_email_twice_in_one_organisation_is_refused(tenants: Tenants) -> None:
    client = tenants.client("owner")
    response = client.post(
        reverse("tenancy:person.create", kwargs={"org_slug": "acme"}),
        {"full_name": "Doublon", "email": "Sophie@ACME.example", "language": ""},
    )
    assert response.status_code == 200
    assert Person.objects.filter(email="sophie@acme.example").count() == 1
    assert "email" in response.context["form"].errors


def test_same_email_in_another_organisation_is_fine(tenants: Tenants) -> None:
    client = tenants.client("owner")
    client.post(
        reverse("tenancy:person.create", kwargs={"org_slug": "acme"}),
        {"full_name": "Gaston bis", "email": "gaston@globex.example", "language": ""},
    )
    assert Person.objects.filter(email="gaston@globex.example").count() == 2


def test_people_filter_answers_htmx_with_the_table_only(tenants: Tenants) -> None:
    client = tenants.client("owner")
    url = reverse("tenancy:person.list", kwargs={"org_slug": "acme"})
    response = client.get(url, {"q": "soph"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Sophie Collègue" in body
    assert "Hervé Codir" not in body
    assert "<html" not in body
    full = client.get(url).content.decode()
    assert "<html" in full
    assert "Hervé Codir" in full
    assert "Gaston" not in full


def test_codir_member_sees_names_but_no_links_to_colleagues(tenants: Tenants) -> None:
    body = (
        tenants.client("codir")
        .get(reverse("tenancy:person.list", kwargs={"org_slug": "acme"}))
        .content.decode()
    )
    own = reverse("tenancy:person.detail", kwargs={"org_slug": "acme", "pk": tenants.own_person.pk})
    other = reverse("tenancy:person.detail", kwargs={"org_slug": "acme", "pk": tenants.colleague.pk})
    assert own in body
    assert other not in body
    assert "Sophie Collègue" in body


def test_person_of_another_organisation_cannot_be_linked(tenants: Tenants) -> None:
    client = tenants.client("owner")
    response = client.post(
        reverse("tenancy:member.list", kwargs={"org_slug": "acme"}),
        {"email": "spy@acme.example", "role": Role.CODIR_MEMBER, "person": tenants.other_person.pk},
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Membership.objects.filter(user__email="spy@acme.example").exists()


def test_owner_cannot_remove_own_access(tenants: Tenants) -> None:
    own = Membership.objects.get(user=tenants.users["owner"])
    tenants.client("owner").post(reverse("tenancy:member.revoke", kwargs={"org_slug": "acme", "pk": own.pk}))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_overview_shows_profile_codir_and_adapted_model(tenants: Tenants) -> None:
    body = (
        tenants.client("codir")
        .get(reverse("tenancy:organisation.overview", kwargs={"org_slug": "acme"}))
        .content.decode()
    )
    assert "Acme" in body
    assert "Hervé Codir" in body
    assert "Industrie manufacturière" in body  # sector label, in French
    assert "Génération de leads" in body


def test_consultant_creates_a_client_organisation(tenants: Tenants) -> None:
    client = tenants.client("consultant")
    assert "/organisations/new/" in client.get("/").content.decode()
    response = client.post(
        "/organisations/new/",
        {
            "name": "Brasserie du Port",
            "slug": "",
            "sector": "agrifood",
            "size_band": "small",
            "market": "b2c",
            "priorities": ["brand"],
            "time_zone": "Europe/Paris",
            "default_language": "fr",
        },
    )
    organisation = Organisation.objects.get(name="Brasserie du Port")
    assert organisation.slug == "brasserie-du-port"
    assert response["Location"] == "/o/brasserie-du-port/"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (tenants.users["consultant"], Role.CONSULTANT)
    assert client.get("/o/brasserie-du-port/").status_code == 200


def test_taken_slug_is_refused_and_nothing_is_created(tenants: Tenants) -> None:
    response = tenants.client("platform_admin").post(
        "/organisations/new/",
        {
            "name": "Acme bis",
            "slug": "acme",
            "sector": "industry",
            "size_band": "small",
            "market": "b2b",
            "time_zone": "Europe/Paris",
            "default_language": "fr",
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Acme bis").exists()


def test_generated_slugs_do_not_collide(tenants: Tenants) -> None:
    from portevoix.tenancy.services import organisation_unique_slug

    assert organisation_unique_slug("ACME") == "acme-2"
    assert organisation_unique_slug("Société Générale d’Électricité") == "societe-generale-delectricite"
    assert organisation_unique_slug("!!!") == "organisation"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("owner", 403),
        ("codir", 403),
        ("respondent", 403),
        ("outsider", 403),
        ("consultant", 200),
        ("platform_admin", 200),
    ],
)
def test_who_may_create_organisations(tenants: Tenants, role: str, status: int) -> None:
    assert tenants.client(role).get("/organisations/new/").status_code == status
    tenants.client(role).post(
        "/organisations/new/",
        {
            "name": "Intrus",
            "sector": "industry",
            "size_band": "small",
            "market": "b2b",
            "time_zone": "Europe/Paris",
            "default_language": "fr",
        },
    )
    assert Organisation.objects.filter(name="Intrus").exists() == (status == 200)


def test_overview_links_the_latest_diagnostic_to_those_who_may_see_it(tenants: Tenants) -> None:
    from portevoix.testing.campaigns import make_campaign

    campaign = make_campaign(tenants.org, name="Diagnostic printemps")
    results = f"/o/acme/diagnostic/{campaign.pk}/results/"
    assert results in tenants.client("codir").get("/o/acme/").content.decode()
    assert results not in tenants.client("respondent").get("/o/acme/").content.decode()
