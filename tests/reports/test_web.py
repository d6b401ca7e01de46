"""The Reports page: background generation with progress, permission-checked downloads, slide template."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from portevoix.reports.models import Report, SlideTemplate
from portevoix.reports.services import report_generate
from portevoix.reports.tasks import run_report
from portevoix.storage import reports
from portevoix.testing.tenants import Tenants

from .helpers import slides


def test_owner_generates_a_board_pack_in_the_background_and_downloads_it(tenants: Tenants) -> None:
    client = tenants.client("owner")
    page = client.get("/o/acme/reports/")
    assert "Rapports" in page.content.decode()
    assert 'data-testid="progress-unavailable"' not in page.content.decode()
    response = client.post("/o/acme/reports/", {"kind": "board", "format": "xlsx", "language": "en"})
    record = Report.objects.get()
    assert response["Location"] == f"/o/acme/reports/{record.pk}/"
    assert record.status == Report.Status.QUEUED
    running = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert 'role="progressbar"' in running
    assert run_report.call(record.pk) == "done"
    record.refresh_from_db()
    assert record.progress == 100
    assert any("No diagnostic answers yet" in m for m in record.missing)
    done = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="report-download"' in done
    assert 'data-testid="report-missing"' in done
    download = client.get(f"/o/acme/reports/{record.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in download["Content-Disposition"]
    assert download.getvalue().startswith(b"PK")  # streamed from the storage
    assert int(download["Content-Length"]) == record.size
    # the file lives outside any served folder, under a random name
    assert reports().exists(record.stored_file)
    # the codir reads the board pack too
    assert tenants.client("codir").get(f"/o/acme/reports/{record.pk}/download/").status_code == 200


def test_leader_report_is_private_to_the_leader_and_managers(tenants: Tenants) -> None:
    owner, codir = tenants.client("owner"), tenants.client("codir")
    owner.post(
        "/o/acme/reports/",
        {"kind": "leader", "person": tenants.colleague.pk, "format": "pdf", "language": "fr"},
    )
    colleague_report = Report.objects.get(person=tenants.colleague)
    assert codir.get(f"/o/acme/reports/{colleague_report.pk}/").status_code == 404
    assert codir.get(f"/o/acme/reports/{colleague_report.pk}/download/").status_code == 404
    assert colleague_report.pk not in [r.pk for r in codir.get("/o/acme/reports/").context["reports"]]
    # a codir member may generate their own report, not a colleague's, and no board pack
    refused = codir.post(
        "/o/acme/reports/",
        {"kind": "leader", "person": tenants.colleague.pk, "format": "pdf", "language": "fr"},
    )
    assert refused.status_code == 400
    assert (
        codir.post("/o/acme/reports/", {"kind": "board", "format": "pdf", "language": "fr"}).status_code
        == 400
    )
    own = codir.post(
        "/o/acme/reports/",
        {"kind": "leader", "person": tenants.own_person.pk, "format": "xlsx", "language": "fr"},
    )
    record = Report.objects.get(person=tenants.own_person)
    assert own["Location"] == f"/o/acme/reports/{record.pk}/"
    run_report.call(record.pk)
    assert codir.get(f"/o/acme/reports/{record.pk}/download/").status_code == 200
    assert owner.get(f"/o/acme/reports/{record.pk}/download/").status_code == 200
    assert Report.objects.count() == 2


def test_progress_report_without_a_roadmap_says_what_is_missing(tenants: Tenants) -> None:
    response = tenants.client("owner").post(
        "/o/acme/reports/", {"kind": "progress", "format": "pdf", "language": "en"}
    )
    record = Report.objects.get()
    assert response.status_code == 302
    assert run_report.call(record.pk) == "done"
    record.refresh_from_db()
    assert any("No roadmap in this organisation yet." in m for m in record.missing)


def test_slide_template_is_checked_then_used(
    tenants: Tenants, django_capture_on_commit_callbacks: Any
) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    client = tenants.client("owner")
    bad = client.post("/o/acme/reports/template/", {"file": SimpleUploadedFile("deck.pptx", b"not a deck")})
    assert bad.status_code == 400
    assert "n’est pas un fichier PowerPoint" in bad.content.decode()
    assert not SlideTemplate.objects.exists()

    template = Presentation()  # a 4:3 theme with its own slide, which must not reach the report
    template.slide_width, template.slide_height = Inches(10), Inches(7.5)
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Old company slide"
    raw = io.BytesIO()
    template.save(raw)
    ok = client.post("/o/acme/reports/template/", {"file": SimpleUploadedFile("acme.pptx", raw.getvalue())})
    assert ok.status_code == 302
    assert SlideTemplate.objects.get().filename == "acme.pptx"
    data, _document = report_generate(organisation=tenants.org, kind="board", fmt="pptx", language="fr")
    deck = Presentation(io.BytesIO(data))
    assert deck.slide_width == Inches(10)  # the template's size and layouts
    texts = [t for t, _n, _p in slides(data)]
    assert not any("Old company slide" in t for t in texts)
    assert any("Synthèse" in t or "Trois messages" in t for t in texts)
    key = SlideTemplate.objects.get().stored_file
    assert reports().exists(key)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/o/acme/reports/template/", {"action": "remove"})
    assert not SlideTemplate.objects.exists()
    assert not reports().exists(key)  # removing the template deletes its file
