"""What every section provider reads: the organisation, the report's audience and language, its
scope, and the results read model (:class:`portevoix.core.results.Results`) built once by the same
code as the results page, the API and the overview.

The scope is explicit: the campaign chosen on the reports form (or ``--campaign``), else the
default (:func:`assessments.read_model.default_campaign`), and the activity period ending on the
report's day. Providers decide what they may show to the report's audience
(``shares_individuals``): the board pack names nobody unless the campaign shares individual results.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from portevoix.assessments.dashboard import framework_labels
from portevoix.assessments.models import Campaign
from portevoix.assessments.read_model import default_campaign, results_read, scope_line
from portevoix.core.evidence.indicators import Indicators
from portevoix.core.results import Results
from portevoix.tenancy.models import Organisation, Person


@dataclass
class ReportContext:
    organisation: Organisation
    kind: str
    language: str
    person: Person | None = None
    today: datetime.date = field(default_factory=timezone.localdate)
    chosen: Campaign | None = None  # the campaign asked for; None: the default one

    @cached_property
    def campaign(self) -> Campaign | None:
        if self.chosen is not None:
            return self.chosen
        return default_campaign(self.organisation).campaign

    @cached_property
    def scope_reason(self) -> str:
        """Why this campaign: chosen by the user, or the default rule's reason."""
        if self.chosen is not None:
            return ""
        return default_campaign(self.organisation).reason

    @cached_property
    def read(self) -> Results | None:
        if self.campaign is None:
            return None
        return results_read(self.campaign, today=self.today)

    @property
    def results(self) -> Results | None:
        return self.read

    @cached_property
    def scope_line(self) -> str:
        return scope_line(self.read.scope) if self.read is not None else ""

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

    @cached_property
    def names(self) -> tuple[dict[str, str], dict[str, str]]:
        """Dimension and level names of the scope's framework, in the report's language."""
        if self.read is None:
            return {}, {}
        return framework_labels(self.read.framework)

    def label(self, dimension_id: str) -> str:
        return self.names[0].get(dimension_id, dimension_id)

    def level_name(self, level_id: str | None) -> str:
        if level_id is None:
            return "—"
        return self.names[1].get(level_id, level_id)
