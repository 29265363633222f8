"""Snapshots of the Overview screen and the Export dialog at 120x36 on the demo.

As for the other snapshots, each test runs in a fresh `tmp_path` made the working directory and
opens `demo.seamwork` by a relative name (the header and the export's destination read the
same on every machine), with `SEAMWORK_NOW` pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import SIZE, cleared, demo_workshop, settle, until
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


async def _overview(pilot: Pilot[None]) -> None:
    """The first screen with its findings listed (the readiness worker done)."""
    await settle(pilot)
    await until(pilot, lambda: pilot.app.screen.query_one("#findings-table").row_count > 0)
    await settle(pilot)


def test_overview_on_the_demo(snap_compare):
    """The first screen: the workshop, client and facilitator with its counts (systems, flows,
    data objects, candidates, checks reviewed and gaps); the readiness verdict in red with
    blockers, warnings and information counted per code in two columns, every code shown
    (ACTION-OVERDUE and PARKED-OPEN from the sessions among them); the findings, blockers first, the
    first one highlighted and told in full under the table with what it concerns."""
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(_overview)
    )


def test_export_dialog(snap_compare):
    """ctrl+e over the Overview: Markdown chosen, the destination demo.md beside the workshop,
    CSV as greyed out, an empty "changes since" field, Close and Export buttons."""

    async def open_export(pilot: Pilot[None]) -> None:
        await _overview(pilot)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: pilot.app.screen.id is None and bool(
            pilot.app.screen.query("#export-box")))  # fmt: skip
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(open_export)
    )


def test_export_dialog_after_an_export(snap_compare):
    """The same dialog after exporting HTML with changes since 2026-11-01: the progress bar
    full at 100% "Done" and the line "✔ Wrote demo.html" in green."""

    async def exported(pilot: Pilot[None]) -> None:
        from textual.widgets import Select

        await _overview(pilot)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: bool(pilot.app.screen.query("#export-box")))
        await settle(pilot)
        pilot.app.screen.query_one("#format", Select).value = "html"
        await pilot.pause()
        pilot.app.screen.query_one("#since", Input).value = "2026-11-01"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Wrote" in str(pilot.app.screen.query_one(
            "#export-result").render()))  # fmt: skip
        await settle(pilot)
        assert Path("demo.html").is_file()

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(exported)
    )
