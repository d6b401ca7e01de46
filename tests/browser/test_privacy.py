"""Consent, erasure and "My data" in a real browser, on the demo organisation."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from portevoix.privacy.models import Consent
from portevoix.tenancy.models import Person
from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_records_a_consent_then_erases_a_person(live_server: Any, page: Any) -> None:
    demo_populate()
    sophie = Person.objects.get(organisation__slug="demo", email__startswith="sophie.marchand@")
    login_demo(page, live_server.url, "claire.dubois@mecanique-armor.example")
    page.goto(f"{live_server.url}/o/demo/people/{sophie.pk}/")
    panel = page.locator("[data-testid=person-privacy]")
    assert panel.locator("[data-testid=no-consent]").is_visible()
    panel.locator("select[name=method]").select_option("meeting")
    panel.locator("input[name=note]").fill("Comité du lundi")
    panel.get_by_role("button", name="Enregistrer le consentement").click()
    page.wait_for_selector("text=Le consentement de Sophie Marchand est enregistré.")
    assert Consent.objects.filter(person=sophie, withdrawn_at__isnull=True).count() == 1

    page.on("dialog", lambda dialog: dialog.accept())
    panel = page.locator("[data-testid=person-privacy]")
    panel.get_by_label("Je comprends que c’est irréversible").check()
    erase_form = panel.locator("form", has=page.locator("[data-testid=person-erase]"))
    assert "Sophie Marchand" in (erase_form.get_attribute("data-confirm") or "")
    panel.locator("[data-testid=person-erase]").click()
    page.wait_for_url(f"{live_server.url}/o/demo/people/")
    assert page.get_by_text("La personne est effacée partout").is_visible()
    assert not Person.objects.filter(pk=sophie.pk).exists()
    assert page.locator("#people-table").get_by_text("Sophie Marchand").count() == 0


def test_codir_member_sees_and_downloads_their_data(live_server: Any, page: Any, tmp_path: Path) -> None:
    demo_populate()
    login_demo(page, live_server.url, "herve.legoff@mecanique-armor.example")
    page.get_by_role("link", name="Mes données").click()
    page.wait_for_url(f"{live_server.url}/o/demo/my-data/")
    held = page.locator("[data-testid=my-data-held]").inner_text()
    assert "Hervé Le Goff" in held
    assert "Activités" in held
    assert "Consentements" in held
    with page.expect_download() as download_info:
        page.locator("[data-testid=my-data-export]").click()
    path = tmp_path / "mine.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["records"]["tenancy.Person"][0]["full_name"] == "Hervé Le Goff"
    assert data["records"]["evidence.Activity"]
