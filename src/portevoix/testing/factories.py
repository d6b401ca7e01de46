"""Plain builders for tests: readable defaults, every field overridable."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from portevoix.tenancy.models import Membership, Organisation, Person, Role

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_organisation(**fields: Any) -> Organisation:
    n = next(_counter)
    values: dict[str, Any] = {
        "slug": f"org-{n}",
        "name": f"Organisation {n}",
        "sector": "industry",
        "size_band": "medium",
        "market": "b2b",
        "priorities": ["lead_generation"],
    }
    values.update(fields)
    return Organisation.objects.create(**values)


def make_person(organisation: Organisation, **fields: Any) -> Person:
    n = next(_counter)
    values: dict[str, Any] = {
        "full_name": f"Person {n}",
        "title": "Directeur",
        "is_codir": True,
        "email": f"p{n}@example.com",
    }
    values.update(fields)
    return Person.objects.create(organisation=organisation, **values)


def make_user(*, superuser: bool = False, **fields: Any) -> User:
    n = next(_counter)
    email = fields.pop("email", f"user{n}@example.com")
    user_model = get_user_model()
    if superuser:
        return user_model.objects.create_superuser(username=email, email=email, password=PASSWORD, **fields)
    return user_model.objects.create_user(username=email, email=email, password=PASSWORD, **fields)


def make_member(
    organisation: Organisation, role: Role | str, *, person: Person | None = None, **fields: Any
) -> User:
    user = make_user(**fields)
    Membership.objects.create(user=user, organisation=organisation, role=role, person=person)
    return user
