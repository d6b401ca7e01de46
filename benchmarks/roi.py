"""Monte Carlo speed of a business case: 100,000 draws of a 3-year model with 12 uncertain inputs.

Run: .venv/bin/python benchmarks/roi.py [--draws N] [--repeat N]
The model (built here, no database) has benefit and cost lines computed from drivers with
formulas, and one of each distribution kind among its 12 uncertain inputs. Target: < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from portevoix.core.roi import BusinessCase, evaluate_plan, load_case_data, simulate, tornado

TARGET_S = 1.0
TEXT = {"fr": "x", "en": "x"}
KINDS = [
    {"kind": "triangular", "min": 0.5, "mode": 1.0, "max": 2.0},
    {"kind": "pert", "min": 0.5, "mode": 1.0, "max": 2.0},
    {"kind": "uniform", "min": 0.5, "max": 1.5},
    {"kind": "normal", "mean": 1.0, "sd": 0.2, "min": 0.4, "max": 1.6},
]


def model() -> BusinessCase:
    inputs: list[dict[str, Any]] = [
        {"id": f"x{i}", "label": TEXT, "value": 1.0, "distribution": KINDS[i % 4]} for i in range(12)
    ]
    inputs.append({"id": "ramp", "label": TEXT, "formula": "min(year, 2) / 2"})
    data = {
        "id": "bench",
        "name": TEXT,
        "horizon_years": 3,
        "inputs": inputs,
        "benefits": [
            {"id": "sales", "label": TEXT, "risk": 0.2, "formula": "x0 * x1 * x2 * 120000 * ramp"},
            {"id": "hires", "label": TEXT, "risk": 0.1, "formula": "x3 * x4 * 25 * 7000"},
            {"id": "referrals", "label": TEXT, "risk": 0.5, "formula": "x5 * 2800"},
            {"id": "time_saved", "label": TEXT, "formula": "max(x6 - 0.8, 0) * 30000"},
        ],
        "costs": [
            {"id": "people", "label": TEXT, "risk": 0.1, "formula": "x7 * x8 * 25 * 20 * 60"},
            {"id": "tools", "label": TEXT, "initial": 5000, "formula": "x9 * 8000"},
            {
                "id": "consulting",
                "label": TEXT,
                "initial": "x10 * 12000",
                "years": [25000, "x11 * 18000", 12000],
            },
        ],
    }
    result = load_case_data(data)
    assert result.case is not None, result.problems
    return result.case


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.draws, args.repeat = 2_000, 1
    case = model()
    assert len(case.uncertain_inputs) == 12
    rows = [
        ("load and validate the model", timed(model, args.repeat), None),
        ("evaluate the plan (Decimal)", timed(lambda: evaluate_plan(case), args.repeat), None),
        (
            f"Monte Carlo, {args.draws:,} draws",
            timed(lambda: simulate(case, draws=args.draws, seed=1).summary(), args.repeat),
            TARGET_S,
        ),
        ("tornado (12 inputs × low, high)", timed(lambda: tornado(case), args.repeat), None),
    ]
    summary = simulate(case, draws=args.draws, seed=1).summary()
    assert summary == simulate(case, draws=args.draws, seed=1).summary(), "a seeded simulation must repeat"
    assert summary["npv_p10"] <= summary["npv_p50"] <= summary["npv_p90"], summary
    print(
        f"3-year model, 12 uncertain inputs, 7 lines; NPV P10/P50/P90 = "
        f"{summary['npv_p10']:,.0f} / {summary['npv_p50']:,.0f} / {summary['npv_p90']:,.0f}"
    )
    print(f"{'operation':40} {'median s':>10} {'max s':>10} {'target':>10}")
    for name, times, target in rows:
        median = statistics.median(times)
        status = "" if target is None else (f"< {target:g} s " + ("✓" if median < target else "✗"))
        print(f"{name:40} {median:10.4f} {max(times):10.4f} {status:>10}")


if __name__ == "__main__":
    main()
