"""Issue acceptance: invite, answer through the e-mailed link, see the results with the right privacy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/q/[^/\s]+/")


def _link_for(email: str) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no e-mail to {email}"
    found = LINK.search(messages[-1].body)
    assert found is not None
    return found.group(0)


def _answer_everything(page: Any, link: str) -> None:
    page.goto(link)
    for _ in range(30):
        if page.locator("button[value=submit]").count():
            break
        # choose the last option of every question of the section, fill free texts
        page.evaluate(
            """() => {
              for (const fs of document.querySelectorAll('fieldset.question')) {
                const inputs = fs.querySelectorAll('input[type=radio], input[type=checkbox]');
                if (inputs.length) { inputs[inputs.length - 1].checked = true; }
                const text = fs.querySelector('textarea');
                if (text) { text.value = 'Le manque de temps, surtout.'; }
              }
            }"""
        )
        page.click("button[name=action][value=next]")
        page.wait_for_load_state()
    page.click("button[value=submit]")
    page.wait_for_selector("[data-testid=answers-sent]")


def test_invite_answer_and_see_results_with_privacy(live_server: Any, browser: Any) -> None:
    demo_populate()
    base = live_server.url
    admin = browser.new_context(locale="fr-FR")
    page = admin.new_page()
    login_demo(page, base, "claire.dubois@mecanique-armor.example")
    page.goto(f"{base}/o/demo/diagnostic/new/")
    page.fill("#id_name", "Diagnostic du codir")
    page.check("#id_team_survey")
    page.fill("#id_anonymity_threshold", "3")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/diagnostic/\d+/$"))
    campaign_url = page.url
    page.locator("form:has(input[name=kind][value=self]) button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("#id_emails", "atelier@mecanique-armor.example")
    page.locator("form:has(input[name=kind][value=team]) button[type=submit]").click()
    page.wait_for_load_state()
    page.click("button[value=open]")
    page.wait_for_load_state()
    assert len(mail.outbox) == 9  # 8 codir members + 1 employee

    respondent = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True)
    answer_page = respondent.new_page()
    _answer_everything(answer_page, _link_for("sophie.marchand@mecanique-armor.example"))
    _answer_everything(answer_page, _link_for("atelier@mecanique-armor.example"))
    # the same link again: already answered
    answer_page.goto(_link_for("sophie.marchand@mecanique-armor.example"))
    assert answer_page.locator("h1").inner_text() == "Vos réponses sont déjà envoyées", "translated"
    respondent.close()

    page.goto(campaign_url)
    assert page.locator("[data-testid=self-submitted]").inner_text() == "1"
    page.goto(campaign_url + "results/")
    members = page.locator("[data-testid=members-table]")
    assert "Sophie Marchand" in members.inner_text()
    assert page.locator("[data-testid=team-hidden]").is_visible()
    page.wait_for_selector("#chart-radar svg")  # the chart is drawn by the bundled Vega, offline
    admin.close()

    codir = browser.new_context(locale="fr-FR")
    herve = codir.new_page()
    login_demo(herve, base, "herve.legoff@mecanique-armor.example")
    herve.goto(campaign_url + "results/")
    body = herve.locator("main").inner_text()
    assert "Sophie Marchand" not in body
    # only Sophie has answered: the "codir aggregate" would be her scores, so Hervé reads why not
    assert not herve.locator("[data-testid=codir-person-score]").is_visible()
    assert "à partir de 3 autoévaluations" in herve.locator("[data-testid=codir-hidden]").inner_text()
    assert herve.locator("[data-testid=team-hidden]").is_visible()
    codir.close()
