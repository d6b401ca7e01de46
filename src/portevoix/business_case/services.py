"""Writes of business cases and their actuals. Views, the demo and tests call these.

Every write validates the whole case first (the core's located problems); nothing is saved when
there is a problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from portevoix.core.errors import Problem, ProblemsError
from portevoix.core.i18n import pick
from portevoix.core.roi import load_case_data, load_case_text, template_path
from portevoix.core.roi.edit import apply_changes
from portevoix.core.roi.templates import for_size, template_ids
from portevoix.core.yamlsource import read_yaml_file
from portevoix.tenancy.models import Organisation

from .models import Actual, BusinessCase

MAX_ACTUAL = Decimal(10) ** 14  # the column holds 14 digits before the decimal mark


def _author(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def template_data(template_id: str) -> dict[str, Any]:
    """The content of a shipped template, as plain data; ProblemsError for an unknown one."""
    try:
        path = template_path(template_id)
    except KeyError:
        known = ", ".join(template_ids())
        raise ProblemsError([Problem("unknown_template", {"name": template_id, "known": known})]) from None
    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    return dict(document.data)


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    template_id: str,
    name: str = "",
    language: str = "fr",
    user: Any = None,
    data: Mapping[str, Any] | None = None,
) -> BusinessCase:
    """A new case from a shipped template (or from ``data`` shaped like one)."""
    content = dict(data) if data is not None else for_size(template_data(template_id), organisation.size_band)
    result = load_case_data(content)
    if result.case is None:
        raise ProblemsError(result.problems)
    label = name.strip() or pick(result.case.spec.name.model_dump(), language)
    return BusinessCase.objects.create(
        organisation=organisation,
        name=label[:200],
        template=template_id,
        definition=content,
        updated_by=_author(user),
    )


@transaction.atomic
def case_definition_save(*, case: BusinessCase, data: Mapping[str, Any], user: Any = None) -> list[Problem]:
    """Replace the definition if it is valid; return the problems otherwise (nothing saved)."""
    result = load_case_data(dict(data))
    if result.case is None:
        return result.problems
    case.definition = dict(data)
    case.updated_by = _author(user)
    case.save(update_fields=["definition", "updated_by", "updated_at"])
    _drop_stray_actuals(case, result.case.inputs.keys(), result.case.horizon)
    return []


def case_yaml_save(*, case: BusinessCase, text: str, source: str, user: Any = None) -> list[Problem]:
    """Replace the definition with a YAML text (problems located by line of that text)."""
    result = load_case_text(text, source=source)
    if result.case is None:
        return result.problems
    from portevoix.core.yamlsource import parse_yaml

    document, _problems = parse_yaml(text, source=source)
    assert document is not None
    return case_definition_save(case=case, data=document.data, user=user)


def case_changes_save(
    *,
    case: BusinessCase,
    inputs: Mapping[str, Mapping[str, Any]],
    risks: Mapping[str, float],
    discount_rate: float | None,
    user: Any = None,
) -> list[Problem]:
    data = apply_changes(case.definition, inputs=inputs, risks=risks, discount_rate=discount_rate)
    return case_definition_save(case=case, data=data, user=user)


@transaction.atomic
def case_rename(*, case: BusinessCase, name: str, simulations: int, seed: int) -> None:
    case.name = name.strip()[:200] or case.name
    case.simulations = simulations
    case.seed = seed
    case.save(update_fields=["name", "simulations", "seed", "updated_at"])


@transaction.atomic
def case_delete(*, case: BusinessCase) -> None:
    case.delete()


def _drop_stray_actuals(case: BusinessCase, inputs: Any, horizon: int) -> None:
    """Actuals of inputs that no longer exist, or of periods past the horizon, go."""
    Actual.objects.filter(business_case=case).exclude(input_id__in=list(inputs)).delete()
    Actual.objects.filter(business_case=case, period__gt=horizon).delete()


@transaction.atomic
def actual_save(
    *,
    case: BusinessCase,
    input_id: str,
    period: int,
    value: Decimal,
    source: str = Actual.Source.MANUAL,
    note: str = "",
) -> Actual:
    """Record (or replace) the actual of one driver in one period."""
    result = load_case_data(case.definition)
    if result.case is None:
        raise ProblemsError(result.problems)
    if input_id not in result.case.inputs:
        known = ", ".join(result.case.inputs)
        raise ProblemsError([Problem("unknown_name", {"name": input_id, "formula": "—", "known": known})])
    if not 0 <= period <= result.case.horizon:
        raise ProblemsError([Problem("value_too_large", {"limit": result.case.horizon}, path=("period",))])
    if not value.is_finite() or abs(value) >= MAX_ACTUAL:
        raise ProblemsError([Problem("value_too_large", {"limit": f"{MAX_ACTUAL:,}"}, path=("value",))])
    value = value.quantize(Decimal("0.0001"))
    actual, _created = Actual.objects.update_or_create(
        business_case=case,
        input_id=input_id,
        period=period,
        defaults={"value": value, "source": source, "note": note[:300]},
    )
    return actual


@transaction.atomic
def actual_delete(*, case: BusinessCase, input_id: str, period: int) -> bool:
    deleted, _detail = Actual.objects.filter(business_case=case, input_id=input_id, period=period).delete()
    return deleted > 0
