"""Evidence pages: upload an export, follow its import, read its report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.core.errors import Problem
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from .forms import EvidenceUploadForm
from .importing import evidence_import_queue
from .models import EvidenceImport

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
    imports = EvidenceImport.objects.filter(organisation=organisation).select_related("person")[:100]
    return render(request, "evidence/list.html", {"access": access, "form": form, "imports": imports})


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
