"""Business-case pages: reading, editing with located errors, actuals, exports."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portevoix.business_case import services
from portevoix.business_case.models import Actual, BusinessCase
from portevoix.evidence.models import DailyMetric
from portevoix.testing.tenants import Tenants

pytestmark = pytest.mark.django_db


def url(name: str, case: BusinessCase | None = None, slug: str = "acme") -> str:
    kwargs: dict[str, Any] = {"org_slug": slug}
    if case is not None:
        kwargs["pk"] = case.pk
    return reverse(f"business_case:{name}", kwargs=kwargs)


@pytest.fixture
def case(tenants: Tenants) -> BusinessCase:
    return services.case_create(organisation=tenants.org, template_id="social_selling")


def test_a_manager_creates_a_case_from_a_template(tenants: Tenants) -> None:
    client = tenants.client("owner")
    page = client.get(url("case.list")).content.decode()
    assert "Marque employeur et recrutement" in page  # the templates offered, in French
    response = client.post(url("case.create"), {"template": "employer_brand", "name": "Recrutement 2027"})
    created = BusinessCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("case.detail", created)
    assert created.name == "Recrutement 2027"
    bad = client.post(url("case.create"), {"template": "../../etc/passwd"}, follow=True)
    assert "pas de modèle" in bad.content.decode() or "no template" in bad.content.decode()
    assert BusinessCase.objects.count() == 1


def test_the_detail_shows_the_case_its_charts_and_indicators(tenants: Tenants, case: BusinessCase) -> None:
    page = tenants.client("codir").get(url("case.detail", case)).content.decode()
    assert 'data-testid="npv"' in page
    assert 'data-testid="npv-range"' in page
    for chart in ("chart-waterfall", "chart-histogram", "chart-tornado"):
        assert f'id="{chart}"' in page
    assert "Social Selling Index moyen de l’équipe" in page
    # inputs keep their source; assumptions say so (issue 17)
    assert "Hypothèse Porte-voix à valider avec la DAF" in page
    assert url("case.edit", case) not in page  # codir members read, they do not edit


def test_codir_members_cannot_edit(tenants: Tenants, case: BusinessCase) -> None:
    client = tenants.client("codir")
    assert client.post(url("case.edit", case), {"value-sellers": "99"}).status_code == 403
    case.refresh_from_db()
    assert next(i for i in case.definition["inputs"] if i["id"] == "sellers")["value"] == 8


def test_the_preview_recomputes_without_saving(tenants: Tenants, case: BusinessCase) -> None:
    client = tenants.client("owner")
    before = client.post(url("case.preview", case), {}, HTTP_HX_REQUEST="true").content.decode()
    after = client.post(url("case.preview", case), {"value-sellers": "16"}, HTTP_HX_REQUEST="true")
    text = after.content.decode()
    assert after.status_code == 200
    assert 'id="case-summary"' in text
    assert "<html" not in text
    assert text != before
    case.refresh_from_db()
    assert next(i for i in case.definition["inputs"] if i["id"] == "sellers")["value"] == 8
    bad = client.post(url("case.preview", case), {"value-sellers": "huit"}).content.decode()
    assert "Commerciaux formés" in bad
    assert "« huit » n’est pas un nombre" in bad


def test_saving_the_inputs_with_french_numbers(tenants: Tenants, case: BusinessCase) -> None:
    client = tenants.client("owner")
    response = client.post(
        url("case.edit", case),
        {
            "value-win_rate": "0,25",
            "kind-win_rate": "pert",
            "min-win_rate": "0,1",
            "mode-win_rate": "0,25",
            "max-win_rate": "0,4",
            "value-margin_per_deal": "18 000",
            "kind-licence_per_seller": "uniform",
            "min-licence_per_seller": "800",
            "max-licence_per_seller": "1200",
            "risk-extra_margin": "35",
            "discount_rate": "8",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    inputs = {i["id"]: i for i in case.definition["inputs"]}
    assert inputs["win_rate"]["distribution"] == {"kind": "pert", "min": 0.1, "mode": 0.25, "max": 0.4}
    assert inputs["margin_per_deal"]["value"] == 18000
    assert inputs["licence_per_seller"]["distribution"] == {"kind": "uniform", "min": 800, "max": 1200}
    assert case.definition["benefits"][0]["risk"] == 0.35
    assert case.definition["discount_rate"] == 0.08


def test_a_bad_distribution_is_refused_where_it_is(tenants: Tenants, case: BusinessCase) -> None:
    before = case.definition
    response = tenants.client("owner").post(
        url("case.edit", case),
        {"kind-win_rate": "triangular", "min-win_rate": "0.5", "mode-win_rate": "0.2", "max-win_rate": "0.1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "le minimum (0,5) est au-dessus du maximum (0,1)" in page or "(0.5)" in page
    case.refresh_from_db()
    assert case.definition == before


def test_the_yaml_definition_reports_lines(tenants: Tenants, case: BusinessCase) -> None:
    client = tenants.client("owner")
    page = client.get(url("case.definition", case)).content.decode()
    assert "opportunity_uplift" in page
    text = (
        "id: x\nname: {fr: a, en: b}\nhorizon_years: 3\n"
        "costs:\n  - {id: c, label: {fr: a, en: a}, years: [1, 2]}\n"
    )
    response = client.post(
        url("case.definition", case), {"definition": text, "name": "X", "simulations": "1000", "seed": "3"}
    )
    assert response.status_code == 400
    assert "définition:5: costs[0].years" in response.content.decode()
    case.refresh_from_db()
    assert case.definition["id"] == "social_selling"
    assert case.name != "X"
    fixed = text.replace("[1, 2]", "[1, 2, 3]")
    refused = client.post(
        url("case.definition", case), {"definition": fixed, "name": "X", "simulations": "many", "seed": "3"}
    )
    assert refused.status_code == 400
    case.refresh_from_db()
    assert case.definition["id"] == "social_selling"  # a bad setting saves nothing, not even the YAML
    response = client.post(
        url("case.definition", case), {"definition": fixed, "name": "X", "simulations": "1000", "seed": "3"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.definition["id"], case.name, case.simulations, case.seed) == ("x", "X", 1000, 3)


def test_actuals_typed_in_and_from_the_company_page(tenants: Tenants) -> None:
    case = services.case_create(organisation=tenants.org, template_id="employer_brand")
    client = tenants.client("owner")
    assert (
        client.post(
            url("case.actuals", case), {"input": "hires_per_year", "period": "1", "value": "30"}
        ).status_code
        == 302
    )
    bad = client.post(
        url("case.actuals", case), {"input": "hires_per_year", "period": "1", "value": "trente"}
    )
    assert bad.status_code == 400
    assert Actual.objects.get().value == 30
    page = client.get(url("case.actuals", case)).content.decode()
    assert 'data-testid="offers"' not in page  # no page data imported yet
    today = timezone.localdate()
    for offset in range(10):
        DailyMetric.objects.create(
            organisation=tenants.org,
            person=None,
            network="linkedin",
            day=today - datetime.timedelta(days=offset),
            metric="impressions",
            value=1000,
        )
    page = client.get(url("case.actuals", case)).content.decode()
    assert 'data-testid="offers"' in page
    response = client.post(
        url("case.actuals", case),
        {"input": "impressions", "period": "1", "value": "365000", "source": "evidence", "note": "page"},
    )
    assert response.status_code == 302
    assert Actual.objects.get(input_id="impressions").source == Actual.Source.EVIDENCE
    detail = client.get(url("case.detail", case)).content.decode()
    assert 'data-testid="plan-vs-actual"' in detail
    assert 'data-testid="with-actuals"' in detail


def test_json_export(tenants: Tenants, case: BusinessCase) -> None:
    response = tenants.client("codir").get(url("case.export_json", case))
    assert response["Content-Disposition"].endswith('.json"')
    body = json.loads(response.content)
    assert body["definition"]["id"] == "social_selling"
    for key in (
        "npv",
        "roi",
        "payback_months",
        "periods",
        "npv_p50",
        "probability_roi_positive",
        "indicators",
    ):
        assert key in body["evaluation"]


def test_xlsx_export_shows_its_formulas(tenants: Tenants) -> None:
    case = services.case_create(organisation=tenants.org, template_id="acculturation")
    response = tenants.client("owner").get(url("case.export_xlsx", case))
    book = load_workbook(io.BytesIO(response.content))
    inputs, flows = book.worksheets
    assert inputs.title == "Entrées"
    assert flows.title == "Flux"
    assert inputs["A2"].value == "discount_rate"
    assert inputs["C2"].value == 0.1
    names = book.defined_names
    assert names["in_adoption"].attr_text == "'Entrées'!$C$3"
    assert "discount_rate" in names
    cells = {row[0].value: [c.value for c in row[3:]] for row in flows.iter_rows(min_row=3)}
    # the ramp depends on the year: computed per period from the period row
    assert cells["Montée en charge de l’année"][1] == "=((in_adoption*MIN(E$2,3))/3)"
    assert cells["Marge additionnelle (social selling)"][2] == "=(in_sales_margin_potential*F3)"
    assert cells["Facteur d’actualisation"][3] == "=1/(1+discount_rate)^G$2"
    npv = next(row for row in flows.iter_rows() if row[0].value == "VAN")
    assert str(npv[3].value).startswith("=D")
    roi = next(row for row in flows.iter_rows() if row[0].value == "ROI")
    assert "IF(" in str(roi[3].value)
