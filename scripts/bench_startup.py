"""Time to first paint and to visible rows, real app vs a bare Textual app, in tmux.

Prints figures; asserts nothing (speed is reported, not tested). Usage:

    python scripts/bench_startup.py [--runs 7]

Each run starts the program in a detached tmux pane of 120x36 and polls the pane's text every
5 ms. The first screen is the Overview: "first paint" is when the workshop name (or the bare
app's word) appears, "counts" when the demo's check count (read by the stdlib peek, before
storage has loaded) is on screen, "findings" when the readiness check's first finding code is
listed (storage loaded and every rule run). A second launch per run presses 2 the moment the
name shows, as a person would, and "Systems rows" is when the Systems panel shows its count
("10 systems"); that figure includes tmux delivering the key.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("ready")

Bare().run()
"""


def _pane_text(session: str) -> str:
    result = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    )
    return result.stdout


def time_until(
    command: list[str],
    markers: list[str],
    timeout: float = 20.0,
    keys_after: dict[str, str] | None = None,
) -> list[float]:
    """Seconds from launch until each marker is on screen (in order of appearance).

    `keys_after` maps a marker to keys typed into the pane as soon as that marker shows.
    """
    session = f"bench{time.monotonic_ns()}"
    found: dict[str, float] = {}
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "36", *command],
        check=True,
    )
    try:
        while len(found) < len(markers) and time.perf_counter() - start < timeout:
            text = _pane_text(session)
            now = time.perf_counter() - start
            for marker in markers:
                if marker not in found and marker in text:
                    found[marker] = now
                    keys = (keys_after or {}).get(marker)
                    if keys:
                        subprocess.run(["tmux", "send-keys", "-t", session, keys], check=False)
            time.sleep(0.005)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    if len(found) < len(markers):
        missing = [m for m in markers if m not in found]
        raise SystemExit(f"timed out waiting for {missing}; last screen:\n{_pane_text(session)}")
    return [found[marker] for marker in markers]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed for this benchmark.")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from storage.demo import write_demo
    from storage.peek import peek_overview
    from storage.probe import probe
    from storage.queries.readiness import load_readiness
    from storage.workshop_file import open_workshop

    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-"))
    demo = folder / "demo.seamwork"
    write_demo(demo)
    name = probe(demo).workshop_name or ""
    peek = peek_overview(demo)
    assert peek is not None
    counts_marker = f"of {peek.checks} reviewed"  # the Overview's checks line, from the peek
    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        first_code = load_readiness(session).findings[0].finding.code
    systems_marker = f"{peek.systems} systems"  # the Systems panel's count
    bare_script = folder / "bare.py"
    bare_script.write_text(BARE_APP)

    # Keep the tmux server up between runs: killing the last session stops the server, and a
    # new session started while it shuts down fails.
    subprocess.run(["tmux", "new-session", "-d", "-s", "bench-keepalive"], check=False)
    bare, paint, counts, findings, rows = [], [], [], [], []
    for _ in range(args.runs):
        bare.append(time_until([sys.executable, str(bare_script)], ["ready"])[0])
        app = [sys.executable, "-m", "tui", str(demo)]
        first, counted, found = time_until(app, [name[:30], counts_marker, first_code])
        paint.append(first)
        counts.append(counted)
        findings.append(found)
        # A second launch: 2 as soon as the name shows, then until the Systems count shows.
        rows.append(time_until(app, [name[:30], systems_marker], keys_after={name[:30]: "2"})[1])
    b, p, c, f, r = (statistics.median(x) for x in (bare, paint, counts, findings, rows))
    print(f"runs: {args.runs} (median, seconds from launch, tmux 120x36, {sys.version.split()[0]})")
    print(f"bare Textual app, first paint : {b:.3f}")
    print(f"Seamwork, first paint         : {p:.3f}  ({p / b:.2f}x bare; target <= 1.3x)")
    print(f"Overview counts visible       : {c:.3f}  ({c / b:.2f}x bare; target <= 2.5x)")
    print(f"Overview findings listed      : {f:.3f}  ({f / b:.2f}x bare)")
    print(f"Systems rows (2 at first paint): {r:.3f}  ({r / b:.2f}x bare; target <= 2.5x)")
    subprocess.run(["tmux", "kill-session", "-t", "bench-keepalive"], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
