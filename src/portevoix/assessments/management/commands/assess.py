"""``portevoix assess score``: score an answers file against a framework, without any database.

The answers file (CSV or XLSX) has a ``respondent`` column and one column per question id.
Cells: an option id (single choice); option ids separated by ";" or "|" (multiple choice); a
whole number (scale); any text (free text); empty when unanswered. Every problem of the files
is printed, located by file, row and column, and nothing is scored unless there is none.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.core.answer_import import CHOICE_SEPARATORS, cell_value
from portevoix.core.errors import LABELS, Problem
from portevoix.core.framework import Framework, Question, adapt_weights, load_framework_file
from portevoix.core.numbers import format_number
from portevoix.core.profile import OrganisationProfile
from portevoix.core.scoring import AnswerValue, Scorecard, ScoringPlan, score_many
from portevoix.core.tabular import MAX_BYTES, Table, read_table
from portevoix.core.vocabulary import MARKETS, PRIORITIES, SECTORS, SIZE_BANDS
from portevoix.data import shipped_framework_files

RESPONDENT = "respondent"
# A cell the shared rule cannot read is split on every separator, so that each unknown part is named.
CHOICE_SPLIT = re.compile("|".join(re.escape(s) for s in CHOICE_SEPARATORS))
ORG_PROFILE = "--org-profile"

Rows = list[tuple[str, dict[str, AnswerValue]]]


def load_framework(name: str) -> tuple[Framework | None, list[Problem]]:
    """A YAML file, or the key of a shipped framework (an existing file wins)."""
    path = Path(name)
    shipped = {p.stem: p for p in shipped_framework_files()}
    if not path.exists() and name in shipped:
        path = shipped[name]
    elif not path.exists() and path.suffix not in (".yaml", ".yml"):
        known = ", ".join(sorted(shipped))
        return None, [Problem("unknown_framework", {"name": name, "known": known}, path=("--framework",))]
    result = load_framework_file(path, display_name=name)
    return result.framework, result.problems


def parse_org_profile(text: str) -> tuple[OrganisationProfile | None, list[Problem]]:
    """``SECTOR,SIZE,MARKET`` with optional ``,PRIORITY+PRIORITY``, each checked."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) not in (3, 4):
        return None, [Problem("invalid_org_profile", {"value": text}, path=(ORG_PROFILE,))]
    sector, size_band, market = parts[:3]
    priorities = [p.strip() for p in parts[3].split("+") if p.strip()] if len(parts) == 4 else []
    checks = [("sector", sector, SECTORS), ("size_band", size_band, SIZE_BANDS), ("market", market, MARKETS)]
    checks += [("priorities", priority, PRIORITIES) for priority in priorities]
    problems = [
        Problem("invalid_choice", {"value": value, "choices": ", ".join(known)}, path=(ORG_PROFILE, field))
        for field, value, known in checks
        if value not in known
    ]
    if problems:
        return None, problems
    return OrganisationProfile(sector, size_band, market, frozenset(priorities)), []


def read_answers_file(name: str) -> tuple[Table | None, list[Problem]]:
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem("file_too_large", {"size": size, "limit": MAX_BYTES}, file=name)]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem("file_not_found", file=name)]
    except OSError as error:
        return None, [Problem("file_unreadable", {"reason": error.strerror or str(error)}, file=name)]
    return read_table(raw, filename=name)


def cell_answer(question: Question, cell: str) -> AnswerValue:
    """The answer a cell holds, by the web import's rule (:func:`core.answer_import.cell_value`);
    a cell it cannot read is passed on as written, for the validator to locate the problem."""
    if not cell:
        return None
    value, error = cell_value(question, cell)
    if error is None:
        return value  # type: ignore[no-any-return]
    if question.type == "multiple_choice":
        return [part.strip() for part in CHOICE_SPLIT.split(cell) if part.strip()]
    return cell


def table_answers(framework: Framework, table: Table, source: str) -> tuple[Rows, list[Problem]]:
    """Each row's respondent and answers, and every problem located by row and column."""
    types = {q.id: q for q in framework.questions}
    problems = [
        Problem("unknown_column", {"column": column}, path=(column,), file=source, line=1)
        for column in table.headers
        if column != RESPONDENT and column not in types
    ]
    if RESPONDENT not in table.headers:
        problems.append(Problem("column_missing", {"column": RESPONDENT}, file=source, line=1))
    plan = ScoringPlan(framework)
    rows: Rows = []
    for row in table.rows:
        answers: dict[str, AnswerValue] = {
            column: answer
            for column, cell in row.values.items()
            if column in types and (answer := cell_answer(types[column], cell)) is not None
        }
        problems.extend(
            Problem(p.code, p.params, path=p.path, file=source, line=row.number)
            for p in plan.problems(answers)
        )
        rows.append((row.values.get(RESPONDENT, ""), answers))
    if RESPONDENT in table.headers:
        problems.extend(respondent_problems(table, source))
    return rows, sorted(problems, key=lambda p: p.line or 0)


def respondent_problems(table: Table, source: str) -> list[Problem]:
    """Every row names its respondent, and no two rows the same one."""
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        respondent = row.values[RESPONDENT]
        if not respondent:
            problems.append(Problem("respondent_missing", path=(RESPONDENT,), file=source, line=row.number))
        elif respondent in first_row:
            params = {"respondent": respondent, "other": first_row[respondent]}
            problems.append(
                Problem("duplicate_respondent", params, path=(RESPONDENT,), file=source, line=row.number)
            )
        else:
            first_row[respondent] = row.number
    return problems


def scorecard_json(card: Scorecard) -> dict[str, Any]:
    return {
        "respondent": card.respondent,
        "overall": card.overall,
        "overall_level": card.overall_level,
        "dimensions": {
            dimension_id: {
                "score": dimension.score,
                "level": dimension.level_id,
                "coverage": dimension.coverage,
                "unanswered": list(dimension.unanswered),
                "not_scored": list(dimension.not_scored),
            }
            for dimension_id, dimension in card.dimensions.items()
        },
    }


class Command(BaseCommand):
    help = "Score questionnaire answers from a CSV or XLSX file, without a database."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        score = actions.add_parser(
            "score", help="Score every respondent of an answers file; exit 1 on problems."
        )
        score.add_argument(
            "--framework",
            required=True,
            metavar="FILE_OR_NAME",
            help="A framework YAML file, or the key of a shipped one (e.g. codir-social-maturity).",
        )
        score.add_argument(
            "--answers",
            required=True,
            metavar="FILE",
            help="CSV or XLSX: a 'respondent' column and one column per question id.",
        )
        score.add_argument(
            ORG_PROFILE,
            metavar="SECTOR,SIZE,MARKET[,PRIO1+PRIO2]",
            help="Adapt the dimension weights to this organisation profile.",
        )
        score.add_argument("--json", action="store_true", help="Print JSON.")
        score.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("lang") or settings.LANGUAGE_CODE
        with translation.override(language):
            self.language = language
            getattr(self, f"_{options['action']}")(options)

    def _score(self, options: dict[str, Any]) -> None:
        framework, problems = load_framework(options["framework"])
        weights = None
        if options["org_profile"]:
            profile, profile_problems = parse_org_profile(options["org_profile"])
            problems += profile_problems
            if framework is not None and profile is not None:
                weights = adapt_weights(framework, profile).weights
        table, table_problems = read_answers_file(options["answers"])
        problems += table_problems
        rows: Rows = []
        if framework is not None and table is not None:
            rows, row_problems = table_answers(framework, table, options["answers"])
            problems += row_problems
        if problems or framework is None:
            self._write_problems(problems)
            sys.exit(1)
        cards = score_many(framework, rows, weights=weights)
        if options["json"]:
            self.stdout.write(json.dumps([scorecard_json(c) for c in cards], ensure_ascii=False, indent=2))
        else:
            self._write_scorecards(framework, cards)

    def _write_problems(self, problems: Iterable[Problem]) -> None:
        by_file: dict[str, list[Problem]] = {}
        for problem in problems:  # an option's problems come under the option's name
            name = problem.file or (str(problem.path[0]) if problem.path else "portevoix assess")
            by_file.setdefault(name, []).append(problem)
        for name, found in by_file.items():
            count = len(found)
            self.stderr.write(
                translation.ngettext("✗ %(file)s: %(count)d problem", "✗ %(file)s: %(count)d problems", count)
                % {"file": name, "count": count}
            )
            for problem in found:
                self.stderr.write(f"  {problem.render(_)}")

    def _write_scorecards(self, framework: Framework, cards: list[Scorecard]) -> None:
        names = {d.id: d.name.get(self.language) for d in framework.dimensions}
        levels = {level.id: level.name.get(self.language) for level in framework.levels}
        overall_labels = {
            level: _("Overall (%(level)s)") % {"level": _(LABELS[level])}
            for level in ("organisation", "person")
        }
        width = max(len(name) for name in [*names.values(), *overall_labels.values(), _("Dimension")])
        # makemessages does not read inside f-strings: translate the headings first.
        respondent_title, dimension_title, score_title = _("Respondent"), _("Dimension"), _("Score")
        level_title, coverage_title = _("Level"), _("Coverage")
        for card in cards:
            self.stdout.write(f"{respondent_title}: {card.respondent}")
            self.stdout.write(
                f"  {dimension_title:{width}} {score_title:>6}  {level_title:20} {coverage_title:>8}"
            )
            for dimension_id, dimension in card.dimensions.items():
                level = levels.get(dimension.level_id or "", "—")
                coverage = f"{dimension.coverage:.0%}"
                self.stdout.write(
                    f"  {names[dimension_id]:{width}} {_number(dimension.score):>6}  {level:20} {coverage:>8}"
                )
            for level_of_analysis, overall in card.overall.items():
                level = levels.get(card.overall_level[level_of_analysis] or "", "—")
                self.stdout.write(
                    f"  {overall_labels[level_of_analysis]:{width}} {_number(overall):>6}  {level}"
                )
            self.stdout.write("")


def _number(value: float | None) -> str:
    """One decimal, halves away from zero as everywhere (63.75 → 63.8, 78.25 → 78.3)."""
    return format_number(value, 1, "en")
