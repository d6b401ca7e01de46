"""Giving access: the role order (review 2026-12, F2) and invitations instead of silent
memberships (F16)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portevoix.core.errors import ProblemsError
from portevoix.privacy.erasure import person_erase
from portevoix.tenancy import services
from portevoix.tenancy.access import PLATFORM_ADMIN
from portevoix.tenancy.models import MemberInvitation, Membership, Role
from portevoix.testing.tenants import Tenants

MEMBERS = reverse("tenancy:member.list", kwargs={"org_slug": "acme"})
GLOBEX_MEMBERS = reverse("tenancy:member.list", kwargs={"org_slug": "globex"})


def _last_message(response: object) -> str:
    return [str(m) for m in response.context["messages"]][-1]  # type: ignore[attr-defined]


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+(/invitations/\S+/)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


# -- F2: nobody gives a role above their own, nor changes their own -------------------------------


def test_org_admin_cannot_make_themself_a_consultant(tenants: Tenants) -> None:
    """The review's reproduction: POST /o/attaquant/members/ with the admin's own e-mail and
    role=consultant answered 302 and opened the framework upload and organisation creation."""
    client = tenants.client("owner")
    response = client.post(MEMBERS, {"email": "owner@acme.example", "role": Role.CONSULTANT})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Membership.objects.get(user=tenants.users["owner"]).role == Role.ORG_ADMIN
    assert client.get(reverse("frameworks:framework.upload")).status_code == 403
    assert client.get(reverse("organisations:organisation.create")).status_code == 403


def test_the_service_refuses_a_role_above_the_actors_whatever_the_form(tenants: Tenants) -> None:
    owner = tenants.users["owner"]
    with pytest.raises(ProblemsError) as raised:
        services.membership_grant(
            organisation=tenants.org,
            email="new@acme.example",
            role=Role.CONSULTANT,
            actor=owner,
            actor_role=Role.ORG_ADMIN,
        )
    assert [p.code for p in raised.value.problems] == ["role_above_own"]
    with pytest.raises(ProblemsError) as raised:
        services.membership_grant(
            organisation=tenants.org,
            email="OWNER@acme.example",
            role=Role.RESPONDENT,
            actor=owner,
            actor_role=Role.ORG_ADMIN,
        )
    assert [p.code for p in raised.value.problems] == ["own_role"]
    assert not MemberInvitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("owner", ["org_admin", "codir_member", "respondent"]),
        ("consultant", ["consultant", "org_admin", "codir_member", "respondent"]),
        ("platform_admin", ["consultant", "org_admin", "codir_member", "respondent"]),
    ],
)
def test_the_form_offers_only_grantable_roles(tenants: Tenants, role: str, offered: list[str]) -> None:
    form = tenants.client(role).get(MEMBERS).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == offered


def test_org_admin_cannot_change_nor_remove_a_consultant(tenants: Tenants) -> None:
    client = tenants.client("owner")
    consultant = Membership.objects.get(user=tenants.users["consultant"])
    response = client.post(MEMBERS, {"email": "consultant@acme.example", "role": Role.RESPONDENT})
    assert response.context["form"].errors
    client.post(reverse("tenancy:member.revoke", kwargs={"org_slug": "acme", "pk": consultant.pk}))
    consultant.refresh_from_db()
    assert consultant.role == Role.CONSULTANT


def test_an_existing_member_of_the_organisation_changes_role_at_once(tenants: Tenants) -> None:
    response = tenants.client("owner").post(
        MEMBERS, {"email": "respondent@acme.example", "role": Role.CODIR_MEMBER}
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=tenants.users["respondent"]).role == Role.CODIR_MEMBER
    assert mail.outbox == []


def test_consultant_may_give_the_consultant_role(tenants: Tenants) -> None:
    response = tenants.client("consultant").post(
        MEMBERS, {"email": "associate@conseil.example", "role": Role.CONSULTANT}, follow=True
    )
    assert MemberInvitation.objects.get().role == Role.CONSULTANT
    assert "Invitation envoyée" in _last_message(response)
    assert PLATFORM_ADMIN not in dict(response.context["form"].fields["role"].choices)


# -- F16: invitations, the same answer for every address ------------------------------------------


def test_existing_and_unknown_addresses_get_the_same_answer_and_no_membership(tenants: Tenants) -> None:
    """The review's reproduction: Globex's admin "granted" Acme's admin a role and was told
    "a désormais ce rôle"; an unknown address gave "Un compte a été créé"."""
    client = tenants.client("outsider")
    accounts = get_user_model().objects.count()
    answers = []
    for email in ("owner@acme.example", "nobody@elsewhere.example"):
        response = client.post(GLOBEX_MEMBERS, {"email": email, "role": Role.RESPONDENT}, follow=True)
        answers.append(_last_message(response).replace(email, "<email>"))
    assert answers[0] == answers[1]
    assert answers[0] == "Invitation envoyée à <email> : l’accès sera ouvert quand la personne l’acceptera."
    assert get_user_model().objects.count() == accounts  # no account created for the unknown one
    assert not Membership.objects.filter(organisation=tenants.other, user=tenants.users["owner"]).exists()
    assert [m.to for m in mail.outbox] == [["owner@acme.example"], ["nobody@elsewhere.example"]]
    bodies = [m.body.replace(m.to[0], "<email>") for m in mail.outbox]
    assert re.sub(r"/invitations/\S+", "", bodies[0]) == re.sub(r"/invitations/\S+", "", bodies[1])
    # The page lists both invitations, not as members.
    page = client.get(GLOBEX_MEMBERS)
    assert {i.email for i in page.context["invitations"]} == {
        "owner@acme.example",
        "nobody@elsewhere.example",
    }
    assert "owner@acme.example" not in {m.user.email for m in page.context["memberships"]}
    # The invited account does not see the organisation before accepting.
    owner = tenants.client("owner")
    assert owner.get("/o/globex/").status_code == 404


def test_an_existing_account_accepts_from_its_home_page(tenants: Tenants) -> None:
    tenants.client("outsider").post(GLOBEX_MEMBERS, {"email": "owner@acme.example", "role": Role.RESPONDENT})
    owner = tenants.client("owner")
    home = owner.get("/")
    assert [i.organisation.slug for i in home.context["invitations"]] == ["globex"]
    # Another account cannot answer it.
    invitation = MemberInvitation.objects.get()
    answer = reverse("invitations:answer", kwargs={"pk": invitation.pk})
    assert tenants.client("consultant").post(answer, {"action": "accept"}).status_code == 404
    response = owner.post(answer, {"action": "accept"})
    assert response["Location"] == "/o/globex/"
    membership = Membership.objects.get(organisation=tenants.other, user=tenants.users["owner"])
    assert membership.role == Role.RESPONDENT
    assert owner.get("/o/globex/").status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == MemberInvitation.Status.ACCEPTED


def test_an_existing_account_declines_through_the_link(tenants: Tenants) -> None:
    tenants.client("outsider").post(GLOBEX_MEMBERS, {"email": "owner@acme.example", "role": Role.RESPONDENT})
    link = _link(mail.outbox[0])
    anonymous = Client()
    response = anonymous.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    owner = tenants.client("owner")
    assert "Refuser" in owner.get(link).content.decode()
    # someone else, logged in, is told the link is not theirs and cannot use it
    other = tenants.client("consultant")
    assert 'data-testid="invitation-other-account"' in other.post(link, {"action": "accept"}).content.decode()
    owner.post(link, {"action": "decline"})
    assert not Membership.objects.filter(organisation=tenants.other, user=tenants.users["owner"]).exists()
    assert owner.get(link).status_code == 410
    assert owner.get("/").context is None or not owner.get("/").context.get("invitations")


def test_an_unknown_address_accepts_and_chooses_a_password(tenants: Tenants) -> None:
    tenants.client("owner").post(
        MEMBERS,
        {"email": "Jeanne@Acme.example", "full_name": "Jeanne Martin", "role": Role.CODIR_MEMBER},
    )
    link = _link(mail.outbox[0])
    visitor = Client()
    page = visitor.get(link).content.decode()
    assert "Acme" in page
    assert not get_user_model().objects.filter(email="jeanne@acme.example").exists()
    response = visitor.post(link, {"action": "accept"})
    assert "/accounts/password/reset/" in response["Location"]
    user = get_user_model().objects.get(email="jeanne@acme.example")
    assert (user.first_name, user.last_name) == ("Jeanne", "Martin")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.CODIR_MEMBER
    choose = visitor.get(response["Location"], follow=True)
    assert "new_password1" in choose.content.decode()
    assert visitor.get(link).status_code == 410  # used once


def test_links_expire_and_tampered_links_are_refused(tenants: Tenants, settings: object) -> None:
    tenants.client("owner").post(MEMBERS, {"email": "late@acme.example", "role": Role.RESPONDENT})
    link = _link(mail.outbox[0])
    assert Client().get(link[:-3] + "xx/").status_code == 404
    settings.PORTEVOIX_ACCESS_INVITATION_DAYS = 0  # type: ignore[attr-defined]
    MemberInvitation.objects.update(sent_at=timezone.now() - timedelta(days=1))
    import time

    time.sleep(1.1)
    assert Client().get(link).status_code == 410
    assert not get_user_model().objects.filter(email="late@acme.example").exists()


def test_withdrawn_invitation_cannot_be_accepted(tenants: Tenants) -> None:
    client = tenants.client("owner")
    client.post(MEMBERS, {"email": "respondent2@acme.example", "role": Role.RESPONDENT})
    invitation = MemberInvitation.objects.get()
    client.post(
        reverse("tenancy:member.invitation_withdraw", kwargs={"org_slug": "acme", "pk": invitation.pk})
    )
    assert Client().get(_link(mail.outbox[0])).status_code == 410
    assert not client.get(MEMBERS).context["invitations"]


def test_an_invitation_elsewhere_does_not_keep_an_erased_account(tenants: Tenants) -> None:
    """The review: Globex's unsolicited membership kept the account alive when Acme erased the
    person (``_unused_elsewhere``). An invitation, unanswered, is not a membership."""
    tenants.client("outsider").post(GLOBEX_MEMBERS, {"email": "codir@acme.example", "role": Role.RESPONDENT})
    codir_pk = tenants.users["codir"].pk
    person_erase(person=tenants.own_person)
    assert not get_user_model().objects.filter(pk=codir_pk).exists()
