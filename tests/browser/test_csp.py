"""Every main page under the Content-Security-Policy: no violation, charts and htmx still work."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from portevoix.assessments.models import Campaign, Invitation
from portevoix.assessments.tokens import invitation_token
from portevoix.business_case.models import BusinessCase
from portevoix.evidence.models import EvidenceImport
from portevoix.tenancy.models import Organisation
from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects the violations the browser reports, from before any script of the page runs.
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  window.__cspViolations.push(
    event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber
  );
});
"""


class Watcher:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        page.on("response", self._response)

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.console.append(f"{response.status} {response.url}")

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console.append(message.text)

    def visit(self, url: str, timeout: float = 15_000) -> None:
        response = self.page.goto(url, timeout=timeout)
        assert response is not None
        assert response.status < 400, url
        assert "Content-Security-Policy" in {k.title() for k in response.headers}
        self.page.wait_for_load_state("networkidle")
        self.check(url)

    def check(self, where: str) -> None:
        violations = self.page.evaluate("window.__cspViolations || []")
        assert violations == [], f"{where}: {violations}"
        assert self.console == [], f"{where}: {self.console}"


def test_main_pages_have_no_csp_violation(live_server: Any, page: Any) -> None:
    demo_populate()
    base = live_server.url
    watcher = Watcher(page)
    watcher.visit(f"{base}/accounts/login/")
    login_demo(page, base, "claire.dubois@mecanique-armor.example")
    org = Organisation.objects.get(slug="demo")
    campaign = Campaign.objects.filter(organisation=org).exclude(status="draft").first()
    assert campaign is not None
    person = org.people.first()
    evidence = EvidenceImport.objects.filter(organisation=org).first()
    case = BusinessCase.objects.get(organisation=org)
    action = org.roadmap.actions.first()  # type: ignore[attr-defined]
    assert action is not None
    paths = [
        "/o/demo/",
        "/o/demo/people/",
        f"/o/demo/people/{person.pk}/",
        f"/o/demo/people/{person.pk}/edit/",
        "/o/demo/members/",
        "/o/demo/settings/",
        "/o/demo/model/",
        "/o/demo/usage/",
        "/o/demo/personas/",
        "/o/demo/diagnostic/",
        "/o/demo/diagnostic/new/",
        f"/o/demo/diagnostic/{campaign.pk}/",
        f"/o/demo/diagnostic/{campaign.pk}/import/",
        "/o/demo/evidence/",
        f"/o/demo/evidence/{evidence.pk}/" if evidence else None,
        "/o/demo/business-case/",
        f"/o/demo/business-case/{case.pk}/",
        f"/o/demo/business-case/{case.pk}/edit/",
        f"/o/demo/business-case/{case.pk}/actuals/",
        "/o/demo/roadmap/",
        f"/o/demo/roadmap/actions/{action.pk}/",
        f"/o/demo/roadmap/actions/{action.pk}/edit/",
        "/o/demo/roadmap/load/",
        "/o/demo/roadmap/risks/",
        "/o/demo/roadmap/history/",
        "/o/demo/reports/",
        "/frameworks/",
        "/accounts/two-factor/",
        "/accounts/password/change/",
        "/api/docs",
    ]
    for path in paths:
        if path:
            watcher.visit(base + path)

    # charts render under the policy (Vega without eval)
    # (the first request for the Vega bundle builds it: slow on a busy machine)
    watcher.visit(f"{base}/o/demo/diagnostic/{campaign.pk}/results/", timeout=120_000)
    page.wait_for_selector("figure.chart.chart--rendered svg")
    assert page.locator("figure.chart.chart--failed").count() == 0
    watcher.check("results")

    # htmx swaps work: the people filter
    watcher.visit(f"{base}/o/demo/people/")
    page.fill("#q", "Kerjean")
    # (a string wait_for_function would be eval'd in the page, which the policy rightly forbids)
    expect(page.locator("#people-table tbody tr")).to_have_count(1)
    watcher.check("people filter")

    # bars are sized by app.js from data attributes, not by inline styles
    watcher.visit(f"{base}/o/demo/model/")
    bar = page.locator("span.bar").first
    assert bar.evaluate("el => el.getBoundingClientRect().width") > 0


def test_questionnaire_and_admin_have_no_csp_violation(live_server: Any, page: Any) -> None:
    demo_populate()
    base = live_server.url
    watcher = Watcher(page)
    invitation = Invitation.objects.filter(status__in=["pending", "started"], campaign__status="open").first()
    assert invitation is not None
    watcher.visit(f"{base}/q/{invitation_token(invitation)}/")
    bar = page.locator(".progress span").first
    if bar.count():
        assert bar.evaluate("el => el.style.width") != ""
    login_demo(page, base, "admin@porte-voix.example", lands_on=None)
    watcher.visit(f"{base}/admin/")
    watcher.visit(f"{base}/admin/tenancy/organisation/")
    watcher.visit(f"{base}/admin/auth/user/add/")
