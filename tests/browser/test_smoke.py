"""Log in as the demo organisation admin, switch language, see the organisation page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_org_admin_logs_in_switches_language_and_sees_the_organisation(live_server: Any, page: Any) -> None:
    demo_populate()
    login_demo(page, live_server.url, "claire.dubois@mecanique-armor.example")
    page.wait_for_url(f"{live_server.url}/o/demo/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Mécanique Armor Industrie"
    assert page.get_by_text("Hervé Le Goff").is_visible()
    assert page.get_by_role("link", name="Vue d’ensemble").is_visible()

    page.click("[data-testid=lang-en]")
    page.wait_for_url(f"{live_server.url}/o/demo/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Overview").is_visible()
    assert page.get_by_text("Manufacturing industry").is_visible()

    # the choice survives navigation
    page.get_by_role("link", name="People").click()
    page.wait_for_url(f"{live_server.url}/o/demo/people/")
    assert page.locator("h1").inner_text() == "People"


def test_people_filter_updates_the_table_in_place(live_server: Any, page: Any) -> None:
    demo_populate()
    login_demo(page, live_server.url, "claire.dubois@mecanique-armor.example")
    page.wait_for_url(f"{live_server.url}/o/demo/")
    page.goto(f"{live_server.url}/o/demo/people/")
    rows = page.locator("#people-table tbody tr")
    assert rows.count() == 10
    page.fill("#q", "Kerjean")
    # (not wait_for_function: its string would be eval'd, which the Content-Security-Policy forbids)
    expect(rows).to_have_count(1)
    assert "Isabelle Kerjean" in rows.first.inner_text()
    assert "q=Kerjean" in page.url  # htmx pushed the filter into the address bar


def test_consultant_switches_between_organisations_on_a_phone(live_server: Any, browser: Any) -> None:
    demo_populate()
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        login_demo(page, live_server.url, "camille.perrin@conseil-social.example", lands_on=None)
        page.wait_for_url(f"{live_server.url}/")
        page.select_option("#org-switch", label="Maison Lumen")
        page.wait_for_url(f"{live_server.url}/o/maison-lumen/")
        assert page.locator("h1").inner_text() == "Maison Lumen"
        # nothing wider than the screen: the page works on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
