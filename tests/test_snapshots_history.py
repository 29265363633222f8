"""Snapshots of the History dialog (palette: History), at 120x36 on fixed data, no toast."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_workshop
from pilot_support import SIZE, cleared, palette, settle, until
from textual.pilot import Pilot

from tui.app import SeamworkApp
from tui.dialogs.history import HistoryDialog

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


def test_history_snapshot(snap_compare):
    """The History dialog over Systems: newest first, who made each step (Ana Ruiz, Ben Ode,
    unknown for the file's creation), an undo, the undone edit struck through and marked, a
    discarded redo, and the file's creation as automatic; no toast."""
    path = write_workshop(Path("acme.seamwork"))
    from storage.actor import acting_as
    from storage.queries.systems import create_system, update_system
    from storage.queries.undo import undo
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        acting_as(session, "Ben Ode")
        create_system(session, data={"name": "Mintsoft"})
        acting_as(session, "Ana Ruiz")
        create_system(session, data={"name": "Stripe"})
        undo(session)
        xero = create_system(session, data={"name": "Xero", "category": "finance"})
        assert xero.id is not None
        update_system(session, system_id=xero.id, data={"criticality": 5})
        create_system(session, data={"name": "[red]Shopify[/] [@click=app.quit]"})
        undo(session)

    async def show(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await palette(pilot, "History")
        await until(pilot, lambda: isinstance(pilot.app.screen, HistoryDialog))

    assert snap_compare(SeamworkApp(path), terminal_size=SIZE, run_before=cleared(show))
