"""Export and erasure of a leader with a large imported LinkedIn archive.

Run: .venv/bin/python benchmarks/privacy.py [--scale 1.0]
Imports the synthetic archive of benchmarks/evidence.py (about 135,000 rows at scale 1) for one
person and a smaller one for a colleague, then times the person's export (ZIP with data.json), the
person's erasure (rows, mention scrubbing in every text column, files) and the organisation's
export, in a throwaway SQLite database (or DATABASE_URL).
Targets: person export < 30 s, erasure < 30 s, peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.scale = 0.02
    os.environ.setdefault("PORTEVOIX_DATA_DIR", tempfile.mkdtemp(prefix="pv-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from evidence import synthetic_archive  # type: ignore[import-not-found]
    from portevoix.evidence.importing import evidence_import
    from portevoix.evidence.models import Activity
    from portevoix.privacy.erasure import person_erase
    from portevoix.privacy.exporting import organisation_export, person_export
    from portevoix.testing.factories import make_organisation, make_person
    from portevoix.testing.privacy import with_consent

    organisation = make_organisation(slug=f"bench-{int(time.time())}")
    person = make_person(organisation, full_name="Thomas Nguyen")
    colleague = make_person(organisation, full_name="Claire Dubois")
    with_consent(person, colleague)
    for who, scale in ((person, args.scale), (colleague, args.scale / 10)):
        report = evidence_import(
            organisation=organisation,
            person=who,
            source="linkedin",
            raw=synthetic_archive(scale, seed=who.pk),
            filename="archive.zip",
        )
        assert report.ok, report.problems[:3]
    rows = Activity.objects.filter(person=person).count()
    timings = []
    for label, run in (
        ("person export (ZIP)", lambda out: person_export(person, out)),
        ("organisation export (ZIP)", lambda out: organisation_export(organisation, out)),
    ):
        out = io.BytesIO()
        started = time.perf_counter()
        run(out)
        timings.append((label, time.perf_counter() - started, len(out.getvalue())))
    started = time.perf_counter()
    erased = person_erase(person=person)
    timings.append(("person erasure (rows, mentions, files)", time.perf_counter() - started, 0))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"one leader with {rows:,} activity rows (scale {args.scale}), database {engine}")
    print(f"{'operation':40} {'seconds':>9} {'ZIP MB':>8} {'target':>8}")
    for label, seconds, size in timings:
        target = "< 30 s" if label.startswith("person") else ""
        print(f"{label:40} {seconds:9.2f} {size / 1e6:8.1f} {target:>8}")
    print(f"peak memory {peak_mb:.0f} MB (target < 1024 MB); erased rows: {sum(erased.rows.values()):,}")
    ok = all(s < 30 for label, s, _size in timings if label.startswith("person")) and peak_mb < 1024
    assert not Activity.objects.filter(person_id=person.pk).exists(), "the erased person's rows remain"
    sys.exit(0 if ok or args.quick else 1)


if __name__ == "__main__":
    main()
