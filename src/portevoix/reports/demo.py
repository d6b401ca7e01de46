"""Demo reports: the demo SME's employer-review figures (typed in, as on the Activity data page) and
a board pack queued for the background worker, so the Reports page has something on the first run."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portevoix.core.evidence.manual import parse_manual
from portevoix.evidence.models import ManualEntry
from portevoix.tenancy.models import Organisation

from .models import Report
from .services import report_delete, report_queue

REVIEWS = (
    {"platform": "glassdoor", "overall_rating": 3.6, "ceo_approval": 71.0, "reviews": 48},
    {"platform": "indeed", "overall_rating": 3.9, "reviews": 112},
)


def populate(organisation: Organisation) -> None:
    if organisation.slug != "demo":
        return
    for report in Report.objects.filter(organisation=organisation):
        report_delete(report)
    ManualEntry.objects.filter(organisation=organisation, person=None, kind="review").delete()
    on = timezone.localdate() - datetime.timedelta(days=12)
    for review in REVIEWS:
        entry, problems = parse_manual("review", {**review, "on": on.isoformat()})
        assert entry is not None, problems
        assert not problems, problems
        ManualEntry.objects.create(
            organisation=organisation, kind="review", on=entry.on, data=entry.model_dump(mode="json")
        )
    report_queue(organisation=organisation, kind="board", fmt="pdf", language="fr")
