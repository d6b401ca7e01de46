"""Background tasks of the diagnostic (run by ``portevoix db_worker``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .models import Campaign


@task()
def send_scheduled_reminders(campaign_id: int) -> int:
    """Remind those who have not answered, then plan the next reminder while the campaign is open."""
    from .services import reminders_send

    campaign = Campaign.objects.filter(pk=campaign_id).select_related("organisation").first()
    if campaign is None or not campaign.is_open or not campaign.reminder_every_days:
        return 0
    sent = reminders_send(campaign=campaign)
    run_after = timezone.now() + datetime.timedelta(days=campaign.reminder_every_days)
    send_scheduled_reminders.using(run_after=run_after).enqueue(campaign_id)
    return sent
