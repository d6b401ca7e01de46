"""What every section provider reads: the organisation, the report's audience and language, and
the diagnostic results computed once by the same code as the results page.

``dashboard`` is :func:`assessments.dashboard.dashboard_context` for a manager of the organisation,
so a number in a report is the number of the results page. Providers decide what they may show
to the report's audience (``shares_individuals``): the board pack names nobody unless the
campaign shares individual results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from portevoix.assessments.dashboard import dashboard_context
from portevoix.assessments.models import Campaign, Invitation
from portevoix.assessments.results import CampaignResults
from portevoix.core.evidence.indicators import Indicators
from portevoix.tenancy.access import ROLE_PERMISSIONS, OrgAccess
from portevoix.tenancy.models import Organisation, Person, Role


def report_campaign(organisation: Organisation) -> Campaign | None:
    """The campaign a report reads: the latest closed one, else the latest with a self-assessment."""
    campaigns = Campaign.objects.filter(organisation=organisation).select_related("framework_version")
    campaigns = campaigns.annotate(
        selves=Count("responses", filter=Q(responses__kind=Invitation.Kind.SELF))
    ).filter(selves__gt=0)
    closed = campaigns.filter(status=Campaign.Status.CLOSED).order_by("-closed_at", "-pk").first()
    return closed or campaigns.order_by("-created_at", "-pk").first()


def manager_access(organisation: Organisation) -> OrgAccess:
    return OrgAccess(organisation, Role.ORG_ADMIN, None, ROLE_PERMISSIONS[Role.ORG_ADMIN])


@dataclass
class ReportContext:
    organisation: Organisation
    kind: str
    language: str
    person: Person | None = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @cached_property
    def campaign(self) -> Campaign | None:
        return report_campaign(self.organisation)

    @cached_property
    def dashboard(self) -> dict[str, Any] | None:
        if self.campaign is None:
            return None
        return dashboard_context(manager_access(self.organisation), self.campaign)

    @property
    def results(self) -> CampaignResults | None:
        return self.dashboard["results"] if self.dashboard else None

    @property
    def shares_individuals(self) -> bool:
        """May the board pack name codir members? Only if the campaign shares individual results."""
        return bool(self.campaign and self.campaign.share_individual_results)

    @cached_property
    def indicators(self) -> Indicators | None:
        """The report's leader's observed activity (leader report)."""
        from portevoix.evidence.selectors import person_indicators

        if self.person is None:
            return None
        return person_indicators(organisation=self.organisation, person=self.person, today=self.today)

    def label(self, dimension_id: str) -> str:
        if self.dashboard is None:
            return dimension_id
        return str(self.dashboard["labels"].get(dimension_id, dimension_id))
