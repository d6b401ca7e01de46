from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from portevoix.web.urls import auth_patterns


def _admin_login(request: HttpRequest) -> HttpResponse:
    """The admin logs in through the site's login (lockout and second factor included)."""
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied  # logged in, but not staff: no redirect loop through the login page
    return redirect_to_login(request.GET.get("next") or "/admin/")


urlpatterns = [
    # Browsers ask for /favicon.ico on pages without an icon link (the admin).
    path("favicon.ico", RedirectView.as_view(url=static("portevoix/favicon.svg"), permanent=True)),
    path("admin/login/", _admin_login),
    path("admin/", admin.site.urls),
    path("", include("portevoix.web.urls")),
    *auth_patterns,
    path("frameworks/", include("portevoix.frameworks.urls")),
    path("api/", include("portevoix.api.urls")),
    path("organisations/", include("portevoix.tenancy.urls_global")),
    # An invitation to an organisation, answered by the person it was sent to (signed link).
    path("invitations/", include("portevoix.tenancy.urls_invitations")),
    # Public: a respondent's personal questionnaire link (signed token, no account).
    path("q/", include("portevoix.assessments.urls_public")),
    # Everything under /o/<org_slug>/ is tenant data: its views go through tenancy.access.org_view.
    path("o/<slug:org_slug>/", include("portevoix.tenancy.urls")),
    path("o/<slug:org_slug>/", include("portevoix.frameworks.org_urls")),
    path("o/<slug:org_slug>/", include("portevoix.assessments.urls")),
    path("o/<slug:org_slug>/", include("portevoix.usage.urls")),
    path("o/<slug:org_slug>/", include("portevoix.objections.urls")),
    path("o/<slug:org_slug>/", include("portevoix.evidence.urls")),
    path("o/<slug:org_slug>/", include("portevoix.business_case.urls")),
    path("o/<slug:org_slug>/", include("portevoix.roadmap.urls")),
    path("o/<slug:org_slug>/", include("portevoix.reports.urls")),
    path("o/<slug:org_slug>/", include("portevoix.privacy.urls")),
]
