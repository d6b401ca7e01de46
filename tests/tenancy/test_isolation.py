"""Every organisation URL × every role: the tenant boundary and the role rules.

The list of routes is read from the URL configuration, so a new page under /o/<org_slug>/ fails
this test until its expected access is written down here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portevoix.assessments.models import Campaign
from portevoix.business_case.models import BusinessCase
from portevoix.business_case.services import case_create
from portevoix.evidence.models import EvidenceImport
from portevoix.objections.models import Detection
from portevoix.reports.models import Report
from portevoix.roadmap import services as roadmap_services
from portevoix.roadmap.models import Risk, Roadmap
from portevoix.storage import reports, save_exact
from portevoix.tenancy.models import MemberInvitation, Membership
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.privacy import with_consent
from portevoix.testing.tenants import Tenants
from portevoix.usage.models import Persona

ALLOW, DENY, HIDE, LOGIN, POST_ONLY = 200, 403, 404, 302, 405
MANAGERS = {"owner": ALLOW, "consultant": ALLOW, "platform_admin": ALLOW}
OUTSIDE = {"outsider": HIDE, "anonymous": LOGIN}

# route name → expected status of a GET for each role
EXPECTED: dict[str, dict[str, int]] = {
    "tenancy:organisation.overview": {**MANAGERS, "codir": ALLOW, "respondent": ALLOW, **OUTSIDE},
    "tenancy:organisation.edit": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "tenancy:person.list": {**MANAGERS, "codir": ALLOW, "respondent": DENY, **OUTSIDE},
    "tenancy:person.create": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    # a colleague's page: individual results are private
    "tenancy:person.detail": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "tenancy:person.edit": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "tenancy:person.delete": {
        **dict.fromkeys(MANAGERS, POST_ONLY),
        "codir": DENY,
        "respondent": DENY,
        **OUTSIDE,
    },
    "tenancy:member.list": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "tenancy:member.revoke": {
        **dict.fromkeys(MANAGERS, POST_ONLY),
        "codir": DENY,
        "respondent": DENY,
        **OUTSIDE,
    },
    # an invitation still waiting for an answer: only those who manage access withdraw it
    "tenancy:member.invitation_withdraw": {
        **dict.fromkeys(MANAGERS, POST_ONLY),
        "codir": DENY,
        "respondent": DENY,
        **OUTSIDE,
    },
    "org_frameworks:organisation.model": {**MANAGERS, "codir": ALLOW, "respondent": ALLOW, **OUTSIDE},
    # the Sources page (issue 17): every member of the organisation may read it
    "org_frameworks:sources": {**MANAGERS, "codir": ALLOW, "respondent": ALLOW, **OUTSIDE},
    # the usage map (a member's own map is filtered inside the page) and the personas
    "usage:map.detail": {**MANAGERS, "codir": ALLOW, "respondent": DENY, **OUTSIDE},
    "usage:company_entry.edit": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "usage:person_entry.edit": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "usage:persona.list": {**MANAGERS, "codir": ALLOW, "respondent": DENY, **OUTSIDE},
    "usage:persona.create": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "usage:persona.edit": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
    "usage:persona.delete": {
        **dict.fromkeys(MANAGERS, POST_ONLY),
        "codir": DENY,
        "respondent": DENY,
        **OUTSIDE,
    },
}
POST_ONLY_MANAGED = {**dict.fromkeys(MANAGERS, POST_ONLY), "codir": DENY, "respondent": DENY, **OUTSIDE}
MANAGED = {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE}
RESULTS = {**MANAGERS, "codir": ALLOW, "respondent": DENY, **OUTSIDE}
EXPECTED.update(
    {
        # the diagnostic: managers run campaigns; codir members see results; respondents answer by link
        "assessments:campaign.list": RESULTS,
        "assessments:campaign.create": MANAGED,
        "assessments:campaign.detail": MANAGED,
        "assessments:campaign.progress": MANAGED,
        "assessments:campaign.invite": POST_ONLY_MANAGED,
        "assessments:campaign.action": POST_ONLY_MANAGED,
        "assessments:invitation.revoke": POST_ONLY_MANAGED,
        "assessments:campaign.results": RESULTS,
        "assessments:campaign.export": MANAGED,
        "assessments:campaign.import": MANAGED,
        # without a file uploaded first, managers are sent back to the upload step
        "assessments:campaign.import_map": {**MANAGED, **dict.fromkeys(MANAGERS, LOGIN)},
        # activity data: imports hold personal data, managers only
        "evidence:import.list": MANAGED,
        "evidence:import.detail": MANAGED,
        "evidence:manual.add": POST_ONLY_MANAGED,
        # the business case: managers build it and record actuals; codir members read it (ADR 0008)
        "business_case:case.list": RESULTS,
        "business_case:case.create": POST_ONLY_MANAGED,
        "business_case:case.detail": RESULTS,
        "business_case:case.edit": MANAGED,
        "business_case:case.preview": POST_ONLY_MANAGED,
        "business_case:case.definition": MANAGED,
        "business_case:case.actuals": MANAGED,
        "business_case:case.delete": POST_ONLY_MANAGED,
        "business_case:case.export_json": RESULTS,
        "business_case:case.export_xlsx": RESULTS,
        # the roadmap: managers edit; codir members, accountable for it, see all of it
        "roadmap:detail": RESULTS,
        "roadmap:generate": MANAGED,
        "roadmap:sponsor": POST_ONLY_MANAGED,
        "roadmap:gate.override": MANAGED,
        "roadmap:load": RESULTS,
        "roadmap:history": RESULTS,
        "roadmap:export": RESULTS,
        "roadmap:action.create": MANAGED,
        "roadmap:action.detail": RESULTS,
        "roadmap:action.edit": MANAGED,
        "roadmap:action.delete": POST_ONLY_MANAGED,
        "roadmap:action.move": POST_ONLY_MANAGED,
        "roadmap:action.kpi": POST_ONLY_MANAGED,
        "roadmap:risk.list": RESULTS,
        "roadmap:risk.create": MANAGED,
        "roadmap:risk.edit": MANAGED,
        "roadmap:risk.delete": POST_ONLY_MANAGED,
        "roadmap:milestone.create": MANAGED,
        "roadmap:milestone.detail": RESULTS,
        "roadmap:milestone.edit": MANAGED,
        "roadmap:milestone.delete": POST_ONLY_MANAGED,
        # reports: the codir reads the board pack; a leader report only its leader and managers
        "reports:report.list": RESULTS,
        "reports:report.detail": RESULTS,
        "reports:report.download": RESULTS,
        "reports:template.upload": POST_ONLY_MANAGED,
        # objections: the codir view and catalogue for managers; a profile for managers and the leader
        "objections:codir": MANAGED,
        "objections:catalogue": MANAGED,
        "objections:analyse": POST_ONLY_MANAGED,
        "objections:example.add": POST_ONLY_MANAGED,
        "objections:entry.add": POST_ONLY_MANAGED,
        "objections:detection.review": POST_ONLY_MANAGED,
        # a colleague's objection profile is private (the leader's own is tested in tests/objections)
        "objections:person": {**MANAGERS, "codir": DENY, "respondent": DENY, **OUTSIDE},
        # privacy: the audit log, retention, exports and erasures are for managers; every member
        # sees what is held about them and downloads it
        "privacy:settings": MANAGED,
        "privacy:audit.list": MANAGED,
        "privacy:organisation.export": POST_ONLY_MANAGED,
        "privacy:organisation.erase": POST_ONLY_MANAGED,
        "privacy:my_data": {**MANAGERS, "codir": ALLOW, "respondent": ALLOW, **OUTSIDE},
        "privacy:my_data.export": {
            **dict.fromkeys([*MANAGERS, "codir", "respondent"], POST_ONLY),
            **OUTSIDE,
        },
        "privacy:person.export": POST_ONLY_MANAGED,
        "privacy:person.erase": POST_ONLY_MANAGED,
        "privacy:consent.add": POST_ONLY_MANAGED,
        # a person may withdraw their own consent (checked inside the view)
        "privacy:consent.withdraw": {
            **dict.fromkeys([*MANAGERS, "codir", "respondent"], POST_ONLY),
            **OUTSIDE,
        },
    }
)
ROLES = ["owner", "consultant", "codir", "respondent", "outsider", "platform_admin", "anonymous"]


def _org_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("o/<slug:org_slug>/"):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "", "")
    return names


def _url(route: str, tenants: Tenants, *, org_slug: str | None = None, pk: int | None = None) -> str:
    kwargs: dict[str, Any] = {"org_slug": org_slug or tenants.org.slug}
    if route.startswith("tenancy:person.") and route not in ("tenancy:person.list", "tenancy:person.create"):
        kwargs["pk"] = pk if pk is not None else tenants.colleague.pk
    if route == "tenancy:member.revoke":
        kwargs["pk"] = pk if pk is not None else Membership.objects.get(user=tenants.users["respondent"]).pk
    if route == "tenancy:member.invitation_withdraw":
        kwargs["pk"] = pk if pk is not None else _member_invitation(tenants.org).pk
    if route in ("usage:company_entry.edit", "usage:person_entry.edit"):
        kwargs.update(axis="company", network="linkedin")
    if route == "usage:person_entry.edit":
        kwargs["pk"] = pk if pk is not None else tenants.colleague.pk
    if route in ("usage:persona.edit", "usage:persona.delete"):
        persona, _created = Persona.objects.get_or_create(organisation=tenants.org, name="Acheteuse")
        kwargs["pk"] = pk if pk is not None else persona.pk
    if route.startswith("business_case:") and route not in (
        "business_case:case.list",
        "business_case:case.create",
    ):
        kwargs["pk"] = pk if pk is not None else _business_case(tenants.org).pk
    if route == "objections:person":
        kwargs["pk"] = pk if pk is not None else tenants.colleague.pk
    if route == "objections:detection.review":
        kwargs["pk"] = pk if pk is not None else _detection(tenants.org).pk
    if route == "evidence:import.detail":
        kwargs["pk"] = pk if pk is not None else _evidence_import(tenants.org).pk
    if route in ("reports:report.detail", "reports:report.download"):
        kwargs["pk"] = pk if pk is not None else _report(tenants.org).pk
    if route in ("privacy:person.export", "privacy:person.erase", "privacy:consent.add"):
        kwargs["pk"] = pk if pk is not None else tenants.colleague.pk
    if route == "privacy:consent.withdraw":
        kwargs["pk"] = pk if pk is not None else with_consent(tenants.colleague)[0].pk
    if (
        route.startswith("assessments:campaign.")
        and route
        not in (
            "assessments:campaign.list",
            "assessments:campaign.create",
        )
    ) or route == "assessments:invitation.revoke":
        kwargs["pk"] = pk if pk is not None else _campaign(tenants.org).pk
    if route == "assessments:invitation.revoke":
        campaign = _campaign(tenants.org)
        invitation, _created = campaign.invitations.get_or_create(kind="team", email="x@acme.example")
        kwargs["invitation_pk"] = invitation.pk
    if route.startswith("roadmap:"):
        roadmap = _roadmap(tenants.org)
        if route == "roadmap:gate.override":
            kwargs["phase"] = "enablement"
        if route == "roadmap:export":
            kwargs["kind"] = "json"
        if route.startswith("roadmap:action.") and route != "roadmap:action.create":
            kwargs["pk"] = pk if pk is not None else roadmap.actions.first().pk  # type: ignore[union-attr]
        if route in ("roadmap:risk.edit", "roadmap:risk.delete"):
            kwargs["pk"] = pk if pk is not None else _risk(roadmap).pk
        if route.startswith("roadmap:milestone.") and route != "roadmap:milestone.create":
            kwargs["pk"] = pk if pk is not None else roadmap.milestones.first().pk  # type: ignore[union-attr]
    return reverse(route, kwargs=kwargs)


def _member_invitation(organisation: Any) -> MemberInvitation:
    found = MemberInvitation.objects.filter(organisation=organisation, status="pending").first()
    return found or MemberInvitation.objects.create(
        organisation=organisation, email=f"invited@{organisation.slug}.example", role="respondent"
    )


def _roadmap(organisation: Any) -> Roadmap:
    found = Roadmap.objects.filter(organisation=organisation).first()
    return found or roadmap_services.roadmap_generate(organisation=organisation).roadmap


def _risk(roadmap: Roadmap) -> Risk:
    return roadmap.risks.first() or Risk.objects.create(roadmap=roadmap, title="Risque")


def _evidence_import(organisation: Any) -> EvidenceImport:
    found = EvidenceImport.objects.filter(organisation=organisation).first()
    return found or EvidenceImport.objects.create(
        organisation=organisation, source="linkedin", filename="archive.zip", sha256="0", status="done"
    )


def _business_case(organisation: Any) -> BusinessCase:
    found = BusinessCase.objects.filter(organisation=organisation).first()
    return found or case_create(organisation=organisation, template_id="social_selling")


def _report(organisation: Any) -> Report:
    """A finished board pack, with its file (the codir may read it)."""
    found = Report.objects.filter(organisation=organisation).first()
    if found is not None:
        return found
    save_exact(reports(), f"iso{organisation.pk}", b"%PDF-1.7 test")
    return Report.objects.create(
        organisation=organisation,
        kind="board",
        format="pdf",
        language="fr",
        status="done",
        stored_file=f"iso{organisation.pk}",
    )


def _detection(organisation: Any) -> Detection:
    found = Detection.objects.filter(organisation=organisation).first()
    person = organisation.people.first()
    return found or Detection.objects.create(
        organisation=organisation,
        person=person,
        question_id="en_hold_back",
        source="text",
        text="Je n'ai pas le temps.",
        signal="time",
        kind="objection",
        confidence=0.9,
    )


def _campaign(organisation: Any) -> Campaign:
    found = Campaign.objects.filter(organisation=organisation).first()
    return found or make_campaign(organisation)


def test_every_org_route_has_expectations() -> None:
    assert _org_routes() == set(EXPECTED)


@pytest.mark.parametrize("route", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_roles_and_tenants(tenants: Tenants, route: str, role: str) -> None:
    response = tenants.client(role).get(_url(route, tenants))
    assert response.status_code == EXPECTED[route][role]
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


OBJECT_ROUTES = [
    "tenancy:member.revoke",
    "tenancy:member.invitation_withdraw",
    "tenancy:person.delete",
    "tenancy:person.detail",
    "tenancy:person.edit",
    "usage:person_entry.edit",
    "usage:persona.delete",
    "usage:persona.edit",
    "assessments:campaign.detail",
    "assessments:campaign.progress",
    "assessments:campaign.invite",
    "assessments:campaign.action",
    "assessments:invitation.revoke",
    "assessments:campaign.results",
    "assessments:campaign.export",
    "assessments:campaign.import",
    "assessments:campaign.import_map",
    "evidence:import.detail",
    "business_case:case.detail",
    "business_case:case.edit",
    "business_case:case.preview",
    "business_case:case.definition",
    "business_case:case.actuals",
    "business_case:case.delete",
    "business_case:case.export_json",
    "business_case:case.export_xlsx",
    "roadmap:action.detail",
    "roadmap:action.edit",
    "roadmap:action.delete",
    "roadmap:action.move",
    "roadmap:action.kpi",
    "roadmap:risk.edit",
    "roadmap:risk.delete",
    "roadmap:milestone.detail",
    "roadmap:milestone.edit",
    "roadmap:milestone.delete",
    "reports:report.detail",
    "reports:report.download",
    "objections:person",
    "objections:detection.review",
    "privacy:person.export",
    "privacy:person.erase",
    "privacy:consent.add",
    "privacy:consent.withdraw",
]


def test_object_routes_are_listed() -> None:
    names = {str(p.name) for p in _patterns_with_pk()}
    # invitations:answer is not under an organisation: it answers 404 for an invitation sent to
    # another account (tests/tenancy/test_members.py)
    assert {r.split(":")[-1] for r in OBJECT_ROUTES} | {"answer"} == names


def _patterns_with_pk() -> list[URLPattern]:
    found: list[URLPattern] = []

    def walk(patterns: list[Any]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif "<int:pk>" in str(pattern.pattern):
                found.append(pattern)

    walk(get_resolver().url_patterns)
    return found


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_it_hides_other_tenants_objects(tenants: Tenants, route: str) -> None:
    """The owner of one organisation, asking for another tenant's object through their own
    organisation's URL, gets 404 — for every object route and method that reaches the object."""
    foreign_membership = Membership.objects.get(user=tenants.users["outsider"])
    pk = foreign_membership.pk if route == "tenancy:member.revoke" else tenants.other_person.pk
    if route == "tenancy:member.invitation_withdraw":
        foreign_invitation = _member_invitation(tenants.other)
        pk = foreign_invitation.pk
    if route.startswith("usage:persona."):
        pk = Persona.objects.create(organisation=tenants.other, name="Globex persona").pk
    if route.startswith("assessments:"):
        pk = _campaign(tenants.other).pk
    if route.startswith("evidence:"):
        pk = _evidence_import(tenants.other).pk
    if route.startswith("business_case:"):
        pk = _business_case(tenants.other).pk
    if route.startswith("roadmap:"):
        foreign = _roadmap(tenants.other)
        if route.startswith("roadmap:action."):
            pk = foreign.actions.first().pk  # type: ignore[union-attr]
        elif route.startswith("roadmap:risk."):
            pk = _risk(foreign).pk
        else:
            pk = foreign.milestones.first().pk  # type: ignore[union-attr]
        before = (foreign.actions.count(), foreign.risks.count(), foreign.milestones.count())
    if route.startswith("reports:"):
        pk = _report(tenants.other).pk
    if route == "objections:detection.review":
        pk = _detection(tenants.other).pk
    if route == "privacy:consent.withdraw":
        foreign_consent = with_consent(tenants.other_person)[0]
        pk = foreign_consent.pk
    url = _url(route, tenants, pk=pk)
    client = tenants.client("owner")
    if EXPECTED[route]["owner"] != POST_ONLY:
        assert client.get(url).status_code == HIDE
    assert client.post(url).status_code == HIDE
    assert Membership.objects.filter(pk=foreign_membership.pk).exists()
    if route.startswith("roadmap:"):
        assert (foreign.actions.count(), foreign.risks.count(), foreign.milestones.count()) == before
    foreign_personas = Persona.objects.filter(organisation=tenants.other).count()
    assert foreign_personas == int(route.startswith("usage:persona."))
    tenants.other_person.refresh_from_db()
    assert BusinessCase.objects.filter(organisation=tenants.other).count() == int(
        route.startswith("business_case:")
    )
    if route == "privacy:consent.withdraw":
        foreign_consent.refresh_from_db()
        assert foreign_consent.withdrawn_at is None
    if route == "tenancy:member.invitation_withdraw":
        foreign_invitation.refresh_from_db()
        assert foreign_invitation.status == "pending"


def test_codir_member_sees_own_page(tenants: Tenants) -> None:
    url = reverse("tenancy:person.detail", kwargs={"org_slug": "acme", "pk": tenants.own_person.pk})
    response = tenants.client("codir").get(url)
    assert response.status_code == ALLOW
    assert "Hervé Codir" in response.content.decode()


@pytest.mark.parametrize("role", ["codir", "respondent", "outsider", "anonymous"])
def test_refused_posts_change_nothing(tenants: Tenants, role: str) -> None:
    client = tenants.client(role)
    client.post(_url("tenancy:person.delete", tenants))
    client.post(_url("tenancy:person.edit", tenants), {"full_name": "Hacked"})
    client.post(_url("tenancy:organisation.edit", tenants), {"name": "Hacked"})
    client.post(_url("tenancy:member.revoke", tenants))
    client.post(_url("privacy:person.erase", tenants), {"confirm": "erase"})
    client.post(_url("privacy:organisation.erase", tenants), {"confirm": "acme"})
    tenants.colleague.refresh_from_db()
    tenants.org.refresh_from_db()
    assert tenants.colleague.full_name == "Sophie Collègue"
    assert tenants.org.name == "Acme"
    assert Membership.objects.filter(user=tenants.users["respondent"]).exists()


@pytest.mark.parametrize("url_name", ["web:home", "frameworks:framework.list"])
def test_global_pages_need_login(client: Any, db: None, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == LOGIN
    assert response["Location"].startswith(reverse("login"))


def test_unknown_organisation_is_404(tenants: Tenants) -> None:
    response = tenants.client("platform_admin").get("/o/nowhere/")
    assert response.status_code == HIDE


@pytest.mark.parametrize("role", ["owner", "consultant", "codir", "respondent", "platform_admin"])
def test_navigation_offers_only_what_the_role_may_open(tenants: Tenants, role: str) -> None:
    """Review 2026-12, info item: a respondent's navigation offered the usage map and the
    personas although the README says respondents see the organisation home."""
    import re

    client = tenants.client(role)
    page = client.get(reverse("tenancy:organisation.overview", kwargs={"org_slug": "acme"})).content.decode()
    nav = page.split('<nav class="orgnav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="(/o/acme/[^"]*)"', nav)
    assert links
    for link in links:
        assert client.get(link).status_code == ALLOW, link
    if role == "respondent":
        assert links == ["/o/acme/", "/o/acme/model/", "/o/acme/sources/", "/o/acme/my-data/"]
