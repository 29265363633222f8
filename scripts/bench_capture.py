"""Capture-to-visible latency on the 5,000-flow workshop: ctrl+n on the Flows screen, a line
typed, enter, until the room sees it recorded.

Prints figures; asserts nothing (speed is reported, not tested). Usage:

    python scripts/bench_capture.py [--runs 10] [--launches 2]

The workshop of `bench_undo.py` (500 systems, 50 data objects, 5,000 flows, seed 0) gets one
session. Each launch starts the real app in a detached tmux pane of 120x36, shows the Flows
screen, waits for its rows, then `--runs` times: presses ctrl+n and times until the capture
line shows ("open"), types `d: Bench decision N` (not timed: that is the facilitator typing),
presses enter and times until "Recorded decision “Bench decision N”" shows ("visible": the line
says it at once, and a toast says it too), and until the line has closed with the toast on
screen ("closed"). A bare Textual app whose key repaints one word gives what tmux and a
terminal cost anyway; the ratio is to it. Goal: capture-to-visible under 50 ms.

Full garbage collections wait for a quiet moment (`tui.collector`), so runs are 0.3 s apart
with the facilitator typing, as in a workshop; a collection may still come between runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_undo import BARE_APP, ROOT, SIZE, _launch, _pane, _press, _wait  # noqa: E402

sys.path.insert(0, str(ROOT))

HINT = "d: decision · a: action"


def _timed(session: str, keys: list[str], shown: str) -> float:
    """Seconds from sending `keys` until the pane shows `shown`."""
    start = time.perf_counter()
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)
    while shown not in _pane(session):
        if time.perf_counter() - start > 30:
            raise SystemExit(f"timed out waiting for {shown!r}; last screen:\n{_pane(session)}")
        time.sleep(0.002)
    return time.perf_counter() - start


def measure_app(command: list[str], runs: int) -> dict[str, list[float]]:
    session = _launch(command)
    figures: dict[str, list[float]] = {"open": [], "visible": [], "closed": []}
    try:
        _wait(session, lambda text: "Generated workshop" in text)
        time.sleep(0.5)
        subprocess.run(["tmux", "send-keys", "-t", session, "3"], check=True)
        _wait(session, lambda text: "5000 flows" in text)
        time.sleep(1.0)  # the findings badges are filled in after the first rows
        for run in range(runs):
            figures["open"].append(_timed(session, ["C-n"], HINT))
            text = f"Bench decision {time.monotonic_ns() % 10**9} {run}"
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", f"d: {text}"], check=True)
            _wait(session, lambda pane, text=text: text in pane)
            said = f"Recorded decision “{text}”"

            def closed_with_toast(pane: str, said: str = said) -> bool:
                return said in pane and HINT not in pane

            visible, closed = _press(session, "Enter", closed_with_toast, said)
            figures["visible"].append(visible)
            figures["closed"].append(closed)
            time.sleep(0.3)
        return figures
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def measure_bare(script: Path, runs: int) -> list[float]:
    session = _launch([sys.executable, str(script)])
    figures: list[float] = []
    try:
        _wait(session, lambda text: "ready" in text)
        for run in range(runs):
            key, word = ("C-z", "undone") if run % 2 == 0 else ("C-y", "redone")
            figures.append(_timed(session, [key], word))
            time.sleep(0.1)
        return figures
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--launches", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed for this benchmark.")
    from storage.demo import generated_document, write_demo
    from storage.queries.meetings import create_meeting
    from storage.workshop_file import open_workshop

    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-capture-"))
    try:
        path = folder / "large.seamwork"
        write_demo(path, document=generated_document(systems=500, data_objects=50, flows=5000))
        with open_workshop(path) as workshop, workshop.session() as session:
            create_meeting(session, data={"date": "2026-12-04", "title": "Bench"})
        bare = folder / "bare.py"
        bare.write_text(BARE_APP)
        subprocess.run(["tmux", "new-session", "-d", "-s", "bench-capture-keepalive"], check=False)
        figures: dict[str, list[float]] = {"open": [], "visible": [], "closed": [], "bare": []}
        for _ in range(args.launches):
            figures["bare"].extend(measure_bare(bare, args.runs))
            for key, values in measure_app(
                [sys.executable, "-m", "tui", str(path)], args.runs
            ).items():
                figures[key].extend(values)
        subprocess.run(
            ["tmux", "kill-session", "-t", "bench-capture-keepalive"], capture_output=True
        )

        def ms(name: str) -> float:
            return statistics.median(figures[name]) * 1000

        print(
            f"runs: {args.runs} x {args.launches} launches (median ms, tmux {SIZE[0]}x{SIZE[1]}, "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f})"
        )
        print(f"{'':<52}{'median':>8}{'x bare':>8}{'max':>8}")
        print(f"{'bare Textual app: key to repainted word':<52}{ms('bare'):8.1f}")
        for label, name in (
            ("Flows (5,000 rows): ctrl+n to capture line shown", "open"),
            ("Flows (5,000 rows): enter to 'Recorded …' shown", "visible"),
            ("Flows (5,000 rows): enter to line closed, toast on", "closed"),
        ):
            print(f"{label:<52}{ms(name):8.1f}{ms(name) / ms('bare'):8.1f}"
                  f"{max(figures[name]) * 1000:8.1f}")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
