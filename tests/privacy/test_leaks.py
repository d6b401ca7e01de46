"""Security review 2026-12, findings F1 and F3 and the info items: every download holds no more
than its reader may see in the product.

One campaign: Hervé (a codir member with an account) and Sophie (another codir member with an
account) assess themselves; Sophie rates Hervé; three employees answer the anonymous team survey
below its threshold, one in English, and a fourth has a draft in progress. Each answer carries a
sentence of its own, so a download that holds an answer it should not is caught by its text.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from portevoix.assessments import services
from portevoix.assessments.models import Campaign, Invitation
from portevoix.assessments.questionnaire import sections_for
from portevoix.privacy.models import Consent
from portevoix.tenancy.models import Person, Role
from portevoix.testing.campaigns import answers_for, make_campaign
from portevoix.testing.factories import make_member
from portevoix.testing.tenants import Tenants

SELF_HERVE = "Hervé en privé : je déteste me montrer"
SELF_SOPHIE = "Sophie en privé : je publie sous pseudonyme"
PEER = "Patrick: Sophie ne publie jamais, avis confidentiel sur Hervé"
TEAM_EN = "Honestly management ignores us; I will leave if nothing changes"
TEAM_FR = "La direction ne nous écoute pas"
DRAFT = "Brouillon de Carla : mon chef me harcèle"
EVERY_SECRET = (SELF_HERVE, SELF_SOPHIE, PEER, TEAM_EN, TEAM_FR, DRAFT)


def answer(
    campaign: Campaign,
    kind: str,
    email: str,
    text: str,
    *,
    respondent: Person | None = None,
    subject: Person | None = None,
    language: str = "fr",
    submit: bool = True,
) -> Invitation:
    invitation, _created = services.invitation_create(
        campaign=campaign, kind=kind, email=email, respondent=respondent, subject=subject, language=language
    )
    framework = campaign.framework_version.framework
    answers = answers_for(framework, kind)
    free = [q.id for d in sections_for(framework, kind) for q in d.questions if q.type == "free_text"]
    assert free, f"the {kind} questionnaire has a free-text question"
    answers.update(dict.fromkeys(free, text))
    return services.answers_save(invitation=invitation, answers=answers, submit=submit)


@dataclass
class World:
    tenants: Tenants
    campaign: Campaign
    leader: Person
    rater: Person
    peer: Invitation

    def client(self, role: str) -> Client:
        return self.tenants.client(role)


@pytest.fixture
def world(tenants: Tenants, settings: Any, tmp_path: Path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    leader, rater = tenants.own_person, tenants.colleague
    tenants.users["rater"] = make_member(
        tenants.org, Role.CODIR_MEMBER, person=rater, email="sophie.account@acme.example"
    )
    campaign = make_campaign(tenants.org, team_survey=True)  # threshold 5
    answer(campaign, "self", leader.email, SELF_HERVE, respondent=leader, subject=leader)
    answer(campaign, "self", rater.email, SELF_SOPHIE, respondent=rater, subject=rater)
    peer = answer(campaign, "peer", rater.email, PEER, respondent=rater, subject=leader)
    answer(campaign, "team", "anna@acme.example", TEAM_FR)
    answer(campaign, "team", "john.smith@acme.example", TEAM_EN, language="en")
    services.invitation_create(campaign=campaign, kind="team", email="bruno@acme.example")
    answer(campaign, "team", "carla@acme.example", DRAFT, submit=False)
    return World(tenants, campaign, leader, rater, peer)


# -- reading a download -----------------------------------------------------------------------


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        # Read to the end: the test client then closes the ZIP's temporary file.
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _text(raw: bytes) -> str:
    """Everything a download says: each member of a ZIP, each cell of a workbook, or the text."""
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" in names:
                book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
                return "\n".join(
                    str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
                )
            return "\n".join(_text(archive.read(name)) for name in names)
    return raw.decode("utf-8", "replace")


def _data(raw: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return dict(json.loads(archive.read("data.json")))


def _rows(data: dict[str, Any], label: str) -> list[dict[str, Any]]:
    return [*data["records"].get(label, []), *data["references"].get(label, [])]


# -- F1: a colleague's rating is the rater's data, not the leader's --------------------------------


def test_f1_the_leaders_my_data_holds_no_colleagues_rating(world: World) -> None:
    """Reproduction: one colleague rates the leader with a comment; the leader downloads My data."""
    response = world.client("codir").post(reverse("privacy:my_data.export", kwargs={"org_slug": "acme"}))
    assert response.status_code == 200
    raw = _body(response)
    text = _text(raw)
    assert PEER not in text
    assert SELF_HERVE in text  # their own answers are theirs
    data = _data(raw)
    responses = _rows(data, "assessments.Response")
    assert [r["kind"] for r in responses] == ["self"]
    invitations = _rows(data, "assessments.Invitation")
    assert world.peer.pk not in [i["id"] for i in invitations]
    assert all(i["kind"] != "peer" for i in invitations)
    assert world.peer.submitted_at is not None
    assert DjangoJSONEncoder().default(world.peer.submitted_at) not in text
    # What the results page shows them: one assessor, below the minimum of two: no mean.
    gaps = data["summaries"]["assessments.Response"][0]["perception_gaps"]
    assert all(gap["others"] is None for gap in gaps.values())


def test_f1_with_two_assessors_the_leader_gets_the_mean_never_the_rows(world: World) -> None:
    third = Person.objects.create(
        organisation=world.tenants.org, full_name="Patrick Tiers", email="patrick@acme.example"
    )
    answer(world.campaign, "peer", third.email, PEER + " (bis)", respondent=third, subject=world.leader)
    response = world.client("codir").post(reverse("privacy:my_data.export", kwargs={"org_slug": "acme"}))
    raw = _body(response)
    assert PEER not in _text(raw)
    data = _data(raw)
    assert [r["kind"] for r in _rows(data, "assessments.Response")] == ["self"]
    gaps = data["summaries"]["assessments.Response"][0]["perception_gaps"]
    assert any(gap["others"] is not None and gap["n_others"] == 2 for gap in gaps.values())


def test_f1_the_rater_downloads_the_rating_they_gave(world: World) -> None:
    response = world.client("rater").post(reverse("privacy:my_data.export", kwargs={"org_slug": "acme"}))
    text = _text(_body(response))
    assert PEER in text
    assert SELF_SOPHIE in text
    assert SELF_HERVE not in text
    assert "herve@acme.example" not in text  # who they rated stays "[other person]"


def test_f1_my_data_page_counts_what_the_export_holds(world: World) -> None:
    page = world.client("codir").get(reverse("privacy:my_data", kwargs={"org_slug": "acme"}))
    holdings = {label: count for label, count, _owned in page.context["holdings"]}
    assert holdings["réponses"] == 1  # their self-assessment, not the colleague's rating


# -- F3: anonymous team answers leave only as the results page's aggregates --------------------


def test_f3_organisation_export_holds_no_team_answer(world: World) -> None:
    """Reproduction: two team answers (one in English) below the threshold of five."""
    response = world.client("owner").post(reverse("privacy:organisation.export", kwargs={"org_slug": "acme"}))
    assert response.status_code == 200
    raw = _body(response)
    text = _text(raw)
    for secret in (TEAM_EN, TEAM_FR, DRAFT, PEER):
        assert secret not in text
    data = _data(raw)
    assert {r["kind"] for r in _rows(data, "assessments.Response")} == {"self"}
    invitations = _rows(data, "assessments.Invitation")
    assert {i["kind"] for i in invitations} == {"self", "peer", "team"}
    assert all("draft" not in i for i in invitations)
    # Nothing left to join an invitation to: no team row, so no language, day or order.
    summary = data["summaries"]["assessments.Response"][0]
    assert summary["team"] is None
    assert summary["team_answers"] is None


def test_f3_above_the_threshold_the_team_aggregate_and_still_no_row(world: World) -> None:
    for n in range(3):
        answer(world.campaign, "team", f"employee{n}@acme.example", TEAM_FR)
    raw = _body(
        world.client("owner").post(reverse("privacy:organisation.export", kwargs={"org_slug": "acme"}))
    )
    data = _data(raw)
    assert {r["kind"] for r in _rows(data, "assessments.Response")} == {"self"}
    summary = data["summaries"]["assessments.Response"][0]
    assert summary["team_answers"] == 5
    assert summary["team"]["n"] == 5
    assert TEAM_FR not in _text(raw)


# -- every export, every role --------------------------------------------------------------------

# What each role may read in the product, of the sentences above.
MAY_SEE = {
    "owner": {SELF_HERVE, SELF_SOPHIE},  # managers see each leader's results and own words
    "consultant": {SELF_HERVE, SELF_SOPHIE},
    "codir": {SELF_HERVE},  # the rated leader: their own answers
    "rater": {SELF_SOPHIE, PEER},  # the rater: their own answers, and the rating they gave
    "respondent": set(),
}


def _downloads(world: World, role: str) -> dict[str, bytes]:
    """Every export the role can download (the others must be refused)."""
    client = world.client(role)
    slug = {"org_slug": "acme"}
    requests: list[tuple[str, str, str]] = [
        ("my data", "post", reverse("privacy:my_data.export", kwargs=slug)),
        ("organisation export", "post", reverse("privacy:organisation.export", kwargs=slug)),
    ]
    for person in (world.leader, world.rater):
        url = reverse("privacy:person.export", kwargs={**slug, "pk": person.pk})
        requests.append((f"person export {person.full_name}", "post", url))
    results = reverse("assessments:campaign.export", kwargs={**slug, "pk": world.campaign.pk})
    for fmt in ("csv", "xlsx", "json"):
        requests.append((f"results {fmt}", "get", f"{results}?format={fmt}"))
    api = f"/api/organisations/acme/campaigns/{world.campaign.pk}/scorecards"
    requests.append(("api scorecards", "get", api))
    found = {}
    for name, method, url in requests:
        response = getattr(client, method)(url)
        assert response.status_code in (200, 403), (role, name, response.status_code)
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"], (role, name)
            assert "private" in response["Cache-Control"], (role, name)
            found[name] = _body(response)
    return found


@pytest.mark.parametrize("role", sorted(MAY_SEE))
def test_every_export_holds_no_more_than_the_role_sees(world: World, role: str) -> None:
    downloads = _downloads(world, role)
    assert "my data" in downloads
    if role in ("owner", "consultant"):
        assert {"organisation export", "results xlsx", "person export Sophie Collègue"} <= set(downloads)
    for name, raw in downloads.items():
        text = _text(raw)
        for secret in EVERY_SECRET:
            if secret in text:
                # A person export downloaded by a manager: only what both may see.
                assert secret in MAY_SEE[role], (role, name, secret)
        if raw.startswith(b"PK") and name not in ("results xlsx",):
            data = _data(raw)
            for row in _rows(data, "assessments.Response"):
                assert row["kind"] != "team", (role, name)
                if row["kind"] == "peer":
                    assert (role, name) == ("rater", "my data")
            for row in _rows(data, "assessments.Invitation"):
                if "draft" in row:
                    assert name == "my data", (role, name)


def test_a_manager_exporting_the_raters_data_does_not_read_the_rating(world: World) -> None:
    response = world.client("owner").post(
        reverse("privacy:person.export", kwargs={"org_slug": "acme", "pk": world.rater.pk})
    )
    text = _text(_body(response))
    assert SELF_SOPHIE in text
    assert PEER not in text


# -- info items: downloads are not cached; a consent scan is a PDF or an image ----------------------


def test_results_exports_and_privacy_zips_are_not_cached(world: World) -> None:
    owner = world.client("owner")
    export = reverse("assessments:campaign.export", kwargs={"org_slug": "acme", "pk": world.campaign.pk})
    for response in (
        owner.get(export + "?format=csv"),
        owner.get(export + "?format=xlsx"),
        owner.get(export + "?format=json"),
        owner.post(reverse("privacy:organisation.export", kwargs={"org_slug": "acme"})),
        owner.post(reverse("privacy:my_data.export", kwargs={"org_slug": "acme"})),
        owner.post(reverse("privacy:person.export", kwargs={"org_slug": "acme", "pk": world.leader.pk})),
        owner.get(f"/api/organisations/acme/campaigns/{world.campaign.pk}/scorecards"),
    ):
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        _body(response)
    page = owner.get(reverse("privacy:my_data", kwargs={"org_slug": "acme"}))
    assert "no-store" not in page.get("Cache-Control", "")  # pages keep Django's defaults


def test_every_other_download_is_not_cached_either(world: World) -> None:
    """One rule for every attachment: the roadmap's files and a report too."""
    import datetime

    from portevoix.reports.models import Report
    from portevoix.roadmap.models import Roadmap
    from portevoix.storage import reports, save_exact

    Roadmap.objects.create(
        organisation=world.tenants.org, sponsor=world.leader, start_date=datetime.date(2026, 1, 5)
    )
    save_exact(reports(), "cachedreport", b"%PDF-1.7 test")
    report = Report.objects.create(
        organisation=world.tenants.org,
        kind="board",
        format="pdf",
        language="fr",
        status="done",
        stored_file="cachedreport",
    )
    owner = world.client("owner")
    urls = [
        reverse("roadmap:export", kwargs={"org_slug": "acme", "kind": kind})
        for kind in ("ics", "xlsx", "json")
    ]
    urls.append(reverse("reports:report.download", kwargs={"org_slug": "acme", "pk": report.pk}))
    for url in urls:
        response = owner.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert response["Cache-Control"] == "private, no-store", url


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "page.pdf n’est pas un fichier PDF, JPEG ou PNG"),
        ("en", "page.pdf is not a PDF, JPEG or PNG file"),
    ],
)
def test_consent_scan_must_be_a_pdf_or_an_image(world: World, language: str, message: str) -> None:
    client = world.client("owner")
    client.cookies["portevoix_language"] = language
    url = reverse("privacy:consent.add", kwargs={"org_slug": "acme", "pk": world.leader.pk})
    form = {"method": "signed_form", "given_on": "2026-11-02"}
    html = SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = client.post(url, {**form, "document": html}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any(message in m for m in shown), shown
    assert not Consent.objects.filter(person=world.leader).exists()
    for name, head in (
        ("scan.pdf", b"%PDF-1.7\n"),
        ("scan.jpg", b"\xff\xd8\xff\xe0"),
        ("scan.png", b"\x89PNG\r\n\x1a\n"),
    ):
        upload = SimpleUploadedFile(name, head + b"\x00" * 64)
        assert client.post(url, {**form, "document": upload}).status_code == 302
    assert Consent.objects.filter(person=world.leader).count() == 3


def test_team_answers_count_in_no_signal(tenants: Tenants) -> None:
    """The roadmap and the reports read the options chosen in the diagnostic, counted in leaders
    (issue 15): anonymous team answers count in none of them, below the anonymity threshold (one
    signal more would tell what the one or two employees chose) nor above it."""
    from portevoix.roadmap.inputs import answer_signals

    campaign = make_campaign(tenants.org, team_survey=True, anonymity_threshold=3)
    leader = tenants.own_person
    answer(campaign, "self", leader.email, SELF_HERVE, respondent=leader, subject=leader)
    alone = dict(answer_signals(tenants.org))
    framework = campaign.framework_version.framework
    for n in range(2):
        invitation, _created = services.invitation_create(
            campaign=campaign, kind="team", email=f"employee{n}@acme.example"
        )
        services.answers_save(
            invitation=invitation, answers=answers_for(framework, "team", level=0.0), submit=True
        )
    assert dict(answer_signals(tenants.org)) == alone
    invitation, _created = services.invitation_create(
        campaign=campaign, kind="team", email="third@acme.example"
    )
    services.answers_save(
        invitation=invitation, answers=answers_for(framework, "team", level=0.0), submit=True
    )
    assert dict(answer_signals(tenants.org)) == alone  # from three answers either
