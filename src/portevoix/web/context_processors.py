from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from portevoix.security.services import may_use_two_factor
from portevoix.tenancy.selectors import organisation_list_for_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Organisations the user can switch between, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_organisations": list(organisation_list_for_user(user).only("slug", "name")),
        "nav_two_factor": may_use_two_factor(user),
    }
