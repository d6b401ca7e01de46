"""Second factor: enrol an authenticator app, check its codes and the recovery codes."""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

import segno
from django.db import transaction
from django.utils import timezone

from portevoix.core import totp
from portevoix.tenancy.models import Membership, Role

from .models import RecoveryCode, TOTPDevice

ISSUER = "Porte-voix"
RECOVERY_CODES = 10


def may_use_two_factor(user: Any) -> bool:
    """Two-factor authentication is offered to platform staff, organisation admins and consultants."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=[Role.ORG_ADMIN, Role.CONSULTANT]).exists()


def has_two_factor(user: Any) -> bool:
    return bool(user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def start_enrolment(user: Any) -> TOTPDevice:
    """A new, unconfirmed secret (replacing an unconfirmed one); a confirmed device stays as it is."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": totp.new_secret()})
    if not device.confirmed and not _created:
        device.secret = totp.new_secret()
        device.last_step = -1
        device.save(update_fields=["secret", "last_step"])
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The QR code of the provisioning URI, as inline SVG (made here, nothing leaves the server)."""
    uri = totp.provisioning_uri(device.secret, account=device.user.get_username(), issuer=ISSUER)
    return str(segno.make(uri, error="m").svg_inline(scale=5, dark="#1f2933", light="#ffffff"))


def verify_code(device: TOTPDevice, code: str) -> bool:
    """True when ``code`` is the current code of the device and was not used before."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        step = totp.matching_step(locked.secret, code, time.time(), after_step=locked.last_step)
        if step is None:
            return False
        locked.last_step = step
        locked.save(update_fields=["last_step"])
    device.last_step = step
    return True


def _hash(code: str) -> str:
    return hashlib.sha256(
        code.replace("-", "").replace(" ", "").lower().encode("ascii", "ignore")
    ).hexdigest()


def new_recovery_codes(user: Any) -> list[str]:
    """Ten fresh single-use codes (the old ones stop working); shown once, stored hashed."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _index in range(RECOVERY_CODES)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(code)) for code in codes)
    return codes


def use_recovery_code(user: Any, code: str) -> bool:
    with transaction.atomic():
        found = (
            RecoveryCode.objects.select_for_update()
            .filter(user=user, code_hash=_hash(code), used_at__isnull=True)
            .first()
        )
        if found is None:
            return False
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
    return True


def confirm_enrolment(device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a code from its app: the recovery codes, or None for a wrong code."""
    if not verify_code(device, code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


def disable(user: Any) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


def remaining_recovery_codes(user: Any) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
