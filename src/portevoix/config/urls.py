from django.contrib import admin
from django.urls import include, path

from portevoix.web.urls import auth_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("portevoix.web.urls")),
    *auth_patterns,
    path("frameworks/", include("portevoix.frameworks.urls")),
    path("api/", include("portevoix.api.urls")),
    path("organisations/", include("portevoix.tenancy.urls_global")),
    # Public: a respondent's personal questionnaire link (signed token, no account).
    path("q/", include("portevoix.assessments.urls_public")),
    # Everything under /o/<org_slug>/ is tenant data: its views go through tenancy.access.org_view.
    path("o/<slug:org_slug>/", include("portevoix.tenancy.urls")),
    path("o/<slug:org_slug>/", include("portevoix.frameworks.org_urls")),
    path("o/<slug:org_slug>/", include("portevoix.assessments.urls")),
    path("o/<slug:org_slug>/", include("portevoix.usage.urls")),
    path("o/<slug:org_slug>/", include("portevoix.evidence.urls")),
    path("o/<slug:org_slug>/", include("portevoix.privacy.urls")),
]
