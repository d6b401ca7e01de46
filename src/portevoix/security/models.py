"""Security state kept in the database, so that every web process and worker shares it:
failed-attempt counters (login, questionnaire links, second factor) and second-factor devices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Throttle(models.Model):
    """Failed attempts for one key (a hash of the account and address, or of the address) in one scope."""

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)  # sha256 hex: no e-mail address or IP stored in clear
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="security_throttle_unique")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key[:8]} ({self.failures})"


class TOTPDevice(models.Model):
    """A user's authenticator app: confirmed once a code from it was typed in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=-1)  # the last time step used: a code works once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("two-factor device")

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class RecoveryCode(models.Model):
    """A single-use code to log in without the authenticator app (stored hashed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery {self.user_id}"
