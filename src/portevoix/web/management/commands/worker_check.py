from __future__ import annotations

import json
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus

from portevoix.web.tasks import ping


class Command(BaseCommand):
    help = "Queue a test task and wait until a background worker has run it (exit 1 if none does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds to wait.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = ping.enqueue()
        while time.monotonic() - started < options["timeout"]:
            result.refresh()
            if result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
                break
            time.sleep(0.2)
        ok = result.status == TaskResultStatus.SUCCESSFUL
        seconds = round(time.monotonic() - started, 2)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "worker": "ok" if ok else "unavailable",
                        "status": str(result.status),
                        "seconds": seconds,
                    }
                )
            )
        elif ok:
            self.stdout.write(
                self.style.SUCCESS(_("A worker ran the check in %(seconds)s s.") % {"seconds": seconds})
            )
        else:
            self.stderr.write(
                _("No worker ran the check within %(timeout)s s: is “portevoix db_worker” running?")
                % {"timeout": options["timeout"]}
            )
        if not ok:
            sys.exit(1)
