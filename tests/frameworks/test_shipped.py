"""The shipped framework content: valid, bilingual, complete enough to run a real diagnostic."""

from __future__ import annotations

from collections import Counter

import pytest

from portevoix.core import vocabulary
from portevoix.core.framework import Framework, Text, adapt_weights, load_framework_file
from portevoix.core.profile import OrganisationProfile
from portevoix.data import shipped_framework_files


def _default() -> Framework:
    paths = [p for p in shipped_framework_files() if p.stem == "codir-social-maturity"]
    assert len(paths) == 1
    result = load_framework_file(paths[0])
    assert result.problems == []
    assert result.framework is not None
    return result.framework


@pytest.mark.parametrize("path", shipped_framework_files(), ids=lambda p: p.name)
def test_every_shipped_framework_is_valid(path: object) -> None:
    result = load_framework_file(path)  # type: ignore[arg-type]
    assert [str(p) for p in result.problems] == []


def test_default_framework_covers_organisation_and_person() -> None:
    framework = _default()
    assert framework.key == "codir-social-maturity"
    assert len(framework.questions) >= 40
    assert len(framework.dimensions_at("organisation")) >= 5
    assert len(framework.dimensions_at("person")) >= 5
    assert all(len(d.questions) >= 3 for d in framework.dimensions)
    types = Counter(q.type for q in framework.questions)
    assert set(types) == {"single_choice", "multiple_choice", "scale", "free_text"}
    assert 5 <= len(framework.levels) <= 6


def _texts(framework: Framework) -> list[Text]:
    texts: list[Text] = [framework.name, framework.description]
    for level in framework.levels:
        texts += [level.name, level.description]
    for dimension in framework.dimensions:
        texts += [dimension.name, dimension.description]
        for question in dimension.questions:
            texts.append(question.text)
            texts += [o.label for o in question.options]
    texts += [a.reason for a in framework.adjustments]
    return texts


def test_default_framework_is_really_translated() -> None:
    texts = _texts(_default())
    different = [t for t in texts if t.fr != t.en]
    # a few proper nouns ("LinkedIn", "X") may be the same; real text is not
    assert len(different) / len(texts) > 0.95


def test_default_framework_reveals_every_objection_and_barrier() -> None:
    framework = _default()
    signals = {s for q in framework.questions for s in q.signals}
    signals |= {s for q in framework.questions for o in q.options for s in o.signals}
    assert set(vocabulary.OBJECTIONS) <= signals
    assert set(vocabulary.BARRIERS) <= signals
    assert set(vocabulary.TRIGGERS) <= signals


def test_default_framework_adapts_to_the_profile() -> None:
    framework = _default()
    recruiting = adapt_weights(
        framework, OrganisationProfile("industry", "medium", "b2b", frozenset({"recruitment"}))
    )
    selling = adapt_weights(
        framework, OrganisationProfile("industry", "medium", "b2b", frozenset({"lead_generation"}))
    )
    assert recruiting.applied
    assert selling.applied
    assert recruiting.weights != selling.weights
    for adapted in (recruiting, selling):
        for level in ("organisation", "person"):
            total = sum(adapted.weights[d.id] for d in framework.dimensions_at(level))
            assert total == pytest.approx(framework.weights_total)
    # the employer-brand side weighs more when recruitment is a priority
    talent = [d.id for d in framework.dimensions_at("organisation") if "talent" in d.axes]
    assert talent
    assert sum(recruiting.weights[d] for d in talent) > sum(selling.weights[d] for d in talent)


def test_every_adjustment_can_apply_to_some_profile() -> None:
    framework = _default()
    for adjustment in framework.adjustments:
        when = adjustment.when
        profile = OrganisationProfile(
            sector=(when.sector or ["industry"])[0],
            size_band=(when.size_band or ["medium"])[0],
            market=(when.market or ["b2b"])[0],
            priorities=frozenset(when.priorities[:1]),
        )
        assert adjustment in adapt_weights(framework, profile).applied
