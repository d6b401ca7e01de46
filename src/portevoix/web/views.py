from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from portevoix.tenancy.access import can_create_organisation
from portevoix.tenancy.selectors import organisation_list_for_user
from portevoix.tenancy.services import member_invitations_pending

from .operations import health, metrics_text


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One organisation: go there. Several, or the right to open new ones: choose."""
    organisations = list(organisation_list_for_user(request.user))
    can_create = can_create_organisation(request.user)
    invitations = member_invitations_pending(request.user)
    if len(organisations) == 1 and not can_create and not invitations:
        return redirect("tenancy:organisation.overview", org_slug=organisations[0].slug)
    context = {"organisations": organisations, "can_create": can_create, "invitations": invitations}
    return render(request, "web/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Health for monitors and process supervisors: the database answers, a background worker was
    seen within the last minute, files can be written to the storage. ``?scope=web`` leaves the
    worker out (a load balancer probing a web node). 503 when a check fails; no secrets shown."""
    checks = health(worker=request.GET.get("scope") != "web")
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "failing", "checks": checks}, status=200 if ok else 503)


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for the bearer of ``PORTEVOIX_METRICS_TOKEN`` only (404 when it is unset,
    so the endpoint does not exist for anyone; 401 for a missing or wrong token)."""
    token = settings.PORTEVOIX_METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "")
    if not (given.startswith("Bearer ") and constant_time_compare(given[len("Bearer ") :], token)):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
