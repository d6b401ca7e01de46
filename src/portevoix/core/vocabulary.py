"""Stable identifiers of the domain (see ``shared/domain/BRIEF.md``), with English labels.

Labels are English source strings marked for translation; the French text lives in the
project's ``.po`` catalogue. Identifiers never change once data uses them.
"""

from __future__ import annotations

from .i18n import gettext_noop as _

MARKETS: dict[str, str] = {
    "b2b": _("B2B: businesses"),
    "b2c": _("B2C: consumers"),
    "b2b2c": _("B2B2C: businesses and their consumers"),
}

SIZE_BANDS: dict[str, str] = {
    "micro": _("Micro (1–9 employees)"),
    "small": _("Small (10–49 employees)"),
    "medium": _("Medium (50–249 employees)"),
    "intermediate": _("Intermediate (250–4,999 employees)"),
    "large": _("Large (5,000+ employees)"),
}

PRIORITIES: dict[str, str] = {
    "lead_generation": _("Lead generation and social selling"),
    "recruitment": _("Recruitment and employer brand"),
    "brand": _("Brand image and reputation"),
    "transformation": _("Digital transformation"),
    "customer_relationship": _("Customer relationship"),
    "investor_relations": _("Investor relations"),
}

SECTORS: dict[str, str] = {
    "industry": _("Manufacturing industry"),
    "construction": _("Construction and public works"),
    "agrifood": _("Agriculture and food"),
    "energy": _("Energy and utilities"),
    "retail": _("Retail and distribution"),
    "consumer_goods": _("Consumer goods"),
    "transport_logistics": _("Transport and logistics"),
    "hospitality_tourism": _("Hospitality and tourism"),
    "professional_services": _("Consulting and professional services"),
    "technology": _("Software and digital services"),
    "telecom_media": _("Telecoms and media"),
    "finance_insurance": _("Banking and insurance"),
    "real_estate": _("Real estate"),
    "health": _("Health and pharmaceuticals"),
    "education": _("Education and training"),
    "public_nonprofit": _("Public sector and non-profit"),
    "other": _("Other sector"),
}

AXES: dict[str, str] = {
    "company": _("Company, ecosystem, products and messages"),
    "customers": _("Prospects and customers, buying journey, buyer personas"),
    "competition": _("Competition and brand image"),
    "talent": _("Teams and candidates: employer brand"),
}

# Networks of the usage map. Brand names are not translated; only "other" is.
NETWORKS: dict[str, str] = {
    "linkedin": "LinkedIn",
    "x": "X",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "glassdoor": "Glassdoor",
    "indeed": "Indeed",
    "welcome_to_the_jungle": "Welcome to the Jungle",
    "other": _("Other network"),
}

# Presence on one network for one axis, from least to most present.
PRESENCE_STATUSES: dict[str, str] = {
    "absent": _("Absent"),
    "dormant": _("Dormant"),
    "occasional": _("Occasional"),
    "active": _("Active"),
}

PHASES: dict[str, str] = {
    "strategy": _("Strategy"),
    "federation": _("Federation of teams"),
    "enablement": _("Ambassador enablement"),
}

OBJECTIONS: tuple[str, ...] = (
    "roi",
    "priority",
    "time",
    "usefulness",
    "word_of_mouth",
    "internal_upskilling",
    "delegation",
    "not_my_place",
    "discretion",
    "risk",
    "job_seeking",
)
BARRIERS: tuple[str, ...] = (
    "exposure",
    "privacy_boundary",
    "skills_confidence",
    "extra_burden",
    "transparency",
)
TRIGGERS: tuple[str, ...] = (
    "financial_pressure",
    "talent_drain",
    "internal_pressure",
    "failed_delegation",
)
SIGNALS: frozenset[str] = frozenset(OBJECTIONS + BARRIERS + TRIGGERS)
