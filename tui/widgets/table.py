"""`DataTable` that sizes its columns as rows are added, not later, and fills fast in bulk.

Textual 8.2's `DataTable` measures new cells on idle, but its render caches are keyed by an
update counter that measuring does not bump: a frame drawn between `add_row` and that idle pass
(a dialog opening over the table, say) keeps the old, too-narrow columns. Measuring `Text`
cells as they are added means no frame is ever drawn with widths that are about to change.

`add_keyed_rows` adds thousands of one-line rows at once (the Flows screen shows 5,000): it does
`add_row`'s bookkeeping once for all of them rather than once a row, and the rows it adds are
not measured a second time on idle. It relies on `DataTable` internals, so `textual` is pinned.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, cast

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual._two_way_dict import TwoWayDict
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import Row
from textual.widgets.data_table import ColumnKey, DuplicateKey, RowKey


@dataclass(frozen=True)
class KeptRows:
    """A table's rows as `Table.take_rows` took them out, to `put_rows` back as they were."""

    data: dict[RowKey, dict[ColumnKey, Any]]
    rows: dict[RowKey, Row]
    locations: TwoWayDict[RowKey, int]
    widths: tuple[int, ...]
    update_count: int
    offsets: list[tuple[RowKey, int]] | None  # which row each line shows, if worked out
    ordered: list[Row] | None  # the rows top to bottom, if worked out


NULL = Style.null()  # Rich's style for the spaces `Padding` adds


def one_line(cell: object, width: int, padding: int, console: Console) -> list[Segment] | None:
    """The segments Rich makes of `Padding(cell, (0, padding))` on one line of `width` cells
    (no wrapping), before any style is laid over them; None when `cell` is not a one-line
    `Text` that fits (Rich is asked then). Rich's own path (console, options, padding, lines
    cut and padded) costs ~5 times this for the same segments."""
    if not isinstance(cell, Text) or cell.justify not in (None, "default"):
        return None
    plain = cell.plain
    room = width - 2 * padding
    if room < 0 or "\n" in plain or "\t" in plain or cell.cell_len > room:
        return None
    # As `Text.__rich_console__` has it: the text's own style becomes its first span.
    text = Text(plain, spans=[Span(0, len(plain), cell.style), *cell.spans]) if cell.style else cell
    pad = [Segment(" " * padding, NULL)] if padding else []
    line = [*pad, *(segment for segment in text.render(console) if segment.text)]
    if room > cell.cell_len:
        line.append(Segment(" " * (room - cell.cell_len), NULL))
    line += pad
    return line


# `DataTable` keys what it draws by an update count. Rows `take_rows` leaves in the table count
# from a multiple of this, so no count is ever used for two sets of rows: what was drawn of the
# rows taken out stays good for when they are put back (it is dropped only as the caches fill).
GENERATION = 1 << 40


class Table(DataTable[Any]):
    """A `DataTable` of `Text` cells whose column widths are right from the first frame."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._measured_rows: set[RowKey] = set()  # added by `add_keyed_rows`, already measured
        self._moving = 0  # inside `moving_rows`: how deep
        self._moved = False  # rows moved inside `moving_rows`, not yet laid out
        self._generation = 0  # how many times `take_rows` has emptied the table
        self._drawn_width = -1  # the width the rows in `_row_render_cache` were drawn at
        self._frame_style: Style | None = None  # the table's style, inside `render_lines`
        # (row, column) -> the cell, its width and `one_line` of it: kept through filters,
        # cursor moves, resizes and focus changes, which make `DataTable` draw each cell
        # afresh (the CSS is laid over them at each draw; they hold only the cell's own).
        self._cell_lines: dict[tuple[RowKey, ColumnKey], tuple[object, int, list[Segment] | None]]
        self._cell_lines = {}

    def _on_resize(self, event: events.Resize) -> None:
        """Keep what was drawn unless the width changed. `DataTable` draws every row again
        after any resize (it bumps its update count), and a table resizes whenever its rows'
        count changes (the scrollable height): a text filter narrowing 5,000 flows to 20, and
        escape putting them back, then drew every row on show from scratch. Only the width is
        drawn into a row (the space after its last column); cells are drawn to their
        columns' widths, which a resize does not change."""
        event.prevent_default()  # no `DataTable._on_resize` (only the update count)
        if event.size.width != self._drawn_width:
            self._drawn_width = event.size.width
            self._row_render_cache.clear()
            self._line_cache.clear()

    def take_rows(self) -> KeptRows:
        """Take every row out as it is (cells, order, widths), leaving the table empty, to be
        `put_rows` back later without being built, measured or drawn again: a text filter
        shows a few of 5,000 flows, and escape puts them all back (~170 ms to add and draw
        them afresh). Unlike `clear`, nothing drawn is forgotten."""
        kept = KeptRows(
            self._data,
            self.rows,
            self._row_locations,
            tuple(column.content_width for column in self.ordered_columns),
            self._update_count,
            self._offset_cache.get(self._update_count),
            self._ordered_row_cache.get((self.row_count, self._update_count)),
        )
        self._data, self.rows, self._row_locations = {}, {}, TwoWayDict({})
        self._new_rows = set()
        self._measured_rows = set()
        self._generation += 1
        self._update_count = self._generation * GENERATION
        self._require_update_dimensions = True
        self.cursor_coordinate = Coordinate(0, 0)
        self.hover_coordinate = Coordinate(0, 0)
        self.refresh(layout=True)
        return kept

    def put_rows(self, kept: KeptRows) -> None:
        """Put back rows `take_rows` took out, in place of those in the table (dropped)."""
        self._data, self.rows, self._row_locations = kept.data, kept.rows, kept.locations
        self._new_rows = set()
        self._measured_rows = set()
        for column, width in zip(self.ordered_columns, kept.widths, strict=True):
            column.content_width = width
        self._update_count = kept.update_count
        if kept.offsets is not None:  # 5,000 rows' worth, not worked out again
            self._offset_cache[kept.update_count] = kept.offsets
        if kept.ordered is not None:  # as the offsets (the cursor's region reads them)
            self._ordered_row_cache[len(kept.rows), kept.update_count] = kept.ordered
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate  # kept within the rows
        self.hover_coordinate = self.hover_coordinate
        self.check_idle()
        self.refresh(layout=True)

    def settle(self) -> None:
        """Size the table for its rows now, as `DataTable` does on idle, which comes after
        the next frame: moving the cursor then scrolls it into view in the frame that shows
        the rows (escape showed the top of 5,000 flows for a frame, then the flow the
        cursor was on)."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows
            self._new_rows = set()
            self._update_dimensions(new_rows)

    def add_row(self, *cells: Any, **kwargs: Any) -> RowKey:
        key = super().add_row(*cells, **kwargs)
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            if isinstance(cell, Text):
                column.content_width = max(column.content_width, cell.cell_len)
        return key

    def add_keyed_rows(
        self, rows: Iterable[tuple[str, Sequence[Text]]], widths: Sequence[int] | None = None
    ) -> None:
        """Add one-line rows of `Text` cells, each with its key, at the bottom, in one go.

        `widths`, when given, are the width each column needs for `rows` and its header (the
        caller measured them already, in a worker say): the cells are not measured again, and
        an empty table takes exactly these widths, so columns narrow again after a filter.
        """
        columns = self.ordered_columns
        column_keys = [column.key for column in columns]
        was_empty = self.row_count == 0
        measure = widths is None
        current = [column.content_width for column in columns]
        if widths is None:
            widths = current
        elif was_empty:
            widths = list(widths)
        else:
            widths = [max(a, b) for a, b in zip(widths, current, strict=True)]
        # In bulk, each key hashed as few times as may be (a `RowKey` hashes in Python): all
        # flows' 55,000 checks took a quarter of a second here, row by row. The rows are
        # measured here (or by the caller): none is left for the idle pass (`_new_rows`),
        # which sizes the table all the same.
        rows = list(rows)
        keys = [RowKey(key) for key, _ in rows]
        locations = self._row_locations
        if len(set(keys)) != len(keys) or not locations._forward.keys().isdisjoint(keys):
            raise DuplicateKey("A row key is given twice, or exists already.")
        width = len(columns)
        if any(len(cells) > width for _, cells in rows):
            raise ValueError("More values provided than there are columns.")
        start = self.row_count
        positions = range(start, start + len(keys))
        locations._forward.update(zip(keys, positions, strict=True))
        locations._reverse.update(zip(positions, keys, strict=True))
        self._data.update(
            zip(keys, (dict(zip_longest(column_keys, cells)) for _, cells in rows), strict=True)
        )
        self.rows.update((key, Row(key, 1)) for key in keys)
        if measure:
            for _, cells in rows:
                for position, cell in enumerate(cells):
                    if cell.cell_len > widths[position]:
                        widths[position] = cell.cell_len
        for column, width in zip(columns, widths, strict=True):
            column.content_width = width
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.row_count and columns and self.show_cursor:
            if self.cursor_type != "none":
                self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def update_row(self, key: str, cells: Sequence[Text]) -> None:
        """Show `cells` in row `key` (one line, as built for the table's columns): a column
        widens if a cell needs it."""
        named = zip(self.ordered_columns, cells, strict=False)
        self.update_cells({key: {str(column.key.value): cell for column, cell in named}})

    def _redraw_rows(self, row_keys: Iterable[RowKey]) -> None:
        """Draw these rows again, and only them: `DataTable` would draw every row on show
        again (its caches are keyed by an update counter), which on a wide table of short
        rows costs a frame. Their cached lines and cells are dropped, their regions
        refreshed; nothing else changed, so everything else stays cached."""
        wanted = set(row_keys)
        indexes = {self._row_locations.get(row_key) for row_key in wanted}
        top = self.header_height if self.show_header else 0
        lines = {index + top for index in indexes if index is not None}
        caches: tuple[tuple[Any, int, set[Any]], ...] = (
            (self._row_render_cache, 0, wanted),
            (self._cell_render_cache, 0, wanted),
            (self._row_renderable_cache, 1, indexes),
            (self._line_cache, 0, lines),
        )
        for cache, position, dropped in caches:
            for cache_key in [k for k in cache.keys() if k[position] in dropped]:
                cache.discard(cache_key)
        for index in indexes:
            if index is not None:
                self.refresh_row(index)

    def update_cells(self, changes: Mapping[str, Mapping[str, Text]]) -> None:
        """Show new cells (row key -> column key -> cell) in one redraw, columns widening if
        a cell needs it."""
        columns = self.columns
        widened = False
        for key, cells in changes.items():
            data = self._data[RowKey(key)]
            for column_key, cell in cells.items():
                column = columns[ColumnKey(column_key)]
                data[column.key] = cell
                if cell.cell_len > column.content_width:
                    column.content_width = cell.cell_len
                    widened = True
        if widened:  # every row is drawn to the new widths
            self._require_update_dimensions = True
            self._update_count += 1
            self.refresh()
        else:
            self._redraw_rows(RowKey(key) for key in changes)

    def place_rows(self, order: Sequence[str]) -> bool:
        """Put the rows in `order` (every key of the table, once): after rows were added at
        the bottom, where a sorted query puts them. False, changing nothing, when `order` does
        not name exactly the rows the table has."""
        existing = {row_key.value: row_key for row_key in self._data}
        if len(order) != len(existing) or existing.keys() != set(order):
            return False
        keys = [existing[key] for key in order]
        if keys != self._ordered_keys():  # by identity first: the same keys are the same objects
            self._locate(keys)
        return True

    @contextmanager
    def moving_rows(self) -> Iterator[None]:
        """Add, drop and place rows inside this (`append_row`, `drop_row`, `place_rows`): the
        table lets go of what it cached by position and is laid out once, at the end, rather
        than once for each (every time a pass over all its rows: milliseconds on 5,000)."""
        self._moving += 1
        try:
            yield
        finally:
            self._moving -= 1
            if not self._moving and self._moved:
                self._moved = False
                self._rows_moved()

    def _ordered_keys(self) -> list[RowKey]:
        """Every row's key, top to bottom (read by position: `RowKey` hashes in Python)."""
        locations = self._row_locations
        return [cast(RowKey, locations.get_key(index)) for index in range(len(locations))]

    def _locate(self, keys: list[RowKey]) -> None:
        """The rows are now `keys`, top to bottom."""
        self._row_locations = TwoWayDict(dict(zip(keys, range(len(keys)), strict=True)))
        self._rows_moved()

    def append_row(self, key: str, cells: Sequence[Text]) -> None:
        """Add a one-line row at the bottom (`place_rows` then puts it in its place),
        keeping every other row's cells drawn (`add_row` draws all of them again)."""
        row_key = RowKey(key)
        if row_key in self._row_locations:
            raise DuplicateKey(f"The row key {row_key!r} already exists.")
        columns = self.ordered_columns
        widened = False
        for column, cell in zip(columns, cells, strict=False):
            if cell.cell_len > column.content_width:
                column.content_width = cell.cell_len
                widened = True
        self._row_locations[row_key] = len(self._data)
        self._data[row_key] = dict(zip_longest((column.key for column in columns), cells))
        self.rows[row_key] = Row(row_key, 1)
        self._new_rows.add(row_key)
        self._measured_rows.add(row_key)
        if widened:
            self._update_count += 1
        self._rows_moved()

    def drop_row(self, key: str) -> None:
        """Remove row `key`, keeping every other row's cells drawn (`remove_row` draws all
        of them again)."""
        row_key = RowKey(key)
        gone = self._row_locations.get(row_key)
        if gone is None:
            return
        keys = self._ordered_keys()
        del keys[gone]
        del self.rows[row_key]
        del self._data[row_key]
        for column in self.ordered_columns:
            self._cell_lines.pop((row_key, column.key), None)
        self._new_rows.discard(row_key)
        self._measured_rows.discard(row_key)
        self._locate(keys)

    def _rows_moved(self) -> None:
        """Rows were added, dropped or put in another order: what `DataTable` caches by
        position goes; each cell as drawn (cached by row and column) stays, so only rows not
        drawn before are drawn. The table is measured and laid out again (inside
        `moving_rows`: once, at its end)."""
        if self._moving:
            self._moved = True
            return
        for cache in (
            self._ordered_row_cache,
            self._offset_cache,
            self._row_renderable_cache,
            self._row_render_cache,
            self._line_cache,
        ):
            cache.clear()
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        self.hover_coordinate = self.hover_coordinate
        self.check_idle()
        self.refresh(layout=True)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """`DataTable._render_cell`, with a one-line `Text` cell's segments made once (see
        `one_line`) and only the row's styles laid over them at each draw, as `DataTable`
        lays them (Textual's `Styled`): the same segments, for a fifth of the time. 20 rows
        drawn anew after a filter key took ~20 ms through Rich."""
        row_key = self._row_locations.get_key(row_index)  # None: the header
        column_key = self._column_locations.get_key(column_index)  # None: a row label
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        drawn = self._cell_render_cache.get(cache_key)
        if drawn is not None:
            return drawn
        line = self._cell_line(row_key, column_key, width)
        if line is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        meta = Style.from_meta({"row": row_index, "column": column_index})
        pre_style = base_style + meta + component_style
        drawn = [list(Segment.apply_style(line, pre_style, post_style))]
        self._cell_render_cache[cache_key] = drawn
        return drawn

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = self.rich_style  # once a frame: it walks every ancestor's styles
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def render_line(self, y: int) -> Strip:
        """`DataTable.render_line`, with the table's style read once a frame (`render_lines`)
        rather than once a line."""
        style = self._frame_style
        if style is None:
            return super().render_line(y)
        fixed_height = sum(
            self.get_row_height(cast(RowKey, self._row_locations.get_key(index)))
            for index in range(self.fixed_rows)
        )
        if self.show_header:
            fixed_height += self.get_row_height(self._header_row_key)
        scroll_x, scroll_y = self.scroll_offset
        if y >= fixed_height:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, style)

    def _fixed_style(self, row_index: int) -> Style:
        """The style fixed cells of data row `row_index` are drawn on."""
        return self.get_component_rich_style("datatable--fixed")

    def _data_row_style(self, row_index: int, base_style: Style) -> Style:
        """`DataTable._get_row_style` for a data row, from Textual's cache of component
        styles (`get_component_rich_style`, good until the table is next refreshed)."""
        if row_index < self.fixed_rows:
            return self._fixed_style(row_index)
        if self.zebra_stripes:
            odd = row_index % 2
            return self.get_component_rich_style(
                "datatable--odd-row" if odd else "datatable--even-row"
            )
        return base_style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """`DataTable._render_line_in_row` for a one-line data row, reading the component
        styles from Textual's cache: `DataTable` works each out from the CSS again (walking
        every ancestor) two or three times for every row it draws, a third of the time of a
        redraw once the cells are drawn (`_render_cell`)."""
        row_index = self._row_locations.get(row_key)
        row = self.rows.get(row_key)
        labels = self._labelled_row_exists and self.show_row_labels
        if row_index is None or row is None or row.height != 1 or labels:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor_type = self.cursor_type
        show_cursor = self.show_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        drawn = self._row_render_cache.get(cache_key)
        if drawn is not None:
            return drawn
        highlight = self._should_highlight
        render_cell = self._render_cell
        widths = [column.get_render_width(self) for column in self.ordered_columns]
        fixed_columns = self.fixed_columns

        def cells(style: Style, count: int) -> list[list[Segment]]:
            return [
                render_cell(
                    row_index,
                    index,
                    style,
                    widths[index],
                    cursor=highlight(cursor_location, Coordinate(row_index, index), cursor_type),
                    hover=highlight(hover_location, Coordinate(row_index, index), cursor_type),
                )[line_no]
                for index in range(count)
            ]

        fixed_row: list[list[Segment]] = []
        if fixed_columns:
            fixed_style = self._fixed_style(row_index) + Style.from_meta({"fixed": True})
            fixed_row = cells(fixed_style, min(fixed_columns, len(widths)))
        row_style = self._data_row_style(row_index, base_style)
        scrollable_row = cells(row_style, len(widths))
        # The row's style carried on to the table's right edge, as `DataTable` does.
        table_width = sum(widths[fixed_columns:]) + self._row_label_column_width
        remaining_space = max(0, self.size.width - table_width)
        if cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                False,
                False,
                False,
                highlight(hover_location, Coordinate(row_index, 0), cursor_type),
                row_index == cursor_location.row,
                show_cursor,
                self._show_hover_cursor,
                False,
                False,
            )
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            faded = Color.from_rich_color(row_style.bgcolor).blend(
                self.background_colors[1], factor=0.25
            )
            extend_style = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        drawn = (fixed_row, scrollable_row)
        self._row_render_cache[cache_key] = drawn
        return drawn

    def _cell_line(
        self, row_key: RowKey, column_key: ColumnKey, width: int
    ) -> list[Segment] | None:
        """`one_line` of the cell at (`row_key`, `column_key`), made once for each cell and
        width; None when Rich must draw it (not one line of `Text`, or too wide)."""
        cell = self._data[row_key].get(column_key)
        kept = self._cell_lines.get((row_key, column_key))
        if kept is not None and kept[0] is cell and kept[1] == width:
            return kept[2]
        line = None
        if self.rows[row_key].height == 1 and self.app.console_options.justify in (None, "default"):
            line = one_line(cell, width, self.cell_padding, self.app.console)
        self._cell_lines[row_key, column_key] = (cell, width, line)
        return line

    def clear(self, columns: bool = False) -> Table:
        self._measured_rows.clear()
        self._cell_lines.clear()
        super().clear(columns)
        return self

    @property
    def _y_offsets(self) -> list[tuple[RowKey, int]]:
        """`DataTable._y_offsets` (which row each line of the table shows), built without a
        list per row: one-line rows, the usual case, take one append each."""
        cached = self._offset_cache.get(self._update_count)
        if cached is not None:
            return cached
        offsets: list[tuple[RowKey, int]] = []
        append = offsets.append
        for row in self.ordered_rows:
            if row.height == 1:
                append((row.key, 0))
            else:
                offsets.extend((row.key, y) for y in range(row.height))
        self._offset_cache[self._update_count] = offsets
        return offsets

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Measure only the rows not measured when they were added; then size as usual."""
        measured = self._measured_rows
        rest = [row_key for row_key in new_rows if row_key not in measured]
        measured.clear()
        super()._update_dimensions(rest)
