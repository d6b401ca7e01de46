"""How long scoring 10,000 respondents of the default framework takes (target: under 1 s).

Run: .venv/bin/python benchmarks/scoring.py [--respondents N] [--repeat N] [--seed N]
Answers are random but valid, with about 5% left blank; multiple choices are listed in the
framework's option order, as questionnaire exports write them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from portevoix.core.framework import Framework, Question, load_framework_file
from portevoix.core.scoring import Answers, group_aggregate, score, score_many
from portevoix.data import shipped_framework_files

TARGET_SECONDS = 1.0
BLANK_SHARE = 0.05


def answer(question: Question, rng: random.Random) -> Any:
    if rng.random() < BLANK_SHARE:
        return None
    if question.type == "single_choice":
        return rng.choice(question.options).id
    if question.type == "multiple_choice":
        chosen = set(rng.sample(range(len(question.options)), rng.randint(1, len(question.options))))
        return [o.id for index, o in enumerate(question.options) if index in chosen]
    if question.type == "scale":
        assert question.scale is not None
        return rng.randint(question.scale.min, question.scale.max)
    return rng.choice(["Pas le temps.", "Le bouche-à-oreille suffit dans notre secteur.", ""])


def respondents(framework: Framework, count: int, seed: int) -> list[tuple[str, Answers]]:
    rng = random.Random(seed)
    return [(f"r{i:05d}", {q.id: answer(q, rng) for q in framework.questions}) for i in range(count)]


def measure(action: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median wall-clock and CPU seconds over ``repeat`` runs, and the peak MiB of one more run
    under tracemalloc. CPU time shows what other processes on a shared machine take away."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        del result  # freeing the results is not part of computing them
    tracemalloc.start()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(wall), statistics.median(cpu), peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.respondents, args.repeat = 200, 1
    path = next(p for p in shipped_framework_files() if p.stem == "codir-social-maturity")
    loaded = load_framework_file(path).framework
    assert loaded is not None
    framework = loaded
    rows = respondents(framework, args.respondents, args.seed)
    cards = score_many(framework, rows)
    # The fast path gives exactly the one-by-one scorecards (checked on a sample of rows).
    for (respondent, answers), card in list(zip(rows, cards, strict=True))[:: max(1, len(rows) // 50)]:
        assert card == score(framework, answers, respondent=respondent), respondent
    scoring, scoring_cpu, scoring_peak = measure(lambda: score_many(framework, rows), args.repeat)
    aggregate, aggregate_cpu, aggregate_peak = measure(lambda: group_aggregate(framework, cards), args.repeat)
    verdict = "ok" if scoring < TARGET_SECONDS else "TOO SLOW"
    print(
        f"{args.respondents} respondents × {len(framework.questions)} questions, "
        f"{len(framework.dimensions)} dimensions, median of {args.repeat} runs"
    )
    print(f"{'operation':20} {'wall s':>8} {'cpu s':>8} {'µs/resp.':>9} {'peak MiB':>9}  target")
    rows_out = [
        ("score_many", scoring, scoring_cpu, scoring_peak, f"< 1 s ({verdict})"),
        ("group_aggregate", aggregate, aggregate_cpu, aggregate_peak, ""),
    ]
    for name, wall, cpu, peak, target in rows_out:
        per_respondent = wall / args.respondents * 1e6
        print(f"{name:20} {wall:8.3f} {cpu:8.3f} {per_respondent:9.1f} {peak:9.1f}  {target}".rstrip())


if __name__ == "__main__":
    main()
