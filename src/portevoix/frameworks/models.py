"""Stored framework versions. A version is immutable: a campaign keeps the one it started with."""

from __future__ import annotations

from functools import cached_property

from django.db import models
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-created_at"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="framework_unique_version")]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    @cached_property
    def framework(self) -> Framework:
        # Stored content was validated when it was saved; re-reading it is cheap and typed.
        return Framework.model_validate(self.content)

    @property
    def version_tuple(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))
