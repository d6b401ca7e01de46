"""A supervised head over the sentence encoder: multinomial logistic regression (numpy) trained on
the catalogue's examples, the training phrasings (``data/objections/training.yaml``) and the
development sets, with a calibration map that turns its probability into the probability of
being right (isotonic regression on out-of-fold predictions).

The trained weights are shipped (``classifier-head.npz``) with the hash of what they were trained
on; a stale file is not used (the classifier falls back to nearest examples) and a test fails.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]
NEUTRAL_LABEL = "__neutral__"
L2 = 0.01
EPOCHS = 400
RATE = 0.5


@dataclass(frozen=True)
class Head:
    labels: tuple[str, ...]
    mean: Array
    scale: Array
    weights: Array
    bias: Array
    calibration_x: Array  # raw top probability …
    calibration_y: Array  # … → observed share right (non-decreasing)
    # added to the neutral logit by language: each language gets the bias that meets the neutral
    # target on its own out-of-fold predictions (French sentences share more words with objections)
    neutral_shift: dict[str, float] = field(default_factory=dict)

    def probabilities(self, vectors: npt.NDArray[np.float32], language: str | None = None) -> Array:
        logits = ((vectors - self.mean) / self.scale) @ self.weights + self.bias
        shift = self.neutral_shift.get(language or "", 0.0)
        if shift and NEUTRAL_LABEL in self.labels:
            logits[:, self.labels.index(NEUTRAL_LABEL)] += shift
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: Array = exp / exp.sum(axis=1, keepdims=True)
        return result

    def calibrated(self, probability: float) -> float:
        """The probability of being right for a raw top probability (identity when not fitted)."""
        if len(self.calibration_x) == 0:
            return probability
        return float(np.interp(probability, self.calibration_x, self.calibration_y))


def train(
    vectors: npt.NDArray[np.float32], targets: Sequence[str], labels: Sequence[str]
) -> tuple[Array, Array, Array, Array]:
    """(mean, scale, weights, bias) by full-batch gradient descent on standardised vectors."""
    index = {label: i for i, label in enumerate(labels)}
    x = np.asarray(vectors, dtype=np.float64)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    x = (x - mean) / scale
    y = np.eye(len(labels))[[index[t] for t in targets]]
    weights = np.zeros((x.shape[1], len(labels)))
    bias = np.zeros(len(labels))
    for _ in range(EPOCHS):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        gradient = p - y
        weights -= RATE * (x.T @ gradient / len(x) + L2 * weights)
        bias -= RATE * gradient.mean(axis=0)
    return mean, scale, weights, bias


def isotonic(x: Sequence[float], y: Sequence[float], *, cautious: bool = False) -> tuple[Array, Array]:
    """Pool-adjacent-violators: a non-decreasing map from x to the mean of y (breakpoints).

    ``cautious``: each block's share right is replaced by its lower confidence bound (Wilson, 90 %
    two-sided), so that a high confidence needs many right answers, not a lucky handful: the
    development sets are small and easier than unseen sentences."""
    order = np.argsort(np.asarray(x, dtype=np.float64), kind="stable")
    xs = np.asarray(x, dtype=np.float64)[order]
    blocks: list[list[float]] = []  # [sum y, count, min x, max x]
    for xi, yi in zip(xs, np.asarray(y, dtype=np.float64)[order], strict=True):
        blocks.append([float(yi), 1.0, float(xi), float(xi)])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            last = blocks.pop()
            blocks[-1][0] += last[0]
            blocks[-1][1] += last[1]
            blocks[-1][3] = last[3]
    points_x: list[float] = []
    points_y: list[float] = []
    floor = 0.0
    for total, count, low, high in blocks:
        share = wilson_lower(total, count) if cautious else total / count
        floor = max(floor, share)  # stays non-decreasing
        points_x += [low, high]
        points_y += [floor, floor]
    return np.asarray(points_x), np.asarray(points_y)


def wilson_lower(right: float, total: float, z: float = 1.645) -> float:
    """Lower bound of the Wilson score interval for a share ``right / total``."""
    if total <= 0:
        return 0.0
    share = right / total
    centre = share + z * z / (2 * total)
    margin = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return max(0.0, (centre - margin) / (1 + z * z / total))


def key_of(model: str, examples: Sequence[tuple[str, str]]) -> str:
    """Identifies what a head was trained on: encoder, hyper-parameters and (label, text) pairs."""
    digest = hashlib.sha256(f"{model}|{L2}|{EPOCHS}|{RATE}".encode())
    for label, text in examples:
        digest.update(f"\x00{label}\x01{text}".encode())
    return digest.hexdigest()


def save(path: Path, head: Head, *, key: str, dev_key: str) -> None:
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            key=np.array(key),
            dev_key=np.array(dev_key),
            labels=np.array(head.labels),
            mean=head.mean.astype(np.float32),
            scale=head.scale.astype(np.float32),
            weights=head.weights.astype(np.float32),
            bias=head.bias.astype(np.float32),
            calibration_x=head.calibration_x,
            calibration_y=head.calibration_y,
            shift_languages=np.array(sorted(head.neutral_shift)),
            shift_values=np.array([head.neutral_shift[k] for k in sorted(head.neutral_shift)]),
        )


def stored_keys(path: Path) -> tuple[str, str] | None:
    try:
        with np.load(path, allow_pickle=False) as stored:
            return str(stored["key"]), str(stored["dev_key"])
    except (OSError, KeyError, ValueError):
        return None


def load(path: Path, key: str) -> Head | None:
    """The shipped head if it was trained on these very examples, else None."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["key"]) != key:
                return None
            return Head(
                tuple(str(label) for label in stored["labels"]),
                np.asarray(stored["mean"], dtype=np.float64),
                np.asarray(stored["scale"], dtype=np.float64),
                np.asarray(stored["weights"], dtype=np.float64),
                np.asarray(stored["bias"], dtype=np.float64),
                np.asarray(stored["calibration_x"], dtype=np.float64),
                np.asarray(stored["calibration_y"], dtype=np.float64),
                {
                    str(language): float(value)
                    for language, value in zip(stored["shift_languages"], stored["shift_values"], strict=True)
                },
            )
    except (OSError, KeyError, ValueError):
        return None
