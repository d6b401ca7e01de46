"""The demo business case in a real browser: charts drawn, live recompute as one types, save."""

from __future__ import annotations

from typing import Any

import pytest

from portevoix.business_case.models import BusinessCase
from portevoix.web.charts import get_bundle
from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_the_case_and_changes_an_input_live(live_server: Any, page: Any) -> None:
    demo_populate()
    get_bundle()  # built once per process (seconds on a loaded machine): not on the page's clock
    case = BusinessCase.objects.get(organisation__slug="demo")
    login_demo(page, live_server.url, "claire.dubois@mecanique-armor.example")
    page.get_by_role("link", name="Business case").first.click()
    page.get_by_role("link", name=case.name).click()
    for chart in ("chart-waterfall", "chart-histogram", "chart-tornado"):
        page.wait_for_selector(
            f"#{chart}.chart--rendered svg, #{chart}.chart--rendered canvas", timeout=60_000
        )
    npv = page.get_by_test_id("npv").inner_text()
    assert "EUR" in npv
    assert page.get_by_test_id("plan-vs-actual").is_visible()

    # Typing before htmx has started would go unheard: wait for the edit page to have loaded.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Modifier les hypothèses").click()
    summary = page.locator("#case-summary")
    before = summary.get_by_test_id("npv").inner_text()
    page.fill("[data-testid=value-sellers]", "12")
    page.wait_for_function(
        "before => document.querySelector('#case-summary [data-testid=npv]')?.innerText !== before",
        arg=before,
    )
    assert "pas encore enregistrées" in summary.inner_text()
    page.fill("[data-testid=value-sellers]", "douze")
    page.wait_for_selector("#case-summary [data-testid=problems]")
    assert "« douze » n’est pas un nombre" in summary.inner_text()
    page.fill("[data-testid=value-sellers]", "12")
    page.select_option("#kind-sellers", "uniform")
    assert page.locator("label[for=min-sellers]").is_visible()
    assert not page.locator("label[for=mode-sellers]").is_visible()
    page.fill("#min-sellers", "10")
    page.fill("#max-sellers", "14")
    page.get_by_test_id("save").click()
    page.wait_for_url(f"{live_server.url}/o/demo/business-case/{case.pk}/")
    case.refresh_from_db()
    sellers = next(i for i in case.definition["inputs"] if i["id"] == "sellers")
    assert sellers["value"] == 12
    assert sellers["distribution"] == {"kind": "uniform", "min": 10, "max": 14}
    assert page.get_by_test_id("npv").inner_text() != npv
