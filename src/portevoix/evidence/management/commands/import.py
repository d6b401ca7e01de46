"""``portevoix import SOURCE PATH --org SLUG [--person ID] [--dry-run] [--json]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.evidence.importing import SOURCES, evidence_import
from portevoix.tenancy.models import Organisation, Person
from portevoix.terminal import progress_bar

MAX_FILE = 2 * 1024 * 1024 * 1024


class Command(BaseCommand):
    help = "Import a social-network export (archive, folder or analytics file) as evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source", choices=SOURCES, metavar="SOURCE", help=f"One of: {', '.join(SOURCES)}."
        )
        parser.add_argument(
            "path", metavar="PATH", help="The downloaded file, or the folder it was extracted to."
        )
        parser.add_argument("--org", required=True, help="Organisation (slug).")
        parser.add_argument("--person", type=int, help="Person id (omit for the company's own page).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything, write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument("--lang", choices=["fr", "en"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(_("No organisation “%(slug)s”.") % {"slug": options["org"]})
        person = None
        if options["person"] is not None:
            person = Person.objects.filter(organisation=organisation, pk=options["person"]).first()
            if person is None:
                raise CommandError(_("No person %(id)s in this organisation.") % {"id": options["person"]})
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(_("%(path)s: file not found.") % {"path": path})
        raw, folder = None, None
        if path.is_dir():
            folder = path
        elif path.stat().st_size > MAX_FILE:
            raise CommandError(_("%(path)s: the file is too large.") % {"path": path})
        else:
            raw = path.read_bytes()
        report = evidence_import(
            progress=progress_bar(quiet=options["json"]),
            organisation=organisation,
            person=person,
            source=options["source"],
            filename=path.name,
            raw=raw,
            folder=folder,
            dry_run=options["dry_run"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(_), ensure_ascii=False, indent=2))
        else:
            self._write(report)
        if not report.ok:
            sys.exit(1)

    def _write(self, report: Any) -> None:
        for problem in report.problems:
            self.stderr.write(f"✗ {problem.render(_)}")
        for problem in report.warnings:
            self.stderr.write(f"! {problem.render(_)}")
        if not report.ok:
            self.stderr.write(_("Nothing was imported."))
            return
        title = _("Dry run: nothing was written.") if report.dry_run else _("Imported.")
        self.stdout.write(self.style.SUCCESS(title))
        labels = {"read": _("in the file"), "new": _("new"), "duplicates": _("already there")}
        header_kind = _("kind")
        self.stdout.write(
            f"  {header_kind:16} {labels['read']:>16} {labels['new']:>10} {labels['duplicates']:>16}"
        )
        for kind, count in report.read.items():
            if kind in ("skipped_files", "errors"):
                continue
            new = report.new.get(kind, "")
            dup = report.duplicates.get(kind, "")
            self.stdout.write(f"  {kind:16} {count:>16} {new!s:>10} {dup!s:>16}")
        for skipped in report.skipped:
            self.stdout.write(f"  - {skipped['file']}: {skipped['reason']}")
