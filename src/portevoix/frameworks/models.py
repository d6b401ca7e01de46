"""Stored framework versions. A version is immutable: a campaign keeps the one it started with."""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portevoix.core.framework import Framework


class FrameworkVersion(models.Model):
    class Source(models.TextChoices):
        SHIPPED = "shipped", _("Shipped with Porte-voix")
        UPLOADED = "uploaded", _("Loaded by a user")

    key = models.CharField(_("key"), max_length=64)
    version = models.CharField(_("version"), max_length=20)
    name = models.JSONField(_("name"))
    content = models.JSONField(_("content"))
    checksum = models.CharField(max_length=64)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SHIPPED)
    # Empty: a global version, offered to every organisation (published by platform admins only).
    # Set: published by a consultant for one organisation they serve, seen only there.
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="framework_versions",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-created_at"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            # An organisation's own version never blocks a later global one with the same number.
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=models.Q(organisation__isnull=True),
                name="framework_unique_global_version",
            ),
            models.UniqueConstraint(
                fields=["organisation", "key", "version"],
                condition=models.Q(organisation__isnull=False),
                name="framework_unique_organisation_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    def get_absolute_url(self) -> str:
        url = reverse("frameworks:framework.detail", kwargs={"key": self.key, "version": self.version})
        if self.organisation is not None:
            url += "?" + urlencode({"organisation": self.organisation.slug})
        return url

    @cached_property
    def framework(self) -> Framework:
        # Stored content was validated when it was saved; re-reading it is cheap and typed.
        return Framework.model_validate(self.content)

    @property
    def version_tuple(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))
