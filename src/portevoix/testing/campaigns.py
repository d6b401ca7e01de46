"""Builders for diagnostic tests: a campaign on the shipped framework, and valid answers."""

from __future__ import annotations

from typing import Any

from portevoix.assessments import services
from portevoix.assessments.models import Campaign, Invitation
from portevoix.assessments.synthetic import synthetic_answers
from portevoix.core.framework import Framework
from portevoix.frameworks.selectors import framework_latest
from portevoix.tenancy.models import Organisation, Person


def make_campaign(organisation: Organisation, *, open_it: bool = True, **options: Any) -> Campaign:
    version = framework_latest()
    assert version is not None
    campaign = services.campaign_create(
        organisation=organisation,
        framework_version=version,
        name=options.pop("name", "Diagnostic 2026"),
        **options,
    )
    if open_it:
        services.campaign_open(campaign=campaign)
    return campaign


def answers_for(framework: Framework, kind: str, *, level: float = 0.5) -> dict[str, Any]:
    """Valid answers to every question a kind of respondent sees; ``level`` steers the scores (0–1)."""
    return synthetic_answers(framework, kind, level=level)


def submit(
    campaign: Campaign,
    kind: str,
    *,
    email: str,
    respondent: Person | None = None,
    subject: Person | None = None,
    level: float = 0.5,
) -> Invitation:
    invitation, _created = services.invitation_create(
        campaign=campaign, kind=kind, email=email, respondent=respondent, subject=subject
    )
    framework = campaign.framework_version.framework
    return services.answers_save(
        invitation=invitation, answers=answers_for(framework, kind, level=level), submit=True
    )
