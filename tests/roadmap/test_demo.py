"""The demo organisation's roadmap: generated, a sponsor, progress, one gate override."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client

from portevoix.roadmap.models import GateOverride, KpiReading, Roadmap
from portevoix.web.demo import demo_password


def test_demo_roadmap(db: None) -> None:
    call_command("demo", stdout=StringIO())
    roadmap = Roadmap.objects.get(organisation__slug="demo")
    assert roadmap.sponsor is not None
    assert roadmap.sponsor.email == "herve.legoff@mecanique-armor.example"
    assert roadmap.actions.filter(status="done").count() >= 3
    assert roadmap.actions.filter(status="in_progress", phase="enablement").exists()
    assert GateOverride.objects.filter(roadmap=roadmap, phase="enablement").count() == 1
    assert KpiReading.objects.filter(action__roadmap=roadmap).count() >= 5
    assert roadmap.risks.count() == 3
    call_command("demo", stdout=StringIO())  # again: the same state, not twice the content
    roadmap = Roadmap.objects.get(organisation__slug="demo")
    assert GateOverride.objects.filter(roadmap=roadmap).count() == 1
    client = Client()
    assert client.login(username="herve.legoff@mecanique-armor.example", password=demo_password())
    page = client.get("/o/demo/roadmap/").content.decode()
    assert "Hervé Le Goff" in page
    assert "salon Industrie Ouest" in page
