"""How long exporting a large workshop to every format takes. Prints figures; asserts nothing.
Usage:

    python scripts/bench_export.py [--runs 3] [--systems 500] [--flows 5000] [--library]
                                   [--since 2000-01-01]

A workshop of 500 systems, 50 data objects and 5,000 flows (`storage.demo.generated_document`, seed
0) is written to a temporary folder. Each run exports it to every format the way `seamwork export`
does: open the file read-only, one session, `storage.formats.export.export` to a file in the same
folder (text formats returned as text, as for standard output). The figure per format is the median
of the runs and includes reading the workshop; the total is the sum of the medians (the issue's
target: under 5 s). `--library` first applies the scenario library to every flow (tens of thousands
of checks), `--since` adds the changes section (every entity, as the whole file was written after
that date).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--systems", type=int, default=500)
    parser.add_argument("--flows", type=int, default=5000)
    parser.add_argument("--library", action="store_true", help="apply the scenario library")
    parser.add_argument("--since", help="add changes since this date (YYYY-MM-DD)")
    args = parser.parse_args()

    from storage.demo import generated_document, write_demo
    from storage.formats.export import FORMATS, TEXT_FORMATS, export
    from storage.queries.scenarios import apply_library, count_checks, ensure_library
    from storage.workshop_file import open_workshop

    since = None
    if args.since:
        day = datetime.fromisoformat(args.since)
        since = day.replace(tzinfo=UTC) if day.tzinfo is None else day
    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-export-"))
    try:
        path = folder / "big.seamwork"
        start = time.perf_counter()
        document = generated_document(systems=args.systems, data_objects=50, flows=args.flows)
        write_demo(path, document=document)
        checks = 0
        if args.library:
            with open_workshop(path) as workshop, workshop.session() as session:
                ensure_library(session)
                apply_library(session)
                checks = count_checks(session)
        print(
            f"workshop: {args.systems} systems, 50 data objects, {args.flows} flows, "
            f"{checks} checks (written in {time.perf_counter() - start:.1f} s)"
        )

        times: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
        sizes: dict[str, int] = {}
        for _ in range(args.runs):
            for fmt in FORMATS:
                target = None if fmt in TEXT_FORMATS else folder / f"out.{fmt}"
                start = time.perf_counter()
                with open_workshop(path, read_only=True) as workshop, workshop.session() as s:
                    options = {"since": since} if fmt not in ("json", "mermaid") else {}
                    result = export(s, fmt, target, **options)  # type: ignore[arg-type]
                times[fmt].append(time.perf_counter() - start)
                if isinstance(result, str):
                    sizes[fmt] = len(result.encode("utf-8"))
                elif result.is_dir():
                    sizes[fmt] = sum(p.stat().st_size for p in result.iterdir())
                else:
                    sizes[fmt] = result.stat().st_size

        print(
            f"runs: {args.runs} (median; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}{', since ' + args.since if since else ''})"
        )
        total = 0.0
        for fmt in FORMATS:
            median = statistics.median(times[fmt])
            total += median
            print(f"  {fmt:<8} {median:6.2f} s   {sizes[fmt] / 1_000_000:6.1f} MB")
        print(f"  {'total':<8} {total:6.2f} s   (target: under 5 s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
