"""An organisation's roadmap: actions by phase, gates and their overrides, KPI readings, risks,
milestones and the history of every change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.core import vocabulary
from portevoix.core.roadmap import plan
from portevoix.tenancy.models import Organisation, Person

TEXT_LIMIT = 2000
PHASE_CHOICES = [(key, _(label)) for key, label in vocabulary.PHASES.items()]


class Status(models.TextChoices):
    NOT_STARTED = plan.NOT_STARTED, _("Not started")
    IN_PROGRESS = plan.IN_PROGRESS, _("In progress")
    DONE = plan.DONE, _("Done")
    BLOCKED = plan.BLOCKED, _("Blocked")


class KpiUnit(models.TextChoices):
    PERCENT = "percent", _("percent")
    COUNT = "count", _("count")
    SCORE = "score", _("score")
    BOOLEAN = "boolean", _("yes (1) or no (0)")
    DAYS = "days", _("days")


def _text(label: Any) -> models.TextField[str, str]:
    return models.TextField(
        label, blank=True, max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )


class Roadmap(models.Model):
    """One per organisation. The executive sponsor is a codir member of the organisation."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="roadmap")
    sponsor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("executive sponsor"),
    )
    start_date = models.DateField(_("start date"))
    library_version = models.CharField(max_length=20, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self) -> str:
        return f"{self.organisation} · {_('roadmap')}"


class Action(models.Model):
    """One action. ``key`` ties it to the library (empty for an action added by hand); ``title``
    and ``description`` empty mean "the library's, in the reader's language"; ``edited`` is set by
    any manual change, so that a regeneration keeps it."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="actions")
    key = models.CharField(max_length=64, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=PHASE_CHOICES)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = _text(_("description"))
    accountable = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountable_actions",
        verbose_name=_("accountable codir member"),
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    effort_days = models.DecimalField(
        _("effort (person-days)"),
        max_digits=7,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    dependencies = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents", verbose_name=_("depends on")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent_done = models.PositiveSmallIntegerField(
        _("% done"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    done_on = models.DateField(null=True, blank=True)
    kpi_label = models.CharField(_("KPI"), max_length=200, blank=True)
    kpi_key = models.CharField(max_length=64, blank=True)
    kpi_unit = models.CharField(_("KPI unit"), max_length=10, choices=KpiUnit.choices, default=KpiUnit.COUNT)
    kpi_target = models.DecimalField(_("KPI target"), max_digits=12, decimal_places=2, null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    edited = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["roadmap", "phase", "position"])]

    def __str__(self) -> str:
        return self.title or self.key


class KpiReading(models.Model):
    """A dated value of an action's KPI (the actual, to compare with the target over time)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="readings")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("KPI reading")
        verbose_name_plural = _("KPI readings")

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"


class GateOverride(models.Model):
    """Someone opened a phase's gate before its criteria were met: who, when and why (audit trail)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="overrides")
    phase = models.CharField(_("phase"), max_length=20, choices=PHASE_CHOICES)
    reason = models.TextField(_("reason"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)])
    pending = models.JSONField(default=list, blank=True)  # what was still missing when it was opened
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("gate override")
        verbose_name_plural = _("gate overrides")

    def __str__(self) -> str:
        return f"{self.phase} · {self.by_name}"


class Risk(models.Model):
    class Level(models.IntegerChoices):
        LOW = 1, _("low")
        MEDIUM = 2, _("medium")
        HIGH = 3, _("high")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("risk"), max_length=200)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), choices=Level.choices, default=Level.MEDIUM
    )
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level.choices, default=Level.MEDIUM)
    mitigation = _text(_("mitigation"))
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-likelihood", "-impact", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    @property
    def severity(self) -> int:
        return int(self.likelihood) * int(self.impact)


class Milestone(models.Model):
    """A date at which the codir gets a short progress summary (generated at each phase exit)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    date = models.DateField(_("date"))
    phase = models.CharField(_("phase"), max_length=20, choices=PHASE_CHOICES, blank=True)
    generated = models.BooleanField(default=False)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Change(models.Model):
    """One entry of the history: who changed what, when. ``details``: field → [before, after]."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="changes")
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    subject = models.CharField(max_length=200)  # the action's title at the time (kept after a removal)
    verb = models.CharField(max_length=30)
    details = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")

    def __str__(self) -> str:
        return f"{self.verb} · {self.subject}"
