"""Detection in the background (run by ``portevoix db_worker``): loading the text model takes
a few seconds, which a web request should not wait for."""

from __future__ import annotations

from django_tasks import task


@task()
def detect_response(response_id: int) -> int:
    from portevoix.assessments.models import Response

    from .models import Detection
    from .services import response_detect

    response = Response.objects.select_related("campaign", "subject").filter(pk=response_id).first()
    if response is None:
        return 0
    # Submitted answers do not change: when they were already read (by the demo, or by an
    # analysis run meanwhile), do not load the text model for nothing.
    if Detection.objects.filter(response=response).exists():
        return 0
    return len(response_detect(response=response))


@task()
def detect_campaign(campaign_id: int) -> int:
    from portevoix.assessments.models import Campaign

    from .services import campaign_detect

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return campaign_detect(campaign=campaign) if campaign is not None else 0


@task()
def detect_demo(organisation_id: int) -> int:
    from portevoix.tenancy.models import Organisation

    from . import demo
    from .models import Detection

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    demo.detect(organisation)
    return Detection.objects.filter(organisation=organisation).count()
