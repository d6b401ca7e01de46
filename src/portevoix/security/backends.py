"""Django's model backend with a lockout: failed passwords are counted per account and address
(in the database, so across processes), and a locked account is refused even with the right password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from . import throttle


class LockoutModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get("email") or kwargs.get("username")
        if not username or password is None:
            return None
        key = throttle.login_key(username, request)
        if throttle.locked_until(throttle.LOGIN, key) is not None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(throttle.LOGIN, key)
        else:
            throttle.clear(throttle.LOGIN, key)
        return user
