"""A real Chromium (Debian's) driven by Playwright against the live test server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import require

# Playwright's sync API runs an event loop in the test thread; the ORM calls that set up test
# data there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str | None:
    configured = os.environ.get("PORTEVOIX_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    require(executable is not None, "no Chromium found (apt-get install chromium, or set PORTEVOIX_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    # An English browser, on purpose: the product must still answer in French by default.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login_demo(page: Any, base: str, email: str, lands_on: str | None = "/o/demo/") -> None:
    """Log a demo account in through the real login form and wait for the page it lands on (the
    demo organisation; ``None`` for an account that lands elsewhere: a consultant's list of
    organisations, the platform admin)."""
    from portevoix.web.demo import demo_password

    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", demo_password())
    page.click("main form button[type=submit]")
    if lands_on is None:
        page.wait_for_load_state()
    else:
        page.wait_for_url(f"{base}{lands_on}")
