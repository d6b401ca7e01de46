"""Reports page: generate a report in the background, follow it, download it (permission-checked)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.privacy import audit
from portevoix.privacy.models import AuditAction
from portevoix.storage import stream_chunks
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from .forms import ReportForm, SlideTemplateForm
from .models import Report, SlideTemplate
from .services import (
    ReportError,
    can_read,
    report_file,
    report_queue,
    slide_template_delete,
    slide_template_save,
    unavailable_reason,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _readable(access: OrgAccess) -> list[Report]:
    reports = Report.objects.filter(organisation=access.organisation).select_related(
        "person", "organisation"
    )[:200]
    return [r for r in reports if can_read(access, r)]


def _list_context(
    access: OrgAccess, form: ReportForm, template_form: SlideTemplateForm | None = None
) -> dict[str, Any]:
    return {
        "access": access,
        "form": form,
        "template_form": template_form or SlideTemplateForm(),
        "slide_template": SlideTemplate.objects.filter(organisation=access.organisation).first(),
        "reports": _readable(access),
        "progress_reason": unavailable_reason("progress"),
    }


@org_view(Perm.VIEW_RESULTS)
def report_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    form = ReportForm(request.POST or None, access=access)
    if request.method == "POST":
        if form.is_valid():
            try:
                record = report_queue(
                    organisation=access.organisation,
                    kind=form.cleaned_data["kind"],
                    fmt=form.cleaned_data["format"],
                    language=form.cleaned_data["language"],
                    person=form.cleaned_data.get("person"),
                    campaign=form.cleaned_data.get("campaign"),
                    user=request.user,
                )
            except ReportError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The report is being generated in the background."))
                return redirect("reports:report.detail", org_slug=access.organisation.slug, pk=record.pk)
        return render(request, "reports/list.html", _list_context(access, form), status=400)
    return render(request, "reports/list.html", _list_context(access, form))


def _record(access: OrgAccess, pk: int) -> Report:
    record = get_object_or_404(
        Report.objects.select_related("person", "organisation"), organisation=access.organisation, pk=pk
    )
    if not can_read(access, record):
        raise Http404  # another leader's private report: its existence is not revealed
    return record


@org_view(Perm.VIEW_RESULTS)
def report_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    record = _record(access, pk)
    context = {
        "access": access,
        "record": record,
        "running": record.status in (Report.Status.QUEUED, Report.Status.RUNNING),
    }
    template = "reports/_status.html" if request.htmx else "reports/detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@org_view(Perm.VIEW_RESULTS)
def report_download(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponseBase:
    record = _record(access, pk)
    file = report_file(record)
    if file is None:
        raise Http404
    audit.record(
        AuditAction.REPORT_DOWNLOAD,
        organisation=access.organisation,
        actor=request.user,
        target=record,
        target_label=record.filename,
        person=record.person,
        details={"kind": record.kind, "format": record.format, "language": record.language},
    )
    # Streamed from the storage, so any web process serves what any worker wrote.
    response = StreamingHttpResponse(stream_chunks(file), content_type=CONTENT_TYPES[record.format])
    response["Content-Length"] = str(file.size())
    response["Content-Disposition"] = content_disposition_header(True, record.filename) or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def template_upload(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    organisation = access.organisation
    if request.POST.get("action") == "remove":
        slide_template_delete(organisation=organisation)  # the record and its file
        messages.success(request, _("Slide decks use the default Porte-voix template again."))
        return redirect("reports:report.list", org_slug=organisation.slug)
    template_form = SlideTemplateForm(request.POST, request.FILES)
    if template_form.is_valid():
        upload = template_form.cleaned_data["file"]
        try:
            slide_template_save(organisation=organisation, raw=upload.read(), filename=upload.name)
        except ReportError as error:
            template_form.add_error("file", str(error))
        else:
            messages.success(request, _("Slide decks now use your template."))
            return redirect("reports:report.list", org_slug=organisation.slug)
    return render(
        request,
        "reports/list.html",
        _list_context(access, ReportForm(access=access), template_form),
        status=400,
    )
