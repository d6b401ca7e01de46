"""The communication director reviews a detection in the codir view; the CEO sees his own profile."""

from __future__ import annotations

from typing import Any

import pytest

from portevoix.objections.models import Detection, OrgExample
from portevoix.objections.tasks import detect_demo
from portevoix.tenancy.models import Organisation
from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_reviews_and_ceo_sees_his_profile(live_server: Any, page: Any, browser: Any) -> None:
    demo_populate()
    detect_demo.call(Organisation.objects.get(slug="demo").pk)  # what the worker does next
    base = live_server.url
    login_demo(page, base, "claire.dubois@mecanique-armor.example")
    page.wait_for_url(f"{base}/o/demo/")
    page.get_by_role("link", name="Objections", exact=True).click()
    page.wait_for_url(f"{base}/o/demo/objections/")
    assert page.locator("h1").inner_text() == "Objections du codir"
    assert page.locator("[data-testid=kind-objection] tr[data-signal=time]").is_visible()
    assert page.get_by_text("Arguments pour la rencontre avec le sponsor").is_visible()

    pending = Detection.objects.filter(organisation__slug="demo", status="detected", source="text").first()
    assert pending is not None
    form = page.locator(f"[data-testid=review-{pending.pk}]")
    form.locator("button[value=reject]").click()
    page.wait_for_url(f"{base}/o/demo/objections/")
    assert page.get_by_text("Vérification enregistrée").is_visible()
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert OrgExample.objects.filter(text=pending.text, signal="__neutral__").exists()

    other = browser.new_page()
    try:
        login_demo(other, base, "herve.legoff@mecanique-armor.example")
        other.wait_for_url(f"{base}/o/demo/")
        other.get_by_role("link", name="Mes objections").click()
        assert other.locator("h1").inner_text() == "Profil d’objections de Hervé Le Goff"
        assert other.locator("[data-signal=time]").first.is_visible()
        assert other.locator("[data-signal=job_seeking]").is_visible()
        # the leader sees the resources offered, not the answers prepared against him (UX P4)
        assert other.get_by_text("Ressources qui vous sont proposées").first.is_visible()
        assert other.get_by_text("Bpifrance Le Lab").count() == 0
    finally:
        other.close()
