"""What the privacy export may write of the diagnostic's answers (``privacy.hooks.register_given``).

An answer is the data of the person who gave it. A cross-assessment is about a colleague, but the
colleague sees it only as the mean of the results page, from the minimum number of assessors; an
anonymous team answer is seen by nobody, only as the team's aggregate from the campaign's
anonymity threshold. The exports give exactly that, computed by the results page's own function.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from portevoix.tenancy.models import Organisation, Person

from .exports import results_json
from .models import Campaign, Invitation, Response
from .results import campaign_results


def _campaigns(organisation: Organisation) -> list[Campaign]:
    return list(
        Campaign.objects.filter(organisation=organisation)
        .exclude(status=Campaign.Status.DRAFT)
        .select_related("framework_version", "organisation")
        .order_by("pk")
    )


def answers_summary(organisation: Organisation, person: Person | None) -> list[dict[str, Any]]:
    """Per campaign, the results as the product shows them: to a person, the others' means about
    them (perception gaps); to the organisation, the results export (aggregates only)."""
    found = []
    for campaign in _campaigns(organisation):
        rated = campaign.responses.filter(subject=person, kind=Invitation.Kind.PEER)
        if person is not None and not rated.exists():
            continue
        results = campaign_results(campaign)
        if person is None:
            found.append(results_json(results))
            continue
        gaps = results_json(results, visible={person.pk})["perception_gaps"].get(str(person.pk))
        if gaps:
            found.append({"campaign": {"id": campaign.pk, "name": campaign.name}, "perception_gaps": gaps})
    return found


def _addressed_to(person: Person) -> Q:
    """Invitations addressed to the person: by link, or by e-mail for the anonymous team survey."""
    addressed = Q(respondent=person)
    return addressed | Q(email__iexact=person.email) if person.email else addressed


def register() -> None:
    from portevoix.privacy.hooks import register_given

    register_given(
        Response,
        given_by=lambda person: Q(respondent=person),
        # Cross-assessments and team answers: the product shows them one by one to nobody.
        confidential=Q(kind__in=[Invitation.Kind.PEER, Invitation.Kind.TEAM]),
        summary=answers_summary,
    )
    register_given(
        Invitation,
        given_by=_addressed_to,
        # The answers saved while they fill the questionnaire are theirs until they submit.
        private_fields=("draft",),
    )
