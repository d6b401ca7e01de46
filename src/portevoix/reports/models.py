"""Generated reports (board pack, leader report, progress report) and the organisation's slide template.

Files live in the ``reports`` storage (``PORTEVOIX_REPORTS_DIR`` on the local disk, or S3; outside
any served folder) under a random name and are only served by a view that checks who may read them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portevoix.tenancy.models import LANGUAGE_CHOICES, Organisation, Person


class Report(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", _("Codir board pack")
        LEADER = "leader", _("Individual leader report")
        PROGRESS = "progress", _("Progress report")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        PPTX = "pptx", "PowerPoint"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("report"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("leader"),
    )
    # The scope: the campaign asked for (None: the default one), then what the report used.
    campaign = models.ForeignKey(
        "assessments.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    scope = models.TextField(_("scope"), blank=True)
    campaign_name = models.CharField(max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100, for the progress bar
    # How many times a worker started it: a second crash fails it (see services.reports_resume).
    attempts = models.PositiveSmallIntegerField(default=0)
    stored_file = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Parts the organisation's data could not fill, as sentences in the report's language.
    missing = models.JSONField(default=list, blank=True)
    # Ids of the people the report names (found in its text when it is made); empty for a report
    # made before this was recorded, which may name anybody. Erasing one of them deletes it.
    mentions = models.JSONField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_format_display()} · {self.language}"

    @property
    def filename(self) -> str:
        stamp = self.created_at.strftime("%Y-%m-%d") if self.created_at else "report"
        subject = f"-{self.person.pk}" if self.person_id and self.person else ""
        scope = slugify(self.campaign_name)[:40].strip("-")
        scope = f"-{scope}" if scope else ""
        return (
            f"porte-voix-{self.organisation.slug}-{self.kind}{subject}{scope}-{self.language}-{stamp}"
            f".{self.format}"
        )


class SlideTemplate(models.Model):
    """The organisation's own PowerPoint template (its theme, masters and layouts) for slide decks."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="slide_template")
    filename = models.CharField(_("file"), max_length=200)
    stored_file = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("slide template")
        verbose_name_plural = _("slide templates")

    def __str__(self) -> str:
        return self.filename
