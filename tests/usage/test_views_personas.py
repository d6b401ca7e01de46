"""Buyer personas: the card list for everyone in the organisation, the forms for managers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from portevoix.tenancy.models import Organisation
from portevoix.testing.tenants import Tenants
from portevoix.usage.models import TEXT_LIMIT, Persona

VALID = {
    "name": "Directeur de maintenance industrielle",
    "description": "Site agroalimentaire de 300 personnes",
    "goals": "Réduire les arrêts non planifiés.",
    "habits": "Vidéos techniques sur YouTube.",
    "needs": "Des pièces livrées vite.",
    "problems": "Budget gelé.",
    "channels": ["youtube", "linkedin"],
    "axes": ["customers"],
    "notes": "",
}


def url(name: str, org_slug: str = "acme", **kwargs: Any) -> str:
    return reverse(f"usage:persona.{name}", kwargs={"org_slug": org_slug, **kwargs})


def make_persona(organisation: Organisation, **fields: Any) -> Persona:
    return Persona.objects.create(organisation=organisation, **{"name": "Acheteuse", **fields})


def test_persona_lifecycle(tenants: Tenants) -> None:
    client = tenants.client("consultant")
    response = client.post(url("create"), VALID)
    persona = Persona.objects.get()
    assert response["Location"] == f"{url('list')}#persona-{persona.pk}"
    assert persona.organisation == tenants.org
    assert persona.channels == ["linkedin", "youtube"]  # catalogue order
    assert persona.axes == ["customers"]
    assert persona.updated_by == tenants.users["consultant"]
    body = client.get(url("list")).content.decode()
    assert "Directeur de maintenance industrielle" in body
    assert "YouTube" in body
    assert url("edit", pk=persona.pk) in body
    client.post(url("edit", pk=persona.pk), {**VALID, "name": "Responsable maintenance", "channels": []})
    persona.refresh_from_db()
    assert (persona.name, persona.channels) == ("Responsable maintenance", [])
    assert client.get(url("delete", pk=persona.pk)).status_code == 405
    assert client.post(url("delete", pk=persona.pk))["Location"] == url("list")
    assert not Persona.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"channels": ["myspace"]}, "channels"),
        ({"axes": ["brand"]}, "axes"),
        ({"goals": "x" * (TEXT_LIMIT + 1)}, "goals"),
        ({"notes": "x" * (TEXT_LIMIT + 1)}, "notes"),
    ],
)
def test_invalid_personas_are_refused(tenants: Tenants, data: dict[str, Any], field: str) -> None:
    response = tenants.client("owner").post(url("create"), {**VALID, **data})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert not Persona.objects.exists()


def test_two_personas_cannot_share_a_name_in_one_organisation(tenants: Tenants) -> None:
    make_persona(tenants.org, name="Acheteuse")
    make_persona(tenants.other, name="Directeur de maintenance industrielle")  # other tenant: fine
    client = tenants.client("owner")
    response = client.post(url("create"), {**VALID, "name": "ACHETEUSE"})
    assert "name" in response.context["form"].errors
    client.post(url("create"), VALID)
    assert Persona.objects.filter(organisation=tenants.org).count() == 2
    persona = Persona.objects.get(organisation=tenants.org, name=VALID["name"])
    response = client.post(url("edit", pk=persona.pk), VALID)  # keeping its own name is fine
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["codir"])
def test_members_see_personas_but_cannot_change_them(tenants: Tenants, role: str) -> None:
    persona = make_persona(tenants.org, goals="Sécuriser les approvisionnements")
    client = tenants.client(role)
    body = client.get(url("list")).content.decode()
    assert "Sécuriser les approvisionnements" in body
    assert url("edit", pk=persona.pk) not in body
    assert url("create") not in body
    assert client.get(url("create")).status_code == 403
    assert client.post(url("create"), VALID).status_code == 403
    assert client.post(url("edit", pk=persona.pk), {**VALID, "name": "Hacked"}).status_code == 403
    assert client.post(url("delete", pk=persona.pk)).status_code == 403
    persona.refresh_from_db()
    assert persona.name == "Acheteuse"
    assert Persona.objects.count() == 1


def test_another_tenants_persona_is_404(tenants: Tenants) -> None:
    foreign = make_persona(tenants.other, name="Secret Globex")
    client = tenants.client("owner")
    assert client.get(url("edit", pk=foreign.pk)).status_code == 404
    assert client.post(url("edit", pk=foreign.pk), {**VALID, "name": "Hacked"}).status_code == 404
    assert client.post(url("delete", pk=foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Secret Globex"
    assert "Secret Globex" not in client.get(url("list")).content.decode()


def test_an_empty_list_invites_managers_to_add_one(tenants: Tenants) -> None:
    assert url("create") in tenants.client("owner").get(url("list")).content.decode()
