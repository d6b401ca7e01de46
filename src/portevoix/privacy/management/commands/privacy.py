"""``portevoix privacy export|erase|consent|retention`` — the same services as the web pages.

portevoix privacy export --org SLUG [--person ID] -o FILE.zip
portevoix privacy erase --org SLUG [--person ID] --yes
portevoix privacy consent --org SLUG --person ID --method meeting [--on 2026-11-30] [--note …]
portevoix privacy consent --org SLUG --person ID --withdraw
portevoix privacy retention [--schedule]
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from portevoix.privacy.audit import record
from portevoix.privacy.consent import consent_give, consent_valid, consent_withdraw
from portevoix.privacy.erasure import organisation_erase, person_erase
from portevoix.privacy.exporting import organisation_export, person_export
from portevoix.privacy.models import AuditAction, ConsentMethod
from portevoix.privacy.retention import retention_apply
from portevoix.privacy.tasks import retention_schedule
from portevoix.tenancy.models import Organisation, Person


class Command(BaseCommand):
    help = "Export or erase a person's or an organisation's data, record consents, apply retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=["fr", "en"], default=None)
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser("export", help="Write a ZIP (data.json and files).")
        export.add_argument("--org", required=True)
        export.add_argument("--person", type=int)
        export.add_argument("-o", "--output", required=True, metavar="FILE.zip")
        erase = sub.add_parser("erase", help="Erase a person or an organisation everywhere.")
        erase.add_argument("--org", required=True)
        erase.add_argument("--person", type=int)
        erase.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")
        consent = sub.add_parser(
            "consent", help="Record or withdraw a person's consent to import their activity."
        )
        consent.add_argument("--org", required=True)
        consent.add_argument("--person", type=int, required=True)
        consent.add_argument("--method", choices=ConsentMethod.values)
        consent.add_argument("--on", type=datetime.date.fromisoformat, help="Date given (YYYY-MM-DD).")
        consent.add_argument("--note", default="")
        consent.add_argument("--withdraw", action="store_true")
        retention = sub.add_parser("retention", help="Apply the retention settings now.")
        retention.add_argument("--schedule", action="store_true", help="Also plan the daily run.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["lang"] or settings.LANGUAGE_CODE):
            getattr(self, f"_{options['action']}")(options)

    def _scope(self, options: dict[str, Any]) -> tuple[Organisation, Person | None]:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(_("No organisation “%(slug)s”.") % {"slug": options["org"]})
        person = None
        if options.get("person") is not None:
            person = Person.objects.filter(organisation=organisation, pk=options["person"]).first()
            if person is None:
                raise CommandError(_("No person %(id)s in this organisation.") % {"id": options["person"]})
        return organisation, person

    def _export(self, options: dict[str, Any]) -> None:
        organisation, person = self._scope(options)
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(_("%(path)s: the folder does not exist.") % {"path": path.parent})
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("wb") as out:
                if person is not None:
                    counts = person_export(person, out)
                else:
                    counts = organisation_export(organisation, out)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{path}: {error.strerror}") from None
        record(
            AuditAction.PRIVACY_EXPORT,
            organisation=organisation,
            target=person or organisation,
            details={"scope": "person" if person else "organisation", "via": "cli"},
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)d records written to %(path)s.") % {"n": sum(counts.values()), "path": path}
            )
        )

    def _erase(self, options: dict[str, Any]) -> None:
        organisation, person = self._scope(options)
        if not options["yes"]:
            raise CommandError(_("Erasure cannot be undone: add --yes to confirm. Nothing was erased."))
        if person is not None:
            report = person_erase(person=person)
        else:
            report = organisation_erase(organisation=organisation)
        self.stdout.write(
            self.style.SUCCESS(
                _("Erased: %(rows)d records, %(files)d files, %(accounts)d accounts, %(scrubbed)d mentions.")
                % {
                    "rows": sum(report.rows.values()),
                    "files": report.files,
                    "accounts": report.accounts,
                    "scrubbed": report.scrubbed,
                }
            )
        )

    def _consent(self, options: dict[str, Any]) -> None:
        _organisation, person = self._scope(options)
        assert person is not None
        if options["withdraw"]:
            consent = consent_valid(person)
            if consent is None:
                raise CommandError(_("%(name)s has no consent in force.") % {"name": person.full_name})
            consent_withdraw(consent=consent)
            self.stdout.write(self.style.SUCCESS(_("The consent is withdrawn.")))
            return
        if not options["method"]:
            raise CommandError(
                _("Say how the consent was given: --method %(choices)s.")
                % {"choices": "|".join(ConsentMethod.values)}
            )
        consent_give(person=person, method=options["method"], given_on=options["on"], note=options["note"])
        self.stdout.write(
            self.style.SUCCESS(_("The consent of %(name)s is recorded.") % {"name": person.full_name})
        )

    def _retention(self, options: dict[str, Any]) -> None:
        report = retention_apply()
        self.stdout.write(json.dumps(report.counts()))
        if options["schedule"]:
            retention_schedule()
