"""Counting failed attempts in the database, shared by every process.

``N`` failures of one key within ``window`` seconds lock the key for ``lockout`` seconds. The
counter row is locked while it is updated (``select_for_update``), so concurrent requests in
several processes count every failure.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import Throttle

LOGIN = "login"
TOKEN = "token"
OTP = "otp"


@dataclass(frozen=True)
class Policy:
    max_failures: int
    window: int  # seconds
    lockout: int  # seconds


def policy(scope: str) -> Policy:
    if scope == TOKEN:
        return Policy(
            settings.PORTEVOIX_TOKEN_MAX_FAILURES,
            settings.PORTEVOIX_TOKEN_WINDOW,
            settings.PORTEVOIX_TOKEN_LOCKOUT,
        )
    return Policy(
        settings.PORTEVOIX_LOGIN_MAX_FAILURES,
        settings.PORTEVOIX_LOGIN_WINDOW,
        settings.PORTEVOIX_LOGIN_LOCKOUT,
    )


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the last X-Forwarded-For hop."""
    if request is None:
        return ""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return str(request.META.get("REMOTE_ADDR", ""))


def make_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def locked_until(scope: str, key: str) -> datetime.datetime | None:
    """When the key's lock ends, or None if it is not locked now."""
    found = Throttle.objects.filter(scope=scope, key=key, locked_until__gt=timezone.now()).first()
    return found.locked_until if found is not None else None


def record_failure(scope: str, key: str) -> datetime.datetime | None:
    """Count one failure; returns the end of the lock if this failure (or an earlier one) locked the key."""
    rules = policy(scope)
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                row = Throttle.objects.select_for_update().filter(scope=scope, key=key).first()
                if row is None:
                    row = Throttle.objects.create(scope=scope, key=key, failures=0, window_start=now)
                if row.locked_until is not None and row.locked_until > now:
                    return row.locked_until
                if row.window_start + datetime.timedelta(seconds=rules.window) <= now or row.locked_until:
                    row.failures, row.window_start, row.locked_until = 0, now, None
                row.failures += 1
                if row.failures >= rules.max_failures:
                    row.locked_until = now + datetime.timedelta(seconds=rules.lockout)
                row.save(update_fields=["failures", "window_start", "locked_until"])
                return row.locked_until
        except IntegrityError:
            continue  # another process created the row first: count on it
    return None


def purge(now: datetime.datetime | None = None) -> int:
    """Delete the counters that no longer count: unlocked, and their window over. They hold hashes
    of an address and an account, so they are not kept longer than they serve."""
    now = now or timezone.now()
    longest = max(policy(scope).window for scope in (LOGIN, TOKEN, OTP))
    stale = Throttle.objects.filter(window_start__lte=now - datetime.timedelta(seconds=longest)).exclude(
        locked_until__gt=now
    )
    return stale.delete()[0]


def clear(scope: str, key: str) -> None:
    Throttle.objects.filter(scope=scope, key=key).delete()


def login_key(username: str, request: HttpRequest | None) -> str:
    return make_key(LOGIN, username.strip().lower(), client_ip(request))
