"""Choose the nearest-example settings on the development set (never on an evaluation set).

These settings serve only when the trained head is missing or stale (see objections_train.py,
which trains the head and its calibration).

Run: .venv/bin/python benchmarks/objections_calibrate.py [--top N]
Tries a grid of thresholds, neutral margins, gaps between matches and cue boosts on
benchmarks/data/objections-dev.yaml and prints the best ones (top-1 + neutral rejection +
precision); copy the first line's values into the "classifier" section of
src/portevoix/data/objections/catalogue.yaml.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from portevoix.core.objections import load_classifier
from portevoix.core.objections.evaluation import calibrate, load_samples

DEV = Path(__file__).parent / "data" / "objections-dev.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    classifier = load_classifier()
    samples = load_samples(DEV)
    if args.quick:
        samples = samples[::5]  # one sentence in five: the grid is the same, the work a fifth
    results = calibrate(classifier, samples)
    objectives = [c.objective for c in results]
    assert results, "no setting tried"
    assert objectives == sorted(objectives, reverse=True), "not best first"
    assert all(0 <= c.top1 <= 1 and 0 <= c.neutral_rejection <= 1 for c in results)
    current = classifier.settings
    print(
        f"current: threshold {current.threshold}, neutral_margin {current.neutral_margin}, "
        f"second_match_gap {current.second_match_gap}, cue_boost {current.cue_boost}"
    )
    print(
        f"{'threshold':>9} {'margin':>7} {'gap':>5} {'cues':>5} {'top-1':>7} {'neutral':>8} {'precision':>9}"
    )
    for c in results[: args.top]:
        print(
            f"{c.threshold:>9.2f} {c.neutral_margin:>7.2f} {c.second_match_gap:>5.2f} {c.cue_boost:>5.2f} "
            f"{c.top1:>7.1%} {c.neutral_rejection:>8.1%} {c.precision:>9.1%}"
        )


if __name__ == "__main__":
    main()
