"""The demo organisation has a business case, built through the services, reset by a second run."""

from __future__ import annotations

from django.test import Client

from portevoix.business_case.models import Actual, BusinessCase
from portevoix.business_case.selectors import current_case
from portevoix.tenancy.models import Organisation
from portevoix.web.demo import demo_password, demo_populate


def test_the_demo_sme_has_a_social_selling_case(db: None) -> None:
    demo_populate()
    case = BusinessCase.objects.get(organisation__slug="demo")
    assert case.template == "social_selling"
    assert not BusinessCase.objects.exclude(organisation__slug="demo").exists()
    inputs = {i["id"]: i for i in case.definition["inputs"]}
    assert inputs["sellers"]["value"] == 6
    case.definition["discount_rate"] = 0.2
    case.save()
    demo_populate()  # puts it back
    case.refresh_from_db()
    assert case.definition["discount_rate"] == 0.1
    assert BusinessCase.objects.count() == 1
    assert Actual.objects.get(business_case=case).input_id == "opportunities_per_seller"
    report = current_case(Organisation.objects.get(slug="demo"))
    assert report is not None
    assert report["npv"] > 0
    assert report["actuals"][0]["actual"] == 3.5
    client = Client()
    client.login(username="herve.legoff@mecanique-armor.example", password=demo_password())
    page = client.get(f"/o/demo/business-case/{case.pk}/").content.decode()
    assert "Social selling — équipe commerciale machines spéciales" in page
    assert "Prévu et réalisé" in page
