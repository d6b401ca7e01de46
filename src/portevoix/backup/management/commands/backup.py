"""``portevoix backup -o FILE [--json]``: the database and the data files in one archive."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.backup.services import backup_create
from portevoix.core.errors import ProblemsError


class Command(BaseCommand):
    help = "Back up the database and the data files (uploads, secret key) into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="The archive to write.")
        parser.add_argument("--json", action="store_true", help="Print the manifest as JSON.")
        parser.add_argument("--lang", choices=["fr", "en"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            output = Path(options["output"])
            started = time.monotonic()
            try:
                manifest = backup_create(output)
            except ProblemsError as error:
                raise CommandError("\n".join(p.render(_) for p in error.problems)) from None
            seconds = round(time.monotonic() - started, 2)
            rows = sum(manifest.tables.values())
            files = len(manifest.members) - 1
            if options["json"]:
                data = {
                    "file": str(output),
                    "seconds": seconds,
                    "bytes": output.stat().st_size,
                    "database_vendor": manifest.database_vendor,
                    "tables": manifest.tables,
                    "files": files,
                }
                self.stdout.write(json.dumps(data, indent=2))
                return
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "✓ %(file)s: %(vendor)s database (%(tables)s tables, %(rows)s rows) "
                        "and %(files)s data files, in %(seconds)s s."
                    )
                    % {
                        "file": output,
                        "vendor": manifest.database_vendor,
                        "tables": len(manifest.tables),
                        "rows": rows,
                        "files": files,
                        "seconds": seconds,
                    }
                )
            )
