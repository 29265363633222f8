"""A row-cursor `DataTable` whose columns the user sorts, with the direction in the header.

The table does not sort its rows itself: it keeps which column and direction are chosen, shows
them (an arrow in the header label, the column under the column cursor underlined), and posts
`SortableTable.SortChanged` so the screen can reload in that order from storage (sorting is
done in SQL, where it scales and agrees with the filter).

Keys: left and right choose the column (the row cursor stays where it is); `sort_by_cursor()`
sorts by it, and calling it again reverses the order. Clicking a header does both at once.

Narrower than its columns (80 or 100 columns on a projector), the table keeps its first column
(what names the row) in place and scrolls the others: choosing a column with left and right
scrolls it into view, and the header says there is more with an arrow at the side the hidden
columns are on ("←" after the first column, "→" at the right end). The strip under the table
names the highlighted row's every field, so nothing is only in a hidden column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.css.styles import RenderStyles
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist, RowKey

from tui.widgets.table import Table

ASCENDING = "▲"
DESCENDING = "▼"
MORE_RIGHT = " →"  # at the header's right end: columns hidden to the right
MORE_LEFT = "← "  # after the fixed first column: columns scrolled off to the left


class SortableTable(Table):
    """A table of entities: one row per entity, keyed by its id as a string."""

    COMPONENT_CLASSES = {"sortable-table--column-cursor", "sortable-table--more"}

    DEFAULT_CSS = """
    SortableTable {
        & > .sortable-table--column-cursor {
            color: $text-accent;
            text-style: bold underline;
        }
        & > .sortable-table--more {
            color: $text-accent;
            background: $panel;
            text-style: bold;
        }
    }
    """

    @dataclass
    class SortChanged(Message):
        """The user chose a new sort order."""

        table: SortableTable
        column: str
        descending: bool

        @property
        def control(self) -> SortableTable:
            return self.table

    sort_column: reactive[str] = reactive("", init=False)
    descending: reactive[bool] = reactive(False, init=False)
    column_cursor: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        *,
        sort_column: str | None = None,
        descending: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            cursor_type="row", zebra_stripes=True, fixed_columns=1, id=id, classes=classes
        )
        self._column_labels = dict(columns)
        self._drawing_row = -1  # the row `_render_line_in_row` is drawing (for its stripe)
        self.set_reactive(SortableTable.sort_column, sort_column or columns[0][0])
        self.set_reactive(SortableTable.descending, descending)
        self.set_reactive(SortableTable.column_cursor, 0)

    def on_mount(self) -> None:
        for key in self._column_labels:
            self.add_column(self._label(key), key=key)
        self.call_after_refresh(self._refresh_labels)  # component styles are ready by then

    @property
    def column_keys(self) -> list[str]:
        return list(self._column_labels)

    def _label(self, key: str) -> Text:
        """The header label: padded so the arrow never changes the column's width."""
        label = self._column_labels[key]
        arrow = (DESCENDING if self.descending else ASCENDING) if key == self.sort_column else " "
        text = Text(f"{label} {arrow}")
        if self.is_mounted and self.column_keys.index(key) == self.column_cursor:
            style = self.get_component_rich_style("sortable-table--column-cursor")
            # Colour and emphasis only: the header's own background stays.
            text.stylize(Style(color=style.color, bold=style.bold, underline=style.underline))
        return text

    def _refresh_labels(self) -> None:
        if not self.columns:
            return
        for key in self._column_labels:
            self.columns[ColumnKey(key)].label = self._label(key)
        self.notify_style_update()  # the header lines are cached; this drops the cache

    def watch_sort_column(self) -> None:
        self._refresh_labels()

    def watch_descending(self) -> None:
        self._refresh_labels()

    def watch_column_cursor(self) -> None:
        self._refresh_labels()
        self._scroll_to_column(self.column_cursor)

    def _scroll_to_column(self, index: int) -> None:
        """Scroll sideways until column `index` shows whole (right of the fixed column)."""
        if index < self.fixed_columns or index >= len(self.ordered_columns):
            return
        columns = self.ordered_columns
        x = sum(column.get_render_width(self) for column in columns[:index])
        width = columns[index].get_render_width(self)
        region = Region(x, int(self.scroll_y), width, 1)
        self.scroll_to_region(region, animate=False, spacing=self._get_fixed_offset(), force=True)

    def hidden_columns(self) -> tuple[list[str], list[str]]:
        """The keys of the columns scrolled out of sight, or cut, to the left and the right."""
        left_edge = self._get_fixed_offset().left
        start = left_edge + int(self.scroll_x)
        end = int(self.scroll_x) + self.scrollable_content_region.width
        left: list[str] = []
        right: list[str] = []
        x = 0
        for index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            if index >= self.fixed_columns:
                if x < start:
                    left.append(str(column.key.value))
                elif x + width > end:
                    right.append(str(column.key.value))
            x += width
        return left, right

    def _render_line_in_row(self, row_key: RowKey, *args: Any, **kwargs: Any) -> Any:
        row = self._row_locations.get(row_key)
        self._drawing_row = -1 if row is None else row
        return super()._render_line_in_row(row_key, *args, **kwargs)

    def _fixed_style(self, row_index: int) -> Style:
        """As `get_component_styles` says, for `Table`'s own drawing of a row."""
        if self.zebra_stripes:
            odd = row_index % 2
            return self.get_component_rich_style(
                "datatable--odd-row" if odd else "datatable--even-row"
            )
        return super()._fixed_style(row_index)

    def get_component_styles(self, *names: str) -> RenderStyles:
        """The fixed first column is drawn like the rest of its row (its zebra stripe), not
        in `DataTable`'s colour for fixed cells: it is fixed to stay, not to stand out."""
        if names == ("datatable--fixed",) and self.zebra_stripes and self._drawing_row >= 0:
            odd = self._drawing_row % 2
            names = ("datatable--odd-row" if odd else "datatable--even-row",)
        return super().get_component_styles(*names)

    def render_line(self, y: int) -> Strip:
        """The header line gains an arrow on each side that has columns out of sight."""
        strip = super().render_line(y)
        if y != 0 or not self.show_header or not self.columns:
            return strip
        width = min(strip.cell_length, self.scrollable_content_region.width)
        strip = strip.crop(0, width)
        left, right = self.hidden_columns()
        style = self.get_component_rich_style("sortable-table--more")
        if right and width > len(MORE_RIGHT):
            cut = width - len(MORE_RIGHT)
            strip = Strip.join([strip.crop(0, cut), Strip([Segment(MORE_RIGHT, style)])])
        if left:
            start = self._get_fixed_offset().left
            end = start + len(MORE_LEFT)
            if end < width:
                strip = Strip.join(
                    [strip.crop(0, start), Strip([Segment(MORE_LEFT, style)]), strip.crop(end)]
                )
        return strip

    def validate_column_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._column_labels) - 1))

    def action_cursor_left(self) -> None:
        self.column_cursor -= 1

    def action_cursor_right(self) -> None:
        self.column_cursor += 1

    @property
    def cursor_column_key(self) -> str:
        return self.column_keys[self.column_cursor]

    def sort_by(self, column: str) -> None:
        """Sort by `column`; if it is already the sort column, reverse the order."""
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column = column
            self.descending = False
        self.post_message(self.SortChanged(self, self.sort_column, self.descending))

    def sort_by_cursor(self) -> None:
        self.sort_by(self.cursor_column_key)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.column_cursor = event.column_index
        self.sort_by(str(event.column_key.value))

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or None when the table is empty."""
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def replace_rows(
        self,
        rows: Iterable[tuple[str, Sequence[Text]]],
        select: str | None,
        widths: Sequence[int] | None = None,
    ) -> None:
        """Show `rows` (key, cells) instead of the current ones, keeping the cursor on `select`
        if it is still there, else at the same position. `widths` are the columns' widest
        cells, when the caller has measured them already (see `Table.add_keyed_rows`)."""
        old_row = self.cursor_row
        self.clear()
        self.add_keyed_rows(rows, widths)
        self.select_row(select, old_row)

    def select_row(self, select: str | None, old_row: int) -> None:
        """The cursor on row `select` if it is there, else on row `old_row` (or the last),
        scrolled into view in the next frame (`settle`)."""
        if self.row_count == 0:
            return
        self.settle()
        target = min(old_row, self.row_count - 1)
        if select is not None:
            try:
                target = self.get_row_index(select)
            except RowDoesNotExist:  # deleted, or filtered out
                pass
        self.move_cursor(row=target)
