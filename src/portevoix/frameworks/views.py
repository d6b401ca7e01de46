"""Framework pages: the shipped models, and the model adapted to one organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portevoix.core.framework import adapt_weights
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from . import selectors


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/list.html", {"versions": selectors.framework_latest_versions()})


@login_required
def framework_detail(request: HttpRequest, key: str, version: str) -> HttpResponse:
    stored = selectors.framework_version_get(key=key, version=version)
    return render(
        request,
        "frameworks/detail.html",
        {
            "stored": stored,
            "framework": stored.framework,
            "other_versions": [v for v in selectors.framework_versions_of(key) if v.pk != stored.pk],
        },
    )


@org_view(Perm.VIEW_ORGANISATION)
def organisation_model(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The maturity model as weighted for this organisation's profile, with the reasons."""
    stored = selectors.framework_latest()
    context: dict[str, object] = {"access": access, "stored": stored}
    if stored is not None:
        framework = stored.framework
        adapted = adapt_weights(framework, access.organisation.profile)
        rows = [
            {
                "dimension": dimension,
                "base": adapted.base[dimension.id],
                "weight": adapted.weights[dimension.id],
                "change": adapted.change(dimension.id),
            }
            for dimension in framework.dimensions
        ]
        context.update({"framework": framework, "adapted": adapted, "rows": rows})
    return render(request, "frameworks/organisation_model.html", context)
