from __future__ import annotations

from django.test import Client

from portevoix.assessments.models import Campaign
from portevoix.evidence.models import Activity, EvidenceImport
from portevoix.tenancy.models import Person
from portevoix.web.demo import demo_password, demo_populate


def test_demo_shows_say_do_gap_and_a_digital_cemetery(db: None) -> None:
    demo_populate()
    assert EvidenceImport.objects.filter(organisation__slug="demo", status="done").count() == 6
    assert not Activity.objects.filter(text__contains="never read").exists()  # messages.csv is never read
    client = Client()
    client.login(username="claire.dubois@mecanique-armor.example", password=demo_password())
    campaign = Campaign.objects.get(organisation__slug="demo")
    results = client.get(f"/o/demo/diagnostic/{campaign.pk}/results/")
    cemetery = {p.name for p in results.context["cemetery"]}
    assert "Hervé Le Goff" in cemetery
    assert "Thomas Nguyen" not in cemetery
    gaps = [row.gap for member in results.context["say_do"] for row in member.rows if row.gap is not None]
    assert gaps
    assert max(abs(g) for g in gaps) > 20
    herve = Person.objects.get(organisation__slug="demo", full_name="Hervé Le Goff")
    page = client.get(f"/o/demo/people/{herve.pk}/").content.decode()
    assert 'data-testid="cemetery-warning"' in page
    assert "pas de poste actuel" in page  # gaps of the profile in words, not codes
    assert "current_position" not in page


def test_demo_evidence_refresh_is_idempotent(db: None) -> None:
    demo_populate()
    before = Activity.objects.count()
    demo_populate()
    assert Activity.objects.count() == before
