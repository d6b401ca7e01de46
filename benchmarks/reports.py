"""Time to generate the codir board pack of the demo organisation, in each format.

Run: .venv/bin/python benchmarks/reports.py [--repeat N]
Builds the demo in a throwaway SQLite database (or uses DATABASE_URL if set), warms the process up
once (vl-convert starts its JavaScript engine on first use), then times building the sections and
rendering each format. Targets: PDF < 5 s, PPTX < 3 s, XLSX < 2 s (sections included).
The machine's load average is printed, and the CPU time used by the process (vl-convert's thread
included): on a shared machine the wall-clock time grows with the load, the CPU time much less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

TARGETS = {"pdf": 5.0, "pptx": 3.0, "xlsx": 2.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    parser.add_argument(
        "--quick", action="store_true", help="CI: small scale, correctness asserted, timings not judged"
    )
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1

    os.environ.setdefault("PORTEVOIX_DATA_DIR", tempfile.mkdtemp(prefix="pv-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from portevoix.reports.services import report_document, report_render
    from portevoix.tenancy.models import Organisation
    from portevoix.web.demo import demo_populate

    demo_populate()
    organisation = Organisation.objects.get(slug="demo")
    started = time.perf_counter()
    document = report_document(organisation=organisation, kind="board", language=args.lang)
    report_render(document, "xlsx")
    report_render(document, "pdf")
    warm_up = time.perf_counter() - started

    rows = []
    failed = False
    for fmt, target in TARGETS.items():
        totals, sections, sizes, cpu = [], [], [], []
        for _ in range(args.repeat):
            start, cpu_start = time.perf_counter(), time.process_time()
            document = report_document(organisation=organisation, kind="board", language=args.lang)
            built = time.perf_counter()
            data = report_render(document, fmt)
            totals.append(time.perf_counter() - start)
            cpu.append(time.process_time() - cpu_start)
            sections.append(built - start)
            sizes.append(len(data))
            assert data[:4] in (b"%PDF", b"PK\x03\x04"), f"{fmt}: not a PDF nor an Office file"
        median = statistics.median(totals)
        ok = median < target
        failed |= not ok
        rows.append(
            (
                fmt,
                statistics.median(sections),
                median,
                max(totals),
                statistics.median(cpu),
                target,
                sizes[-1],
                ok,
            )
        )

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Board pack of the demo organisation ({args.lang}), {args.repeat} runs per format")
    print(
        f"first run (process warm-up, vl-convert start): {warm_up:.2f} s · load average {load:.2f} "
        f"on {os.cpu_count()} cores"
    )
    print(
        f"{'format':8} {'sections s':>11} {'median s':>9} {'max s':>7} {'cpu s':>7} {'target s':>9} "
        f"{'bytes':>9}  result"
    )
    for fmt, built, median, worst, cpu_median, target, size, ok in rows:
        print(
            f"{fmt:8} {built:11.2f} {median:9.2f} {worst:7.2f} {cpu_median:7.2f} {target:9.1f} {size:9d}  "
            f"{'ok' if ok else 'SLOW'}"
        )
    sys.exit(1 if failed and not args.quick else 0)


if __name__ == "__main__":
    main()
