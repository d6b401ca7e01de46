"""Writes of the diagnostic: campaigns, invitations, answers. Views and commands call these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import adapt_weights
from portevoix.core.scoring import validate_answers
from portevoix.frameworks.models import FrameworkVersion
from portevoix.tenancy.models import Organisation, Person

from .models import Campaign, Invitation, Response
from .questionnaire import question_ids_for
from .tokens import invitation_token


@transaction.atomic
def campaign_create(
    *,
    organisation: Organisation,
    framework_version: FrameworkVersion,
    name: str,
    created_by: Any = None,
    **options: Any,
) -> Campaign:
    if framework_version.organisation_id not in (None, organisation.pk):
        # another organisation's own version is not even known here
        raise ProblemsError([Problem("framework_not_visible", path=("framework_version",))])
    campaign = Campaign(
        organisation=organisation,
        framework_version=framework_version,
        name=name,
        created_by=created_by,
        **options,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_open(*, campaign: Campaign) -> Campaign:
    if campaign.is_closed:
        raise ProblemsError([Problem("campaign_closed")])
    campaign.status = Campaign.Status.OPEN
    campaign.opened_at = campaign.opened_at or timezone.now()
    campaign.save(update_fields=["status", "opened_at"])
    if campaign.reminder_every_days:
        from .tasks import send_scheduled_reminders

        run_after = timezone.now() + datetime.timedelta(days=campaign.reminder_every_days)
        transaction.on_commit(
            lambda: send_scheduled_reminders.using(run_after=run_after).enqueue(campaign.pk)
        )
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Stop answers and freeze the weights the results are computed with."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_closed:
        return campaign
    framework = campaign.framework_version.framework
    campaign.frozen_weights = adapt_weights(framework, campaign.organisation.profile).weights
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at", "frozen_weights"])
    return campaign


def _language_of(person: Person | None, organisation: Organisation) -> str:
    return person.effective_language if person is not None else organisation.default_language


@transaction.atomic
def invitation_create(
    *,
    campaign: Campaign,
    kind: str,
    email: str,
    respondent: Person | None = None,
    subject: Person | None = None,
    language: str | None = None,
) -> tuple[Invitation, bool]:
    """Invite once: inviting the same person for the same subject again returns the invitation."""
    if campaign.is_closed:
        raise ProblemsError([Problem("campaign_closed")])
    email = email.strip().lower()
    if kind == Invitation.Kind.SELF:
        subject = respondent
    if kind == Invitation.Kind.TEAM:
        respondent = subject = None
    for person in (respondent, subject):
        if person is not None and person.organisation_id != campaign.organisation_id:
            raise ProblemsError([Problem("person_of_another_organisation")])
    invitation, created = Invitation.objects.get_or_create(
        campaign=campaign,
        kind=kind,
        email=email,
        subject=subject,
        defaults={
            "respondent": respondent,
            "language": language or _language_of(respondent, campaign.organisation),
        },
    )
    if not created and invitation.status == Invitation.Status.REVOKED:
        # A new link must go out: the old one died with the revocation (its nonce changed), so
        # the invitation counts as never sent and is mailed (and counted) like a new one.
        invitation.status = Invitation.Status.PENDING
        invitation.sent_at = None
        invitation.save(update_fields=["status", "sent_at"])
    return invitation, created


def invitation_link(invitation: Invitation, base_url: str) -> str:
    path = reverse("questionnaire:answer", kwargs={"token": invitation_token(invitation)})
    return base_url.rstrip("/") + path


def invitation_send(*, invitation: Invitation, base_url: str | None = None, reminder: bool = False) -> None:
    """E-mail the personal link, in the respondent's language."""
    link = invitation_link(invitation, base_url or settings.PORTEVOIX_BASE_URL)
    campaign = invitation.campaign
    context = {
        "invitation": invitation,
        "campaign": campaign,
        "organisation": campaign.organisation,
        "subject_person": invitation.subject,
        "link": link,
        "reminder": reminder,
        "days": settings.PORTEVOIX_INVITATION_DAYS,
    }
    with translation.override(invitation.language):
        subject = render_to_string("assessments/email/invitation_subject.txt", context).strip()
        body = render_to_string("assessments/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
    now = timezone.now()
    if reminder:
        Invitation.objects.filter(pk=invitation.pk).update(
            reminded_at=now, reminder_count=invitation.reminder_count + 1
        )
    else:
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=now)


def invitations_send(*, invitations: Iterable[Invitation], base_url: str | None = None) -> int:
    sent = 0
    for invitation in invitations:
        if invitation.answerable:
            invitation_send(invitation=invitation, base_url=base_url)
            sent += 1
    return sent


def reminders_send(*, campaign: Campaign, base_url: str | None = None) -> int:
    """Remind everybody who has not submitted yet; returns how many were reminded."""
    if not campaign.is_open:
        return 0
    waiting = campaign.invitations.filter(
        status__in=[Invitation.Status.PENDING, Invitation.Status.STARTED], sent_at__isnull=False
    ).select_related("campaign__organisation", "subject")
    count = 0
    for invitation in waiting:
        invitation_send(invitation=invitation, base_url=base_url, reminder=True)
        count += 1
    return count


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """The link stops working at once; a submitted answer is kept."""
    if invitation.status == Invitation.Status.SUBMITTED:
        return
    from .models import new_nonce

    invitation.status = Invitation.Status.REVOKED
    invitation.nonce = new_nonce()
    invitation.draft = {}
    invitation.save(update_fields=["status", "nonce", "draft"])


def _check(invitation: Invitation, answers: dict[str, Any]) -> None:
    framework = invitation.campaign.framework_version.framework
    allowed = question_ids_for(framework, invitation.kind)
    problems = [
        Problem("unknown_question", {"question": qid}, path=(qid,)) for qid in answers if qid not in allowed
    ]
    problems += validate_answers(framework, {k: v for k, v in answers.items() if k in allowed})
    if problems:
        raise ProblemsError(problems)


@transaction.atomic
def answers_save(*, invitation: Invitation, answers: dict[str, Any], submit: bool = False) -> Invitation:
    """Save a draft (save and resume) and, with ``submit``, record the response for good.

    All or nothing: invalid answers raise :class:`ProblemsError` and nothing is written. The
    invitation row is locked so that two tabs cannot submit twice.
    """
    locked = Invitation.objects.select_for_update().select_related("campaign").get(pk=invitation.pk)
    if not locked.answerable:
        code = "link_used" if locked.status == Invitation.Status.SUBMITTED else "campaign_closed"
        raise ProblemsError([Problem(code)])
    merged = {**locked.draft, **answers}
    merged = {k: v for k, v in merged.items() if v not in (None, "", [])}
    _check(locked, merged)
    if not submit:
        locked.draft = merged
        locked.status = Invitation.Status.STARTED
        locked.save(update_fields=["draft", "status"])
        return locked
    anonymous = locked.kind == Invitation.Kind.TEAM
    Response.objects.create(
        campaign=locked.campaign,
        kind=locked.kind,
        invitation=None if anonymous else locked,
        respondent=None if anonymous else locked.respondent,
        subject=None if anonymous else locked.subject,
        answers=merged,
        language=locked.language,
        submitted_on=timezone.localdate(),
    )
    locked.draft = {}
    locked.status = Invitation.Status.SUBMITTED
    # The exact time of a team answer could single somebody out: keep the day only.
    locked.submitted_at = None if anonymous else timezone.now()
    locked.save(update_fields=["draft", "status", "submitted_at"])
    return locked
