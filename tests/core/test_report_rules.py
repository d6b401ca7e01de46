"""Personal recommendations: data rules, five of them, weakest dimensions and evidence first."""

from __future__ import annotations

from pathlib import Path

import pytest

from portevoix.core.errors import ProblemsError
from portevoix.core.framework.loader import load_framework_file
from portevoix.core.reports.recommendations import load_rules, recommend, shipped_rules
from portevoix.data import DATA_DIR


def test_cemetery_and_weakest_dimensions_come_first() -> None:
    chosen = recommend(
        shipped_rules(),
        {"voice_content": 20.0, "engagement": 45.0, "profile_showcase": 90.0},
        {"digital_cemetery": True, "has_evidence": True, "regularity": 0.9, "posts_per_month": 4.0},
    )
    assert [r.rule.id for r in chosen][:3] == ["revive_profile", "weak_voice", "weak_engagement"]
    assert len(chosen) == 5
    assert chosen[1].score == 20.0


def test_always_five_even_without_any_data() -> None:
    chosen = recommend(shipped_rules(), {}, {})
    assert len(chosen) == 5
    assert all(r.rule.when.always for r in chosen)
    assert chosen[0].title("en")
    assert chosen[0].title("fr") != chosen[0].title("en")


def test_rules_refer_to_real_dimensions() -> None:
    framework = load_framework_file(DATA_DIR / "frameworks" / "codir-social-maturity.yaml").framework
    assert framework is not None
    ids = {d.id for d in framework.dimensions}
    for rule in shipped_rules().rules:
        if rule.when.dimension is not None:
            assert rule.when.dimension in ids, rule.id


def test_bad_rules_file_is_refused_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - id: one\n"
        "    priority: 1\n"
        "    when: {dimension: engagement}\n"
        "    title: {fr: Un, en: One}\n"
        "    action: {fr: Faire}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProblemsError) as caught:
        load_rules(path)
    problems = caught.value.problems
    assert all(p.file == "rules.yaml" for p in problems)
    assert any(p.path[-1] == "en" and p.line == 6 for p in problems)
    assert any("when" in p.path for p in problems)
