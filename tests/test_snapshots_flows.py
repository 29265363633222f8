"""Snapshots of the Flows screen, its data objects view and its dialogs, at 120x36 on the demo.

As for the Systems snapshots, each test runs in a fresh `tmp_path` made the working directory
and opens `demo.seamwork` by a relative name, so the header reads the same on every machine;
`SEAMWORK_NOW` pins timestamps and cursors never blink.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.app import SeamworkApp

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def fixed_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")


@pytest.fixture(autouse=True)
def cursors_do_not_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that never start blinking (see test_snapshots_systems.py for why this way)."""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


def demo_workshop() -> Path:
    from storage.demo import write_demo

    path = Path("demo.seamwork")
    write_demo(path)
    return path


async def _still(pilot: Pilot[None]) -> None:
    """Wait until the workshop is open and its rows are shown."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Pause until `condition` holds (dialogs mount a little later on a busy machine)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


async def _flows(pilot: Pilot[None]) -> None:
    await _still(pilot)
    await pilot.press("3")
    await _until(pilot, lambda: pilot.app.screen.id == "flows-screen")
    await _until(pilot, lambda: pilot.app.screen.query_one("#flows-table").row_count == 24)
    await _still(pilot)


def test_demo_flows_screen(snap_compare):
    """The demo's 24 flows by source → target (⇄ on Shopify ⇄ HubSpot), manual states amber,
    automated green, badges (⛔ 1 on Sage X3 → Mintsoft WMS: Stock, ⚠ 1 on five others, ✓ on
    the rest), the first flow's FLOW-NO-OWNER spelled out under the table, "24 flows"."""
    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=_flows)


def test_demo_data_objects_view(snap_compare):
    """The Data objects view (title " Data objects " highlighted): nine objects, Sales orders
    with "— none" as source of truth, Stock in transit highlighted with "2 ⚠ disagree", and
    below it "⚠ Departments disagree" over Logistics' and Sales' definitions."""

    async def objects(pilot: Pilot[None]) -> None:
        await _flows(pilot)
        await pilot.press("v")
        await _until(pilot, lambda: pilot.app.screen.query_one("#objects-table").row_count == 9)
        await pilot.press(*["down"] * 8)
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=objects)


def test_flow_form_with_the_same_source_and_target(snap_compare):
    """The Add flow form: Xero as source and target, "Source and target must be different
    systems." in red under the outlined Target system; the other fields at their defaults."""

    async def same_ends(pilot: Pilot[None]) -> None:
        await _flows(pilot)
        await pilot.press("a")
        await _until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "source")
        form = pilot.app.screen
        form.query_one("#source").value = "Xero"  # type: ignore[attr-defined]
        form.query_one("#target").value = "Xero"  # type: ignore[attr-defined]
        form.query_one("#data_object").value = "Invoices"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: bool(form.query_one("#field-target").error))  # type: ignore[attr-defined]
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=same_ends)


def test_delete_data_object_lists_its_flows(snap_compare):
    """A red "Delete data object" dialog for Stock: the four flows that go with it, listed as
    S -> T: O, then "It is removed … at once."; Cancel focused."""

    async def delete(pilot: Pilot[None]) -> None:
        await _flows(pilot)
        await pilot.press("v")
        await _until(pilot, lambda: pilot.app.screen.query_one("#objects-table").row_count == 9)
        await pilot.press(*["down"] * 7, "d")
        await _until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "cancel")
        await _still(pilot)

    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=delete)
