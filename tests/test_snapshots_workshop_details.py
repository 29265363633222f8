"""Snapshots of the workshop details form at 120x36: offered on a new file, opened with e on
the demo, and refusing an empty name.

As for the other snapshots, each test runs in a fresh `tmp_path` made the working directory and
opens its file by a relative name (the header reads the same on every machine), with
`SEAMWORK_NOW` pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import SIZE, cleared, demo_workshop, settle, until
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import SeamworkApp
from tui.dialogs.workshop_form import WorkshopForm
from tui.screens.overview import OverviewScreen

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


def _overview_filled(app: SeamworkApp) -> bool:
    """The Overview behind the form has its counts: the form can be offered before they load."""
    overview = app.get_screen_stack("overview")[0]
    return "Systems" in str(overview.query_one("#overview-details").render())


async def _form_shown(pilot: Pilot[None]) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, WorkshopForm))
    await until(pilot, lambda: _overview_filled(pilot.app))  # type: ignore[arg-type]
    # A dialog keeps the picture of the screen behind it from when it opened, and the form
    # can open before the Overview has loaded: a resize there and back repaints it all.
    width, height = SIZE
    await pilot.resize_terminal(width - 1, height)
    await pilot.resize_terminal(width, height)
    await settle(pilot)


async def _edit_on_the_demo(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await until(pilot, lambda: isinstance(pilot.app.screen, OverviewScreen))
    await until(pilot, lambda: pilot.app.screen.query_one("#findings-table").row_count > 0)
    await settle(pilot)
    await pilot.press("e")
    await _form_shown(pilot)


def test_details_offered_on_a_new_file(snap_compare):
    """A file this launch created: "Workshop details" over the Overview with the hint "A new
    workshop…", the name field focused holding the file's name "client", empty Client and
    Facilitator side by side, an empty Engagement notes box with its placeholder, and
    "ctrl+s save · esc skip" on the border."""
    assert snap_compare(
        SeamworkApp(Path("client.seamwork")), terminal_size=SIZE, run_before=cleared(_form_shown)
    )


def test_details_of_the_demo(snap_compare):
    """e on the demo's Overview: the form filled with Northwind's name, client and facilitator
    and the engagement notes wrapped over two lines; no hint, "esc cancel" on the border."""
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(_edit_on_the_demo)
    )


def test_details_refuse_an_empty_name(snap_compare):
    """The demo's form with the name emptied and ctrl+s pressed: the name field bordered in red
    with "Workshop name is required." under it; the form stays open."""

    async def refused(pilot: Pilot[None]) -> None:
        await _edit_on_the_demo(pilot)
        pilot.app.screen.query_one("#name", Input).value = ""
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(refused)
    )
