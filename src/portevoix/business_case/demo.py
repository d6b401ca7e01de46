"""The demo business case (called by ``portevoix demo`` for each demo organisation).

Mécanique Armor Industrie, a B2B industrial SME, weighs social selling for its six sellers of
special machines: the social-selling template with the SME's own figures (large deals, a long
cycle), plus one actual for the first year. Running it again puts the case back in this state.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from portevoix.core.roi.edit import apply_changes
from portevoix.tenancy.models import Organisation

from . import services
from .models import BusinessCase

DEMO_NAME = "Social selling — équipe commerciale machines spéciales"

# input id → value and distribution parameters, on top of the template's
INPUTS: dict[str, dict[str, Any]] = {
    "sellers": {"value": 6},
    "opportunities_per_seller": {"value": 3, "kind": "triangular", "min": 2, "mode": 3, "max": 5},
    "margin_per_deal": {"value": 28000, "kind": "pert", "min": 15000, "mode": 28000, "max": 45000},
    "win_rate": {"value": 0.25, "kind": "pert", "min": 0.15, "mode": 0.25, "max": 0.35},
    "hourly_cost": {"value": 48},
}


@transaction.atomic
def populate(organisation: Organisation) -> None:
    if organisation.slug != "demo":
        return
    data = apply_changes(services.template_data("social_selling"), inputs=INPUTS, risks={"extra_margin": 0.3})
    data["description"] = {
        "fr": (
            "Six commerciaux de machines spéciales actifs sur LinkedIn auprès des bureaux d’études "
            "et des acheteurs industriels."
        ),
        "en": "Six sellers of special machines active on LinkedIn with design offices and industrial buyers.",
    }
    for indicator in data.get("indicators", []):
        if indicator["id"] == "ssi":
            indicator["current"] = 34
    case = BusinessCase.objects.filter(organisation=organisation, name=DEMO_NAME).first()
    if case is None:
        case = services.case_create(
            organisation=organisation, template_id="social_selling", name=DEMO_NAME, data=data
        )
    elif case.definition != data:
        problems = services.case_definition_save(case=case, data=data)
        assert not problems, problems
    services.actual_save(
        case=case,
        input_id="opportunities_per_seller",
        period=1,
        value=Decimal("3.5"),
        note="CRM : 84 opportunités sur l’année pour 6 commerciaux, soit 3,5 par trimestre",
    )
