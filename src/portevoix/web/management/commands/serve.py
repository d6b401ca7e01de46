"""Set up and run Porte-voix: database, demo data, web server and background worker."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _

from portevoix.evidence.importing import evidence_imports_resume
from portevoix.reports.services import reports_resume
from portevoix.web.demo import DEMO_SLUG, ROLE_LABELS, demo_exists, demo_logins, demo_password, demo_populate
from portevoix.web.supervisor import Child, Supervisor


class Command(BaseCommand):
    help = "Migrate the database, create the demo if needed, then run the web app and the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="Web server processes.")
        parser.add_argument("--no-demo", action="store_true", help="Do not create the demo organisations.")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            raise CommandError(
                _("The database cannot be reached (%(error)s). Check DATABASE_URL.")
                % {"error": str(error).strip()}
            ) from None
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"] and not demo_exists():
            demo_populate()
        if not options["no_worker"]:
            from portevoix.privacy.tasks import retention_schedule

            retention_schedule()  # the daily retention run, planned once; each run plans the next

        host, port = options["host"], options["port"]
        _pool_metrics()
        children = [
            Child(
                _("The web server"),
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "portevoix.config.wsgi:application",
                    "--bind",
                    f"{host}:{port}",
                    "--workers",
                    str(options["workers"]),
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                    "--no-control-socket",
                ],
            )
        ]
        if not options["no_worker"]:
            # Imports and reports a killed worker left half-way are queued again (their writes never
            # committed), at start-up and each time the worker is started again after dying; once:
            # a second crash fails them with a message.
            evidence_imports_resume()
            reports_resume()
            children.append(
                Child(
                    _("The background worker"),
                    [sys.executable, "-m", "portevoix", "db_worker", "--interval", "1"],
                    before_restart=_resume_work,
                )
            )

        url = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(_("Porte-voix is running at %(url)s") % {"url": url}))
        if not options["no_demo"]:
            self.stdout.write(_("Demo organisation: %(url)s") % {"url": f"{url}o/{DEMO_SLUG}/"})
            self.stdout.write(_("Logins (password “%(password)s”):") % {"password": demo_password()})
            for login in demo_logins():
                self.stdout.write(f"  {login.email:42} {ROLE_LABELS[login.role]}")
        self.stdout.write(_("Press Ctrl+C to stop."))
        # A child that dies (the worker OOM-killed by a hostile upload, say) is started again with a
        # back-off; only Ctrl+C or SIGTERM stops the whole (security review F13).
        Supervisor(children, say=lambda line: self.stderr.write(line)).run()


def _pool_metrics() -> None:
    """The web processes share their request latencies through files (prometheus-client's
    multiprocess mode), in a folder emptied at each start."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    folder = Path(settings.DATA_DIR) / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def _resume_work() -> None:
    connection.close()  # the dead worker may have left this process's connection stale
    evidence_imports_resume()
    reports_resume()
