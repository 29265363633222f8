"""How quickly priorities re-rank after a weight change. Prints figures; asserts nothing (speed
is reported, not tested). Usage:

    python scripts/bench_priorities.py [--runs 50] [--candidates 200] [--criteria 10]
                                       [--file-runs 20] [--no-file]

Pure ranking (models/scoring.py): 200 candidates scored 1..5 on 10 criteria (weights 1..5, two
of them costs, the others spread over the WSJF parts), all drawn from `random.Random(0)`, so
every run ranks the same workshop. Each run changes one weight (cycling through the criteria
and through 1..5) and times, by both methods:

- `rank`: the order alone;
- `rank_with_sensitivity`: the order plus the ±20% stable/fragile mark (each weight moved
  to 0.8x and 1.2x, one at a time: 2 x 10 extra re-rankings).

With a workshop file (unless --no-file): the same candidates and criteria are written with
`storage.queries.priorities` into a temporary file (flows from `storage.demo.generated_document`,
two per candidate), then each run times what the Priorities screen does when a weight changes:
`set_weight` (write and commit), `load_priorities` (read the board), `Priorities.ranking()` (rank
with sensitivity), and the three together.

Figures are median, min and max over the runs; on a shared machine the min says what the code
costs and the max what other programs added.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.enums import CriterionKind, ScoringMethod, WsjfPart  # noqa: E402
from models.scoring import (  # noqa: E402
    CandidateData,
    CriterionData,
    rank,
    rank_with_sensitivity,
)

PARTS = (WsjfPart.VALUE, WsjfPart.TIME_CRITICALITY, WsjfPart.RISK_REDUCTION)


def generated(
    candidates: int, criteria: int, seed: int = 0
) -> tuple[list[CriterionData], list[CandidateData]]:
    """The same criteria and fully scored candidates for the same arguments."""
    rng = random.Random(seed)
    crits = [
        CriterionData(
            f"Criterion {index:02d}",
            rng.randint(1, 5),
            CriterionKind.COST if index >= criteria - 2 else CriterionKind.BENEFIT,
            WsjfPart.JOB_SIZE if index >= criteria - 2 else PARTS[index % len(PARTS)],
        )
        for index in range(criteria)
    ]
    cands = [
        CandidateData(
            f"Candidate {index:03d}",
            scores={c.name: rng.randint(1, 5) for c in crits},
        )
        for index in range(candidates)
    ]
    return crits, cands


def timed(runs: int, step: Callable[[int], object]) -> list[float]:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        step(run)
        times.append(time.perf_counter() - start)
    return times


def line(label: str, times: list[float]) -> str:
    return (
        f"  {label:<42} median {statistics.median(times) * 1000:6.2f} ms"
        f"  min {min(times) * 1000:6.2f}  max {max(times) * 1000:6.2f}"
    )


def pure(args: argparse.Namespace) -> None:
    criteria, candidates = generated(args.candidates, args.criteria)
    print(
        f"pure ranking: {args.candidates} candidates x {args.criteria} criteria, "
        f"{args.runs} runs, one weight changed before each"
    )

    # The criteria after each run's weight change, made before the clock starts.
    moved = [
        [
            replace(c, weight=(run // len(criteria)) % 5 + 1) if i == run % len(criteria) else c
            for i, c in enumerate(criteria)
        ]
        for run in range(args.runs)
    ]
    for method in ScoringMethod:
        plain = timed(args.runs, lambda run, m=method: rank(candidates, moved[run], m))
        full = timed(
            args.runs, lambda run, m=method: rank_with_sensitivity(candidates, moved[run], m)
        )
        fragile = sum(
            1 for r in rank_with_sensitivity(candidates, criteria, method) if r.stable is False
        )
        print(f" {method.value} ({fragile} of {len(candidates)} fragile at the starting weights)")
        print(line("rank", plain))
        print(line("rank_with_sensitivity", full))


def with_file(args: argparse.Namespace) -> None:
    try:
        from storage.queries.priorities import (
            create_candidate,
            create_criterion,
            load_priorities,
            set_score,
            set_weight,
        )
    except ImportError as error:  # storage not built yet in this checkout
        print(f"with a file: skipped ({error})")
        return
    from storage.demo import generated_document, write_demo
    from storage.queries.flows import list_flows
    from storage.workshop_file import open_workshop

    criteria, candidates = generated(args.candidates, args.criteria)
    folder = Path(tempfile.mkdtemp(prefix="seamwork-bench-priorities-"))
    try:
        path = folder / "priorities.seamwork"
        started = time.perf_counter()
        flows = 2 * len(candidates)
        write_demo(path, document=generated_document(systems=100, data_objects=20, flows=flows))
        with open_workshop(path) as workshop, workshop.session() as session:
            flow_ids = [row.id for row in list_flows(session)]
            ids = {}
            for criterion in criteria:
                row = create_criterion(
                    session,
                    data={
                        "name": criterion.name,
                        "weight": int(criterion.weight),
                        "kind": criterion.kind.value,
                        "wsjf_part": criterion.wsjf_part.value,
                    },
                )
                ids[criterion.name] = row.id
            for index, candidate in enumerate(candidates):
                row = create_candidate(
                    session,
                    data={"name": candidate.name, "phase": index % 3 + 1},
                    flow_ids=flow_ids[2 * index : 2 * index + 2],
                )
                for name, value in candidate.scores.items():
                    set_score(session, candidate_id=row.id, criterion_id=ids[name], value=value)
        print(
            f"with a file: {len(candidates)} candidates, {len(criteria)} criteria, {flows} flows "
            f"(written in {time.perf_counter() - started:.1f} s), {args.file_runs} runs"
        )
        criterion_ids = list(ids.values())
        parts: dict[str, list[float]] = {"set": [], "load": [], "rank": [], "all": []}
        with open_workshop(path) as workshop, workshop.session() as session:
            for run in range(args.file_runs):
                criterion_id = criterion_ids[run % len(criterion_ids)]
                weight = (run // len(criterion_ids)) % 5 + 1
                start = time.perf_counter()
                set_weight(session, criterion_id=criterion_id, weight=weight)
                wrote = time.perf_counter()
                board = load_priorities(session)
                loaded = time.perf_counter()
                ranked = board.ranking()
                done = time.perf_counter()
                parts["set"].append(wrote - start)
                parts["load"].append(loaded - wrote)
                parts["rank"].append(done - loaded)
                parts["all"].append(done - start)
            method = board.method.value
        print(f" {method}, {sum(1 for r in ranked if r.rank is not None)} ranked")
        print(line("set_weight (write, commit)", parts["set"]))
        print(line("load_priorities", parts["load"]))
        print(line("Priorities.ranking() (with sensitivity)", parts["rank"]))
        print(line("set_weight + load_priorities + ranking", parts["all"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="runs of the pure ranking")
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--criteria", type=int, default=10)
    parser.add_argument("--file-runs", type=int, default=20, help="runs with a workshop file")
    parser.add_argument("--no-file", action="store_true", help="time the pure ranking only")
    args = parser.parse_args()
    if args.runs < 1 or args.file_runs < 1 or args.criteria < 3 or args.candidates < 1:
        parser.error("runs must be at least 1, criteria at least 3, candidates at least 1")
    pure(args)
    if not args.no_file:
        with_file(args)


if __name__ == "__main__":
    main()
