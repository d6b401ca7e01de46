"""Framework pages: the shipped models, and the model adapted to one organisation."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import adapt_weights, load_framework_bytes
from portevoix.core.yamlsource import MAX_BYTES
from portevoix.security import uploads
from portevoix.tenancy.access import OrgAccess, Perm, can_create_organisation, org_view
from portevoix.web.forms import Form

from . import selectors, services


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "frameworks/list.html",
        {
            "versions": selectors.framework_latest_versions(),
            "can_upload": can_create_organisation(request.user),
        },
    )


class FrameworkUploadForm(Form):
    file = forms.FileField(
        label=_("Framework file (YAML)"),
        help_text=_("A .yaml file written like the shipped frameworks; at most 2 MB."),
    )


@login_required
def framework_upload(request: HttpRequest) -> HttpResponse:
    """Check a framework file and, if it is valid and asked for, store it as a new version."""
    if not can_create_organisation(request.user):  # the same people: platform admins and consultants
        raise PermissionDenied
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, object]] = []
    checked = None
    name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name[:120]  # never trust the client's path
        refused = uploads.upload_problem(upload, kind="framework", allowed=uploads.FRAMEWORK)
        if upload.size > MAX_BYTES:
            found = [Problem("file_too_large", {"size": upload.size, "limit": MAX_BYTES}, file=name)]
            result = None
        elif refused:
            found, result = [], None
        else:
            result = load_framework_bytes(upload.read(), source=name)
            found = result.problems
        if result is not None and result.framework is not None and not found:
            checked = result.framework
            if "store" in request.POST:
                try:
                    stored = services.framework_version_store(framework=checked)
                except ProblemsError as error:
                    found = [Problem(p.code, p.params, path=p.path, file=name) for p in error.problems]
                else:
                    if stored.created:
                        messages.success(request, gettext("The framework version is stored."))
                    else:
                        messages.info(
                            request, gettext("This version is already stored with the same content.")
                        )
                    return redirect(
                        "frameworks:framework.detail", key=stored.version.key, version=stored.version.version
                    )
        problems = [p.as_dict(gettext) for p in found]
        if refused and not found:
            problems = [
                {"file": name, "line": None, "path": "", "code": "upload_refused", "message": refused}
            ]
    return render(
        request,
        "frameworks/upload.html",
        {"form": form, "problems": problems, "checked": checked if not problems else None, "file_name": name},
    )


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
