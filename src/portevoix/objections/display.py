"""Labels of the roadmap actions that catalogue entries recommend (ids of the action library
contract shared with the roadmap; the roadmap's own library has the full descriptions)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "codir_workshop": _("Codir workshop on social levers and their business use"),
    "executive_sponsor": _("Name an executive sponsor from the codir"),
    "business_case": _("Build and present the business case (ROI, payback, qualitative indicators)"),
    "peer_benchmark": _("Show how peers' and competitors' leaders use social networks"),
    "usage_map_personas": _("Map usage on the four axes and define buyer personas"),
    "objectives_kpis": _("Objectives and KPIs agreed by the codir"),
    "listening_setup": _("Social listening set-up (brand, competitors, sector)"),
    "measurement_setup": _("Measurement set-up (dashboards, baselines of the KPIs)"),
    "delegation_audit": _("Audit of accounts run by juniors or agencies: what they cost and produced"),
    "editorial_line": _("An editorial line and guiding thread per leader"),
    "governance_charter": _(
        "Governance and social-media charter (private/professional boundary, risk rules)"
    ),
    "cross_department_committee": _("Cross-department committee (marketing, sales, HR, communication)"),
    "internal_communication_plan": _("Internal communication plan on the project"),
    "employer_brand_plan": _("Employer-brand plan with HR"),
    "profile_makeover": _("Each leader's profile made a shop window"),
    "leader_coaching": _("Individual coaching on posture, tone and exposure"),
    "time_routine": _("A light weekly routine (about 20 minutes) with editorial support"),
    "ambassador_training": _("Employee ambassador training and programme"),
    "social_selling_training": _("Social-selling training for sales teams"),
}

KIND_LABELS: dict[str, Promise] = {
    "objection": _("Objection"),
    "barrier": _("Barrier"),
    "trigger": _("Trigger"),
}
KIND_PLURALS: dict[str, Promise] = {
    "objection": _("Objections"),
    "barrier": _("Barriers"),
    "trigger": _("Triggers"),
}


def action_label(action_id: str) -> str:
    label = ACTION_LABELS.get(action_id)
    return str(label) if label is not None else action_id.replace("_", " ")
