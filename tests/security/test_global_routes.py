"""Every URL outside /o/<org_slug>/ × every role: who may open it, and what the others get.

Routes are read from the URL configuration (the organisation pages are in
tests/tenancy/test_isolation.py, the JSON API in test_api_matrix.py), so a new page fails
``test_every_global_route_has_expectations`` until its expected access is written here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portevoix.frameworks.selectors import framework_latest
from portevoix.testing.tenants import Tenants

OK, REDIRECT, MOVED, DENY, HIDE, POST_ONLY, UNAVAILABLE = 200, 302, 301, 403, 404, 405, 503
ROLES = ["owner", "consultant", "codir", "respondent", "outsider", "platform_admin", "anonymous"]


def _everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def _members(status: int) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, status), "anonymous": REDIRECT}


CREATORS = {**_members(DENY), "consultant": OK, "platform_admin": OK}
# the people who may turn on two-factor authentication: admins, consultants and staff
TWO_FACTOR = {**_members(OK), "codir": DENY, "respondent": DENY}

# route name (or path for unnamed routes) → expected status of a GET for each role
EXPECTED: dict[str, dict[str, int]] = {
    "web:home": {**_members(REDIRECT), "consultant": OK, "platform_admin": OK},
    "web:healthz": _everyone(UNAVAILABLE),  # no background worker runs in this test (tests/web)
    "web:metrics": _everyone(HIDE),  # PORTEVOIX_METRICS_TOKEN unset: no such page
    "web:set_language": _everyone(REDIRECT),  # a GET changes nothing and goes back
    "web:vega_bundle": _everyone(OK),
    "favicon.ico": _everyone(MOVED),
    "admin/login/": {**_members(DENY), "platform_admin": REDIRECT},
    "login": {**_everyone(REDIRECT), "anonymous": OK},
    "login_verify": _everyone(REDIRECT),  # without a password step first: back to the login
    "two_factor": TWO_FACTOR,
    "logout": _everyone(POST_ONLY),
    "password_change": _members(OK),
    "password_change_done": _members(OK),
    "password_reset": _everyone(OK),
    "password_reset_done": _everyone(OK),
    "password_reset_confirm": _everyone(OK),  # a wrong link shows "this link is not valid"
    "password_reset_complete": _everyone(OK),
    "frameworks:framework.list": _members(OK),
    "frameworks:framework.upload": CREATORS,
    "frameworks:framework.detail": _members(OK),
    "organisations:organisation.create": CREATORS,
    "questionnaire:answer": _everyone(HIDE),  # a made-up token
    "invitations:open": _everyone(HIDE),  # a made-up token
    # answering one's own invitation is a POST; nobody has one with this id
    "invitations:answer": {**_members(POST_ONLY)},
    # the API's documentation is public; its endpoints are in test_api_matrix.py
    "api:openapi-json": _everyone(OK),
    "api:openapi-view": _everyone(OK),
}
API_ENDPOINTS = {"api:campaigns", "api:campaign", "api:scorecards", "api:figures", "api:api-root"}


def _global_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/"):
                    continue  # Django's admin: staff only, its own checks (and tested via admin/login/)
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith("o/<slug:org_slug>/"):
                names.add(f"{namespace}{pattern.name}" if pattern.name else route)

    walk(get_resolver().url_patterns, "", "")
    return names - API_ENDPOINTS


def _url(route: str) -> str:
    if "/" in route or route.endswith(".ico"):
        return "/" + route
    if route == "password_reset_confirm":
        return reverse(route, kwargs={"uidb64": "MQ", "token": "set-password"})
    if route == "frameworks:framework.detail":
        version = framework_latest()
        assert version is not None
        return reverse(route, kwargs={"key": version.key, "version": version.version})
    if route in ("questionnaire:answer", "invitations:open"):
        return reverse(route, kwargs={"token": "made-up-token"})
    if route == "invitations:answer":
        return reverse(route, kwargs={"pk": 1})
    return reverse(route)


def test_every_global_route_has_expectations() -> None:
    assert _global_routes() == set(EXPECTED)


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_global_routes_enforce_roles(tenants: Tenants, route: str) -> None:
    """All roles in one test per route (one set-up): the failure lists every role that differs."""
    wrong: dict[str, int] = {}
    for role in ROLES:
        response = tenants.client(role).get(_url(route))
        if response.status_code != EXPECTED[route][role]:
            wrong[role] = response.status_code
        elif role == "anonymous" and response.status_code == REDIRECT and route != "web:set_language":
            assert response["Location"].startswith(reverse("login")), route
    assert wrong == {}, f"{route}: expected {EXPECTED[route]}"
