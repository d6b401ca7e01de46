"""Business cases of an organisation (created from a template, then edited) and their actuals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import Organisation


class BusinessCase(models.Model):
    """A business case: its definition is the validated content of a case file (same keys as the
    YAML templates, see docs/business-case.md), stored as JSON."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="business_cases")
    name = models.CharField(_("name"), max_length=200)
    template = models.CharField(_("template"), max_length=64, blank=True)
    definition = models.JSONField(_("definition"))
    simulations = models.PositiveIntegerField(_("simulations"), default=10_000)
    seed = models.PositiveIntegerField(_("seed"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")

    def __str__(self) -> str:
        return self.name


class Actual(models.Model):
    """The actual value of a driver (an input of the case) in one period (0 = initial)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("typed in")
        EVIDENCE = "evidence", _("activity data")

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="actuals")
    input_id = models.CharField(_("driver"), max_length=64)
    period = models.PositiveSmallIntegerField(_("period"))
    value = models.DecimalField(_("actual value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["input_id", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_case", "input_id", "period"], name="actual_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.input_id}[{self.period}] = {self.value}"
