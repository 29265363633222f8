"""The interface matrix and the per-system flows view, driven through the real app."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SAMPLE_SYSTEMS
from pilot_support import app_at, notified, palette, settle
from textual.pilot import Pilot
from textual.widgets import DataTable
from workshop_templates import new_demo

from tui.app import SeamworkApp
from tui.dialogs.cell_flows import CellFlowsDialog
from tui.labels import label
from tui.screens.matrix import MatrixScreen
from tui.screens.overview import OverviewScreen
from tui.screens.system_flows import SystemFlowsScreen
from tui.screens.systems import SystemsScreen
from tui.widgets.matrix_grid import MatrixGrid
from tui.widgets.sortable_table import SortableTable

SIZE = (120, 36)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return new_demo(tmp_path / "demo.seamwork")


def stored_matrix(path: Path | str, *, include_all: bool = False):  # -> InterfaceMatrix
    from storage.queries.flows import interface_matrix
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return interface_matrix(session, include_all=include_all)


def stored_findings(path: Path) -> dict[str, list[object]]:
    from models.findings import findings_by_subject
    from storage.queries.readiness import findings_for
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return findings_by_subject(findings_for(session))  # type: ignore[return-value]


async def open_matrix(pilot: Pilot[None]) -> MatrixScreen:
    """Through the command palette, as on any screen (read-only files too)."""
    from tui.commands import palette_commands

    assert "Interface matrix" in [command.name for command in palette_commands(pilot.app)]  # type: ignore[arg-type]
    await palette(pilot, "Interface matrix")
    screen = pilot.app.screen
    assert isinstance(screen, MatrixScreen), screen
    return screen


def grid(app: SeamworkApp) -> MatrixGrid:
    return app.screen.query_one(MatrixGrid)


def shown_count(grid_: MatrixGrid, source: str, target: str) -> int:
    """The number a person reads in the cell (0 for "·", or for "↔" alone)."""
    row, column = grid_.labels.index(source), grid_.labels.index(target)
    cell = grid_.cell(row, column)
    digits = "".join(ch for ch in (cell.text if cell else "") if ch.isdigit())
    return int(digits or 0)


async def move_cursor(pilot: Pilot[None], source: str, target: str) -> None:
    """Walk the cell cursor to (source, target) with the arrow keys."""
    grid_ = grid(pilot.app)  # type: ignore[arg-type]
    row, column = grid_.labels.index(source), grid_.labels.index(target)
    rows, columns = row - grid_.cursor.row, column - grid_.cursor.column
    await pilot.press(*(["down"] * rows if rows > 0 else ["up"] * -rows))
    await pilot.press(*(["right"] * columns if columns > 0 else ["left"] * -columns))
    await settle(pilot)
    assert tuple(grid_.cursor) == (row, column)


def cell_style(grid_: MatrixGrid, source: str, target: str):  # -> rich.style.Style
    """The style the cell's value is drawn in (the rendered line, not the data behind it)."""
    row, column = grid_.labels.index(source), grid_.labels.index(target)
    y = 1 + row * grid_.row_height - int(grid_.scroll_y)
    x = grid_.label_width + column * grid_.cell_width + 1 - int(grid_.scroll_x)
    position = 0
    for segment in grid_.render_line(y):
        if position <= x < position + segment.cell_length:
            return segment.style
        position += segment.cell_length
    raise AssertionError("cell not on screen")


# --- The matrix -------------------------------------------------------------------------------


async def test_the_matrix_counts_match_storage_on_the_demo(workshop_at):
    demo = workshop_at("demo", demo=True)  # a file, and on the server
    stored = stored_matrix(demo)
    app = app_at(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_matrix(pilot)
        grid_ = grid(app)
        assert grid_.labels == stored.systems
        for source in stored.systems:
            for target in stored.systems:
                assert shown_count(grid_, source, target) == stored.count(source, target), (
                    source,
                    target,
                )
        assert shown_count(grid_, "Shopify", "Sage X3") == 1
        assert shown_count(grid_, "Sage X3", "Mintsoft WMS") == 2
        assert grid_.cell(grid_.labels.index("Shopify"), grid_.labels.index("HubSpot")).text == "1↔"
        body = screen.query_one("#matrix-body")
        assert str(body.border_subtitle) == f"{stored.total} flows · {len(stored.systems)} systems"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)  # back where the palette was opened


async def test_enter_on_a_cell_lists_its_flows_with_their_findings(demo):
    findings = stored_findings(demo)
    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_matrix(pilot)
        await move_cursor(pilot, "Sage X3", "Mintsoft WMS")
        side = app.screen.query_one("#matrix-cell").render().plain  # type: ignore[union-attr]
        assert "Sage X3" in side and "Mintsoft WMS" in side and "2 flows" in side
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CellFlowsDialog)
        titles = [w.render().plain for w in dialog.query(".cell-flow-title")]  # type: ignore[union-attr]
        assert titles == [
            "Sage X3 → Mintsoft WMS: Sales orders",
            "Sage X3 → Mintsoft WMS: Stock",
        ]
        facts = [w.render().plain for w in dialog.query(".cell-flow-facts")]  # type: ignore[union-attr]
        assert all(" · " in fact for fact in facts)
        messages = [w.render().plain for w in dialog.query(".cell-issue-message")]  # type: ignore[union-attr]
        expected = [
            finding.message  # type: ignore[attr-defined]
            for ref in ("Sage X3 -> Mintsoft WMS: Sales orders", "Sage X3 -> Mintsoft WMS: Stock")
            for finding in findings.get(ref, [])
        ]
        assert messages == expected and any("source of truth" in m for m in messages)
        codes = [w.render().plain for w in dialog.query(".cell-issue-code")]  # type: ignore[union-attr]
        assert "■ SOT-CONFLICT" in codes
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MatrixScreen)
        # The mirror of a two-way flow is marked, and lists that flow as carrying data this way.
        await move_cursor(pilot, "HubSpot", "Shopify")
        mirror = grid(app).cell(grid(app).cursor.row, grid(app).cursor.column)
        assert mirror is not None and (mirror.text, mirror.mark) == ("↔", "muted")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellFlowsDialog)
        summary = app.screen.query_one("#cell-summary").render().plain  # type: ignore[union-attr]
        assert summary.startswith("0 flows · 1 two-way flow the other way")
        titles = [w.render().plain for w in app.screen.query(".cell-flow-title")]  # type: ignore[union-attr]
        assert titles == ["Shopify ↔ HubSpot: Customers"]
        await pilot.press("escape")
        await settle(pilot)
        # An empty cell lists nothing and says so.
        await move_cursor(pilot, "Xero", "Shopify")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MatrixScreen)
        assert any(n.message == "No flows from Xero to Shopify." for n in notified(app))


def expected_marks(path: Path) -> dict[tuple[str, str], str]:
    """Each non-empty cell's colour, from the stored findings: a blocker is red, else amber."""
    findings = stored_findings(path)
    marks = {}
    for key, cell in stored_matrix(path).cells.items():
        severities = {str(f.severity) for ref in cell.refs for f in findings.get(ref, [])}  # type: ignore[attr-defined]
        marks[key] = "error" if "blocker" in severities else ("warning" if severities else "")
    return marks


async def test_cells_with_findings_are_highlighted_blocker_over_warning(demo):
    expected = expected_marks(demo)
    # The demo has all three kinds: SOT-CONFLICT on Stock into Mintsoft WMS is a blocker.
    assert expected[("Sage X3", "Mintsoft WMS")] == "error"
    assert {"error", "warning", ""} <= set(expected.values())
    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_matrix(pilot)
        grid_ = grid(app)
        await move_cursor(pilot, "Xero", "Power BI")  # the cursor's colours sit elsewhere
        shown = {}
        for source, target in expected:
            cell = grid_.cell(grid_.labels.index(source), grid_.labels.index(target))
            assert cell is not None
            shown[(source, target)] = cell.mark
        assert shown == expected
        # And it is what is drawn: the cell's background is the mark's.
        error = grid_.get_component_rich_style("matrix-grid--error")
        warning = grid_.get_component_rich_style("matrix-grid--warning")
        assert error.bgcolor != warning.bgcolor
        for (source, target), mark in expected.items():
            if (source, target) == ("Xero", "Power BI"):
                continue
            drawn = cell_style(grid_, source, target).bgcolor
            if mark == "error":
                assert drawn == error.bgcolor, (source, target)
            elif mark == "warning":
                assert drawn == warning.bgcolor, (source, target)
            else:
                assert drawn not in (error.bgcolor, warning.bgcolor), (source, target)


async def test_the_highlight_goes_once_the_findings_are_dealt_with(demo):
    from storage.queries.flows import list_flows, update_flow

    fixable = {"FLOW-NO-OWNER", "FLOW-NO-ERROR-HANDLING", "SENSITIVE-UNREVIEWED"}
    findings = stored_findings(demo)
    matrix = stored_matrix(demo)
    source, target = next(
        key
        for key, cell in matrix.cells.items()
        if cell.count == 1
        and findings.get(cell.refs[0])
        and {f.code for f in findings[cell.refs[0]]} <= fixable  # type: ignore[attr-defined]
    )
    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_matrix(pilot)
        grid_ = grid(app)
        row, column = grid_.labels.index(source), grid_.labels.index(target)
        assert grid_.cell(row, column).mark == "warning"  # type: ignore[union-attr]
        assert app.workshop is not None
        with app.workshop.session() as session:
            (flow,) = [f for f in list_flows(session, system=source) if f.target == target]
            update_flow(
                session,
                flow_id=flow.id,
                data={"owner": "IT", "error_handling": "Alert and retry", "security": "Reviewed"},
            )
        app.workshop_changed("flow")
        await settle(pilot)
        assert grid_.cell(row, column).mark == ""  # type: ignore[union-attr]


async def test_only_systems_in_flows_until_t_shows_them_all(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    from storage.queries.flows import create_flow_capture
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        create_flow_capture(
            session, source="Shopify", target="Xero", data_object="Payments", create_missing=True
        )
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_matrix(pilot)
        assert grid(app).labels == ("Shopify", "Xero")
        status = screen.query_one("#matrix-status").render().plain  # type: ignore[union-attr]
        assert "2 without flows hidden" in status
        await pilot.press("t")
        await settle(pilot)
        assert grid(app).labels == ("Mintsoft", "Sage X3", "Shopify", "Xero")
        assert shown_count(grid(app), "Shopify", "Xero") == 1
        await pilot.press("t")
        await settle(pilot)
        assert grid(app).labels == ("Shopify", "Xero")


async def test_a_workshop_without_flows_says_so(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_matrix(pilot)
        empty = screen.query_one("#matrix-empty")
        assert empty.display and "No flows yet" in empty.render().plain  # type: ignore[union-attr]
        assert not grid(app).display
        await pilot.press("enter")  # nothing to open; nothing breaks
        await settle(pilot)
        assert app.screen is screen


async def test_a_large_workshop_scrolls_and_keeps_the_cursor_in_view(tmp_path):
    from storage.demo import generated_document, write_demo

    path = write_demo(
        tmp_path / "large.seamwork",
        generated_document(systems=60, data_objects=5, flows=400, seed=3),
    )
    stored = stored_matrix(path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_matrix(pilot)
        grid_ = grid(app)
        assert len(grid_.labels) == len(stored.systems) > 50
        assert grid_.virtual_size.width > grid_.size.width
        assert grid_.virtual_size.height > grid_.size.height
        await pilot.press("end", "pagedown", "pagedown", "pagedown", "pagedown")
        await settle(pilot)
        last = len(grid_.labels) - 1
        assert tuple(grid_.cursor) == (last, last)
        assert grid_.scroll_x > 0 and grid_.scroll_y > 0
        source, target = stored.systems[-2], stored.systems[-1]
        await pilot.press("up")
        await settle(pilot)
        assert shown_count(grid_, source, target) == stored.count(source, target)
        cell_style(grid_, source, target)  # on screen after scrolling


async def test_markup_in_names_is_literal_in_the_matrix(make_workshop):
    path = make_workshop([{"name": "[red]Shop"}, {"name": "[@click=app.quit]ERP"}])
    from storage.queries.flows import create_flow_capture
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        create_flow_capture(
            session,
            source="[red]Shop",
            target="[@click=app.quit]ERP",
            data_object="[b]Orders",
            create_missing=True,
        )
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_matrix(pilot)
        await move_cursor(pilot, "[red]Shop", "[@click=app.quit]ERP")
        side = app.screen.query_one("#matrix-cell").render().plain  # type: ignore[union-attr]
        assert "[red]Shop" in side and "[@click=app.quit]ERP" in side and "[b]Orders" in side
        await pilot.press("enter")
        await settle(pilot)
        titles = [w.render().plain for w in app.screen.query(".cell-flow-title")]  # type: ignore[union-attr]
        assert titles == ["[red]Shop → [@click=app.quit]ERP: [b]Orders"]
        assert app.is_running


# --- One system's flows -----------------------------------------------------------------------


def column(table: DataTable[object], index: int) -> list[str]:
    return [table.get_row_at(row)[index].plain for row in range(table.row_count)]


async def test_f_on_the_systems_screen_lists_inbound_and_outbound_flows(demo):
    from storage.queries.flows import flows_for_system
    from storage.workshop_file import open_workshop

    with open_workshop(demo, read_only=True) as workshop, workshop.session() as session:
        inbound, outbound = flows_for_system(session, name="Shopify")
    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # Systems; the first screen is the Overview
        await settle(pilot)
        systems = app.screen.query_one(SortableTable)
        names = [systems.get_row_at(row)[0].plain for row in range(systems.row_count)]
        systems.move_cursor(row=names.index("Shopify"))
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SystemFlowsScreen)
        assert str(screen.query_one("#system-flows-body").border_title) == "Shopify"
        details = screen.query_one("#system-flows-details").render().plain  # type: ignore[union-attr]
        assert "E-commerce" in details and "Head of e-commerce" in details
        into = screen.query_one("#system-flows-inbound", DataTable)
        out = screen.query_one("#system-flows-outbound", DataTable)
        title_in = screen.query_one("#system-flows-inbound-title").render().plain  # type: ignore[union-attr]
        title_out = screen.query_one("#system-flows-outbound-title").render().plain  # type: ignore[union-attr]
        assert title_in == f"Inbound · {len(inbound)} flows"
        assert title_out == f"Outbound · {len(outbound)} flows"
        assert column(into, 1) == [row.data_object for row in inbound]
        assert column(out, 1) == [row.data_object for row in outbound]
        # The two-way flow with HubSpot is in both tables, marked.
        assert "↔ HubSpot" in column(into, 0) and "↔ HubSpot" in column(out, 0)
        assert "Sage X3" in column(into, 0) and "Sage X3" in column(out, 0)

        def shown(value: object) -> str:
            return "—" if value is None else label(str(value))  # "—": not recorded

        assert column(into, 2) == [shown(row.frequency) for row in inbound]
        assert column(out, 3) == [shown(row.mechanism) for row in outbound]
        assert column(out, 4) == [shown(row.state) for row in outbound]
        assert "—" in column(into, 2)  # the demo's Akeneo flow has no frequency recorded
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)


async def test_a_system_without_flows_says_so(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("f")  # on Mintsoft, the first row
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SystemFlowsScreen)
        empty = screen.query_one("#system-flows-empty")
        assert empty.display
        assert empty.render().plain.startswith("Mintsoft has no flows yet")  # type: ignore[union-attr]
        assert not any(side.display for side in screen.query(".system-flows-side"))


async def test_the_matrix_opens_the_row_systems_flows(demo):
    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_matrix(pilot)
        await move_cursor(pilot, "Stripe", "Xero")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, SystemFlowsScreen)
        assert app.screen.system_name == "Stripe"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MatrixScreen)


# --- Start-up cost ----------------------------------------------------------------------------


def test_these_screens_import_nothing_heavy():
    """Imported lazily by others, but light anyway: storage loads in their workers."""
    code = textwrap.dedent(
        """
        import sys
        import tui.screens.matrix, tui.screens.system_flows, tui.dialogs.quick_capture
        import tui.dialogs.cell_flows, tui.widgets.matrix_grid
        heavy = {"sqlalchemy", "sqlmodel", "pydantic", "alembic"}
        loaded = [m for m in sys.modules if m.split(".")[0] in heavy]
        loaded += [m for m in sys.modules if m in ("models.tables", "models.validation")]
        loaded += [m for m in sys.modules if m.startswith("storage.")]
        assert not loaded, loaded
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


async def test_a_markup_looking_system_name_titles_its_flows_screen_literally(make_workshop):
    """A border title given a `str` is parsed as markup: the name must go in as `Content`."""
    name = "[bold]x [@click=app.quit]go"
    app = SeamworkApp(make_workshop([{"name": name}]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot, lambda: app.screen.query(SortableTable) and app.screen.query_one(
            SortableTable).row_count == 1)  # fmt: skip
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, SystemFlowsScreen))
        body = app.screen.query_one("#system-flows-body")
        await settle(pilot, lambda: body._border_title is not None)
        assert body._border_title is not None and body._border_title.plain == name
        assert not body._border_title.spans


async def test_the_matrix_is_kept_and_catches_up_with_changes_made_while_closed(demo):
    """Issue 15: opening the matrix again shows the same screen at once (no reload while
    nothing changed); a flow added while it was closed is in its cells when it is next
    opened, and the cells from before are never shown as current meanwhile."""
    from storage.queries.flows import create_flow

    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = await open_matrix(pilot)
        await settle(pilot)
        page = first.page
        assert page is not None
        await pilot.press("escape")
        await settle(pilot)
        again = await open_matrix(pilot)
        assert again is first and again.page is page  # shown as it was, not loaded again
        await pilot.press("escape")
        await settle(pilot)
        workshop = app.workshop
        assert workshop is not None
        with workshop.session() as session:
            create_flow(session, source="Shopify", target="Xero", data_object="Stock")
        app.workshop_changed("flow")
        await settle(pilot)
        assert first._stale  # told while closed, loaded when next shown
        reopened = await open_matrix(pilot)
        assert reopened is first and (grid(app).loading or first.page is not page)
        await settle(pilot, lambda: not grid(app).loading)
        stored = stored_matrix(demo)
        assert shown_count(grid(app), "Shopify", "Xero") == stored.count("Shopify", "Xero") >= 1
        assert first.page is not page


async def test_the_matrix_is_read_ahead_on_the_flows_screen_and_never_shown_stale(demo):
    """Issue 15: once the Flows screen shows its rows it reads the matrix's cells in the
    background, so m shows them at once (no read of its own); a change of the workshop drops
    the cells read ahead, and those read again count the flow just added."""
    from storage.queries.flows import create_flow

    app = SeamworkApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        flows = app.screen
        ahead = flows._matrix_page  # type: ignore[attr-defined]
        assert ahead is not None and ahead.cell("Shopify", "Xero") is None
        workshop = app.workshop
        assert workshop is not None
        with workshop.session() as session:
            create_flow(session, source="Shopify", target="Xero", data_object="Stock")
        app.workshop_changed("flow")
        await settle(pilot)
        again = flows._matrix_page  # type: ignore[attr-defined]
        assert again is not None and again is not ahead
        cell = again.cell("Shopify", "Xero")
        assert cell is not None and len(cell.flows) == 1
        await pilot.press("m")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        assert screen.page is again  # shown at once: not read again
        await settle(pilot)
        stored = stored_matrix(demo)
        assert grid(app).labels == stored.systems
        assert shown_count(grid(app), "Shopify", "Xero") == stored.count("Shopify", "Xero") == 1


async def test_escape_during_a_batch_still_repaints_the_screen_below(tmp_path):
    """The matrix closed while a widget was recomposing (its key bar, just opened): the Flows
    screen below asked to be painted while repaints were held, and nothing more made it idle,
    so the terminal kept the matrix (about one launch in ten at 10,000 flows). The end of the
    batch now looks at the screen showing."""
    from tui.screens.flows import FlowsScreen

    app = SeamworkApp(new_demo(tmp_path / "demo.seamwork"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MatrixScreen)
        with app.batch_update():  # as Widget.recompose holds repaints
            app.pop_screen()  # what escape does
            for _ in range(20):
                await asyncio.sleep(0.01)  # the loop runs (the pilot would nudge the screen)
            flows = app.screen
            assert isinstance(flows, FlowsScreen) and flows._repaint_required
        for _ in range(200):  # nothing else happens on the screen: no key, no timer of its own
            if not flows._repaint_required:
                break  # painted
            await asyncio.sleep(0.01)
        assert not flows._repaint_required
