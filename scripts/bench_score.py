"""What a score key costs the user: from the key to the repainted cell, in tmux.

Prints figures; asserts nothing. Usage:

    python scripts/bench_score.py [--runs 24] [--launches 2] [--root TREE ...]

The demo workshop is opened in a detached tmux pane of 120x36 (tests/tmux_faults.py), the
Priorities screen shown (5), then digits are typed into the score matrix one at a time, each to
another score than the cell had, and the pane is polled every 2 ms until the cell shows it.
Every score is committed in the key's own handler before the cell is drawn
(tui/screens/priorities.py). A bare Textual app (a digit repaints a word) is timed the same
way in the same run, for a ratio. Give `--root` several trees (e.g. an export of an older
commit, then this one) to compare them, launches alternating so a busy machine weighs on all
alike. The commit alone (`set_score` in a session of its own, in this process) is timed too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


BARE_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static

class Bare(App):
    BINDINGS = [Binding(d, f"show('{d}')") for d in "12345"]

    def compose(self):
        yield Static("score ·", id="cell")

    def action_show(self, digit):
        self.query_one("#cell", Static).update(f"score {digit}")

Bare().run()
"""


def bare(folder: Path, runs: int, rng: random.Random) -> list[float]:
    """The same key to repainted text in a bare Textual app, in the same tmux, for a ratio."""
    script = folder / "bare.py"
    script.write_text(BARE_APP)
    session = f"benchscorebare{time.monotonic_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "36",
                    sys.executable, str(script)], check=True)  # fmt: skip

    def text() -> str:
        done = subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                              capture_output=True, text=True)  # fmt: skip
        return done.stdout

    figures: list[float] = []
    try:
        while "score ·" not in text():
            time.sleep(0.01)
        time.sleep(0.5)
        shown = "·"
        for _ in range(runs):
            digit = rng.choice([d for d in "12345" if d != shown])
            start = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, digit], check=True)
            while f"score {digit}" not in text():
                time.sleep(0.002)
            figures.append(time.perf_counter() - start)
            shown = digit
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    return figures


def launch(path: Path, root: Path, runs: int, rng: random.Random) -> list[float]:
    from tmux_faults import Pane, matrix_shown, scores_in_file

    ids, before, _ = scores_in_file(path)
    names = sorted(before)
    figures: list[float] = []
    with Pane(path, root=root) as pane:
        pane.keys("5")
        pane.wait(
            lambda t: "Ranking ·" in t and len(matrix_shown(t, names, len(ids))) == len(names),
            "the score matrix",
        )
        time.sleep(1.0)  # the first load's work is done
        pane.keys("Enter")  # scoring mode: the digits score
        pane.wait(lambda t: "Scoring" in t, "scoring mode")
        rows = list(matrix_shown(pane.text(), names, len(ids)))  # top to bottom
        row, column = rows[0], 0
        for _ in range(runs):
            cells = matrix_shown(pane.text(), names, len(ids))[row]
            digit = rng.choice([d for d in "12345" if d != cells[column]])
            start = time.perf_counter()
            pane.keys(digit)
            while matrix_shown(pane.text(), names, len(ids)).get(row, [""] * 9)[column] != digit:
                if time.perf_counter() - start > 30:
                    raise SystemExit(f"the cell never changed:\n{pane.text()}")
                time.sleep(0.002)
            figures.append(time.perf_counter() - start)
            time.sleep(0.2)
            if column < len(ids) - 1:
                column += 1
            else:  # the row is scored: down to the next, back to the first criterion
                row = rows[(rows.index(row) + 1) % len(rows)]
                pane.keys("Down", *["Left"] * (len(ids) - 1))
                column = 0
                time.sleep(0.3)
    return figures


def commit_only(path: Path, runs: int) -> list[float]:
    from storage.queries.priorities import load_priorities, set_score
    from storage.workshop_file import open_workshop

    figures = []
    with open_workshop(path) as workshop:
        with workshop.session() as session:
            data = load_priorities(session)
        candidate, criterion = data.candidates[0], data.criteria[0]
        for n in range(runs):
            start = time.perf_counter()
            with workshop.session() as session:
                set_score(
                    session, candidate_id=candidate.id, criterion_id=criterion.id, value=1 + n % 5
                )
            figures.append(time.perf_counter() - start)
    return figures


def ms(figures: list[float]) -> str:
    ordered = sorted(figures)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms (n={len(ordered)})"
    )


def main() -> None:
    from tmux_faults import in_temporary_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24)
    parser.add_argument("--launches", type=int, default=2)
    parser.add_argument("--root", type=Path, action="append")
    args = parser.parse_args()
    in_temporary_folder("seamwork-bench-score-", lambda folder: run(args, folder))


def run(args: argparse.Namespace, folder: Path) -> None:
    from workshop_templates import new_demo

    roots = args.root or [ROOT]
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {load}")
    figures: dict[Path, list[float]] = {root: [] for root in roots}
    bare_figures: list[float] = []
    for n in range(args.launches):
        bare_figures += bare(folder, args.runs, random.Random(n))
        for root in roots:
            path = new_demo(folder / f"{n}-{roots.index(root)}" / "r.seamwork")
            figures[root] += launch(path, root, args.runs, random.Random(n))
    print(f"bare Textual app, key to repainted text: {ms(bare_figures)}")
    for root in roots:
        ratio = statistics.median(figures[root]) / statistics.median(bare_figures)
        print(f"key to repainted cell, {root}: {ms(figures[root])}, {ratio:.1f}x bare")
    path = new_demo(folder / "commit" / "r.seamwork")
    print(f"set_score commit alone: {ms(commit_only(path, 100))}")


if __name__ == "__main__":
    main()
