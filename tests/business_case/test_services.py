"""Writes of business cases: from a template, validated whole, nothing saved on a problem."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portevoix.business_case import selectors, services
from portevoix.business_case.models import Actual, BusinessCase
from portevoix.core.errors import ProblemsError
from portevoix.core.roi import load_case_data
from portevoix.tenancy.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_case_is_created_from_each_template(organisation: Organisation) -> None:
    for template_id in ("social_selling", "employer_brand", "executive_visibility", "acculturation"):
        case = services.case_create(organisation=organisation, template_id=template_id, language="en")
        assert case.template == template_id
        assert case.definition["id"] == template_id
    assert BusinessCase.objects.filter(organisation=organisation).count() == 4
    assert BusinessCase.objects.get(template="employer_brand").name == "Employer brand and recruitment"


def test_an_unknown_template_is_refused(organisation: Organisation) -> None:
    with pytest.raises(ProblemsError) as error:
        services.case_create(organisation=organisation, template_id="nope")
    assert error.value.problems[0].code == "unknown_template"
    assert "social_selling" in error.value.problems[0].message()
    assert not BusinessCase.objects.exists()


def test_a_bad_definition_changes_nothing(organisation: Organisation) -> None:
    case = services.case_create(organisation=organisation, template_id="social_selling")
    before = case.definition
    data = {**before, "discount_rate": -0.1}
    problems = services.case_definition_save(case=case, data=data)
    assert [p.code for p in problems] == ["value_too_small"]
    case.refresh_from_db()
    assert case.definition == before


def test_yaml_problems_are_located_by_line(organisation: Organisation) -> None:
    case = services.case_create(organisation=organisation, template_id="social_selling")
    text = 'id: x\nname: {fr: a, en: b}\ncosts:\n  - {id: c, label: {fr: a, en: a}, formula: "a * 2"}\n'
    problems = services.case_yaml_save(case=case, text=text, source="définition")
    assert [p.render() for p in problems] == [
        "définition:4: costs[0].formula: the formula “a * 2” uses “a”, which is not an input (known: —)"
    ]
    case.refresh_from_db()
    assert case.definition["id"] == "social_selling"
    assert services.case_yaml_save(case=case, text=text.replace("a * 2", "2"), source="d") == []
    case.refresh_from_db()
    assert case.definition["costs"][0]["formula"] == "2"


def test_actuals_are_recorded_once_per_driver_and_period(organisation: Organisation) -> None:
    case = services.case_create(organisation=organisation, template_id="social_selling")
    services.actual_save(case=case, input_id="sellers", period=1, value=Decimal(9))
    services.actual_save(case=case, input_id="sellers", period=1, value=Decimal(10))
    assert Actual.objects.get().value == 10
    with pytest.raises(ProblemsError):
        services.actual_save(case=case, input_id="nobody", period=1, value=Decimal(1))
    with pytest.raises(ProblemsError):
        services.actual_save(case=case, input_id="sellers", period=4, value=Decimal(1))
    with pytest.raises(ProblemsError):
        services.actual_save(case=case, input_id="sellers", period=1, value=Decimal("1e20"))
    evaluated = selectors.case_evaluate(case)
    assert evaluated.actual_rows[0].plan == 8
    assert evaluated.actual_rows[0].actual == 10
    assert evaluated.actual_evaluation is not None
    assert evaluated.evaluation is not None
    assert evaluated.actual_evaluation.npv != evaluated.evaluation.npv
    assert services.actual_delete(case=case, input_id="sellers", period=1)
    assert not Actual.objects.exists()


def test_actuals_of_removed_inputs_go_with_them(organisation: Organisation) -> None:
    case = services.case_create(organisation=organisation, template_id="social_selling")
    services.actual_save(case=case, input_id="hourly_cost", period=1, value=Decimal(60))
    data = dict(case.definition)
    data["inputs"] = [i for i in data["inputs"] if i["id"] != "hourly_cost"]
    data["costs"] = [c for c in data["costs"] if c["id"] != "seller_time"]
    assert services.case_definition_save(case=case, data=data) == []
    assert not Actual.objects.exists()


def test_current_case_gives_the_board_pack_its_figures(organisation: Organisation) -> None:
    assert selectors.current_case(organisation) is None
    services.case_create(organisation=organisation, template_id="employer_brand")
    report = selectors.current_case(organisation, language="en")
    assert report is not None
    for key in ("npv", "roi", "payback_months", "npv_p10", "npv_p50", "npv_p90", "tornado", "indicators"):
        assert key in report
    assert report["indicators"][0]["label"] == "Perceived employer attractiveness"
    assert report["tornado"][0]["input"] == "social_share"


@pytest.mark.parametrize(("size_band", "expected"), [("small", 110), ("large", 400)])
def test_an_executives_hour_depends_on_the_size_band(
    organisation: Organisation, size_band: str, expected: float
) -> None:
    """Issue 17 §2: a size-dependent cost is set from the organisation's size band, and says it is an
    assumption to validate with the finance director."""
    organisation.size_band = size_band
    organisation.save(update_fields=["size_band"])
    case = services.case_create(organisation=organisation, template_id="executive_visibility")
    item = next(i for i in case.definition["inputs"] if i["id"] == "executive_hourly_cost")
    assert item["value"] == expected
    assert "Hypothèse" in item["source"]
    loaded = load_case_data(case.definition).case
    assert loaded is not None
    assert loaded.inputs["executive_hourly_cost"].value == expected


def test_stored_cases_with_earned_media_in_the_npv_are_migrated(organisation: Organisation) -> None:
    """Cases made from the old templates counted EMV as a benefit: the migration moves it beside the NPV."""
    import importlib

    from django.apps import apps

    case = services.case_create(organisation=organisation, template_id="employer_brand")
    old = dict(case.definition)
    old["inputs"] = [
        *old["inputs"],
        {"id": "cpm", "label": {"fr": "CPM", "en": "CPM"}, "unit": "money", "value": 7},
    ]
    old["benefits"] = [
        *old["benefits"],
        {
            "id": "earned_media",
            "label": {"fr": "VMG", "en": "EMV"},
            "risk": 0.5,
            "formula": "impressions / 1000 * cpm",
        },
    ]
    old["indicators"] = [i for i in old["indicators"] if i["id"] != "organic_reach"]
    BusinessCase.objects.filter(pk=case.pk).update(definition=old)
    assert load_case_data(old).case is None  # refused as it stands
    migration = importlib.import_module("portevoix.business_case.migrations.0002_earned_media_beside_npv")
    migration.move_out(apps, None)
    case.refresh_from_db()
    loaded = load_case_data(case.definition).case
    assert loaded is not None
    assert "cpm" not in loaded.inputs
    assert [line.id for line in loaded.benefits()] == ["fees", "vacancy"]
    assert any(i.id == "organic_reach" for i in loaded.indicators)
