"""``portevoix roi evaluate FILE.yaml [--simulations N --seed S] [--json]`` and ``portevoix roi templates``.

No database: a business-case file is validated (every problem printed with file:line and key
path, exit 1), then evaluated; with ``--simulations`` a Monte Carlo run adds the percentiles.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.core.errors import Problem
from portevoix.core.i18n import pick
from portevoix.core.roi import CaseError, load_case_file, shipped_templates, template_path
from portevoix.core.roi.engine import MAX_SIMULATIONS
from portevoix.core.roi.report import case_report


class Command(BaseCommand):
    help = "Evaluate a business case (NPV, ROI, payback, Monte Carlo) or list the shipped templates."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        evaluate = actions.add_parser(
            "evaluate", help="Evaluate a business-case YAML file; exit 1 on problems."
        )
        evaluate.add_argument(
            "file", metavar="FILE_OR_TEMPLATE", help="A YAML file, or a shipped template id."
        )
        evaluate.add_argument("--simulations", type=int, default=None, metavar="N", help="Monte Carlo draws.")
        evaluate.add_argument("--seed", type=int, default=None, metavar="S", help="Seed of the draws.")
        evaluate.add_argument("--json", action="store_true", help="Print JSON.")
        evaluate.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the texts.")
        templates = actions.add_parser("templates", help="List the shipped templates.")
        templates.add_argument("--json", action="store_true", help="Print JSON.")
        templates.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the texts.")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("lang") or settings.LANGUAGE_CODE
        with translation.override(language):
            self.language = language
            getattr(self, f"_{options['action']}")(options)

    def _templates(self, options: dict[str, Any]) -> None:
        rows = [
            {
                "id": key,
                "name": pick(case.spec.name.model_dump(), self.language),
                "file": str(template_path(key)),
            }
            for key, case in shipped_templates().items()
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['id']:<24} {row['name']}")

    def _evaluate(self, options: dict[str, Any]) -> None:
        name = options["file"]
        path = Path(name)
        if not path.exists() and name in shipped_templates():
            path = template_path(name)
        draws = options["simulations"]
        if draws is not None and not 1 <= draws <= MAX_SIMULATIONS:
            self._write_problems(
                name,
                [
                    Problem(
                        "simulations_out_of_range",
                        {"limit": MAX_SIMULATIONS, "value": draws},
                        path=("--simulations",),
                    )
                ],
            )
            sys.exit(1)
        result = load_case_file(path, display_name=name)
        if result.case is None:
            self._write_problems(name, result.problems)
            sys.exit(1)
        try:
            report = case_report(result.case, language=self.language, simulations=draws, seed=options["seed"])
        except CaseError as error:
            self._write_problems(name, [error.problem])
            sys.exit(1)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self._write_report(report)

    def _write_problems(self, name: str, problems: Iterable[Problem]) -> None:
        found = list(problems)
        self.stderr.write(
            translation.ngettext(
                "✗ %(file)s: %(count)d problem", "✗ %(file)s: %(count)d problems", len(found)
            )
            % {"file": name, "count": len(found)}
        )
        for problem in found:
            self.stderr.write(f"  {problem.render(_)}")

    def _write_report(self, report: dict[str, Any]) -> None:
        currency = report["currency"]
        write = self.stdout.write
        write(report["name"])
        header = [_("Period"), _("Benefits"), _("Costs"), _("Net"), _("Present value")]
        write("  ".join(f"{h:>14}" for h in header))
        for flow in report["periods"]:
            period = _("Initial") if flow["period"] == 0 else _("Year %(n)d") % {"n": flow["period"]}
            cells = [period, *(f"{flow[k]:,.2f}" for k in ("benefits", "costs", "net", "pv_net"))]
            write("  ".join(f"{c:>14}" for c in cells))
        write(f"{_('PV of benefits')}: {report['pv_benefits']:,.2f} {currency}")
        write(f"{_('PV of costs')}: {report['pv_costs']:,.2f} {currency}")
        write(f"{_('NPV')}: {report['npv']:,.2f} {currency}")
        roi = report["roi"]
        write(f"{_('ROI')}: {'—' if roi is None else f'{roi:.1%}'}")
        months = report["payback_months"]
        write(
            f"{_('Payback')}: "
            + (_("not within horizon") if months is None else _("%(n)d months") % {"n": months})
        )
        if "npv_p10" in report:
            write(
                f"{_('NPV')} P10 / P50 / P90: {report['npv_p10']:,.0f} / {report['npv_p50']:,.0f} / "
                f"{report['npv_p90']:,.0f} {currency}"
            )
            write(
                f"{_('ROI')} P10 / P50 / P90: {report['roi_p10']:.1%} / {report['roi_p50']:.1%} / "
                f"{report['roi_p90']:.1%}"
            )
            write(f"{_('Probability that ROI > 0')}: {report['probability_roi_positive']:.1%}")
