"""Train the objections classifier's head and its calibration; write classifier-head.npz.

Run: .venv/bin/python benchmarks/objections_train.py
Trains a logistic regression over the encoder's vectors on the catalogue's examples,
data/objections/training.yaml and the two development sets (objections-dev.yaml and
objections-blind-dev.yaml). Never on objections-eval.yaml nor on the frozen objections-blind.yaml.
The neutral bias of each language and the (cautious) calibration map are chosen from 5-fold
out-of-fold predictions on the development sets (each fold's sentences classified by a head that
never saw them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from portevoix.core.objections import NEUTRAL, Example, load_classifier
from portevoix.core.objections import head as head_module
from portevoix.core.objections.classifier import Classifier, head_examples, head_key, head_path, normalise
from portevoix.core.objections.evaluation import Sample, load_samples

DATA = Path(__file__).parent / "data"
DEV_SETS = ("objections-dev.yaml", "objections-blind-dev.yaml")
FOLDS = 5
NEUTRAL_BIASES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)
# Above the product's 90 %: the development sets' neutral sentences are easier than unseen ones
# (some training phrasings were written after reading their errors), so 90 % there was 75 % blind.
NEUTRAL_TARGET = 0.95
LANGUAGES = ("fr", "en")


def dev_samples() -> list[Sample]:
    return [s for name in DEV_SETS for s in load_samples(DATA / name)]


def dev_key(samples: list[Sample]) -> str:
    return head_module.key_of("dev", [(",".join(s.labels), normalise(s.text)) for s in samples])


def as_examples(samples: list[Sample]) -> list[Example]:
    return [Example(s.labels[0] if s.labels else NEUTRAL, s.text, s.language) for s in samples]


def fit(classifier: Classifier, examples: list[Example], bias: float) -> head_module.Head:
    labels = sorted({e.label for e in examples})
    vectors = classifier.encode([normalise(e.text) for e in examples])
    mean, scale, weights, bias_vector = head_module.train(vectors, [e.label for e in examples], labels)
    bias_vector[labels.index(NEUTRAL)] += bias
    empty = np.zeros(0)
    return head_module.Head(tuple(labels), mean, scale, weights, bias_vector, empty, empty)


def _with_bias(head: head_module.Head, bias: float) -> head_module.Head:
    shifted = head.bias.copy()
    shifted[head.labels.index(NEUTRAL)] += bias
    return head_module.Head(
        head.labels, head.mean, head.scale, head.weights, shifted, head.calibration_x, head.calibration_y
    )


def main() -> None:
    base_classifier = load_classifier()
    catalogue = base_classifier.catalogue
    base = head_examples(catalogue)
    samples = dev_samples()
    order = np.random.default_rng(18).permutation(len(samples)) % FOLDS
    # out-of-fold predictions for each neutral bias: (raw top probability, right?, neutral?, answered?)
    outcomes: dict[float, list[tuple[float, bool, bool, bool]]] = {b: [] for b in NEUTRAL_BIASES}
    languages: list[str] = []  # of the out-of-fold predictions, in the same order for every bias
    with threadpool_limits(limits=1, user_api="blas"):
        for fold in range(FOLDS):
            train = [s for s, f in zip(samples, order, strict=True) if f != fold]
            test = [s for s, f in zip(samples, order, strict=True) if f == fold]
            trained = fit(base_classifier, [*base, *as_examples(train)], 0.0)
            languages.extend(s.language for s in test)
            for bias in NEUTRAL_BIASES:
                head = _with_bias(trained, bias)
                classifier = Classifier(catalogue, base_classifier.encode, head=head)
                for sample, result in zip(
                    test, classifier.classify_many([s.text for s in test]), strict=True
                ):
                    top = result.top
                    outcomes[bias].append(
                        (
                            top.score if top else 0.0,
                            (top is not None and top.id in sample.labels) if sample.labels else top is None,
                            not sample.labels,
                            top is not None,
                        )
                    )
            print(f"fold {fold + 1}/{FOLDS} done")

    def objective(rows: list[tuple[float, bool, bool, bool]]) -> tuple[float, float]:
        labelled = [r for r in rows if not r[2]]
        neutral = [r for r in rows if r[2]]
        return sum(r[1] for r in labelled) / len(labelled), sum(r[1] for r in neutral) / len(neutral)

    shift: dict[str, float] = {}
    for language in LANGUAGES:
        rows = {
            b: [r for r, lang in zip(outcomes[b], languages, strict=True) if lang == language]
            for b in outcomes
        }
        for bias in NEUTRAL_BIASES:
            top1, rejection = objective(rows[bias])
            print(
                f"{language} neutral bias {bias}: out-of-fold top-1 {top1:.1%}, "
                f"neutral with no match {rejection:.1%}"
            )
        # the neutral target first (a false finding in front of a CEO costs more than a miss), then top-1
        meeting = [b for b in NEUTRAL_BIASES if objective(rows[b])[1] >= NEUTRAL_TARGET]
        shift[language] = max(
            meeting or NEUTRAL_BIASES,
            key=lambda b: objective(rows[b])[0] if meeting else objective(rows[b])[1],
        )
    answered = [
        (p, right)
        for language in LANGUAGES
        for (p, right, _neutral, said), lang in zip(outcomes[shift[language]], languages, strict=True)
        if said and lang == language
    ]
    calibration_x, calibration_y = head_module.isotonic(
        [p for p, _ in answered], [float(r) for _, r in answered], cautious=True
    )
    with threadpool_limits(limits=1, user_api="blas"):
        final = fit(base_classifier, [*base, *as_examples(samples)], 0.0)
    final = head_module.Head(
        final.labels, final.mean, final.scale, final.weights, final.bias, calibration_x, calibration_y, shift
    )
    head_module.save(head_path(), final, key=head_key(base), dev_key=dev_key(samples))
    print(
        f"chosen neutral bias by language {shift}; calibration on {len(answered)} answered sentences; "
        f"wrote {head_path()}"
    )


if __name__ == "__main__":
    main()
