"""The shipped catalogue: complete, bilingual, every reference resolved; broken files located."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portevoix.core import vocabulary
from portevoix.core.errors import ProblemsError
from portevoix.core.objections import figure_of, load_catalogue_bytes, load_catalogue_file, shipped_catalogue
from portevoix.core.objections.classifier import (
    catalogue_examples,
    examples_key,
    normalise,
    read_vectors,
    vectors_path,
)
from portevoix.core.objections.evaluation import load_samples

ROOT = Path(__file__).resolve().parents[3]
CONTRACT_ACTIONS = {
    "codir_workshop", "executive_sponsor", "business_case", "peer_benchmark", "usage_map_personas",
    "objectives_kpis", "listening_setup", "measurement_setup", "delegation_audit", "editorial_line",
    "governance_charter", "cross_department_committee", "internal_communication_plan", "employer_brand_plan",
    "profile_makeover", "leader_coaching", "time_routine", "ambassador_training", "social_selling_training",
}  # fmt: skip


def test_it_holds_every_objection_barrier_and_trigger_with_its_kind() -> None:
    catalogue = shipped_catalogue()
    kinds = {entry.id: entry.kind for entry in catalogue.entries}
    assert {k for k, v in kinds.items() if v == "objection"} == set(vocabulary.OBJECTIONS)
    assert {k for k, v in kinds.items() if v == "barrier"} == set(vocabulary.BARRIERS)
    assert {k for k, v in kinds.items() if v == "trigger"} == set(vocabulary.TRIGGERS)


def test_every_entry_is_complete_in_both_languages() -> None:
    for entry in shipped_catalogue().entries:
        for language in ("fr", "en"):
            examples = entry.examples.get(language)
            assert len(examples) >= 8, (entry.id, language)
            assert len({normalise(e).lower() for e in examples}) == len(examples), (entry.id, language)
            assert entry.label.get(language)
            assert entry.description.get(language)
        assert entry.counter_arguments
        assert all(a.text for a in entry.counter_arguments)
        assert set(entry.actions) <= CONTRACT_ACTIONS, entry.id
        assert entry.dimensions, entry.id


def test_every_cited_figure_has_its_source_and_year() -> None:
    catalogue = shipped_catalogue()
    for entry in catalogue.entries:
        for argument in entry.counter_arguments:
            for figure_id in argument.figure_ids:
                figure = figure_of(catalogue, figure_id)
                assert figure.source
                assert figure.data_year is not None


def _broken() -> bytes:
    text = (ROOT / "src/portevoix/data/objections/catalogue.yaml").read_text(encoding="utf-8")
    text = text.replace("{id: sme_lack_time,", "{id: no_such_figure,", 1)
    text = text.replace("dimensions: [posture_risk]\n", "dimensions: [no_such_dimension]\n", 1)
    text = text.replace("    kind: barrier\n", "    kind: objection\n", 1)
    text = text.replace("    kind: trigger\n", "    kind: hope\n", 1)
    return text.encode()


def test_a_broken_catalogue_gives_every_problem_with_its_line() -> None:
    raw = _broken()
    catalogue, problems = load_catalogue_bytes(raw, source="broken.yaml")
    assert catalogue is None
    rendered = [p.render() for p in problems]
    lines = raw.decode().splitlines()

    def line_of(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    assert any(
        r.startswith(f"broken.yaml:{line_of('no_such_figure')}: ") and "unknown figure “no_such_figure”" in r
        for r in rendered
    ), rendered
    assert any("unknown dimension “no_such_dimension”" in r for r in rendered)
    assert any(re.search(r"entries\[11\]\.kind: “objection” is not one of: barrier", r) for r in rendered), (
        rendered
    )
    assert any("entries[16].kind: “hope” is not one of" in r for r in rendered), rendered
    assert all(p.line for p in problems)


def test_a_missing_translation_and_too_few_examples_are_located(tmp_path: Path) -> None:
    text = (ROOT / "src/portevoix/data/objections/catalogue.yaml").read_text(encoding="utf-8")
    text = text.replace(
        '    label: {fr: "Pas une priorité", en: "Not a priority"}', '    label: {fr: "Pas une priorité"}'
    )
    start = text.index('        - "Montrez-moi d’abord les chiffres du ROI."')
    end = text.index("      en:", start)
    text = text[:start] + '        - "Un seul exemple."\n' + text[end:]
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_catalogue_file(path)
    messages = [p.render() for p in caught.value.problems]
    assert any("entries[1].label.en: the “en” translation is missing" in m for m in messages), messages
    assert any("entries[0].examples.fr: too few items (at least 8)" in m for m in messages), messages


def test_the_shipped_example_vectors_match_the_catalogue() -> None:
    """After editing the catalogue, run ``portevoix objections vectors``."""
    examples = catalogue_examples(shipped_catalogue())
    vectors = read_vectors(vectors_path(), examples_key(examples))
    assert vectors is not None
    assert vectors.shape == (len(examples), 512)


def test_the_evaluation_set_is_large_labelled_and_independent_of_the_examples() -> None:
    samples = load_samples(ROOT / "benchmarks/data/objections-eval.yaml")
    dev = load_samples(ROOT / "benchmarks/data/objections-dev.yaml")
    assert len(samples) >= 200
    assert {s.language for s in samples} == {"fr", "en"}
    assert sum(1 for s in samples if not s.labels) >= 40
    known = {e.id for e in shipped_catalogue().entries}
    assert all(set(s.labels) <= known for s in samples)
    assert {label for s in samples for label in s.labels} == known

    def key(text: str) -> str:
        return re.sub(r"\W+", " ", normalise(text).lower()).strip()

    examples = {key(e.text) for e in catalogue_examples(shipped_catalogue())}
    assert not [s.text for s in samples if key(s.text) in examples]
    assert not {key(s.text) for s in samples} & {key(s.text) for s in dev}
