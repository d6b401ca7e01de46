"""``portevoix resume_imports [--json]``: queue again the imports and reports a killed worker left
unfinished (once: one that was already interrupted twice fails with a message)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from portevoix.evidence.importing import evidence_imports_resume
from portevoix.reports.services import reports_resume


class Command(BaseCommand):
    help = (
        "Queue again the imports and reports a stopped or killed worker left unfinished "
        "(nothing of them was written)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the ids as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = evidence_imports_resume()
        reports = reports_resume()
        if options["json"]:
            self.stdout.write(json.dumps({"resumed": resumed, "reports": reports}))
            return
        self.stdout.write(_("%(count)s unfinished imports queued again.") % {"count": len(resumed)})
        self.stdout.write(_("%(count)s unfinished reports queued again.") % {"count": len(reports)})
