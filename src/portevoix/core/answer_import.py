"""Turn a questionnaire export (Microsoft Forms, Google Forms: one row per respondent, one column
per question) into answers, with a column mapping and a problem for every bad cell.

Forms exports hold the *labels* people clicked, in French or English, not our option ids: a
cell matches an option by id or by label in either language, ignoring case, accents' spacing and
typographic quotes. Multiple choices are separated by ";" (Microsoft Forms), "," (Google Forms)
or "|"; :func:`cell_value` is the one rule, used by the web import and ``portevoix assess``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .framework import Framework, Question
from .scoring import validate_answers
from .tabular import Table

RESPONDENT = "respondent"
_LEADING_INT = re.compile(r"^\s*(-?\d+)(?:[.,]0+)?(?:\s*[-–:].*)?\s*$")


def normalise(text: str) -> str:
    """Case, spacing, quotes and Unicode forms do not matter when matching labels."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("«", '"').replace("»", '"')
    text = text.replace("“", '"').replace("”", '"').replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split()).strip(" .")


@dataclass
class ParsedRow:
    number: int
    respondent: str  # the respondent column's value ("" when there is none)
    answers: dict[str, Any] = field(default_factory=dict)


def _question_keys(question: Question) -> set[str]:
    return {normalise(question.id), normalise(question.text.fr), normalise(question.text.en)}


def suggest_mapping(
    headers: Sequence[str], questions: Sequence[Question], *, respondent_headers: Sequence[str] = ()
) -> dict[str, str | None]:
    """Column → question id (or ``respondent``, or None to ignore), guessed from the headers."""
    respondent_words = {
        normalise(h)
        for h in (
            *respondent_headers,
            "respondent",
            "email",
            "e-mail",
            "courriel",
            "adresse e-mail",
            "adresse de messagerie",
            "email address",
        )
    }
    by_key = {key: q.id for q in questions for key in _question_keys(q)}
    mapping: dict[str, str | None] = {}
    used: set[str] = set()
    for header in headers:
        key = normalise(header)
        target: str | None = None
        if key in respondent_words and RESPONDENT not in used:
            target = RESPONDENT
        elif key in by_key and by_key[key] not in used:
            target = by_key[key]
        mapping[header] = target
        if target:
            used.add(target)
    return mapping


def _option_index(question: Question) -> dict[str, str]:
    index: dict[str, str] = {}
    for option in question.options:
        for key in (option.id, option.label.fr, option.label.en):
            index.setdefault(normalise(key), option.id)
    return index


CHOICE_SEPARATORS = (";", ",", "|")


def cell_value(
    question: Question, cell: str, options: Mapping[str, str] | None = None
) -> tuple[Any, str | None]:
    """The answer one cell holds for ``question`` (an option id or label, several separated by
    ``;``, ``,`` or ``|``; a scale's leading whole number, "4 - Agree"), or the cell and an error code."""
    return _cell_value(question, cell.strip(), _option_index(question) if options is None else options)


def _cell_value(question: Question, cell: str, options: Mapping[str, str]) -> tuple[Any, str | None]:
    """The answer for one cell, or an error code."""
    if question.type == "free_text":
        return cell, None
    if question.type == "scale":
        match = _LEADING_INT.match(cell)
        return (int(match.group(1)), None) if match else (cell, "answer_not_a_number")
    whole = options.get(normalise(cell))
    if question.type == "single_choice":
        return (whole, None) if whole else (cell, "unknown_option")
    if whole:
        return [whole], None
    for separator in CHOICE_SEPARATORS:
        parts = [p for p in (normalise(x) for x in cell.split(separator)) if p]
        if len(parts) > 1 and all(p in options for p in parts):
            return list(dict.fromkeys(options[p] for p in parts)), None
    return cell, "unknown_option"


def parse_table(
    framework: Framework,
    table: Table,
    mapping: Mapping[str, str | None],
    *,
    allowed: set[str],
    require_respondent: bool,
    source: str,
) -> tuple[list[ParsedRow], list[Problem]]:
    """Every row's answers, and every problem with its row and column. Rows with problems are
    still returned (for counting), but callers must import nothing when there is any problem."""
    problems: list[Problem] = []
    questions = {q.id: q for q in framework.questions}
    targets = {column: target for column, target in mapping.items() if target}
    for column in mapping:
        if column not in table.headers:
            problems.append(Problem("column_missing", {"column": column}, file=source, line=1))
    for column, target in targets.items():
        if target != RESPONDENT and target not in allowed:
            problems.append(
                Problem("unknown_question", {"question": target}, path=(column,), file=source, line=1)
            )
    if require_respondent and RESPONDENT not in targets.values():
        problems.append(Problem("column_missing", {"column": RESPONDENT}, file=source, line=1))
    if problems:
        return [], problems
    option_indexes = {qid: _option_index(questions[qid]) for qid in set(targets.values()) if qid in questions}
    rows: list[ParsedRow] = []
    for row in table.rows:
        parsed = ParsedRow(number=row.number, respondent="")
        for column, target in targets.items():
            cell = (row.values.get(column) or "").strip()
            if target == RESPONDENT:
                parsed.respondent = cell
                continue
            if not cell:
                continue
            question = questions[target]
            value, error = _cell_value(question, cell, option_indexes[target])
            if error:
                params = {"value": cell[:80], "question": target}
                problems.append(Problem(error, params, path=(column,), file=source, line=row.number))
                continue
            parsed.answers[target] = value
        if require_respondent and not parsed.respondent:
            problems.append(Problem("respondent_missing", path=(RESPONDENT,), file=source, line=row.number))
        for problem in validate_answers(framework, parsed.answers):
            column = next((c for c, t in targets.items() if problem.path and t == problem.path[0]), "")
            problems.append(
                Problem(
                    problem.code,
                    problem.params,
                    path=(column,) if column else problem.path,
                    file=source,
                    line=row.number,
                )
            )
        rows.append(parsed)
    return rows, problems
