"""Undo and redo show just the rows they changed (issue 11's speed goal on 5,000 flows): the
table is not loaded again, other rows stay as they were, the cursor stays, a row that comes
back takes its sorted place and a filter still applies; the findings badges follow."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SAMPLE_SYSTEMS
from pilot_support import SIZE, settle, until
from test_tui_session import on_flows as flows_screen
from textual.pilot import Pilot

from tui.app import SeamworkApp
from tui.screens.flows import FlowsScreen
from tui.screens.systems import SystemsScreen
from tui.widgets.flow_table import FlowTable
from tui.widgets.system_table import SystemTable


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the tables that loaded all their rows, in order."""
    seen: list[str] = []
    for table in (FlowTable, SystemTable):
        original = table.start

        def start(self: Any, *args: Any, original: Any = original) -> None:
            seen.append(type(self).__name__)
            original(self, *args)

        monkeypatch.setattr(table, "start", start)
    return seen


def painted(table: Any) -> str:
    """The table's lines as they are drawn now (its caches included), not its data."""
    from textual.geometry import Region

    return "\n".join(strip.text for strip in table.render_lines(Region(0, 0, *table.size)))


def cells(table: Any, row: int) -> list[str]:
    return [cell.plain for cell in table.get_row_at(row)]


def column(table: Any, name: str) -> list[str]:
    index = [str(c.key.value) for c in table.ordered_columns].index(name)
    return [table.get_row_at(row)[index].plain for row in range(table.row_count)]


async def on_flows(pilot: Pilot[None]) -> FlowsScreen:
    """The Flows screen, its badges worked out."""
    screen = await flows_screen(pilot)
    await settle(pilot, lambda: not screen.flow_table.findings_pending)
    return screen


def edit_flow(path: Any, ref: str, **data: Any) -> None:
    from storage.queries.flows import list_flows, update_flow
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        (flow,) = [row for row in list_flows(session) if row.ref == ref]
        update_flow(session, flow_id=flow.id, data=data)


async def test_undoing_a_flow_edit_changes_that_row_alone(make_demo, loads):
    path = make_demo()
    edit_flow(path, "Sage X3 -> Xero: Invoices", owner="Qq owner")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        table = screen.flows_table
        row = next(i for i in range(table.row_count) if "Qq owner" in cells(table, i))
        table.move_cursor(row=row + 2)
        await settle(pilot)
        others = {key: value for key, value in screen.flow_table.rows.items()}
        loaded = list(loads)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Qq owner" not in column(table, "owner"))
        assert loads == loaded  # no table loaded again
        assert "Qq owner" not in painted(table)  # and the row is drawn anew
        assert table.cursor_row == row + 2
        (changed,) = [k for k, v in screen.flow_table.rows.items() if others[k] is not v]
        assert screen.flow_table.rows[changed].ref == "Sage X3 -> Xero: Invoices"
        assert screen.flow_table.rows[changed].owner != "Qq owner"
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: "Qq owner" in column(table, "owner"))
        assert loads == loaded
        assert "Qq owner" in painted(table)
        # The badge follows the findings: with no owner the flow has FLOW-NO-OWNER.
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Qq owner" not in column(table, "owner"))
        assert loads == loaded


async def test_a_flow_that_comes_back_takes_its_sorted_place(make_demo, loads):
    from storage.queries.flows import create_flow, delete_flow, list_flows
    from storage.workshop_file import open_workshop

    path = make_demo()
    with open_workshop(path) as workshop, workshop.session() as session:
        # A new flow has nothing that goes with it: its delete touches the flow table alone.
        gone = create_flow(session, source="Stripe", target="Power BI", data_object="Payments")
        order = [row.ref for row in list_flows(session)]
        delete_flow(session, flow_id=gone.id)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        table = screen.flows_table
        shown = lambda: [row.ref for row in screen.flow_table.rows.values()]  # noqa: E731
        ref = "Stripe -> Power BI: Payments"
        assert ref in order and ref not in shown()
        loaded = list(loads)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: ref in shown())
        assert loads == loaded
        refs = [screen.flow_table.rows[table.coordinate_to_cell_key((i, 0))[0].value].ref
                for i in range(table.row_count)]  # fmt: skip
        assert refs == order
        drawn = painted(table).splitlines()
        routes = [line.split()[0:3] for line in drawn[1:]]  # "Stripe → Power" …
        assert ["Stripe", "→", "Power"] in routes
        assert screen.query_one("#flows-body").border_subtitle == f"{len(order)} flows"


async def test_a_system_that_comes_back_is_placed_and_a_filter_still_applies(make_workshop, loads):
    from storage.queries.systems import create_system
    from storage.workshop_file import open_workshop

    path = make_workshop(SAMPLE_SYSTEMS)
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Netsuite"})
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        screen = app.screen
        assert isinstance(screen, SystemsScreen)
        table = screen.table
        names = lambda: column(table, "name")  # noqa: E731
        assert names() == ["Mintsoft", "Netsuite", "Sage X3", "Shopify", "Xero"]
        table.move_cursor(row=3)  # Shopify
        await settle(pilot)
        loaded = list(loads)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Netsuite" not in names())
        assert loads == loaded
        assert names()[table.cursor_row] == "Shopify"  # the cursor stayed on its row
        assert "Netsuite" not in painted(table)
        assert screen.query_one("#systems-body").border_subtitle == "4 systems"
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: "Netsuite" in names())
        assert names() == ["Mintsoft", "Netsuite", "Sage X3", "Shopify", "Xero"]
        assert names()[table.cursor_row] == "Shopify"
        drawn = painted(table)
        places = [drawn.index(name) for name in names()]
        assert places == sorted(places)  # drawn in that order too
        assert loads == loaded
        await pilot.press("slash", *"sh", "enter")  # only Shopify matches
        await settle(pilot, lambda: names() == ["Shopify"])
        await pilot.press("ctrl+z")  # Netsuite goes: not shown anyway
        await settle(pilot)
        await pilot.press("ctrl+y")  # and comes back, but does not match "sh"
        await settle(pilot)
        assert names() == ["Shopify"]
        assert screen.query_one("#systems-body").border_subtitle == "1 of 5 systems"


async def test_a_minute_about_a_flow_updates_its_badge_alone(make_demo, loads):
    from tui.dialogs.capture_line import CaptureLine

    app = SeamworkApp(make_demo())
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        table = screen.flows_table
        flow = screen.flow_table.selected
        assert flow is not None
        before = list(screen.flow_table.index.get(flow.ref, ()))
        loaded = list(loads)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: bool(app.screen.query(CaptureLine)))
        await pilot.press(*"? Who owns it", "enter")
        await settle(pilot, lambda: not app.screen.query(CaptureLine))
        await settle(
            pilot, lambda: len(screen.flow_table.index.get(flow.ref, ())) == len(before) + 1
        )
        assert loads == loaded  # the rows were not loaded again
        assert [f.code for f in screen.flow_table.index[flow.ref]].count("PARKED-OPEN") == 1
        badge = column(table, "findings")[table.cursor_row]
        assert "ℹ" in badge
