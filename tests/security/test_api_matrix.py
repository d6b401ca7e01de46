"""Every JSON API endpoint × every role × own/other organisation, and the anonymity rules on every
channel (pages, API, exports).

The endpoints are read from the API's OpenAPI description (django-ninja), so a new endpoint fails
``test_every_api_endpoint_has_expectations`` until its expected access is written down here.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from portevoix.api.api import api
from portevoix.assessments.models import Campaign
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.tenants import Tenants

ALLOW, DENY, HIDE, UNAUTHORISED = 200, 403, 404, 401
RESULTS = {
    "owner": ALLOW,
    "consultant": ALLOW,
    "platform_admin": ALLOW,
    "codir": ALLOW,
    "respondent": DENY,
    "outsider": HIDE,
    "anonymous": UNAUTHORISED,
}
# (method, path template) → expected status for each role
EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/api/organisations/{org_slug}/campaigns"): RESULTS,
    ("GET", "/api/organisations/{org_slug}/campaigns/{campaign_id}"): RESULTS,
    ("GET", "/api/organisations/{org_slug}/campaigns/{campaign_id}/scorecards"): RESULTS,
    ("GET", "/api/organisations/{org_slug}/campaigns/{campaign_id}/figures"): RESULTS,
}
ROLES = ["owner", "consultant", "codir", "respondent", "outsider", "platform_admin", "anonymous"]


def _endpoints() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api")
    return {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations}


def _url(template: str, org_slug: str, campaign: Campaign) -> str:
    return template.replace("{org_slug}", org_slug).replace("{campaign_id}", str(campaign.pk))


def test_every_api_endpoint_has_expectations() -> None:
    assert _endpoints() == set(EXPECTED)


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_api_enforces_roles_and_tenants(tenants: Tenants, endpoint: tuple[str, str]) -> None:
    """All roles in one test per endpoint (one set-up): the failure lists every role that differs."""
    method, template = endpoint
    campaign = make_campaign(tenants.org)
    wrong: dict[str, int] = {}
    for role in ROLES:
        response = tenants.client(role).generic(method, _url(template, tenants.org.slug, campaign))
        if response.status_code != EXPECTED[endpoint][role]:
            wrong[role] = response.status_code
        assert response["Content-Type"].startswith("application/json")
    assert wrong == {}, f"{endpoint}: expected {EXPECTED[endpoint]}"


@pytest.mark.parametrize("endpoint", sorted(e for e in EXPECTED if "{campaign_id}" in e[1]))
@pytest.mark.parametrize("role", ["owner", "platform_admin"])
def test_api_hides_other_tenants_objects(tenants: Tenants, endpoint: tuple[str, str], role: str) -> None:
    """Another organisation's campaign through one's own organisation's URL: 404, even for the
    platform admin (the object does not belong to the organisation in the URL)."""
    method, template = endpoint
    make_campaign(tenants.org)
    foreign = make_campaign(tenants.other, name="Globex secret")
    response = tenants.client(role).generic(method, _url(template, tenants.org.slug, foreign))
    assert response.status_code == HIDE
    assert "Globex" not in response.content.decode()


def test_api_lists_only_the_organisations_campaigns(tenants: Tenants) -> None:
    own = make_campaign(tenants.org)
    make_campaign(tenants.other, name="Globex secret")
    listed = tenants.client("platform_admin").get("/api/organisations/acme/campaigns").json()
    assert [c["id"] for c in listed] == [own.pk]


# ---- individual results and the anonymity threshold, on every channel ----


def _campaign_with_answers(tenants: Tenants, team_answers: int) -> Campaign:
    campaign = make_campaign(tenants.org, team_survey=True, anonymity_threshold=3)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=0.9)
    submit(campaign, "self", email="sophie@acme.example", respondent=tenants.colleague, level=0.2)
    for n in range(team_answers):
        submit(campaign, "team", email=f"t{n}@acme.example", level=0.1 * n)
    return campaign


def _channels(tenants: Tenants, role: str, campaign: Campaign) -> dict[str, Any]:
    client = tenants.client(role)
    base = f"/o/acme/diagnostic/{campaign.pk}/"
    found: dict[str, Any] = {
        "page": client.get(base + "results/"),
        "api": client.get(f"/api/organisations/acme/campaigns/{campaign.pk}/scorecards"),
    }
    for fmt in ("json", "csv", "xlsx"):
        found[fmt] = client.get(base + f"export/?format={fmt}")
    return found


def test_codir_member_sees_only_own_individual_results_everywhere(tenants: Tenants) -> None:
    campaign = _campaign_with_answers(tenants, team_answers=0)
    found = _channels(tenants, "codir", campaign)
    assert "Sophie Collègue" not in found["page"].content.decode()
    scorecards = found["api"].json()
    assert [m["person_id"] for m in scorecards["members"]] == [tenants.own_person.pk]
    assert set(scorecards["perception_gaps"]) <= {str(tenants.own_person.pk)}
    assert "Sophie" not in json.dumps(scorecards)
    for fmt in ("json", "csv", "xlsx"):
        assert found[fmt].status_code == DENY  # exports hold everyone: managers only


def test_team_survey_below_the_threshold_is_nowhere(tenants: Tenants) -> None:
    campaign = _campaign_with_answers(tenants, team_answers=2)
    found = _channels(tenants, "owner", campaign)
    assert found["page"].context["team"] is None
    assert found["api"].json()["team"] is None
    assert found["api"].json()["team_answers"] is None
    exported = json.loads(found["json"].content)
    assert exported["team"] is None
    assert exported["team_answers"] is None
    sheets = load_workbook(io.BytesIO(found["xlsx"].content)).sheetnames
    assert len(sheets) == 2  # members and codir alignment, no team sheet
    csv_text = found["csv"].content.decode("utf-8-sig")
    assert "t0@acme.example" not in csv_text
    assert len(csv_text.strip().splitlines()) == 1 + 2 * len(found["page"].context["framework"].dimensions)


def test_team_survey_at_the_threshold_is_an_aggregate_only(tenants: Tenants) -> None:
    campaign = _campaign_with_answers(tenants, team_answers=3)
    found = _channels(tenants, "owner", campaign)
    assert found["page"].context["team"] is not None
    for payload in (found["api"].json(), json.loads(found["json"].content)):
        assert payload["team"]["n"] == 3
        assert payload["team_answers"] == 3
        text = json.dumps(payload)
        assert "t0@acme.example" not in text  # never answer by answer, never who
    assert len(load_workbook(io.BytesIO(found["xlsx"].content)).sheetnames) == 3
    codir = tenants.client("codir").get(f"/api/organisations/acme/campaigns/{campaign.pk}/scorecards").json()
    assert codir["team"]["n"] == 3
