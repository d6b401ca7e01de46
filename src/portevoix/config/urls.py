from django.contrib import admin
from django.urls import include, path

from portevoix.web.urls import auth_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("portevoix.web.urls")),
    *auth_patterns,
    path("frameworks/", include("portevoix.frameworks.urls")),
    path("organisations/", include("portevoix.tenancy.urls_global")),
    # Everything under /o/<org_slug>/ is tenant data: its views go through tenancy.access.org_view.
    path("o/<slug:org_slug>/", include("portevoix.tenancy.urls")),
    path("o/<slug:org_slug>/", include("portevoix.frameworks.org_urls")),
]
