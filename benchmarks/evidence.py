"""Import speed of a large LinkedIn archive, and indicator speed for five years of activity.

Run: .venv/bin/python benchmarks/evidence.py [--scale 1.0]
Builds a synthetic archive (100,000 reactions, 20,000 connections, 5,000 posts, 10,000 comments
at scale 1) in memory, parses and stores it in a throwaway SQLite database (or DATABASE_URL),
and compares with merely reading the same CSVs with Python's csv module.
Targets: parse + store < 10 s and peak memory < 500 MB; indicators < 100 ms.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import resource
import sys
import tempfile
import time
import zipfile


def synthetic_archive(scale: float, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    start = datetime.datetime(2021, 1, 1, 8, 0, 0)

    def when(n: int, total: int) -> str:
        return (start + datetime.timedelta(minutes=int(n * 5 * 365 * 24 * 60 / total))).strftime(
            "%Y-%m-%d %H:%M:%S"
        )

    files: dict[str, str] = {}
    n_posts, n_comments, n_reactions, n_connections = (int(x * scale) for x in (5000, 10000, 100000, 20000))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"])
    for n in range(n_posts):
        w.writerow(
            [
                when(n, n_posts),
                f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{7000000000000000000 + n}",
                f"Notre #industrie avance : post {n} sur la maintenance",
                "",
                "",
                "MEMBER_NETWORK",
            ]
        )
    files["Shares.csv"] = out.getvalue()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Date", "Link", "Message"])
    for n in range(n_comments):
        w.writerow(
            [
                when(n, n_comments),
                f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{6000000000000000000 + n}",
                f"Bravo pour ce projet {n} !",
            ]
        )
    files["Comments.csv"] = out.getvalue()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Date", "Type", "Link"])
    for n in range(n_reactions):
        w.writerow(
            [
                when(n, n_reactions),
                rng.choice(["LIKE", "PRAISE", "INTEREST"]),
                f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{5000000000000000000 + n}",
            ]
        )
    files["Reactions.csv"] = out.getvalue()
    out = io.StringIO()
    out.write(
        'Notes:\n"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n\n'
    )
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    for n in range(n_connections):
        day = (start + datetime.timedelta(days=n % 1800)).strftime("%d %b %Y")
        w.writerow(
            [
                f"Prénom{n}",
                f"Nom{n}",
                f"https://www.linkedin.com/in/member-{n}",
                "",
                f"Société {n % 300}",
                "Directeur",
                day,
            ]
        )
    files["Connections.csv"] = out.getvalue()
    files["Profile.csv"] = (
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
        "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
        "Thomas,Nguyen,,,,Directeur commercial,Résumé,Industrie,,Rennes,,,\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


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
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from portevoix.evidence.importing import evidence_import
    from portevoix.evidence.selectors import person_indicators
    from portevoix.testing.factories import make_organisation, make_person
    from portevoix.testing.privacy import with_consent

    raw = synthetic_archive(args.scale)
    started = time.perf_counter()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        rows = 0
        for name in archive.namelist():
            rows += sum(1 for _ in csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
    baseline = time.perf_counter() - started

    organisation = make_organisation(slug=f"bench-{int(time.time())}")
    person = make_person(organisation, full_name="Thomas Nguyen")
    with_consent(person)  # an import needs the person's consent in force (decision 0012)
    started = time.perf_counter()
    report = evidence_import(
        organisation=organisation, person=person, source="linkedin", raw=raw, filename="archive.zip"
    )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert report.ok, report.problems[:3]
    started = time.perf_counter()
    again = evidence_import(
        organisation=organisation, person=person, source="linkedin", raw=raw, filename="archive.zip"
    )
    elapsed_again = time.perf_counter() - started
    timings = []
    for _ in range(10):
        t = time.perf_counter()
        person_indicators(organisation=organisation, person=person, today=datetime.date(2025, 12, 31))
        timings.append(time.perf_counter() - t)

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"synthetic LinkedIn archive, scale {args.scale}: {rows:,} CSV rows, database {engine}")
    print(f"{'operation':44} {'seconds':>9} {'rows/s':>10} {'target':>10}")
    print(f"{'csv module only (baseline)':44} {baseline:9.2f} {rows / baseline:10,.0f}")
    print(f"{'parse + store (first import)':44} {elapsed:9.2f} {rows / elapsed:10,.0f} {'< 10 s':>10}")
    print(f"{'same archive again (adds nothing)':44} {elapsed_again:9.2f} {rows / elapsed_again:10,.0f}")
    print(f"{'indicators, 5 years (median of 10)':44} {sorted(timings)[5]:9.3f} {'':>10} {'< 0.1 s':>10}")
    print(
        f"ratio import / csv-only: {elapsed / baseline:.1f}×; "
        f"peak memory (max RSS): {peak_mb:,.0f} MB (target < 500)"
    )
    print(f"new: {report.new}; second import new: {again.new}")
    assert sum(again.new.values()) == 0, f"the second import added {again.new}"
    assert report.new.get("reactions", 0) > 0, report.new
    sys.exit(0 if args.quick or (elapsed < 10 and peak_mb < 500) else 1)


if __name__ == "__main__":
    main()
