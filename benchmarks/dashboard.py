"""Server time of the organisation dashboard: 15 codir members and 500 team-survey answers.

Run: .venv/bin/python benchmarks/dashboard.py [--repeat N]
Builds a throwaway SQLite database in a temporary folder (or uses DATABASE_URL if set), fills it,
then times the results page and its parts with Django's test client. Target: median < 200 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

TARGET_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--codir", type=int, default=15)
    parser.add_argument("--team", type=int, default=500)
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.codir, args.team = 2, 4, 20

    os.environ.setdefault("PORTEVOIX_DATA_DIR", tempfile.mkdtemp(prefix="pv-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client on "testserver"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)

    from portevoix.assessments.models import Response
    from portevoix.assessments.results import campaign_results
    from portevoix.tenancy.models import Role
    from portevoix.testing.campaigns import answers_for, make_campaign, submit
    from portevoix.testing.factories import make_member, make_organisation, make_person

    organisation = make_organisation(slug=f"bench-{int(time.time())}")
    campaign = make_campaign(organisation, team_survey=True)
    framework = campaign.framework_version.framework
    for n in range(args.codir):
        person = make_person(organisation, email=f"codir{n}@bench.example")
        submit(campaign, "self", email=person.email, respondent=person, level=(n % 10) / 10)
    team = answers_for(framework, "team", level=0.4)
    Response.objects.bulk_create(
        Response(campaign=campaign, kind="team", answers=team, submitted_on="2026-11-27")
        for _ in range(args.team)
    )
    admin = make_member(organisation, Role.ORG_ADMIN)
    client = Client()
    client.force_login(admin)
    url = f"/o/{organisation.slug}/diagnostic/{campaign.pk}/results/"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def results() -> None:
        campaign_results(campaign)

    computed = campaign_results(campaign)
    assert computed.team_count == args.team, (computed.team_count, args.team)

    def export() -> None:
        assert client.get(url.replace("results/", "export/") + "?format=json").status_code == 200

    rows: list[tuple[str, Callable[[], None]]] = [
        ("dashboard page (GET, full render)", page),
        ("campaign_results() alone", results),
        ("JSON export", export),
    ]
    print(
        f"{args.codir} codir members, {args.team} team answers, {len(framework.questions)} questions, "
        f"{args.repeat} runs, database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    print(f"{'operation':40} {'median ms':>10} {'p95 ms':>10} {'target':>10}")
    failed = False
    for name, action in rows:
        action()  # warm-up
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            action()
            timings.append((time.perf_counter() - started) * 1000)
        median = statistics.median(timings)
        p95 = sorted(timings)[max(0, round(0.95 * len(timings)) - 1)]
        target = f"< {TARGET_MS}" if name.startswith("dashboard") else ""
        failed |= bool(target) and median >= TARGET_MS
        print(f"{name:40} {median:10.1f} {p95:10.1f} {target:>10}")
    sys.exit(1 if failed and not args.quick else 0)


if __name__ == "__main__":
    main()
