from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from portevoix.tenancy.access import can_create_organisation
from portevoix.tenancy.selectors import organisation_list_for_user
from portevoix.tenancy.services import member_invitations_pending


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


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for process supervisors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "database_unavailable"}, status=503)
