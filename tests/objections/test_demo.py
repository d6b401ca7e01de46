"""The demo organisation's leaders get a meaningful objection profile."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from portevoix.objections.selectors import organisation_signals, person_objection_profile
from portevoix.objections.tasks import detect_demo
from portevoix.tenancy.models import Organisation, Person


@pytest.mark.django_db
def test_the_demo_ceo_has_no_time_and_is_not_looking_for_a_job() -> None:
    call_command("demo", "--json", stdout=StringIO())
    organisation = Organisation.objects.get(slug="demo")
    detect_demo.call(organisation.pk)  # what the worker does after the demo is built
    ceo = Person.objects.get(organisation=organisation, email__startswith="herve.legoff@")
    profile = person_objection_profile(ceo)
    assert {"time", "job_seeking", "roi"} <= set(profile.ids)
    time = next(i for i in profile.items if i.entry.id == "time")
    assert time.confirmed  # reviewed by the communication director in the demo
    signals = {s.id: s for s in organisation_signals(organisation)}
    assert signals["time"].leaders >= 2
    assert any(s.kind == "trigger" for s in signals.values())
    # running the demo again gives the same profile
    call_command("demo", "--json", stdout=StringIO())
    detect_demo.call(organisation.pk)
    assert set(person_objection_profile(ceo).ids) == set(profile.ids)
