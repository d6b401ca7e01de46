"""What leaders said that reveals an objection, a barrier or a trigger, and each organisation's
own catalogue additions (entries and example phrasings, including the admins' corrections)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.assessments.models import Campaign, Response
from portevoix.tenancy.models import LANGUAGE_CHOICES, Organisation, Person

KIND_CHOICES = [
    ("objection", _("Objection")),
    ("barrier", _("Barrier")),
    ("trigger", _("Trigger")),
]
NEUTRAL = "__neutral__"
identifier_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Lowercase letters, digits and underscores, starting with a letter."),
)


class Detection(models.Model):
    """One catalogue entry recognised in one answer of a leader (self-assessment)."""

    class Source(models.TextChoices):
        TEXT = "text", _("Free-text answer")
        CHOICE = "choice", _("Choice in the questionnaire")

    class Status(models.TextChoices):
        DETECTED = "detected", _("To review")
        CONFIRMED = "confirmed", _("Confirmed")
        CORRECTED = "corrected", _("Corrected")
        REJECTED = "rejected", _("Not an objection")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="objection_detections")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, null=True, blank=True, related_name="objection_detections"
    )
    question_id = models.CharField(max_length=64)
    source = models.CharField(max_length=10, choices=Source.choices)
    text = models.TextField()
    language = models.CharField(max_length=2, blank=True)
    signal = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    confidence = models.FloatField()
    closest = models.JSONField(default=list, blank=True)
    # below the classifier's review threshold: only a lead, "to check", never counted as a finding
    # until someone confirms it
    to_check = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DETECTED)
    corrected_signal = models.CharField(max_length=64, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confidence", "pk"]
        verbose_name = _("detection")
        verbose_name_plural = _("detections")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id", "signal"], name="detection_unique_per_answer"
            )
        ]
        indexes = [models.Index(fields=["organisation", "person"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.effective_signal or '—'}"

    @property
    def effective_signal(self) -> str:
        """The entry this answer stands for once reviewed ("" when rejected)."""
        if self.status == self.Status.REJECTED:
            return ""
        if self.status == self.Status.CORRECTED:
            return self.corrected_signal
        return self.signal

    @property
    def reviewed(self) -> bool:
        return self.status != self.Status.DETECTED

    @property
    def is_finding(self) -> bool:
        """Counted in profiles, the codir view, the roadmap and reports: not rejected, and either
        confident enough or confirmed by someone."""
        if self.status == self.Status.REJECTED:
            return False
        return not (self.to_check and self.status == self.Status.DETECTED)


class OrgEntry(models.Model):
    """An objection, barrier or trigger that only this organisation's catalogue has."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("identifier"), max_length=64, validators=[identifier_validator])
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    advice_fr = models.TextField(_("answer to prepare (French)"), blank=True)
    advice_en = models.TextField(_("answer to prepare (English)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("organisation entry")
        verbose_name_plural = _("organisation entries")
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="org_entry_unique_key")]

    def __str__(self) -> str:
        return self.key

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_fr

    def advice(self, language: str) -> str:
        return (self.advice_en if language == "en" else self.advice_fr) or self.advice_fr or self.advice_en


class OrgExample(models.Model):
    """An example phrasing the classifier uses for this organisation only: added by a consultant
    or kept from an admin's review of a detection (``signal`` NEUTRAL: "not an objection")."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Added by hand")
        REVIEW = "review", _("Kept from a review")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    signal = models.CharField(max_length=64)
    text = models.CharField(_("phrasing"), max_length=500)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signal", "pk"]
        verbose_name = _("organisation example")
        verbose_name_plural = _("organisation examples")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "signal", "text"], name="org_example_unique")
        ]

    def __str__(self) -> str:
        return self.text
