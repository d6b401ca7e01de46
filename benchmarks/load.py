"""Load test: 200 respondents answer a campaign at once while 20 admins load dashboards.

Run: .venv/bin/python benchmarks/load.py [--respondents 200] [--admins 20] [--port 8107] [--timeout 600]
     .venv/bin/python benchmarks/load.py --quick   # CI: 10 respondents, 2 admins

Against 127.0.0.1 only, and it stops by itself. It starts a throwaway PostgreSQL (Debian's
initdb, in a temporary folder; or uses DATABASE_URL if set), migrates it, creates an organisation
with an open campaign, one invitation per respondent (anonymous team survey) and the admins'
logins through the real services, then starts gunicorn. Each respondent opens their personal
link, saves every section and sends; each admin logs in and loads the campaign page, the
results dashboard and the API scorecards in a loop until the respondents are done. Prints
throughput, p50/p95/p99 latency and errors per kind of request, then counts the stored answers
and reports any confirmed submission that is missing.
"""

from __future__ import annotations

import argparse
import glob
import http.cookiejar
import json
import os
import re
import resource
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "load-test-password-7"


# -- the servers -------------------------------------------------------------------------------


@contextmanager
def throwaway_postgresql(port: int) -> Iterator[str]:
    """initdb + pg_ctl in a temporary folder (as user postgres when run as root)."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if not bins:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql), or set DATABASE_URL")
    pg_bin = bins[-1]
    folder = Path(tempfile.mkdtemp(prefix="portevoix-load-pg-"))
    as_postgres = os.geteuid() == 0
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)

    def run(command: str) -> None:
        full = ["su", "postgres", "-c", command] if as_postgres else ["sh", "-c", command]
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL)

    run(f"{pg_bin}/initdb -D {folder}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8")
    options = f"-c listen_addresses={HOST} -p {port} -k {folder} -c max_connections=300"
    run(f"{pg_bin}/pg_ctl -D {folder}/data -l {folder}/server.log -w -o '{options}' start")
    try:
        subprocess.run(
            [f"{pg_bin}/psql", "-h", HOST, "-p", str(port), "-U", "postgres", "-qc", "CREATE DATABASE load"],
            check=True,
        )
        yield f"postgresql://postgres@{HOST}:{port}/load"
    finally:
        run(f"{pg_bin}/pg_ctl -D {folder}/data -m fast -w stop")
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def gunicorn(port: int, workers: int, threads: int, env: dict[str, str]) -> Iterator[None]:
    command = [sys.executable, "-m", "gunicorn", "portevoix.config.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--threads", str(threads)]
    command += ["--timeout", "120", "--preload", "--no-control-socket", "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/accounts/login/", timeout=10).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        yield
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


# -- the data, through the real services -------------------------------------------------------


def prepare(respondents: int, admins: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from portevoix.assessments import services
    from portevoix.assessments.models import Invitation
    from portevoix.assessments.tokens import invitation_token
    from portevoix.frameworks.selectors import framework_latest
    from portevoix.tenancy.models import Membership, Organisation, Role

    organisation = Organisation.objects.create(slug=f"load-{int(time.time())}", name="Charge SA")
    version = framework_latest()
    assert version is not None
    campaign = services.campaign_create(
        organisation=organisation, framework_version=version, name="Charge", team_survey=True
    )
    services.campaign_open(campaign=campaign)
    tokens, invitations = [], []
    for n in range(respondents):
        invitation, _ = services.invitation_create(
            campaign=campaign, kind=Invitation.Kind.TEAM, email=f"employee{n}@charge.example"
        )
        tokens.append(invitation_token(invitation))
        invitations.append(invitation.pk)
    from django.contrib.auth import get_user_model

    users = []
    for n in range(admins):
        email = f"admin{n}@{organisation.slug}.example"
        user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
        Membership.objects.create(user=user, organisation=organisation, role=Role.ORG_ADMIN)
        users.append(email)
    return {
        "slug": organisation.slug,
        "campaign": campaign.pk,
        "tokens": tokens,
        "invitations": invitations,
        "admins": users,
    }


def answers_form(dimension: Any, index: int, seed: int) -> list[tuple[str, str]]:
    data = [("s", str(index)), ("action", "next")]
    for q, question in enumerate(dimension.questions):
        pick = (seed + q) % 7
        if question.type in ("single_choice", "multiple_choice"):
            data.append((question.id, question.options[pick % len(question.options)].id))
        elif question.type == "scale":
            data.append(
                (question.id, str(question.scale.min + pick % (question.scale.max - question.scale.min + 1)))
            )
        else:
            data.append((question.id, f"Réponse libre {seed}"))
    return data


# -- the clients -------------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors[kind][error] += 1


def insecure_tls() -> ssl.SSLContext:
    """For a test server's self-signed certificate on 127.0.0.1 (never for a real host)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class Client:
    def __init__(self, base: str, stats: Stats) -> None:
        self.base = base
        self.stats = stats
        self.jar = http.cookiejar.CookieJar()
        handlers: list[Any] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if base.startswith("https://"):
            handlers.append(urllib.request.HTTPSHandler(context=insecure_tls()))
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, kind: str, path: str, data: list[tuple[str, str]] | None = None) -> str | None:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        error = None
        text = None
        # Over HTTPS, Django's CSRF check wants the Referer of a form post, as a browser sends it.
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=120) as response:
                text = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as failure:
            error = f"HTTP {failure.code}"
        except OSError as failure:
            error = type(failure).__name__
        self.stats.record(kind, time.perf_counter() - started, error)
        return text


def respondent(
    base: str, token: str, sections: list[Any], seed: int, stats: Stats, confirmed: list[int]
) -> None:
    client = Client(base, stats)
    page = client.request("questionnaire: open the link", f"/q/{token}/")
    if page is None:
        return
    for index, dimension in enumerate(sections):
        match = CSRF.search(page or "")
        if not match:
            stats.record("section: save", 0.0, "no form")
            return
        data = [("csrfmiddlewaretoken", match.group(1)), *answers_form(dimension, index, seed)]
        page = client.request("section: save", f"/q/{token}/", data)
        if page is None:
            return
    match = CSRF.search(page or "")
    if not match:
        stats.record("questionnaire: send", 0.0, "no review form")
        return
    done = client.request(
        "questionnaire: send",
        f"/q/{token}/",
        [("csrfmiddlewaretoken", match.group(1)), ("s", "review"), ("action", "submit")],
    )
    if done is not None and 'data-testid="answers-sent"' in done:
        confirmed.append(seed)  # the respondent saw "your answers have been sent"
    elif done is not None:
        stats.record("questionnaire: send", 0.0, "not confirmed")


def admin(base: str, email: str, slug: str, campaign: int, stats: Stats, stop: threading.Event) -> None:
    client = Client(base, stats)
    page = client.request("admin: log in (form)", "/accounts/login/")
    match = CSRF.search(page or "")
    if not match:
        return
    client.request(
        "admin: log in",
        "/accounts/login/",
        [("csrfmiddlewaretoken", match.group(1)), ("username", email), ("password", PASSWORD)],
    )
    while not stop.is_set():
        client.request("dashboard: campaign page", f"/o/{slug}/diagnostic/{campaign}/")
        client.request("dashboard: results", f"/o/{slug}/diagnostic/{campaign}/results/")
        client.request("API: scorecards", f"/api/organisations/{slug}/campaigns/{campaign}/scorecards")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--admins", type=int, default=20)
    parser.add_argument("--port", type=int, default=8107)
    parser.add_argument("--pg-port", type=int, default=54358, help="for the throwaway PostgreSQL")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--timeout", type=float, default=600, help="stop the clients after this many seconds")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--quick", action="store_true", help="CI: 10 respondents, 2 admins, 2 processes")
    args = parser.parse_args()
    if args.quick:
        args.respondents, args.admins, args.workers, args.threads = 10, 2, 2, 2

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
    data_dir = tempfile.mkdtemp(prefix="portevoix-load-")
    given = os.environ.get("DATABASE_URL", "")
    database = throwaway_postgresql(args.pg_port) if not given.startswith("postgres") else _given(given)
    with database as url:
        env = {**os.environ, "DATABASE_URL": url, "PORTEVOIX_DATA_DIR": data_dir, "LOG_LEVEL": "ERROR"}
        os.environ.update(DATABASE_URL=url, PORTEVOIX_DATA_DIR=data_dir)
        setup = prepare(args.respondents, args.admins)
        sections = team_sections(setup)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with gunicorn(args.port, args.workers, args.threads, env):
            stats, elapsed, confirmed = run_load(f"http://{HOST}:{args.port}", setup, sections, args.timeout)
        # CPU time of gunicorn and its processes (waited for when it stopped): the cost to scale with.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        server_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        stored, lost = verify(setup, confirmed)
        from django.db import connections

        connections.close_all()
    shutil.rmtree(data_dir, ignore_errors=True)
    requests = sum(len(v) for v in stats.latency.values())
    print(
        f"web server CPU time: {server_cpu:.1f} s for {requests} requests "
        f"({1000 * server_cpu / max(requests, 1):.0f} ms per request, redirects included; "
        f"load average {os.getloadavg()[0]:.1f})",
        file=sys.stderr if args.json else sys.stdout,
    )
    report(args, stats, elapsed, len(confirmed), stored, len(sections), lost)


def team_sections(setup: dict[str, Any]) -> list[Any]:
    from portevoix.assessments.models import Campaign
    from portevoix.assessments.questionnaire import sections_for

    campaign = Campaign.objects.get(pk=setup["campaign"])
    return sections_for(campaign.framework_version.framework, "team")


def run_load(
    base: str,
    setup: dict[str, Any],
    sections: list[Any],
    timeout: float,
    during: Callable[[], None] | None = None,
) -> tuple[Stats, float, list[int]]:
    """Every respondent answers and sends while every admin loads dashboards; ``during`` runs in
    this thread once the clients have started (e.g. reload the servers). Returns the statistics,
    the seconds taken and the respondents who were told their answers were sent."""
    stats = Stats()
    confirmed: list[int] = []
    stop = threading.Event()
    admins = [
        threading.Thread(target=admin, args=(base, e, setup["slug"], setup["campaign"], stats, stop))
        for e in setup["admins"]
    ]
    people = [
        threading.Thread(target=respondent, args=(base, t, sections, n, stats, confirmed), daemon=True)
        for n, t in enumerate(setup["tokens"])
    ]
    started = time.perf_counter()
    for thread in admins + people:
        thread.start()
    if during is not None:
        during()
    deadline = started + timeout
    for thread in people:
        thread.join(max(0.0, deadline - time.perf_counter()))
    elapsed = time.perf_counter() - started
    stop.set()
    for thread in admins:
        thread.join(130)
    return stats, elapsed, confirmed


def verify(setup: dict[str, Any], confirmed: list[int]) -> tuple[int, int]:
    """(answers stored, answers lost). Team answers are anonymous (no link to the invitation):
    every confirmed invitation must be marked submitted, and there must be exactly one stored
    answer per submitted invitation."""
    from portevoix.assessments.models import Invitation, Response

    confirmed_ids = [setup["invitations"][n] for n in confirmed]
    submitted = Invitation.objects.filter(
        campaign_id=setup["campaign"], status=Invitation.Status.SUBMITTED
    ).values_list("pk", flat=True)
    missing = len(set(confirmed_ids) - set(submitted))
    stored = Response.objects.filter(campaign_id=setup["campaign"]).count()
    return stored, missing + abs(stored - len(submitted))


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


def report(
    args: Any, stats: Stats, elapsed: float, confirmed: int, stored: int, sections: int, lost: int
) -> None:
    rows = []
    for kind in sorted(stats.latency):
        values = stats.latency[kind]
        errors = dict(stats.errors.get(kind, {}))
        rows.append(
            {
                "kind": kind,
                "requests": len(values),
                "per_second": round(len(values) / elapsed, 1),
                "p50_ms": round(1000 * statistics.median(values)),
                "p95_ms": round(1000 * percentile(values, 95)),
                "p99_ms": round(1000 * percentile(values, 99)),
                "errors": sum(errors.values()),
                "error_kinds": errors,
            }
        )
    total = sum(r["requests"] for r in rows)
    summary = {
        "respondents": args.respondents,
        "admins": args.admins,
        "sections_per_questionnaire": sections,
        "gunicorn": f"{args.workers} processes × {args.threads} threads",
        "seconds": round(elapsed, 1),
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "submissions_confirmed": confirmed,
        "answers_stored": stored,
        "answers_lost": lost,
        "rows": rows,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(
        f"\n{args.respondents} respondents ({sections} sections each) + {args.admins} admins, "
        f"gunicorn {summary['gunicorn']}, {elapsed:.1f} s, "
        f"{total} requests ({summary['requests_per_second']}/s)\n"
    )
    print(
        f"| {'request':<28} | {'count':>6} | {'req/s':>6} | {'p50 ms':>6} | {'p95 ms':>6} "
        f"| {'p99 ms':>6} | errors"
    )
    print(f"|{'-' * 30}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|-------")
    for r in rows:
        kinds = ", ".join(f"{k}: {v}" for k, v in r["error_kinds"].items()) or "0"
        print(
            f"| {r['kind']:<28} | {r['requests']:>6} | {r['per_second']:>6} | {r['p50_ms']:>6} | "
            f"{r['p95_ms']:>6} | {r['p99_ms']:>6} | {kinds}"
        )
    print(
        f"\nsubmissions confirmed to respondents: {confirmed}; answers stored: {stored}; "
        f"lost: {summary['answers_lost']}"
    )
    if summary["answers_lost"] or confirmed < args.respondents:
        print("✗ some submissions were not confirmed or were lost")
        sys.exit(1)
    print("✓ every respondent's submission was confirmed and stored")


if __name__ == "__main__":
    main()
