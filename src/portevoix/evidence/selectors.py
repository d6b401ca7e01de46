"""Reads of the evidence: indicators per person (or the company page), from the small tables."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from portevoix.core.evidence.indicators import (
    DayCounts,
    Indicators,
    PageIndicators,
    compute_indicators,
    page_indicators,
    shipped_settings,
)
from portevoix.core.evidence.records import Kind
from portevoix.tenancy.models import Organisation, Person

from .models import Activity, Connection, DailyActivity, DailyMetric, ProfileSnapshot

MAX_POSTS_FOR_THEMES = 1000


def person_indicators(
    *, organisation: Organisation, person: Person | None, today: datetime.date | None = None
) -> Indicators | None:
    """Indicators over every network, or None when nothing was imported for this person."""
    today = today or timezone.localdate()
    settings = shipped_settings()
    start = today - datetime.timedelta(days=settings.period_days - 1)
    scope = {"organisation": organisation, "person": person}
    totals: dict[datetime.date, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    rows = DailyActivity.objects.filter(**scope).values_list(
        "day", "posts", "reposts", "comments", "reactions", "articles"
    )
    for day, *counts in rows:
        for index, count in enumerate(counts):
            totals[day][index] += count
    snapshot = ProfileSnapshot.objects.filter(**scope).order_by("-taken_at").first()
    if not totals and snapshot is None:
        return None
    days = [DayCounts(day, *counts) for day, counts in totals.items()]
    network_counts = None
    if person is not None:
        network = Connection.objects.filter(person=person, connected_on__lte=today).aggregate(
            size=Count("pk"), growth=Count("pk", filter=Q(connected_on__gte=start))
        )
        if network["size"]:
            network_counts = (network["size"], network["growth"])
    metric_rows = (
        DailyMetric.objects.filter(**scope, day__gte=start, day__lte=today)
        .values("metric")
        .annotate(total=Sum("value"))
    )
    metrics = {row["metric"]: float(row["total"]) for row in metric_rows}
    posts = list(
        Activity.objects.filter(**scope, kind__in=[Kind.POST, Kind.ARTICLE], day__gte=start)
        .order_by("-day")
        .values_list("day", "text", "language")[:MAX_POSTS_FOR_THEMES]
    )
    return compute_indicators(
        days,
        today=today,
        settings=settings,
        profile=snapshot.data if snapshot else None,
        network_counts=network_counts,
        metrics=metrics,
        posts=posts,
    )


def indicator_values(indicators: Indicators) -> dict[str, float | None]:
    """The values the framework's ``observed`` rules refer to."""
    months = (indicators.end - indicators.start).days / 30.4375 or 1
    return {
        "regularity": indicators.regularity,
        "posts_per_month": indicators.posts_per_month,
        "recency_days": float(indicators.recency_days) if indicators.recency_days is not None else 3650.0,
        "original_share": indicators.original_share,
        "comments_per_month": indicators.comments / months,
        "reactions_per_month": indicators.reactions / months,
        "profile_completeness": (
            float(indicators.profile_completeness) if indicators.profile_completeness is not None else None
        ),
        "network_size": float(indicators.network_size) if indicators.network_size is not None else None,
        "network_growth": float(indicators.network_growth) if indicators.network_growth is not None else None,
        "guiding_thread": indicators.guiding_thread,
        "engagement_rate": indicators.engagement_rate,
    }


PAGE_METRICS = ("impressions", "clicks", "reactions", "comments", "reposts", "new_followers_total")


def company_indicators(
    *, organisation: Organisation, today: datetime.date | None = None
) -> PageIndicators | None:
    """The company page's indicators, or None when no page data was imported."""
    today = today or timezone.localdate()
    settings = shipped_settings()
    start = today - datetime.timedelta(days=settings.period_days - 1)
    sums = (
        DailyMetric.objects.filter(
            organisation=organisation, person=None, metric__in=PAGE_METRICS, day__gte=start, day__lte=today
        )
        .values("metric")
        .annotate(total=Sum("value"))
    )
    metrics = {row["metric"]: float(row["total"]) for row in sums}
    period_posts = Activity.objects.filter(
        organisation=organisation, kind=Kind.POST, day__gte=start, day__lte=today
    )
    posts = period_posts.filter(person=None).count()
    if not metrics and not posts:
        return None
    people_posts = period_posts.filter(person__isnull=False).count()
    return page_indicators(
        today=today, posts=posts, metrics=metrics, people_posts=people_posts, settings=settings
    )
