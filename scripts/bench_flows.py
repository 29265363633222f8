"""How quickly the Flows screen opens and filters on a large workshop. Prints figures; asserts
nothing (speed is reported, not tested). Usage:

    python scripts/bench_flows.py [--runs 5] [--systems 500] [--flows 5000] [--gc-freeze]

A workshop of 500 systems, 50 data objects and 5,000 flows (`storage.demo.generated_document`,
seed 0) is written to a temporary folder. Each run starts the real app headless at 120x36
(`run_test`), waits until the Systems screen has its rows, then times, from the first key press
to the moment the table shows the expected rows:

- open: `3` until the Flows table holds every flow (the first visit builds the screen, reads
  the flows and fills the table), then until every row has its findings badge (the findings
  are worked out once, after the rows are shown);
- filter: `/` then "System 0042" typed at 8 keys a second, from the last key until only that
  system's flows are shown;
- clear: escape until all flows are back;
- system filter: `y` until the list of systems is up; then "0042" typed, from enter until only
  that system's flows are shown.

It then splits the open time into its parts, measured the same way the screen does them: the
query, the findings, building the cells (all in a worker thread) and filling the table (on the
UI thread), so a slow figure says where the time goes. The rest is Textual building the screen
and drawing it, and the garbage collector: `--gc-freeze` shows how much of it is the collector
walking the objects the app holds anyway (the app itself does not freeze).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (120, 36)
SYSTEM = "System 0042"
TYPING = 0.125  # seconds between keys


async def _press(pilot: Pilot[None], *keys: str) -> asyncio.Task[None]:
    """Press keys without waiting for the app to go idle (`pilot.press` waits for that, and a
    worker still busy in the background would count against the figure)."""
    task = asyncio.create_task(pilot.press(*keys))
    await asyncio.sleep(0)
    return task


async def _until(pilot: object, condition: Callable[[], bool], timeout: float = 60.0) -> float:
    """Seconds until `condition` holds, checked every 5 ms by a bare sleep (a `pilot.pause`
    would make the app do work of its own each time, and slow down what is measured)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise SystemExit("timed out: the app never got there")
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


async def _run(
    path: Path, total: int, expected: int, fills: list[float], freeze: bool
) -> dict[str, float]:
    from tui.app import SeamworkApp
    from tui.dialogs.pick_name import PickNameDialog
    from tui.screens.flows import FlowsScreen
    from tui.widgets.flow_table import FlowTable

    original = FlowTable.show_page

    def timed_show(self: FlowTable, page: object) -> None:
        start = time.perf_counter()
        original(self, page)  # type: ignore[arg-type]
        fills.append(time.perf_counter() - start)

    FlowTable.show_page = timed_show  # type: ignore[method-assign]
    try:
        app = SeamworkApp(path)
        async with app.run_test(size=SIZE) as pilot:
            await _until(pilot, lambda: app.workshop is not None)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if freeze:
                gc.freeze()  # what the app has loaded so far is never traversed again

            def flows_shown(n: int) -> Callable[[], bool]:
                def check() -> bool:
                    screen = app.screen
                    if not isinstance(screen, FlowsScreen) or screen.total["flows"] is None:
                        return False
                    return screen.flows_table.row_count == n and len(screen.flows) == n

                return check

            figures: dict[str, float] = {}
            start = time.perf_counter()
            pressed = await _press(pilot, "3")
            await _until(pilot, flows_shown(total))
            figures["open"] = time.perf_counter() - start
            await _until(pilot, lambda: not app.screen.flow_table.findings_pending)  # type: ignore[attr-defined]
            figures["badges"] = time.perf_counter() - start
            await pressed
            await app.workers.wait_for_complete()

            # Typed as a quick typist does (8 keys a second); timed from the last key.
            keys = ["slash", *[c if c != " " else "space" for c in SYSTEM]]
            for key in keys[:-1]:
                await _press(pilot, key)
                await asyncio.sleep(TYPING)
            start = time.perf_counter()
            pressed = await _press(pilot, keys[-1])
            await _until(pilot, flows_shown(expected))
            figures["filter"] = time.perf_counter() - start
            await pressed
            await app.workers.wait_for_complete()

            start = time.perf_counter()
            pressed = await _press(pilot, "escape")
            await _until(pilot, flows_shown(total))
            figures["clear"] = time.perf_counter() - start
            await pressed
            await app.workers.wait_for_complete()

            start = time.perf_counter()
            pressed = await _press(pilot, "y")
            await _until(pilot, lambda: isinstance(app.screen, PickNameDialog))
            await pressed
            figures["picker"] = time.perf_counter() - start
            for key in SYSTEM[-4:]:
                await _press(pilot, key)
                await asyncio.sleep(TYPING)
            start = time.perf_counter()
            pressed = await _press(pilot, "enter")
            await _until(pilot, flows_shown(expected))
            figures["system"] = time.perf_counter() - start
            await pressed
            await pilot.press("ctrl+q")
        return figures
    finally:
        FlowTable.show_page = original  # type: ignore[method-assign]


def _parts(path: Path) -> dict[str, float]:
    """The open time's parts outside the app: query, findings, cells (the worker's work)."""
    from models.findings import findings_by_subject
    from storage.queries.flows import list_flows
    from storage.queries.readiness import findings_for
    from storage.workshop_file import open_workshop
    from tui.flow_cells import CellStyles, flow_cells

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        start = time.perf_counter()
        rows = list_flows(session)
        query = time.perf_counter() - start
        start = time.perf_counter()
        findings = findings_by_subject(findings_for(session))
        rules = time.perf_counter() - start
    start = time.perf_counter()
    styles = CellStyles()
    for row in rows:
        flow_cells(row, findings.get(row.ref, ()), styles)
    cells = time.perf_counter() - start
    return {"query": query, "findings": rules, "cells": cells}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--systems", type=int, default=500)
    parser.add_argument("--flows", type=int, default=5000)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() once the workshop is open, to see how much of the time is the "
        "garbage collector walking objects the app holds anyway",
    )
    args = parser.parse_args()

    from storage.demo import generated_document, write_demo
    from storage.queries.flows import list_flows
    from storage.workshop_file import open_workshop

    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-flows-"))
    try:
        path = folder / "large.seamwork"
        started = time.perf_counter()
        document = generated_document(systems=args.systems, data_objects=50, flows=args.flows)
        write_demo(path, document=document)
        print(
            f"workshop: {args.systems} systems, 50 data objects, {args.flows} flows "
            f"(written in {time.perf_counter() - started:.1f} s)"
        )
        with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
            expected = len(list_flows(session, text=SYSTEM))
        runs: list[dict[str, float]] = []
        fills: list[float] = []
        for _ in range(args.runs):
            runs.append(asyncio.run(_run(path, args.flows, expected, fills, args.gc_freeze)))
        parts = [_parts(path) for _ in range(args.runs)]

        def median(key: str, rows: list[dict[str, float]]) -> str:
            return f"{statistics.median(row[key] for row in rows):6.3f} s"

        full = [fill for fill in fills if fill > 0.02] or fills  # not the filtered pages
        lines = [
            (f"open the Flows screen: 3 -> {args.flows} rows shown", median("open", runs)),
            ("  ... and every findings badge", median("badges", runs)),
            (f"filter by text: last key of '{SYSTEM}' -> {expected} rows", median("filter", runs)),
            (f"clear the filter: escape -> {args.flows} rows", median("clear", runs)),
            ("filter by system: y -> the list of systems", median("picker", runs)),
            (f"  ... '{SYSTEM[-4:]}' typed, enter -> {expected} rows", median("system", runs)),
            ("where the open time goes:", ""),
            ("  query (list_flows, in the worker)", median("query", parts)),
            ("  findings (findings_for, in the worker, once)", median("findings", parts)),
            ("  cells (Text per cell, in the worker)", median("cells", parts)),
            (
                "  fill the table (UI thread, every row)",
                median("fill", [{"fill": f} for f in full]),
            ),
        ]
        print(
            f"runs: {args.runs} (median; headless run_test {SIZE[0]}x{SIZE[1]}, "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f}"
            f"{', gc.freeze()' if args.gc_freeze else ''})"
        )
        width = max(len(label) for label, _ in lines) + 2
        for label, figure in lines:
            print(f"{label:<{width}}{figure}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
