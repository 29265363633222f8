"""`Table` draws one-line `Text` cells itself (`one_line`, segments kept per cell) and keeps
what it drew through resizes that leave its width alone: what it draws must be, segment for
segment and style for style, what `DataTable` draws for the same rows."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

import tui.widgets.table as table_module
from tui.widgets.sortable_table import SortableTable
from tui.widgets.table import Table

WIDTHS = (25, 15, 10)  # what the columns take: row 7's route needs more
COLUMNS = (("route", "Source → Target"), ("object", "Data object"), ("owner", "Owner"))


def cells(index: int) -> tuple[Text, Text, Text]:
    """Cells of every kind the screens make: plain, styled, with spans, cut with an
    ellipsis, empty, wide characters, and (row 7) one wider than its column."""
    route = Text.assemble((f"System {index:04d}", "bold"), " → ", f"System {index + 1:04d}")
    if index == 7:  # wider than its column (`fill`): Rich cuts it, as before
        route = Text("System 0007 → " + "x" * 40)
    elif index % 5 == 1:
        route = Text(f"System {index:04d} → a name far too long for the column")
        route.truncate(22, overflow="ellipsis")
    data_object = Text(f"Data object {index % 50:03d}", style=Style(italic=True))
    if index % 4 == 2:
        data_object = Text("")
    owner = Text("—", style="dim") if index % 3 == 0 else Text(f"所有者 {index}")
    if index % 6 == 3:
        owner.stylize(Style(color="red", underline=True), 0, 2)
    return route, data_object, owner


class Tables(App[None]):
    CSS = "Table { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield SortableTable(COLUMNS, id="sortable")
        yield Table(id="plain", cursor_type="cell", fixed_columns=1)


def fill(table: Table, count: int) -> None:
    if not table.columns:
        for key, label in COLUMNS:
            table.add_column(label, key=key)
    table.add_keyed_rows(((str(index), cells(index)) for index in range(count)), WIDTHS)
    if table.cursor_type == "cell":
        table.fixed_rows = 1  # (not before there are rows: `DataTable` cannot draw it)


def drawn(table: Table) -> list[list[Segment]]:
    """Every line on show, drawn now, as the compositor asks for them (`render_lines`)."""
    table._styles_cache.clear()  # (lines drawn before are kept there)
    return [list(strip) for strip in table.render_lines(table.size.region)]


def as_datatable_draws(table: Table, monkeypatch: pytest.MonkeyPatch) -> list[list[Segment]]:
    """The same lines drawn only by `DataTable` (Rich, for every cell), afresh."""
    with monkeypatch.context() as patch:
        for name in ("render_line", "_render_line_in_row", "_render_cell"):
            patch.setattr(Table, name, getattr(DataTable, name))
        table._clear_caches()
        lines = drawn(table)
    table._clear_caches()
    return lines


@pytest.mark.parametrize("table_id", ["sortable", "plain"])
async def test_cells_are_drawn_as_datatable_draws_them(
    table_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Header, zebra stripes, the fixed first column, the cursor and the hover row, each
    column's width and the cells cut with an ellipsis: the same segments with the same
    styles (the row and column each carries, for the mouse, included)."""
    app = Tables()
    async with app.run_test(size=(70, 30)) as pilot:
        table = app.query_one(f"#{table_id}", Table)
        fill(table, 40)
        await pilot.pause()
        table.hover_coordinate = Coordinate(4, 1)
        for row in (0, 3, 7, 12):
            table.move_cursor(row=row, column=1)
            await pilot.pause()
            ours = drawn(table)
            made = [kept[2] for kept in table._cell_lines.values()]
            assert made and made.count(None) == 1  # row 7's route: Rich's
            assert ours == as_datatable_draws(table, monkeypatch)
            assert any(
                segment.style and segment.style.meta.get("row") == row
                for line in ours
                for segment in line
            )
        table.scroll_to(y=15, animate=False)
        await pilot.pause()
        assert drawn(table) == as_datatable_draws(table, monkeypatch)


async def test_a_cell_is_made_once_and_restyled_as_the_cursor_moves() -> None:
    """Moving the cursor, or a filter taking rows out and putting them back, lays new
    styles over segments made once: `one_line` is not asked again for the same cell."""
    app = Tables()
    async with app.run_test(size=(70, 30)) as pilot:
        table = app.query_one("#sortable", Table)
        fill(table, 40)
        await pilot.pause()
        made: list[Any] = []
        real = table_module.one_line

        def counting(*args: Any) -> Any:
            made.append(args[0])
            return real(*args)

        table_module.one_line = counting  # type: ignore[assignment]
        try:
            table.move_cursor(row=5)
            await pilot.pause()
            kept = table.take_rows()
            table.put_rows(kept)
            table.move_cursor(row=6)
            await pilot.pause()
            drawn(table)
        finally:
            table_module.one_line = real
        assert made == []


def in_view(table: Table) -> bool:
    """Whether the cursor's row is on screen at the table's scroll offset now."""
    top = int(table.scroll_y)
    rows = table.scrollable_content_region.height - table.header_height
    return top <= table.cursor_row < top + rows


async def test_rows_put_back_show_the_cursor_row_in_the_same_frame() -> None:
    """A filter's few rows, then escape's every row, each with the cursor scrolled into view
    as they are put in the table, before any frame is drawn: `DataTable` sized itself on
    idle, after the next frame, which showed the top of 5,000 flows for a frame before the
    flow the cursor was on."""
    app = Tables()
    async with app.run_test(size=(70, 30)) as pilot:
        table = app.query_one("#sortable", SortableTable)
        fill(table, 300)
        table.move_cursor(row=250)
        await pilot.pause()
        assert in_view(table) and table.scroll_y > 200

        kept = table.take_rows()  # a filter shows three rows
        table.add_keyed_rows((str(i), cells(i)) for i in (12, 140, 260))
        table.select_row(None, 0)
        assert table.scroll_y == 0 and table.virtual_size.height == 3 + table.header_height

        table.take_rows()  # escape: every row back, the cursor on the flow picked
        table._ordered_row_cache.clear()  # (other tables' rows may have pushed them out)
        table.put_rows(kept)
        ordered = table._ordered_row_cache.get((300, kept.update_count))
        assert ordered is not None and ordered is kept.ordered  # not made again
        table.select_row("140", 0)
        assert table.cursor_row == 140 and in_view(table)
        await pilot.pause()
        assert table.cursor_row == 140 and in_view(table)
        assert [row.key.value for row in table.ordered_rows] == [str(i) for i in range(300)]


async def test_a_resize_that_keeps_the_width_keeps_what_was_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows drawn stay drawn when only the height (or the rows' count) changes; a new width
    draws them again, to that width."""
    app = Tables()
    async with app.run_test(size=(70, 30)) as pilot:
        table = app.query_one("#sortable", SortableTable)
        fill(table, 300)
        await pilot.pause()
        count, lines = table._update_count, len(table._row_render_cache)
        await pilot.resize_terminal(70, 40)
        await pilot.pause()
        assert table._update_count == count and len(table._row_render_cache) >= lines
        table.styles.width = 64  # (as a panel beside it might take room)
        await pilot.pause()
        assert table.size.width <= 64
        assert drawn(table) == as_datatable_draws(table, monkeypatch)


async def test_rows_added_in_bulk_are_the_rows_added_one_by_one():
    """`add_keyed_rows` fills the table's books in bulk (all flows' 55,000 checks): the
    rows, their order, cells and sizes are those `add_row` gives; a key given twice, or one
    the table holds, is refused and nothing is added."""
    from textual.widgets.data_table import DuplicateKey

    app = Tables()
    async with app.run_test(size=(80, 20)) as pilot:
        bulk, single = app.query_one("#sortable", Table), app.query_one("#plain", Table)
        single.cursor_type = "row"
        for table in (bulk, single):
            table.clear(columns=True)
            for key, label in COLUMNS:
                table.add_column(label, key=key)
        bulk.add_keyed_rows((str(i), cells(i)) for i in range(30))
        bulk.add_keyed_rows((str(i), cells(i)) for i in range(30, 40))  # after those there
        for i in range(40):
            single.add_row(*cells(i), key=str(i))
        await pilot.pause()
        for table in (bulk, single):
            assert [row.key.value for row in table.ordered_rows] == [str(i) for i in range(40)]
        assert [bulk.get_row_at(i) for i in range(40)] == [single.get_row_at(i) for i in range(40)]
        assert [c.content_width for c in bulk.ordered_columns] == [
            c.content_width for c in single.ordered_columns
        ]
        assert bulk.virtual_size.height == single.virtual_size.height
        for rows in ([("a", cells(1)), ("a", cells(2))], [("5", cells(5))]):
            with pytest.raises(DuplicateKey):
                bulk.add_keyed_rows(rows)
            assert bulk.row_count == 40
