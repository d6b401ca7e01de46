"""Demo usage maps and personas (called by ``portevoix demo`` for each demo organisation).

Mécanique Armor Industrie shows the classic picture of the brief: an active company page on
LinkedIn for customers, a recruitment priority with nothing active on the talent axis, an X
account left dormant by an agency, a sales director who sells on LinkedIn, a CEO whose profile
is a digital cemetery. Running it again puts the data back in this state and, when nothing was
changed, writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from portevoix.tenancy.models import Organisation, Person

from . import services
from .models import Persona, UsageEntry

DOMAIN = "mecanique-armor.example"

# (person's e-mail or None for the company, axis, network, status, owner, url, notes)
Row = tuple[str | None, str, str, str, str, str, str]

ENTRIES: dict[str, list[Row]] = {
    "demo": [
        (
            None,
            "company",
            "linkedin",
            "active",
            "Service communication",
            "https://www.linkedin.com/company/mecanique-armor-demo",
            "Deux publications par semaine : vie de l’usine, salons, nouvelles machines.",
        ),
        (
            None,
            "customers",
            "linkedin",
            "active",
            "Service communication et direction commerciale",
            "https://www.linkedin.com/company/mecanique-armor-demo",
            "Études de cas clients et vidéos de pièces en production ; peu de commentaires.",
        ),
        (
            None,
            "competition",
            "linkedin",
            "occasional",
            "Service communication",
            "",
            "Veille sur les pages des concurrents, sans prise de parole sur les sujets de la filière.",
        ),
        (
            None,
            "talent",
            "linkedin",
            "occasional",
            "Ressources humaines",
            "",
            "Les offres d’emploi y sont relayées, sans contenu de marque employeur.",
        ),
        (
            None,
            "company",
            "x",
            "dormant",
            "Agence",
            "https://x.com/mecaarmor_demo",
            "Compte ouvert par l’agence en 2019 ; dernier message en 2021.",
        ),
        (
            None,
            "company",
            "facebook",
            "dormant",
            "Comité social et économique",
            "",
            "Page créée pour les 50 ans de l’entreprise, plus animée depuis 2020.",
        ),
        (
            None,
            "company",
            "youtube",
            "occasional",
            "Service communication",
            "https://www.youtube.com/@mecanique-armor-demo",
            "Une vidéo produit par trimestre.",
        ),
        (None, "company", "instagram", "absent", "", "", ""),
        (
            None,
            "talent",
            "glassdoor",
            "occasional",
            "Ressources humaines",
            "",
            "14 avis, note moyenne 3,4 ; l’entreprise ne répond à aucun avis.",
        ),
        (
            None,
            "talent",
            "indeed",
            "occasional",
            "Ressources humaines",
            "",
            "Offres publiées au fil de l’eau, page entreprise jamais complétée.",
        ),
        (
            None,
            "talent",
            "welcome_to_the_jungle",
            "absent",
            "",
            "",
            "Envisagé pour recruter des techniciens de maintenance.",
        ),
        (
            f"herve.legoff@{DOMAIN}",
            "company",
            "linkedin",
            "dormant",
            "Lui-même",
            "https://www.linkedin.com/in/herve-legoff-demo",
            "Profil créé en 2015 : photo et titre obsolètes, aucune publication depuis 2019.",
        ),
        (f"herve.legoff@{DOMAIN}", "customers", "linkedin", "absent", "", "", ""),
        (
            f"thomas.nguyen@{DOMAIN}",
            "customers",
            "linkedin",
            "active",
            "Lui-même",
            "https://www.linkedin.com/in/thomas-nguyen-demo",
            "Partage les réalisations clients chaque semaine ; 1 200 relations, surtout des acheteurs.",
        ),
        (
            f"thomas.nguyen@{DOMAIN}",
            "company",
            "linkedin",
            "occasional",
            "Lui-même",
            "",
            "Relaie les publications de l’entreprise.",
        ),
        (
            f"claire.dubois@{DOMAIN}",
            "company",
            "linkedin",
            "active",
            "Elle-même",
            "https://www.linkedin.com/in/claire-dubois-demo",
            "",
        ),
        (
            f"claire.dubois@{DOMAIN}",
            "competition",
            "linkedin",
            "occasional",
            "Elle-même",
            "",
            "Commente les prises de parole de la filière.",
        ),
        (
            f"claire.dubois@{DOMAIN}",
            "company",
            "x",
            "occasional",
            "Elle-même",
            "https://x.com/clairedubois_demo",
            "Veille et relais des salons professionnels.",
        ),
        (
            f"nathalie.roux@{DOMAIN}",
            "talent",
            "linkedin",
            "active",
            "Elle-même",
            "https://www.linkedin.com/in/nathalie-roux-demo",
            "Portraits d’équipes et offres d’alternance.",
        ),
        (
            f"jean-marc.bertin@{DOMAIN}",
            "company",
            "linkedin",
            "occasional",
            "Son assistante",
            "",
            "Son assistante publie pour lui les annonces d’investissements.",
        ),
        (
            f"isabelle.kerjean@{DOMAIN}",
            "company",
            "linkedin",
            "occasional",
            "Elle-même",
            "",
            "Publie en anglais sur les brevets et les projets européens.",
        ),
        (
            f"patrick.morvan@{DOMAIN}",
            "company",
            "linkedin",
            "absent",
            "",
            "",
            "Pas de profil : « je ne cherche pas de travail ».",
        ),
        # Sophie Marchand's map is left unrecorded on purpose: not recorded is not absent.
    ],
    "maison-lumen": [
        (
            None,
            "company",
            "instagram",
            "active",
            "Directrice de la marque",
            "https://www.instagram.com/maisonlumen_demo",
            "Quatre publications et des stories chaque semaine.",
        ),
        (
            None,
            "customers",
            "instagram",
            "active",
            "Service client",
            "",
            "Réponses aux messages privés sous 24 heures.",
        ),
        (None, "customers", "facebook", "occasional", "Service client", "", ""),
        (
            None,
            "company",
            "tiktok",
            "occasional",
            "Agence",
            "",
            "Tests de formats courts avec des créatrices.",
        ),
        (None, "company", "linkedin", "occasional", "Fondatrice", "", ""),
        (None, "talent", "linkedin", "absent", "", "", ""),
        (
            "ines.benali@maison-lumen.example",
            "company",
            "linkedin",
            "active",
            "Elle-même",
            "https://www.linkedin.com/in/ines-benali-demo",
            "Raconte la fabrication et les choix d’ingrédients.",
        ),
        ("sarah.lemaire@maison-lumen.example", "company", "instagram", "active", "Elle-même", "", ""),
        ("sarah.lemaire@maison-lumen.example", "company", "linkedin", "occasional", "Elle-même", "", ""),
        ("marc.olivier@maison-lumen.example", "company", "linkedin", "absent", "", "", ""),
    ],
}

PERSONAS: dict[str, list[dict[str, Any]]] = {
    "demo": [
        {
            "name": "Responsable achats d’un équipementier automobile",
            "description": "Acheteuse famille mécanique chez un équipementier de rang 1, 40 ans, "
            "Pays de la Loire.",
            "goals": "Sécuriser ses approvisionnements, réduire le nombre de fournisseurs, "
            "tenir les objectifs de baisse de prix annuels.",
            "habits": "Consulte LinkedIn tous les matins sur mobile ; lit les newsletters de la filière "
            "automobile ; visite deux salons par an (Midest, Global Industrie).",
            "needs": "Des preuves de fiabilité : taux de service, certifications IATF 16949, "
            "capacité à absorber des pics de volume.",
            "problems": "Ruptures chez les fournisseurs de rang 2, pression sur les coûts, "
            "peu de temps pour rencontrer de nouveaux fournisseurs.",
            "channels": ["linkedin"],
            "axes": ["customers", "competition"],
            "notes": "Sensible aux témoignages d’autres acheteurs et aux visites d’usine.",
        },
        {
            "name": "Directeur de maintenance industrielle",
            "description": "Responsable maintenance d’un site agroalimentaire de 300 personnes.",
            "goals": "Réduire les arrêts non planifiés, passer à la maintenance prédictive.",
            "habits": "Regarde des vidéos techniques sur YouTube ; échange dans des groupes LinkedIn "
            "de maintenanciers ; fait confiance au bouche-à-oreille entre sites.",
            "needs": "Des pièces de rechange livrées vite, un interlocuteur technique joignable, "
            "des tutoriels de montage.",
            "problems": "Pièces obsolètes introuvables, équipes réduites, budget d’investissement gelé.",
            "channels": ["linkedin", "youtube"],
            "axes": ["customers"],
            "notes": "",
        },
        {
            "name": "Ingénieure bureau d’études chez un constructeur de machines spéciales",
            "description": "Prescriptrice : elle choisit les sous-traitants avant que les achats "
            "ne négocient.",
            "goals": "Trouver des partenaires capables de co-concevoir des pièces complexes.",
            "habits": "Suit les comptes de fabricants sur LinkedIn ; regarde les démonstrations "
            "vidéo ; télécharge des livres blancs techniques.",
            "needs": "Des échanges entre ingénieurs, des études de cas détaillées, "
            "des délais de prototypage courts.",
            "problems": "Sous-traitants qui répondent lentement, qualité inégale des prototypes.",
            "channels": ["linkedin", "youtube"],
            "axes": ["customers", "company"],
            "notes": "Un bon contact pour un programme d’ambassadeurs côté ingénieurs.",
        },
    ],
    "maison-lumen": [
        {
            "name": "Citadine attentive à la composition de ses cosmétiques",
            "description": "32 ans, cadre, vit à Lyon ; achète en ligne et en boutique bio.",
            "goals": "Des soins efficaces, fabriqués en France, sans ingrédients controversés.",
            "habits": "Instagram tous les soirs, vidéos TikTok de créatrices, "
            "applications de lecture d’étiquettes.",
            "needs": "Transparence sur la formule, conseils d’utilisation, avis d’autres clientes.",
            "problems": "Méfiance envers le « greenwashing », offre pléthorique.",
            "channels": ["instagram", "tiktok"],
            "axes": ["customers", "company"],
            "notes": "",
        },
    ],
}

ENTRY_FIELDS = ("status", "owner", "url", "notes")
PERSONA_FIELDS = ("description", "goals", "habits", "needs", "problems", "channels", "axes", "notes")


@transaction.atomic
def populate(organisation: Organisation) -> None:
    """Put the demo usage map and personas of ``organisation`` in their known state."""
    if organisation.slug not in ENTRIES:
        return
    _entries(organisation, ENTRIES[organisation.slug])
    _personas(organisation, PERSONAS.get(organisation.slug, []))


def _entries(organisation: Organisation, rows: list[Row]) -> None:
    people = {p.email: p for p in Person.objects.filter(organisation=organisation)}
    existing = {
        (e.person_id, e.axis, e.network): e for e in UsageEntry.objects.filter(organisation=organisation)
    }
    keep: set[int] = set()
    for email, axis, network, status, owner, url, notes in rows:
        person = people[email] if email else None
        values = dict(zip(ENTRY_FIELDS, (status, owner, url, notes), strict=True))
        entry = existing.get((person.pk if person else None, axis, network))
        if entry is None or any(getattr(entry, k) != v for k, v in values.items()):
            entry = services.usage_entry_save(
                organisation=organisation, person=person, axis=axis, network=network, data=values
            )
        keep.add(entry.pk)
    UsageEntry.objects.filter(organisation=organisation).exclude(pk__in=keep).delete()


def _personas(organisation: Organisation, wanted: list[dict[str, Any]]) -> None:
    existing = {p.name: p for p in Persona.objects.filter(organisation=organisation)}
    keep: set[int] = set()
    for data in wanted:
        persona = existing.get(data["name"]) or Persona(organisation=organisation, name=data["name"])
        if persona.pk is None or any(getattr(persona, k) != data[k] for k in PERSONA_FIELDS):
            for field in PERSONA_FIELDS:
                setattr(persona, field, data[field])
            services.persona_save(persona=persona)
        keep.add(persona.pk)
    Persona.objects.filter(organisation=organisation).exclude(pk__in=keep).delete()
