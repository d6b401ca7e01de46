"""The usage map: where the company and each codir member are present, per axis and network,
and the gaps a communication director must see first.

A map is a mapping ``(axis, network) → status`` for one subject (the company or a codir
member). A cell that is not in the mapping is *not recorded*, which is not the same as
``absent``: nobody has looked yet. Gaps are computed only from what is recorded, except that a
priority or an axis with no *active* network is a gap whether the cells are absent or empty.

Messages are English source strings marked with :func:`gettext_noop`; the Django layer
translates them when they are shown (``docs/decisions/0003-language-choice.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .i18n import gettext_noop as _
from .vocabulary import AXES, NETWORKS, PRESENCE_STATUSES, PRIORITIES

Cells = Mapping[tuple[str, str], str]
"""``(axis, network) → status`` for one subject; missing cells are not recorded."""

ACTIVE = "active"
DORMANT = "dormant"
ABSENT = "absent"
OCCASIONAL = "occasional"
ACTIVE_REGULARITY = 0.5  # share of weeks with activity from which imported activity reads "active"
LEADER_NETWORK = "linkedin"
STATUS_RANK: dict[str, int] = {status: rank for rank, status in enumerate(PRESENCE_STATUSES)}

# The axes on which a strategic priority is played. Priorities not listed here
# (transformation, investor relations) do not depend on one axis of presence.
PRIORITY_AXES: dict[str, tuple[str, ...]] = {
    "lead_generation": ("customers",),
    "customer_relationship": ("customers",),
    "recruitment": ("talent",),
    "brand": ("company", "competition"),
}

HIGH, MEDIUM, INFO = "high", "medium", "info"
SEVERITIES = (HIGH, MEDIUM, INFO)

MESSAGES: dict[str, str] = {
    "company_not_recorded": _(
        "Nothing is recorded for the company yet: start with the networks where it has an account."
    ),
    "priority_axis_inactive": _(
        "No active network on the axis “{axis}”, which your strategic priorities depend on: {priorities}."
    ),
    "axis_inactive": _("No active network for the company on the axis “{axis}”."),
    "company_account_dormant": _(
        "The company’s {network} account is dormant: an account left unattended is a digital "
        "cemetery. Revive it or close it."
    ),
    "leader_linkedin_absent": _("{person} is absent from LinkedIn."),
    "leader_linkedin_dormant": _(
        "{person}’s LinkedIn profile is dormant: a digital cemetery, the first thing to show them."
    ),
    "leader_declared_observed": _(
        "{person}: the usage map says “{declared}”, the imported activity shows “{observed}”. "
        "Check the map with them."
    ),
}
HINTS: dict[str, str] = {
    "reuse_networks": _("The company is already active on {networks}: these accounts could carry it too."),
}


@dataclass(frozen=True)
class Member:
    """A codir member's map: ``key`` identifies them for the caller (e.g. the person's id)."""

    key: str
    name: str
    cells: Cells


@dataclass(frozen=True)
class Gap:
    """Something missing from the map. ``person`` is a member's key, or None for the company;
    ``cells`` are the ``(axis, network)`` cells of that subject to mark on the grid."""

    code: str
    severity: str
    person: str | None = None
    person_name: str = ""
    axis: str | None = None
    priorities: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    cells: tuple[tuple[str, str], ...] = ()
    declared: str = ""  # leader_declared_observed: the map's status…
    observed: str = ""  # …and the one the imported activity shows

    def message(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The gap as a sentence, through ``translate`` (identity gives English)."""
        params = {
            "axis": translate(AXES[self.axis]) if self.axis in AXES else "",
            "priorities": ", ".join(translate(PRIORITIES[p]) for p in self.priorities if p in PRIORITIES),
            "network": ", ".join(translate(NETWORKS[n]) for n in self.networks if n in NETWORKS),
            "person": self.person_name,
            "declared": translate(PRESENCE_STATUSES[self.declared])
            if self.declared in PRESENCE_STATUSES
            else "",
            "observed": translate(PRESENCE_STATUSES[self.observed])
            if self.observed in PRESENCE_STATUSES
            else "",
        }
        template = translate(MESSAGES[self.code])
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            # A translation with a broken placeholder must not hide the gap itself.
            return MESSAGES[self.code].format(**params)

    def hint(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """What to do about a priority gap, when the company already has active accounts."""
        if self.code != "priority_axis_inactive" or not self.networks:
            return ""
        networks = ", ".join(translate(NETWORKS[n]) for n in self.networks if n in NETWORKS)
        try:
            return translate(HINTS["reuse_networks"]).format(networks=networks)
        except (KeyError, IndexError, ValueError):
            return HINTS["reuse_networks"].format(networks=networks)


def best_status(statuses: Iterable[str]) -> str | None:
    """The most present of ``statuses`` (``active`` beats ``occasional``…), None if none."""
    known = [s for s in statuses if s in STATUS_RANK]
    return max(known, key=STATUS_RANK.__getitem__) if known else None


@dataclass(frozen=True)
class PresenceShare:
    """How many codir members are active, or inactive (absent or dormant), on a network, by their
    best recorded status (a member with nothing recorded on it is not counted)."""

    members: int
    active: int
    inactive: int

    @property
    def active_percent(self) -> float | None:
        return 100 * self.active / self.members if self.members else None

    @property
    def inactive_percent(self) -> float | None:
        return 100 * self.inactive / self.members if self.members else None


@dataclass(frozen=True)
class PostingShare:
    """How many codir members posted at least once a month on average over the activity period
    (12 months), from their imported activity: the same measure as the published benchmark
    "posts at least monthly", never the usage map's declared "active"."""

    members: int  # codir members with imported activity
    monthly: int

    @property
    def percent(self) -> float | None:
        return 100 * self.monthly / self.members if self.members else None


def posting_share(posts_per_month: Iterable[float]) -> PostingShare:
    rates = list(posts_per_month)
    return PostingShare(members=len(rates), monthly=sum(1 for rate in rates if rate >= 1))


def presence_share(statuses: Mapping[str, Iterable[str]]) -> PresenceShare:
    """``member key → their recorded statuses on one network`` (any axis) → the codir's share.
    The one rule for "best status per leader" (:func:`best_status`), for the results page, the
    reports and the API."""
    best = [b for b in (best_status(s) for s in statuses.values()) if b is not None]
    return PresenceShare(
        members=len(best),
        active=sum(1 for b in best if b == ACTIVE),
        inactive=sum(1 for b in best if b in (ABSENT, DORMANT)),
    )


def network_summary(cells: Cells) -> dict[str, str]:
    """``network → best status over the axes``, for the recorded networks only."""
    by_network: dict[str, list[str]] = {}
    for (_axis, network), status in cells.items():
        by_network.setdefault(network, []).append(status)
    return {
        network: best
        for network in NETWORKS
        if network in by_network and (best := best_status(by_network[network])) is not None
    }


def priority_axes(priorities: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``axis → the priorities played on it``, in the catalogue's order."""
    chosen = set(priorities)
    found: dict[str, tuple[str, ...]] = {}
    for priority in PRIORITIES:
        if priority in chosen:
            for axis in PRIORITY_AXES.get(priority, ()):
                found[axis] = (*found.get(axis, ()), priority)
    return found


def observed_status(*, digital_cemetery: bool, regularity: float) -> str:
    """The presence imported activity shows: a digital cemetery is dormant; active half the weeks
    or more is active; anything else occasional."""
    if digital_cemetery:
        return DORMANT
    return ACTIVE if regularity >= ACTIVE_REGULARITY else OCCASIONAL


def find_gaps(
    *,
    company: Cells,
    members: Sequence[Member] = (),
    priorities: Iterable[str] = (),
    observed: Mapping[str, str] | None = None,
) -> list[Gap]:
    """Every gap of the map: the company's first (the most severe first), then each member's,
    in the given order.

    * an axis with no active network for the company (``axis_inactive``); when one of the
      company's priorities is played on that axis, it is ``priority_axis_inactive`` instead,
      with the networks already active for the company elsewhere as an opportunity;
    * a dormant company account (``company_account_dormant``), one gap per network;
    * a codir member whose best recorded LinkedIn presence is absent or dormant
      (``leader_linkedin_absent`` / ``leader_linkedin_dormant``); nothing recorded, no gap;
    * a codir member whose declared LinkedIn presence (the map) and observed one (``observed``:
      member key → :func:`observed_status` of their imported activity) disagree — one says
      present, the other absent or dormant (``leader_declared_observed``): both are shown,
      neither is picked silently.
    """
    seen = observed or {}
    return [
        *_company_gaps(company, priorities),
        *(g for m in members for g in _member_gaps(m, seen.get(m.key))),
    ]


def _company_gaps(cells: Cells, priorities: Iterable[str]) -> list[Gap]:
    if not cells:
        return [Gap("company_not_recorded", INFO)]
    by_axis = priority_axes(priorities)
    active = {(axis, network) for (axis, network), status in cells.items() if status == ACTIVE}
    gaps: list[Gap] = []
    for axis in AXES:
        if any(a == axis for a, _network in active):
            continue
        if axis in by_axis:
            elsewhere = tuple(n for n in NETWORKS if any((a, n) in active for a in AXES))
            gaps.append(
                Gap(
                    "priority_axis_inactive",
                    HIGH,
                    axis=axis,
                    priorities=by_axis[axis],
                    networks=elsewhere,
                    cells=tuple((axis, n) for n in elsewhere),
                )
            )
        else:
            gaps.append(Gap("axis_inactive", MEDIUM, axis=axis))
    for network in NETWORKS:
        dormant = tuple((axis, network) for axis in AXES if cells.get((axis, network)) == DORMANT)
        if dormant:
            gaps.append(Gap("company_account_dormant", MEDIUM, networks=(network,), cells=dormant))
    return sorted(gaps, key=lambda gap: SEVERITIES.index(gap.severity))  # stable: axes stay in order


def _present(status: str | None) -> bool:
    return status in (OCCASIONAL, ACTIVE)


def disagree(declared: str, observed: str) -> bool:
    """The map says present and the activity absent or dormant, or the other way round."""
    return _present(declared) != _present(observed)


def _member_gaps(member: Member, observed: str | None = None) -> list[Gap]:
    statuses = {axis: s for (axis, network), s in member.cells.items() if network == LEADER_NETWORK}
    best = best_status(statuses.values())
    gaps: list[Gap] = []
    if best is not None and observed is not None and disagree(best, observed):
        gaps.append(
            Gap(
                "leader_declared_observed",
                HIGH,
                person=member.key,
                person_name=member.name,
                networks=(LEADER_NETWORK,),
                cells=tuple((axis, LEADER_NETWORK) for axis in AXES if statuses.get(axis) == best),
                declared=best,
                observed=observed,
            )
        )
    if best not in (ABSENT, DORMANT):
        return gaps
    return [
        *gaps,
        Gap(
            f"leader_linkedin_{best}",
            HIGH,
            person=member.key,
            person_name=member.name,
            networks=(LEADER_NETWORK,),
            cells=tuple((axis, LEADER_NETWORK) for axis in AXES if statuses.get(axis) == best),
        ),
    ]
