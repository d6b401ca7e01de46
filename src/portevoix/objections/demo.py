"""Demo objection profiles (called by ``portevoix demo`` after the demo diagnostic exists).

The demo leaders' answers (``assessments/demo.py``) are mapped to the catalogue through the real
services, in the background worker as for real answers (loading the text model takes seconds that
start-up should not wait for); then the CEO's "no time" is confirmed by the communication
director, as a review in the codir view would do.
"""

from __future__ import annotations

from django.db import transaction

from portevoix.tenancy.models import Membership, Organisation, Role

from . import services
from .models import Detection, OrgExample


def populate(organisation: Organisation) -> None:
    if organisation.slug != "demo":
        return
    Detection.objects.filter(organisation=organisation).delete()
    OrgExample.objects.filter(organisation=organisation).delete()
    from .tasks import detect_demo

    organisation_id = organisation.pk
    transaction.on_commit(lambda: detect_demo.enqueue(organisation_id))


def detect(organisation: Organisation) -> None:
    """Read the demo answers and record the communication director's review."""
    services.organisation_detect(organisation=organisation)
    admin = (
        Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN)
        .select_related("user")
        .first()
    )
    ceo_time = Detection.objects.filter(
        organisation=organisation, person__email__startswith="herve.legoff@", signal="time", source="text"
    ).first()
    if ceo_time is not None and not ceo_time.reviewed:
        services.detection_review(detection=ceo_time, action="confirm", user=admin.user if admin else None)
