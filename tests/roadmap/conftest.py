from __future__ import annotations

import pytest

from portevoix.assessments import services as assessment_services
from portevoix.roadmap import services
from portevoix.roadmap.models import Roadmap
from portevoix.tenancy.models import Organisation, Person, Role
from portevoix.testing.campaigns import answers_for, make_campaign
from portevoix.testing.factories import make_member, make_organisation, make_person
from portevoix.usage.services import usage_entry_save


class Setup:
    def __init__(self) -> None:
        self.org = make_organisation(slug="acme", name="Acme", priorities=["recruitment"])
        self.ceo = make_person(self.org, full_name="Hervé PDG", title="Président-directeur général")
        self.comms = make_person(self.org, full_name="Claire Com", title="Directrice de la communication")
        self.hr = make_person(self.org, full_name="Anne RH", title="DRH")
        self.employee = make_person(self.org, full_name="Lucie Salariée", title="Chargée", is_codir=False)
        self.other = make_organisation(slug="globex", name="Globex")
        self.stranger = make_person(self.other, full_name="Gaston Globex")
        self.admin = make_member(
            self.org, Role.ORG_ADMIN, email="admin@acme.example", first_name="Claire", last_name="Admin"
        )
        self.codir_user = make_member(self.org, Role.CODIR_MEMBER, person=self.ceo, email="ceo@acme.example")
        campaign = make_campaign(self.org)
        framework = campaign.framework_version.framework
        for person, level in ((self.ceo, 0.2), (self.comms, 0.3)):
            invitation, _created = assessment_services.invitation_create(
                campaign=campaign, kind="self", email=person.email, respondent=person, subject=person
            )
            answers = answers_for(framework, "self", level=level)
            answers["es_say_do"] = "show_roi"
            assessment_services.answers_save(invitation=invitation, answers=answers, submit=True)
        usage_entry_save(
            organisation=self.org,
            person=self.ceo,
            axis="company",
            network="linkedin",
            data={"status": "dormant"},
        )
        self.campaign = campaign

    def generate(self, **options: object) -> Roadmap:
        return services.roadmap_generate(organisation=self.org, user=self.admin, **options).roadmap  # type: ignore[arg-type]


@pytest.fixture
def setup(db: None) -> Setup:
    return Setup()


def person_names(people: list[Person]) -> list[str]:
    return [p.full_name for p in people]


__all__ = ["Organisation", "Setup", "person_names"]
