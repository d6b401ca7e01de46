"""Chart specs for tests: a roadmap timeline of one action a month, titled in French."""

from __future__ import annotations

import datetime as dt

from portevoix.core.charts import Spec, TimelineBar, timeline


def monthly_timeline(first: dt.date, months: int) -> Spec:
    """A timeline of ``months`` actions, one starting every 30 days from ``first``, none late."""
    bars: list[TimelineBar] = [
        {
            "label": f"Action {n}",
            "phase": "strategy",
            "phase_label": "Stratégie",
            "start": first + dt.timedelta(days=30 * n),
            "end": first + dt.timedelta(days=30 * n + 20),
            "status_label": "Pas commencée",
            "owner": "Claire",
            "percent": 0,
            "overdue": False,
        }
        for n in range(months)
    ]
    return timeline(
        bars,
        [],
        today=first,
        action_title="Action",
        phase_title="Phase",
        start_title="Début",
        end_title="Fin",
        status_title="Statut",
        owner_title="Responsable",
        done_title="% fait",
        milestone_title="Jalon",
        today_label="Aujourd'hui",
    )
