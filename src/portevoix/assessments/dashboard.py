"""What the results page shows, built from :func:`results.campaign_results`.

Individual results appear only to those allowed to see them (:func:`results.can_see_individual`);
the team survey appears only above the campaign's anonymity threshold.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from portevoix.core import charts, vocabulary
from portevoix.core.charts.types import BenchmarkItem, PerceptionRow, RadarSeries, SpreadRow, UsageCell
from portevoix.core.figures import benchmark_figure, shipped_figures
from portevoix.core.framework import Framework
from portevoix.core.i18n import pick
from portevoix.core.numbers import rounded
from portevoix.core.results import Results
from portevoix.core.scoring.aggregate import ANONYMITY_FLOOR
from portevoix.core.scoring.say_do import SayDoRow, codir_say_do, mean_gap
from portevoix.core.scoring.types import Alignment, GroupAggregate, Scorecard
from portevoix.core.sources import RESULTS_CONTEXT
from portevoix.core.usage import PostingShare
from portevoix.tenancy.access import OrgAccess, Perm
from portevoix.usage.selectors import usage_entry_list

from .models import Campaign
from .read_model import results_read, scope_line
from .results import (
    CampaignResults,
    campaign_results,
    can_see_individual,
    peer_minimum,
    spread_details_minimum,
    spread_details_shown,
)

ALIGNMENT_LABELS = {
    Alignment.ALIGNED: gettext_lazy("aligned"),
    Alignment.MIXED: gettext_lazy("mixed views"),
    Alignment.DIVIDED: gettext_lazy("divided"),
    Alignment.INSUFFICIENT: gettext_lazy("not enough answers"),
}
BENCHMARK_FIGURES = RESULTS_CONTEXT


def _label(text: Any) -> str:
    return pick(text.model_dump() if hasattr(text, "model_dump") else text, get_language() or "fr")


def _radar_values(card: Scorecard, dimension_ids: list[str]) -> dict[str, float | None]:
    return {d: card.dimensions[d].score for d in dimension_ids}


def _member_rows(results: CampaignResults, visible: list[int]) -> list[dict[str, Any]]:
    rows = []
    for pk in visible:
        card = results.self_cards[pk]
        rows.append(
            {
                "person": results.people[pk],
                "card": card,
                "overall_person": card.overall.get("person"),
                "level_person": card.overall_level.get("person"),
                "overall_organisation": card.overall.get("organisation"),
                "cells": [card.dimensions[d.id] for d in results.framework.dimensions_at("person")],
            }
        )
    return rows


def dashboard_context(
    access: OrgAccess, campaign: Campaign, *, person_pk: str | None = None
) -> dict[str, Any]:
    results = campaign_results(campaign)
    read = results_read(campaign, results=results)
    framework = results.framework
    labels, levels = framework_labels(framework)
    person_dims = framework.dimensions_at("person")
    org_dims = framework.dimensions_at("organisation")
    person_ids = [d.id for d in person_dims]

    visible = sorted(
        (pk for pk in results.self_cards if can_see_individual(access, campaign, results.people[pk])),
        key=lambda pk: results.people[pk].full_name,
    )
    sees_everyone = access.can(Perm.VIEW_ANY_PERSON) or campaign.share_individual_results
    selected: int | None = None
    if person_pk and person_pk.isdigit() and int(person_pk) in visible:
        selected = int(person_pk)
    elif access.person is not None and access.person.pk in visible:
        selected = access.person.pk
    elif visible:
        selected = visible[0]

    context: dict[str, Any] = {
        "access": access,
        "campaign": campaign,
        "results": results,
        "read": read,
        "scope_line": scope_line(read.scope),
        "framework": framework,
        "levels": levels,
        "labels": labels,
        "person_dims": person_dims,
        "org_dims": org_dims,
        "members": _member_rows(results, visible),
        "sees_everyone": sees_everyone,
        "visible_people": [results.people[pk] for pk in visible],
        "selected": results.people.get(selected) if selected else None,
        "charts": {},
        "alignment_labels": {str(k): v for k, v in ALIGNMENT_LABELS.items()},
    }
    chart_specs: dict[str, Any] = context["charts"]
    codir = results.codir
    if codir is not None and results.codir_too_small and not sees_everyone:
        context["codir_hidden"] = {"count": codir.n, "minimum": ANONYMITY_FLOOR}
        codir = None
    context["codir"] = codir
    details = codir is not None and spread_details_shown(campaign, codir.n, sees_everyone=sees_everyone)
    context["spread_details"] = details
    context["spread_details_minimum"] = spread_details_minimum(campaign)
    axes = [(d, labels[d]) for d in person_ids]
    series: list[RadarSeries] = []
    if codir is not None:
        series.append(
            {"label": _("Codir mean"), "values": _radar_values(codir.mean, person_ids), "reference": True}
        )
    if selected is not None:
        series.append(
            {
                "label": results.people[selected].full_name,
                "values": _radar_values(results.self_cards[selected], person_ids),
            }
        )
    if series:
        chart_specs["radar"] = charts.radar(
            series, axes, title=_("Leaders' dimensions"), missing_label=_("not answered")
        )

    if codir is not None:
        context["spreads"] = list(
            zip(framework.dimensions, [codir.spreads[d.id] for d in framework.dimensions], strict=True)
        )
    if codir is not None and details:
        chart_specs["alignment"] = alignment_chart(framework, codir, labels)
        chart_specs["levels"] = levels_chart(framework, list(results.self_cards.values()), labels, levels)

    if sees_everyone and len(visible) > 1:
        chart_specs["heatmap"] = heatmap_chart(
            framework, [(results.people[pk].full_name, results.self_cards[pk]) for pk in visible], labels
        )

    if selected is not None and selected in results.gaps:
        gaps = results.gaps[selected]
        rows: list[PerceptionRow] = [
            {
                "label": labels[d],
                "self_score": gaps[d].self_score,
                "others_mean": gaps[d].others_mean,
                "gap": gaps[d].gap,
            }
            for d in person_ids
            if d in gaps
        ]
        if not any(row["others_mean"] is not None for row in rows):
            context["gaps_pending"] = {
                "count": max((gap.n_others for gap in gaps.values()), default=0),
                "minimum": peer_minimum(results.campaign),
            }
            rows = []
        context["gaps"] = rows
        if rows:
            chart_specs["perception"] = charts.perception_gap(
                rows,
                dimension_title=_("Dimension"),
                gap_title=_("Gap (points)"),
                self_title=_("Self-assessment"),
                others_title=_("Others' ratings"),
                missing_label=_("not answered"),
                title=_("Self-assessment compared with others' ratings"),
            )

    context["team"] = results.team
    context["team_hidden"] = results.team_hidden
    if results.team is not None:
        team_series: list[RadarSeries] = [
            {"label": _("Employees"), "values": _radar_values(results.team.mean, [d.id for d in org_dims])}
        ]
        if codir is not None:
            team_series.append(
                {
                    "label": _("Codir"),
                    "values": _radar_values(codir.mean, [d.id for d in org_dims]),
                    "reference": True,
                }
            )
        chart_specs["team"] = charts.radar(
            team_series,
            [(d.id, labels[d.id]) for d in org_dims],
            title=_("The company seen by employees and by the codir"),
            missing_label=_("not answered"),
        )

    figures = shipped_figures()
    language = get_language() or "fr"
    context["benchmarks"] = [
        {"figure": f, "label": pick(f.label.model_dump(), language), "citation": f.citation(language)}
        for f in (figures.get(i) for i in BENCHMARK_FIGURES)
    ]
    _usage(context, campaign, read)
    _say_do(context, read, visible)
    context["reviews"] = [(review, review_site_label(review.site)) for review in read.reviews]
    context["contradictions"] = [c for c in read.contradictions if c.leader.key in visible]
    return context


REVIEW_SITES = {
    "glassdoor": "Glassdoor",
    "indeed": "Indeed",
    "welcome_to_the_jungle": "Welcome to the Jungle",
}


def review_site_label(site: str) -> str:
    return REVIEW_SITES.get(site, _("Other site"))


def _say_do(context: dict[str, Any], read: Results, visible: list[int]) -> None:
    """Declared (questionnaire) beside observed (imported activity), per dimension: the read
    model's figures, limited to the leaders this viewer may see."""
    members = [m for m in read.say_do if m.leader.key in visible]
    if not members or not read.observed_dimensions:
        return
    labels = context["labels"]
    # The codir row over the members shown: the read model's own when every one is shown.
    if len(members) == len(read.say_do):
        codir_rows: tuple[SayDoRow, ...] = read.codir_say_do
    else:
        codir_rows = codir_say_do([m.rows for m in members])
    context["say_do"] = members
    context["say_do_codir"] = codir_rows if len(members) > 1 else None
    # Not "the codir mean": it is the mean of the leaders with imported activity, who may be fewer
    # than the codir members whose scores the rest of the page averages (one truth, issue 15).
    mean_label = ngettext(
        "Mean of the %(n)s leader with imported activity",
        "Mean of the %(n)s leaders with imported activity",
        len(members),
    ) % {"n": len(members)}
    context["say_do_codir_label"] = mean_label
    context["say_do_gap"] = mean_gap(codir_rows) if len(members) > 1 else mean_gap(members[0].rows)
    context["cemetery"] = [m.leader for m in members if m.cemetery]
    selected = context.get("selected")
    chosen = next(
        (m for m in members if selected is not None and m.leader.key == selected.pk),
        members[0] if len(members) == 1 else None,
    )
    rows = chosen.rows if chosen is not None else codir_rows
    chart_rows: list[PerceptionRow] = [
        {
            "label": labels[row.dimension_id],
            "self_score": row.declared,
            "others_mean": row.observed,
            "gap": row.gap,
        }
        for row in rows
    ]
    context["say_do_selected"] = chosen
    context["charts"]["say_do"] = charts.perception_gap(
        chart_rows,
        dimension_title=_("Dimension"),
        gap_title=_("Declared minus observed (points)"),
        self_title=_("Declared"),
        others_title=_("Observed"),
        missing_label=_("no data"),
        title=_("What %(name)s says and what their activity shows") % {"name": chosen.leader.name}
        if chosen
        else _("Declared and observed: %(mean)s") % {"mean": mean_label.lower()},
    )


def _usage(context: dict[str, Any], campaign: Campaign, read: Results) -> None:
    """The company's usage map, and the codir's LinkedIn presence beside sourced benchmarks."""
    organisation = campaign.organisation
    company = list(usage_entry_list(organisation=organisation, people=()))
    if company:
        cells: list[UsageCell] = [
            {
                "axis": e.axis,
                "network": e.network,
                "status": e.status,
                "status_label": str(gettext_lazy(vocabulary.PRESENCE_STATUSES[e.status])),
            }
            for e in company
        ]
        context["charts"]["usage"] = charts.usage_matrix(
            [(axis, str(gettext_lazy(label))) for axis, label in vocabulary.AXES.items()],
            [(network, str(gettext_lazy(label))) for network, label in vocabulary.NETWORKS.items()],
            cells,
            axis_title=_("Axis"),
            network_title=_("Network"),
            status_title=_("Presence"),
            statuses=[(s, str(gettext_lazy(label))) for s, label in vocabulary.PRESENCE_STATUSES.items()],
            title=_("Where the company is present"),
        )
    share = read.linkedin
    if share.members:
        context["usage_members"] = share.members
        context["linkedin"] = share
    posting = read.monthly_posting
    if posting.members:
        context["posting_members"] = posting.members
        context["charts"]["benchmarks"] = benchmarks_chart(posting, get_language() or "fr")


# -- charts shared by the results page and the reports ----------------------------------------------


def framework_labels(framework: Framework) -> tuple[dict[str, str], dict[str, str]]:
    """Dimension and level names in the active language."""
    return (
        {d.id: _label(d.name) for d in framework.dimensions},
        {level.id: _label(level.name) for level in framework.levels},
    )


def alignment_chart(framework: Framework, codir: GroupAggregate, labels: dict[str, str]) -> dict[str, Any]:
    spreads: list[SpreadRow] = []
    for dimension in framework.dimensions:
        spread = codir.spreads[dimension.id]
        spreads.append(
            {
                "label": labels[dimension.id],
                "mean": spread.mean,
                "minimum": spread.minimum,
                "maximum": spread.maximum,
                "stdev": spread.stdev,
                "alignment": str(spread.alignment),
                "alignment_label": str(ALIGNMENT_LABELS[spread.alignment]),
            }
        )
    return charts.alignment(
        spreads,
        dimension_title=_("Dimension"),
        score_title=_("Score (0–100)"),
        mean_title=_("Mean"),
        minimum_title=_("Lowest"),
        maximum_title=_("Highest"),
        stdev_title=_("Standard deviation"),
        alignment_title=_("Alignment"),
        title=_("How far apart the codir members are"),
    )


def levels_chart(
    framework: Framework, cards: list[Scorecard], labels: dict[str, str], levels: dict[str, str]
) -> dict[str, Any]:
    counts: dict[str, dict[str, int]] = {}
    for dimension in framework.dimensions:
        counts[dimension.id] = {level.id: 0 for level in framework.levels}
        for card in cards:
            level_id = card.dimensions[dimension.id].level_id
            if level_id is not None:
                counts[dimension.id][level_id] += 1
    return charts.level_distribution(
        [(level.id, levels[level.id]) for level in framework.levels],
        counts,
        labels,
        dimension_title=_("Dimension"),
        level_title=_("Level"),
        count_title=_("Members"),
        title=_("Codir members at each level"),
    )


def heatmap_chart(
    framework: Framework, rows: list[tuple[str, Scorecard]], labels: dict[str, str]
) -> dict[str, Any]:
    values = {(name, d.id): card.dimensions[d.id].score for name, card in rows for d in framework.dimensions}
    return charts.heatmap(
        [name for name, _card in rows],
        [(d.id, labels[d.id]) for d in framework.dimensions],
        values,
        row_title=_("Codir member"),
        column_title=_("Dimension"),
        missing_label=_("not answered"),
        value_title=_("Score (0–100)"),
    )


def benchmarks_chart(posting: PostingShare, language: str = "fr") -> dict[str, Any]:
    """The codir's observed monthly posting beside the published figure measuring the same thing
    (members posting at least once a month over a year): like with like, never the usage map's
    declared "active"."""
    figure = benchmark_figure("cac40_codir_monthly")
    items: list[BenchmarkItem] = [
        {
            "label": _("Codir members who posted at least once a month (12 months, imported activity)"),
            "value": rounded(posting.percent),
            "benchmark": figure.value,
            "source": figure.citation(language),
        },
    ]
    return charts.benchmark_bars(
        items,
        label_title=_("Indicator"),
        value_title=_("Your codir (%)"),
        benchmark_title=_("Benchmark (%)"),
        source_title=_("Source"),
        title=_("Your codir compared with published figures"),
    )
