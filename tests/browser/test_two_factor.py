"""Two-factor authentication in a real browser, under the Content-Security-Policy."""

from __future__ import annotations

import time
from typing import Any

import pytest

from portevoix.core import totp
from portevoix.web.demo import demo_password, demo_populate
from tests.browser.test_csp import Watcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "claire.dubois@mecanique-armor.example"


def _password_step(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", demo_password())
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def test_enrol_then_log_in_with_a_code(live_server: Any, page: Any) -> None:
    demo_populate()
    base = live_server.url
    watcher = Watcher(page)
    _password_step(page, base)
    page.wait_for_url(f"{base}/o/demo/")
    page.click("[data-testid=two-factor-link]")
    page.wait_for_url(f"{base}/accounts/two-factor/")
    page.get_by_role("button", name="Configurer la double authentification").click()
    page.wait_for_selector("[data-testid=qr] svg")
    watcher.check("QR code")
    secret = page.locator("[data-testid=secret]").inner_text().replace(" ", "")
    page.fill("#id_code", totp.code_at(secret, totp.step_of(time.time())))
    page.get_by_role("button", name="Confirmer et activer").click()
    codes = page.locator("[data-testid=recovery-codes] li")
    assert codes.count() == 10
    watcher.check("recovery codes")

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{base}/accounts/login/")
    _password_step(page, base)
    page.wait_for_url(f"{base}/accounts/login/code/")
    page.fill("#id_code", "000000")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_text("Ce code n’est pas valide").is_visible()
    # the enrolment code cannot be used again; the next step's code is within the allowed drift
    page.fill("#id_code", totp.code_at(secret, totp.step_of(time.time()) + 1))
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/o/demo/")
    watcher.console.clear()  # the wrong code's page was a 200 with an error, nothing else expected
    watcher.check("logged in")
