from __future__ import annotations

import csv
import io
import json

import pytest
from django.core import mail
from openpyxl import load_workbook

from portevoix.assessments.models import Campaign, Invitation
from portevoix.frameworks.selectors import framework_latest
from portevoix.testing.campaigns import make_campaign, submit
from portevoix.testing.factories import make_person
from portevoix.testing.tenants import Tenants


def _url(tenants: Tenants, campaign: Campaign, suffix: str = "") -> str:
    return f"/o/{tenants.org.slug}/diagnostic/{campaign.pk}/{suffix}"


def test_admin_creates_invites_opens_and_closes(tenants: Tenants) -> None:
    client = tenants.client("owner")
    version = framework_latest()
    assert version is not None
    response = client.post(
        "/o/acme/diagnostic/new/",
        {
            "name": "Diagnostic codir 2026",
            "framework_version": version.pk,
            "anonymity_threshold": 5,
            "reminder_every_days": 7,
            "team_survey": "on",
        },
    )
    campaign = Campaign.objects.get(name="Diagnostic codir 2026")
    assert response["Location"] == _url(tenants, campaign)
    client.post(
        _url(tenants, campaign, "invite/"),
        {"kind": "self", "people": [tenants.own_person.pk, tenants.colleague.pk]},
    )
    client.post(
        _url(tenants, campaign, "invite/"),
        {"kind": "team", "emails": "a@acme.example\nb@acme.example, a@acme.example", "language": "fr"},
    )
    assert campaign.invitations.count() == 4
    assert mail.outbox == []  # nothing leaves before the campaign opens
    client.post(_url(tenants, campaign, "action/"), {"action": "open"})
    assert len(mail.outbox) == 4
    page = client.get(_url(tenants, campaign)).content.decode()
    assert "Hervé Codir" in page
    progress = client.get(_url(tenants, campaign, "progress/"))
    assert 'data-testid="self-submitted">0<' in progress.content.decode()
    client.post(_url(tenants, campaign, "action/"), {"action": "close"})
    campaign.refresh_from_db()
    assert campaign.is_closed


def test_bad_team_emails_are_listed_and_nobody_is_invited(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org, team_survey=True)
    response = tenants.client("owner").post(
        _url(tenants, campaign, "invite/"),
        {"kind": "team", "emails": "ok@acme.example\nnot an email", "language": "fr"},
    )
    assert response.status_code == 400
    assert "not an email" in response.content.decode()
    assert not campaign.invitations.exists()


def test_withdrawn_link(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    invitation = Invitation.objects.create(
        campaign=campaign,
        kind="self",
        email="herve@acme.example",
        respondent=tenants.own_person,
        subject=tenants.own_person,
    )
    tenants.client("owner").post(_url(tenants, campaign, f"invitations/{invitation.pk}/revoke/"))
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def _two_answers(tenants: Tenants, **options: object) -> Campaign:
    campaign = make_campaign(tenants.org, **options)
    submit(campaign, "self", email="herve@acme.example", respondent=tenants.own_person, level=0.9)
    submit(campaign, "self", email="sophie@acme.example", respondent=tenants.colleague, level=0.2)
    return campaign


def test_admin_sees_every_member(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    response = tenants.client("owner").get(_url(tenants, campaign, "results/"))
    assert response.status_code == 200
    names = [row["person"].full_name for row in response.context["members"]]
    assert names == ["Hervé Codir", "Sophie Collègue"]
    assert "heatmap" in response.context["charts"]


def test_codir_member_sees_own_results_and_the_aggregate_only(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    client = tenants.client("codir")
    response = client.get(_url(tenants, campaign, "results/"))
    assert [row["person"].full_name for row in response.context["members"]] == ["Hervé Codir"]
    assert "Sophie Collègue" not in response.content.decode()
    assert "heatmap" not in response.context["charts"]
    assert response.context["results"].codir.n == 2
    # asking for a colleague explicitly changes nothing
    forced = client.get(_url(tenants, campaign, f"results/?person={tenants.colleague.pk}"))
    assert forced.context["selected"] == tenants.own_person


def test_sharing_lets_codir_members_see_each_other(tenants: Tenants) -> None:
    campaign = _two_answers(tenants, share_individual_results=True)
    response = tenants.client("codir").get(_url(tenants, campaign, "results/"))
    assert len(response.context["members"]) == 2


def test_respondents_and_outsiders_see_no_results(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    assert tenants.client("respondent").get(_url(tenants, campaign, "results/")).status_code == 403
    assert tenants.client("outsider").get(_url(tenants, campaign, "results/")).status_code == 404


def test_team_results_hidden_below_threshold(tenants: Tenants) -> None:
    campaign = _two_answers(tenants, team_survey=True, anonymity_threshold=3)
    for n in range(2):
        submit(campaign, "team", email=f"t{n}@acme.example")
    response = tenants.client("owner").get(_url(tenants, campaign, "results/"))
    assert response.context["team"] is None
    assert 'data-testid="team-hidden"' in response.content.decode()
    submit(campaign, "team", email="t3@acme.example")
    response = tenants.client("owner").get(_url(tenants, campaign, "results/"))
    assert response.context["team"] is not None
    assert "team" in response.context["charts"]


def test_exports_hold_the_dashboard_numbers(tenants: Tenants) -> None:
    campaign = _two_answers(tenants, team_survey=True)
    client = tenants.client("owner")
    page = client.get(_url(tenants, campaign, "results/"))
    cards = page.context["results"].self_cards
    exported = json.loads(client.get(_url(tenants, campaign, "export/?format=json")).content)
    herve = next(m for m in exported["members"] if m["name"] == "Hervé Codir")
    assert herve["overall"]["person"] == round(cards[tenants.own_person.pk].overall["person"], 1)
    assert exported["team"] is None  # no team answer: nothing to show, nothing exported
    text = client.get(_url(tenants, campaign, "export/?format=csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + 2 * len(page.context["framework"].dimensions)
    book = load_workbook(io.BytesIO(client.get(_url(tenants, campaign, "export/?format=xlsx")).content))
    assert book.worksheets[0].max_row == len(rows)
    assert client.get(_url(tenants, campaign, "export/?format=pdf")).status_code == 400


def test_exports_are_for_managers(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    assert tenants.client("codir").get(_url(tenants, campaign, "export/?format=json")).status_code == 403


def test_api_lists_campaigns_and_respects_visibility(tenants: Tenants) -> None:
    campaign = _two_answers(tenants)
    owner = tenants.client("owner")
    listed = owner.get("/api/organisations/acme/campaigns").json()
    assert [c["id"] for c in listed] == [campaign.pk]
    assert listed[0]["response_rates"]["self"]["submitted"] == 2
    codir = tenants.client("codir").get(f"/api/organisations/acme/campaigns/{campaign.pk}/scorecards").json()
    assert [m["name"] for m in codir["members"]] == ["Hervé Codir"]
    # two answers: the aggregate would show the colleague's scores to the member
    assert codir["codir"] is None
    whole = owner.get(f"/api/organisations/acme/campaigns/{campaign.pk}/scorecards").json()
    assert whole["codir"]["n"] == 2
    assert tenants.client("outsider").get("/api/organisations/acme/campaigns").status_code == 404
    assert tenants.client("respondent").get("/api/organisations/acme/campaigns").status_code == 403
    assert tenants.client("anonymous").get("/api/organisations/acme/campaigns").status_code == 401


def test_openapi_is_documented(tenants: Tenants) -> None:
    schema = tenants.client("owner").get("/api/openapi.json").json()
    assert "/api/organisations/{org_slug}/campaigns/{campaign_id}/scorecards" in schema["paths"]


@pytest.mark.parametrize("role", ["codir", "respondent"])
def test_draft_campaigns_are_invisible_to_non_managers(tenants: Tenants, role: str) -> None:
    campaign = make_campaign(tenants.org, open_it=False)
    status = tenants.client(role).get(_url(tenants, campaign, "results/")).status_code
    assert status == 403


def test_demo_campaign_shows_every_part_of_the_dashboard(db: None) -> None:
    from django.test import Client

    from portevoix.web.demo import demo_password, demo_populate

    demo_populate()
    client = Client()
    client.login(username="claire.dubois@mecanique-armor.example", password=demo_password())
    campaign = Campaign.objects.get(organisation__slug="demo")
    herve = campaign.responses.get(kind="self", subject__full_name="Hervé Le Goff").subject
    assert herve is not None
    response = client.get(f"/o/demo/diagnostic/{campaign.pk}/results/?person={herve.pk}")
    assert response.status_code == 200
    assert set(response.context["charts"]) >= {
        "radar",
        "alignment",
        "levels",
        "heatmap",
        "perception",
        "team",
        "usage",
        "benchmarks",
    }
    assert response.context["results"].team.n == 12


def test_reinviting_after_a_revocation_mails_a_working_link_and_counts_it(tenants: Tenants) -> None:
    """Review 2026-12, info item: re-inviting after a revocation said "0 invitation sent" and
    mailed nothing, while the old link answered 410."""
    campaign = make_campaign(tenants.org)
    client = tenants.client("owner")
    invite = {"kind": "self", "people": [tenants.own_person.pk]}
    client.post(_url(tenants, campaign, "invite/"), invite)
    invitation = Invitation.objects.get(campaign=campaign)
    client.post(_url(tenants, campaign, f"invitations/{invitation.pk}/revoke/"))
    mail.outbox.clear()
    response = client.post(_url(tenants, campaign, "invite/"), invite, follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == "1 invitation envoyée."
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/q/" in word)
    assert client.get(link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.sent_at is not None


def _three_answers(tenants: Tenants, **options: object) -> Campaign:
    campaign = _two_answers(tenants, **options)
    third = make_person(tenants.org, full_name="Paul Tiers", email="paul@acme.example", is_codir=True)
    submit(campaign, "self", email="paul@acme.example", respondent=third, level=0.6)
    return campaign


def test_codir_member_sees_no_lowest_highest_nor_levels_unless_shared(tenants: Tenants) -> None:
    """UX review 2026-12, P4: in a small codir the lowest and highest score per dimension, and
    the members at each level, are colleagues' own scores."""
    campaign = _three_answers(tenants)
    codir = tenants.client("codir")
    response = codir.get(_url(tenants, campaign, "results/"))
    body = response.content.decode()
    assert response.context["codir"] is not None  # the codir as a whole is shown (3 answers)
    assert response.context["spread_details"] is False
    assert "Minimum" not in body
    assert "levels" not in response.context["charts"]
    assert "alignment" not in response.context["charts"]
    assert 'data-testid="spread-details-hidden"' in body
    assert "à partir de 10 membres" in body  # twice the anonymity threshold (5)
    api = codir.get(f"/api/organisations/acme/campaigns/{campaign.pk}/scorecards").json()
    spreads = api["codir"]["spreads"].values()
    assert all(s["min"] is None and s["max"] is None and s["median"] is None for s in spreads)
    assert all(s["mean"] is not None for s in spreads)
    # managers keep the full view, and so does everybody when the campaign shares results
    manager = tenants.client("owner").get(_url(tenants, campaign, "results/"))
    assert manager.context["spread_details"] is True
    assert "levels" in manager.context["charts"]
    manager_api = tenants.client("owner").get(f"/api/organisations/acme/campaigns/{campaign.pk}/scorecards")
    assert all(s["min"] is not None for s in manager_api.json()["codir"]["spreads"].values())
    campaign.share_individual_results = True
    campaign.save()
    shared = codir.get(_url(tenants, campaign, "results/"))
    assert shared.context["spread_details"] is True
    # a group as large as twice the threshold shows them without sharing
    campaign.share_individual_results = False
    campaign.anonymity_threshold = 3
    campaign.save()
    for n in range(3):
        person = make_person(tenants.org, full_name=f"Membre {n}", email=f"m{n}@acme.example", is_codir=True)
        submit(campaign, "self", email=f"m{n}@acme.example", respondent=person, level=0.5)
    assert codir.get(_url(tenants, campaign, "results/")).context["spread_details"] is True
