"""Tenants (organisations), the people they assess, and who may see what."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portevoix.core import vocabulary
from portevoix.core.profile import OrganisationProfile


def _choices(labels: dict[str, str]) -> list[tuple[str, Any]]:
    return [(key, _(label)) for key, label in labels.items()]


SECTOR_CHOICES = _choices(vocabulary.SECTORS)
SIZE_BAND_CHOICES = _choices(vocabulary.SIZE_BANDS)
MARKET_CHOICES = _choices(vocabulary.MARKETS)
PRIORITY_CHOICES = _choices(vocabulary.PRIORITIES)
LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_priorities(value: Any) -> None:
    if not isinstance(value, list) or any(item not in vocabulary.PRIORITIES for item in value):
        raise ValidationError(_("Unknown strategic priority."))


class ProfileURLField(models.URLField):  # type: ignore[type-arg]
    """A URL whose form field completes "linkedin.com/in/…" as https (people paste it bare)."""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class Organisation(models.Model):
    slug = models.SlugField(_("short name in addresses"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=40, choices=SECTOR_CHOICES)
    size_band = models.CharField(_("size"), max_length=20, choices=SIZE_BAND_CHOICES)
    market = models.CharField(_("market"), max_length=10, choices=MARKET_CHOICES)
    priorities = models.JSONField(
        _("strategic priorities"), default=list, blank=True, validators=[validate_priorities]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr"
    )
    # The maturity model new campaigns use; empty: the newest global version. A campaign keeps
    # the version it was created with, whatever is chosen or published later.
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("maturity framework"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def profile(self) -> OrganisationProfile:
        return OrganisationProfile(
            sector=self.sector,
            size_band=self.size_band,
            market=self.market,
            priorities=frozenset(self.priorities),
        )

    def priority_labels(self) -> list[str]:
        labels = dict(PRIORITY_CHOICES)
        return [str(labels[p]) for p in self.priorities if p in labels]


class Person(models.Model):
    """Someone whose maturity is assessed: a codir member or another employee."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("role or title"), max_length=200, blank=True)
    is_codir = models.BooleanField(_("member of the executive committee"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    linkedin_url = ProfileURLField(_("LinkedIn profile"), blank=True)
    x_url = ProfileURLField(_("X profile"), blank=True)
    mastodon_url = ProfileURLField(_("Mastodon profile"), blank=True)
    website_url = ProfileURLField(_("website or blog"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("Leave empty to use the organisation's default language."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_codir", "full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=~models.Q(email=""),
                name="person_unique_email_per_organisation",
                violation_error_message=_("Someone in this organisation already has this e-mail."),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def social_profiles(self) -> list[tuple[str, str]]:
        pairs = [
            ("LinkedIn", self.linkedin_url),
            ("X", self.x_url),
            ("Mastodon", self.mastodon_url),
            (str(_("Website")), self.website_url),
        ]
        return [(label, url) for label, url in pairs if url]

    @property
    def effective_language(self) -> str:
        return self.language or self.organisation.default_language


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    CONSULTANT = "consultant", _("Consultant")
    CODIR_MEMBER = "codir_member", _("Codir member")
    RESPONDENT = "respondent", _("Respondent")


class Membership(models.Model):
    """A user's role in one organisation (a consultant has one per client organisation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("person in the organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.person_id and self.person and self.person.organisation_id != self.organisation_id:
            raise ValidationError({"person": _("This person belongs to another organisation.")})


class MemberInvitation(models.Model):
    """An offer of a role in an organisation, sent to an e-mail address.

    The membership exists only once the person accepts: an organisation admin can neither attach
    somebody's account to their organisation nor learn whether the address has an account
    (review 2026-12, F16).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_invitations"
    )
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="member_invitations",
        verbose_name=_("person in the organisation"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access invitation")
        verbose_name_plural = _("access invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(status="pending"),
                name="member_invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.organisation} · {self.get_role_display()}"
