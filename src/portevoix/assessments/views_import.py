"""Import answers from a Microsoft Forms / Google Forms export: upload, map, dry run, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from portevoix.core.answer_import import RESPONDENT
from portevoix.core.errors import ProblemsError
from portevoix.core.i18n import pick
from portevoix.privacy.audit import record
from portevoix.privacy.models import AuditAction
from portevoix.security import uploads
from portevoix.tenancy.access import OrgAccess, Perm, org_view
from portevoix.web.forms import Form

from . import importing, selectors
from .models import Campaign, Invitation

IGNORE = ""


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("Export file (CSV or Excel)"),
        help_text=gettext_lazy("One row per respondent, one column per question; at most 20 MB."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Answers of"),
        choices=[
            (
                Invitation.Kind.SELF,
                gettext_lazy("Self-assessments of codir members (a column holds their e-mail)"),
            ),
            (Invitation.Kind.TEAM, gettext_lazy("Anonymous team survey")),
        ],
    )


def _session_key(campaign: Campaign) -> str:
    return f"answer-import:{campaign.pk}"


def _pending(request: HttpRequest, campaign: Campaign) -> dict[str, Any] | None:
    pending = request.session.get(_session_key(campaign))
    return pending if isinstance(pending, dict) else None


@org_view(Perm.MANAGE_ORGANISATION)
def import_upload(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        refused = uploads.upload_problem(upload, kind="answers", allowed=uploads.ANSWERS)
        if refused:
            form.add_error("file", refused)
        else:
            previous = _pending(request, campaign)
            if previous:
                importing.upload_delete(previous["key"], organisation=access.organisation)
            key = importing.upload_store(upload.read(), organisation=access.organisation)
            request.session[_session_key(campaign)] = {
                "key": key,
                "filename": Path(upload.name).name[:120],
                "kind": form.cleaned_data["kind"],
            }
            return redirect(
                "assessments:campaign.import_map", org_slug=access.organisation.slug, pk=campaign.pk
            )
    return render(
        request, "assessments/import_upload.html", {"access": access, "campaign": campaign, "form": form}
    )


def _choices(campaign: Campaign, kind: str) -> list[tuple[str, str]]:
    language = get_language() or "fr"
    choices = [(IGNORE, _("— ignore this column —"))]
    if kind != Invitation.Kind.TEAM:
        choices.append((RESPONDENT, _("Respondent's e-mail")))
    for question in importing.questions_of(campaign, kind):
        choices.append((question.id, f"{question.id} — {pick(question.text.model_dump(), language)[:90]}"))
    return choices


@org_view(Perm.MANAGE_ORGANISATION)
def import_map(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(organisation=access.organisation, pk=pk)
    pending = _pending(request, campaign)
    raw = importing.upload_read(pending["key"], organisation=access.organisation) if pending else None
    if pending is None or raw is None:
        messages.error(request, _("Choose the file to import first."))
        return redirect("assessments:campaign.import", org_slug=access.organisation.slug, pk=campaign.pk)
    kind, filename = pending["kind"], pending["filename"]
    mapping: dict[str, str | None] | None = None
    if request.method == "POST":
        headers = request.POST.getlist("column")
        targets = request.POST.getlist("target")
        valid = {value for value, _label in _choices(campaign, kind)}
        mapping = {
            h: (t if t in valid and t != IGNORE else None) for h, t in zip(headers, targets, strict=False)
        }
    plan = importing.plan_import(campaign=campaign, kind=kind, raw=raw, filename=filename, mapping=mapping)
    if plan.table is None:
        # Not a table at all (damaged, too many columns…): nothing to map. The upload is dropped,
        # so that coming back to this page does not read it (and fail) again.
        importing.upload_delete(pending["key"], organisation=access.organisation)
        del request.session[_session_key(campaign)]
        for problem in plan.problems[:20]:
            messages.error(request, problem.render(_))
        return redirect("assessments:campaign.import", org_slug=access.organisation.slug, pk=campaign.pk)
    if request.method == "POST" and request.POST.get("action") == "import" and plan.ok:
        try:
            batch = importing.run_import(
                campaign=campaign,
                kind=kind,
                raw=raw,
                filename=filename,
                mapping=plan.mapping,
                user=request.user,
            )
        except ProblemsError as error:
            plan.problems = error.problems
        else:
            importing.upload_delete(pending["key"], organisation=access.organisation)
            record(
                AuditAction.ANSWERS_IMPORT,
                organisation=access.organisation,
                actor=request.user,
                target=campaign,
                details={"file": filename, "kind": kind, "rows": batch.rows},
            )
            del request.session[_session_key(campaign)]
            messages.success(
                request,
                ngettext(
                    "%(n)d response imported from %(file)s.",
                    "%(n)d responses imported from %(file)s.",
                    batch.rows,
                )
                % {"n": batch.rows, "file": filename},
            )
            return redirect("assessments:campaign.detail", org_slug=access.organisation.slug, pk=campaign.pk)
    table = plan.table
    columns = []
    if table is not None:
        for header in table.headers:
            samples = [row.values.get(header, "") for row in table.rows[:3]]
            columns.append(
                {"header": header, "target": plan.mapping.get(header) or IGNORE, "samples": samples}
            )
    return render(
        request,
        "assessments/import_map.html",
        {
            "access": access,
            "campaign": campaign,
            "filename": filename,
            "kind": kind,
            "columns": columns,
            "choices": _choices(campaign, kind),
            "plan": plan,
            "problems": [p.as_dict(_) for p in plan.problems[:500]],
            "more_problems": max(0, len(plan.problems) - 500),
            "encoding": getattr(table, "encoding", ""),
            "checked": request.method == "POST" or mapping is None,
        },
        status=400 if plan.problems and request.method == "POST" else 200,
    )
