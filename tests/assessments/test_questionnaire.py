"""The questionnaire reached through a personal link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from portevoix.assessments import services
from portevoix.assessments.models import Invitation, Response
from portevoix.assessments.questionnaire import sections_for
from portevoix.assessments.tokens import invitation_token
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.tenants import Tenants


def _invite(tenants: Tenants, **options: Any) -> tuple[Invitation, str]:
    campaign = make_campaign(tenants.org, **options)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    return invitation, f"/q/{invitation_token(invitation)}/"


def _section_data(dimension: Any, index: int, action: str = "next") -> dict[str, Any]:
    data: dict[str, Any] = {"s": str(index), "action": action}
    for question in dimension.questions:
        if question.type == "single_choice":
            data[question.id] = question.options[-1].id
        elif question.type == "multiple_choice":
            data[question.id] = [question.options[0].id]
        elif question.type == "scale":
            data[question.id] = str(question.scale.max)
        else:
            data[question.id] = "Pas le temps, et je ne vois pas le retour."
    return data


def test_answer_every_section_then_send(tenants: Tenants) -> None:
    invitation, url = _invite(tenants)
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    body = first.content.decode()
    assert "progressbar" in body
    assert 'lang="fr"' in body
    sections = sections_for(invitation.campaign.framework_version.framework, "self")
    for index, dimension in enumerate(sections):
        response = client.post(url, _section_data(dimension, index))
        assert response.status_code == 302, response.content.decode()[:500]
    review = client.get(url + "?s=review")
    assert review.status_code == 200
    done = client.post(url, {"s": "review", "action": "submit"})
    assert done.status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED
    assert Response.objects.get().subject == tenants.own_person
    again = client.get(url)
    assert again.context["code"] == "link_used"


def test_save_and_resume_where_one_stopped(tenants: Tenants) -> None:
    invitation, url = _invite(tenants)
    sections = sections_for(invitation.campaign.framework_version.framework, "self")
    Client().post(url, _section_data(sections[0], 0))
    resumed = Client().get(url)  # another device, same link
    assert resumed.context["index"] == 1
    assert resumed.context["answered"] == len(sections[0].questions)


def test_bad_values_are_refused_and_nothing_saved(tenants: Tenants) -> None:
    invitation, url = _invite(tenants)
    dimension = sections_for(invitation.campaign.framework_version.framework, "self")[0]
    data = _section_data(dimension, 0)
    choice = next(q for q in dimension.questions if q.type == "single_choice")
    data[choice.id] = "forged-option"
    response = Client().post(url, data)
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.draft == {}


def test_a_forged_question_is_ignored(tenants: Tenants) -> None:
    invitation, url = _invite(tenants)
    dimension = sections_for(invitation.campaign.framework_version.framework, "self")[0]
    data = {**_section_data(dimension, 0), "hacker_field": "x" * 10_000}
    assert Client().post(url, data).status_code == 302
    invitation.refresh_from_db()
    assert "hacker_field" not in invitation.draft


@pytest.mark.parametrize(
    ("prepare", "status", "code"),
    [
        (lambda inv: services.invitation_revoke(invitation=inv), 410, "link_revoked"),
        (lambda inv: services.campaign_close(campaign=inv.campaign), 410, "campaign_closed"),
    ],
)
def test_dead_links_get_a_clear_page(tenants: Tenants, prepare: Any, status: int, code: str) -> None:
    invitation, url = _invite(tenants)
    prepare(invitation)
    response = Client().get(url)
    assert response.status_code == status
    assert response.context["code"] == code
    assert Client().post(url, {"s": "review", "action": "submit"}).status_code == status
    assert not Response.objects.exists()


def test_garbage_token_is_404(db: None) -> None:
    response = Client().get("/q/not-a-token/")
    assert response.status_code == 404
    assert response.context["code"] == "link_invalid"


def test_draft_campaign_link_waits(tenants: Tenants) -> None:
    _invitation, url = _invite(tenants, open_it=False)
    assert Client().get(url).context["code"] == "campaign_not_open"


def test_respondent_switches_language(tenants: Tenants) -> None:
    invitation, url = _invite(tenants)
    client = Client()
    client.post(url, {"language": "en"})
    invitation.refresh_from_db()
    assert invitation.language == "en"
    assert 'lang="en"' in client.get(url).content.decode()
