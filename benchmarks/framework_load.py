"""How long loading, validating and adapting a maturity framework takes.

Run: .venv/bin/python benchmarks/framework_load.py [--repeat N]
Prints one row per operation: median and worst time over N runs, and peak memory.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from portevoix.core.framework import adapt_weights, framework_checksum, load_framework_file
from portevoix.core.profile import OrganisationProfile
from portevoix.data import shipped_framework_files

PROFILE = OrganisationProfile("industry", "medium", "b2b", frozenset({"recruitment", "lead_generation"}))


def measure(action: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    tracemalloc.start()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(timings) * 1000, max(timings) * 1000, peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.repeat = 2
    path: Path = next(p for p in shipped_framework_files() if p.stem == "codir-social-maturity")
    loaded = load_framework_file(path).framework
    assert loaded is not None
    framework = loaded
    adapted = adapt_weights(framework, PROFILE)
    assert adapted.applied, "the recruitment priority of the profile adapts no weight"
    for level in ("organisation", "person"):  # renormalised within each level of analysis
        total = sum(adapted.weights[d.id] for d in framework.dimensions_at(level))
        assert abs(total - framework.weights_total) < 1e-6, (level, total)
    rows = [
        ("load + validate default framework", measure(lambda: load_framework_file(path), args.repeat)),
        ("adapt weights to a profile", measure(lambda: adapt_weights(framework, PROFILE), args.repeat)),
        ("checksum (canonical JSON)", measure(lambda: framework_checksum(framework), args.repeat)),
    ]
    print(f"{len(framework.questions)} questions, {len(framework.dimensions)} dimensions, {args.repeat} runs")
    print(f"{'operation':40} {'median ms':>10} {'worst ms':>10} {'peak MiB':>10}")
    for name, (median, worst, peak) in rows:
        print(f"{name:40} {median:10.2f} {worst:10.2f} {peak:10.2f}")


if __name__ == "__main__":
    main()
