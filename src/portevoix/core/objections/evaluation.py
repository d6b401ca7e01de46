"""Measure the classifier on a labelled set: precision, recall and top-1 accuracy per kind and language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ProblemsError
from ..yamlsource import read_yaml_file
from .classifier import Classification, Classifier


@dataclass(frozen=True)
class Sample:
    text: str
    language: str
    labels: tuple[str, ...]
    style: str = ""


@dataclass
class Counts:
    top1_total: int = 0
    top1_correct: int = 0
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def top1(self) -> float:
        return self.top1_correct / self.top1_total if self.top1_total else 0.0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0


@dataclass
class Report:
    samples: int = 0
    by_kind: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_language: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_kind_language: dict[tuple[str, str], Counts] = field(default_factory=lambda: defaultdict(Counts))
    neutral_total: int = 0
    neutral_rejected: int = 0
    language_correct: int = 0
    errors: list[tuple[Sample, Classification]] = field(default_factory=list)

    @property
    def neutral_rejection(self) -> float:
        return self.neutral_rejected / self.neutral_total if self.neutral_total else 0.0

    def top1_of(self, kinds: tuple[str, ...]) -> float:
        total = sum(self.by_kind[k].top1_total for k in kinds)
        correct = sum(self.by_kind[k].top1_correct for k in kinds)
        return correct / total if total else 0.0


def load_samples(path: Path) -> list[Sample]:
    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    # the first sets hold {"sentences": [...]}; the blind sets are a plain list with a style per item
    data = document.data
    rows = data.get("sentences") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ProblemsError([Problem("expected_list", path=("sentences",), file=path.name, line=1)])
    return [
        Sample(str(r["text"]), str(r["lang"]), tuple(r.get("labels") or ()), str(r.get("style") or ""))
        for r in rows
    ]


def evaluate(classifier: Classifier, samples: list[Sample]) -> Report:
    """Each language's samples are classified with language detection (as users' texts are)."""
    report = Report(samples=len(samples))
    results = classifier.classify_many([s.text for s in samples])
    kinds = classifier.kinds
    for sample, result in zip(samples, results, strict=True):
        if result.language == sample.language:
            report.language_correct += 1
        predicted = [m.id for m in result.matches]
        if not sample.labels:
            report.neutral_total += 1
            if not predicted:
                report.neutral_rejected += 1
            else:
                report.errors.append((sample, result))
        else:
            kind = kinds[sample.labels[0]]
            correct = bool(predicted) and predicted[0] in sample.labels
            for counts in (
                report.by_kind[kind],
                report.by_language[sample.language],
                report.by_kind_language[(kind, sample.language)],
            ):
                counts.top1_total += 1
                counts.top1_correct += int(correct)
            if not correct:
                report.errors.append((sample, result))
        for label in predicted:
            kind = kinds[label]
            for counts in (
                report.by_kind[kind],
                report.by_language[sample.language],
                report.by_kind_language[(kind, sample.language)],
            ):
                counts.predicted += 1
                counts.true_positives += int(label in sample.labels)
        for label in sample.labels:
            kind = kinds[label]
            for counts in (
                report.by_kind[kind],
                report.by_language[sample.language],
                report.by_kind_language[(kind, sample.language)],
            ):
                counts.expected += 1
    return report


def report_rows(report: Report) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name, counts in [
        *((f"kind {k}", c) for k, c in sorted(report.by_kind.items())),
        *((f"language {k}", c) for k, c in sorted(report.by_language.items())),
        *((f"{k} · {lang}", c) for (k, lang), c in sorted(report.by_kind_language.items())),
    ]:
        rows.append(
            {
                "group": name,
                "sentences": counts.top1_total,
                "top1": counts.top1,
                "precision": counts.precision,
                "recall": counts.recall,
            }
        )
    return rows


@dataclass(frozen=True)
class Calibration:
    threshold: float
    neutral_margin: float
    second_match_gap: float
    cue_boost: float
    top1: float
    neutral_rejection: float
    precision: float

    @property
    def objective(self) -> float:
        return self.top1 + self.neutral_rejection + self.precision


def calibrate(classifier: Classifier, samples: list[Sample]) -> list[Calibration]:
    """Try a grid of settings on a development set (never the evaluation set); best first."""
    from .classifier import clauses, normalise

    prepared = []
    for sample in samples:
        text = normalise(sample.text)
        pieces = [text, *clauses(text)]
        vectors = classifier.encode(pieces)
        similarities = vectors @ classifier.matrix.T
        base = classifier.scores_from(similarities, None, cue_boost=0.0)
        prepared.append((sample, base, classifier.cue_hits(pieces)))
    kinds = classifier.kinds
    results: list[Calibration] = []
    for boost in (0.0, 0.04, 0.08):
        boosted = []
        for sample, base, hits in prepared:
            scores = base.copy()
            for unit, index in hits:
                scores[unit, index] += boost
            boosted.append((sample, scores))
        for step in range(34, 60):
            threshold = step / 100
            for margin in (-0.02, 0.0, 0.02, 0.04, 0.06, 0.08):
                for gap in (0.0, 0.03, 0.06):
                    top_total = top_correct = neutral_total = neutral_rejected = 0
                    predicted = true_positive = 0
                    for sample, scores in boosted:
                        labels = [
                            classifier.labels[r[0]] for r in classifier.ranked(scores, threshold, margin, gap)
                        ]
                        predicted += len(labels)
                        true_positive += sum(1 for label in labels if label in sample.labels)
                        if not sample.labels:
                            neutral_total += 1
                            neutral_rejected += int(not labels)
                        elif kinds[sample.labels[0]] in ("objection", "barrier", "trigger"):
                            top_total += 1
                            top_correct += int(bool(labels) and labels[0] in sample.labels)
                    results.append(
                        Calibration(
                            threshold,
                            margin,
                            gap,
                            boost,
                            top_correct / top_total if top_total else 0.0,
                            neutral_rejected / neutral_total if neutral_total else 0.0,
                            true_positive / predicted if predicted else 0.0,
                        )
                    )
    results.sort(key=lambda c: -c.objective)
    return results
