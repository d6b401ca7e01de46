"""F12 at input: control characters never get in, through any form or the public questionnaire."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms
from django.test import Client

import portevoix
from portevoix.assessments import services
from portevoix.assessments.models import Response
from portevoix.assessments.questionnaire import sections_for
from portevoix.assessments.tokens import invitation_token
from portevoix.tenancy.models import Person
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.tenants import Tenants
from portevoix.web.forms import CleanTextMixin
from tests.assessments.test_questionnaire import _section_data

SKIPPED = (".migrations.", ".__main__")


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(portevoix.__path__, "portevoix."):
        if not any(part in module.name + "." for part in SKIPPED):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("portevoix.") and sub.__module__ != "portevoix.web.forms":
                found.append(sub)
    return found


def test_every_form_of_the_project_strips_control_characters() -> None:
    project = _project_forms()
    assert len(project) > 25  # the walk found them
    assert [f"{f.__module__}.{f.__qualname__}" for f in project if not issubclass(f, CleanTextMixin)] == []


def test_a_name_typed_with_a_control_character_is_saved_without_it(tenants: Tenants) -> None:
    person = tenants.own_person
    response = tenants.client("owner").post(
        f"/o/acme/people/{person.pk}/edit/",
        {"full_name": "Nathalie\x01Roux", "title": "DRH\x0b", "language": "fr", "email": person.email},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    person = Person.objects.get(pk=person.pk)
    assert person.full_name == "NathalieRoux"
    assert person.title == "DRH"


def test_a_multi_line_text_keeps_its_line_breaks_and_tabs(tenants: Tenants) -> None:
    from portevoix.web.forms import clean_submitted

    assert clean_submitted({"a": "un\r\ndeux\tx\x07", "b": ["\x01c"]}) == {"a": "un\r\ndeux\tx", "b": ["c"]}


def test_a_password_is_left_as_typed(db: None) -> None:
    from portevoix.security.forms import LockoutAuthenticationForm

    form = LockoutAuthenticationForm(data={"username": "a\x01@b.example", "password": "p\x01ss"})
    form.is_valid()
    assert form.data["username"] == "a@b.example"
    assert form.data["password"] == "p\x01ss"


def test_the_public_questionnaire_s_free_text_is_stored_without_controls(tenants: Tenants) -> None:
    """The review's reproduction: Patrick's free text sent through his own link."""
    campaign = make_campaign(tenants.org)
    invitation, _ = services.invitation_create(
        campaign=campaign, kind="self", email="herve@acme.example", respondent=tenants.own_person
    )
    url = f"/q/{invitation_token(invitation)}/"
    client = Client()
    client.get(url)
    hostile = "Je n'ai pas le temps\x01, montrez-moi les chiffres\x0b …"
    for index, dimension in enumerate(sections_for(campaign.framework_version.framework, "self")):
        data = _section_data(dimension, index)
        for question in dimension.questions:
            if question.type == "free_text":
                data[question.id] = hostile
        assert client.post(url, data).status_code == 302
    assert client.post(url, {"s": "review", "action": "submit"}).status_code == 200
    texts = [value for value in Response.objects.get().answers.values() if isinstance(value, str)]
    assert "Je n'ai pas le temps, montrez-moi les chiffres …" in texts
    assert not any(ch in text for text in texts for ch in "\x01\x0b")
