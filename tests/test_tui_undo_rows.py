"""Undo and redo show just the rows they changed (issue 11's speed goal on 5,000 flows): the
table is not loaded again, other rows stay as they were, the cursor stays, a row that comes
back takes its sorted place and a filter still applies; the findings badges follow."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SAMPLE_SYSTEMS
from pilot_support import SIZE, settle, shown, until
from test_tui_session import on_flows as flows_screen
from textual.coordinate import Coordinate
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


def refs_shown(screen: FlowsScreen) -> list[str]:
    """The flows' refs in the order the table shows them."""
    table, rows = screen.flows_table, screen.flow_table.rows
    keys = (table.coordinate_to_cell_key(Coordinate(i, 0)).row_key for i in range(table.row_count))
    return [rows[str(key.value)].ref for key in keys]


def selected_ref(screen: FlowsScreen) -> str | None:
    row = screen.flow_table.selected
    return row.ref if row is not None else None


def findings_now(app: SeamworkApp, screen: FlowsScreen) -> dict[str, list[str]]:
    """The finding codes of the flows on show, as the file has them now, worked out afresh."""
    from models.findings import findings_by_subject
    from storage.queries.readiness import findings_for

    assert app.workshop is not None
    with app.workshop.session() as session:
        index = findings_by_subject(findings_for(session))
    shown = set(refs_shown(screen))
    return {
        ref: sorted(f.code for f in found) for ref, found in index.items() if ref in shown and found
    }


def findings_shown(screen: FlowsScreen) -> dict[str, list[str]]:
    index = screen.flow_table.index
    return {
        row.ref: sorted(f.code for f in index[row.ref])
        for row in screen.flow_table.rows.values()
        if index.get(row.ref)
    }


NEW_FLOW = "Stripe -> Power BI: Payments"


def add_new_flow(path: Any, *, then_delete: bool = False) -> list[str]:
    """Add NEW_FLOW (and delete it again): a new flow has nothing that goes with it, so its
    add and its delete touch the flow table alone. The refs in order with it there."""
    from storage.queries.flows import create_flow, delete_flow, list_flows
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        added = create_flow(session, source="Stripe", target="Power BI", data_object="Payments")
        order = [row.ref for row in list_flows(session)]
        if then_delete:
            delete_flow(session, flow_id=added.id)
    return order


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
    path = make_demo()
    order = add_new_flow(path, then_delete=True)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        table = screen.flows_table
        shown = lambda: [row.ref for row in screen.flow_table.rows.values()]  # noqa: E731
        ref = NEW_FLOW
        assert ref in order and ref not in shown()
        loaded = list(loads)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: ref in shown())
        assert loads == loaded
        assert refs_shown(screen) == order
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
        screen = await shown(pilot, "2", SystemsScreen)
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


async def test_undoing_a_flow_edit_puts_its_badge_right(make_demo, loads):
    path = make_demo()
    edit_flow(path, "Sage X3 -> Xero: Invoices", owner="")  # FLOW-NO-OWNER
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        ref = "Sage X3 -> Xero: Invoices"
        assert "FLOW-NO-OWNER" in findings_shown(screen)[ref]
        badge = lambda: column(screen.flows_table, "findings")[refs_shown(screen).index(ref)]  # noqa: E731
        before = badge()
        loaded = list(loads)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "FLOW-NO-OWNER" not in findings_shown(screen).get(ref, []))
        assert loads == loaded  # the badges followed without a reload
        assert findings_shown(screen) == findings_now(app, screen)
        assert badge() != before
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: "FLOW-NO-OWNER" in findings_shown(screen).get(ref, []))
        assert loads == loaded
        assert findings_shown(screen) == findings_now(app, screen)
        assert badge() == before


async def test_undoing_a_flow_add_drops_that_row_alone(make_demo, loads):
    path = make_demo()
    add_new_flow(path)
    ref = NEW_FLOW
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        table = screen.flows_table
        order = refs_shown(screen)
        assert ref in order
        table.move_cursor(row=order.index("Xero -> Power BI: Invoices"))  # below the added row
        await settle(pilot)
        kept = {k: v for k, v in screen.flow_table.rows.items() if v.ref != ref}
        loaded = list(loads)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: ref not in refs_shown(screen))
        assert loads == loaded
        assert refs_shown(screen) == [r for r in order if r != ref]
        assert selected_ref(screen) == "Xero -> Power BI: Invoices"  # on the same flow
        assert all(screen.flow_table.rows[k] is v for k, v in kept.items())  # others untouched
        assert "Stripe → Power BI" not in painted(table)
        assert screen.query_one("#flows-body").border_subtitle == "24 flows"
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: ref in refs_shown(screen))
        assert loads == loaded
        assert refs_shown(screen) == order
        assert selected_ref(screen) == "Xero -> Power BI: Invoices"
        assert screen.query_one("#flows-body").border_subtitle == "25 flows"


async def test_undoing_a_flow_delete_that_cascaded_brings_it_back_in_place(make_demo, loads):
    """A delete that took scenario checks and a candidate's place with it changed more than
    the flows: the table loads again (the fallback), and shows the flow where it was."""
    from storage.queries.flows import delete_flow, list_flows
    from storage.workshop_file import open_workshop

    path = make_demo()
    ref = "Mintsoft WMS -> ShipStation: Sales orders"
    with open_workshop(path) as workshop, workshop.session() as session:
        order = [row.ref for row in list_flows(session)]
        (flow,) = [row for row in list_flows(session) if row.ref == ref]
        delete_flow(session, flow_id=flow.id)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        assert ref not in refs_shown(screen)
        screen.flows_table.move_cursor(row=refs_shown(screen).index("Sage X3 -> Xero: Invoices"))
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: ref in refs_shown(screen))
        await settle(pilot, lambda: not screen.flow_table.findings_pending)
        assert refs_shown(screen) == order
        assert selected_ref(screen) == "Sage X3 -> Xero: Invoices"
        assert findings_shown(screen) == findings_now(app, screen)
        assert screen.query_one("#flows-body").border_subtitle == "24 flows"
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: ref not in refs_shown(screen))
        assert refs_shown(screen) == [r for r in order if r != ref]
        assert selected_ref(screen) == "Sage X3 -> Xero: Invoices"


async def test_a_flow_that_comes_back_outside_the_filter_stays_hidden(make_demo, loads):
    path = make_demo()
    add_new_flow(path, then_delete=True)
    ref = NEW_FLOW
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        await pilot.press("slash", *"xero", "enter")
        xero = [
            "Sage X3 -> Xero: Invoices",
            "Stripe -> Xero: Payments",
            "Xero -> Power BI: Invoices",
        ]
        await settle(pilot, lambda: refs_shown(screen) == xero)
        body = screen.query_one("#flows-body")
        assert body.border_subtitle == "3 of 24 flows"
        loaded = list(loads)
        await pilot.press("ctrl+z")  # the Stripe flow is back, but not "xero"
        await settle(pilot, lambda: body.border_subtitle == "3 of 25 flows")
        assert refs_shown(screen) == xero
        assert loads == loaded
        await pilot.press("escape", "slash", *"stripe", "enter")
        stripe = [ref, "Stripe -> Sage X3: Payments", "Stripe -> Xero: Payments"]
        await settle(pilot, lambda: refs_shown(screen) == stripe)
        loaded = list(loads)
        await pilot.press("ctrl+y")  # gone again, from a filter it matched
        await settle(pilot, lambda: refs_shown(screen) == stripe[1:])
        assert body.border_subtitle == "2 of 24 flows"
        await pilot.press("ctrl+z")  # back, in its sorted place within the filter
        await settle(pilot, lambda: refs_shown(screen) == stripe)
        assert body.border_subtitle == "3 of 25 flows"
        assert loads == loaded


async def test_undoing_a_system_rename_puts_the_flow_routes_right(make_demo, loads):
    """A system's name shows in the flows' routes: the Systems table shows just that row
    again, and the Flows table, whose cells it changes, loads again (the fallback), whether
    it is in view or not."""
    from storage.queries.systems import get_system, update_system
    from storage.workshop_file import open_workshop

    path = make_demo()
    with open_workshop(path) as workshop, workshop.session() as session:
        stripe = get_system(session, name="Stripe")
        assert stripe is not None and stripe.id is not None
        update_system(session, system_id=stripe.id, data={"name": "Zz Stripe"})
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        flows = await on_flows(pilot)
        assert "Zz Stripe -> Xero: Payments" in refs_shown(flows)
        await pilot.press("2")
        await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        systems = app.screen
        assert isinstance(systems, SystemsScreen)
        names = lambda: column(systems.table, "name")  # noqa: E731
        assert names()[-1] == "Zz Stripe"
        loaded = list(loads)
        await pilot.press("ctrl+z")  # on Systems, Flows out of view
        await settle(pilot, lambda: "Stripe" in names())
        assert "SystemTable" not in loads[len(loaded) :]  # the Systems row alone
        assert names() == sorted(names(), key=str.casefold)
        await pilot.press("3")
        await settle(pilot, lambda: "Stripe -> Xero: Payments" in refs_shown(flows))
        assert not [ref for ref in refs_shown(flows) if "Zz Stripe" in ref]
        assert "Stripe → Xero" in painted(flows.flows_table)
        await pilot.press("ctrl+y")  # on Flows, in view
        await settle(pilot, lambda: "Zz Stripe -> Xero: Payments" in refs_shown(flows))
        assert not [ref for ref in refs_shown(flows) if ref.startswith("Stripe ")]
        tail = ["Zz Stripe -> Sage X3: Payments", "Zz Stripe -> Xero: Payments"]
        assert refs_shown(flows)[-2:] == tail  # sorted by the new name
        await settle(pilot, lambda: not flows.flow_table.findings_pending)
        assert findings_shown(flows) == findings_now(app, flows)


async def test_rows_added_dropped_and_placed_in_one_go_are_drawn_in_order() -> None:
    """The table helpers a patch uses: inside `moving_rows` the rows come, go and are put in
    order, and the table is laid out once at the end; an order naming other rows is refused."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from tui.widgets.table import Table

    class Rows(App[None]):
        def compose(self) -> ComposeResult:
            yield Table()

    app = Rows()
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(Table)
        table.add_column("Name", key="name")
        table.add_keyed_rows((key, [Text(key)]) for key in ("b", "c", "d", "e"))
        table.move_cursor(row=2)  # on "d"
        await pilot.pause()
        assert painted(table).split()[1:] == ["b", "c", "d", "e"]
        relaid: list[bool] = []  # each layout the table asks for
        original = table.refresh

        def refresh(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("layout"):
                relaid.append(True)
            return original(*args, **kwargs)

        table.refresh = refresh  # type: ignore[method-assign]
        with table.moving_rows():
            table.drop_row("c")
            table.append_row("a", [Text("a")])
            table.append_row("ee", [Text("ee")])
            assert relaid == []
            assert not table.place_rows(["a", "b", "d", "e"])  # one missing
            assert not table.place_rows(["a", "b", "d", "e", "e"])  # one twice
            assert table.place_rows(["a", "b", "d", "e", "ee"])
        assert relaid == [True]
        table.move_cursor(row=table.get_row_index("d"))
        await pilot.pause()
        assert column(table, "name") == ["a", "b", "d", "e", "ee"]
        assert painted(table).split()[1:] == ["a", "b", "d", "e", "ee"]
        relaid.clear()
        assert table.place_rows(["a", "b", "d", "e", "ee"])  # as they are: nothing moves
        assert relaid == []


async def test_each_result_is_handled_once(make_demo, monkeypatch):
    """Textual calls the handler of every class along the MRO itself, so a handler that also
    called `super()` ran its base's twice: every Flows page was filled twice, every undo
    patched twice, the opened workshop announced twice."""
    from collections import Counter

    from tui.widgets.entity_table import EntityTable

    counts: Counter[str] = Counter()
    for cls, name in (
        (EntityTable, "show_page"),
        (FlowTable, "apply_patch"),
        (FlowTable, "refresh_badges"),
        (SeamworkApp, "workshop_opened"),
        (SeamworkApp, "reload_agenda"),
    ):
        original = getattr(cls, name)

        def spy(
            self: Any, *args: Any, original: Any = original, name: str = name, **kw: Any
        ) -> Any:
            counts[name] += 1
            return original(self, *args, **kw)

        monkeypatch.setattr(cls, name, spy)
    path = make_demo()
    edit_flow(path, "Sage X3 -> Xero: Invoices", owner="Qq owner")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_flows(pilot)
        assert counts["workshop_opened"] == 1
        assert counts["reload_agenda"] == 1
        shown = counts["show_page"]
        assert shown <= 2  # the rows before their badges, then with them
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "Qq owner" not in column(screen.flows_table, "owner"))
        assert (counts["apply_patch"], counts["refresh_badges"]) == (1, 1)
        assert counts["show_page"] == shown


async def test_an_undo_while_the_badges_are_still_coming_leaves_none_pending(
    make_demo, monkeypatch
):
    """A large table shows its rows before their findings ("…"): an undo in between must not
    leave a badge pending for good (the patch dropped the page that would fill them)."""
    import threading

    import storage.queries.readiness as snapshot
    import tui.screens.flows as flows_module

    monkeypatch.setattr(flows_module, "LARGE_TABLE", 0)  # every table is "large" here
    gate, armed = threading.Event(), threading.Event()
    original = snapshot.findings_for

    def held(*args: Any, **kwargs: Any) -> Any:
        if armed.is_set():
            assert gate.wait(60)
        return original(*args, **kwargs)

    monkeypatch.setattr(snapshot, "findings_for", held)
    path = make_demo()
    edit_flow(path, "Sage X3 -> Xero: Invoices", owner="Qq owner")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        armed.set()
        await pilot.press("3")
        await until(pilot, lambda: isinstance(app.screen, FlowsScreen))
        screen = app.screen
        assert isinstance(screen, FlowsScreen)
        table = screen.flows_table
        await until(pilot, lambda: screen.flow_table.findings_pending and table.row_count > 0)
        assert "…" in column(table, "findings")
        await pilot.press("ctrl+z")
        await until(pilot, lambda: "Qq owner" not in column(table, "owner"))
        gate.set()
        await settle(pilot, lambda: not screen.flow_table.findings_pending)
        assert "…" not in column(table, "findings")
        assert findings_shown(screen) == findings_now(app, screen)
