"""Run by ``test_residue.py`` in its own process, on a SQLite database file in a fresh data folder
(``PORTEVOIX_DATA_DIR`` and ``DATABASE_URL`` set by the test), as a running server would hold it.

``python residue_script.py <snapshots folder>``: fills an organisation whose person "Hervé Unique"
is named in a board pack, a leader report, a consent scan and an answer file waiting for its
mapping step; copies the raw database files (main file and write-ahead log) and the stored
files to ``<snapshots>/before``; erases the person with the erasure service while the connection stays
open (as in the web process); copies the raw files again to ``<snapshots>/after``; prints the
person's id and the remaining reports as JSON.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from portevoix.assessments import importing, services  # noqa: E402
from portevoix.privacy.consent import consent_give  # noqa: E402
from portevoix.privacy.erasure import person_erase  # noqa: E402
from portevoix.privacy.models import ConsentMethod  # noqa: E402
from portevoix.reports.models import Report  # noqa: E402
from portevoix.reports.services import report_queue, report_run  # noqa: E402
from portevoix.roadmap.models import Roadmap  # noqa: E402
from portevoix.testing.campaigns import make_campaign, submit  # noqa: E402
from portevoix.testing.factories import make_organisation, make_person  # noqa: E402

NAME, EMAIL = "Hervé Unique", "herve.unique@acme.example"


def snapshot(target: Path) -> None:
    target.mkdir(parents=True)
    for folder in (Path(settings.MEDIA_ROOT), Path(settings.PORTEVOIX_REPORTS_DIR)):
        shutil.copytree(folder, target / "files" / folder.name)
    database = Path(settings.DATABASES["default"]["NAME"])
    for suffix in ("", "-wal"):
        source = database.with_name(database.name + suffix)
        if source.exists():
            shutil.copyfile(source, target / source.name)


def main(snapshots: Path) -> None:
    call_command("migrate", verbosity=0)
    org = make_organisation(slug="acme", name="Acme")
    person = make_person(org, full_name=NAME, email=EMAIL)
    other = make_person(org, full_name="Sophie Autre", email="sophie.autre@acme.example")
    campaign = make_campaign(org)
    for who in (person, other):
        submit(campaign, "self", email=who.email, respondent=who, subject=who)
    services.campaign_close(campaign=campaign)
    # The board pack names the executive sponsor.
    Roadmap.objects.create(organisation=org, sponsor=person, start_date=datetime.date(2026, 1, 5))
    consent_give(
        person=person,
        method=ConsentMethod.SIGNED_FORM,
        document=SimpleUploadedFile("scan.pdf", f"%PDF-1.4 signé : {NAME}".encode()),
    )
    importing.upload_store(f"email;Q1\n{EMAIL};{NAME} pense que…\n".encode(), organisation=org)
    for kind, who, fmt in [
        ("board", None, "pdf"),
        ("board", None, "xlsx"),
        ("board", None, "pptx"),
        ("leader", person, "pdf"),
        ("leader", other, "xlsx"),
    ]:
        queued = report_queue(organisation=org, kind=kind, fmt=fmt, language="fr", person=who)
        done = report_run(Report.objects.get(pk=queued.pk))
        assert done.status == Report.Status.DONE, done.error
    connection.ensure_connection()
    snapshot(snapshots / "before")
    person_id = person.pk
    person_erase(person=person)
    snapshot(snapshots / "after")
    left = list(Report.objects.values("kind", "format", "person_id"))
    print(json.dumps({"person": person_id, "reports": left}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
