"""``portevoix resume_imports [--json]``: queue again the imports a killed worker left unfinished."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from portevoix.evidence.importing import evidence_imports_resume


class Command(BaseCommand):
    help = "Queue again the imports a stopped or killed worker left unfinished (nothing of them was written)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the ids as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = evidence_imports_resume()
        if options["json"]:
            self.stdout.write(json.dumps({"resumed": resumed}))
            return
        self.stdout.write(_("%(count)s unfinished imports queued again.") % {"count": len(resumed)})
