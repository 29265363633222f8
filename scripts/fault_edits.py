"""Kill the real app at random moments of its edits and count what the screen showed but the
file lost (issue 12, defect 1). Prints figures; the CI version is tests/test_faults_edits.py.

    python scripts/fault_edits.py [--trials 50] [--kinds system,score,weight,status,capture]
                                  [--how kill,term,hup,close] [--single] [--root TREE]

Each trial copies the demo workshop, runs the app in a detached tmux pane (tests/tmux_faults.py),
makes edits of one kind with random gaps, ends the app `how` (kill -9, SIGTERM, SIGHUP, or the
terminal closed) 0–40 ms after a random edit, and compares the last frame with the file.
`--single`: the issue's reproduction (one digit on Priorities, then the signal). `--root`: run
another source tree (e.g. an export of an older commit) to measure before a change.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> None:
    from tmux_faults import TRIALS, in_temporary_folder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--kinds", default=",".join(TRIALS))
    parser.add_argument("--how", default="kill")
    parser.add_argument("--single", action="store_true")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    in_temporary_folder("seamwork-faults-", lambda folder: run(args, folder))


def run(args: argparse.Namespace, folder: Path) -> None:
    from tmux_faults import TRIALS, opens_editable, score_trial
    from workshop_templates import new_demo

    print(f"tree {args.root}")
    print("kind     how    trials  edits shown  lost  trials losing  exit codes   reopens editable")
    for kind in args.kinds.split(","):
        for how in args.how.split(","):
            shown = lost = losing = editable = 0
            codes: dict[str, int] = {}
            start = time.monotonic()
            for n in range(args.trials):
                path = new_demo(folder / f"{kind}-{how}-{n}" / "r.seamwork")
                rng = random.Random(args.seed * 1000 + n)
                if args.single:
                    trial = score_trial(path, rng, how, root=args.root, single=True)
                else:
                    trial = TRIALS[kind](path, rng, how, root=args.root)
                shown += trial.shown
                lost += len(trial.lost)
                losing += bool(trial.lost)
                editable += opens_editable(path)
                code = "signal" if trial.status is None else str(trial.status)
                codes[code] = codes.get(code, 0) + 1
            said = " ".join(f"{code}×{count}" for code, count in sorted(codes.items()))
            print(
                f"{kind:8} {how:6} {args.trials:6}  {shown:11}  {lost:4}  {losing:13}  "
                f"{said:12} {editable}/{args.trials}   ({time.monotonic() - start:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
