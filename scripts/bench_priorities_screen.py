"""Time the Priorities screen's re-rank after a weight change on 200 candidates x 10 criteria.

    python scripts/bench_priorities_screen.py

Builds a workshop with 200 scored candidates and 10 criteria in /tmp, opens the real app
headless at 120x36, shows the Priorities screen, then times (a) `rerank()` (ranking with the
±20% sensitivity check in models, plus redrawing the ranked list, the chart and the side
panel) and (b) the whole weight-change handler (re-rank plus queueing the save in a worker),
20 times each. The issue's target is under 50 ms.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make(path: Path) -> None:
    from storage.queries import priorities as P
    from storage.workshop_file import open_workshop

    rnd = random.Random(5)
    with open_workshop(path) as workshop, workshop.session() as session:
        P.ensure_default_criteria(session)
        for i in range(4):
            P.create_criterion(session, data={"name": f"Extra {i}", "weight": 2})
        criteria = P.list_criteria(session)
        for n in range(200):
            phase = rnd.choice([1, 2, 3, None])
            row = P.create_candidate(session, data={"name": f"Candidate {n:03d}", "phase": phase})
            for criterion in criteria:
                P.set_score(
                    session,
                    candidate_id=row.id,
                    criterion_id=criterion.id,
                    value=rnd.randint(1, 5),
                )


async def main() -> None:
    from tui.app import SeamworkApp
    from tui.widgets.weights import WeightsList

    path = Path(tempfile.mkdtemp()) / "big.seamwork"
    make(path)
    app = SeamworkApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        for key in ("", "5"):
            if key:
                await pilot.press(key)
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
        screen = app.screen
        assert len(screen.ranked) == 200, len(screen.ranked)  # type: ignore[attr-defined]
        rerank: list[float] = []
        for _ in range(20):
            start = time.perf_counter()
            screen.rerank()  # type: ignore[attr-defined]
            rerank.append(time.perf_counter() - start)
        weights = screen.weights  # type: ignore[attr-defined]
        criterion = weights.criterion_id
        handler: list[float] = []
        for i in range(20):
            start = time.perf_counter()
            screen._weighed(WeightsList.Changed(weights, criterion, 4 if i % 2 == 0 else 5))  # type: ignore[attr-defined]
            handler.append(time.perf_counter() - start)
            await pilot.pause()
        await app.workers.wait_for_complete()
    ms = 1000
    print(
        f"rerank(): median {statistics.median(rerank) * ms:.1f} ms, max {max(rerank) * ms:.1f} ms"
    )
    print(
        f"weight change (re-rank, redraw, save queued): median "
        f"{statistics.median(handler) * ms:.1f} ms, max {max(handler) * ms:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
