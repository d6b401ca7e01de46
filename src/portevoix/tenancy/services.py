"""Writes for organisations, people and memberships. Views and commands call these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from portevoix.core.errors import Problem, ProblemsError

from .access import ROLE_RANK
from .models import MemberInvitation, Membership, Organisation, Person, Role

INVITATION_SALT = "portevoix.tenancy.member-invitation"


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    for field, value in data.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    return organisation


def organisation_unique_slug(name: str) -> str:
    """A free address slug from the name: "Maison Lumen" → "maison-lumen" (then -2, -3…)."""
    base = (slugify(name)[:40].strip("-")) or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_create(*, data: dict[str, Any], creator: Any) -> Organisation:
    """Create an organisation; a consultant who creates it gets the consultant role in it."""
    values = dict(data)
    if not values.get("slug"):
        values["slug"] = organisation_unique_slug(values["name"])
    organisation = Organisation(**values)
    organisation.full_clean()
    organisation.save()
    if not creator.is_superuser:
        Membership.objects.create(user=creator, organisation=organisation, role=Role.CONSULTANT)
    return organisation


@transaction.atomic
def person_save(*, person: Person) -> Person:
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_delete(*, person: Person) -> None:
    person.delete()


@dataclass(frozen=True)
class GrantResult:
    """What giving access did: an existing member's role changed, or an invitation went out."""

    membership: Membership | None = None
    invitation: MemberInvitation | None = None


def normalised_email(email: str) -> str:
    return str(get_user_model().objects.normalize_email(email.strip())).lower()


def _check_rank(*, role: str, actor_role: str) -> None:
    if ROLE_RANK[role] > ROLE_RANK[actor_role]:
        raise ProblemsError([Problem("role_above_own", path=("role",))])


@transaction.atomic
def membership_grant(
    *,
    organisation: Organisation,
    email: str,
    role: Role | str,
    actor: Any,
    actor_role: str,
    person: Person | None = None,
    full_name: str = "",
    base_url: str = "",
) -> GrantResult:
    """Give ``email`` a role in the organisation, within what ``actor`` (whose role there is
    ``actor_role``) may give.

    Nobody gives a role above their own, changes their own role or changes the role of a member
    who outranks them (review 2026-12, F2). A member of this organisation gets the new role at
    once; anybody else, with an account or not, receives an invitation and becomes a member only
    by accepting it, and the actor is told the same in both cases (F16).
    """
    role = Role(role)
    email = normalised_email(email)
    if person is not None and person.organisation_id != organisation.pk:
        raise ProblemsError([Problem("person_of_another_organisation", path=("person",))])
    if email == normalised_email(actor.email or ""):
        raise ProblemsError([Problem("own_role", path=("email",))])
    _check_rank(role=role, actor_role=actor_role)
    current = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(organisation=organisation, user__email__iexact=email)
        .first()
    )
    if current is not None:
        if current.user_id == actor.pk:
            raise ProblemsError([Problem("own_role", path=("email",))])
        if ROLE_RANK[current.role] > ROLE_RANK[actor_role]:
            raise ProblemsError([Problem("member_outranks", path=("email",))])
        current.role = role
        current.person = person
        current.full_clean()
        current.save(update_fields=["role", "person"])
        return GrantResult(membership=current)
    invitation = (
        MemberInvitation.objects.select_for_update()
        .filter(organisation=organisation, email=email, status=MemberInvitation.Status.PENDING)
        .first()
    ) or MemberInvitation(organisation=organisation, email=email)
    invitation.role = role
    invitation.person = person
    invitation.full_name = full_name.strip()
    invitation.invited_by = actor if getattr(actor, "pk", None) else None
    invitation.full_clean()
    invitation.save()
    member_invitation_send(invitation=invitation, base_url=base_url)
    return GrantResult(invitation=invitation)


def _invitation_language(invitation: MemberInvitation) -> str:
    if invitation.person is not None:
        return invitation.person.effective_language
    return invitation.organisation.default_language


def member_invitation_token(invitation: MemberInvitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)


def member_invitation_send(*, invitation: MemberInvitation, base_url: str = "") -> None:
    """Mail the signed link to accept or decline, in the person's language. The same message goes
    to an address with an account and to one without: the page behind the link tells them."""
    link = (base_url or settings.PORTEVOIX_BASE_URL).rstrip("/") + reverse(
        "invitations:open", kwargs={"token": member_invitation_token(invitation)}
    )
    context = {
        "organisation": invitation.organisation,
        "link": link,
        "email": invitation.email,
        "days": settings.PORTEVOIX_ACCESS_INVITATION_DAYS,
    }
    with translation.override(_invitation_language(invitation)):
        context["role"] = str(Role(invitation.role).label)
        subject = render_to_string("registration/member_invitation_subject.txt", context).strip()
        body = render_to_string("registration/member_invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


class InvitationError(Exception):
    """Why an access invitation cannot be used; ``code`` selects the page shown."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _expiry_cutoff() -> Any:
    return timezone.now() - timedelta(days=settings.PORTEVOIX_ACCESS_INVITATION_DAYS)


def member_invitation_from_token(token: str) -> MemberInvitation:
    max_age = settings.PORTEVOIX_ACCESS_INVITATION_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise InvitationError("expired") from None
    except signing.BadSignature:
        raise InvitationError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise InvitationError("invalid")
    invitation = (
        MemberInvitation.objects.select_related("organisation", "person").filter(pk=data["i"]).first()
    )
    if invitation is None:
        raise InvitationError("invalid")
    if invitation.status != MemberInvitation.Status.PENDING:
        raise InvitationError("answered")
    return invitation


def member_invitations_pending(user: Any) -> list[MemberInvitation]:
    """The invitations waiting for ``user``'s answer (addressed to their e-mail, still valid)."""
    if not user.is_authenticated or not user.email:
        return []
    return list(
        MemberInvitation.objects.select_related("organisation")
        .filter(
            email__iexact=user.email,
            status=MemberInvitation.Status.PENDING,
            sent_at__gte=_expiry_cutoff(),
        )
        .order_by("-sent_at")
    )


def member_invitation_for_user(*, user: Any, pk: int) -> MemberInvitation:
    """One of ``user``'s pending invitations, or :class:`Http404` (another's is not revealed)."""
    for invitation in member_invitations_pending(user):
        if invitation.pk == pk:
            return invitation
    raise Http404


@transaction.atomic
def member_invitation_accept(*, invitation: MemberInvitation, user: Any) -> Membership:
    """``user`` accepts: the membership exists from now on, with the role offered."""
    locked = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != MemberInvitation.Status.PENDING:
        raise InvitationError("answered")
    if normalised_email(user.email or "") != locked.email:
        raise InvitationError("other_account")
    membership, _new = Membership.objects.update_or_create(
        user=user, organisation=locked.organisation, defaults={"role": locked.role, "person": locked.person}
    )
    membership.full_clean()
    locked.status = MemberInvitation.Status.ACCEPTED
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    return membership


@transaction.atomic
def member_invitation_accept_new_account(*, invitation: MemberInvitation) -> Membership:
    """Accept for an address that has no account yet: the account is created without a usable
    password, which the person chooses next through the password-setup link."""
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError("login_needed")
    first, _sep, last = (invitation.full_name or "").partition(" ")
    user = user_model.objects.create_user(
        username=invitation.email, email=invitation.email, first_name=first, last_name=last
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return member_invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def member_invitation_decline(*, invitation: MemberInvitation) -> None:
    MemberInvitation.objects.filter(pk=invitation.pk, status=MemberInvitation.Status.PENDING).update(
        status=MemberInvitation.Status.DECLINED, answered_at=timezone.now()
    )


@transaction.atomic
def member_invitation_withdraw(*, invitation: MemberInvitation) -> None:
    MemberInvitation.objects.filter(pk=invitation.pk, status=MemberInvitation.Status.PENDING).update(
        status=MemberInvitation.Status.WITHDRAWN, answered_at=timezone.now()
    )


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.delete()


def password_setup_link(user: Any, base_url: str) -> str:
    """The link with which an account without a usable password chooses one.

    Django's password-reset form ignores accounts without a usable password, which is exactly
    what a new account is, so the link is built here with the same token generator.
    """
    return base_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
