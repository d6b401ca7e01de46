"""The one rule that reads a cell of answers, for the web import and ``portevoix assess``
(architecture review §4, mutation M10: Google Forms separates multiple choices with ", ")."""

from __future__ import annotations

from pathlib import Path

import pytest

from portevoix.core.answer_import import cell_value
from portevoix.core.framework import Framework, load_framework_file
from portevoix.data import shipped_framework_files


@pytest.fixture(scope="module")
def framework() -> Framework:
    path = next(p for p in shipped_framework_files() if "codir" in Path(p).name)
    loaded = load_framework_file(Path(path))
    assert loaded.framework is not None
    return loaded.framework


def _question(framework: Framework, kind: str) -> object:
    return next(q for q in framework.questions if q.type == kind and len(q.options) >= 3)


def test_multiple_choices_in_every_forms_export_style(framework: Framework) -> None:
    question = _question(framework, "multiple_choice")
    first, second = question.options[0], question.options[1]  # type: ignore[attr-defined]
    expected = [first.id, second.id]
    google = f"{first.label.fr}, {second.label.fr}"  # Google Forms
    microsoft = f"{first.label.en};{second.label.en};"  # Microsoft Forms
    ids = f"{first.id}|{second.id}"  # portevoix assess
    for cell in (google, microsoft, ids):
        assert cell_value(question, cell) == (expected, None), cell  # type: ignore[arg-type]


def test_an_unknown_choice_is_an_error_not_a_guess(framework: Framework) -> None:
    question = _question(framework, "multiple_choice")
    _value, error = cell_value(question, "quelque chose, autre chose")  # type: ignore[arg-type]
    assert error == "unknown_option"


def test_scale_cells_as_forms_write_them(framework: Framework) -> None:
    question = next(q for q in framework.questions if q.type == "scale")
    assert cell_value(question, "4 - D'accord") == (4, None)
    assert cell_value(question, "3.0") == (3, None)
    assert cell_value(question, "beaucoup")[1] == "answer_not_a_number"


def test_single_choice_by_label_in_either_language(framework: Framework) -> None:
    question = next(q for q in framework.questions if q.type == "single_choice")
    option = question.options[1]
    assert cell_value(question, option.label.en.upper()) == (option.id, None)
    assert cell_value(question, f" {option.label.fr} ") == (option.id, None)
