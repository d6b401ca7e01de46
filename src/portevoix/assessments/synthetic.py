"""Plausible answers at a chosen maturity, for the demo organisation and for tests."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from portevoix.core.framework import Framework

from .questionnaire import sections_for

FREE_TEXTS = (
    "Je n'ai pas le temps de m'occuper de mon profil.",
    "Montrez-moi d'abord le retour sur investissement.",
    "Ce n'est pas ma place d'être en vitrine.",
    "Je ne sais pas quoi publier sans me mettre en danger.",
)


def synthetic_answers(
    framework: Framework,
    kind: str,
    *,
    level: float,
    levels: Mapping[str, float] | None = None,
    rng: random.Random | None = None,
    blank_rate: float = 0.0,
) -> dict[str, Any]:
    """Answers to what ``kind`` is asked, near ``level`` (0 = absent … 1 = leading) or the
    dimension's entry in ``levels``; with ``rng``, a little noise, some blanks and varied texts."""
    answers: dict[str, Any] = {}
    for dimension in sections_for(framework, kind):
        base = (levels or {}).get(dimension.id, level)
        for question in dimension.questions:
            target = base if rng is None else min(1.0, max(0.0, base + rng.uniform(-0.15, 0.15)))
            if rng is not None and rng.random() < blank_rate:
                continue
            if question.type == "free_text":
                answers[question.id] = FREE_TEXTS[0] if rng is None else rng.choice(FREE_TEXTS)
            elif question.type == "scale":
                assert question.scale is not None
                span = question.scale.max - question.scale.min
                answers[question.id] = question.scale.min + round(span * target)
            else:
                scored = sorted(
                    (o for o in question.options if o.score is not None), key=lambda o: o.score or 0
                )
                if not scored:
                    continue
                choice = scored[min(len(scored) - 1, round((len(scored) - 1) * target))]
                answers[question.id] = choice.id if question.type == "single_choice" else [choice.id]
    return answers
