"""``portevoix report board|leader|progress --org SLUG [--person ID] --format pdf|pptx|xlsx
--lang fr|en -o FILE``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.assessments.models import Campaign
from portevoix.reports.services import FORMATS, KINDS, ReportError, report_generate
from portevoix.tenancy.models import Organisation, Person
from portevoix.terminal import progress_bar


class Command(BaseCommand):
    help = "Generate a report (codir board pack, leader report, progress report) as PDF, PPTX or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS, metavar="KIND", help="board, leader or progress.")
        parser.add_argument("--org", required=True, help="Organisation (slug).")
        parser.add_argument("--person", type=int, help="The leader's person id (leader report).")
        parser.add_argument(
            "--campaign",
            type=int,
            help="The diagnostic campaign's id (default: the closed campaign with the most complete codir "
            "answers, else the open one).",
        )
        parser.add_argument("--format", choices=FORMATS, default="pdf", help="pdf, pptx or xlsx.")
        parser.add_argument(
            "--lang",
            choices=["fr", "en"],
            default=None,
            help="Language of the report (default: the organisation's).",
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="Where to write the report."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print what was written (and what is missing) as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            self._generate(options)

    def _generate(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(_("No organisation “%(slug)s”.") % {"slug": options["org"]})
        person = None
        if options["person"] is not None:
            person = Person.objects.filter(organisation=organisation, pk=options["person"]).first()
            if person is None:
                raise CommandError(_("No person %(id)s in this organisation.") % {"id": options["person"]})
        campaign = None
        if options["campaign"] is not None:
            campaign = Campaign.objects.filter(organisation=organisation, pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError(
                    _("No campaign %(id)s in this organisation.") % {"id": options["campaign"]}
                )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(_("%(path)s: the folder does not exist.") % {"path": output.parent})
        language = options["lang"] or organisation.default_language
        try:
            data, document = report_generate(
                organisation=organisation,
                kind=options["kind"],
                fmt=options["format"],
                language=language,
                person=person,
                campaign=campaign,
                progress=progress_bar(quiet=options["json"]),
            )
        except ReportError as error:
            raise CommandError(str(error)) from None
        temporary = output.with_name(output.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(output)  # never a half-written file under the final name
        missing = [{"section": s.title, "what": m.what, "todo": m.todo} for s, m in document.missing]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "file": str(output),
                        "bytes": len(data),
                        "scope": document.scope,
                        "sections": [s.id for s in document.sections],
                        "missing": missing,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(path)s written (%(size)s bytes, %(count)s sections).")
                % {"path": output, "size": len(data), "count": len(document.sections)}
            )
        )
        if document.scope:
            self.stdout.write(f"  {document.scope}")
        for entry in missing:
            self.stdout.write(f"  ! {entry['section']}: {entry['what']} {entry['todo']}")
