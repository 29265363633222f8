"""The tables of Systems, Flows and the interface matrix at a projector's 80x24 and 100x30
(issue 13): a column out of sight is marked in the header and reachable with the arrows, the
first column stays, and the matrix's cell panel gives the grid its width under 120 columns."""

from __future__ import annotations

import pytest
from pilot_support import demo_workshop, settle, until
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._toast import Toast

from tui.app import SeamworkApp
from tui.widgets.sortable_table import MORE_LEFT, MORE_RIGHT, SortableTable

pytestmark = pytest.mark.usefixtures("fixed_place")


async def goto(pilot: Pilot[None], key: str, screen: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await until(pilot, lambda: pilot.app.screen.id == screen)
    await settle(pilot)


def header(table: SortableTable) -> str:
    return table.render_line(0).text


async def test_a_hidden_column_is_marked_and_the_arrows_bring_it_into_view() -> None:
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "2", "systems-screen")
        table = app.screen.query_one("#systems-table", SortableTable)
        assert table.hidden_columns() == ([], ["api", "criticality"])
        assert header(table).endswith(MORE_RIGHT)
        for _ in range(6):  # to Criticality, the last column
            await pilot.press("right")
        await settle(pilot)
        left, right = table.hidden_columns()
        assert right == [] and "category" in left
        line = header(table)
        assert "Criticality" in line and MORE_LEFT in line and not line.endswith(MORE_RIGHT)
        row = table.render_line(1).text  # the first column stays: the row is still named
        assert row.lstrip().startswith("Akeneo PIM")


async def test_every_system_column_shows_whole_at_100_columns() -> None:
    """At 100x30 Criticality was cut to "Cri" and its meter to three dots of five: Owner and
    Name give way instead (cut with an ellipsis, whole in the strip under the table)."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(100, 30)) as pilot:
        await goto(pilot, "2", "systems-screen")
        table = app.screen.query_one("#systems-table", SortableTable)
        assert table.max_scroll_x == 0 and table.hidden_columns() == ([], [])
        assert "Criticality" in header(table) and MORE_RIGHT not in header(table)
        lines = [table.render_line(y).text for y in range(1, 11)]
        assert any("●●●●●" in line for line in lines)
        assert any("Marketplace…" in line for line in lines)  # the owner, cut
        await pilot.press("down")
        await settle(pilot)
        detail = str(app.screen.query_one("#system-detail", Static).render())
        assert "owner Marketplace manager" in detail  # whole in the strip


async def test_a_narrower_terminal_fits_the_systems_again() -> None:
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(140, 42)) as pilot:
        await goto(pilot, "2", "systems-screen")
        table = app.screen.query_one("#systems-table", SortableTable)
        assert "Marketplace manager" in table.render_line(2).text
        await pilot.resize_terminal(100, 30)
        await settle(pilot, lambda: table.max_scroll_x == 0 and table.size.width < 100)
        assert table.hidden_columns() == ([], [])


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=str)
async def test_the_flows_table_marks_its_hidden_columns(size: tuple[int, int]) -> None:
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=size) as pilot:
        await goto(pilot, "3", "flows-screen")
        table = app.screen.query_one("#flows-table", SortableTable)
        assert "findings" in table.hidden_columns()[1]
        assert header(table).endswith(MORE_RIGHT)
        for _ in range(6):
            await pilot.press("right")
        await settle(pilot)
        assert table.hidden_columns()[1] == []
        assert "Findings" in header(table)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=str)
async def test_the_matrix_cell_panel_gives_the_grid_its_width(size: tuple[int, int]) -> None:
    """At 80 and 100 columns the side panel left two to six of ten columns on screen; under
    120 it hides and a strip under the grid names the pair and its flows."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=size) as pilot:
        await goto(pilot, "3", "flows-screen")
        await pilot.press("m")
        await until(pilot, lambda: app.screen.id == "matrix-screen")
        await settle(pilot)
        screen = app.screen
        assert not screen.query_one("#matrix-side").display
        strip = screen.query_one("#matrix-cell-strip", Static)
        assert strip.display and strip.region.height >= 2
        said = str(strip.render())
        assert "Akeneo PIM" in said and "Shopify" in said and "FLOW-NO-OWNER" in said
        grid = screen.query_one("#matrix-grid")
        if size[0] >= 100:
            assert grid.max_scroll_x == 0  # every column on screen
        legend = screen.query_one("#matrix-legend", Static)
        assert legend.region.right <= size[0]
        assert "no flows" in "".join(
            s.text for s in legend.render_lines(legend.region.reset_offset)
        )


async def test_the_matrix_keeps_its_side_panel_when_wide() -> None:
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(140, 42)) as pilot:
        await goto(pilot, "3", "flows-screen")
        await pilot.press("m")
        await until(pilot, lambda: app.screen.id == "matrix-screen")
        await settle(pilot)
        assert app.screen.query_one("#matrix-side").display
        assert not app.screen.query_one("#matrix-cell-strip").display


async def test_a_notice_sits_on_the_foot_of_the_screen_clear_of_the_highlighted_row() -> None:
    """On Flows at 80x24 the table reaches down to its strip; a two-line notice sits on the key
    bar at the foot of the screen, not over the highlighted row at the table's bottom."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await goto(pilot, "3", "flows-screen")
        table = app.screen.query_one("#flows-table", SortableTable)
        bottom = table.region.y + table.scrollable_content_region.height - 1
        while table.region.y + 1 + table.cursor_row - round(table.scroll_y) < bottom - 1:
            await pilot.press("down")
        await settle(pilot)
        app.notify("Saved “Sage X3 → Amazon Seller Central: Prices”, and a longer sentence.")
        await until(pilot, lambda: bool(app.screen.query(Toast)))
        await settle(pilot)
        top = table.region.y + 1 + table.cursor_row - round(table.scroll_y)
        row = Region(table.region.x, top, table.region.width, 1)
        assert table.region.contains_region(row)
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(row), (toast.region, row)
            assert toast.region.bottom == 24  # flush with the foot, over the key bar
