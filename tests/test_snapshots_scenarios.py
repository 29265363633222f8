"""Snapshots of the Scenarios screen at 120x36 on the demo, with answers recorded by the test.

As for the Systems snapshots, each test runs in a fresh `tmp_path` made the working directory
and opens `demo.seamwork` by a relative name, with `SEAMWORK_NOW` pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import SIZE, cleared, demo_workshop, settle
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")

ORDERS = ("Shopify", "Sage X3", "Sales orders")
STOCK = ("Mintsoft WMS", "Shopify", "Stock")
ANSWERS = {
    ORDERS: {
        "Amended order": ("gap", "Customer services", False, "Edits after import are lost"),
        "Cancelled order": ("handled", "E-commerce", True, "Shopify cancels reach X3"),
        "Back order": ("accepted-risk", "Operations", False, "Rare; phoned through"),
    },
    STOCK: {
        "Late stock update": ("gap", "Operations", False, "Stock pushed once a night"),
        "Negative stock": ("handled", "Operations", True, "WMS blocks negative picks"),
    },
}


def reviewed_demo() -> Path:
    """The demo with a fixed review: only the order and stock flows below have checks, every
    answer set here (whatever the demo itself records, so the picture cannot drift)."""
    from storage.queries.scenarios import apply_library, delete_check, list_checks, update_check
    from storage.workshop_file import open_workshop

    path = demo_workshop()
    wanted = {ORDERS, STOCK}
    with open_workshop(path) as workshop, workshop.session() as session:
        for check in list_checks(session, include_retired=True):
            if (check.source, check.target, check.data_object) not in wanted:
                delete_check(session, check_id=check.id)
            else:
                update_check(
                    session, check_id=check.id, status="open", note="", owner="", uat=False
                )
        flows = {(c.source, c.target, c.data_object): c.flow_id for c in list_checks(session)}
        for ref in wanted - set(flows):
            flows[ref] = orders_flow_in(session, ref)
        for ref in sorted(wanted):
            apply_library(session, flow_id=flows[ref])
        for ref, answers in ANSWERS.items():
            checks = {c.scenario: c.id for c in list_checks(session, flow_id=flows[ref])}
            for title, (status, owner, uat, note) in answers.items():
                update_check(
                    session, check_id=checks[title], status=status, owner=owner, uat=uat, note=note
                )
    return path


def orders_flow_in(session: object, ref: tuple[str, str, str]) -> int:
    from storage.queries.scenarios import check_progress

    for flow in check_progress(session).flows:  # type: ignore[arg-type]
        if (flow.source, flow.target, flow.data_object) == ref:
            return flow.flow_id
    raise LookupError(ref)


def orders_flow(path: Path) -> int:
    from storage.queries.scenarios import check_progress
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        for flow in check_progress(session).flows:
            if (flow.source, flow.target, flow.data_object) == ORDERS:
                return flow.flow_id
    raise LookupError(ORDERS)


def test_checklist_mid_review(snap_compare):
    """Shopify → Sage X3: Sales orders, checks grouped by category with coloured statuses; the
    progress bar and the per-flow summary count the answers; the highlighted scenario's
    question is shown under the table, ready to read to the room."""
    path = reviewed_demo()
    flow = orders_flow(path)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = pilot.app.screen
        screen.show_flow(flow)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("h", "h", "g", "r", "n")
        await settle(pilot)

    assert snap_compare(SeamworkApp(path), terminal_size=SIZE, run_before=cleared(run_before))


def test_gaps_only_view(snap_compare):
    """G on the checklist: only the gaps, of every flow, each under its flow and category."""
    path = reviewed_demo()

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)

    assert snap_compare(SeamworkApp(path), terminal_size=SIZE, run_before=cleared(run_before))
