"""Evidence pages: upload an export, follow its import, read its report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portevoix.assessments.read_model import page_figures
from portevoix.core.errors import Problem
from portevoix.core.evidence.manual import parse_manual
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from .forms import EvidenceUploadForm, ManualEntryForm
from .importing import evidence_import_queue
from .models import EvidenceImport, ManualEntry

COUNT_LABELS = {
    "posts": gettext_lazy("Posts"),
    "reposts": gettext_lazy("Reposts"),
    "comments": gettext_lazy("Comments"),
    "reactions": gettext_lazy("Reactions"),
    "articles": gettext_lazy("Articles"),
    "connections": gettext_lazy("Connections"),
    "follows": gettext_lazy("Follows"),
    "received": gettext_lazy("Recommendations and endorsements received"),
    "daily_metrics": gettext_lazy("Daily figures (analytics)"),
}
SKIP_REASONS = {
    "private": gettext_lazy("private: never read"),
    "not_relevant": gettext_lazy("not needed for the diagnostic"),
    "unknown_file": gettext_lazy("unknown file"),
}


def _problems(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored problems shown in the reader's language (they are kept as codes and parameters)."""
    shown = []
    for entry in entries:
        problem = Problem(
            entry["code"], entry.get("params") or {}, file=entry.get("file"), line=entry.get("line")
        )
        shown.append({**entry, "message": problem.message(_)})
    return shown


def _manual_forms(organisation: Any, person: Any = None) -> dict[str, ManualEntryForm]:
    return {
        kind: ManualEntryForm(
            organisation=organisation, initial={"kind": kind, "person": person}, prefix=kind
        )
        for kind in ManualEntryForm.FIELDS
    }


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def manual_entry_add(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    kind = request.POST.get("entry_kind", "")
    if kind not in ManualEntryForm.FIELDS:
        return redirect("evidence:import.list", org_slug=organisation.slug)
    form = ManualEntryForm(request.POST, organisation=organisation, prefix=kind)
    if form.is_valid():
        entry, problems = parse_manual(kind, form.domain_data())
        for problem in problems:
            field = str(problem.path[0]) if problem.path and str(problem.path[0]) in form.fields else None
            form.add_error(field, problem.message(_))
        if entry is not None and not problems:
            ManualEntry.objects.create(
                organisation=organisation,
                person=form.cleaned_data["person"],
                kind=kind,
                on=entry.on,
                data=entry.model_dump(mode="json"),
                created_by=request.user if request.user.is_authenticated else None,
            )
            messages.success(request, _("The figures are recorded."))
            return redirect("evidence:import.list", org_slug=organisation.slug)
    forms = _manual_forms(organisation)
    forms[kind] = form
    return render(
        request,
        "evidence/list.html",
        _list_context(access, EvidenceUploadForm(organisation=organisation), forms),
        status=400,
    )


def _list_context(
    access: OrgAccess, form: EvidenceUploadForm, manual_forms: dict[str, ManualEntryForm]
) -> dict[str, Any]:
    organisation = access.organisation
    return {
        "access": access,
        "form": form,
        "manual_forms": manual_forms,
        "imports": EvidenceImport.objects.filter(organisation=organisation).select_related("person")[:100],
        "entries": ManualEntry.objects.filter(organisation=organisation).select_related("person")[:100],
        "page": page_figures(organisation),
    }


@org_view(Perm.MANAGE_ORGANISATION)
def evidence_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    form = EvidenceUploadForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        initial={"person": request.GET.get("person")},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = evidence_import_queue(
            organisation=organisation,
            person=form.cleaned_data["person"],
            source=form.cleaned_data["source"],
            raw=upload.read(),
            filename=upload.name,
            dry_run=form.cleaned_data["dry_run"],
            keep_file=form.cleaned_data["keep_file"],
            user=request.user,
        )
        messages.success(request, _("The file is received: the import runs in the background."))
        return redirect("evidence:import.detail", org_slug=organisation.slug, pk=record.pk)
    person = request.GET.get("person")
    return render(
        request, "evidence/list.html", _list_context(access, form, _manual_forms(organisation, person))
    )


def _record(access: OrgAccess, pk: int) -> EvidenceImport:
    return get_object_or_404(
        EvidenceImport.objects.select_related("person"), organisation=access.organisation, pk=pk
    )


def _detail_context(access: OrgAccess, record: EvidenceImport) -> dict[str, Any]:
    report = record.report or {}
    return {
        "access": access,
        "record": record,
        "report": report,
        "errors": _problems(report.get("errors", [])),
        "warnings": _problems(report.get("warnings", [])),
        "skipped": [
            {"file": s["file"], "reason": SKIP_REASONS.get(s["reason"], s["reason"])}
            for s in report.get("skipped_files", [])
        ],
        "count_labels": COUNT_LABELS,
        "running": record.status in (EvidenceImport.Status.QUEUED, EvidenceImport.Status.RUNNING),
    }


@org_view(Perm.MANAGE_ORGANISATION)
def import_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    record = _record(access, pk)
    template = "evidence/_import.html" if request.htmx else "evidence/detail.html"  # type: ignore[attr-defined]
    return render(request, template, _detail_context(access, record))
