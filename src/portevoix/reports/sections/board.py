"""Sections of the codir board pack built from the data that exists today: executive summary,
maturity, gaps, usage map, employer brand, benchmarks, method and sources.

Every figure comes from ``context.read``, the results read model (:mod:`portevoix.core.results`)
that the results page, the API and the overview read too, for the report's explicit scope; no
section queries another app's tables or computes a figure of its own. Individual results are
named only when the campaign shares them; the team survey appears only at or above its anonymity
threshold.
"""

from __future__ import annotations

from collections import Counter

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portevoix.assessments.dashboard import (
    ALIGNMENT_LABELS,
    alignment_chart,
    benchmarks_chart,
    heatmap_chart,
    levels_chart,
    review_site_label,
)
from portevoix.assessments.results import spread_details_shown
from portevoix.core import charts, vocabulary
from portevoix.core.charts.types import PerceptionRow, RadarSeries, UsageCell
from portevoix.core.figures import benchmark_figure, shipped_figures
from portevoix.core.i18n import pick
from portevoix.core.numbers import published_digits
from portevoix.core.reports import Chart, Column, KeyFigure, Missing, Section, Table
from portevoix.core.reports.model import Cell, format_number, rounded
from portevoix.core.results import Period
from portevoix.core.scoring.aggregate import ANONYMITY_FLOOR
from portevoix.core.sources import BOARD_CONTEXT

from ..context import ReportContext
from .registry import section

BOARD = ("board",)


def _n(value: float | None, context: ReportContext, digits: int = 0) -> str:
    return format_number(value, digits, context.language)


def no_campaign(context: ReportContext) -> Missing:
    return Missing(
        _("No diagnostic answers yet in this organisation."),
        _(
            "Create a diagnostic campaign (Diagnostic page), invite the codir members and generate the "
            "report again once they have answered."
        ),
    )


def codir_missing(context: ReportContext) -> Missing | None:
    """Why the codir's aggregate cannot be shown to this report's audience, if it cannot."""
    results = context.read
    if results is None or results.codir is None:
        return no_campaign(context)
    if results.codir_too_small and not context.shares_individuals:
        return Missing(
            ngettext(
                "%(count)s codir member has answered: the codir's results appear from %(minimum)s "
                "self-assessments, so that nobody can read a colleague's answers in them.",
                "%(count)s codir members have answered: the codir's results appear from %(minimum)s "
                "self-assessments, so that nobody can read a colleague's answers in them.",
                results.codir.n,
            )
            % {"count": results.codir.n, "minimum": ANONYMITY_FLOOR},
            _("Remind the other codir members to answer (Diagnostic page), then generate the report again."),
        )
    return None


def no_evidence(context: ReportContext | None = None) -> Missing:
    """What is missing for the say–do gap: activity data, or — when activity *is* imported —
    leaders who both answered this campaign and have activity (never "nothing imported" then)."""
    read = context.read if context is not None else None
    if read is not None and read.evidence_people:
        return Missing(
            ngettext(
                "Activity is imported for %(count)s codir member, but the say–do gap needs at least "
                "two leaders who answered this campaign and have imported activity (%(both)s here).",
                "Activity is imported for %(count)s codir members, but the say–do gap needs at least "
                "two leaders who answered this campaign and have imported activity (%(both)s here).",
                read.evidence_people,
            )
            % {"count": read.evidence_people, "both": len(read.say_do)},
            _(
                "Choose the campaign the codir answered on the Reports page, or import the activity of "
                "the leaders who answered this one."
            ),
        )
    return Missing(
        _("No activity data imported yet in this organisation."),
        _(
            "Import the leaders' LinkedIn (or X, Mastodon) archives on the Activity data page: the report "
            "will then set what they say beside what they do."
        ),
    )


def _level_name(context: ReportContext, level_id: str | None) -> str:
    return context.level_name(level_id)


def _campaign_source(context: ReportContext) -> str:
    """The scope, as the cover states it: campaign, answers out of invited, activity period."""
    return _("Porte-voix diagnostic: %(scope)s") % {"scope": context.scope_line}


# -- executive summary ------------------------------------------------------------------------


@section("summary", title=gettext_lazy("Executive summary"), reports=BOARD, order=10)
def executive_summary(context: ReportContext) -> Section:
    messages: list[str] = []
    missing: list[Missing] = []
    results = context.read
    blocked = codir_missing(context)
    if blocked is not None:
        missing.append(blocked)
    elif results is not None and results.codir is not None:
        mean = results.codir.mean
        weakest = min(
            (d for d in results.dimension_ids("organisation") if mean.dimensions[d].score is not None),
            key=lambda d: mean.dimensions[d].score or 0.0,
            default=None,
        )
        text = _(
            "The codir rates the company %(org)s/100 (%(org_level)s) and its own leadership presence "
            "%(person)s/100 (%(person_level)s)."
        ) % {
            "org": _n(mean.overall.get("organisation"), context),
            "org_level": _level_name(context, mean.overall_level.get("organisation")),
            "person": _n(mean.overall.get("person"), context),
            "person_level": _level_name(context, mean.overall_level.get("person")),
        }
        if weakest is not None:
            text += " " + _("The weakest point is “%(dimension)s” (%(score)s/100).") % {
                "dimension": context.label(weakest),
                "score": _n(mean.dimensions[weakest].score, context),
            }
        messages.append(text)

        if len(results.say_do) > 1 and results.say_do_gap is not None:
            known = [row for row in results.codir_say_do if row.gap is not None]
            cemetery = len(results.cemetery)
            text = _(
                "What the codir says is %(gap)s points away from what its activity shows (declared "
                "minus observed, mean over %(n)s dimensions)."
            ) % {"gap": _n(results.say_do_gap, context), "n": len(known)}
            if cemetery:
                text += " " + ngettext(
                    "%(count)s leader out of %(total)s with imported activity has a profile in the "
                    "digital cemetery.",
                    "%(count)s leaders out of %(total)s with imported activity have a profile in the "
                    "digital cemetery.",
                    cemetery,
                ) % {"count": cemetery, "total": len(results.say_do)}
            messages.append(text)
        else:
            spreads = results.codir.spreads
            divided = [d for d in results.framework.dimensions if spreads[d.id].alignment == "divided"]
            messages.append(
                ngettext(
                    "The codir is divided on %(count)s dimension out of %(total)s: “aligned” is not yet "
                    "a fact.",
                    "The codir is divided on %(count)s dimensions out of %(total)s: “aligned” is not yet "
                    "a fact.",
                    len(divided),
                )
                % {"count": len(divided), "total": len(results.framework.dimensions)}
                if divided
                else _("The codir members' answers are close to each other on every dimension.")
            )
            missing.append(no_evidence(context))

    figures = shipped_figures()
    benchmark = benchmark_figure("cac40_codir_monthly")
    posting = context.read.monthly_posting if context.read is not None else None
    if posting is not None and posting.members:
        # like with like: the codir's observed monthly posting over 12 months, the measure the
        # benchmark counts; the usage map's declared "active" is a different quantity
        messages.append(
            _(
                "%(share)s %% of the codir members with imported activity posted at least once a month "
                "over 12 months, against %(benchmark)s %% of CAC 40 executive-committee members (%(source)s)."
            )
            % {
                "share": _n(posting.percent, context),
                "benchmark": _n(benchmark.value, context, published_digits(benchmark.value)),
                "source": benchmark.citation(context.language),
            }
        )
    else:
        inactive = figures.get("leaders_inactive")
        messages.append(
            _(
                "%(value)s %% of SME and mid-cap leaders say they are inactive or not very active on social "
                "networks personally (%(source)s): the codir's own presence is the first lever."
            )
            % {
                "value": _n(inactive.value, context, published_digits(inactive.value)),
                "source": inactive.citation(context.language),
            }
        )
    summary = Section("summary", _("Executive summary"), bullets=messages, missing=missing)
    summary.message = _("Three messages for the codir")
    summary.sources = [
        benchmark.citation(context.language),
        figures.get("leaders_inactive").citation(context.language),
    ]
    if context.read is not None:
        summary.sources.insert(0, _campaign_source(context))
    return summary


# -- maturity -----------------------------------------------------------------------------------


@section("maturity", title=gettext_lazy("Maturity of the company and the codir"), reports=BOARD, order=20)
def maturity(context: ReportContext) -> Section:
    title = _("Maturity of the company and the codir")
    results = context.read
    blocked = codir_missing(context)
    if blocked is not None:
        return Section.unavailable("maturity", title, blocked)
    # codir_missing has checked that there are results and a codir
    assert results is not None
    assert results.codir is not None
    framework = results.framework
    codir = results.codir
    mean = codir.mean
    scope = results.scope
    result = Section("maturity", title)
    result.message = _(
        "The company stands at %(org)s/100 as the codir sees it; its leaders at %(person)s/100 on average."
    ) % {
        "org": _n(mean.overall.get("organisation"), context),
        "person": _n(mean.overall.get("person"), context),
    }
    result.figures = [
        KeyFigure(
            _("The company, as the codir sees it"),
            rounded(mean.overall.get("organisation")),
            "score",
            note=_level_name(context, mean.overall_level.get("organisation")),
        ),
        KeyFigure(
            _("The leaders, on average"),
            rounded(mean.overall.get("person")),
            "score",
            note=_level_name(context, mean.overall_level.get("person")),
        ),
        KeyFigure(
            _("Self-assessments"),
            scope.self_submitted,
            "count",
            note=_("out of %(n)s") % {"n": scope.self_invited},
        ),
    ]
    person_ids = [d.id for d in framework.dimensions_at("person")]
    org_ids = [d.id for d in framework.dimensions_at("organisation")]
    series: list[RadarSeries] = [
        {
            "label": _("Codir mean"),
            "values": {d: mean.dimensions[d].score for d in person_ids},
            "reference": True,
        }
    ]
    result.charts.append(
        Chart(
            "radar",
            _("Leaders' dimensions"),
            charts.radar(
                series,
                [(d, context.label(d)) for d in person_ids],
                title=_("Leaders' dimensions"),
                missing_label=_("not answered"),
            ),
        )
    )
    company_series: list[RadarSeries] = [
        {"label": _("Codir"), "values": {d: mean.dimensions[d].score for d in org_ids}, "reference": True}
    ]
    if results.team is not None:
        company_series.insert(
            0,
            {"label": _("Employees"), "values": {d: results.team.mean.dimensions[d].score for d in org_ids}},
        )
    result.charts.append(
        Chart(
            "company_radar",
            _("The company seen by employees and by the codir")
            if results.team
            else _("The company's dimensions"),
            charts.radar(
                company_series,
                [(d, context.label(d)) for d in org_ids],
                title=_("The company seen by employees and by the codir")
                if results.team
                else _("The company's dimensions"),
                missing_label=_("not answered"),
            ),
        )
    )
    labels, levels = context.names
    # The codir reads the board pack: lowest, highest, median and the level distribution are each
    # some member's own score, shown only as the results page shows them to a codir member.
    campaign = context.campaign
    details = campaign is not None and spread_details_shown(
        campaign, codir.n, sees_everyone=context.shares_individuals
    )
    if details:
        result.charts.append(
            Chart(
                "alignment",
                _("How far apart the codir members are"),
                alignment_chart(framework, codir, labels),
            )
        )
        result.charts.append(
            Chart(
                "levels",
                _("Codir members at each level"),
                levels_chart(framework, list(results.self_cards.values()), labels, levels),
            )
        )
    named = sorted(results.self_cards, key=lambda pk: results.people[pk].name)
    if context.shares_individuals and len(named) > 1:
        result.charts.append(
            Chart(
                "heatmap",
                _("Codir members × dimensions"),
                heatmap_chart(
                    framework, [(results.people[pk].name, results.self_cards[pk]) for pk in named], labels
                ),
            )
        )
    elif len(results.self_cards) > 1:
        result.paragraphs.append(
            _(
                "Individual results are not shared by this campaign: the board pack shows the codir as a "
                "whole and names nobody (each leader receives their own report)."
            )
        )

    rows: list[tuple[Cell, ...]] = []
    for dimension in framework.dimensions:
        spread = codir.spreads[dimension.id]
        score = mean.dimensions[dimension.id]
        rows.append(
            (
                context.label(dimension.id),
                rounded(results.weights.get(dimension.id), 1),
                rounded(spread.mean),
                *(
                    (rounded(spread.median), rounded(spread.minimum), rounded(spread.maximum))
                    if details
                    else ()
                ),
                rounded(spread.stdev, 1),
                str(ALIGNMENT_LABELS[spread.alignment]),
                _level_name(context, score.level_id),
            )
        )
    result.tables.append(
        Table(
            _("Scores of the codir per dimension"),
            (
                Column("dimension", _("Dimension")),
                Column("weight", _("Weight for this company"), "", 1),
                Column("mean", _("Mean"), "score"),
                *(
                    (
                        Column("median", _("Median"), "score"),
                        Column("minimum", _("Lowest"), "score"),
                        Column("maximum", _("Highest"), "score"),
                    )
                    if details
                    else ()
                ),
                Column("stdev", _("Standard deviation"), "", 1),
                Column("alignment", _("Alignment")),
                Column("level", _("Level")),
            ),
            tuple(rows),
            source=_campaign_source(context),
            note=_("Scores 0–100; unanswered questions are never counted as zero."),
        )
    )
    if results.team is not None:
        team = results.team.mean
        result.tables.append(
            Table(
                _("The company seen by employees"),
                (
                    Column("dimension", _("Dimension")),
                    Column("team", _("Employees"), "score"),
                    Column("codir", _("Codir"), "score"),
                ),
                tuple(
                    (context.label(d), rounded(team.dimensions[d].score), rounded(mean.dimensions[d].score))
                    for d in org_ids
                ),
                source=ngettext(
                    "Anonymous team survey, %(count)s answer",
                    "Anonymous team survey, %(count)s answers",
                    results.team_count,
                )
                % {"count": results.team_count},
            )
        )
    elif results.team_hidden:
        result.paragraphs.append(
            ngettext(
                "%(count)s employee answer so far: the team results appear from %(threshold)s answers, to "
                "protect anonymity.",
                "%(count)s employee answers so far: the team results appear from %(threshold)s answers, to "
                "protect anonymity.",
                results.team_count,
            )
            % {"count": results.team_count, "threshold": results.team_threshold}
        )
    if context.shares_individuals:
        person_ids = results.dimension_ids("person")
        result.tables.append(
            Table(
                _("Each member"),
                (
                    Column("member", _("Member")),
                    Column("overall", _("Leader score"), "score"),
                    *(Column(d, context.label(d), "score") for d in person_ids),
                ),
                tuple(
                    (
                        results.people[pk].name,
                        rounded(results.self_cards[pk].overall.get("person")),
                        *(rounded(results.self_cards[pk].dimensions[d].score) for d in person_ids),
                    )
                    for pk in named
                ),
                source=_campaign_source(context),
            )
        )
    result.sources = [_campaign_source(context)]
    return result


# -- say–do and perception gaps -------------------------------------------------------------------


@section("gaps", title=gettext_lazy("What the codir says, what it does"), reports=BOARD, order=30)
def gaps(context: ReportContext) -> Section:
    title = _("What the codir says, what it does")
    results = context.read
    if results is None:
        return Section.unavailable("gaps", title, no_campaign(context))
    result = Section("gaps", title)
    say_do = results.say_do
    named = context.shares_individuals
    # One leader's figures are the codir's only when the pack may name them.
    aggregate = results.codir_say_do if len(say_do) > 1 or (say_do and named) else ()
    if not aggregate or not results.observed_dimensions:
        result.missing.append(no_evidence(context))
    else:
        average = results.say_do_gap
        result.message = _(
            "Declared minus observed: %(gap)s points on average over the leaders' dimensions."
        ) % {"gap": _n(average, context)}
        result.figures.append(KeyFigure(_("Say–do gap (codir mean)"), rounded(average), "points"))
        cemetery = results.cemetery
        result.figures.append(
            KeyFigure(
                _("Profiles in the digital cemetery"),
                len(cemetery),
                "count",
                note=_("out of %(n)s with imported activity") % {"n": len(say_do)},
            )
        )
        if cemetery:
            if named:
                result.bullets.append(
                    _(
                        "Digital cemetery (a profile that exists but has not been animated for three "
                        "months or "
                        "more): %(names)s."
                    )
                    % {"names": ", ".join(p.name for p in cemetery)}
                )
            else:
                result.bullets.append(
                    ngettext(
                        "%(count)s codir profile exists but has not been animated for three months or more "
                        "(digital cemetery).",
                        "%(count)s codir profiles exist but have not been animated for three months or more "
                        "(digital cemetery).",
                        len(cemetery),
                    )
                    % {"count": len(cemetery)}
                )
        rows: list[PerceptionRow] = [
            {
                "label": context.label(row.dimension_id),
                "self_score": row.declared,
                "others_mean": row.observed,
                "gap": row.gap,
            }
            for row in aggregate
        ]
        result.charts.append(
            Chart(
                "say_do",
                _("What the codir says and what its activity shows"),
                charts.perception_gap(
                    rows,
                    dimension_title=_("Dimension"),
                    gap_title=_("Declared minus observed (points)"),
                    self_title=_("Declared"),
                    others_title=_("Observed"),
                    missing_label=_("no data"),
                    title=ngettext(
                        "What the %(n)s leader with imported activity says and what it shows",
                        "What the %(n)s leaders with imported activity say and what it shows",
                        len(say_do),
                    )
                    % {"n": len(say_do)},
                ),
            )
        )
        result.tables.append(
            Table(
                ngettext(
                    "Declared and observed, mean of the %(n)s leader with imported activity",
                    "Declared and observed, mean of the %(n)s leaders with imported activity",
                    len(say_do),
                )
                % {"n": len(say_do)},
                (
                    Column("dimension", _("Dimension")),
                    Column("declared", _("Declared"), "score"),
                    Column("observed", _("Observed"), "score"),
                    Column("gap", _("Gap"), "points"),
                ),
                tuple(
                    (context.label(r.dimension_id), rounded(r.declared), rounded(r.observed), rounded(r.gap))
                    for r in aggregate
                ),
                source=_("Questionnaire answers and imported activity exports (LinkedIn, X, Mastodon)"),
            )
        )
        if named:
            result.tables.append(
                Table(
                    _("Declared and observed, each member"),
                    (
                        Column("member", _("Member")),
                        Column("dimension", _("Dimension")),
                        Column("declared", _("Declared"), "score"),
                        Column("observed", _("Observed"), "score"),
                        Column("gap", _("Gap"), "points"),
                    ),
                    tuple(
                        (
                            m.leader.name,
                            context.label(r.dimension_id),
                            rounded(r.declared),
                            rounded(r.observed),
                            rounded(r.gap),
                        )
                        for m in say_do
                        for r in m.rows
                    ),
                    data_only=True,
                )
            )
    _contradictions(context, result)
    # Perception gap: self-assessment against others' ratings, the mean over the rated leaders.
    # Only leaders rated by enough colleagues for their mean to be shown (see PEER_MINIMUM).
    rated = results.rated_leaders
    if rated and (len(rated) > 1 or named):
        rows_out: list[tuple[Cell, ...]] = [
            (context.label(dimension_id), rounded(mean), count)
            for dimension_id, (mean, count) in results.codir_perception_gaps.items()
        ]
        result.tables.append(
            Table(
                _("Perception gap: self-assessment minus others' ratings"),
                (
                    Column("dimension", _("Dimension")),
                    Column("gap", _("Mean gap"), "points"),
                    Column("rated", _("Leaders rated by others"), "count"),
                ),
                tuple(rows_out),
                note=_("Above zero, leaders see themselves more mature than others see them."),
            )
        )
    elif results.gaps and not rated:
        result.paragraphs.append(
            _(
                "Cross-assessments have started, but no leader has yet been rated by enough colleagues "
                "for their mean to be shown without revealing who answered what."
            )
        )
    elif not rated:
        result.paragraphs.append(
            _("No cross-assessment yet: ask colleagues to rate a leader to see the perception gap.")
        )
    if not result.message:
        result.message = result.missing[0].what if result.missing else title
    result.sources = [_("Questionnaire answers and imported activity exports (LinkedIn, X, Mastodon)")]
    return result


def _contradictions(context: ReportContext, result: Section) -> None:
    """Where the usage map (declared) and imported activity (observed) disagree: both, flagged."""
    read = context.read
    if read is None or not read.contradictions:
        return
    if context.shares_individuals:
        for c in read.contradictions:
            result.bullets.append(
                _(
                    "%(person)s: the usage map says “%(declared)s”, the imported activity shows "
                    "“%(observed)s”. Check the map with them."
                )
                % {
                    "person": c.leader.name,
                    "declared": _(vocabulary.PRESENCE_STATUSES[c.declared]),
                    "observed": _(vocabulary.PRESENCE_STATUSES[c.observed]),
                }
            )
    else:
        result.bullets.append(
            ngettext(
                "For %(count)s codir member, the usage map and the imported activity disagree on "
                "LinkedIn: check the map with them.",
                "For %(count)s codir members, the usage map and the imported activity disagree on "
                "LinkedIn: check the map with them.",
                len(read.contradictions),
            )
            % {"count": len(read.contradictions)}
        )


# -- usage map ------------------------------------------------------------------------------------


@section("usage", title=gettext_lazy("Usage map on the four axes"), reports=BOARD, order=40)
def usage(context: ReportContext) -> Section:
    from portevoix.usage.display import usage_map_build
    from portevoix.usage.selectors import usage_entry_list, usage_subject_list

    title = _("Usage map on the four axes")
    organisation = context.organisation
    company = list(usage_entry_list(organisation=organisation).order_by("axis", "network"))
    if not company:
        return Section.unavailable(
            "usage",
            title,
            Missing(
                _("The usage map is empty in this organisation."),
                _(
                    "Fill in the usage map (Usage map page): where the company is present on each "
                    "axis and network."
                ),
            ),
        )
    result = Section("usage", title)
    members = list(usage_subject_list(organisation=organisation))
    built = usage_map_build(organisation=organisation, members=members, subject=None)
    axes = [(a, str(gettext_lazy(label))) for a, label in vocabulary.AXES.items()]
    networks = [(n, str(gettext_lazy(label))) for n, label in vocabulary.NETWORKS.items()]
    statuses = [(s, str(gettext_lazy(label))) for s, label in vocabulary.PRESENCE_STATUSES.items()]
    cells: list[UsageCell] = [
        {
            "axis": e.axis,
            "network": e.network,
            "status": e.status,
            "status_label": str(gettext_lazy(vocabulary.PRESENCE_STATUSES[e.status])),
        }
        for e in company
    ]
    result.charts.append(
        Chart(
            "usage",
            _("Where the company is present"),
            charts.usage_matrix(
                axes,
                networks,
                cells,
                axis_title=_("Axis"),
                network_title=_("Network"),
                status_title=_("Presence"),
                statuses=statuses,
                title=_("Where the company is present"),
            ),
        )
    )
    active_axes = {e.axis for e in company if e.status == "active"}
    result.message = _("The company is active on %(n)s of the four axes.") % {"n": len(active_axes)}
    for gap in built.company_gaps:
        result.bullets.append(gap.message + (f" {gap.hint}" if gap.hint else ""))
    member_gaps = built.member_gaps
    if context.shares_individuals:
        result.bullets += [gap.message for gap in member_gaps]
    else:
        counts = Counter(gap.code for gap in member_gaps)
        if counts.get("leader_linkedin_absent"):
            result.bullets.append(
                ngettext(
                    "%(count)s codir member is absent from LinkedIn.",
                    "%(count)s codir members are absent from LinkedIn.",
                    counts["leader_linkedin_absent"],
                )
                % {"count": counts["leader_linkedin_absent"]}
            )
        if counts.get("leader_linkedin_dormant"):
            result.bullets.append(
                ngettext(
                    "%(count)s codir member has a dormant LinkedIn profile (a digital cemetery).",
                    "%(count)s codir members have a dormant LinkedIn profile (a digital cemetery).",
                    counts["leader_linkedin_dormant"],
                )
                % {"count": counts["leader_linkedin_dormant"]}
            )
    status_labels = dict(statuses)
    axis_labels, network_labels = dict(axes), dict(networks)
    result.tables.append(
        Table(
            _("The company's presence"),
            (
                Column("axis", _("Axis")),
                Column("network", _("Network")),
                Column("status", _("Presence")),
                Column("owner", _("Run by")),
            ),
            tuple(
                (
                    axis_labels.get(e.axis, e.axis),
                    network_labels.get(e.network, e.network),
                    status_labels.get(e.status, e.status),
                    e.owner,
                )
                for e in company
            ),
            source=_("Usage map recorded in Porte-voix"),
        )
    )
    result.sources = [_("Usage map recorded in Porte-voix")]
    return result


# -- employer brand -------------------------------------------------------------------------------


@section("employer_brand", title=gettext_lazy("Employer brand"), reports=BOARD, order=50)
def employer_brand(context: ReportContext) -> Section:
    from portevoix.evidence.selectors import latest_followers

    title = _("Employer brand")
    organisation = context.organisation
    result = Section("employer_brand", title)
    read = context.read
    reviews = list(read.reviews) if read is not None else []
    if reviews:
        rows: list[tuple[Cell, ...]] = []
        for review in reviews:
            rows.append(
                (
                    review_site_label(review.site),
                    rounded(review.rating, 1),
                    review.reviews,
                    rounded(review.ceo_approval),
                    formats.date_format(review.on, "DATE_FORMAT"),
                )
            )
            result.figures.append(
                KeyFigure(
                    review_site_label(review.site),
                    rounded(review.rating, 1),
                    "rating",
                    1,
                    note=ngettext("%(count)s review", "%(count)s reviews", review.reviews)
                    % {"count": review.reviews},
                )
            )
        result.tables.append(
            Table(
                _("Employer reviews"),
                (
                    Column("site", _("Site")),
                    Column("rating", _("Rating"), "rating", 1),
                    Column("reviews", _("Reviews"), "count"),
                    Column("ceo", _("CEO approval"), "percent"),
                    Column("on", _("Read on")),
                ),
                tuple(rows),
                source=_("Figures typed in from the review sites, with their date"),
            )
        )
        best = max(reviews, key=lambda r: r.reviews)
        result.message = ngettext(
            "%(site)s: %(rating)s / 5 from %(count)s review.",
            "%(site)s: %(rating)s / 5 from %(count)s reviews.",
            best.reviews,
        ) % {
            "site": review_site_label(best.site),
            "rating": _n(best.rating, context, 1),
            "count": best.reviews,
        }
        if best.ceo_approval is not None:
            result.message += " " + _("CEO approval: %(value)s %%.") % {
                "value": _n(best.ceo_approval, context)
            }
    else:
        result.missing.append(
            Missing(
                _("No employer-review figures yet in this organisation."),
                _(
                    "Type in the Glassdoor, Indeed or Welcome to the Jungle ratings and the CEO "
                    "approval, with their "
                    "date, on the Activity data page."
                ),
            )
        )
    figures = read.page if read is not None else None
    page = figures.indicators if figures is not None else None
    if figures is not None and page is not None:
        rows_page: list[tuple[Cell, ...]] = [
            (_("Posts per week"), rounded(page.posts_per_week, 1), ""),
            (_("Impressions"), rounded(page.impressions), ""),
            (
                _("Engagement rate"),
                rounded(page.engagement_rate * 100, 1) if page.engagement_rate is not None else None,
                "%",
            ),
            (_("New followers"), rounded(page.new_followers), ""),
            (
                _("Share of posts by the company's people"),
                rounded(page.employee_share * 100) if page.employee_share is not None else None,
                "%",
            ),
            (_("Earned media value (estimate)"), rounded(page.earned_media_value), "€"),
        ]
        result.tables.append(
            Table(
                _("The company page, %(period)s") % {"period": period_text(figures.period)},
                (
                    Column("indicator", _("Indicator")),
                    Column("value", _("Value"), "", 1),
                    Column("unit", _("Unit")),
                ),
                tuple(rows_page),
                source=_("LinkedIn page analytics exports")
                + (f" · {page.emv_basis}" if page.emv_basis else ""),
            )
        )
        if not result.message:
            result.message = _("The company page publishes %(n)s posts a week.") % {
                "n": _n(page.posts_per_week, context, 1)
            }
    elif figures is not None and figures.outside_period and figures.latest is not None:
        # Imported, but older than the window: say so, never "nothing imported".
        result.missing.append(
            Missing(
                _("Company page statistics imported: up to %(last)s, outside the period (%(period)s).")
                % {
                    "last": formats.date_format(figures.latest, "DATE_FORMAT"),
                    "period": period_text(figures.period),
                },
                _("Import a recent LinkedIn page analytics export (.xls/.xlsx) on the Activity data page."),
            )
        )
    else:
        result.missing.append(
            Missing(
                _("No company page analytics imported yet."),
                _("Import the LinkedIn page analytics export (.xls/.xlsx) on the Activity data page."),
            )
        )
    followers = latest_followers(organisation=organisation)
    if followers:
        seen = {str(entry.data.get("network")): entry for entry in followers}
        result.tables.append(
            Table(
                _("Followers of the company"),
                (
                    Column("network", _("Network")),
                    Column("followers", _("Followers"), "count"),
                    Column("on", _("Read on")),
                ),
                tuple(
                    (
                        str(gettext_lazy(vocabulary.NETWORKS.get(n, n))),
                        e.data.get("followers"),
                        formats.date_format(e.on, "DATE_FORMAT"),
                    )
                    for n, e in seen.items()
                ),
                source=_("Figures typed in, with their date"),
            )
        )
    if not result.tables:
        result.empty = True
    if not result.message:
        result.message = result.missing[0].what
    result.sources = [t.source for t in result.tables if t.source]
    return result


# -- benchmarks -----------------------------------------------------------------------------------


def sources_url(org_slug: str) -> str:
    """The absolute address of the organisation's Sources page, printed in the method section."""
    from django.conf import settings
    from django.urls import reverse

    return settings.PORTEVOIX_BASE_URL.rstrip("/") + reverse("org_frameworks:sources", args=[org_slug])


UNIT_OF = {"percent": "percent", "ratio": "ratio", "count": "count", "euros": "euros"}


@section("benchmarks", title=gettext_lazy("Benchmarks"), reports=BOARD, order=90)
def benchmarks(context: ReportContext) -> Section:
    title = _("Benchmarks")
    figures = shipped_figures()
    result = Section("benchmarks", title)
    posting = context.read.monthly_posting if context.read is not None else None
    if posting is not None and posting.members:
        result.charts.append(
            Chart(
                "benchmarks",
                _("Your codir compared with published figures"),
                benchmarks_chart(posting, context.language),
            )
        )
    for figure_id in BOARD_CONTEXT:
        figure = figures.get(figure_id)
        result.bullets.append(
            f"{_n(figure.value, context, published_digits(figure.value))} % "
            f"{pick(figure.label.model_dump(), context.language)}"
            f" — {figure.citation(context.language)}"
        )
    cac40 = benchmark_figure("cac40_codir_monthly")
    result.message = (
        _(
            "Your codir: %(share)s %% posted at least once a month over 12 months; "
            "CAC 40 executive committees: %(benchmark)s %%."
        )
        % {
            "share": _n(posting.percent, context),
            "benchmark": _n(cac40.value, context, published_digits(cac40.value)),
        }
        if posting is not None and posting.members
        else _("Where French companies and their leaders stand on social networks.")
    )
    result.tables.append(
        Table(
            _("Sourced figures"),
            (
                Column("figure", _("Figure")),
                Column("value", _("Value"), "", 1),
                Column("unit", _("Unit")),
                Column("source", _("Source")),
                Column("year", _("Year")),
                Column("data_year", _("Year of data")),
                Column("second_hand", _("Quoted second-hand")),
            ),
            tuple(
                (
                    pick(f.label.model_dump(), context.language),
                    f.value,
                    f.unit,
                    f.source,
                    f.year,
                    f.data_year,
                    _("yes") if f.second_hand else "",
                )
                for f in figures.figures
            ),
            source="data/figures.yaml",
            data_only=True,
        )
    )
    result.sources = sorted({figures.get(i).citation(context.language) for i in BOARD_CONTEXT})
    return result


# -- method and data sources ----------------------------------------------------------------------


@section("method", title=gettext_lazy("Method and data sources"), reports=("board", "leader"), order=100)
def method(context: ReportContext) -> Section:
    from portevoix.evidence.selectors import data_sources

    title = _("Method and data sources")
    result = Section("method", title)
    result.message = _("How the figures of this report were obtained.")
    campaign, results = context.campaign, context.read
    if campaign is not None and results is not None:
        result.paragraphs.append(_("Scope of this report: %(scope)s.") % {"scope": context.scope_line})
        framework = results.framework
        result.paragraphs.append(
            _(
                "Maturity model: “%(name)s”, version %(version)s, %(dimensions)s dimensions; weights "
                "adapted to "
                "the company's profile (sector, size, market, priorities)%(frozen)s. Scores are 0–100 per "
                "dimension; a level is a band of the score. Unanswered questions are never counted "
                "as zero: a "
                "score resting on fewer than half of its questions is marked as unreliable."
            )
            % {
                "name": pick(framework.name.model_dump(), context.language),
                "version": framework.version,
                "dimensions": len(framework.dimensions),
                "frozen": _(", frozen when the campaign closed") if campaign.is_closed else "",
            }
        )
        result.paragraphs.append(
            _(
                "Diagnostic campaign “%(name)s”: self-assessments of the codir members, cross-assessments by "
                "colleagues and an anonymous team survey shown only from %(threshold)s answers."
            )
            % {"name": campaign.name, "threshold": campaign.anonymity_threshold}
        )
        standard = {d.id: d.weight for d in framework.dimensions}
        result.tables.append(
            Table(
                _("Weights of the model"),
                (
                    Column("dimension", _("Dimension")),
                    Column("standard", _("Standard weight"), "", 1),
                    Column("adapted", _("Weight for this company"), "", 1),
                ),
                tuple(
                    (context.label(d.id), rounded(standard[d.id], 1), rounded(results.weights.get(d.id), 1))
                    for d in framework.dimensions
                ),
                data_only=True,
            )
        )
    else:
        result.missing.append(no_campaign(context))
    source_rows = [
        (row.label, row.count, formats.date_format(row.last, "DATE_FORMAT"))
        for row in data_sources(organisation=context.organisation, person=context.person)
    ]
    if source_rows:
        result.tables.append(
            Table(
                _("Data sources"),
                (
                    Column("source", _("Source")),
                    Column("count", _("Imports or entries"), "count"),
                    Column("last", _("Latest")),
                ),
                tuple(source_rows),
            )
        )
    result.paragraphs.append(
        _(
            "Observed activity comes from the exports the leaders and the company downloaded themselves "
            "(LinkedIn, X, Mastodon archives and analytics); private files (messages, contacts) are never "
            "read. A profile with no post, comment or reaction for %(days)s days is a digital cemetery. "
            "The earned media value is an estimate."
        )
        % {"days": _cemetery_days()}
    )
    result.paragraphs.append(_("Benchmarks are published figures, each shown with its source and year."))
    result.paragraphs.append(
        _("Every published figure, with what it measured, its year of data and where it is used: %(url)s")
        % {"url": sources_url(context.organisation.slug)}
    )
    result.sources = [shipped_figures().get("leaders_inactive").source]
    return result


def period_text(period: Period) -> str:
    """ "from 1 Dec 2025 to 30 Nov 2026", in the active language."""
    return _("from %(start)s to %(end)s") % {
        "start": formats.date_format(period.start, "DATE_FORMAT"),
        "end": formats.date_format(period.end, "DATE_FORMAT"),
    }


def _cemetery_days() -> int:
    from portevoix.core.evidence.indicators import shipped_settings

    return shipped_settings().cemetery_days
