"""How long generating and checking a roadmap takes: the shipped library on full inputs, then the
rules (cycles, dates, gates), the monthly load and the progress over a large roadmap (targets:
generation < 50 ms, rules on 5,000 actions < 1 s).

Run: .venv/bin/python benchmarks/roadmap.py [--actions N] [--repeat N] [--seed N]
The large roadmap is random but valid: each action depends on up to three earlier ones, so the
dependency graph is a deep DAG (the worst case for the cycle search is its depth).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

from portevoix.core.roadmap import (
    DONE,
    NOT_STARTED,
    PHASE_ORDER,
    STATUSES,
    Inputs,
    Item,
    Member,
    gates,
    generate,
    monthly_load,
    progress,
    shipped_library,
    starts_before_dependencies,
    validate,
)
from portevoix.core.roadmap.ics import Event, calendar
from portevoix.core.vocabulary import SIGNALS

START = dt.date(2027, 1, 4)


def measure(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def big_plan(count: int, seed: int) -> list[Item]:
    rng = random.Random(seed)
    library = shipped_library()
    keys = [a.id for a in library.actions]
    items = []
    for n in range(count):
        phase = PHASE_ORDER[min(n * 3 // count, 2)]
        start = START + dt.timedelta(days=rng.randint(0, 700))
        deps = tuple(str(d) for d in rng.sample(range(max(n - 50, 0), n), min(n, 3))) if n else ()
        status = NOT_STARTED if phase == "enablement" else rng.choice(STATUSES)
        items.append(
            Item(
                key=str(n),
                title=f"Action {n}",
                phase=phase,
                start=start,
                end=start + dt.timedelta(days=rng.randint(1, 90)),
                depends_on=deps,
                status=status,
                library_id=keys[n % len(keys)],
                owner_organisation=1,
                accountable_organisation=1,
                effort_days=rng.randint(1, 20),
                accountable=str(rng.randint(1, 15)),
                percent_done=100 if status == DONE else rng.randint(0, 90),
            )
        )
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.actions, args.repeat = 200, 1

    library = shipped_library()
    inputs = Inputs(
        start=START,
        dimension_scores={f"d{i}": 10.0 * i for i in range(11)}
        | {"measurement_roi": 12.0, "posture_risk": 20.0},
        gaps={"leader_linkedin_dormant": 3, "axis_inactive": 2, "company_account_dormant": 1},
        signals=dict.fromkeys(SIGNALS, 4),
        priorities=frozenset({"recruitment", "lead_generation", "brand"}),
        members=[
            Member(str(i), f"Member {i}", t)
            for i, t in enumerate(["PDG", "DRH", "Directeur commercial", "DAF"])
        ],
    )
    items = big_plan(args.actions, args.seed)
    problems = validate(library, items, organisation=1, sponsor_named=True)
    assert not problems, problems[:3]
    events = [
        Event(f"a{i.key}@bench", i.title + " — é" * 10, i.start or START, i.end or START, "x\n" * 5)
        for i in items
    ]

    rows = [
        ("generate (shipped library, every signal)", lambda: generate(library, inputs), 0.05),
        (
            f"validate {args.actions} actions",
            lambda: validate(library, items, organisation=1, sponsor_named=False),
            1.0,
        ),
        (f"gates of {args.actions} actions", lambda: gates(library, items, sponsor_named=True), None),
        (
            f"warnings (start before dependency), {args.actions}",
            lambda: starts_before_dependencies(items),
            None,
        ),
        (f"monthly load, {args.actions} actions", lambda: monthly_load(items), None),
        (f"progress summary, {args.actions} actions", lambda: progress(items, today=START), None),
        (
            f"ICS calendar, {args.actions} events",
            lambda: calendar(events, name="Bench", stamp=dt.datetime.now(dt.UTC)),
            None,
        ),
    ]
    print(f"{'step':<48} {'wall ms':>9} {'cpu ms':>9} {'target':>9}")
    for label, action, target in rows:
        wall, cpu = measure(action, args.repeat)
        mark = "" if target is None else ("✓" if wall < target else "✗")
        shown = "" if target is None else f"{target * 1000:.0f} ms"
        print(f"{label:<48} {wall * 1000:>9.1f} {cpu * 1000:>9.1f} {shown:>8} {mark}")


if __name__ == "__main__":
    main()
