from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portevoix.web.forms import CleanTextMixin, Form

from . import throttle


def locked_message(until: Any) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many failed attempts. For your security, this account is locked from your address for "
        "%(minutes)d minute.",
        "Too many failed attempts. For your security, this account is locked from your address for "
        "%(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


class LockoutAuthenticationForm(CleanTextMixin, AuthenticationForm):
    """Django's login form, with a clear message when the account is locked for this address."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        key = throttle.login_key(username, self.request)
        until = throttle.locked_until(throttle.LOGIN, key) if username else None
        if until is not None:
            raise ValidationError(locked_message(until), code="locked")
        try:
            return super().clean()
        except ValidationError:
            until = throttle.locked_until(throttle.LOGIN, key) if username else None
            if until is not None:
                raise ValidationError(locked_message(until), code="locked") from None
            raise


class CodeForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class DisableForm(Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("A code from your app or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
