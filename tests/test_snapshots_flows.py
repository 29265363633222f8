"""Snapshots of the Flows screen, its data objects view and its dialogs, at 120x36 on the demo.

As for the Systems snapshots, each test runs in a fresh `tmp_path` made the working directory
and opens `demo.seamwork` by a relative name, so the header reads the same on every machine;
`SEAMWORK_NOW` pins timestamps and cursors never blink.
"""

from __future__ import annotations

import pytest
from pilot_support import SIZE, cleared, demo_workshop, settle, until
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


async def _flows(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("3")
    await until(pilot, lambda: pilot.app.screen.id == "flows-screen")
    await until(pilot, lambda: pilot.app.screen.query_one("#flows-table").row_count == 24)
    await settle(pilot)


def test_demo_flows_screen(snap_compare):
    """The demo's 24 flows by source → target (⇄ on Shopify ⇄ HubSpot), manual states amber,
    automated green, badges (⛔ 1 on Sage X3 → Mintsoft WMS: Stock, ⚠ on others, Mintsoft
    WMS → Shopify: Stock among them for its overdue action, ✓ on the rest), the first flow's
    FLOW-NO-OWNER spelled out under the table, "24 flows"."""
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(_flows)
    )


def test_demo_data_objects_view(snap_compare):
    """The Data objects view (title " Data objects " highlighted): nine objects, Sales orders
    with "— none" as source of truth, Stock in transit highlighted with "2 ⚠ disagree", and
    below it "⚠ Departments disagree" over Logistics' and Sales' definitions."""

    async def objects(pilot: Pilot[None]) -> None:
        await _flows(pilot)
        await pilot.press("v")
        await until(pilot, lambda: pilot.app.screen.query_one("#objects-table").row_count == 9)
        await pilot.press(*["down"] * 8)
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(objects)
    )


def test_flow_form_with_the_same_source_and_target(snap_compare):
    """The Add flow form: Xero as source and target, "Source and target must be different
    systems." in red under the outlined Target system; the other fields at their defaults."""

    async def same_ends(pilot: Pilot[None]) -> None:
        await _flows(pilot)
        await pilot.press("a")
        await until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "source")
        form = pilot.app.screen
        form.query_one("#source").value = "Xero"  # type: ignore[attr-defined]
        form.query_one("#target").value = "Xero"  # type: ignore[attr-defined]
        form.query_one("#data_object").value = "Invoices"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(form.query_one("#field-target").error))  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(same_ends)
    )


def test_delete_data_object_lists_its_flows(snap_compare):
    """A red "Delete data object" dialog for Stock: the four flows that go with it, listed as
    S -> T: O, then "It is removed … at once."; Cancel focused."""

    async def delete(pilot: Pilot[None]) -> None:
        await _flows(pilot)
        await pilot.press("v")
        await until(pilot, lambda: pilot.app.screen.query_one("#objects-table").row_count == 9)
        await pilot.press(*["down"] * 7, "d")
        await until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "cancel")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(delete)
    )
