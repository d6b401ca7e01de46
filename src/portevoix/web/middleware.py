"""Language choice: the user's explicit choice (cookie), otherwise French.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers here
send English; the product's users expect French unless they ask otherwise
(docs/decisions/0003-language-choice.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class RequestMetricsMiddleware:
    """Times every request for the ``portevoix_request_duration_seconds`` metric, by route name
    (never by raw path: tokens and ids would make the series endless)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .operations import REQUEST_SECONDS

        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        view = (match.view_name or "unnamed") if match is not None else "unmatched"
        REQUEST_SECONDS.labels(view, request.method or "", f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response
