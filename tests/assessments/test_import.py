"""Import answers from a Forms-style export: mapping, dry run, row-level errors, all or nothing."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from portevoix.assessments import importing
from portevoix.assessments.models import AnswerImport, Campaign, Response
from portevoix.assessments.questionnaire import sections_for
from portevoix.core.tabular.reader import MAX_COLUMNS
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.tenants import Tenants


def _forms_export(
    campaign: Campaign, rows: list[dict[str, str]], *, team: bool = False
) -> tuple[list[str], list[list[str]]]:
    """A Microsoft Forms-like export: question texts as headers, option labels as cells."""
    framework = campaign.framework_version.framework
    questions = [q for d in sections_for(framework, "team" if team else "self") for q in d.questions]
    headers = ([] if team else ["ID", "Adresse de messagerie"]) + [q.text.fr for q in questions]
    body = []
    for n, row in enumerate(rows):
        cells = [] if team else [str(n + 1), row["email"]]
        for question in questions:
            if question.type == "single_choice":
                cells.append(question.options[-1].label.fr)
            elif question.type == "multiple_choice":
                cells.append(";".join(o.label.fr for o in question.options[:2]))
            elif question.type == "scale":
                assert question.scale is not None
                cells.append(str(question.scale.max))
            else:
                cells.append("Pas le temps")
        body.append(cells)
    return headers, body


def _csv(headers: list[str], body: list[list[str]], *, encoding: str = "utf-8-sig") -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows(body)
    return buffer.getvalue().encode(encoding)


def _xlsx(headers: list[str], body: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in body:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: Any, campaign: Campaign, content: bytes, name: str, kind: str = "self") -> Any:
    url = f"/o/acme/diagnostic/{campaign.pk}/import/"
    return client.post(url, {"file": SimpleUploadedFile(name, content), "kind": kind})


def test_forms_export_is_mapped_checked_and_imported(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    headers, body = _forms_export(
        campaign, [{"email": "Herve@Acme.example"}, {"email": "sophie@acme.example"}]
    )
    client = tenants.client("owner")
    response = _upload(client, campaign, _xlsx(headers, body), "Diagnostic codir.xlsx")
    assert response.status_code == 302
    dry_run = client.get(response["Location"])
    plan = dry_run.context["plan"]
    assert plan.ok, dry_run.context["problems"][:3]
    assert plan.mapping["Adresse de messagerie"] == "respondent"
    assert plan.mapping["ID"] is None
    assert not Response.objects.exists()  # a dry run writes nothing
    post = {
        "column": [c["header"] for c in dry_run.context["columns"]],
        "target": [c["target"] for c in dry_run.context["columns"]],
        "action": "import",
    }
    done = client.post(response["Location"], post)
    assert done.status_code == 302
    imported = Response.objects.filter(campaign=campaign, source="import")
    assert {r.subject for r in imported} == {tenants.own_person, tenants.colleague}
    again = _upload(client, campaign, _xlsx(headers, body), "again.xlsx")
    second = client.post(again["Location"], {**post, "action": "import"})
    assert second.status_code == 400  # same people already answered: nothing changes
    assert Response.objects.count() == 2
    assert AnswerImport.objects.count() == 1


def test_row_level_errors_and_nothing_imported(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    headers, body = _forms_export(
        campaign, [{"email": "herve@acme.example"}, {"email": "nobody@acme.example"}]
    )
    body[0][3] = "Une réponse inventée"
    client = tenants.client("owner")
    response = _upload(client, campaign, _csv(headers, body, encoding="cp1252"), "export.csv")
    page = client.get(response["Location"])
    problems = page.context["problems"]
    codes = {p["code"] for p in problems}
    assert {"unknown_option", "respondent_unknown"} <= codes
    assert {p["line"] for p in problems} == {2, 3}
    assert page.context["encoding"] == "cp1252"
    post = {
        "column": [c["header"] for c in page.context["columns"]],
        "target": [c["target"] for c in page.context["columns"]],
        "action": "import",
    }
    assert client.post(response["Location"], post).status_code == 400
    assert not Response.objects.exists()


def test_team_survey_import_stays_anonymous(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org, team_survey=True)
    headers, body = _forms_export(campaign, [{}, {}, {}], team=True)
    client = tenants.client("owner")
    response = _upload(client, campaign, _csv(headers, body, encoding="utf-16"), "equipe.csv", kind="team")
    page = client.get(response["Location"])
    assert page.context["plan"].ok, page.context["problems"][:3]
    post = {
        "column": [c["header"] for c in page.context["columns"]],
        "target": [c["target"] for c in page.context["columns"]],
        "action": "import",
    }
    client.post(response["Location"], post)
    team = Response.objects.filter(kind="team")
    assert team.count() == 3
    assert all(r.subject is None and r.respondent is None and r.invitation is None for r in team)


def test_corrupt_and_legacy_files_get_clear_errors(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    client = tenants.client("owner")
    for name, content in [
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),  # the full OLE2 signature
    ]:
        response = _upload(client, campaign, content, name)
        key = client.session[f"answer-import:{campaign.pk}"]["key"]
        page = client.get(response["Location"], follow=True)
        assert importing.upload_read(key, organisation=tenants.org) is None
        # Nothing to map: back to the upload form, with the reason, and the upload dropped.
        assert page.redirect_chain[-1][0].endswith(f"/diagnostic/{campaign.pk}/import/")
        shown = [str(message) for message in page.context["messages"]]
        assert len(shown) == 1, shown
        assert shown[0].startswith(f"{name}:"), shown
        again = client.get(response["Location"], follow=True)  # the upload is not read again
        assert [str(message) for message in again.context["messages"]] == [
            "Choisissez d’abord le fichier à importer."
        ]
    assert not Response.objects.exists()


def test_a_file_with_too_many_columns_is_refused_before_the_mapping_page(tenants: Tenants) -> None:
    # Security review F11: 100,000 columns drew 100,000 menus and timed the worker out, at every
    # visit, since the upload stayed pending.
    campaign = make_campaign(tenants.org)
    client = tenants.client("owner")
    content = ";".join(f"q{i}" for i in range(MAX_COLUMNS + 1)).encode() + b"\n" + b"x\n"
    response = _upload(client, campaign, content, "wide.csv")
    key = client.session[f"answer-import:{campaign.pk}"]["key"]
    with translation.override("fr"):
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [(f"/o/acme/diagnostic/{campaign.pk}/import/", 302)]
    assert [str(message) for message in page.context["messages"]] == [
        f"wide.csv:1: le fichier a {MAX_COLUMNS + 1}\u202fcolonnes\u202f: "
        f"au plus {MAX_COLUMNS} peuvent être importées"
    ]
    assert b'name="target"' not in page.content
    assert client.get(response["Location"]).status_code == 302  # not read again
    assert importing.upload_read(key, organisation=tenants.org) is None
    at_the_limit = ";".join(f"q{i}" for i in range(MAX_COLUMNS)).encode() + b"\nx\n"
    response = _upload(client, campaign, at_the_limit, "wide.csv")
    assert len(client.get(response["Location"]).context["columns"]) == MAX_COLUMNS


def test_missing_respondent_column_is_reported(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    headers, body = _forms_export(campaign, [{"email": "herve@acme.example"}])
    headers[1] = "Something else"
    client = tenants.client("owner")
    response = _upload(client, campaign, _csv(headers, body), "export.csv")
    page = client.get(response["Location"])
    assert any(p["code"] == "column_missing" for p in page.context["problems"])


def test_a_file_mixing_utf8_and_windows_1252_is_shown_with_its_lines_and_not_imported(
    tenants: Tenants,
) -> None:
    """F17: the UTF-8 rows used to be read as Windows-1252 (mojibake), silently."""
    campaign = make_campaign(tenants.org)
    headers, body = _forms_export(
        campaign, [{"email": "herve@acme.example"}, {"email": "sophie@acme.example"}]
    )
    utf8 = _csv(headers, body[:1], encoding="utf-8")
    windows = _csv(headers, body[1:], encoding="cp1252").split(b"\r\n", 1)[1]  # its row only
    client = tenants.client("owner")
    response = _upload(client, campaign, utf8 + windows, "melange.csv")
    page = client.get(response["Location"])
    problems = page.context["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [("mixed_encoding", 3)]
    assert "lues en Windows-1252 (lignes 3)" in page.content.decode()
    assert not page.context["plan"].ok
    assert not Response.objects.exists()
