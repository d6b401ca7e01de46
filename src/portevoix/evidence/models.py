"""Observed activity, stored as narrow rows keyed by (organisation, person, day).

``person`` empty means the company itself (its page). Natural keys make imports idempotent:
importing the same archive again, or a newer one that overlaps, adds nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.core.evidence.records import Kind, Network
from portevoix.tenancy.models import Organisation, Person

NETWORK_CHOICES = [(n.value, n.value) for n in Network]
KIND_CHOICES = [(k.value, k.value) for k in Kind]


class EvidenceImport(models.Model):
    """One imported export, with its report (counts, skipped files, problems)."""

    class Source(models.TextChoices):
        LINKEDIN = "linkedin", _("LinkedIn archive")
        LINKEDIN_CREATOR = "linkedin-creator", _("LinkedIn creator analytics")
        LINKEDIN_PAGE = "linkedin-page", _("LinkedIn page analytics")
        X = "x", _("X archive")
        MASTODON = "mastodon", _("Mastodon archive")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Imported")
        CHECKED = "checked", _("Checked (nothing written)")
        FAILED = "failed", _("Refused")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="evidence_imports")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence_imports"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100, for the progress bar
    # How many times a worker started it: a second crash fails it (see evidence_imports_resume).
    attempts = models.PositiveSmallIntegerField(default=0)
    dry_run = models.BooleanField(_("check only"), default=False)
    # The uploaded file waits here for the worker; deleted after the import unless kept.
    stored_file = models.CharField(max_length=64, blank=True)
    keep_file = models.BooleanField(_("keep the uploaded file"), default=False)
    report = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evidence import")
        verbose_name_plural = _("evidence imports")

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.filename}"


class Activity(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    network = models.CharField(max_length=10, choices=NETWORK_CHOICES)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    key = models.CharField(max_length=255)
    at = models.DateTimeField()
    day = models.DateField()
    text = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    target = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=8, blank=True)
    reaction_type = models.CharField(max_length=20, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    source_import = models.ForeignKey(EvidenceImport, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["organisation", "person", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "network", "kind", "key"],
                condition=models.Q(person__isnull=False),
                name="activity_unique_per_person",
            ),
            models.UniqueConstraint(
                fields=["organisation", "network", "kind", "key"],
                condition=models.Q(person__isnull=True),
                name="activity_unique_per_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.kind} {self.at:%Y-%m-%d}"


class Connection(models.Model):
    """A first-degree connection (no name, no contact details): network size and growth."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    network = models.CharField(max_length=10, choices=NETWORK_CHOICES)
    key = models.CharField(max_length=255)
    connected_on = models.DateField()
    company = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "person", "connected_on"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "network", "key"], name="connection_unique_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.network} connection {self.connected_on}"


class DailyActivity(models.Model):
    """Per person (or company) and day: how many posts, reposts, comments, reactions, articles.
    Updated at import so dashboards read this small table instead of every activity."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    network = models.CharField(max_length=10, choices=NETWORK_CHOICES)
    day = models.DateField()
    posts = models.PositiveIntegerField(default=0)
    reposts = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    reactions = models.PositiveIntegerField(default=0)
    articles = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["organisation", "person", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "network", "day"],
                condition=models.Q(person__isnull=False),
                name="daily_activity_unique_per_person",
            ),
            models.UniqueConstraint(
                fields=["organisation", "network", "day"],
                condition=models.Q(person__isnull=True),
                name="daily_activity_unique_per_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.day}"


class DailyMetric(models.Model):
    """A number per day from analytics exports (impressions, engagements, new followers…)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    network = models.CharField(max_length=10, choices=NETWORK_CHOICES)
    day = models.DateField()
    metric = models.CharField(max_length=80)
    value = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "person", "day"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "network", "metric", "day"],
                condition=models.Q(person__isnull=False),
                name="daily_metric_unique_per_person",
            ),
            models.UniqueConstraint(
                fields=["organisation", "network", "metric", "day"],
                condition=models.Q(person__isnull=True),
                name="daily_metric_unique_per_company",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.day}"


class ProfileSnapshot(models.Model):
    """What a profile looked like in an export (headline, positions, counts), kept per import."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    network = models.CharField(max_length=10, choices=NETWORK_CHOICES)
    taken_at = models.DateTimeField()
    data = models.JSONField(default=dict)
    source_import = models.ForeignKey(EvidenceImport, on_delete=models.CASCADE, related_name="snapshots")

    class Meta:
        ordering = ["-taken_at"]

    def __str__(self) -> str:
        return f"{self.network} profile {self.taken_at:%Y-%m-%d}"


class ManualEntry(models.Model):
    """Figures typed in because no export gives them: LinkedIn SSI, employer reviews, followers."""

    class Kind(models.TextChoices):
        SSI = "ssi", _("Social Selling Index")
        REVIEW = "review", _("Employer reviews")
        FOLLOWERS = "followers", _("Followers")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date"))
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-created_at"]
        indexes = [models.Index(fields=["organisation", "person", "kind", "on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"
