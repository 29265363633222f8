"""Undo and redo latency on the 5,000-flow workshop, from the key press to the changed screen.

Prints figures; asserts nothing (speed is reported, not tested). Usage:

    python scripts/bench_undo.py [--runs 10] [--launches 2]

A workshop of 500 systems, 50 data objects and 5,000 flows (`storage.demo.generated_document`,
seed 0) is written to a temporary folder, then one edit is made on each of three copies:

- Systems: a system "Aaa bench" added (it sorts first, so it is the top row);
- Flows: the owner of the first flow (System 0000 → System 0072) set to "Benchowner";
- Flows: a flow System 0000 → System 0001 added (it sorts first, so it is the top row); undo
  drops one row of 5,000, redo puts it back in its sorted place.

Each launch starts the real app in a detached tmux pane of 120x36, shows the screen (2 or 3),
waits for its rows, then presses ctrl+z and ctrl+y in turn, `--runs` times each, polling the
pane's text every 2 ms: a figure is the time from `tmux send-keys` until the pane shows the
change (Systems: the top row is gone / back; Flows: the top row's owner is Finance /
Benchowner, or the added flow's row is gone / back; not the count in the panel's corner, which
the toast covers), and until the toast ("Undid: …") shows. The same is measured for a bare
Textual app whose ctrl+z repaints one word, which is what tmux and a terminal cost anyway; the
ratio is to that. The storage part alone (`undo_step` and `redo_step` in this process, no
screen) is printed too. Goal: under 50 ms each.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = ("120", "36")
BENCH_SYSTEM = "Aaa bench"
BENCH_OWNER = "Benchowner"
FIRST_FLOW = ("System 0000", "System 0072")
ADDED_FLOW = ("System 0000", "System 0001", "Data object 000")  # no such flow: it sorts first

BARE_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

class Bare(App):
    BINDINGS = [Binding("ctrl+z", "flip('undone')"), Binding("ctrl+y", "flip('redone')")]

    def compose(self):
        yield Static("ready", id="word")

    def action_flip(self, word):
        self.query_one("#word", Static).update(word)

Bare().run()
"""


def _pane(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def _wait(session: str, condition: Callable[[str], bool], timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while True:
        text = _pane(session)
        if condition(text):
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"timed out; last screen:\n{text}")
        time.sleep(0.002)


def _press(
    session: str, key: str, condition: Callable[[str], bool], toast: str
) -> tuple[float, float]:
    """Seconds from sending `key` until the pane shows `toast`, and until `condition` holds
    for its text (the changed screen)."""
    start = time.perf_counter()
    subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
    seen: dict[str, float] = {}
    while len(seen) < 2:
        text = _pane(session)
        now = time.perf_counter() - start
        if "toast" not in seen and toast in text:
            seen["toast"] = now
        if "screen" not in seen and condition(text):
            seen["screen"] = now
        if now > 30:
            raise SystemExit(f"timed out; last screen:\n{text}")
        time.sleep(0.002)
    return seen["toast"], seen["screen"]


def _launch(command: list[str]) -> str:
    session = f"benchundo{time.monotonic_ns()}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", SIZE[0], "-y", SIZE[1], *command],
        check=True,
    )
    return session


def _has_bench_row(text: str) -> bool:
    """Whether the Systems table shows the bench system's row (not just the toast's words)."""
    return any(BENCH_SYSTEM in line and "Other" in line for line in text.splitlines())


def _top_flow_row(text: str) -> str:
    """The first row of the Flows table as the pane shows it."""
    for line in text.splitlines():
        if "System 0000 → System 0072" in line and "Data object" in line:
            return line
    return ""


def _has_added_flow(text: str) -> bool:
    """Whether the Flows table shows the added flow's row (the toast writes "->", not "→")."""
    return "System 0000 → System 0001" in text


def measure(
    command: list[str],
    screen_key: str | None,
    ready: Callable[[str], bool],
    undone: Callable[[str], bool],
    redone: Callable[[str], bool],
    runs: int,
    toasts: tuple[str, str] = ("Undid: ", "Redid: "),
) -> dict[str, list[float]]:
    session = _launch(command)
    try:
        _wait(session, lambda text: "Generated workshop" in text or "ready" in text)
        if screen_key:
            time.sleep(0.5)  # the storage imports finish before the screen is asked for
            subprocess.run(["tmux", "send-keys", "-t", session, screen_key], check=True)
        _wait(session, ready)
        time.sleep(1.0)  # background work after the first rows (findings badges) is done
        figures: dict[str, list[float]] = {}
        for _ in range(runs):
            for what, key, condition, marker in (
                ("undo", "C-z", undone, toasts[0]),
                ("redo", "C-y", redone, toasts[1]),
            ):
                toast, screen = _press(session, key, condition, marker)
                figures.setdefault(f"{what} toast", []).append(toast)
                figures.setdefault(what, []).append(screen)
                time.sleep(0.3)
        return figures
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def storage_only(path: Path, runs: int) -> dict[str, list[float]]:
    from storage.queries.undo import redo_step, undo_step
    from storage.workshop_file import open_workshop

    undo, redo = [], []
    deadline = time.perf_counter() + 20
    workshop = open_workshop(path)
    while workshop.read_only and time.perf_counter() < deadline:  # the app is still exiting
        workshop.close()
        time.sleep(0.2)
        workshop = open_workshop(path)
    with workshop:
        for _ in range(runs):
            with workshop.session() as session:
                start = time.perf_counter()
                undo_step(session)
                undo.append(time.perf_counter() - start)
            with workshop.session() as session:
                start = time.perf_counter()
                redo_step(session)
                redo.append(time.perf_counter() - start)
    return {"undo": undo, "redo": redo}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--launches", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed for this benchmark.")
    from sqlmodel import select

    from models.tables import Flow
    from storage.demo import generated_document, write_demo
    from storage.queries.flows import create_flow, update_flow
    from storage.queries.systems import create_system, get_system
    from storage.workshop_file import open_workshop

    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-undo-"))
    try:
        base = folder / "large.seamwork"
        write_demo(base, document=generated_document(systems=500, data_objects=50, flows=5000))
        systems_file, flows_file = folder / "systems.seamwork", folder / "flows.seamwork"
        added_file = folder / "added.seamwork"
        for copy in (systems_file, flows_file, added_file):
            shutil.copyfile(base, copy)
        with open_workshop(added_file) as workshop, workshop.session() as session:
            source_name, target_name, object_name = ADDED_FLOW
            create_flow(session, source=source_name, target=target_name, data_object=object_name)
        with open_workshop(systems_file) as workshop, workshop.session() as session:
            create_system(session, data={"name": BENCH_SYSTEM})
        with open_workshop(flows_file) as workshop, workshop.session() as session:
            source, target = (get_system(session, name=name) for name in FIRST_FLOW)
            assert source is not None and target is not None
            flow = session.exec(
                select(Flow).where(Flow.source_id == source.id, Flow.target_id == target.id)
            ).first()
            assert flow is not None and flow.id is not None
            update_flow(session, flow_id=flow.id, data={"owner": BENCH_OWNER})

        subprocess.run(["tmux", "new-session", "-d", "-s", "bench-undo-keepalive"], check=False)
        bare_script = folder / "bare.py"
        bare_script.write_text(BARE_APP)
        app = [sys.executable, "-m", "tui"]
        figures: dict[str, list[float]] = {}

        def add(name: str, measured: dict[str, list[float]]) -> None:
            for key, values in measured.items():
                figures.setdefault(f"{name} {key}", []).extend(values)

        for _ in range(args.launches):
            add(
                "bare",
                measure(
                    [sys.executable, str(bare_script)],
                    None,
                    lambda text: "ready" in text,
                    lambda text: "undone" in text,
                    lambda text: "redone" in text,
                    args.runs,
                    toasts=("undone", "redone"),
                ),
            )
            add(
                "systems",
                measure(
                    [*app, str(systems_file)],
                    "2",
                    lambda text: "501 systems" in text and _has_bench_row(text),
                    lambda text: not _has_bench_row(text),
                    _has_bench_row,
                    args.runs,
                ),
            )
            add(
                "flows",
                measure(
                    [*app, str(flows_file)],
                    "3",
                    lambda text: BENCH_OWNER in _top_flow_row(text) and "5000 flows" in text,
                    lambda text: "Finance" in _top_flow_row(text),
                    lambda text: BENCH_OWNER in _top_flow_row(text),
                    args.runs,
                ),
            )
            add(
                "added",
                measure(
                    [*app, str(added_file)],
                    "3",
                    lambda text: _has_added_flow(text) and "5001 flows" in text,
                    lambda text: not _has_added_flow(text),
                    _has_added_flow,
                    args.runs,
                ),
            )
        subprocess.run(["tmux", "kill-session", "-t", "bench-undo-keepalive"], capture_output=True)
        add("storage (flow add)", storage_only(added_file, args.runs))
        add("storage (flow edit)", storage_only(flows_file, args.runs))
        add("storage (system add)", storage_only(systems_file, args.runs))

        def ms(name: str) -> float:
            return statistics.median(figures[name]) * 1000

        print(
            f"runs: {args.runs} x {args.launches} launches (median ms, key press to changed "
            f"screen, tmux {SIZE[0]}x{SIZE[1]}, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
        )
        print(f"{'':<44}{'toast':>8}{'screen':>9}{'x bare':>8}{'max':>8}")
        print(f"{'bare Textual app: ctrl+z / ctrl+y repaint':<44}{'':>8}"
              f"{ms('bare undo'):9.1f} / {ms('bare redo'):.1f}")  # fmt: skip
        for label, name in (
            ("Systems (500 rows), 'add system'", "systems"),
            ("Flows (5,000 rows), 'edit flow'", "flows"),
            ("Flows (5,000 rows), 'add flow'", "added"),
        ):
            for what in ("undo", "redo"):
                key = f"{name} {what}"
                ratio, worst = ms(key) / ms("bare " + what), max(figures[key]) * 1000
                print(f"{label + ': ' + what:<44}{ms(key + ' toast'):8.1f}{ms(key):9.1f}"
                      f"{ratio:8.1f}{worst:8.1f}")  # fmt: skip
        for name in ("storage (system add)", "storage (flow edit)", "storage (flow add)"):
            print(f"{name + ': undo_step / redo_step':<44}{'':>8}{ms(name + ' undo'):9.1f} / "
                  f"{ms(name + ' redo'):.1f}")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
