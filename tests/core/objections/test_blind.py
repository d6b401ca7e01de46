"""Issue 18: the blind sets, the trained head, clause structure and calibrated confidence.

The six failure sentences quoted in issue 18 are used here as tests only: none of them (nor a
paraphrase or a cue word added for them) is in the catalogue, data/objections/training.yaml or
the development sets, which is checked below. They must pass because the model reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from portevoix.core.objections import Classifier, load_classifier, shipped_catalogue
from portevoix.core.objections import head as head_module
from portevoix.core.objections.classifier import (
    REVIEW_BELOW,
    catalogue_examples,
    head_examples,
    head_key,
    head_path,
    normalise,
    training_examples,
)
from portevoix.core.objections.evaluation import load_samples
from portevoix.core.objections.structure import contrast

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "benchmarks" / "data"
ISSUE_SENTENCES = {
    "risk_ruled_out": "I'm not worried about the risk, I just have no idea how to write a decent post",
    "discretion_ruled_out": "Ce n'est pas que je veuille rester discret, c'est que ce n'est pas mon rôle…",
    "busy_hiring": "Je n'ai pas de temps mort en ce moment, on recrute à tour de bras",
    "no_intention_to_leave": "Je n'ai pas l'intention de changer de boîte",
    "under_the_radar": "I've always kept under the radar and it's served me well",
}
# the issue only summarises the agency story: this is our own telling of it
AGENCY_STORY = (
    "On a confié mon compte LinkedIn à une agence pendant un an. Facture : 30 000 €. Résultat : des "
    "posts que personne ne lisait et aucune retombée. Cette fois je veux m'y mettre moi-même."
)


def key(text: str) -> str:
    return re.sub(r"\W+", " ", normalise(text).lower()).strip()


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return load_classifier()


def test_the_frozen_blind_set_shares_no_sentence_with_anything_trained_or_tuned_on() -> None:
    frozen = {key(s.text) for s in load_samples(DATA / "objections-blind.yaml")}
    assert len(frozen) >= 300
    trained = {key(e.text) for e in head_examples(shipped_catalogue())}
    for name in ("objections-eval.yaml", "objections-dev.yaml", "objections-blind-dev.yaml"):
        trained |= {key(s.text) for s in load_samples(DATA / name)}
    # a count only: the frozen set's sentences are never printed, even by a failing test
    assert len(frozen & trained) == 0


def test_the_blind_set_is_large_bilingual_and_tagged_by_style() -> None:
    samples = load_samples(DATA / "objections-blind.yaml")
    assert len(samples) >= 300
    assert sum(s.language == "en" for s in samples) / len(samples) >= 0.4
    assert all(s.style for s in samples)
    known = {e.id for e in shipped_catalogue().entries}
    assert all(set(s.labels) <= known for s in samples)


def test_the_training_phrasings_are_not_evaluation_sentences_nor_the_issue_sentences() -> None:
    training = {key(e.text) for e in training_examples()}
    assert len(training) >= 300
    assert not training & {key(s.text) for s in load_samples(DATA / "objections-eval.yaml")}
    everything = {key(e.text) for e in head_examples(shipped_catalogue())}
    for name in ("objections-dev.yaml", "objections-blind-dev.yaml"):
        everything |= {key(s.text) for s in load_samples(DATA / name)}
    assert not everything & {key(t) for t in [*ISSUE_SENTENCES.values(), AGENCY_STORY]}


def test_the_shipped_head_matches_its_training_data() -> None:
    """After editing the catalogue, training.yaml or a dev set, run benchmarks/objections_train.py."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from objections_train import dev_key, dev_samples

    stored = head_module.stored_keys(head_path())
    assert stored == (head_key(head_examples(shipped_catalogue())), dev_key(dev_samples()))


def test_isotonic_calibration_is_non_decreasing_and_follows_the_outcomes() -> None:
    xs, ys = head_module.isotonic([0.2, 0.3, 0.5, 0.6, 0.9, 0.95], [0, 1, 0, 1, 1, 1])
    assert list(ys) == sorted(ys)
    assert float(np.interp(0.95, xs, ys)) == 1.0
    assert float(np.interp(0.2, xs, ys)) < 0.6


def test_cautious_calibration_needs_many_right_answers_for_a_high_confidence() -> None:
    few = head_module.isotonic([0.9, 0.95, 0.97], [1, 1, 1], cautious=True)
    many = head_module.isotonic([0.9 + i / 1000 for i in range(60)], [1] * 60, cautious=True)
    assert float(np.interp(0.95, *few)) < 0.7  # three lucky answers prove little
    assert float(np.interp(0.95, *many)) > 0.95
    xs, ys = head_module.isotonic([0.2, 0.3, 0.5, 0.6, 0.9, 0.95], [0, 1, 0, 1, 1, 1], cautious=True)
    assert list(ys) == sorted(ys)
    assert float(np.interp(0.95, xs, ys)) < 1.0


def test_the_neutral_shift_is_per_language_and_survives_saving(tmp_path: Path) -> None:
    labels = ("__neutral__", "time")
    zeros = np.zeros(2)
    head = head_module.Head(
        labels, zeros, np.ones(2), np.zeros((2, 2)), zeros, np.zeros(0), np.zeros(0), {"fr": 1.0, "en": -1.0}
    )
    vector = np.ones((1, 2), dtype=np.float32)
    assert head.probabilities(vector)[0, 0] == pytest.approx(0.5)
    assert head.probabilities(vector, "fr")[0, 0] > 0.7
    assert head.probabilities(vector, "en")[0, 0] < 0.3
    head_module.save(tmp_path / "head.npz", head, key="k", dev_key="d")
    loaded = head_module.load(tmp_path / "head.npz", "k")
    assert loaded is not None
    assert loaded.neutral_shift == {"fr": 1.0, "en": -1.0}


def test_the_shipped_head_has_a_neutral_shift_for_each_language() -> None:
    head = head_module.load(head_path(), head_key(head_examples(shipped_catalogue())))
    assert head is not None
    assert set(head.neutral_shift) == {"fr", "en"}


@pytest.mark.parametrize(
    ("text", "conceded", "main"),
    [
        (
            "Ce n'est pas tant le budget que l'envie de me montrer qui me manque.",
            "Ce n'est pas tant le budget",
            "que l'envie de me montrer qui me manque.",
        ),
        (
            "It's not so much the money as the fear of saying something clumsy.",
            "It's not so much the money",
            "as the fear of saying something clumsy.",
        ),
        (
            "Ce n'est pas le temps qui me manque, c'est l'envie d'écrire.",
            "Ce n'est pas le temps qui me manque",
            "c'est l'envie d'écrire.",
        ),
        (
            "It's not the money, it's the exposure that bothers me.",
            "It's not the money",
            "it's the exposure that bothers me.",
        ),
        (
            "Je ne suis pas contre, mais je ne vois pas à quoi ça sert.",
            "Je ne suis pas contre",
            "mais je ne vois pas à quoi ça sert.",
        ),
        (
            "I like the idea, but I never know what to write.",
            "I like the idea",
            "but I never know what to write.",
        ),
    ],
)
def test_contrast_finds_the_main_clause(text: str, conceded: str, main: str) -> None:
    found = contrast(text)
    assert found is not None
    assert (found.conceded, found.main) == (conceded, main)


def test_a_sentence_without_a_turn_has_no_contrast() -> None:
    assert contrast("Je n'ai pas le temps de publier.") is None
    assert contrast("No time.") is None


def test_the_ruled_out_objection_gives_way_to_the_main_clause(classifier: Classifier) -> None:
    text = ISSUE_SENTENCES["discretion_ruled_out"]
    turn = contrast(normalise(text))
    assert turn is not None
    vectors = classifier.encode([normalise(text), turn.conceded, turn.main])
    conceded = classifier.probabilities(vectors[1:2], None)
    assert max(conceded, key=lambda k: conceded[k]) == "discretion"  # what is ruled out
    matches = [m.id for m in classifier.classify(text).matches]
    assert matches[:1] == ["not_my_place"]
    assert "discretion" not in matches


def test_risk_named_only_to_be_ruled_out(classifier: Classifier) -> None:
    matches = classifier.classify(ISSUE_SENTENCES["risk_ruled_out"]).matches
    assert matches
    assert matches[0].id == "skills_confidence"
    assert "risk" not in [m.id for m in matches]


def test_not_intending_to_leave_is_job_seeking(classifier: Classifier) -> None:
    top = classifier.classify(ISSUE_SENTENCES["no_intention_to_leave"]).top
    assert top is not None
    assert top.id == "job_seeking"


def test_a_story_of_a_costly_agency_is_failed_delegation(classifier: Classifier) -> None:
    top = classifier.classify(AGENCY_STORY).top
    assert top is not None
    assert top.id == "failed_delegation"


@pytest.mark.xfail(
    strict=True, reason="still read as 'time' (issue 18, not solved: the word 'temps' dominates)"
)
def test_busy_hiring_is_neutral(classifier: Classifier) -> None:
    assert classifier.classify(ISSUE_SENTENCES["busy_hiring"]).matches == ()


def test_under_the_radar_is_discretion(classifier: Classifier) -> None:
    top = classifier.classify(ISSUE_SENTENCES["under_the_radar"]).top
    assert top is not None
    assert top.id == "discretion"


def test_an_uncertain_match_is_marked_to_check(classifier: Classifier) -> None:
    results = classifier.classify_many(
        [ISSUE_SENTENCES["no_intention_to_leave"], "Je suis débordé, pas le temps."]
    )
    for result in results:
        for match in result.matches:
            assert match.tentative == (match.confidence < REVIEW_BELOW)
            assert match.as_dict().get("to_check", False) == match.tentative


def test_the_catalogue_examples_are_still_the_explanation(classifier: Classifier) -> None:
    top = classifier.classify("Je suis débordé, pas le temps.").top
    assert top is not None
    assert top.id == "time"
    sources = {c.source for c in top.closest}
    assert sources == {"catalogue"}
    assert len(catalogue_examples(shipped_catalogue())) < len(head_examples(shipped_catalogue()))
