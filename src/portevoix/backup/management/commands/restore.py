"""``portevoix restore FILE [--force] [--check] [--json]``: put a backup back, all or nothing."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.backup.services import archive_check, restore
from portevoix.core.backup import manifest_dict
from portevoix.core.errors import ProblemsError


class Command(BaseCommand):
    help = (
        "Restore a backup made by “portevoix backup”: the archive is checked completely first, "
        "and the database is replaced all at once or not at all. Stop the server and the worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", metavar="FILE", help="The archive written by portevoix backup.")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that already holds data."
        )
        parser.add_argument(
            "--check", action="store_true", help="Only check the archive (manifest and checksums)."
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument("--lang", choices=["fr", "en"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            self._restore(Path(options["archive"]), options)

    def _restore(self, archive: Path, options: dict[str, Any]) -> None:
        started = time.monotonic()
        try:
            if options["check"]:
                manifest = archive_check(archive)
                if options["json"]:
                    self.stdout.write(json.dumps({"ok": True, "manifest": manifest_dict(manifest)}, indent=2))
                else:
                    self.stdout.write(
                        self.style.SUCCESS(
                            _("✓ %(file)s is a sound backup (%(vendor)s, Porte-voix %(version)s, %(date)s).")
                            % {
                                "file": archive,
                                "vendor": manifest.database_vendor,
                                "version": manifest.portevoix_version,
                                "date": manifest.created_at,
                            }
                        )
                    )
                return
            report = restore(archive, force=options["force"])
        except ProblemsError as error:
            if options["json"]:
                problems = [p.as_dict(_) for p in error.problems]
                self.stdout.write(json.dumps({"ok": False, "errors": problems}, indent=2))
            message = _("✗ %(file)s was not restored; nothing was changed.") % {"file": archive}
            raise CommandError("\n  ".join([message, *(p.render(_) for p in error.problems)])) from None
        seconds = round(time.monotonic() - started, 2)
        if options["json"]:
            data: dict[str, Any] = {
                "ok": True,
                "seconds": seconds,
                "tables": report.tables,
                "rows": report.rows,
                "files": report.files,
                "pending_migrations": report.pending_migrations,
                "reports_kept": report.reports_kept,
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("✓ Restored %(tables)s tables (%(rows)s rows) and %(files)s data files in %(seconds)s s.")
                % {"tables": report.tables, "rows": report.rows, "files": report.files, "seconds": seconds}
            )
        )
        if report.reports_kept:
            self.stdout.write(
                _(
                    "This backup was made before reports were backed up: the generated reports and "
                    "the slide template already in storage were left as they were."
                )
            )
        if report.pending_migrations:
            self.stdout.write(
                _(
                    "The backup is from an older Porte-voix: run “portevoix migrate” now "
                    "(%(count)s migrations)."
                )
                % {"count": len(report.pending_migrations)}
            )
