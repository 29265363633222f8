"""Snapshots of the Priorities screen (key 5) at 120x36 on the demo workshop.

As for the other screens, each test runs in a fresh `tmp_path` made the working directory and
opens `demo.seamwork` by a relative name, with `SEAMWORK_NOW` pinned.
"""

from __future__ import annotations

import pytest
from pilot_support import SIZE, cleared, demo_workshop, settle
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


async def _priorities(pilot: Pilot[None], *keys: str) -> None:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def test_score_matrix_with_weights(snap_compare):
    """The demo's candidates × criteria with their 1–5 scores (column codes as in the weights
    panel beside it), the cursor on the first cell; under them the ranking with bars, phases
    and stable / fragile marks; the picked candidate and criterion explained on the right."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _priorities(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(run_before)
    )


def test_ranking_moves_when_a_weight_changes(snap_compare):
    """Effort and complexity weighed down from 3 to 1 in the weights panel (highlighted):
    Product and stock sync has overtaken Finance automation (3rd and 4th before), bars and
    marks follow; one score was cleared in the matrix first, so Customer master alignment reads
    "incomplete — missing: Operational impact" and is listed last, without a bar."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _priorities(pilot, "0", "tab")
        for key in ("down", "down", "down", "down", "down", "minus", "minus"):
            await pilot.press(key)
        await settle(pilot)
        names = pilot.app.screen.ranked_names()  # type: ignore[attr-defined]
        assert names.index("Product and stock sync") < names.index("Finance automation")

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(run_before)
    )


def test_value_effort_chart(snap_compare):
    """v: the 2×2 with its axes and the four quadrants labelled, each complete candidate
    plotted by its rank number (the picked one in brackets), the legend beside it."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _priorities(pilot, "v")

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(run_before)
    )


def test_roadmap(snap_compare):
    """v twice: phases 1, 2, 3 and the unphased, each with its candidates (rank, flows, manual
    hours a week), the flows they cover and the KPIs as baseline → target."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _priorities(pilot, "v", "v")

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(run_before)
    )
