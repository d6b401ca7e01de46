"""Reads of the evidence: indicators per person (or the company page), from the small tables."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

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

from .models import (
    Activity,
    Connection,
    DailyActivity,
    DailyMetric,
    EvidenceImport,
    ManualEntry,
    ProfileSnapshot,
)

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


def activity_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The window every observed indicator covers: the last ``period_days`` days up to ``today``."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=shipped_settings().period_days - 1), today


def page_latest_day(*, organisation: Organisation) -> datetime.date | None:
    """The last day of company-page data imported at all (analytics or page posts), in or out of
    the window: an old import is said as such, not taken for none."""
    metric = (
        DailyMetric.objects.filter(organisation=organisation, person=None, metric__in=PAGE_METRICS)
        .aggregate(last=Max("day"))
        .get("last")
    )
    post = (
        Activity.objects.filter(organisation=organisation, person=None, kind=Kind.POST)
        .aggregate(last=Max("day"))
        .get("last")
    )
    known = [d for d in (metric, post) if d is not None]
    return max(known) if known else None


def latest_reviews(*, organisation: Organisation) -> list[ManualEntry]:
    """The latest employer-review figures of each site, typed in on the activity page."""
    latest: dict[str, ManualEntry] = {}
    entries = ManualEntry.objects.filter(organisation=organisation, person=None, kind=ManualEntry.Kind.REVIEW)
    for entry in entries.order_by("-on", "-created_at"):
        latest.setdefault(str(entry.data.get("platform", "")), entry)
    return list(latest.values())


def latest_followers(*, organisation: Organisation) -> list[ManualEntry]:
    """The latest typed-in follower count of the company on each network."""
    latest: dict[str, ManualEntry] = {}
    entries = ManualEntry.objects.filter(
        organisation=organisation, person=None, kind=ManualEntry.Kind.FOLLOWERS
    ).order_by("-on", "-created_at")
    for entry in entries:
        latest.setdefault(str(entry.data.get("network")), entry)
    return list(latest.values())


@dataclass(frozen=True)
class SourceSummary:
    label: str
    count: int
    last: datetime.date


def data_sources(*, organisation: Organisation, person: Person | None = None) -> list[SourceSummary]:
    """Every kind of activity data behind the figures: completed imports per source and typed-in
    entries per kind, with their count and latest date (the report's "Data sources")."""
    imports = (
        EvidenceImport.objects.filter(organisation=organisation, status=EvidenceImport.Status.DONE)
        .values("source")
        .annotate(count=Count("pk"), last=Max("created_at"))
        .order_by("source")
    )
    if person is not None:
        imports = imports.filter(person=person)
    labels = dict(EvidenceImport.Source.choices)
    found = [
        SourceSummary(
            str(labels.get(row["source"], row["source"])),
            row["count"],
            timezone.localtime(row["last"]).date(),
        )
        for row in imports
    ]
    manual = ManualEntry.objects.filter(organisation=organisation)
    if person is not None:
        manual = manual.filter(person=person)
    kinds = dict(ManualEntry.Kind.choices)
    for row in manual.values("kind").annotate(count=Count("pk"), last=Max("on")).order_by("kind"):
        found.append(
            SourceSummary(
                gettext("Typed in: %(kind)s") % {"kind": kinds.get(row["kind"], row["kind"])},
                row["count"],
                row["last"],
            )
        )
    return found


def people_with_activity(*, organisation: Organisation) -> set[int]:
    """The people with any imported activity or profile."""
    daily = DailyActivity.objects.filter(organisation=organisation, person__isnull=False)
    snapshots = ProfileSnapshot.objects.filter(organisation=organisation, person__isnull=False)
    return set(daily.values_list("person_id", flat=True).distinct()) | set(
        snapshots.values_list("person_id", flat=True).distinct()
    )


def observed_presence(
    *, organisation: Organisation, people: list[Person], today: datetime.date | None = None
) -> dict[int, str]:
    """``person id → the presence their imported activity shows`` (dormant for a digital cemetery,
    active, occasional), for those of ``people`` with any activity imported."""
    from portevoix.core.usage import observed_status

    found: dict[int, str] = {}
    for person in people:
        indicators = person_indicators(organisation=organisation, person=person, today=today)
        if indicators is not None:
            found[person.pk] = observed_status(
                digital_cemetery=indicators.digital_cemetery, regularity=indicators.regularity
            )
    return found
