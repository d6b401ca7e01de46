"""The roadmap in a real browser: the timeline is drawn, an action is edited in place (htmx),
a refused edit says why and saves nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from portevoix.roadmap.models import Action
from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_an_action_in_place_on_the_board(live_server: Any, page: Any) -> None:
    demo_populate()
    login_demo(page, live_server.url, "claire.dubois@mecanique-armor.example")
    # The first page with a chart builds the Vega bundle: give a loaded machine time.
    page.goto(f"{live_server.url}/o/demo/roadmap/", timeout=60_000)
    page.wait_for_selector(
        "#chart-timeline.chart--rendered svg, #chart-timeline.chart--rendered canvas", timeout=60_000
    )
    # the time axis speaks the page's language: French month names, each once
    axis = page.locator("#chart-timeline svg").text_content() or ""
    months = re.findall(r"(?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? 20\d\d", axis)
    assert months
    assert len(months) == len(set(months))
    listening = Action.objects.get(roadmap__organisation__slug="demo", key="codir_workshop")
    card = f"#action-{listening.pk}"
    page.click(f"{card} >> text=Modifier")
    page.wait_for_selector(f"{card}.editing")
    end = page.input_value(f"{card} [name=end_date]")
    page.fill(f"{card} [name=end_date]", "2020-01-01")
    page.click(f"{card} button[type=submit].primary")
    page.wait_for_selector(f"{card}.editing .errorlist")
    assert "La fin vient avant le début." in page.inner_text(f"{card} .errorlist")
    listening.refresh_from_db()
    assert listening.end_date.isoformat() == end
    page.fill(f"{card} [name=end_date]", end)
    page.fill(f"{card} [name=title]", "Atelier codir du 12 octobre")
    page.click(f"{card} button[type=submit].primary")
    page.wait_for_selector(f"{card}:not(.editing)")
    assert "Atelier codir du 12 octobre" in page.inner_text(card)
    listening.refresh_from_db()
    assert listening.title == "Atelier codir du 12 octobre"
    assert listening.edited


def test_codir_member_reads_the_roadmap(live_server: Any, page: Any) -> None:
    demo_populate()
    login_demo(page, live_server.url, "herve.legoff@mecanique-armor.example")
    page.get_by_role("link", name="Feuille de route").click()
    page.wait_for_url(f"{live_server.url}/o/demo/roadmap/")
    assert page.get_by_text("levée par dérogation").first.is_visible()
    assert page.locator("text=Modifier").count() == 0
