"""Sections of the codir board pack built from the data that exists today: executive summary,
maturity, gaps, usage map, employer brand, benchmarks, method and sources.

Every score comes from ``context.dashboard`` (the results page's own computation). Individual
results are named only when the campaign shares them; the team survey appears only at or above
its anonymity threshold (the dashboard already enforces it).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Max, Min
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portevoix.assessments.results import spread_details_shown
from portevoix.core import charts, vocabulary
from portevoix.core.charts.types import RadarSeries, UsageCell
from portevoix.core.figures import shipped_figures
from portevoix.core.i18n import pick
from portevoix.core.reports import Chart, Column, KeyFigure, Missing, Section, Table
from portevoix.core.reports.model import Cell, format_number, rounded
from portevoix.core.scoring.aggregate import ANONYMITY_FLOOR

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
    results = context.results
    if context.dashboard is None or results is None or results.codir is None:
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


def no_evidence() -> Missing:
    return Missing(
        _("No activity data imported yet in this organisation."),
        _(
            "Import the leaders' LinkedIn (or X, Mastodon) archives on the Activity data page: the report "
            "will then set what they say beside what they do."
        ),
    )


def _level_name(context: ReportContext, level_id: str | None) -> str:
    if context.dashboard is None or level_id is None:
        return "—"
    return str(context.dashboard["levels"].get(level_id, level_id))


def _campaign_source(context: ReportContext) -> str:
    campaign = context.campaign
    assert campaign is not None
    assert context.results is not None
    stats = context.results.stats["self"]
    return _("Porte-voix diagnostic “%(name)s”, %(n)s self-assessments out of %(t)s") % {
        "name": campaign.name,
        "n": stats.submitted,
        "t": stats.invited,
    }


# -- executive summary ------------------------------------------------------------------------


@section("summary", title=gettext_lazy("Executive summary"), reports=BOARD, order=10)
def executive_summary(context: ReportContext) -> Section:
    messages: list[str] = []
    missing: list[Missing] = []
    dashboard, results = context.dashboard, context.results
    blocked = codir_missing(context)
    if blocked is not None:
        missing.append(blocked)
    elif dashboard is not None and results is not None and results.codir is not None:
        mean = results.codir.mean
        org_dims = dashboard["org_dims"]
        weakest = min(
            (d for d in org_dims if mean.dimensions[d.id].score is not None),
            key=lambda d: mean.dimensions[d.id].score or 0.0,
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
                "dimension": context.label(weakest.id),
                "score": _n(mean.dimensions[weakest.id].score, context),
            }
        messages.append(text)

        say_do = dashboard.get("say_do")
        if say_do and len(say_do) > 1:
            gaps = [row.gap for row in say_do[0].rows if row.gap is not None]
            cemetery = len(dashboard.get("cemetery", []))
            with_evidence = len(say_do) - 1
            if gaps:
                average = sum(gaps) / len(gaps)
                text = _(
                    "What the codir says is %(gap)s points away from what its activity shows (declared "
                    "minus observed, mean over %(n)s dimensions)."
                ) % {"gap": _n(average, context), "n": len(gaps)}
                if cemetery:
                    text += " " + ngettext(
                        "%(count)s leader out of %(total)s with imported activity has a profile in the "
                        "digital cemetery.",
                        "%(count)s leaders out of %(total)s with imported activity have a profile in the "
                        "digital cemetery.",
                        cemetery,
                    ) % {"count": cemetery, "total": with_evidence}
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
            missing.append(no_evidence())

    figures = shipped_figures()
    benchmark = figures.get("cac40_codir_monthly")
    active = _codir_linkedin_share(context)
    if active is not None:
        share, _members = active
        messages.append(
            _(
                "%(share)s %% of the codir members are active on LinkedIn, against %(benchmark)s %% "
                "of CAC 40 "
                "executive-committee members who post at least once a month (%(source)s)."
            )
            % {
                "share": _n(share, context),
                "benchmark": _n(benchmark.value, context, 1),
                "source": benchmark.citation(),
            }
        )
    else:
        inactive = figures.get("leaders_inactive")
        messages.append(
            _(
                "%(value)s %% of SME and mid-cap leaders are personally inactive on social networks "
                "(%(source)s): the codir's own presence is the first lever."
            )
            % {"value": _n(inactive.value, context), "source": inactive.citation()}
        )
    summary = Section("summary", _("Executive summary"), bullets=messages, missing=missing)
    summary.message = _("Three messages for the codir")
    summary.sources = [benchmark.citation(), figures.get("leaders_inactive").citation()]
    if context.campaign is not None and context.results is not None:
        summary.sources.insert(0, _campaign_source(context))
    return summary


def _codir_linkedin_share(context: ReportContext) -> tuple[float, int] | None:
    """The share of codir members whose best LinkedIn presence is active (as the results page)."""
    from portevoix.usage.models import UsageEntry

    order = list(vocabulary.PRESENCE_STATUSES)
    best: dict[int, str] = {}
    entries = UsageEntry.objects.filter(
        organisation=context.organisation, person__is_codir=True, network="linkedin"
    ).values_list("person_id", "status")
    for person_id, status in entries:
        current = best.get(person_id)
        if current is None or order.index(status) > order.index(current):
            best[person_id] = status
    if not best:
        return None
    return 100 * sum(1 for s in best.values() if s == "active") / len(best), len(best)


# -- maturity -----------------------------------------------------------------------------------


@section("maturity", title=gettext_lazy("Maturity of the company and the codir"), reports=BOARD, order=20)
def maturity(context: ReportContext) -> Section:
    title = _("Maturity of the company and the codir")
    dashboard, results = context.dashboard, context.results
    blocked = codir_missing(context)
    if blocked is not None:
        return Section.unavailable("maturity", title, blocked)
    # codir_missing has checked that there are results and a codir
    assert dashboard is not None
    assert results is not None
    assert results.codir is not None
    framework = results.framework
    codir = results.codir
    mean = codir.mean
    stats = results.stats["self"]
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
            _("Self-assessments"), stats.submitted, "count", note=_("out of %(n)s") % {"n": stats.invited}
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
    # The codir reads the board pack: lowest, highest, median and the level distribution are each
    # some member's own score, shown only as the results page shows them to a codir member.
    details = spread_details_shown(results.campaign, codir.n, sees_everyone=context.shares_individuals)
    for key, chart_title in (
        ("alignment", _("How far apart the codir members are")),
        ("levels", _("Codir members at each level")),
    ):
        if details and key in dashboard["charts"]:
            result.charts.append(Chart(key, chart_title, dashboard["charts"][key]))
    if context.shares_individuals and "heatmap" in dashboard["charts"]:
        result.charts.append(
            Chart("heatmap", _("Codir members × dimensions"), dashboard["charts"]["heatmap"])
        )
    elif len(results.self_cards) > 1:
        result.paragraphs.append(
            _(
                "Individual results are not shared by this campaign: the board pack shows the codir as a "
                "whole and names nobody (each leader receives their own report)."
            )
        )

    alignment_labels = dashboard["alignment_labels"]
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
                str(alignment_labels[str(spread.alignment)]),
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
            % {"count": results.team_count, "threshold": results.campaign.anonymity_threshold}
        )
    if context.shares_individuals:
        members = dashboard["members"]
        person_dims = dashboard["person_dims"]
        result.tables.append(
            Table(
                _("Each member"),
                (
                    Column("member", _("Member")),
                    Column("overall", _("Leader score"), "score"),
                    *(Column(d.id, context.label(d.id), "score") for d in person_dims),
                ),
                tuple(
                    (
                        row["person"].full_name,
                        rounded(row["overall_person"]),
                        *(rounded(cell.score) for cell in row["cells"]),
                    )
                    for row in members
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
    dashboard, results = context.dashboard, context.results
    if dashboard is None or results is None:
        return Section.unavailable("gaps", title, no_campaign(context))
    result = Section("gaps", title)
    say_do = dashboard.get("say_do") or []
    named = context.shares_individuals
    aggregate = say_do[0] if len(say_do) > 1 else (say_do[0] if say_do and named else None)
    if aggregate is None:
        result.missing.append(no_evidence())
    else:
        known = [row.gap for row in aggregate.rows if row.gap is not None]
        average = sum(known) / len(known) if known else None
        result.message = _(
            "Declared minus observed: %(gap)s points on average over the leaders' dimensions."
        ) % {"gap": _n(average, context)}
        result.figures.append(KeyFigure(_("Say–do gap (codir mean)"), rounded(average), "points"))
        cemetery = dashboard.get("cemetery") or []
        result.figures.append(
            KeyFigure(
                _("Profiles in the digital cemetery"),
                len(cemetery),
                "count",
                note=_("out of %(n)s with imported activity") % {"n": max(len(say_do) - 1, 1)},
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
                    % {"names": ", ".join(p.full_name for p in cemetery)}
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
        rows = [
            {
                "label": context.label(row.dimension.id),
                "self_score": row.declared,
                "others_mean": row.observed,
                "gap": row.gap,
            }
            for row in aggregate.rows
        ]
        result.charts.append(
            Chart(
                "say_do",
                _("What the codir says and what its activity shows"),
                charts.perception_gap(
                    rows,  # type: ignore[arg-type]
                    dimension_title=_("Dimension"),
                    gap_title=_("Declared minus observed (points)"),
                    self_title=_("Declared"),
                    others_title=_("Observed"),
                    missing_label=_("no data"),
                    title=_("What the codir says and what its activity shows"),
                ),
            )
        )
        result.tables.append(
            Table(
                _("Declared and observed, codir mean"),
                (
                    Column("dimension", _("Dimension")),
                    Column("declared", _("Declared"), "score"),
                    Column("observed", _("Observed"), "score"),
                    Column("gap", _("Gap"), "points"),
                ),
                tuple(
                    (context.label(r.dimension.id), rounded(r.declared), rounded(r.observed), rounded(r.gap))
                    for r in aggregate.rows
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
                            m.person.full_name,
                            context.label(r.dimension.id),
                            rounded(r.declared),
                            rounded(r.observed),
                            rounded(r.gap),
                        )
                        for m in say_do
                        if m.person is not None
                        for r in m.rows
                    ),
                    data_only=True,
                )
            )
    # Perception gap: self-assessment against others' ratings, the mean over the rated leaders.
    # Only leaders rated by enough colleagues for their mean to be shown (see PEER_MINIMUM).
    rated = {
        pk: gaps for pk, gaps in results.gaps.items() if any(g.others_mean is not None for g in gaps.values())
    }
    if rated and (len(rated) > 1 or named):
        person_ids = [d.id for d in results.framework.dimensions_at("person")]
        rows_out: list[tuple[Cell, ...]] = []
        for dimension_id in person_ids:
            values = [g[dimension_id].gap for g in rated.values() if dimension_id in g]
            known = [v for v in values if v is not None]
            rows_out.append(
                (context.label(dimension_id), rounded(sum(known) / len(known)) if known else None, len(known))
            )
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


# -- usage map ------------------------------------------------------------------------------------


@section("usage", title=gettext_lazy("Usage map on the four axes"), reports=BOARD, order=40)
def usage(context: ReportContext) -> Section:
    from portevoix.usage.display import usage_map_build
    from portevoix.usage.models import UsageEntry
    from portevoix.usage.selectors import usage_subject_list

    title = _("Usage map on the four axes")
    organisation = context.organisation
    company = list(
        UsageEntry.objects.filter(organisation=organisation, person=None).order_by("axis", "network")
    )
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

REVIEW_SITES = {
    "glassdoor": "Glassdoor",
    "indeed": "Indeed",
    "welcome_to_the_jungle": "Welcome to the Jungle",
}


@section("employer_brand", title=gettext_lazy("Employer brand"), reports=BOARD, order=50)
def employer_brand(context: ReportContext) -> Section:
    from portevoix.evidence.models import ManualEntry
    from portevoix.evidence.selectors import company_indicators

    title = _("Employer brand")
    organisation = context.organisation
    result = Section("employer_brand", title)
    latest: dict[str, Any] = {}
    for entry in ManualEntry.objects.filter(organisation=organisation, person=None, kind="review").order_by(
        "-on", "-created_at"
    ):
        latest.setdefault(str(entry.data.get("platform", "")), entry)
    if latest:
        rows: list[tuple[Cell, ...]] = []
        for platform, entry in latest.items():
            rows.append(
                (
                    REVIEW_SITES.get(platform, _("Other site")),
                    rounded(entry.data.get("overall_rating"), 1),
                    entry.data.get("reviews"),
                    rounded(entry.data.get("ceo_approval")),
                    formats.date_format(entry.on, "DATE_FORMAT"),
                )
            )
            result.figures.append(
                KeyFigure(
                    REVIEW_SITES.get(platform, _("Other site")),
                    rounded(entry.data.get("overall_rating"), 1),
                    "rating",
                    1,
                    note=ngettext(
                        "%(count)s review", "%(count)s reviews", int(entry.data.get("reviews") or 0)
                    )
                    % {"count": entry.data.get("reviews") or 0},
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
        best = max(latest.values(), key=lambda e: int(e.data.get("reviews") or 0))
        reviews = int(best.data.get("reviews") or 0)
        result.message = ngettext(
            "%(site)s: %(rating)s / 5 from %(count)s review.",
            "%(site)s: %(rating)s / 5 from %(count)s reviews.",
            reviews,
        ) % {
            "site": REVIEW_SITES.get(str(best.data.get("platform")), _("Other site")),
            "rating": _n(best.data.get("overall_rating"), context, 1),
            "count": reviews,
        }
        if best.data.get("ceo_approval") is not None:
            result.message += " " + _("CEO approval: %(value)s %%.") % {
                "value": _n(best.data["ceo_approval"], context)
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
    page = company_indicators(organisation=organisation, today=context.today)
    if page is not None:
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
                _("The company page, last 12 months"),
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
    else:
        result.missing.append(
            Missing(
                _("No company page analytics imported yet."),
                _("Import the LinkedIn page analytics export (.xls/.xlsx) on the Activity data page."),
            )
        )
    followers = ManualEntry.objects.filter(organisation=organisation, person=None, kind="followers").order_by(
        "-on"
    )
    if followers:
        seen: dict[str, Any] = {}
        for entry in followers:
            seen.setdefault(str(entry.data.get("network")), entry)
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

UNIT_OF = {"percent": "percent", "ratio": "ratio", "count": "count", "euros": "euros"}


@section("benchmarks", title=gettext_lazy("Benchmarks"), reports=BOARD, order=90)
def benchmarks(context: ReportContext) -> Section:
    title = _("Benchmarks")
    figures = shipped_figures()
    result = Section("benchmarks", title)
    if context.dashboard is not None and "benchmarks" in context.dashboard["charts"]:
        result.charts.append(
            Chart(
                "benchmarks",
                _("Your codir compared with published figures"),
                context.dashboard["charts"]["benchmarks"],
            )
        )
    shown = ("sme_present", "sme_active", "leaders_inactive", "cac40_codir_monthly", "big_ceos_active")
    for figure_id in shown:
        figure = figures.get(figure_id)
        result.bullets.append(
            f"{_n(figure.value, context, 1 if figure.value % 1 else 0)} % "
            f"{pick(figure.label.model_dump(), context.language)}"
            f" — {figure.citation()}" + (f" ({_('quoted second-hand')})" if figure.second_hand else "")
        )
    active = _codir_linkedin_share(context)
    cac40 = figures.get("cac40_codir_monthly")
    result.message = (
        _("Your codir: %(share)s %% active on LinkedIn; CAC 40 executive committees: %(benchmark)s %%.")
        % {"share": _n(active[0], context), "benchmark": _n(cac40.value, context, 1)}
        if active
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
                Column("second_hand", _("Quoted second-hand")),
            ),
            tuple(
                (
                    pick(f.label.model_dump(), context.language),
                    f.value,
                    f.unit,
                    f.source,
                    f.year,
                    _("yes") if f.second_hand else "",
                )
                for f in figures.figures
            ),
            source="data/figures.yaml",
            data_only=True,
        )
    )
    result.sources = sorted({figures.get(i).citation() for i in shown})
    return result


# -- method and data sources ----------------------------------------------------------------------


@section("method", title=gettext_lazy("Method and data sources"), reports=("board", "leader"), order=100)
def method(context: ReportContext) -> Section:
    from portevoix.evidence.models import EvidenceImport, ManualEntry

    title = _("Method and data sources")
    result = Section("method", title)
    result.message = _("How the figures of this report were obtained.")
    campaign, results = context.campaign, context.results
    if campaign is not None and results is not None:
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
    imports = (
        EvidenceImport.objects.filter(organisation=context.organisation, status=EvidenceImport.Status.DONE)
        .values("source")
        .annotate(count=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .order_by("source")
    )
    if context.person is not None:
        imports = imports.filter(person=context.person)
    labels = dict(EvidenceImport.Source.choices)
    source_rows = [
        (
            str(labels.get(row["source"], row["source"])),
            row["count"],
            formats.date_format(row["last"], "DATE_FORMAT"),
        )
        for row in imports
    ]
    manual = ManualEntry.objects.filter(organisation=context.organisation)
    if context.person is not None:
        manual = manual.filter(person=context.person)
    manual_labels = dict(ManualEntry.Kind.choices)
    for row in manual.values("kind").annotate(count=Count("pk"), last=Max("on")).order_by("kind"):
        source_rows.append(
            (
                _("Typed in: %(kind)s") % {"kind": manual_labels.get(row["kind"], row["kind"])},
                row["count"],
                formats.date_format(row["last"], "DATE_FORMAT"),
            )
        )
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
    result.sources = [shipped_figures().get("leaders_inactive").source]
    return result


def _cemetery_days() -> int:
    from portevoix.core.evidence.indicators import shipped_settings

    return shipped_settings().cemetery_days
