"""``portevoix roadmap generate|export|library``."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.core.roadmap import load_library_file
from portevoix.tenancy.models import Organisation

from ... import display, exports, services
from ...models import Roadmap


class Command(BaseCommand):
    help = "Generate an organisation's roadmap, export it (ICS, XLSX, JSON), or check an action library file."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        generate = actions.add_parser(
            "generate", help="Generate (or regenerate) the roadmap of an organisation."
        )
        generate.add_argument("--org", required=True, help="Organisation slug.")
        generate.add_argument("--start", help="Start of the programme (YYYY-MM-DD); default: kept, or today.")
        generate.add_argument(
            "--replace", action="store_true", help="Replace the actions edited by hand too (kept by default)."
        )
        export = actions.add_parser("export", help="Write the roadmap to a file.")
        export.add_argument("--org", required=True, help="Organisation slug.")
        export.add_argument("--format", required=True, choices=sorted(exports.FORMATS), dest="kind")
        export.add_argument("-o", "--output", required=True, help="File to write.")
        library = actions.add_parser("library", help="Check an action library file; exit 1 if it is invalid.")
        library.add_argument("file", metavar="FILE")
        for sub in (generate, export, library):
            sub.add_argument("--json", action="store_true", help="Print JSON.")
            sub.add_argument("--lang", choices=["fr", "en"], default=None, help="Language of the messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("lang") or settings.LANGUAGE_CODE):
            try:
                getattr(self, f"_{options['action']}")(options)
            except DatabaseError as error:
                raise CommandError(
                    _("The database is not ready (%(error)s). Run “portevoix migrate” first.")
                    % {"error": str(error).strip()}
                ) from None

    def _organisation(self, slug: str) -> Organisation:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(_("No organisation “%(slug)s”.") % {"slug": slug})
        return organisation

    def _generate(self, options: dict[str, Any]) -> None:
        organisation = self._organisation(options["org"])
        start = None
        if options.get("start"):
            try:
                start = dt.date.fromisoformat(options["start"])
            except ValueError:
                raise CommandError(
                    _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": options["start"]}
                ) from None
        try:
            report = services.roadmap_generate(
                organisation=organisation, start=start, keep_edits=not options["replace"]
            )
        except services.RoadmapError as error:
            raise CommandError("\n".join(display.problem_texts(error.problems))) from None
        if options["json"]:
            data = exports.to_data(report.roadmap)
            data["generation"] = {"created": report.created, "kept": report.kept, "removed": report.removed}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("Roadmap of %(organisation)s: %(created)s actions planned, %(kept)s edited by hand kept.")
            % {"organisation": organisation.name, "created": report.created, "kept": report.kept}
        )
        for action in report.roadmap.actions.select_related("accountable").order_by("start_date", "pk"):
            who = action.accountable.full_name if action.accountable else "—"
            self.stdout.write(
                f"  {action.start_date} → {action.end_date}  [{display.phase_label(action.phase)}] "
                f"{display.action_title(action)} · {who}"
            )

    def _export(self, options: dict[str, Any]) -> None:
        organisation = self._organisation(options["org"])
        roadmap = Roadmap.objects.filter(organisation=organisation).first()
        if roadmap is None:
            raise CommandError(
                _("%(organisation)s has no roadmap yet: run “portevoix roadmap generate --org %(slug)s”.")
                % {"organisation": organisation.name, "slug": organisation.slug}
            )
        body, _type, _name = exports.export(roadmap, options["kind"])
        target = Path(options["output"])
        # Written next to the target, then renamed: a failed export never leaves half a file.
        try:
            handle, temporary = tempfile.mkstemp(
                dir=target.parent if str(target.parent) else ".", suffix=".part"
            )
            with os.fdopen(handle, "wb") as stream:
                stream.write(body)
            os.replace(temporary, target)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s") % {"file": target, "reason": error.strerror or error}
            ) from None
        if options["json"]:
            self.stdout.write(
                json.dumps({"file": str(target), "format": options["kind"], "bytes": len(body)})
            )
        else:
            self.stdout.write(_("Written: %(file)s (%(bytes)s bytes)") % {"file": target, "bytes": len(body)})

    def _library(self, options: dict[str, Any]) -> None:
        name = options["file"]
        result = load_library_file(Path(name), display_name=name)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"file": name, "valid": result.ok, "problems": [p.as_dict(_) for p in result.problems]},
                    ensure_ascii=False,
                )
            )
        elif result.ok:
            self.stdout.write(_("✓ %(file)s is valid") % {"file": name})
        else:
            self.stdout.write(
                _("✗ %(file)s: %(count)s problems") % {"file": name, "count": len(result.problems)}
            )
            for problem in result.problems:
                self.stdout.write(f"  {problem.render(_)}")
        if not result.ok:
            raise SystemExit(1)
