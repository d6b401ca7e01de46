"""Sections of the individual leader report: private to that leader and the organisation's managers.

Their scores are compared with the codir median only (nobody else is named), or with the codir mean
when the median would be one colleague's score; their activity comes from their own imported exports.
"""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.assessments.results import spread_details_shown
from portevoix.core import charts
from portevoix.core.reports import Chart, Column, KeyFigure, Missing, Section, Table
from portevoix.core.reports.model import Cell, format_number, rounded
from portevoix.core.reports.recommendations import recommend, shipped_rules

from ..context import ReportContext
from .board import codir_missing, no_campaign, no_evidence
from .registry import section

LEADER = ("leader",)

PROFILE_GAPS = {
    "headline": gettext_lazy("no headline"),
    "summary": gettext_lazy("no summary"),
    "current_position": gettext_lazy("no current position"),
    "photo": gettext_lazy("no photo"),
    "photo_unknown": gettext_lazy("photo not known from the export"),
}
CEMETERY_REASONS = {
    "no_activity": gettext_lazy("no activity found in the export"),
    "inactive": gettext_lazy("no post, comment or reaction for three months or more"),
    "stale_profile": gettext_lazy("no headline or current position"),
}


def _n(value: float | None, context: ReportContext, digits: int = 0) -> str:
    return format_number(value, digits, context.language)


@section("leader_profile", title=gettext_lazy("Your profile as a shop window"), reports=LEADER, order=10)
def profile(context: ReportContext) -> Section:
    from portevoix.evidence.models import ManualEntry

    title = _("Your profile as a shop window")
    person = context.person
    assert person is not None
    indicators = context.indicators
    result = Section("leader_profile", title)
    result.bullets = [f"{label}: {url}" for label, url in person.social_profiles]
    ssi = (
        ManualEntry.objects.filter(organisation=context.organisation, person=person, kind="ssi")
        .order_by("-on")
        .first()
    )
    if ssi is not None:
        result.figures.append(
            KeyFigure(
                _("Social Selling Index"),
                rounded(ssi.data.get("total")),
                "score",
                note=formats.date_format(ssi.on, "DATE_FORMAT"),
            )
        )
    if indicators is None:
        result.missing.append(no_evidence())
        result.message = _("Your activity data has not been imported yet.")
        result.empty = not result.figures
        return result
    if indicators.digital_cemetery:
        reasons = ", ".join(str(CEMETERY_REASONS.get(code, code)) for code in indicators.cemetery_reasons)
        result.message = _("Warning: your profile is a digital cemetery.")
        result.paragraphs.append(
            _(
                "Your profile exists but is not animated (%(reasons)s). It is the first thing a customer, a "
                "partner or a candidate sees: an abandoned profile says “absent”."
            )
            % {"reasons": reasons or "—"}
        )
    if indicators.profile_completeness is not None:
        result.figures.insert(0, KeyFigure(_("Profile complete"), indicators.profile_completeness, "percent"))
        if indicators.profile_missing:
            result.bullets.insert(
                0,
                _("What the profile lacks: %(gaps)s.")
                % {"gaps": ", ".join(str(PROFILE_GAPS.get(c, c)) for c in indicators.profile_missing)},
            )
        if not result.message:
            result.message = _("Your profile is %(value)s %% complete.") % {
                "value": indicators.profile_completeness
            }
    if indicators.network_size is not None:
        result.figures.append(
            KeyFigure(
                _("Network"),
                indicators.network_size,
                "count",
                note=_("+%(n)s in 12 months") % {"n": indicators.network_growth or 0},
            )
        )
    if indicators.last_activity is not None:
        result.figures.append(
            KeyFigure(
                _("Days since the last activity"),
                indicators.recency_days,
                "days",
                note=formats.date_format(indicators.last_activity, "DATE_FORMAT"),
            )
        )
    if not result.message:
        result.message = _("Your profile, as others see it.")
    result.sources = [_("Your own exports imported in Porte-voix")]
    return result


@section("leader_scores", title=gettext_lazy("Your scores and the codir median"), reports=LEADER, order=20)
def scores(context: ReportContext) -> Section:
    title = _("Your scores and the codir median")
    person = context.person
    results = context.results
    assert person is not None
    if results is None:
        return Section.unavailable("leader_scores", title, no_campaign(context))
    card = results.self_cards.get(person.pk)
    if card is None:
        return Section.unavailable(
            "leader_scores",
            title,
            Missing(
                _("You have not sent your self-assessment yet."),
                _(
                    "Answer the diagnostic questionnaire (the link came by e-mail), then generate "
                    "the report again."
                ),
            ),
        )
    blocked = codir_missing(context)
    codir = results.codir if blocked is None else None  # too few answers: the median would be a colleague's
    # The median of a small codir is one colleague's own score: the leader gets it on the same
    # terms as on the results page, else the codir mean (UX review 2026-12, P4).
    campaign = context.campaign
    by_median = (
        codir is not None
        and campaign is not None
        and spread_details_shown(campaign, codir.n, sees_everyone=campaign.share_individual_results)
    )
    person_ids = [d.id for d in results.framework.dimensions_at("person")]
    rows: list[tuple[Cell, ...]] = []
    chart_rows = []
    for dimension_id in person_ids:
        own = card.dimensions[dimension_id].score
        median = None
        if codir is not None:
            spread = codir.spreads[dimension_id]
            median = spread.median if by_median else spread.mean
        difference = own - median if own is not None and median is not None else None
        rows.append(
            (
                context.label(dimension_id),
                rounded(own),
                rounded(median),
                rounded(difference),
                context.level_name(card.dimensions[dimension_id].level_id),
            )
        )
        chart_rows.append(
            {
                "label": context.label(dimension_id),
                "self_score": own,
                "others_mean": median,
                "gap": difference,
            }
        )
    result = Section("leader_scores", title)
    if blocked is not None:
        result.missing.append(blocked)
    overall = card.overall.get("person")
    result.figures.append(KeyFigure(_("Your leader score"), rounded(overall), "score"))
    if codir is not None:
        result.figures.append(KeyFigure(_("Codir mean"), rounded(codir.mean.overall.get("person")), "score"))
    scored = [(d, card.dimensions[d].score) for d in person_ids if card.dimensions[d].score is not None]
    if scored:
        weakest, strongest = min(scored, key=lambda x: x[1] or 0), max(scored, key=lambda x: x[1] or 0)
        result.message = _(
            "Your strongest dimension is “%(best)s”; the one to work on first, “%(worst)s”."
        ) % {"best": context.label(strongest[0]), "worst": context.label(weakest[0])}
    else:
        result.message = title
    if codir is not None:
        chart_title = (
            _("Your scores compared with the codir median")
            if by_median
            else _("Your scores compared with the codir mean")
        )
        result.charts.append(
            Chart(
                "leader_vs_median",
                chart_title,
                charts.perception_gap(
                    chart_rows,  # type: ignore[arg-type]
                    dimension_title=_("Dimension"),
                    gap_title=_("You minus the codir median (points)")
                    if by_median
                    else _("You minus the codir mean (points)"),
                    self_title=_("You"),
                    others_title=_("Codir median") if by_median else _("Codir mean"),
                    missing_label=_("not answered"),
                    title=chart_title,
                ),
            )
        )
    result.tables.append(
        Table(
            _("Your scores"),
            (
                Column("dimension", _("Dimension")),
                Column("you", _("You"), "score"),
                Column("median", _("Codir median") if by_median else _("Codir mean"), "score"),
                Column("difference", _("Difference"), "points"),
                Column("level", _("Your level")),
            ),
            tuple(rows),
            source=_("Your self-assessment; the codir median of the self-assessments (nobody is named)")
            if by_median
            else _("Your self-assessment; the codir mean of the self-assessments (nobody is named)"),
        )
    )
    own_rows = results.leader_say_do(person.pk)
    if own_rows is not None:
        result.tables.append(
            Table(
                _("What you say, what your activity shows"),
                (
                    Column("dimension", _("Dimension")),
                    Column("declared", _("Declared"), "score"),
                    Column("observed", _("Observed"), "score"),
                    Column("gap", _("Gap"), "points"),
                ),
                tuple(
                    (
                        context.label(r.dimension_id),
                        rounded(r.declared),
                        rounded(r.observed),
                        rounded(r.gap),
                    )
                    for r in own_rows.rows
                ),
                source=_("Your answers and your imported activity"),
            )
        )
    result.sources = [_("Porte-voix diagnostic “%(name)s”") % {"name": results.scope.campaign_name}]
    return result


def _monthly(context: ReportContext) -> tuple[list[tuple[str, str]], dict[str, list[float | None]]]:
    from portevoix.evidence.models import DailyActivity

    # The twelve complete months before this one: a month just begun would look like a drop.
    end = (context.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    months: list[datetime.date] = []
    current = end
    for _index in range(12):
        months.insert(0, current)
        current = (current - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        DailyActivity.objects.filter(
            organisation=context.organisation, person=context.person, day__gte=months[0]
        )
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            posts=Sum("posts"), articles=Sum("articles"), comments=Sum("comments"), reactions=Sum("reactions")
        )
    )
    by_month = {row["month"]: row for row in rows}
    labels = [(m.isoformat()[:7], formats.date_format(m, "YEAR_MONTH_FORMAT")) for m in months]

    def series(*keys: str) -> list[float | None]:
        return [float(sum((by_month.get(m) or {}).get(k) or 0 for k in keys)) for m in months]

    return labels, {
        _("Posts and articles"): series("posts", "articles"),
        _("Comments"): series("comments"),
        _("Reactions"): series("reactions"),
    }


@section("leader_activity", title=gettext_lazy("Your activity over twelve months"), reports=LEADER, order=30)
def activity(context: ReportContext) -> Section:
    title = _("Your activity over twelve months")
    indicators = context.indicators
    if indicators is None:
        return Section.unavailable("leader_activity", title, no_evidence())
    result = Section("leader_activity", title)
    months, series = _monthly(context)
    short = [(m, label.split(" ")[0][:4] + " " + label.split(" ")[-1][-2:]) for m, label in months]
    result.charts.append(
        Chart(
            "activity",
            title,
            charts.activity_trend(
                short,
                series,
                month_title=_("Month"),
                count_title=_("Count"),
                series_title=_("Activity"),
                title=title,
            ),
        )
    )
    result.message = _("Active %(a)s weeks out of %(w)s; %(p)s posts a month.") % {
        "a": indicators.active_weeks,
        "w": indicators.weeks,
        "p": _n(indicators.posts_per_month, context, 1),
    }
    result.figures = [
        KeyFigure(_("Posts per month"), rounded(indicators.posts_per_month, 1), "", 1),
        KeyFigure(
            _("Regularity"), rounded(indicators.regularity * 100), "percent", note=_("of weeks with activity")
        ),
        KeyFigure(_("Comments"), indicators.comments, "count", note=_("12 months")),
        KeyFigure(_("Reactions"), indicators.reactions, "count", note=_("12 months")),
    ]
    result.tables.append(
        Table(
            _("Activity per month"),
            (
                Column("month", _("Month")),
                *(Column(f"s{i}", label, "count") for i, label in enumerate(series)),
            ),
            tuple(
                (label, *(values[i] for values in series.values())) for i, (_m, label) in enumerate(months)
            ),
            source=_("Your own exports imported in Porte-voix"),
        )
    )
    if indicators.earned_media_value is not None:
        result.bullets.append(
            _("Earned media value (estimate): %(value)s € — %(basis)s")
            % {"value": _n(indicators.earned_media_value, context), "basis": indicators.emv_basis}
        )
    result.sources = [_("Your own exports imported in Porte-voix")]
    return result


@section("leader_thread", title=gettext_lazy("Your guiding thread"), reports=LEADER, order=50)
def guiding_thread(context: ReportContext) -> Section:
    title = _("Your guiding thread")
    indicators = context.indicators
    if indicators is None:
        return Section.unavailable("leader_thread", title, no_evidence())
    result = Section("leader_thread", title)
    if indicators.guiding_thread is None or not indicators.themes:
        result.missing.append(
            Missing(
                _("Too few posts to find a guiding thread."),
                _("A guiding thread appears after a few posts on the same themes, over several months."),
            )
        )
        result.message = result.missing[0].what
        result.empty = True
        return result
    share = indicators.guiding_thread * 100
    result.message = _("%(share)s %% of your posts follow your main themes: %(themes)s.") % {
        "share": _n(share, context),
        "themes": ", ".join(indicators.themes[:3]),
    }
    result.figures.append(
        KeyFigure(
            _("Guiding thread"),
            rounded(share),
            "percent",
            note=_("posts on the main themes, quarter by quarter"),
        )
    )
    result.bullets = [f"#{theme}" for theme in indicators.themes]
    if indicators.languages:
        result.paragraphs.append(
            _("Languages of your posts: %(languages)s.")
            % {
                "languages": ", ".join(
                    f"{code} {_n(value * 100, context)} %" for code, value in indicators.languages.items()
                )
            }
        )
    result.sources = [_("Your own exports imported in Porte-voix")]
    return result


@section(
    "leader_recommendations", title=gettext_lazy("Five recommendations for you"), reports=LEADER, order=60
)
def recommendations(context: ReportContext) -> Section:
    from portevoix.core.evidence.indicators import indicator_values

    title = _("Five recommendations for you")
    person = context.person
    assert person is not None
    results = context.results
    scores: dict[str, float | None] = {}
    if results is not None and person.pk in results.self_cards:
        card = results.self_cards[person.pk]
        scores = {d: s.score for d, s in card.dimensions.items()}
    indicators = context.indicators
    values: dict[str, object] = {"has_evidence": indicators is not None}
    if indicators is not None:
        values.update(indicator_values(indicators))
        values["digital_cemetery"] = indicators.digital_cemetery
    chosen = recommend(shipped_rules(), scores, values)
    result = Section("leader_recommendations", title)
    language = context.language
    rows: list[tuple[Cell, ...]] = []
    for index, item in enumerate(chosen, start=1):
        why = ""
        if item.dimension is not None:
            why = _("your score on “%(dimension)s”: %(score)s/100") % {
                "dimension": context.label(item.dimension),
                "score": _n(item.score, context),
            }
        elif item.indicator == "digital_cemetery":
            why = _("your profile is a digital cemetery")
        elif item.indicator == "has_evidence":
            why = _("no activity imported yet")
        elif item.indicator is not None and isinstance(item.value, float):
            why = _("observed: %(indicator)s = %(value)s") % {
                "indicator": item.indicator.replace("_", " "),
                "value": _n(item.value, context, 1),
            }
        text = f"{item.title(language)} — {item.action(language)}"
        result.bullets.append(f"{text} ({why})" if why else text)
        rows.append((index, item.title(language), item.action(language), why))
    result.message = chosen[0].title(language) if chosen else title
    result.tables.append(
        Table(
            title,
            (
                Column("rank", "#"),
                Column("title", _("Recommendation")),
                Column("action", _("What to do")),
                Column("why", _("Why")),
            ),
            tuple(rows),
            data_only=True,
        )
    )
    result.sources = [_("Rules of data/recommendations.yaml applied to your scores and your activity")]
    return result
