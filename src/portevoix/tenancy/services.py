"""Writes for organisations, people and memberships. Views and commands call these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from .models import Membership, Organisation, Person, Role


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


@transaction.atomic
def membership_grant(
    *,
    organisation: Organisation,
    email: str,
    role: Role | str,
    person: Person | None = None,
    full_name: str = "",
) -> tuple[Membership, bool]:
    """Give ``email`` a role in the organisation, creating the user account if needed.

    Returns the membership and whether the user account was created (it then has no usable
    password until the person sets one through the password-reset link).
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email).lower()
    user = user_model.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        first, _sep, last = full_name.strip().partition(" ")
        user = user_model.objects.create_user(username=email, email=email, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership, _new = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role, "person": person}
    )
    membership.full_clean()
    return membership, created


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    membership.delete()


def account_setup_email_send(*, membership: Membership, base_url: str) -> None:
    """Mail a new account its link to choose a password, in the person's language.

    Django's password-reset form ignores accounts without a usable password, which is exactly
    what a new account is, so the link is built here with the same token generator.
    """
    user = membership.user
    link = base_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    language = (
        membership.person.effective_language
        if membership.person
        else membership.organisation.default_language
    )
    context = {"organisation": membership.organisation, "link": link, "email": user.email}
    with translation.override(language):
        subject = render_to_string("registration/account_created_subject.txt", context).strip()
        body = render_to_string("registration/account_created_email.txt", context)
    send_mail(subject, body, None, [user.email])
