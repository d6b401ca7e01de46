"""What the generator reads, gathered from the other apps: the diagnostic's scores, the usage
map's gaps, the signals (objections, barriers, triggers) revealed by the answers, the priorities
and the codir. One function per source, so another source of signals can join
:func:`organisation_signals` (the objections app's detections, after the merge)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from portevoix.assessments.models import Campaign, Invitation
from portevoix.assessments.results import campaign_results
from portevoix.core import usage as usage_core
from portevoix.core.roadmap import Inputs, Member
from portevoix.tenancy.models import Organisation, Person


def diagnostic_campaign(organisation: Organisation) -> Campaign | None:
    """The campaign the roadmap follows: the default scope of the reports and the overview
    (:func:`assessments.read_model.default_campaign`), so that its reasons quote the same figures."""
    from portevoix.assessments.read_model import default_campaign

    return default_campaign(organisation).campaign


def dimension_scores(organisation: Organisation) -> dict[str, float | None]:
    """The codir's mean score per dimension (the team survey's when no codir member answered)."""
    campaign = diagnostic_campaign(organisation)
    if campaign is None:
        return {}
    results = campaign_results(campaign)
    group = results.codir or results.team
    if group is None:
        return {}
    return {dimension_id: score.score for dimension_id, score in group.mean.dimensions.items()}


def usage_gaps(organisation: Organisation) -> dict[str, int]:
    """How many gaps of each kind the usage map shows (company and codir members)."""
    from portevoix.usage.models import UsageEntry

    members = list(Person.objects.filter(organisation=organisation, is_codir=True))
    cells: dict[int | None, dict[tuple[str, str], str]] = {}
    for person_id, axis, network, status in UsageEntry.objects.filter(organisation=organisation).values_list(
        "person_id", "axis", "network", "status"
    ):
        cells.setdefault(person_id, {})[(axis, network)] = status
    gaps = usage_core.find_gaps(
        company=cells.get(None, {}),
        members=[usage_core.Member(str(p.pk), p.full_name, cells.get(p.pk, {})) for p in members],
        priorities=organisation.priorities,
    )
    return dict(Counter(gap.code for gap in gaps))


def answer_signals(organisation: Organisation) -> Counter[str]:
    """Signals of the options chosen by the codir members in their self-assessments: how many
    leaders chose them (never how many answers: a team survey's hundred answers are not leaders)."""
    campaign = diagnostic_campaign(organisation)
    found: Counter[str] = Counter()
    if campaign is None:
        return found
    framework = campaign.framework_version.framework
    by_option: dict[tuple[str, str], list[str]] = {}
    question_signals: dict[str, list[str]] = {}
    for question in framework.questions:
        question_signals[question.id] = list(question.signals)
        for option in question.options:
            if option.signals:
                by_option[(question.id, option.id)] = list(option.signals)
    leaders: dict[str, set[int]] = {}
    rows = campaign.responses.filter(kind=Invitation.Kind.SELF, subject__is_codir=True).values_list(
        "subject_id", "answers"
    )
    for subject_id, answers in rows:
        if not isinstance(answers, dict):
            continue
        for question_id, value in answers.items():
            chosen = value if isinstance(value, list) else [value]
            for option_id in chosen:
                if isinstance(option_id, str):
                    for signal in by_option.get((question_id, option_id), ()):
                        leaders.setdefault(signal, set()).add(subject_id)
    found.update({signal: len(people) for signal, people in leaders.items()})
    return found


def organisation_signals(organisation: Organisation) -> dict[str, int]:
    """Every detected objection, barrier and trigger with how often it was detected: the options
    chosen in the diagnostic, and what the objections app recognised in the leaders' choices and
    own words (reviewed by the admin; rejected detections do not count). A signal found by both
    counts once per leader, hence the maximum rather than the sum."""
    from portevoix.objections.selectors import organisation_signals as detected

    found = dict(answer_signals(organisation))
    for summary in detected(organisation, campaign=diagnostic_campaign(organisation)):
        found[summary.id] = max(found.get(summary.id, 0), summary.leaders)
    return found


def codir_members(organisation: Organisation) -> list[Member]:
    people = Person.objects.filter(organisation=organisation, is_codir=True).order_by("full_name", "pk")
    return [Member(str(p.pk), p.full_name, p.title) for p in people]


def gather(organisation: Organisation, *, start: dt.date, sponsor: Person | None = None) -> Inputs:
    return Inputs(
        start=start,
        dimension_scores=dimension_scores(organisation),
        gaps=usage_gaps(organisation),
        signals=organisation_signals(organisation),
        priorities=frozenset(organisation.priorities),
        members=codir_members(organisation),
        sponsor=str(sponsor.pk) if sponsor else None,
    )
