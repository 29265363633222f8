"""Issue 15's table, measured as the user sees it: the real app in a real terminal (tmux), on a
generated workshop of size L (and XL, twice as large), beside a bare Textual app in the same run.

Prints figures; asserts nothing. Usage:

    python scripts/bench.py [--sizes L,XL] [--launches 3] [--keep FOLDER]

L is 500 systems, 50 data objects, 5,000 flows (`storage.demo.generated_document`, seed 0),
the scenario library applied to every flow, and 10 criteria x 200 candidates, every score
given, 5 flows each; XL doubles every count. Each launch runs `python -m tui FILE` in a
detached tmux pane of 120x36 and polls the pane every 10 ms; every figure is the median of
the launches, from the moment the app was started (or the key was sent) until the pane showed
the change:

- first paint: the workshop's name on screen; the bare app's one word, the same way, is the
  ratio's denominator;
- `2` at first paint, a system row: the Systems screen with its first row;
- editable: `a` sent at that moment, until the "Add system" form shows (no key refused);
- Overview findings: the first finding row on the Overview (from the start); the first launch
  clears the findings the file keeps (as after an import) and is reported on a row of its own,
  the others find them kept (a launch that changed a weight ends once the app has kept the
  findings of now, as it does when the room is quiet a moment);
- first visit of Flows / Scenarios / Priorities: from the key to the screen's rows, each key
  pressed as soon as the screen before showed its rows (the file may still be opening: the
  screens show what they peek); and again in a launch of its own, each key pressed after a
  second on the screen before (as a room reads a screen before moving on);
- filter on Flows: `/` and "System 0042" typed at 8 keys a second, from the last key to only
  that system's flows;
- escape: all rows back;
- weight + / -: on Priorities, tab to the weights and - (the first weight may be 5 already),
  until the ranking is redrawn;
- interface matrix: m on Flows until its rows show, first and second time.

The bare app is also timed from a key to the word that key changes, measured as the key rows
are: the floor under every key row (tmux's delivery, the polling, Textual's key to frame).

The command-line rows run `seamwork import / export / check` as processes (wall time);
`check` runs twice: on the file as the app left it (its findings kept), then with none kept.
Headless figures (Pilot) are not used: what counts is the terminal. Without tmux the script
says so and prints only the command-line rows. The app's modules are byte-compiled first, as an
install compiles them (where PYTHONDONTWRITEBYTECODE is set, every launch compiled them anew).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

SIZES = {
    "L": {"systems": 500, "data_objects": 50, "flows": 5000, "candidates": 200, "criteria": 10},
    "XL": {"systems": 1000, "data_objects": 100, "flows": 10000, "candidates": 400, "criteria": 10},
}
GOALS = {  # issue 15: seconds, or a ratio to the bare app's first paint when it ends in "x"
    "first paint": "1.3x",
    "2 at first paint -> a system row": "2.5x",
    "editable: a -> Add system": "3x",
    "Overview findings listed": "1.0",
    "Overview findings, none kept yet": "1.0",
    "first visit Flows": "0.3",
    "first visit Scenarios": "0.3",
    "first visit Priorities": "0.3",
    "first visit Flows, after 1 s": "0.3",
    "first visit Scenarios, after 1 s": "0.3",
    "first visit Priorities, after 1 s": "0.3",
    "filter on Flows, last key -> rows": "0.05",
    "escape -> all rows back": "0.1",
    "weight + -> ranking redrawn": "0.05",
    "interface matrix, first open": "0.3",
    "interface matrix, later": "0.3",
    "seamwork import (new file)": "3.0",
    "export -f xlsx": "2.0",
    "export -f md": "1.0",
    "export -f html": "1.0",
    "export -f json": "1.0",
    "check": "1.0",
    "check, nothing kept": "1.0",
}
POLL = 0.01
TYPING = 0.125

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    BINDINGS = [("x", "press")]
    presses = 0

    def compose(self):
        yield Static("ready")

    def action_press(self):
        self.presses += 1
        self.query_one(Static).update(f"pressed {self.presses}")

Bare().run()
"""
BARE_KEYS = 5  # keys timed in each launch of the bare app


def document(size: dict[str, int]) -> dict[str, object]:
    """The generated workshop with criteria and scored candidates of 5 flows each."""
    from storage.demo import generated_document

    return generated_document(**size)


def build(folder: Path, name: str, size: dict[str, int]) -> tuple[Path, Path, int]:
    """The workshop file, its seamwork/1 source, and how many checks it holds."""
    from storage.demo import write_demo
    from storage.queries.scenarios import apply_library
    from storage.workshop_file import open_workshop

    source = folder / f"{name}.json"
    source.write_text(json.dumps(document(size)))
    path = folder / f"{name}.seamwork"
    write_demo(path, json.loads(source.read_text()))
    with open_workshop(path) as workshop, workshop.session() as session:
        checks = apply_library(session)
    return path, source, checks


class Terminal:
    """One process in a detached tmux pane of 120x36 on a private server."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.socket = f"seamwork-bench-{time.monotonic_ns()}"
        self.started = time.perf_counter()
        self._tmux("-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "120", "-y", "36",
                   "-c", str(cwd), " ".join(command))  # fmt: skip

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return done.stdout

    def text(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "b")

    def keys(self, *keys: str) -> float:
        self._tmux("send-keys", "-t", "b", *keys)
        return time.perf_counter()

    def until(
        self, condition: Callable[[str], object], since: float, what: str, timeout: float = 0
    ) -> float:
        """Seconds from `since` until the pane shows `condition`; `timeout`: give up with
        TimeoutError after that long (0: stop the benchmark after two minutes)."""
        deadline = time.perf_counter() + (timeout or 120)
        while True:
            text = self.text()
            if condition(text):
                return time.perf_counter() - since
            if time.perf_counter() > deadline:
                if timeout:
                    raise TimeoutError(what)
                raise SystemExit(f"the pane never showed {what}:\n{text}")
            time.sleep(POLL)

    def close(self) -> None:
        """End the process and wait until it has gone: an app still quitting while the next
        launch starts would take its CPU (first paint read 1.5x instead of 1.2x)."""
        pid = self._tmux("display", "-p", "-t", "b", "#{pane_pid}").strip()
        self._tmux("kill-server")
        deadline = time.perf_counter() + 30
        while pid.isdigit() and time.perf_counter() < deadline:
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)


def app_command(path: Path) -> list[str]:
    return ["env", "-u", "COLUMNS", "-u", "LINES", f"PYTHONPATH={ROOT}", sys.executable,
            "-m", "tui", path.name]  # fmt: skip


def launch_bare(folder: Path) -> tuple[float, list[float]]:
    """The bare app's first paint, and its key rows: from a key (x) to the word it changes,
    each a moment after the one before. The key rows are the floor of every key row below:
    what tmux, the polling and Textual's own key-to-frame take for a key that does nothing."""
    script = folder / "bare.py"
    script.write_text(BARE_APP)
    term = Terminal([sys.executable, str(script)], folder)
    try:
        first = term.until(lambda t: "ready" in t, term.started, "the bare app")
        keys = []
        for press in range(1, BARE_KEYS + 1):
            time.sleep(0.2)
            sent = term.keys("x")
            keys.append(term.until(lambda t, n=press: f"pressed {n}" in t, sent, "the word"))
        return first, keys
    finally:
        term.close()


FLOW_ROW = re.compile(r"System \d{4}\s*(?:→|⇄)\s*System \d{4}")


def launch_start(path: Path, name: str) -> dict[str, float]:
    """First paint, then `2` and `a` at once: the start-up rows."""
    term = Terminal(app_command(path), path.parent)
    try:
        out = {"first paint": term.until(lambda t: name in t, term.started, "the name")}
        sent = term.keys("2")
        out["2 at first paint -> a system row"] = term.until(
            lambda t: "System 0000" in t, term.started, "a system row"
        )
        del sent
        term.keys("a")
        out["editable: a -> Add system"] = term.until(
            lambda t: "Add system" in t, term.started, "the Add system form"
        )
        return out
    finally:
        term.close()


def findings_listed(text: str) -> bool:
    """The Overview lists a finding (its severity, then its code)."""
    return re.search(r"(Blocker|Warning)\s+[A-Z]+-", text) is not None


VISITS = (
    ("3", "Flows", lambda t: FLOW_ROW.search(t)),
    ("4", "Scenarios", lambda t: "reviewed ·" in t and "Scenario" in t),
    ("5", "Priorities", lambda t: "Ranking" in t and "Candidate 0" in t),
)


def launch_visits(path: Path) -> dict[str, float]:
    """Each screen's first visit, a second after the one before showed its rows."""
    term = Terminal(app_command(path), path.parent)
    out: dict[str, float] = {}
    try:
        term.until(findings_listed, term.started, "findings")
        for key, name, shown in VISITS:
            time.sleep(1.0)
            sent = term.keys(key)
            out[f"first visit {name}, after 1 s"] = term.until(shown, sent, name)
        return out
    finally:
        term.close()


def forget_findings(path: Path) -> None:
    """Drop the findings the file keeps (`storage.findings_cache`), as after an import: the
    next open works them out. Not a change of the workshop (the count does not move)."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("DELETE FROM findings_cache")
        connection.commit()
    finally:
        connection.close()


def launch_screens(path: Path, *, fresh: bool = False) -> dict[str, float]:
    """The Overview's findings, each screen's first visit, the filter, a weight, the matrix.

    `fresh`: with no findings kept in the file (its first open after an import), reported
    as a row of its own; the other launches find them kept by the one before."""
    if fresh:
        forget_findings(path)
    term = Terminal(app_command(path), path.parent)
    out: dict[str, float] = {}
    try:
        label = "Overview findings, none kept yet" if fresh else "Overview findings listed"
        out[label] = term.until(findings_listed, term.started, "findings")
        for key, name, shown in VISITS:
            sent = term.keys(key)
            out[f"first visit {name}"] = term.until(shown, sent, name)
        term.keys("Tab")  # to the weights, once the ranking has stopped changing
        before, still = ranking(term.text()), time.perf_counter()
        while time.perf_counter() - still < 1.0:
            time.sleep(0.1)
            now = ranking(term.text())
            if now != before:
                before, still = now, time.perf_counter()
        sent = term.keys("-")  # the first criterion may have weight 5 already: - always moves
        out["weight + -> ranking redrawn"] = term.until(
            lambda t: ranking(t) != before, sent, "a new ranking"
        )
        term.keys("+")  # back as it was, for the next launch
        term.until(lambda t: ranking(t) == before, time.perf_counter(), "the ranking back")
        term.keys("3")
        term.until(lambda t: FLOW_ROW.search(t), time.perf_counter(), "flow rows")
        # The weight just changed: the rows on show are those of before until the reload
        # (and its findings) comes; the filter is timed on the table as it settles.
        for _ in range(2):
            time.sleep(1.0)
            term.until(lambda t: "Checking the findings" not in t, time.perf_counter(), "badges")
        term.keys("/")
        term.until(lambda t: "Clear filters" in t, time.perf_counter(), "the filter")
        for index, char in enumerate("System 0042"):
            if index:
                time.sleep(TYPING)  # between keys, not after the last: the poll starts at once
            sent = term.keys("-l", char) if char != " " else term.keys("Space")
        out["filter on Flows, last key -> rows"] = term.until(only_0042, sent, "filtered rows")
        sent = term.keys("Escape")
        out["escape -> all rows back"] = term.until(
            lambda t: FLOW_ROW.search(t) and not only_0042(t), sent, "every row"
        )
        sent = term.keys("m")
        out["interface matrix, first open"] = term.until(
            lambda t: "Interface matrix" in t and "System 0" in t, sent, "the matrix"
        )
        term.keys("Escape")
        term.until(lambda t: "Interface matrix" not in t, time.perf_counter(), "the flows")
        sent = term.keys("m")
        out["interface matrix, later"] = term.until(
            lambda t: "Interface matrix" in t and "System 0" in t, sent, "the matrix"
        )
        # The weight changed and changed back: the app keeps the findings of now once the
        # room has been quiet a moment (as between two topics); the next launch reads them.
        deadline = time.perf_counter() + 30
        while not findings_kept(path) and time.perf_counter() < deadline:
            time.sleep(0.2)
        return out
    finally:
        term.close()


def findings_kept(path: Path) -> bool:
    """Whether the file keeps the findings of the workshop as it is now."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        kept = connection.execute("SELECT key FROM findings_cache").fetchone()
        count = connection.execute("SELECT value FROM change_count").fetchone()
    finally:
        connection.close()
    return bool(kept and count and kept[0].split("|")[0] == str(count[0]))


def ranking(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "Candidate" in line)


def only_0042(text: str) -> bool:
    rows = [line for line in text.splitlines() if FLOW_ROW.search(line)]
    return bool(rows) and all("System 0042" in row for row in rows)


def command_rows(path: Path, source: Path, folder: Path) -> dict[str, float]:
    """The command line, as processes: wall time of each."""
    seamwork = [sys.executable, "-m", "tui"]
    out: dict[str, float] = {}

    def timed(label: str, *args: str) -> None:
        start = time.perf_counter()
        done = subprocess.run([*seamwork, *args], capture_output=True, cwd=folder, text=True)
        out[label] = time.perf_counter() - start
        if done.returncode not in (0, 1):  # check exits 1 when a blocker exists
            raise SystemExit(f"{label}: exit {done.returncode}: {done.stderr}")

    target = folder / "imported.seamwork"
    target.unlink(missing_ok=True)
    timed("seamwork import (new file)", "import", str(target), str(source))
    for fmt in ("xlsx", "md", "html", "json"):
        timed(f"export -f {fmt}", "export", str(path), "-f", fmt, "-o", str(folder / f"x.{fmt}"))
    timed("check", "check", str(path))  # the app has kept the findings (`launch_screens`)
    forget_findings(path)
    timed("check, nothing kept", "check", str(path))
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="L,XL")
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep files in FOLDER")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="seamwork-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    tmux = shutil.which("tmux") is not None
    # As installed (`pipx install .` compiles every module): where PYTHONDONTWRITEBYTECODE is
    # set (this machine sets it), each launch would otherwise compile the app's ~160 modules
    # again, ~80 ms a start that no installed copy spends.
    for package in ("models", "storage", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    results: dict[str, dict[str, float]] = {}
    bare: list[float] = []
    bare_keys: list[float] = []
    try:
        for name in args.sizes.split(","):
            size = SIZES[name]
            path = folder / f"{name}.seamwork"
            source = folder / f"{name}.json"
            if not path.exists():
                started = time.perf_counter()
                path, source, checks = build(folder, name, size)
                print(f"{name}: built in {time.perf_counter() - started:.1f} s, "
                      f"{size['flows']} flows, {checks} checks", flush=True)  # fmt: skip
            figures: dict[str, list[float]] = {}
            if tmux:
                workshop = f"Generated workshop ({size['systems']} systems, {size['flows']} flows)"
                for launch in range(args.launches):
                    first, keys = launch_bare(folder)
                    bare.append(first)
                    bare_keys.extend(keys)
                    screens = launch_screens(path, fresh=launch == 0)
                    visits = launch_visits(path)
                    for part in (launch_start(path, workshop), screens, visits):
                        for label, value in part.items():
                            figures.setdefault(label, []).append(value)
            for label, value in command_rows(path, source, folder).items():
                figures.setdefault(label, []).append(value)
            results[name] = {label: median(values) for label, values in figures.items()}
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    report(results, median(bare) if bare else None, median(bare_keys) if bare_keys else None)


def report(
    results: dict[str, dict[str, float]], bare: float | None, bare_key: float | None
) -> None:
    names = list(results)
    print()
    if bare is None:
        print("tmux is not installed: the terminal rows are left out (no headless stand-in).")
    else:
        print(f"bare Textual app, first paint: {bare:.2f} s (tmux 120x36, median)")
    if bare_key is not None:
        print(f"bare Textual app, a key -> the word it changes: {bare_key * 1000:.0f} ms "
              "(the floor of the key rows: tmux, the 10 ms polling, Textual's frame)")  # fmt: skip
    head = f"{'what':<38}" + "".join(f"{n:>16}" for n in names) + f"{'goal':>10}"
    if len(names) > 1:
        head += f"{names[-1] + '/' + names[0]:>10}"
    print(head)
    for label, goal in GOALS.items():
        if not any(label in results[n] for n in names):
            continue
        cells = []
        for n in names:
            value = results[n].get(label)
            if value is None:
                cells.append(f"{'':>16}")
            elif goal.endswith("x") and bare:
                cells.append(f"{value:>8.2f} s {value / bare:>4.1f}x")
            else:
                cells.append(f"{value:>14.3f} s")
        line = f"{label:<38}" + "".join(cells) + f"{('≤ ' + goal):>10}"
        if len(names) > 1 and label in results[names[0]] and label in results[names[-1]]:
            line += f"{results[names[-1]][label] / results[names[0]][label]:>9.2f}x"
        print(line)


if __name__ == "__main__":
    main()
