"""The demo organisations: a French industrial SME and, for the consultant, a cosmetics brand.

``demo_populate`` creates them or puts them back in their known state. Later features add their
own demo data by providing ``<app>.demo.populate(organisation)``; it is called for each demo
organisation after the people exist.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy

from portevoix.tenancy.models import Membership, Organisation, Person, Role

DEMO_SLUG = "demo"
DEMO_DOMAIN = "mecanique-armor.example"


def demo_password() -> str:
    return os.environ.get("PORTEVOIX_DEMO_PASSWORD", "porte-voix-demo")


ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": DEMO_SLUG,
        "name": "Mécanique Armor Industrie",
        "sector": "industry",
        "size_band": "medium",
        "market": "b2b",
        "priorities": ["lead_generation", "recruitment"],
        "time_zone": "Europe/Paris",
        "default_language": "fr",
    },
    {
        "slug": "maison-lumen",
        "name": "Maison Lumen",
        "sector": "consumer_goods",
        "size_band": "small",
        "market": "b2c",
        "priorities": ["brand", "customer_relationship"],
        "time_zone": "Europe/Paris",
        "default_language": "fr",
    },
]

# The codir of the demo SME: eight members whose profiles show the objections of the brief.
PEOPLE: dict[str, list[dict[str, Any]]] = {
    DEMO_SLUG: [
        {
            "full_name": "Hervé Le Goff",
            "title": "Président-directeur général",
            "email": f"herve.legoff@{DEMO_DOMAIN}",
            "linkedin_url": "https://www.linkedin.com/in/herve-legoff-demo",
        },
        {
            "full_name": "Sophie Marchand",
            "title": "Directrice administrative et financière",
            "email": f"sophie.marchand@{DEMO_DOMAIN}",
        },
        {
            "full_name": "Claire Dubois",
            "title": "Directrice marketing et communication",
            "email": f"claire.dubois@{DEMO_DOMAIN}",
            "linkedin_url": "https://www.linkedin.com/in/claire-dubois-demo",
            "x_url": "https://x.com/clairedubois_demo",
        },
        {
            "full_name": "Thomas Nguyen",
            "title": "Directeur commercial",
            "email": f"thomas.nguyen@{DEMO_DOMAIN}",
            "linkedin_url": "https://www.linkedin.com/in/thomas-nguyen-demo",
        },
        {
            "full_name": "Nathalie Roux",
            "title": "Directrice des ressources humaines",
            "email": f"nathalie.roux@{DEMO_DOMAIN}",
            "linkedin_url": "https://www.linkedin.com/in/nathalie-roux-demo",
            "mastodon_url": "https://mastodon.social/@nathalieroux_demo",
        },
        {
            "full_name": "Jean-Marc Bertin",
            "title": "Directeur industriel",
            "email": f"jean-marc.bertin@{DEMO_DOMAIN}",
            "linkedin_url": "https://www.linkedin.com/in/jean-marc-bertin-demo",
        },
        {
            "full_name": "Isabelle Kerjean",
            "title": "Directrice R&D et innovation",
            "email": f"isabelle.kerjean@{DEMO_DOMAIN}",
            "linkedin_url": "https://www.linkedin.com/in/isabelle-kerjean-demo",
            "language": "en",
        },
        {
            "full_name": "Patrick Morvan",
            "title": "Directeur supply chain et achats",
            "email": f"patrick.morvan@{DEMO_DOMAIN}",
        },
        {
            "full_name": "Lucie Morel",
            "title": "Chargée de communication",
            "email": f"lucie.morel@{DEMO_DOMAIN}",
            "is_codir": False,
        },
        {
            "full_name": "Yann Caradec",
            "title": "Ingénieur commercial",
            "email": f"yann.caradec@{DEMO_DOMAIN}",
            "is_codir": False,
            "linkedin_url": "https://www.linkedin.com/in/yann-caradec-demo",
        },
    ],
    "maison-lumen": [
        {
            "full_name": "Inès Benali",
            "title": "Fondatrice et directrice générale",
            "email": "ines.benali@maison-lumen.example",
            "linkedin_url": "https://www.linkedin.com/in/ines-benali-demo",
        },
        {
            "full_name": "Marc Olivier",
            "title": "Directeur financier",
            "email": "marc.olivier@maison-lumen.example",
        },
        {
            "full_name": "Sarah Lemaire",
            "title": "Directrice de la marque",
            "email": "sarah.lemaire@maison-lumen.example",
            "linkedin_url": "https://www.linkedin.com/in/sarah-lemaire-demo",
        },
    ],
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisations: tuple[str, ...]
    password: str


# (e-mail, first name, last name, {org slug: (role, person e-mail or None)}, superuser)
USERS: list[tuple[str, str, str, dict[str, tuple[str, str | None]], bool]] = [
    ("admin@porte-voix.example", "Alex", "Admin", {}, True),
    (
        "claire.dubois@" + DEMO_DOMAIN,
        "Claire",
        "Dubois",
        {DEMO_SLUG: (Role.ORG_ADMIN, "claire.dubois@" + DEMO_DOMAIN)},
        False,
    ),
    (
        "camille.perrin@conseil-social.example",
        "Camille",
        "Perrin",
        {DEMO_SLUG: (Role.CONSULTANT, None), "maison-lumen": (Role.CONSULTANT, None)},
        False,
    ),
    (
        "herve.legoff@" + DEMO_DOMAIN,
        "Hervé",
        "Le Goff",
        {DEMO_SLUG: (Role.CODIR_MEMBER, "herve.legoff@" + DEMO_DOMAIN)},
        False,
    ),
    (
        "lucie.morel@" + DEMO_DOMAIN,
        "Lucie",
        "Morel",
        {DEMO_SLUG: (Role.RESPONDENT, "lucie.morel@" + DEMO_DOMAIN)},
        False,
    ),
]


@transaction.atomic
def demo_populate() -> list[DemoLogin]:
    """Create or reset the demo organisations, people and logins; return the logins."""
    organisations: dict[str, Organisation] = {}
    for data in ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
        organisations[organisation.slug] = organisation
        wanted = PEOPLE[organisation.slug]
        Person.objects.filter(organisation=organisation).exclude(
            email__in=[p["email"] for p in wanted]
        ).delete()
        for person in wanted:
            defaults = {
                "is_codir": True,
                "linkedin_url": "",
                "x_url": "",
                "mastodon_url": "",
                "website_url": "",
                "language": "",
            }
            defaults.update(person)
            Person.objects.update_or_create(
                organisation=organisation, email=person["email"], defaults=defaults
            )

    user_model = get_user_model()
    password = demo_password()
    for email, first, last, roles, superuser in USERS:
        user, _created = user_model.objects.update_or_create(
            username=email,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "is_superuser": superuser,
                "is_staff": superuser,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save()
        Membership.objects.filter(user=user, organisation__in=organisations.values()).exclude(
            organisation__slug__in=roles
        ).delete()
        for slug, (role, person_email) in roles.items():
            organisation = organisations[slug]
            linked = (
                Person.objects.filter(organisation=organisation, email=person_email).first()
                if person_email
                else None
            )
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role, "person": linked}
            )

    for organisation in organisations.values():
        for app_config in apps.get_app_configs():
            if not app_config.name.startswith("portevoix."):
                continue
            name = f"{app_config.name}.demo"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise  # a real import error inside an app's demo module
                continue
            populate = getattr(module, "populate", None)
            if populate is not None:
                populate(organisation)
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """The demo accounts (whether or not they exist yet), for the start-up banner."""
    logins = []
    for email, _first, _last, roles, superuser in USERS:
        role = "platform_admin" if superuser else str(next(iter(roles.values()))[0])
        logins.append(DemoLogin(email, role, tuple(roles), demo_password()))
    return logins


ROLE_LABELS = {"platform_admin": gettext_lazy("Platform admin"), **dict(Role.choices)}


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=DEMO_SLUG).exists()
