"""The usage map as the pages show it: grid rows and cells, gaps as sentences, the codir at a glance.

Reads go through :mod:`.selectors`; the gaps come from the pure :mod:`portevoix.core.usage`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from portevoix.core import usage as core
from portevoix.core import vocabulary
from portevoix.tenancy.models import Organisation, Person

from . import selectors
from .models import AXIS_SHORT_LABELS, NETWORK_CHOICES, UsageEntry


def subject_key(person: Person | None) -> str:
    return "company" if person is None else f"p{person.pk}"


def cell_url(organisation: Organisation, person: Person | None, axis: str, network: str) -> str:
    kwargs: dict[str, Any] = {"org_slug": organisation.slug, "axis": axis, "network": network}
    if person is None:
        return reverse("usage:company_entry.edit", kwargs=kwargs)
    return reverse("usage:person_entry.edit", kwargs={**kwargs, "pk": person.pk})


def map_url(organisation: Organisation, person: Person | None) -> str:
    url = reverse("usage:map.detail", kwargs={"org_slug": organisation.slug})
    return url if person is None else f"{url}?person={person.pk}"


@dataclass
class GapView:
    code: str
    severity: str
    message: str
    hint: str
    person: Person | None
    link: str


@dataclass
class CellView:
    axis: str
    network: str
    network_label: str
    axis_label: str
    entry: UsageEntry | None
    dom_id: str
    edit_url: str
    gaps: list[GapView] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.entry.status if self.entry else ""


@dataclass
class ColumnView:
    axis: str
    label: str
    description: str
    gaps: list[GapView] = field(default_factory=list)


@dataclass
class RowView:
    network: str
    label: str
    cells: list[CellView]


@dataclass
class GlanceRow:
    person: Person
    link: str
    statuses: list[tuple[str, str]]  # (network, best status or "")


@dataclass
class UsageMap:
    organisation: Organisation
    subject: Person | None
    members: list[Person]
    columns: list[ColumnView]
    rows: list[RowView]
    gaps: list[GapView]
    glance: list[GlanceRow]
    glance_networks: list[tuple[str, str]]
    recorded: int

    @property
    def total(self) -> int:
        return len(self.columns) * len(self.rows)

    @property
    def company_gaps(self) -> list[GapView]:
        return [gap for gap in self.gaps if gap.person is None]

    @property
    def member_gaps(self) -> list[GapView]:
        return [gap for gap in self.gaps if gap.person is not None]

    @property
    def flagged_people(self) -> set[int]:
        """The members with a gap, marked on their tab."""
        return {gap.person.pk for gap in self.member_gaps if gap.person is not None}

    @property
    def subject_key(self) -> str:
        return subject_key(self.subject)

    def cell(self, axis: str, network: str) -> CellView:
        return next(c for row in self.rows for c in row.cells if (c.axis, c.network) == (axis, network))


def usage_map_build(*, organisation: Organisation, members: list[Person], subject: Person | None) -> UsageMap:
    """The map of ``subject`` (the company when None), with the gaps of the company and of
    ``members`` — the codir members the viewer may see."""
    entries = list(selectors.usage_entry_list(organisation=organisation, people=members))
    cells: dict[str, dict[tuple[str, str], UsageEntry]] = {}
    for entry in entries:
        key = "company" if entry.person_id is None else f"p{entry.person_id}"
        cells.setdefault(key, {})[(entry.axis, entry.network)] = entry

    def statuses(key: str) -> dict[tuple[str, str], str]:
        return {cell: e.status for cell, e in cells.get(key, {}).items()}

    from portevoix.evidence.selectors import observed_presence

    by_key = {subject_key(p): p for p in members}
    # Declared (this map) against observed (imported activity): a disagreement is a gap to show.
    observed = observed_presence(organisation=organisation, people=members)
    gaps = core.find_gaps(
        company=statuses("company"),
        members=[core.Member(subject_key(p), p.full_name, statuses(subject_key(p))) for p in members],
        priorities=organisation.priorities,
        observed={subject_key(p): observed[p.pk] for p in members if p.pk in observed},
    )
    gap_views = [
        (
            gap,
            GapView(
                code=gap.code,
                severity=gap.severity,
                message=gap.message(gettext),
                hint=gap.hint(gettext),
                person=by_key.get(gap.person) if gap.person else None,
                link=map_url(organisation, by_key.get(gap.person) if gap.person else None),
            ),
        )
        for gap in gaps
    ]

    key = subject_key(subject)
    own = cells.get(key, {})
    network_labels = dict(NETWORK_CHOICES)
    columns = [
        ColumnView(
            axis=axis,
            label=str(AXIS_SHORT_LABELS[axis]),
            description=gettext(description),
            gaps=[v for g, v in gap_views if g.axis == axis and (g.person or "company") == key],
        )
        for axis, description in vocabulary.AXES.items()
    ]
    rows = [
        RowView(
            network=network,
            label=str(network_labels[network]),
            cells=[
                CellView(
                    axis=column.axis,
                    network=network,
                    network_label=str(network_labels[network]),
                    axis_label=column.label,
                    entry=own.get((column.axis, network)),
                    dom_id=f"cell-{key}-{column.axis}-{network}",
                    edit_url=cell_url(organisation, subject, column.axis, network),
                    gaps=[
                        v
                        for g, v in gap_views
                        if (g.person or "company") == key and (column.axis, network) in g.cells
                    ],
                )
                for column in columns
            ],
        )
        for network in vocabulary.NETWORKS
    ]
    # The codir at a glance: each member's best presence per network, on the networks that
    # anybody uses (LinkedIn always: it is the leaders' network).
    summaries = (
        {p.pk: core.network_summary(statuses(subject_key(p))) for p in members} if subject is None else {}
    )
    used = {n for summary in summaries.values() for n in summary} | {core.LEADER_NETWORK}
    glance_networks = [(n, str(network_labels[n])) for n in vocabulary.NETWORKS if n in used]
    glance = [
        GlanceRow(
            person=person,
            link=map_url(organisation, person),
            statuses=[(n, summaries[person.pk].get(n, "")) for n, _label in glance_networks],
        )
        for person in members
        if person.pk in summaries
    ]
    return UsageMap(
        organisation=organisation,
        subject=subject,
        members=members,
        columns=columns,
        rows=rows,
        gaps=[v for _g, v in gap_views],
        glance=glance,
        glance_networks=glance_networks,
        recorded=len(own),
    )
