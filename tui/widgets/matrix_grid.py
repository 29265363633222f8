"""A square grid of labelled rows and numbered columns with a cell cursor: an N² chart.

Rows and columns are the same things in the same order (row `i` and column `i` are one
system), so the columns are headed by numbers and the numbered row labels are their legend:
column headers stay one short line however long the names are. The header row and the label
column stay put while the cells scroll, so a grid of 50 or 500 rows still reads.

The cell under the cursor is shown in the cursor colours and its row and column are tinted
(a crosshair), with the row label and column number lit, so a room can follow the pointer.
Cells on the diagonal (a thing with itself) are shaded. A cell's `mark` picks a component
style ("warning", "error", "muted") so the screen decides what deserves colour.

Line API (`ScrollView.render_line`): only the visible cells are rendered, whatever the size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

HEADER_HEIGHT = 1
NAME_WIDTH = 26  # longer row labels are cut with "…" (the screen shows names in full)
MIN_CELL = 5  # one gutter cell and four for the value
MAX_CELL = 9
CORNER = "from ↓  to →"
MARKS = ("warning", "error", "muted")


@dataclass(frozen=True)
class GridCell:
    """What one cell shows: short text (a count), and a mark naming its colours, if any."""

    text: str
    mark: str = ""


def truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class MatrixGrid(ScrollView, can_focus=True):
    """Rows × columns of `GridCell`s; cells not given show `empty`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "matrix-grid--header",
        "matrix-grid--lit",
        "matrix-grid--number",
        "matrix-grid--crosshair",
        "matrix-grid--cursor",
        "matrix-grid--diagonal",
        "matrix-grid--empty",
        "matrix-grid--value",
        *(f"matrix-grid--{mark}" for mark in MARKS),
    }

    DEFAULT_CSS = """
    MatrixGrid {
        background: $surface;
        & > .matrix-grid--header {
            background: $panel;
            color: $text-muted;
            text-style: bold;
        }
        & > .matrix-grid--lit {
            background: $primary 60%;
            color: $foreground;
            text-style: bold;
        }
        & > .matrix-grid--number {
            color: $text-muted;
        }
        & > .matrix-grid--crosshair {
            background: $foreground 8%;
        }
        & > .matrix-grid--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: bold;
        }
        &:focus > .matrix-grid--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .matrix-grid--diagonal {
            background: $panel-darken-1;
        }
        & > .matrix-grid--empty {
            color: $text-muted;
        }
        & > .matrix-grid--value {
            color: $foreground;
            text-style: bold;
        }
        & > .matrix-grid--warning {
            background: $warning 35%;
            color: $foreground;
            text-style: bold;
        }
        & > .matrix-grid--error {
            background: $error 70%;
            color: $foreground;
            text-style: bold;
        }
        & > .matrix-grid--muted {
            color: $text-muted;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1, 0)", "Up", tooltip="The cell above", id="grid.up", show=False),
        Binding("down", "move(1, 0)", "Down", tooltip="The cell below", id="grid.down", show=False),
        Binding(
            "left",
            "move(0, -1)",
            "Left",
            tooltip="The cell to the left",
            id="grid.left",
            show=False,
        ),
        Binding(
            "right",
            "move(0, 1)",
            "Right",
            tooltip="The cell to the right",
            id="grid.right",
            show=False,
        ),
        Binding(
            "home", "edge('home')", "Row start", tooltip="First column", id="grid.home", show=False
        ),
        Binding("end", "edge('end')", "Row end", tooltip="Last column", id="grid.end", show=False),
        Binding(
            "pageup",
            "page(-1)",
            "Page up",
            tooltip="A page of rows up",
            id="grid.pageup",
            show=False,
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            tooltip="A page of rows down",
            id="grid.pagedown",
            show=False,
        ),
    ]

    @dataclass
    class CellHighlighted(Message):
        """The cursor moved to (`row`, `column`)."""

        grid: MatrixGrid
        row: int
        column: int

        @property
        def control(self) -> MatrixGrid:
            return self.grid

    @dataclass
    class CellSelected(Message):
        """The cell under the cursor was clicked again (the keyboard's enter is the screen's)."""

        grid: MatrixGrid
        row: int
        column: int

        @property
        def control(self) -> MatrixGrid:
            return self.grid

    cursor: reactive[Coordinate] = reactive(Coordinate(0, 0), init=False, always_update=True)

    def __init__(self, *, empty: str = "·", id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty = empty
        self.labels: tuple[str, ...] = ()
        self.cells: dict[tuple[int, int], GridCell] = {}
        self.label_width = 0
        self.cell_width = MIN_CELL
        self.row_height = 1  # 2 when every row fits so: a blank line keeps the cells apart

    # Data ------------------------------------------------------------------------------------

    @property
    def size_n(self) -> int:
        return len(self.labels)

    def set_data(
        self,
        labels: Sequence[str],
        cells: Mapping[tuple[int, int], GridCell],
        cursor: tuple[int, int] | None = None,
    ) -> None:
        """Show `labels` (rows and columns) and `cells`; the cursor goes to `cursor` if given."""
        self.labels = tuple(labels)
        self.cells = dict(cells)
        self._layout()
        row, column = cursor if cursor is not None else tuple(self.cursor)
        self.cursor = Coordinate(row, column)  # validated: clamped to the new size
        self.refresh()

    def cell(self, row: int, column: int) -> GridCell | None:
        return self.cells.get((row, column))

    def _layout(self) -> None:
        n = self.size_n
        digits = len(str(max(n, 1)))
        names = max((len(label) for label in self.labels), default=0)
        name_width = max(min(names, NAME_WIDTH), len(CORNER) - digits - 3)
        self.label_width = 1 + digits + 2 + name_width + 1
        widest = max((len(cell.text) for cell in self.cells.values()), default=1)
        least = max(MIN_CELL, digits + 3, widest + 3)
        height = self.size.height
        self.row_height = 2 if HEADER_HEIGHT + 2 * n <= height else 1
        scrollbar = self.styles.scrollbar_size_vertical if HEADER_HEIGHT + n > height else 0
        room = self.size.width - self.label_width - scrollbar
        fits = room // n if n else least
        self.cell_width = max(least, min(MAX_CELL, fits))
        self.virtual_size = Size(
            self.label_width + n * self.cell_width, HEADER_HEIGHT + n * self.row_height
        )

    def on_resize(self) -> None:
        self._layout()
        self._scroll_to_cursor()

    # Cursor ----------------------------------------------------------------------------------

    def validate_cursor(self, value: Coordinate) -> Coordinate:
        last = max(self.size_n - 1, 0)
        return Coordinate(max(0, min(value.row, last)), max(0, min(value.column, last)))

    def watch_cursor(self, value: Coordinate) -> None:
        self.refresh()
        self._scroll_to_cursor()
        if self.size_n:
            self.post_message(self.CellHighlighted(self, value.row, value.column))

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor's cell into view, scrolling sideways by whole columns."""
        if not self.size_n or not self.is_mounted:
            return
        row, column = self.cursor
        region = Region(
            self.label_width + column * self.cell_width,
            HEADER_HEIGHT + row * self.row_height,
            self.cell_width,
            self.row_height,
        )
        spacing = Spacing(HEADER_HEIGHT, 0, 0, self.label_width)
        self.scroll_to_region(region, animate=False, spacing=spacing, force=True, x_axis=False)
        room = self.scrollable_content_region.width - self.label_width
        shown = max(1, room // self.cell_width)  # whole columns in view
        first = round(self.scroll_x) // self.cell_width
        if column < first:
            first = column
        elif column >= first + shown:
            first = column - shown + 1
        self.scroll_to(x=first * self.cell_width, animate=False, force=True)

    def action_move(self, rows: int, columns: int) -> None:
        row, column = self.cursor
        self.cursor = Coordinate(row + rows, column + columns)

    def action_edge(self, edge: str) -> None:
        self.cursor = Coordinate(self.cursor.row, 0 if edge == "home" else self.size_n - 1)

    def action_page(self, direction: int) -> None:
        page = max(1, (self.size.height - HEADER_HEIGHT) // self.row_height - 1)
        self.cursor = Coordinate(self.cursor.row + direction * page, self.cursor.column)

    def _cell_at(self, x: int, y: int) -> Coordinate | None:
        """The cell at widget offset (x, y), or None over the header or labels."""
        if y < HEADER_HEIGHT or x < self.label_width:
            return None
        scroll_x, scroll_y = self.scroll_offset
        row = (y - HEADER_HEIGHT + scroll_y) // self.row_height
        column = (x - self.label_width + scroll_x) // self.cell_width
        if 0 <= row < self.size_n and 0 <= column < self.size_n:
            return Coordinate(row, column)
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        target = self._cell_at(offset.x, offset.y)
        if target is None:
            return
        if target == self.cursor:
            self.post_message(self.CellSelected(self, target.row, target.column))
        else:
            self.cursor = target

    # Rendering -------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"matrix-grid--{name}")

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        gap = False  # the blank line under a row, when rows are two lines high
        if y < HEADER_HEIGHT:
            row = -1
        else:
            row, line = divmod(y - HEADER_HEIGHT + scroll_y, self.row_height)
            if row >= self.size_n:
                return Strip.blank(width, base)
            gap = line > 0
        label = self._label(row, base, gap)
        span = max(0, width - self.label_width)
        cells = self._cells(row, scroll_x, span, base, gap)
        return Strip.join([label, cells]).crop_extend(0, width, base)

    def _label(self, row: int, base: Style, gap: bool = False) -> Strip:
        """The fixed part of a line: the corner in the header, else "  3  Sage X3"."""
        width = self.label_width
        if row < 0:
            text = f" {CORNER}".ljust(width)[:width]
            return Strip([Segment(text, base + self._style("header"))], width)
        if gap:
            return Strip([Segment(" " * width, base + self._style("header"))], width)
        digits = len(str(self.size_n))
        lit = row == self.cursor.row
        number_style = base + self._style("header")
        name_style = base + self._style("header") + Style(color=(base + self._style("value")).color)
        if lit:
            number_style = name_style = base + self._style("header") + self._style("lit")
        else:
            number_style += Style(color=(base + self._style("number")).color, bold=False)
        number = f" {row + 1:>{digits}}  "
        name = truncate(self.labels[row], width - len(number) - 1).ljust(width - len(number))
        return Strip([Segment(number, number_style), Segment(name, name_style)], width)

    def _cells(self, row: int, scroll_x: int, span: int, base: Style, gap: bool) -> Strip:
        """The scrolling part of a line: columns from `scroll_x`, `span` cells wide."""
        n = self.size_n
        cell_width = self.cell_width
        first = scroll_x // cell_width
        last = min(n, (scroll_x + span) // cell_width + 1)
        segments: list[Segment] = []
        for column in range(first, last):
            if gap:
                segments.extend(self._gap_segments(column, base))
            else:
                segments.extend(self._cell_segments(row, column, base))
        strip = Strip(segments)
        offset = scroll_x - first * cell_width
        return strip.crop_extend(offset, offset + span, base)

    def _gap_segments(self, column: int, base: Style) -> list[Segment]:
        """Under a row: blank, but the cursor's column stays tinted (an unbroken band)."""
        width = self.cell_width - 1
        style = base + self._style("crosshair") if column == self.cursor.column else base
        return [Segment(" ", base), Segment(" " * width, style)]

    def _cell_segments(self, row: int, column: int, base: Style) -> list[Segment]:
        width = self.cell_width - 1  # one gutter cell on the left keeps marked cells apart
        cursor_row, cursor_column = self.cursor
        if row < 0:  # the header: column numbers
            style = base + self._style("header")
            lit = style + self._style("lit") if column == cursor_column else style
            return [Segment(" ", style), Segment(str(column + 1).center(width), lit)]
        in_row = row == cursor_row
        in_column = column == cursor_column
        gutter = base + self._style("crosshair") if in_row else base
        cell = self.cells.get((row, column))
        if row == column:
            style = base + self._style("diagonal")
            text = ""
        elif cell is None or not cell.text:
            style = base + self._style("empty")
            text = self.empty
        else:
            style = base + self._style("value")
            text = cell.text
        if cell is not None and cell.mark in MARKS and row != column:
            style += self._style(cell.mark)
            if cell.mark == "muted":
                style += Style(bold=False)
        elif (in_row or in_column) and row != column:
            style += self._style("crosshair")
        if in_row and in_column:
            style += self._style("cursor")
        return [Segment(" ", gutter), Segment(text.center(width), style)]
