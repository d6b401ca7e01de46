"""The usage map page and the editing of its cells, with and without htmx."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from portevoix.tenancy.models import Person
from portevoix.testing.factories import make_person
from portevoix.testing.tenants import Tenants
from portevoix.usage.models import TEXT_LIMIT, UsageEntry

HTMX = {"HX-Request": "true"}
VALID = {
    "status": "active",
    "owner": "Service communication",
    "url": "linkedin.com/company/acme",
    "notes": "Deux publications par semaine.",
}


def map_url(person: Person | None = None, org_slug: str = "acme") -> str:
    url = reverse("usage:map.detail", kwargs={"org_slug": org_slug})
    return url if person is None else f"{url}?person={person.pk}"


def cell_url(person: Person | None = None, axis: str = "company", network: str = "linkedin") -> str:
    kwargs: dict[str, Any] = {"org_slug": "acme", "axis": axis, "network": network}
    if person is None:
        return reverse("usage:company_entry.edit", kwargs=kwargs)
    return reverse("usage:person_entry.edit", kwargs={**kwargs, "pk": person.pk})


def record(
    client: Client,
    person: Person | None = None,
    axis: str = "company",
    network: str = "linkedin",
    **data: str,
) -> Any:
    return client.post(cell_url(person, axis, network), {**VALID, **data})


def gap_codes(response: Any) -> list[str]:
    return [gap.code for gap in response.context["map"].gaps]


def test_an_empty_map_shows_every_cell_as_not_recorded(tenants: Tenants) -> None:
    response = tenants.client("owner").get(map_url())
    assert response.status_code == 200
    usage_map = response.context["map"]
    assert (usage_map.recorded, usage_map.total) == (0, 40)
    assert gap_codes(response) == ["company_not_recorded"]
    body = response.content.decode()
    assert body.count('data-status=""') == 40
    assert cell_url() in body  # managers get a link to edit each cell
    assert 'id="cell-company-talent-welcome_to_the_jungle"' in body


def test_owner_records_a_cell_without_javascript(tenants: Tenants) -> None:
    client = tenants.client("owner")
    assert "<html" in client.get(cell_url()).content.decode()  # a full page without htmx
    response = record(client)
    assert response.status_code == 302
    assert response["Location"] == f"{map_url()}#cell-company-company-linkedin"
    entry = UsageEntry.objects.get()
    assert (entry.organisation, entry.person, entry.axis, entry.network) == (
        tenants.org,
        None,
        "company",
        "linkedin",
    )
    assert (entry.status, entry.owner, entry.url) == (
        "active",
        "Service communication",
        "https://linkedin.com/company/acme",
    )
    assert entry.updated_by == tenants.users["owner"]
    body = client.get(map_url()).content.decode()
    assert 'data-status="active"' in body
    assert "Service communication" in body


def test_htmx_get_answers_with_the_cell_form_only(tenants: Tenants) -> None:
    response = tenants.client("owner").get(cell_url(axis="talent", network="glassdoor"), headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<td id="cell-company-talent-glassdoor"')
    assert f'hx-post="{cell_url(axis="talent", network="glassdoor")}"' in body
    assert 'id="cell-company-talent-glassdoor-status_0"' in body  # ids stay unique per cell


def test_htmx_post_saves_and_redraws_the_grid_with_its_gaps(tenants: Tenants) -> None:
    client = tenants.client("consultant")  # Acme's priority: lead generation → customers axis
    response = client.post(cell_url(), VALID, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#usage-grid"
    assert response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="usage-grid">')
    assert 'data-gap="priority_axis_inactive"' in body
    assert 'data-gap="company_not_recorded"' not in body
    assert "autofocus" in body
    assert UsageEntry.objects.get().status == "active"


def test_htmx_cancel_puts_the_cell_back(tenants: Tenants) -> None:
    client = tenants.client("owner")
    record(client, owner="Agence")
    response = client.get(cell_url() + "?cancel=1", headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<td id="cell-company-company-linkedin"')
    assert "Agence" in body
    assert "<form" not in body
    assert client.get(cell_url() + "?cancel=1").status_code == 302


def test_saving_again_updates_the_cell_and_clear_forgets_it(tenants: Tenants) -> None:
    client = tenants.client("owner")
    record(client)
    record(client, status="dormant", owner="", url="", notes="")
    entry = UsageEntry.objects.get()
    assert (entry.status, entry.owner, entry.url, entry.notes) == ("dormant", "", "", "")
    response = client.post(cell_url(), {"clear": "1"}, headers=HTMX)
    assert response["HX-Retarget"] == "#usage-grid"
    assert not UsageEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "famous"}, "status"),
        ({"status": ""}, "status"),
        ({"owner": "x" * 201}, "owner"),
        ({"notes": "x" * (TEXT_LIMIT + 1)}, "notes"),
        ({"url": "javascript:alert(1)"}, "url"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_invalid_values_are_refused_and_nothing_is_saved(
    tenants: Tenants, data: dict[str, str], field: str, htmx: bool
) -> None:
    response = tenants.client("owner").post(cell_url(), {**VALID, **data}, headers=HTMX if htmx else {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {field}
    assert ("<html" in response.content.decode()) is not htmx
    assert not UsageEntry.objects.exists()


@pytest.mark.parametrize(
    ("axis", "network"), [("brand", "linkedin"), ("company", "myspace"), ("COMPANY", "x")]
)
def test_unknown_axis_or_network_is_404(tenants: Tenants, axis: str, network: str) -> None:
    client = tenants.client("owner")
    assert client.get(cell_url(axis=axis, network=network)).status_code == 404
    assert client.post(cell_url(axis=axis, network=network), VALID).status_code == 404
    assert not UsageEntry.objects.exists()


def test_a_member_has_a_map_of_their_own(tenants: Tenants) -> None:
    client = tenants.client("owner")
    record(client, tenants.colleague, status="absent", owner="", url="")
    entry = UsageEntry.objects.get()
    assert entry.person == tenants.colleague
    response = client.get(map_url(tenants.colleague))
    assert response.context["map"].subject == tenants.colleague
    assert response.context["map"].recorded == 1
    assert f'id="cell-p{tenants.colleague.pk}-company-linkedin"' in response.content.decode()
    assert response.context["map"].cell("company", "linkedin").gaps[0].code == "leader_linkedin_absent"
    company = client.get(map_url())
    assert company.context["map"].recorded == 0  # the company's map is separate
    assert "leader_linkedin_absent" in gap_codes(company)  # but the gap list covers the codir


def test_only_codir_members_have_a_map(tenants: Tenants) -> None:
    employee = make_person(tenants.org, is_codir=False)
    client = tenants.client("owner")
    assert client.get(cell_url(employee)).status_code == 404
    assert client.get(map_url(employee)).status_code == 404


def test_another_tenants_person_is_404_and_nothing_is_written(tenants: Tenants) -> None:
    client = tenants.client("owner")
    assert client.get(cell_url(tenants.other_person)).status_code == 404
    assert record(client, tenants.other_person).status_code == 404
    assert client.post(cell_url(tenants.other_person), VALID, headers=HTMX).status_code == 404
    assert client.get(map_url(tenants.other_person)).status_code == 404
    assert not UsageEntry.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "1.5"])
def test_a_malformed_person_is_404(tenants: Tenants, value: str) -> None:
    assert tenants.client("owner").get(f"{map_url()}?person={value}").status_code == 404


def test_another_tenants_entries_never_show(tenants: Tenants) -> None:
    UsageEntry.objects.create(
        organisation=tenants.other,
        axis="company",
        network="tiktok",
        status="active",
        owner="Globex secret team",
    )
    response = tenants.client("owner").get(map_url())
    assert response.context["map"].recorded == 0
    assert "Globex secret team" not in response.content.decode()


@pytest.mark.parametrize("role", ["codir"])
def test_members_view_the_map_but_cannot_change_it(tenants: Tenants, role: str) -> None:
    owner = tenants.client("owner")
    record(owner, owner="Service communication")
    client = tenants.client(role)
    response = client.get(map_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Service communication" in body
    assert cell_url() not in body  # no edit links
    assert client.get(cell_url()).status_code == 403
    assert record(client, status="absent", owner="Hacked").status_code == 403
    assert client.post(cell_url(), {**VALID, "owner": "Hacked"}, headers=HTMX).status_code == 403
    assert client.post(cell_url(), {"clear": "1"}).status_code == 403
    assert record(client, tenants.own_person).status_code == 403
    entry = UsageEntry.objects.get()
    assert (entry.status, entry.owner) == ("active", "Service communication")


def test_a_codir_member_sees_their_own_map_but_not_their_colleagues(tenants: Tenants) -> None:
    owner = tenants.client("owner")
    record(owner, tenants.own_person, status="dormant")
    record(owner, tenants.colleague, status="absent")
    client = tenants.client("codir")
    company = client.get(map_url())
    assert [p.pk for p in company.context["map"].members] == [tenants.own_person.pk]
    assert [(g.code, g.person) for g in company.context["map"].gaps if g.person] == [
        ("leader_linkedin_dormant", tenants.own_person)
    ]
    assert "Sophie Collègue" not in company.content.decode()
    assert client.get(map_url(tenants.own_person)).status_code == 200
    assert client.get(map_url(tenants.colleague)).status_code == 403
    # managers see everybody
    assert len(owner.get(map_url()).context["map"].members) == 2


def test_gaps_are_marked_on_cells_and_columns(tenants: Tenants) -> None:
    client = tenants.client("owner")
    record(client, axis="customers", network="linkedin")
    record(client, axis="company", network="x", status="dormant")
    usage_map = client.get(map_url()).context["map"]
    assert [g.code for g in usage_map.cell("company", "x").gaps] == ["company_account_dormant"]
    assert usage_map.cell("customers", "linkedin").gaps == []
    flagged = {c.axis: [g.code for g in c.gaps] for c in usage_map.columns}
    assert flagged == {
        "company": ["axis_inactive"],
        "customers": [],
        "competition": ["axis_inactive"],
        "talent": ["axis_inactive"],
    }


def test_the_codir_at_a_glance_shows_each_members_best_presence(tenants: Tenants) -> None:
    client = tenants.client("owner")
    record(client, tenants.own_person, axis="company", status="dormant")
    record(client, tenants.own_person, axis="customers", status="occasional")
    record(client, tenants.colleague, network="x", status="active")
    glance = {row.person.pk: dict(row.statuses) for row in client.get(map_url()).context["map"].glance}
    assert glance[tenants.own_person.pk] == {"linkedin": "occasional", "x": ""}
    assert glance[tenants.colleague.pk] == {"linkedin": "", "x": "active"}
