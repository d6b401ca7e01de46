"""Content-Security-Policy on every response, no caching of downloads, and the second factor
enforced on every request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from .models import TOTPDevice

VERIFIED = "portevoix_2fa_verified"


class ContentSecurityPolicyMiddleware:
    """Adds ``settings.PORTEVOIX_CSP`` (nothing inline, all from this site) unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.PORTEVOIX_CSP
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's debug error pages are inline HTML, CSS and JavaScript
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


PRIVATE = "private, no-store"


class PrivateDownloadsMiddleware:
    """``Cache-Control: private, no-store`` on every download (a results export, a privacy ZIP, a
    report, a roadmap or business-case file) and every API answer: they hold personal data that
    no shared cache, and no browser cache on a shared computer, may keep. One rule here rather
    than a header in each view, so a new export cannot forget it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.headers.get("Content-Disposition", "")
        if disposition.lower().startswith("attachment") or request.path_info.startswith("/api/"):
            response.headers["Cache-Control"] = PRIVATE
        return response


class TwoFactorMiddleware:
    """A session of a user who enabled two-factor authentication counts only once the code was given.

    Logging in goes through the code step; any other session of such a user (opened before the
    second factor was enabled, or by a path that skipped the step) is logged out, so the request
    goes on as anonymous: pages redirect to the login, the API answers 401, the admin asks to log in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(VERIFIED)
            and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
        ):
            logout(request)
        return self.get_response(request)
