"""Issue 17's benchmark: the L workshop on a PostgreSQL server beside the same workshop in a
file, measured as the user sees it, in a real terminal (tmux), in one run.

Prints a table; asserts nothing. Usage:

    python scripts/bench_server.py [--launches 3] [--edits 5]

A throw-away PostgreSQL is started for the run (tests/postgres_server.py: Debian's
binaries, a temporary data folder, removed afterwards). The L workshop of scripts/bench.py
(500 systems, 5,000 flows, the scenario library on every flow, 200 scored candidates) is built
as a file and copied whole to the server (`seamwork copy`'s code), so both hold the same rows.
Each launch runs `python -m tui WHERE` in a detached tmux pane of 120x36 (scripts/bench.py's
`Terminal`, polled every 10 ms) and times, as the median of the launches:

- first paint: the workshop's name on screen, from the start;
- editable: `2` and `a` sent at first paint, until the Add system form shows;
- filter on Flows: `/` and "System 0042" typed at 8 keys a second, last key -> only its rows;
- weight -: on Priorities, tab to the weights, `-`, until the ranking is redrawn;
- another writer's edit shown: the app on Systems; this script, as a second writer, sets the
  first system's vendor, and times from its commit's return to the pane showing the new
  vendor (`--edits` times per launch). On the server the app hears the commit (LISTEN/NOTIFY);
  a file has one editor, so there the app is opened read-only (`--read-only`) and follows the
  file with its once-a-second look, which is what a second window on a file sees.

The server's password goes to the app in PGPASSWORD, not on its command line.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

import bench  # noqa: E402  (scripts/bench.py: the generator, the terminal, the conditions)
import postgres_server  # noqa: E402  (tests/postgres_server.py: the throw-away server)

WORKSHOP = "bench"  # the server workshop's name


def command(where: str, *, read_only: bool = False) -> list[str]:
    extra = ["--read-only"] if read_only else []
    return ["env", "-u", "COLUMNS", "-u", "LINES", f"PYTHONPATH={ROOT}", sys.executable,
            "-m", "tui", *extra, where]  # fmt: skip


def launch_start(argv: list[str], folder: Path, name: str) -> dict[str, float]:
    term = bench.Terminal(argv, folder)
    try:
        out = {"first paint": term.until(lambda t: name in t, term.started, "the name")}
        term.keys("2")
        term.keys("a")
        out["editable: 2, a -> Add system"] = term.until(
            lambda t: "Add system" in t, term.started, "the Add system form"
        )
        return out
    finally:
        term.close()


def launch_keys(argv: list[str], folder: Path) -> dict[str, float]:
    """The weight on Priorities, then the filter on Flows."""
    term = bench.Terminal(argv, folder)
    out: dict[str, float] = {}
    try:
        term.until(bench.findings_listed, term.started, "findings")
        term.keys("5")
        term.until(lambda t: "Ranking" in t and "Candidate 0" in t, term.started, "Priorities")
        term.keys("Tab")
        before, still = bench.ranking(term.text()), time.perf_counter()
        while time.perf_counter() - still < 1.0:  # until the ranking has stopped changing
            time.sleep(0.1)
            now = bench.ranking(term.text())
            if now != before:
                before, still = now, time.perf_counter()
        sent = term.keys("-")
        out["weight - -> ranking redrawn"] = term.until(
            lambda t: bench.ranking(t) != before, sent, "a new ranking"
        )
        term.keys("+")  # back as it was, for the next launch
        term.until(lambda t: bench.ranking(t) == before, time.perf_counter(), "the ranking back")
        term.keys("3")
        term.until(lambda t: bench.FLOW_ROW.search(t), time.perf_counter(), "flow rows")
        for _ in range(2):
            time.sleep(1.0)
            term.until(lambda t: "Checking the findings" not in t, time.perf_counter(), "badges")
        term.keys("/")
        term.until(lambda t: "Clear filters" in t, time.perf_counter(), "the filter")
        for index, char in enumerate("System 0042"):
            if index:
                time.sleep(bench.TYPING)
            sent = term.keys("-l", char) if char != " " else term.keys("Space")
        out["filter on Flows, last key -> rows"] = term.until(
            bench.only_0042, sent, "filtered rows"
        )
        return out
    finally:
        term.close()


def launch_live(argv: list[str], folder: Path, where: str, edits: int, tag: str) -> list[float]:
    """Seconds from another writer's commit to the app's pane showing it, `edits` times."""
    from storage.queries.systems import get_system, update_system
    from storage.workshop_file import WorkshopFile, _engine, open_workshop

    term = bench.Terminal(argv, folder)
    delays: list[float] = []
    if where.endswith(".seamwork"):  # the app holds the editor's lock: write as ben_writes
        path = Path(where)
        writer = WorkshopFile(path=path, engine=_engine(path, read_only=False))
    else:
        writer = open_workshop(where)
    try:
        term.until(bench.findings_listed, term.started, "findings")
        term.keys("2")
        term.until(lambda t: "System 0000" in t, term.started, "a system row")
        time.sleep(1.5)  # opened and listening (or following)
        with writer.session() as session:
            row = get_system(session, name="System 0000")
            assert row is not None and row.id is not None
            system_id = row.id
        for number in range(edits):
            marker = f"{tag}{number}x"
            with writer.session() as session:
                update_system(session, system_id=system_id, data={"vendor": marker})
            done = time.perf_counter()
            delays.append(term.until(lambda t, m=marker: m in t, done, marker))
            time.sleep(0.7)  # not in step with the file follower's once-a-second look
        return delays
    finally:
        writer.close()
        term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--edits", type=int, default=5, help="edits timed per live launch")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("bench_server: tmux is not installed; it measures in a real terminal.")
    load = os.getloadavg()
    for package in ("models", "storage", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    server = postgres_server.start()
    if isinstance(server, str):
        raise SystemExit(f"bench_server: {server}.")
    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-server-"))
    try:
        from urllib.parse import urlsplit

        from storage.copy import copy_workshop
        from storage.location import parse_location
        from storage.workshop_file import open_workshop

        started = time.perf_counter()
        path, _, checks = bench.build(folder, "L", bench.SIZES["L"])
        print(f"L: built in {time.perf_counter() - started:.1f} s, {checks} checks", flush=True)
        url = f"{server.url}?workshop={WORKSHOP}"
        started = time.perf_counter()
        with open_workshop(path, read_only=True) as source:
            copy_workshop(source, parse_location(url))
        print(f"copied to the server in {time.perf_counter() - started:.1f} s", flush=True)
        parts = urlsplit(server.url)
        os.environ["PGPASSWORD"] = parts.password or ""
        shown_url = url.replace(f":{parts.password}@", "@")  # no password on the command line
        size = bench.SIZES["L"]
        name = f"Generated workshop ({size['systems']} systems, {size['flows']} flows)"
        # (where the writer writes, the app's argument, what its first paint shows)
        targets = {
            "file": (str(path), path.name, name),
            "server": (shown_url, shown_url, f"· {WORKSHOP}"),
        }
        figures: dict[str, dict[str, list[float]]] = {target: {} for target in targets}
        for launch in range(args.launches):
            for target, (where, argument, title) in targets.items():
                rows = {
                    **launch_start(command(argument), folder, title),
                    **launch_keys(command(argument), folder),
                }
                live = launch_live(
                    command(argument, read_only=target == "file"),
                    folder,
                    where,
                    args.edits,
                    f"L{launch}{target[0]}",
                )
                rows["another writer's edit -> shown (median)"] = statistics.median(live)
                rows["another writer's edit -> shown (worst)"] = max(live)
                for label, value in rows.items():
                    figures[target].setdefault(label, []).append(value)
                print(f"launch {launch + 1} {target}: done", flush=True)
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    after = os.getloadavg()
    print()
    print(f"load average (1 min) {load[0]:.2f} before, {after[0]:.2f} after; "
          f"{os.cpu_count()} cores; tmux 120x36; median of {args.launches} launches")  # fmt: skip
    print(f"{'what':<44}{'file':>12}{'server':>12}")
    for label in figures["file"]:
        file = statistics.median(figures["file"][label])
        server_value = statistics.median(figures["server"][label])
        print(f"{label:<44}{file:>10.3f} s{server_value:>10.3f} s")


if __name__ == "__main__":
    main()
