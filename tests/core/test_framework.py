from __future__ import annotations

from pathlib import Path

import pytest

from portevoix.core.framework import (
    adapt_weights,
    framework_checksum,
    load_framework_bytes,
    load_framework_file,
)
from portevoix.core.profile import OrganisationProfile

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"


def test_minimal_framework_loads() -> None:
    result = load_framework_file(DATA / "minimal.yaml")
    assert result.ok
    assert result.framework is not None
    assert [d.id for d in result.framework.dimensions] == ["strategy", "voice"]


def test_every_error_of_a_broken_file_is_reported_and_located() -> None:
    result = load_framework_file(DATA / "broken.yaml", display_name="broken.yaml")
    assert result.framework is None
    found = {(p.code, ".".join(map(str, p.path)), p.line) for p in result.problems}
    expected = {
        ("invalid_framework_key", "key", 2),
        ("invalid_version", "version", 3),
        ("missing_translation", "name.en", 4),
        ("weights_sum", "weights_total", 6),
        ("levels_not_contiguous", "levels.1.min", 9),
        ("missing_translation", "dimensions.0.description.en", 14),
        ("unknown_key", "dimensions.0.colour", 16),
        ("duplicate_id", "dimensions.0.questions.0.options.1.id", 23),
        ("value_too_large", "dimensions.0.questions.0.options.1.score", 23),
        ("unknown_reference", "dimensions.0.questions.0.options.1.signals.0", 23),
        ("duplicate_id", "dimensions.1.id", 24),
        ("invalid_choice", "dimensions.1.level_of_analysis", 25),
        ("no_scored_question", "dimensions.1.questions", 29),
        ("scale_required", "dimensions.1.questions.0", 30),
        ("duplicate_id", "dimensions.1.questions.0.id", 30),
        ("duplicate_key", "dimensions.1.questions.0.text", 33),
        ("unknown_reference", "adjustments.0.when.priorities.0", 37),
        ("unknown_reference", "adjustments.0.multiply.nowhere", 38),
    }
    assert found == expected
    assert all(p.file == "broken.yaml" for p in result.problems)
    lines = [p.line or 0 for p in result.problems]
    assert lines == sorted(lines)


def test_messages_say_where_and_why() -> None:
    result = load_framework_file(DATA / "broken.yaml", display_name="broken.yaml")
    rendered = [p.render() for p in result.problems]
    assert (
        "broken.yaml:6: weights_total: the weights of the organisation dimensions add up to 60, "
        "but weights_total declares 100" in rendered
    )
    assert "broken.yaml:16: dimensions[0].colour: unknown key “colour”" in rendered
    assert "broken.yaml:24: dimensions[1].id: the id “strategy” is already used at dimensions[0]" in rendered


def _minimal_text() -> str:
    return (DATA / "minimal.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            ("weight: 100\n    questions:\n      - id: q2", "weight: 90\n    questions:\n      - id: q2"),
            "weights_sum",
        ),
        (("description: {fr: Un test, en: A test}", "description: {fr: Un test}"), "missing_translation"),
        (
            ("description: {fr: Un test, en: A test}", "description: {fr: Un test, en: '  '}"),
            "missing_translation",
        ),
        (("name: {fr: Mini, en: Mini}", "name: Mini"), "expected_translations"),
        (("min: 50, max: 100}", "min: 60, max: 100}"), "levels_not_contiguous"),
        (("min: 50, max: 100}", "min: 50, max: 90}"), "levels_bounds"),
        (("type: scale", "type: rating"), "invalid_choice"),
        (("multiply: {voice: 1.5}", "multiply: {voice: 0}"), "value_not_positive"),
        (("when: {priorities: [recruitment]}", "when: {}"), "adjustment_no_condition"),
        (("id: q2", "id: q1"), "duplicate_id"),
        (("id: q2", "id: Q-2"), "invalid_id"),
        (("key: mini", "key: mini\nkey: again"), "duplicate_key"),
        (("signals: [roi]", "signals: [salary]"), "unknown_reference"),
    ],
)
def test_single_errors_are_caught(change: tuple[str, str], code: str) -> None:
    old, new = change
    text = _minimal_text()
    assert old in text
    result = load_framework_bytes(text.replace(old, new, 1).encode(), source="mini.yaml")
    assert code in [p.code for p in result.problems]
    assert result.framework is None


def test_top_level_must_be_a_mapping() -> None:
    result = load_framework_bytes(b"- a\n- b\n", source="list.yaml")
    assert [p.code for p in result.problems] == ["not_a_mapping"]


def test_weights_follow_the_profile() -> None:
    framework = load_framework_file(DATA / "minimal.yaml").framework
    assert framework is not None
    recruiting = OrganisationProfile("industry", "medium", "b2b", frozenset({"recruitment"}))
    adapted = adapt_weights(framework, recruiting)
    assert [a.id for a in adapted.applied] == ["rec"]
    assert adapted.factors["voice"] == 1.5
    # alone at its level, a dimension keeps the whole weight after renormalisation
    assert adapted.weights == {"strategy": 100, "voice": 100}
    plain = adapt_weights(framework, OrganisationProfile("industry", "medium", "b2b", frozenset()))
    assert plain.applied == ()


def test_checksum_is_stable_and_content_sensitive() -> None:
    text = _minimal_text()
    first = load_framework_bytes(text.encode(), source="a").framework
    again = load_framework_bytes(text.encode(), source="b").framework
    changed = load_framework_bytes(text.replace("Un test", "Un essai").encode(), source="c").framework
    assert first is not None
    assert again is not None
    assert changed is not None
    assert framework_checksum(first) == framework_checksum(again) != framework_checksum(changed)


def test_level_for_score() -> None:
    framework = load_framework_file(DATA / "minimal.yaml").framework
    assert framework is not None
    assert framework.level_for(0).id == "low"
    assert framework.level_for(49.9).id == "low"
    assert framework.level_for(50).id == "high"
    assert framework.level_for(100).id == "high"


def test_observed_indicators_read_as_scores() -> None:
    from portevoix.core.framework import observed_scores

    text = _minimal_text().replace(
        "    weight: 100\n    questions:\n      - id: q2",
        "    weight: 100\n    observed:\n"
        "      - {indicator: regularity, full: 0.8, weight: 3}\n"
        "      - {indicator: recency_days, full: 0, zero: 100}\n"
        "    questions:\n      - id: q2",
    )
    framework = load_framework_bytes(text.encode(), source="mini.yaml").framework
    assert framework is not None
    scores = observed_scores(framework, {"regularity": 0.4, "recency_days": 25})
    assert scores == {"voice": pytest.approx((50 * 3 + 75) / 4)}
    assert observed_scores(framework, {"regularity": 2.0, "recency_days": None}) == {"voice": 100}
    assert observed_scores(framework, {}) == {}
    broken = text.replace("indicator: regularity", "indicator: charisma")
    result = load_framework_bytes(broken.encode(), source="mini.yaml")
    assert [p.code for p in result.problems] == ["invalid_choice"]


def test_default_framework_maps_observed_activity_to_leader_dimensions() -> None:
    from portevoix.data import shipped_framework_files

    framework = load_framework_file(shipped_framework_files()[0]).framework
    assert framework is not None
    observed = {d.id for d in framework.dimensions if d.observed}
    assert {"profile_showcase", "voice_content", "engagement", "network_relationships"} <= observed
