"""The say–do gap: what a leader declares in the questionnaire beside what their imported activity
shows, per dimension that the framework maps to observed indicators. The counterpart of
:func:`portevoix.core.scoring.aggregate.perception_gaps` (self against others' ratings).

The gap is *declared minus observed*: above zero, the questionnaire is more optimistic than
the activity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SayDoRow:
    dimension_id: str
    declared: float | None
    observed: float | None

    @property
    def gap(self) -> float | None:
        if self.declared is None or self.observed is None:
            return None
        return self.declared - self.observed


def say_do_rows(
    dimension_ids: Sequence[str],
    declared: Mapping[str, float | None],
    observed: Mapping[str, float | None],
) -> tuple[SayDoRow, ...]:
    """One row per dimension, in the order given."""
    return tuple(SayDoRow(d, declared.get(d), observed.get(d)) for d in dimension_ids)


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def codir_say_do(members: Sequence[Sequence[SayDoRow]]) -> tuple[SayDoRow, ...]:
    """The codir as a whole: the mean declared and the mean observed score over the members (each
    given as rows over the same dimensions), each mean over the members who have a value."""
    if not members:
        return ()
    first = members[0]
    return tuple(
        SayDoRow(
            row.dimension_id,
            _mean([m[index].declared for m in members]),
            _mean([m[index].observed for m in members]),
        )
        for index, row in enumerate(first)
    )


def mean_gap(rows: Sequence[SayDoRow]) -> float | None:
    """The mean of the known gaps (the headline "say–do gap" of the codir)."""
    return _mean([row.gap for row in rows])
