"""The checks of CI's production pass (``.ci/production``, which starts and stops the services).

Against nginx on https://127.0.0.1 and the two web nodes behind it (plain HTTP on 127.0.0.1, as
nginx reaches them), with the database and settings of ``PORTEVOIX_ENV_FILE``:

1. health: ``/healthz`` all ok on both nodes and through nginx; ``/metrics`` with the token on a
   node, 404 through nginx;
2. a browser (Debian's Chromium) logs in, answers a questionnaire, imports an archive and generates
   a board pack, downloaded by the browser, and the same file through each node directly — the
   node on the other machine than the worker that generated it included;
3. the worker running a large import is SIGKILLed mid-write; restarted as systemd would (its
   ExecStartPre queues the import again), a worker completes it: status done, every row once;
4. the load test (benchmarks/load.py) through nginx while each node's gunicorn is reloaded
   (SIGHUP) in turn: no failed request, every confirmed answer stored.

Prints each measure; exit 1 at the first failed check.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
UNITCTL = REPO / ".ci" / "unitctl"
sys.path.insert(0, str(REPO / "benchmarks"))

import load  # noqa: E402  (benchmarks/load.py: the load test's clients and checks)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
BIG_IMPORT_ROWS = 60_000


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)
    print(f"  ✓ {message}")


def wait_for(condition: Callable[[], Any], seconds: float, what: str, step: float = 0.5) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise CheckFailed(f"timed out after {seconds:.0f} s waiting for {what}")


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    context = load.insecure_tls() if url.startswith("https://") else None
    try:
        with urllib.request.urlopen(request, timeout=60, context=context) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def unitctl(action: str, unit: str) -> str:
    done = subprocess.run([str(UNITCTL), action, unit], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CheckFailed(f"unitctl {action} {unit}: {done.stderr.strip()}")
    return done.stdout.strip()


def worker_unit(worker_id: str) -> str:
    """db_worker runs with --worker-id <host>-<instance> (deploy/portevoix-worker@.service)."""
    return f"portevoix-worker@{worker_id.rsplit('-', 1)[-1]}"


def node_of_worker(unit: str, nodes: list[int]) -> int:
    """Worker 1 stands on node A's machine, worker 2 on node B's (same data folder in CI)."""
    return nodes[0] if unit.endswith("@1") else nodes[1]


# -- 1. health and metrics ---------------------------------------------------------------------


def health(base: str, nodes: list[int]) -> None:
    from django.conf import settings

    print("health and metrics")
    for url in [*(f"http://127.0.0.1:{n}/healthz" for n in nodes), f"{base}/healthz"]:
        status, body = wait_for(lambda url=url: _healthy(url), 90, f"{url} to answer 200")
        check(status == 200, f"{url}: {body.decode()}")
    token = settings.PORTEVOIX_METRICS_TOKEN
    check(bool(token), "a metrics token is configured")

    def both_workers_seen() -> bool:
        status, text = fetch(f"http://127.0.0.1:{nodes[0]}/metrics", {"Authorization": f"Bearer {token}"})
        return status == 200 and b"portevoix_workers_seen 2.0" in text

    # /healthz is ok with one worker; right after a restart (the rollback restarts both) the second
    # one may not have written its first heartbeat yet, so wait for it as for the nodes' health.
    wait_for(both_workers_seen, 60, "the metrics to see both workers")
    check(True, "node metrics: two workers seen")
    check(fetch(f"http://127.0.0.1:{nodes[0]}/metrics")[0] == 401, "node metrics without the token: 401")
    check(fetch(f"{base}/metrics", {"Authorization": f"Bearer {token}"})[0] == 404, "no metrics via nginx")


def _healthy(url: str) -> tuple[int, bytes] | None:
    try:
        status, body = fetch(url)
    except OSError:
        return None
    return (status, body) if status == 200 else None


# -- 2. the browser ----------------------------------------------------------------------------


def small_archive(rows: int, offset: int = 0) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Date", "Type", "Link"])
    for n in range(offset, offset + rows):
        day = f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} 09:{n % 60:02d}:00"
        link = f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{7 * 10**18 + n}"
        writer.writerow([day, "LIKE", link])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Reactions.csv", out.getvalue())
    return buffer.getvalue()


def consenting_person(name: str) -> Any:
    from portevoix.tenancy.models import Organisation
    from portevoix.testing.factories import make_person
    from portevoix.testing.privacy import with_consent
    from portevoix.web.demo import DEMO_SLUG

    organisation = Organisation.objects.get(slug=DEMO_SLUG)
    person = make_person(organisation, full_name=f"{name} {int(time.time())}", is_codir=False)
    with_consent(person)
    return person


def browser_smoke(base: str, nodes: list[int], results: dict[str, Any]) -> None:
    from django_tasks_db.models import DBTaskResult
    from playwright.sync_api import sync_playwright

    from portevoix.assessments import services
    from portevoix.assessments.models import Campaign, Invitation
    from portevoix.assessments.tokens import invitation_token
    from portevoix.evidence.models import Activity, EvidenceImport
    from portevoix.reports.models import Report
    from portevoix.web.demo import DEMO_SLUG, demo_password

    print("browser smoke test")
    campaign = Campaign.objects.filter(organisation__slug=DEMO_SLUG, status="open").first()
    check(campaign is not None, "the demo has an open campaign")
    assert campaign is not None
    invitation, _ = services.invitation_create(
        campaign=campaign, kind=Invitation.Kind.TEAM, email=f"smoke{int(time.time())}@mecanique-armor.example"
    )
    link = f"{base}/q/{invitation_token(invitation)}/"
    person = consenting_person("Import Navigateur")
    archive = Path(tempfile.mkdtemp(prefix="pv-smoke-")) / "linkedin-export.zip"
    archive.write_bytes(small_archive(300))
    started = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("PORTEVOIX_CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        context = browser.new_context(ignore_https_errors=True, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(60_000)

        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "claire.dubois@mecanique-armor.example")
        page.fill("#id_password", demo_password())
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{base}/o/{DEMO_SLUG}/")
        check(True, "logged in over HTTPS through nginx")

        respondent = context.new_page()
        respondent.set_default_timeout(60_000)
        respondent.goto(link)
        for _ in range(30):
            if respondent.locator("button[value=submit]").count():
                break
            respondent.evaluate(
                """() => {
                  for (const fs of document.querySelectorAll('fieldset.question')) {
                    const inputs = fs.querySelectorAll('input[type=radio], input[type=checkbox]');
                    if (inputs.length) { inputs[inputs.length - 1].checked = true; }
                    const text = fs.querySelector('textarea');
                    if (text) { text.value = 'Le manque de temps, surtout.'; }
                  }
                }"""
            )
            respondent.click("button[name=action][value=next]")
            respondent.wait_for_load_state()
        respondent.click("button[value=submit]")
        respondent.wait_for_selector("[data-testid=answers-sent]")
        invitation.refresh_from_db()
        check(invitation.status == Invitation.Status.SUBMITTED, "questionnaire answered and stored")

        page.goto(f"{base}/o/{DEMO_SLUG}/evidence/")
        page.select_option("#id_source", "linkedin")
        page.select_option("#id_person", str(person.pk))
        page.set_input_files("#id_file", str(archive))
        page.click("main form[enctype] button[type=submit]")
        page.wait_for_url(f"{base}/o/{DEMO_SLUG}/evidence/*/")
        record = EvidenceImport.objects.filter(person=person).get()
        wait_for(
            lambda: EvidenceImport.objects.get(pk=record.pk).status not in ("queued", "running"),
            180,
            "the import",
        )
        record.refresh_from_db()
        check(record.status == "done", f"archive imported by a worker: {record.report.get('new')}")
        check(Activity.objects.filter(person=person).count() == 300, "300 reactions stored")

        page.goto(f"{base}/o/{DEMO_SLUG}/reports/")
        form = page.locator("[data-testid=report-form]")
        form.locator("#id_kind").select_option("board")
        form.locator("#id_format").select_option("pdf")
        form.locator("#id_language").select_option("fr")
        before = set(Report.objects.values_list("pk", flat=True))
        form.locator("button[type=submit]").click()
        page.wait_for_url(f"{base}/o/{DEMO_SLUG}/reports/*/")
        page.locator("[data-testid=report-download]").wait_for(timeout=240_000)
        report = Report.objects.exclude(pk__in=before).get()
        assert report.finished_at is not None
        results["board_pack_pdf_seconds"] = round((report.finished_at - report.created_at).total_seconds(), 1)
        with page.expect_download() as caught:
            page.click("[data-testid=report-download]")
        via_nginx = Path(caught.value.path()).read_bytes()
        size = f"{len(via_nginx):,} bytes"
        check(via_nginx.startswith(b"%PDF"), f"board pack generated and downloaded ({size})")
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        browser.close()
    results["smoke_seconds"] = round(time.perf_counter() - started, 1)

    tasks = DBTaskResult.objects.filter(task_path__endswith="run_report", args_kwargs__args=[report.pk])
    task = tasks.first()
    check(task is not None and bool(task.worker_ids), "the report task records its worker")
    assert task is not None
    generated_by = worker_unit(task.worker_ids[-1])
    home = node_of_worker(generated_by, nodes)
    other = nodes[1] if home == nodes[0] else nodes[0]
    # As nginx would send it: the session cookie, and the HTTPS the proxy terminated.
    headers = {
        "Cookie": f"sessionid={cookies['sessionid']}",
        "X-Forwarded-Proto": "https",
        "Host": "127.0.0.1",
    }
    for node in (other, home):
        status, body = fetch(f"http://127.0.0.1:{node}/o/{DEMO_SLUG}/reports/{report.pk}/download/", headers)
        where = "the other node" if node == other else "its own node"
        check(
            status == 200 and body == via_nginx,
            f"report generated by {generated_by} downloaded through {where} (:{node}) directly",
        )
    results["report"] = {"generated_by": generated_by, "downloaded_through_other_node": other}


# -- 3. a worker killed mid-import -------------------------------------------------------------


def _writing_backend() -> int | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_xid IS NOT NULL AND query ILIKE %s",
            ["%evidence_activity%"],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _running(pid: int) -> bool:
    """Alive and not a zombie (nobody may reap it in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def worker_killed(results: dict[str, Any]) -> None:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from portevoix.evidence.importing import evidence_import_queue
    from portevoix.evidence.models import Activity, EvidenceImport

    print("a worker killed mid-import")
    person = consenting_person("Import Interrompu")
    record = evidence_import_queue(
        organisation=person.organisation,
        person=person,
        source="linkedin",
        raw=small_archive(BIG_IMPORT_ROWS),
        filename="big.zip",
    )
    wait_for(_writing_backend, 180, "a worker to start writing the import", step=0.05)
    task = DBTaskResult.objects.filter(
        task_path__endswith="run_evidence_import", args_kwargs__args=[record.pk], status="RUNNING"
    ).first()
    check(task is not None, "a worker is writing the import")
    assert task is not None
    victim = worker_unit(task.worker_ids[-1])
    pid = int(unitctl("main-pid", victim))
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not _running(pid), 30, f"{victim} to die", step=0.1)
    check(True, f"SIGKILL sent to {victim} mid-write")
    connection.close()
    check(Activity.objects.filter(person=person).count() == 0, "nothing of the interrupted import is visible")
    started = time.perf_counter()
    unitctl("start", victim)  # what systemd's Restart=always does; ExecStartPre queues the import again
    wait_for(
        lambda: EvidenceImport.objects.get(pk=record.pk).status in ("done", "failed"),
        300,
        "the resumed import",
    )
    record.refresh_from_db()
    rows = Activity.objects.filter(person=person)
    check(record.status == "done", f"import completed after the kill ({time.perf_counter() - started:.1f} s)")
    check(rows.count() == BIG_IMPORT_ROWS, f"{BIG_IMPORT_ROWS:,} rows, each once")
    check(rows.values("key").distinct().count() == BIG_IMPORT_ROWS, "no duplicate row")
    check(record.report["new"]["reactions"] == BIG_IMPORT_ROWS, "the import's report counts them all as new")
    finisher = (
        DBTaskResult.objects.filter(
            task_path__endswith="run_evidence_import", args_kwargs__args=[record.pk], status="SUCCESSFUL"
        )
        .values_list("worker_ids", flat=True)
        .first()
    )
    completed_by = worker_unit(finisher[-1]) if finisher else "?"
    print(f"  killed: {victim}; completed by: {completed_by}")
    results["worker_killed"] = {
        "rows": BIG_IMPORT_ROWS,
        "killed": victim,
        "completed_by": completed_by,
        "seconds_to_complete": round(time.perf_counter() - started, 1),
    }


# -- 4. load and graceful reloads --------------------------------------------------------------


def load_with_reloads(
    base: str, nodes: list[int], respondents: int, admins: int, results: dict[str, Any]
) -> None:
    print(f"load test: {respondents} respondents + {admins} admins through nginx, reloading each node")
    setup = load.prepare(respondents, admins)
    sections = load.team_sections(setup)
    reloads: list[str] = []

    def reload_nodes() -> None:
        for node in nodes:
            time.sleep(20)
            unitctl("reload", f"portevoix-web@{node}")  # SIGHUP to the gunicorn master
            reloads.append(f"node :{node} at {time.strftime('%H:%M:%S')}")

    stats, elapsed, confirmed = load.run_load(base, setup, sections, timeout=900, during=reload_nodes)
    stored, lost = load.verify(setup, confirmed)
    total = sum(len(v) for v in stats.latency.values())
    failed = sum(sum(kinds.values()) for kinds in stats.errors.values())

    shown = argparse.Namespace(respondents=respondents, admins=admins, workers=3, threads=4, json=False)
    with contextlib.suppress(SystemExit):  # judged below, with the reloads
        load.report(shown, stats, elapsed, len(confirmed), stored, len(sections), lost)
    print(f"  reloads: {', '.join(reloads)}")
    results["load"] = {
        "respondents": respondents,
        "admins": admins,
        "seconds": round(elapsed, 1),
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "failed_requests": failed,
        "confirmed": len(confirmed),
        "stored": stored,
        "lost": lost,
        "reloads": reloads,
        "load_average": os.getloadavg(),
        "rows": {
            kind: {
                "count": len(values),
                "p50_ms": round(1000 * load.percentile(values, 50)),
                "p95_ms": round(1000 * load.percentile(values, 95)),
                "p99_ms": round(1000 * load.percentile(values, 99)),
            }
            for kind, values in sorted(stats.latency.items())
        },
    }
    check(len(reloads) == len(nodes), "every node was reloaded during the load")
    check(failed == 0, f"{total:,} requests, none failed ({total / elapsed:.1f}/s)")
    check(
        len(confirmed) == respondents and lost == 0,
        f"{len(confirmed)} answers confirmed, {stored} stored, 0 lost",
    )


def metrics_after(nodes: list[int]) -> None:
    from django.conf import settings

    token = settings.PORTEVOIX_METRICS_TOKEN
    for node in nodes:
        _status, text = fetch(f"http://127.0.0.1:{node}/metrics", {"Authorization": f"Bearer {token}"})
        count = sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.decode().splitlines()
            if line.startswith("portevoix_request_duration_seconds_count{")
        )
        check(count > 0, f"node :{node} metrics count {count:,.0f} requests across its processes")


def database_sizes(results: dict[str, Any]) -> None:
    """What the data costs on disk, for docs/scaling.md (tables with their indexes)."""
    from django.db import connection

    sizes: dict[str, Any] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        sizes["database_mb"] = round(cursor.fetchone()[0] / 1e6, 1)
        for table in ("evidence_activity", "assessments_response", "django_tasks_database_dbtaskresult"):
            cursor.execute(f"SELECT pg_total_relation_size('{table}'), (SELECT count(*) FROM {table})")
            size, rows = cursor.fetchone()
            sizes[table] = {"rows": rows, "mb": round(size / 1e6, 1), "bytes_per_row": size // max(rows, 1)}
    print(f"database: {json.dumps(sizes)}")
    results["database"] = sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="nginx: https://127.0.0.1")
    parser.add_argument("--node-a", type=int, required=True)
    parser.add_argument("--node-b", type=int, required=True)
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--admins", type=int, default=20)
    parser.add_argument("--health-only", action="store_true")
    parser.add_argument("--results", help="also write the measures to this JSON file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside Playwright's loop
    import django

    django.setup()
    nodes = [args.node_a, args.node_b]
    results: dict[str, Any] = {}
    started = time.perf_counter()
    try:
        health(args.base, nodes)
        if not args.health_only:
            browser_smoke(args.base, nodes, results)
            worker_killed(results)
            load_with_reloads(args.base, nodes, args.respondents, args.admins, results)
            metrics_after(nodes)
            health(args.base, nodes)
            database_sizes(results)
    except CheckFailed as failure:
        print(f"  ✗ {failure}", file=sys.stderr)
        sys.exit(1)
    results["seconds"] = round(time.perf_counter() - started, 1)
    if not args.health_only:
        print(json.dumps(results, indent=2, default=str))
    if args.results:
        Path(args.results).write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
