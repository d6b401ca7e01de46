"""The audit log of sensitive actions, consents to process a person's activity data, and the
retention settings of each organisation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import Organisation, Person


class AuditAction(models.TextChoices):
    RESULTS_EXPORT = "results.export", _("Campaign results exported")
    ANSWERS_IMPORT = "answers.import", _("Answers imported")
    EVIDENCE_IMPORT = "evidence.import", _("Activity data imported")
    EVIDENCE_REFUSED = "evidence.refused", _("Activity data import refused (no consent)")
    PERSON_DELETE = "person.delete", _("Person deleted")
    PERSONA_DELETE = "persona.delete", _("Persona deleted")
    MEMBER_GRANT = "member.grant", _("Access granted or role changed")
    MEMBER_REVOKE = "member.revoke", _("Access removed")
    ORGANISATION_UPDATE = "organisation.update", _("Organisation profile changed")
    CONSENT_GIVE = "consent.give", _("Consent recorded")
    CONSENT_WITHDRAW = "consent.withdraw", _("Consent withdrawn")
    PRIVACY_EXPORT = "privacy.export", _("Personal data exported")
    PRIVACY_ERASE = "privacy.erase", _("Personal data erased")
    RETENTION_CHANGE = "retention.change", _("Retention settings changed")
    RETENTION_APPLY = "retention.apply", _("Retention applied")
    GATE_OVERRIDE = "roadmap.gate_override", _("Roadmap gate overridden")
    REPORT_DOWNLOAD = "report.download", _("Report downloaded")


class AppendOnlyError(Exception):
    """An audit entry is never changed or deleted one by one (only erasure and retention may)."""


class AuditEntry(models.Model):
    """Who did what, when, in which organisation, on what. Written once, never edited."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_entries"
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # The actor as they were named at the time (the account may be deleted later).
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(_("kind of target"), max_length=60, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    # The person the action concerns, if any (so that their "My data" page lists it).
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["organisation", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("an audit entry cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("an audit entry cannot be deleted")


class ConsentPurpose(models.TextChoices):
    EVIDENCE = "evidence", _("Analysis of the person's social-network activity for the diagnostic")


class ConsentMethod(models.TextChoices):
    MEETING = "meeting", _("Collected by the consultant in a meeting")
    SIGNED_FORM = "signed_form", _("Signed form")
    EMAIL = "email", _("By e-mail")
    ONLINE = "online", _("Given by the person in Porte-voix")


class Consent(models.Model):
    """A person's consent to one purpose: who recorded it, when, how; withdrawn or not."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    given_on = models.DateField(_("given on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    # A scan of the signed form, if any (kept under the data folder, never served publicly).
    document = models.FileField(_("signed form (scan)"), upload_to="privacy/consents/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.given_on}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None


def _days(label: Any) -> models.PositiveIntegerField:  # type: ignore[type-arg]
    return models.PositiveIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MaxValueValidator(36500)],
        help_text=_("Empty: the platform default. 0: never delete."),
    )


class RetentionPolicy(models.Model):
    """How long an organisation keeps what it no longer needs; empty = the platform default."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="retention")
    raw_upload_days = _days(_("delete kept uploaded files after (days)"))
    invitation_days = _days(_("delete the invitations of closed campaigns after (days)"))
    audit_days = _days(_("delete audit entries after (days)"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention settings")
        verbose_name_plural = _("retention settings")

    def __str__(self) -> str:
        return f"{self.organisation} retention"
