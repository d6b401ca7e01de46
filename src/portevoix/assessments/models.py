"""Diagnostic campaigns: who is asked, what they answered, and the frozen results."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.core.scoring.aggregate import ANONYMITY_FLOOR, DEFAULT_ANONYMITY_THRESHOLD
from portevoix.frameworks.models import FrameworkVersion
from portevoix.tenancy.models import LANGUAGE_CHOICES, Organisation, Person


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="campaigns")
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("maturity framework"),
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField(_("answer before"), null=True, blank=True)
    team_survey = models.BooleanField(
        _("anonymous team survey"),
        default=False,
        help_text=_("Also invite employees to an anonymous survey about the company."),
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold"),
        default=DEFAULT_ANONYMITY_THRESHOLD,
        validators=[MinValueValidator(ANONYMITY_FLOOR), MaxValueValidator(100)],
        help_text=_(
            "Team survey results are shown only when at least this many people answered (3 minimum)."
        ),
    )
    share_individual_results = models.BooleanField(
        _("codir members see each other's results"),
        default=False,
        help_text=_("Otherwise each codir member sees only their own results and the codir aggregate."),
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("automatic reminder every (days)"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_("0 for no automatic reminder."),
    )
    # Dimension weights adapted to the organisation when the campaign closed: later profile
    # changes do not alter closed results.
    frozen_weights = models.JSONField(null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Invitation(models.Model):
    """One person asked to answer, reached by a signed link that only they receive."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        PEER = "peer", _("Cross-assessment")
        TEAM = "team", _("Team survey")

    class Status(models.TextChoices):
        PENDING = "pending", _("Not started")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        REVOKED = "revoked", _("Revoked")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email = models.EmailField(_("e-mail"))
    # The person who answers (self and peer); empty for the anonymous team survey.
    respondent = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations_received"
    )
    # The person assessed (self: the respondent; peer: a colleague; team: nobody).
    subject = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="assessments"
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Draft answers while the person saves and resumes. For the team survey they are moved,
    # without any link to the invitation, into an anonymous Response on submission.
    draft = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "email"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "email", "subject"],
                condition=models.Q(subject__isnull=False),
                name="invitation_unique_per_subject",
            ),
            models.UniqueConstraint(
                fields=["campaign", "kind", "email"],
                condition=models.Q(subject__isnull=True),
                name="invitation_unique_team_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.email}"

    @property
    def answerable(self) -> bool:
        return self.campaign.is_open and self.status in (self.Status.PENDING, self.Status.STARTED)


class Response(models.Model):
    """Submitted answers. Team-survey responses keep no link to who answered."""

    class Source(models.TextChoices):
        WEB = "web", _("Questionnaire")
        IMPORT = "import", _("Imported file")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=10, choices=Invitation.Kind.choices)
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    respondent = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    answers = models.JSONField(default=dict)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # Day only for team responses, so the time of a submission cannot single anybody out.
    submitted_on = models.DateField()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["campaign", "kind"])]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_kind_display()}"

    def as_answers(self) -> dict[str, Any]:
        return dict(self.answers)


class AnswerImport(models.Model):
    """A file of answers imported into a campaign; the same file is never imported twice."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="imports")
    kind = models.CharField(max_length=10, choices=Invitation.Kind.choices)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer import")
        verbose_name_plural = _("answer imports")
        constraints = [models.UniqueConstraint(fields=["campaign", "sha256"], name="answer_import_once")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.filename}"
