"""Generate a board pack from the Reports page, watch it finish, download it."""

from __future__ import annotations

from typing import Any

import pytest

from portevoix.reports.models import Report
from portevoix.reports.tasks import run_report
from portevoix.web.demo import demo_populate
from tests.browser.conftest import login_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_org_admin_generates_and_downloads_a_board_pack(live_server: Any, page: Any) -> None:
    demo_populate()
    login_demo(page, live_server.url, "claire.dubois@mecanique-armor.example")
    page.get_by_role("link", name="Rapports").click()
    page.wait_for_url(f"{live_server.url}/o/demo/reports/")
    form = page.locator("[data-testid=report-form]")
    form.locator("#id_kind").select_option("board")
    form.locator("#id_format").select_option("xlsx")
    form.locator("#id_language").select_option("en")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/o/demo/reports/*/")
    assert page.locator("[role=progressbar]").is_visible()
    record = Report.objects.filter(format="xlsx").get()
    assert run_report.call(record.pk) == "done"
    # the page polls and swaps in the download link by itself
    page.locator("[data-testid=report-download]").wait_for(timeout=10_000)
    with page.expect_download() as caught:
        page.click("[data-testid=report-download]")
    download = caught.value
    # the file name carries the scope: the campaign the pack reads
    assert download.suggested_filename.endswith(
        "-board-diagnostic-du-codir-automne-2026-en-" + record.created_at.strftime("%Y-%m-%d") + ".xlsx"
    )
