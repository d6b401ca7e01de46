from __future__ import annotations

from typing import Any

import pytest

from portevoix.assessments import services as assessment_services
from portevoix.assessments.models import Campaign, Response
from portevoix.tenancy.models import Organisation, Person
from portevoix.testing.campaigns import answers_for, make_campaign


def self_response(campaign: Campaign, person: Person, **overrides: Any) -> Response:
    """A leader's submitted self-assessment with chosen answers and free texts."""
    invitation, _created = assessment_services.invitation_create(
        campaign=campaign, kind="self", email=person.email, respondent=person, subject=person
    )
    framework = campaign.framework_version.framework
    answers = answers_for(framework, "self", level=0.5)
    for question in framework.questions:
        if question.type == "free_text" or (question.options and any(o.signals for o in question.options)):
            answers.pop(question.id, None)
    answers.update(overrides)
    assessment_services.answers_save(invitation=invitation, answers=answers, submit=True)
    return Response.objects.get(invitation=invitation)


@pytest.fixture
def campaign(organisation: Organisation) -> Campaign:
    return make_campaign(organisation)
