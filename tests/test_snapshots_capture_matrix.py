"""Snapshots of quick capture, the interface matrix and one system's flows, at 120x36.

As in `test_snapshots_systems.py`: each test runs in a fresh `tmp_path` made the working
directory and opens its file by a relative name, so the header reads `demo.seamwork` on every
machine; timestamps are pinned with `SEAMWORK_NOW`; cursors never blink.
"""

from __future__ import annotations

import pytest
from pilot_support import SIZE, cleared, demo_workshop, on_systems, settle, type_text, until
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


async def _matrix(pilot: Pilot[None]) -> None:
    """The matrix over the Systems screen, as the Flows screen's m (or the palette) opens it."""
    from tui.screens.matrix import MatrixScreen

    await on_systems(pilot)
    pilot.app.push_screen(MatrixScreen())
    await until(pilot, lambda: pilot.app.screen.id == "matrix-screen")
    # The matrix loads in a worker; its side panel then names the highlighted pair.
    await settle(
        pilot, lambda: "Akeneo PIM" in str(pilot.app.screen.query_one("#matrix-cell").render())
    )


def test_matrix_on_the_demo(snap_compare):
    """Ten numbered systems, rows send to columns; counts in cells, Sage X3 → Mintsoft WMS red
    (a blocker), amber cells with findings (Mintsoft WMS → Shopify for its overdue action),
    the diagonal shaded; the cursor on Akeneo PIM → Shopify, both named in full in the side
    panel with the flow's finding code."""
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(_matrix)
    )


def test_cell_flows(snap_compare):
    """Enter on Sage X3 → Mintsoft WMS: two flows with frequency, mechanism, state and owner;
    Stock carries a red SOT-CONFLICT with its sentence, Sales orders says no findings."""

    async def open_cell(pilot: Pilot[None]) -> None:
        await _matrix(pilot)
        await pilot.press(*["down"] * 5, *["left"] * 4, "enter")
        await until(pilot, lambda: pilot.app.screen.id == "cell-flows")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(open_cell)
    )


def test_quick_capture_error(snap_compare):
    """Quick capture at the top: the grammar hint, the line "Shopify to ERP sales orders" kept,
    and under it in red the one sentence saying what was expected, with an example."""

    async def bad_line(pilot: Pilot[None]) -> None:
        from tui.dialogs.quick_capture import QuickCaptureDialog

        await on_systems(pilot)
        app = pilot.app
        assert isinstance(app, SeamworkApp) and app.workshop is not None
        app.push_screen(QuickCaptureDialog(app.workshop))
        await until(pilot, lambda: getattr(app.focused, "id", None) == "capture-input")
        await type_text(pilot, "Shopify to ERP sales orders")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.query_one("#capture-feedback").has_class("-error"))
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(bad_line)
    )


def test_quick_capture_preview_and_paste(snap_compare):
    """Quick capture with two lines pasted: numbered, each in the workshop's spellings
    ("shop" is Shopify, "sage" Sage X3), details in their own colours (Daily, API, approach
    connector, state manual, the # note); the second line's "gizmo" reversed in red as not
    understood with its sentence; under the line, "2 lines pasted: enter records all 2"."""

    async def pasted(pilot: Pilot[None]) -> None:
        from textual import events

        from tui.dialogs.quick_capture import QuickCaptureDialog

        await on_systems(pilot)
        app = pilot.app
        assert isinstance(app, SeamworkApp) and app.workshop is not None
        app.push_screen(QuickCaptureDialog(app.workshop))
        await until(pilot, lambda: getattr(app.focused, "id", None) == "capture-input")
        app.post_message(
            events.Paste(
                "shop -> sage: Returns, daily via api connector, currently manual # ask Ana\n"
                "Sage X3 -> Xero: Invoices via gizmo\n"
            )
        )
        await until(pilot, lambda: app.screen.query_one("#capture-batch").display)
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(pasted)
    )


def test_system_flows(snap_compare):
    """f on Sage X3: its details line, Inbound · 5 flows (From …) and Outbound · 9 flows (To …)
    with frequency, mechanism, state and a findings count in amber or red."""

    async def flows_of_sage(pilot: Pilot[None]) -> None:
        await on_systems(pilot)
        await pilot.press(*["down"] * 5, "f")
        await until(pilot, lambda: pilot.app.screen.id == "system-flows-screen")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=SIZE, run_before=cleared(flows_of_sage)
    )
