"""Framework pages: the shipped models, and the model adapted to one organisation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from portevoix.assessments.forms import framework_version_label
from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.framework import adapt_weights, load_framework_bytes
from portevoix.core.yamlsource import MAX_BYTES
from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditAction
from portevoix.security import uploads
from portevoix.tenancy.access import OrgAccess, Perm, consultant_organisations, org_view
from portevoix.tenancy.models import Organisation
from portevoix.tenancy.selectors import organisation_list_for_user
from portevoix.web.forms import Form

from . import selectors, services
from .models import FrameworkVersion


def _may_publish(user: Any) -> bool:
    """Platform admins (global versions) and consultants (their organisations' own versions)."""
    return bool(user.is_superuser or consultant_organisations(user))


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    # The global versions, and the own versions of the organisations the user belongs to.
    versions = selectors.framework_latest_versions()
    for organisation in organisation_list_for_user(request.user):
        versions += [v for v in selectors.framework_latest_versions(organisation) if v.organisation_id]
    return render(
        request,
        "frameworks/list.html",
        {"versions": versions, "can_upload": _may_publish(request.user)},
    )


class FrameworkUploadForm(Form):
    file = forms.FileField(
        label=_("Framework file (YAML)"),
        help_text=_("A .yaml file written like the shipped frameworks; at most 2 MB."),
    )
    organisation = forms.ChoiceField(
        label=_("For"),
        required=False,
        help_text=_(
            "A version for every organisation is published by platform admins only; a consultant "
            "publishes a version for one organisation they serve, seen only there."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(o.slug, o.name) for o in consultant_organisations(user)]
        if user.is_superuser:
            choices.insert(0, ("", str(_("Every organisation"))))
        self.fields["organisation"].choices = choices  # type: ignore[attr-defined]


@login_required
def framework_upload(request: HttpRequest) -> HttpResponse:
    """Check a framework file and, if it is valid and asked for, store it as a new version."""
    if not _may_publish(request.user):
        raise PermissionDenied
    form = FrameworkUploadForm(request.POST or None, request.FILES or None, user=request.user)
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
                slug = form.cleaned_data["organisation"]
                target = Organisation.objects.filter(slug=slug).first() if slug else None
                try:
                    # The service checks again who may publish where (the form is not enough).
                    stored = services.framework_version_publish(
                        framework=checked, actor=request.user, organisation=target
                    )
                except ProblemsError as error:
                    found = [Problem(p.code, p.params, path=p.path, file=name) for p in error.problems]
                else:
                    if stored.created:
                        messages.success(request, gettext("The framework version is stored."))
                    else:
                        messages.info(
                            request, gettext("This version is already stored with the same content.")
                        )
                    return redirect(stored.version.get_absolute_url())
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
    """A global version, or (``?organisation=<slug>``) an organisation's own, for its members."""
    organisation = None
    slug = request.GET.get("organisation", "")
    if slug:
        organisation = organisation_list_for_user(request.user).filter(slug=slug).first()
        if organisation is None:
            raise Http404
    stored = selectors.framework_version_get(key=key, version=version, organisation=organisation)
    others = [v for v in selectors.framework_versions_of(key, organisation) if v.pk != stored.pk]
    return render(
        request,
        "frameworks/detail.html",
        {"stored": stored, "framework": stored.framework, "other_versions": others},
    )


class OrganisationFrameworkForm(Form):
    framework_version = forms.ModelChoiceField(
        label=_("Model used by new diagnostics"),
        queryset=FrameworkVersion.objects.none(),
        required=False,
        empty_label=_("The newest version for every organisation"),
        help_text=_("A diagnostic already created keeps the version it started with."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework_version"]
        field.queryset = selectors.framework_versions_visible(organisation)  # type: ignore[attr-defined]
        field.label_from_instance = framework_version_label  # type: ignore[attr-defined]


@org_view(Perm.VIEW_ORGANISATION)
def organisation_model(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """The maturity model as weighted for this organisation's profile, with the reasons; its
    managers choose which version new campaigns use."""
    organisation = access.organisation
    form = None
    if access.can(Perm.MANAGE_ORGANISATION):
        form = OrganisationFrameworkForm(
            request.POST or None,
            organisation=organisation,
            initial={"framework_version": organisation.framework_version_id},
        )
        if request.method == "POST" and form.is_valid():
            services.organisation_framework_choose(
                organisation=organisation, version=form.cleaned_data["framework_version"]
            )
            record(
                AuditAction.ORGANISATION_UPDATE,
                organisation=organisation,
                actor=request.user,
                target=organisation,
                details={"fields": ["framework_version"]},
            )
            messages.success(request, gettext("New diagnostics will use this model."))
            return redirect("org_frameworks:organisation.model", org_slug=organisation.slug)
    elif request.method == "POST":
        raise PermissionDenied
    stored = selectors.organisation_framework(organisation)
    context: dict[str, object] = {"access": access, "stored": stored, "form": form}
    if stored is not None:
        framework = stored.framework
        adapted = adapt_weights(framework, organisation.profile)
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


EVIDENCE_LABELS = {
    "observed": gettext_lazy("observed outcome"),
    "self_declared": gettext_lazy("self-declaration"),
    "opinion": gettext_lazy("opinion"),
}
GEOGRAPHY_LABELS = {
    "france": gettext_lazy("France"),
    "europe": gettext_lazy("Europe"),
    "global": gettext_lazy("several countries"),
    "us": gettext_lazy("United States"),
}
SUBJECT_LABELS = {
    "companies": gettext_lazy("companies"),
    "leaders": gettext_lazy("leaders"),
    "employees": gettext_lazy("employees"),
    "salespeople": gettext_lazy("salespeople"),
    "managers": gettext_lazy("managers"),
    "investors": gettext_lazy("investors"),
}
PLACE_LABELS = {
    "benchmark": gettext_lazy("Benchmark compared with your codir (results page and board pack)"),
    "results_context": gettext_lazy("Published figures listed on the results page"),
    "board_context": gettext_lazy("Sourced figures of the board pack"),
}


@org_view(Perm.VIEW_ORGANISATION)
def sources(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    """Every published figure the product shows, with its source, year of data, what it measured
    and where it is used with which claim (ADR 0018). Any member of the organisation may read it."""
    from portevoix.core.objections import shipped_catalogue
    from portevoix.core.sources import source_rows

    language = get_language() or "fr"
    catalogue = shipped_catalogue()
    rows = []
    for row in source_rows(catalogue):
        figure = row.figure
        uses = []
        for use in row.uses:
            if use.place == "counter_argument" and use.entry is not None:
                entry = catalogue.get(use.entry)
                place = gettext("Answer %(n)s to “%(entry)s”") % {
                    "n": (use.index or 0) + 1,
                    "entry": entry.label.get(language),
                }
            else:
                place = str(PLACE_LABELS.get(use.place, use.place))
            claim = (
                gettext("claim: %(evidence)s about %(about)s%(where)s")
                % {
                    "evidence": EVIDENCE_LABELS[use.claim.evidence],
                    "about": SUBJECT_LABELS[use.claim.about],
                    "where": gettext(", in France") if use.claim.geography == "france" else "",
                }
                if use.claim is not None
                else ""
            )
            uses.append({"place": place, "claim": claim})
        rows.append(
            {
                "figure": figure,
                "digits": 1 if figure.value % 1 else 0,
                "label": figure.label.get(language),
                "measure": figure.measure.get(language),
                "population": figure.population_label.get(language),
                "evidence": EVIDENCE_LABELS[figure.evidence],
                "geography": GEOGRAPHY_LABELS[figure.geography],
                "citation": figure.citation(language),
                "outdated": figure.outdated.get(language) if figure.outdated else "",
                "uses": uses,
            }
        )
    return render(request, "frameworks/sources.html", {"access": access, "rows": rows})
