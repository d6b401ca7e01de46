"""The owner / member / outsider set-up that permission tests share."""

from __future__ import annotations

from django.test import Client

from portevoix.tenancy.models import Role

from .factories import make_member, make_organisation, make_person, make_user


class Tenants:
    """Two organisations with a user per role in the first one, and an outsider in the second."""

    def __init__(self) -> None:
        self.org = make_organisation(slug="acme", name="Acme")
        self.other = make_organisation(slug="globex", name="Globex")
        self.own_person = make_person(self.org, full_name="Hervé Codir", email="herve@acme.example")
        self.colleague = make_person(self.org, full_name="Sophie Collègue", email="sophie@acme.example")
        self.other_person = make_person(self.other, full_name="Gaston Globex", email="gaston@globex.example")
        self.users = {
            "owner": make_member(self.org, Role.ORG_ADMIN, email="owner@acme.example"),
            "consultant": make_member(self.org, Role.CONSULTANT, email="consultant@acme.example"),
            "codir": make_member(
                self.org, Role.CODIR_MEMBER, person=self.own_person, email="codir@acme.example"
            ),
            "respondent": make_member(self.org, Role.RESPONDENT, email="respondent@acme.example"),
            "outsider": make_member(self.other, Role.ORG_ADMIN, email="outsider@globex.example"),
            "platform_admin": make_user(superuser=True, email="root@porte-voix.example"),
        }

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client
