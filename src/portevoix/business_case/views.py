"""Business-case pages. Every view goes through :func:`org_view`, which scopes it to the tenant.

Managers (organisation admin, consultant, platform admin) create and edit cases and record
actuals; codir members may read them (they are the audience of the case) and download them;
respondents do not see them (ADR 0008).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portevoix.core.cells import clean_text
from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.i18n import pick
from portevoix.core.roi import load_case_data, load_case_text, shipped_templates
from portevoix.core.roi.edit import DISTRIBUTION_PARAMETERS, NO_DISTRIBUTION, apply_changes
from portevoix.tenancy.access import OrgAccess, Perm, org_view

from . import display, selectors, services
from .models import Actual, BusinessCase
from .xlsx import case_workbook

MAX_SIMULATIONS_UI = 200_000


def _language() -> str:
    return (get_language() or "fr")[:2]


def _detail_url(record: BusinessCase) -> str:
    return reverse(
        "business_case:case.detail", kwargs={"org_slug": record.organisation.slug, "pk": record.pk}
    )


def _problem_rows(problems: list[Problem], data: dict[str, Any]) -> list[dict[str, str]]:
    language = _language()
    return [
        {"place": display.problem_place(p, data, language), "location": p.location, "message": p.message(_)}
        for p in problems
    ]


@org_view(Perm.VIEW_RESULTS)
def case_list(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    language = _language()
    rows = []
    for record in selectors.case_list(organisation=access.organisation):
        evaluated = selectors.case_evaluate(record, language=language)
        rows.append({"record": record, "evaluated": evaluated})
    templates = [
        (key, pick(case.spec.name.model_dump(), language)) for key, case in shipped_templates().items()
    ]
    return render(
        request,
        "business_case/case_list.html",
        {
            "access": access,
            "rows": rows,
            "templates": templates,
            "can_edit": access.can(Perm.MANAGE_ORGANISATION),
        },
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def case_create(request: HttpRequest, access: OrgAccess) -> HttpResponse:
    template_id = request.POST.get("template", "")
    try:
        record = services.case_create(
            organisation=access.organisation,
            template_id=template_id,
            name=clean_text(request.POST.get("name", "")),
            language=_language(),
            user=request.user,
        )
    except ProblemsError as error:
        for problem in error.problems:
            messages.error(request, problem.message(_))
        return redirect(reverse("business_case:case.list", kwargs={"org_slug": access.organisation.slug}))
    messages.success(request, _("The business case “%(name)s” is created.") % {"name": record.name})
    return redirect(_detail_url(record))


@org_view(Perm.VIEW_RESULTS)
def case_detail(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    language = _language()
    evaluated = selectors.case_evaluate(record, language=language)
    context: dict[str, Any] = {
        "access": access,
        "record": record,
        "evaluated": evaluated,
        "report": evaluated.report,
        "charts": display.charts(evaluated, language),
        "problems": _problem_rows(evaluated.problems, record.definition),
        "can_edit": access.can(Perm.MANAGE_ORGANISATION),
        "inputs": display.input_rows(record.definition, evaluated.case, language),
        "distributions": display.distribution_labels(),
        "parameter_labels": display.parameter_labels(),
    }
    if evaluated.case is not None and evaluated.evaluation is not None:
        case = evaluated.case
        context["periods"] = [(p, display.period_label(p.period)) for p in evaluated.evaluation.periods]
        context["lines"] = [
            {
                "label": pick(line.spec.label.model_dump(), language),
                "kind": line.kind,
                "flow": flow,
                "formula": line.spec.formula or "",
            }
            for line, flow in zip(case.lines, evaluated.evaluation.lines, strict=True)
        ]
        context["indicators"] = [
            {**row, "measurement_label": display.measurement_label(row["measurement"])}
            for row in evaluated.report.get("indicators", [])
        ]
        context["actual_rows"] = [
            {
                "row": row,
                "label": pick(case.inputs[row.input_id].spec.label.model_dump(), language),
                "period": display.period_label(row.period),
            }
            for row in evaluated.actual_rows
        ]
    return render(request, "business_case/case_detail.html", context)


def _number(raw: str) -> float | None:
    text = raw.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = float(Decimal(text))
    except (InvalidOperation, ValueError):
        raise ValueError(raw) from None
    return value


def _changes(request: HttpRequest, data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The definition with the form's values, and the problems of numbers that cannot be read."""
    problems: list[Problem] = []
    inputs: dict[str, dict[str, Any]] = {}

    def read(name: str, path: tuple[Any, ...]) -> float | None:
        try:
            return _number(request.POST.get(name, ""))
        except ValueError:
            problems.append(Problem("number_invalid", {"value": request.POST.get(name, "")}, path=path))
            return None

    for index, item in enumerate(data.get("inputs", []) or []):
        if not isinstance(item, dict) or "formula" in item:
            continue
        input_id = str(item.get("id"))
        field = f"value-{input_id}"
        change: dict[str, Any] = {"value": read(field, ("inputs", index, "value"))}
        if field in request.POST and change["value"] is None and not request.POST[field].strip():
            problems.append(Problem("expected_number", path=("inputs", index, "value")))
        kind = request.POST.get(f"kind-{input_id}")
        if kind is not None:
            change["kind"] = kind if kind in DISTRIBUTION_PARAMETERS else NO_DISTRIBUTION
            for name in DISTRIBUTION_PARAMETERS.get(kind, ()):
                change[name] = read(f"{name}-{input_id}", ("inputs", index, "distribution", name))
        inputs[input_id] = change
    risks: dict[str, float] = {}
    for key in ("benefits", "costs"):
        for index, line in enumerate(data.get(key, []) or []):
            if not isinstance(line, dict):
                continue
            percent = read(f"risk-{line.get('id')}", (key, index, "risk"))
            if percent is not None:
                risks[str(line.get("id"))] = percent / 100
    rate = read("discount_rate", ("discount_rate",))
    changed = apply_changes(
        data, inputs=inputs, risks=risks, discount_rate=None if rate is None else rate / 100
    )
    return changed, problems


def _editor_context(
    access: OrgAccess, record: BusinessCase, data: dict[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    language = _language()
    result = load_case_data(data)
    all_problems = problems + result.problems
    evaluated = selectors.case_evaluate(record, data=data, language=language) if not all_problems else None
    rows = display.input_rows(data, result.case, language)
    by_input: dict[str, list[str]] = {}
    for problem in all_problems:
        if len(problem.path) >= 2 and problem.path[0] == "inputs" and isinstance(problem.path[1], int):
            items = data.get("inputs") or []
            if problem.path[1] < len(items):
                by_input.setdefault(str(items[problem.path[1]].get("id")), []).append(problem.message(_))
    for row in rows:
        row.problems = by_input.get(row.id, [])
    lines = []
    for key in ("benefits", "costs"):
        for line in data.get(key, []) or []:
            if isinstance(line, dict):
                label: dict[str, str] = line["label"] if isinstance(line.get("label"), dict) else {}
                lines.append(
                    {
                        "id": line.get("id"),
                        "kind": key,
                        "label": pick(label, language) or line.get("id"),
                        "risk_percent": round(float(line.get("risk", 0) or 0) * 100, 2),
                        "formula": line.get("formula") or "",
                        "years": line.get("years"),
                        "initial": line.get("initial", 0),
                    }
                )
    return {
        "access": access,
        "record": record,
        "rows": rows,
        "lines": lines,
        "discount_percent": round(float(data.get("discount_rate", 0.1) or 0) * 100, 4),
        "distributions": display.distribution_labels(),
        "parameter_labels": display.parameter_labels(),
        "kinds_of": {
            name: " ".join(kind for kind, names in DISTRIBUTION_PARAMETERS.items() if name in names)
            for name in ("min", "mode", "max", "mean", "sd")
        },
        "problems": _problem_rows(all_problems, data),
        "evaluated": evaluated,
        "report": evaluated.report if evaluated else {},
    }


@org_view(Perm.MANAGE_ORGANISATION)
def case_edit(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The inputs (values, distributions), risk adjustments and discount rate; a summary that
    follows every change (htmx posts the form to the preview) and a save."""
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    data = record.definition
    problems: list[Problem] = []
    if request.method == "POST":
        data, problems = _changes(request, record.definition)
        if not problems:
            problems = services.case_definition_save(case=record, data=data, user=request.user)
            if not problems:
                messages.success(request, _("The changes are saved."))
                return redirect(_detail_url(record))
    context = _editor_context(access, record, data, problems)
    return render(request, "business_case/case_edit.html", context, status=400 if problems else 200)


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def case_preview(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The summary for the values being typed, not saved (htmx)."""
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    data, problems = _changes(request, record.definition)
    return render(request, "business_case/_summary.html", _editor_context(access, record, data, problems))


@org_view(Perm.MANAGE_ORGANISATION)
def case_definition(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """The whole definition as YAML: lines, formulas, distributions, indicators."""
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    text = yaml.safe_dump(record.definition, allow_unicode=True, sort_keys=False, width=110)
    problems: list[Problem] = []
    if request.method == "POST":
        settings_problems: list[Problem] = []
        name = clean_text(request.POST.get("name", record.name))
        try:
            simulations = int(request.POST.get("simulations", record.simulations))
            seed = int(request.POST.get("seed", record.seed))
            if not 100 <= simulations <= MAX_SIMULATIONS_UI:
                raise ValueError
        except ValueError:
            settings_problems.append(
                Problem(
                    "simulations_out_of_range",
                    {"limit": MAX_SIMULATIONS_UI, "value": request.POST.get("simulations", "")},
                )
            )
            simulations, seed = record.simulations, record.seed
        text = request.POST.get("definition", "")
        if settings_problems:  # nothing is saved: the definition is only checked
            problems = settings_problems + load_case_text(text, source=_("definition")).problems
        else:
            problems = services.case_yaml_save(
                case=record, text=text, source=_("definition"), user=request.user
            )
        if not problems:
            services.case_rename(case=record, name=name, simulations=simulations, seed=seed)
            messages.success(request, _("The changes are saved."))
            return redirect(_detail_url(record))
    return render(
        request,
        "business_case/case_definition.html",
        {"access": access, "record": record, "text": text, "problems": _problem_rows(problems, {})},
        status=400 if problems else 200,
    )


@org_view(Perm.MANAGE_ORGANISATION)
def case_actuals(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    """Actual values of drivers per period: typed in, or taken from the activity data."""
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    language = _language()
    evaluated = selectors.case_evaluate(record, language=language)
    case = evaluated.case
    errors: list[str] = []
    if case is not None and request.method == "POST":
        input_id = request.POST.get("input", "")
        try:
            period = int(request.POST.get("period", ""))
        except ValueError:
            period = -1
        try:
            if request.POST.get("delete"):
                services.actual_delete(case=record, input_id=input_id, period=period)
                messages.success(request, _("The actual is deleted."))
                return redirect(request.path)
            raw = request.POST.get("value", "")
            try:
                value = _number(raw)
            except ValueError:
                value = None
            if value is None:
                raise ProblemsError([Problem("number_invalid", {"value": raw}, path=("value",))])
            source = (
                Actual.Source.EVIDENCE if request.POST.get("source") == "evidence" else Actual.Source.MANUAL
            )
            services.actual_save(
                case=record,
                input_id=input_id,
                period=period,
                value=Decimal(repr(value)),
                source=source,
                note=clean_text(request.POST.get("note", "")),
            )
            messages.success(request, _("The actual is saved."))
            return redirect(request.path)
        except ProblemsError as error:
            errors = [problem.message(_) for problem in error.problems]
    drivers = []
    offers = []
    if case is not None:
        drivers = [(name, pick(item.spec.label.model_dump(), language)) for name, item in case.inputs.items()]
        labels = dict(drivers)
        offers = [
            {"offer": offer, "label": labels[offer.input_id], "period": display.period_label(offer.period)}
            for offer in selectors.evidence_offers(record, case)
        ]
    periods = [(p, display.period_label(p)) for p in case.periods] if case is not None else []
    actual_rows = (
        [
            {
                "row": row,
                "label": pick(case.inputs[row.input_id].spec.label.model_dump(), language),
                "period": display.period_label(row.period),
            }
            for row in evaluated.actual_rows
        ]
        if case is not None
        else []
    )
    return render(
        request,
        "business_case/case_actuals.html",
        {
            "access": access,
            "record": record,
            "evaluated": evaluated,
            "drivers": drivers,
            "periods": periods,
            "offers": offers,
            "actual_rows": actual_rows,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@org_view(Perm.MANAGE_ORGANISATION)
@require_POST
def case_delete(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    name = record.name
    services.case_delete(case=record)
    messages.success(request, _("The business case “%(name)s” is deleted.") % {"name": name})
    return redirect(reverse("business_case:case.list", kwargs={"org_slug": access.organisation.slug}))


def _filename(record: BusinessCase, extension: str) -> str:
    return f"{slugify(record.name) or 'business-case'}.{extension}"


@org_view(Perm.VIEW_RESULTS)
def case_export_json(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    evaluated = selectors.case_evaluate(record, language=_language())
    body = {"definition": record.definition, "evaluation": evaluated.report}
    if evaluated.problems:
        body["problems"] = [p.as_dict(_) for p in evaluated.problems]
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_filename(record, "json")}"'
    return response


@org_view(Perm.VIEW_RESULTS)
def case_export_xlsx(request: HttpRequest, access: OrgAccess, pk: int) -> HttpResponse:
    record = selectors.case_get(organisation=access.organisation, pk=pk)
    result = load_case_data(record.definition)
    if result.case is None:
        messages.error(request, _("This business case has problems: correct its definition first."))
        return redirect(_detail_url(record))
    titles = xlsx_titles()
    body = case_workbook(result.case, language=_language(), titles=titles)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(record, "xlsx")}"'
    return response


def xlsx_titles() -> dict[str, str]:
    return {
        "inputs": _("Inputs"),
        "flows": _("Flows"),
        "id": _("Id"),
        "label": _("Label"),
        "value": _("Value"),
        "unit": _("Unit"),
        "source": _("Source"),
        "discount_rate": _("Discount rate"),
        "period": _("Period"),
        "initial": _("Initial"),
        "year": _("Year %(n)d"),
        "risk": _("Risk adjustment"),
        "adjusted": _("risk-adjusted"),
        "benefits": _("Benefits"),
        "costs": _("Costs"),
        "net": _("Net flow"),
        "factor": _("Discount factor"),
        "pv_benefits": _("PV of benefits"),
        "pv_costs": _("PV of costs"),
        "npv": _("NPV"),
        "roi": _("ROI"),
        "kind_benefit": _("benefit"),
        "kind_cost": _("cost"),
    }
