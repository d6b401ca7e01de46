from __future__ import annotations

from typing import Any

from django import template

from portevoix.privacy.forms import ConsentForm
from portevoix.privacy.models import Consent

register = template.Library()


@register.inclusion_tag("privacy/_person_panel.html", takes_context=True)
def privacy_person_panel(context: dict[str, Any], person: Any) -> dict[str, Any]:
    """Consents, export and erasure on a person's page (the page shows it to managers only)."""
    consents = list(Consent.objects.filter(person=person))
    return {
        "access": context["access"],
        "person": person,
        "consents": consents,
        "valid": any(c.is_valid for c in consents),
        "form": ConsentForm(),
        "csrf_token": context.get("csrf_token"),
    }
