"""The usage map (who is present where, per axis and network) and the buyer personas."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.core import vocabulary
from portevoix.tenancy.models import Organisation, Person, ProfileURLField

TEXT_LIMIT = 2000  # notes and persona sections: a few paragraphs, not a document


def _choices(labels: dict[str, str]) -> list[tuple[str, Any]]:
    return [(key, _(label)) for key, label in labels.items()]


AXIS_CHOICES = _choices(vocabulary.AXES)
NETWORK_CHOICES = _choices(vocabulary.NETWORKS)
STATUS_CHOICES = _choices(vocabulary.PRESENCE_STATUSES)

# Column headings of the grid: the catalogue's labels are sentences.
AXIS_SHORT_LABELS: dict[str, Any] = {
    "company": _("Company"),
    "customers": _("Customers"),
    "competition": _("Competition"),
    "talent": _("Talent"),
}


def validate_networks(value: Any) -> None:
    if not isinstance(value, list) or any(item not in vocabulary.NETWORKS for item in value):
        raise ValidationError(_("Unknown network."))


def validate_axes(value: Any) -> None:
    if not isinstance(value, list) or any(item not in vocabulary.AXES for item in value):
        raise ValidationError(_("Unknown axis."))


def _long_text(label: Any, **kwargs: Any) -> models.TextField[str, str]:
    # A TextField's max_length only reaches the form: the validator also guards services.
    return models.TextField(
        label, blank=True, max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)], **kwargs
    )


class UsageEntry(models.Model):
    """One cell of the usage map: a subject's presence on one network for one axis.

    ``person`` is a codir member, or empty for the company itself. A cell without an entry is
    "not recorded", which differs from "absent".
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="usage_entries")
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="usage_entries",
        verbose_name=_("codir member"),
        help_text=_("Leave empty for the company itself."),
    )
    axis = models.CharField(_("axis"), max_length=20, choices=AXIS_CHOICES)
    network = models.CharField(_("network"), max_length=30, choices=NETWORK_CHOICES)
    status = models.CharField(_("presence"), max_length=12, choices=STATUS_CHOICES)
    owner = models.CharField(
        _("run by"),
        max_length=200,
        blank=True,
        help_text=_("Who looks after it: the communication department, an agency, themself…"),
    )
    url = ProfileURLField(_("address"), max_length=500, blank=True)
    notes = _long_text(_("notes"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("usage map entry")
        verbose_name_plural = _("usage map entries")
        constraints = [
            # NULL is never equal to NULL in a unique index: the company's cells need their own.
            models.UniqueConstraint(
                fields=["organisation", "axis", "network"],
                condition=models.Q(person__isnull=True),
                name="usage_entry_unique_company_cell",
                violation_error_message=_("This cell of the company's map is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "person", "axis", "network"],
                condition=models.Q(person__isnull=False),
                name="usage_entry_unique_person_cell",
                violation_error_message=_("This cell of the member's map is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        subject = self.person.full_name if self.person else self.organisation.name
        return f"{subject} · {self.get_axis_display()} · {self.get_network_display()}"

    def clean(self) -> None:
        if self.person_id and self.person and self.person.organisation_id != self.organisation_id:
            raise ValidationError({"person": _("This person belongs to another organisation.")})


class Persona(models.Model):
    """A buyer persona: the portrait of a fictional ideal customer, to aim communication."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("For instance: purchasing manager at an automotive supplier."),
    )
    description = models.CharField(_("short description or role"), max_length=300, blank=True)
    goals = _long_text(_("goals"), help_text=_("What they want to achieve in their job."))
    habits = _long_text(
        _("habits"), help_text=_("How they keep informed, what they read, where and when they are online.")
    )
    needs = _long_text(_("needs"), help_text=_("What they expect from a supplier like you."))
    problems = _long_text(
        _("problems and pain points"), help_text=_("What gets in their way or worries them.")
    )
    channels = models.JSONField(_("channels"), default=list, blank=True, validators=[validate_networks])
    axes = models.JSONField(_("axes of presence"), default=list, blank=True, validators=[validate_axes])
    notes = _long_text(_("notes"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("buyer persona")
        verbose_name_plural = _("buyer personas")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="persona_unique_name_per_organisation",
                violation_error_message=_("This organisation already has a persona with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def channel_labels(self) -> list[str]:
        labels = dict(NETWORK_CHOICES)
        return [str(labels[n]) for n in self.channels if n in labels]

    def axis_labels(self) -> list[str]:
        return [str(AXIS_SHORT_LABELS[a]) for a in self.axes if a in AXIS_SHORT_LABELS]
