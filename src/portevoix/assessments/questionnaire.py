"""Which questions each kind of respondent answers, section by section."""

from __future__ import annotations

from portevoix.core.framework import Dimension, Framework

KIND_SELF, KIND_PEER, KIND_TEAM = "self", "peer", "team"


def sections_for(framework: Framework, kind: str) -> list[Dimension]:
    """Self-assessment: the leader's own dimensions, then their view of the company.
    Cross-assessment: the rated person's dimensions. Team survey: the company's dimensions."""
    person = framework.dimensions_at("person")
    organisation = framework.dimensions_at("organisation")
    if kind == KIND_SELF:
        return [*person, *organisation]
    if kind == KIND_PEER:
        return person
    return organisation


def question_ids_for(framework: Framework, kind: str) -> set[str]:
    return {q.id for d in sections_for(framework, kind) for q in d.questions}
