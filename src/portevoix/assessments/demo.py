"""Demo diagnostic: an open campaign of the demo SME, with varied, realistic answers.

Each codir member gets a maturity profile per dimension (0 = absent … 1 = leading) that matches
their story in the demo (a discreet CEO, a social-selling sales director, a CFO who wants the
ROI first…); answers follow the profile with a little deterministic noise.
"""

from __future__ import annotations

import random
from typing import Any

from django.utils import timezone

from portevoix.core.framework import Framework
from portevoix.frameworks.selectors import framework_latest
from portevoix.tenancy.models import Organisation, Person

from .models import Campaign, Invitation, Response
from .synthetic import synthetic_answers

CAMPAIGN_NAME = "Diagnostic du codir — automne 2026"

# person e-mail prefix → (default level, {dimension id: level})
PROFILES: dict[str, tuple[float, dict[str, float]]] = {
    "herve.legoff": (0.25, {"voice_content": 0.1, "engagement": 0.15, "executive_sponsorship": 0.45}),
    "sophie.marchand": (0.2, {"measurement_roi": 0.55, "profile_showcase": 0.1}),
    "claire.dubois": (0.75, {"voice_content": 0.85, "listening_brand": 0.7}),
    "thomas.nguyen": (0.7, {"network_relationships": 0.9, "engagement": 0.8, "teams_ambassadors": 0.4}),
    "nathalie.roux": (0.55, {"teams_ambassadors": 0.7, "listening_brand": 0.6}),
    "jean-marc.bertin": (0.2, {"posture_risk": 0.3}),
}
# the leaders' own words in the free-text questions (read by the objections app)
FREE_TEXTS: dict[str, dict[str, str]] = {
    "herve.legoff": {
        "en_hold_back": "Honnêtement, je n’ai pas le temps : entre l’usine et les clients, tout est plein.",
        "pr_convince": "Je ne cherche pas de travail, je suis très bien à la tête de l’entreprise.",
        "mr_convince": "Qu’on me montre des chiffres : combien de clients LinkedIn nous a apportés ?",
        "vc_topics": "Notre savoir-faire industriel, peut-être.",
    },
    "sophie.marchand": {
        "mr_convince": "Un business case chiffré, avec le retour sur investissement sur trois ans.",
        "en_hold_back": "Je ne vois pas ce que ma présence apporterait à une PME comme la nôtre.",
        "pr_convince": "Des résultats mesurables chez des entreprises comparables à la nôtre.",
    },
    "claire.dubois": {
        "en_hold_back": "Je publie déjà chaque semaine sur nos projets.",
        "pr_convince": "Les salariés nous demandent pourquoi la direction est absente de LinkedIn.",
    },
    "thomas.nguyen": {
        "en_hold_back": "Rien de particulier, je publie régulièrement.",
        "pr_convince": "Nos commerciaux réclament que les dirigeants les soutiennent en ligne.",
    },
    "nathalie.roux": {
        "en_hold_back": "Je ne sais pas où s’arrête ma vie privée sur ces réseaux.",
        "pr_convince": "On n’arrive plus à recruter de techniciens, notre marque employeur doit exister.",
    },
    "jean-marc.bertin": {
        "en_hold_back": "C’est un truc de jeunes, le stagiaire s’occupe de notre page.",
        "pr_convince": "Un faux pas en ligne et c’est ma réputation qui y passe.",
    },
}
# raters of a cross-assessment: (rater prefix, subject prefix, level)
# Each rated leader has two assessors, the fewest whose mean is shown (PEER_MINIMUM).
PEER_RATINGS = [
    ("claire.dubois", "herve.legoff", 0.12),
    ("claire.dubois", "thomas.nguyen", 0.6),
    ("nathalie.roux", "herve.legoff", 0.2),
    ("sophie.marchand", "thomas.nguyen", 0.5),
]
TEAM_ANSWERS = 12


def _answers(
    framework: Framework, kind: str, base: float, levels: dict[str, float], rng: random.Random
) -> dict[str, Any]:
    return synthetic_answers(framework, kind, level=base, levels=levels, rng=rng, blank_rate=0.04)


def _person(organisation: Organisation, prefix: str) -> Person | None:
    return Person.objects.filter(organisation=organisation, email__startswith=prefix + "@").first()


def populate(organisation: Organisation) -> None:
    if organisation.slug != "demo":
        return
    version = framework_latest()
    if version is None:
        return
    Campaign.objects.filter(organisation=organisation, name=CAMPAIGN_NAME).delete()
    campaign = Campaign.objects.create(
        organisation=organisation,
        framework_version=version,
        name=CAMPAIGN_NAME,
        status=Campaign.Status.OPEN,
        team_survey=True,
        anonymity_threshold=5,
        reminder_every_days=0,
        opened_at=timezone.now(),
    )
    framework = version.framework
    rng = random.Random(2026)
    today = timezone.localdate()
    for person in Person.objects.filter(organisation=organisation, is_codir=True).exclude(email=""):
        prefix = person.email.split("@")[0]
        invitation = Invitation.objects.create(
            campaign=campaign,
            kind=Invitation.Kind.SELF,
            email=person.email,
            respondent=person,
            subject=person,
            language=person.effective_language,
            sent_at=timezone.now(),
        )
        if prefix in PROFILES:
            base, levels = PROFILES[prefix]
            answers = _answers(framework, "self", base, levels, rng)
            answers.update(FREE_TEXTS.get(prefix, {}))
            Response.objects.create(
                campaign=campaign,
                kind="self",
                invitation=invitation,
                respondent=person,
                subject=person,
                answers=answers,
                language=invitation.language,
                submitted_on=today,
            )
            invitation.status = Invitation.Status.SUBMITTED
            invitation.submitted_at = timezone.now()
            invitation.save(update_fields=["status", "submitted_at"])
    for rater_prefix, subject_prefix, level in PEER_RATINGS:
        # Each rating draws from its own generator, so that the team answers below stay the same
        # whatever the ratings.
        rating_rng = random.Random(f"{rater_prefix}>{subject_prefix}")
        rater, subject = _person(organisation, rater_prefix), _person(organisation, subject_prefix)
        if rater is None or subject is None:
            continue
        invitation = Invitation.objects.create(
            campaign=campaign,
            kind=Invitation.Kind.PEER,
            email=rater.email,
            respondent=rater,
            subject=subject,
            status=Invitation.Status.SUBMITTED,
            sent_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        Response.objects.create(
            campaign=campaign,
            kind="peer",
            invitation=invitation,
            respondent=rater,
            subject=subject,
            answers=_answers(framework, "peer", level, {}, rating_rng),
            submitted_on=today,
        )
    for n in range(TEAM_ANSWERS + 4):
        submitted = n < TEAM_ANSWERS
        Invitation.objects.create(
            campaign=campaign,
            kind=Invitation.Kind.TEAM,
            email=f"salarie{n + 1:02d}@mecanique-armor.example",
            status=Invitation.Status.SUBMITTED if submitted else Invitation.Status.PENDING,
            sent_at=timezone.now(),
        )
        if submitted:
            Response.objects.create(
                campaign=campaign,
                kind="team",
                answers=_answers(framework, "team", 0.35, {}, rng),
                submitted_on=today,
            )
