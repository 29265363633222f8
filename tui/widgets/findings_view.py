"""The Overview's findings panel: the readiness findings in a table, filtered by severity and
code, and the highlighted finding told in full in a strip under it.

There may be thousands of findings: their cells are built in a thread worker
(tui/widgets/finding_cells.py) and added in one go. Across a filter change or a reload the
cursor stays on the same finding, wherever it has moved to. When a filter's rows are on show
the panel posts `FindingsView.Shown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import Worker

from tui.widgets.finding_cells import (
    CHECKING,
    COLUMNS,
    NO_FINDINGS,
    NOTHING_YET,
    CellStyles,
    Filter,
    FindingsPage,
    RowCache,
    build_page,
    finding_detail,
    plural,
)
from tui.widgets.table import Table
from tui.worker_results import worker_result
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from models.readiness import Readiness, ReadinessFinding


class FindingsView(Vertical):
    """The findings table (`#findings-table`), its empty note and its detail strip."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"findings-view--{name}" for name in CellStyles.__dataclass_fields__
    }

    DEFAULT_CSS = """
    FindingsView {
        & > .findings-view--blocker { color: $text-error; text-style: bold; }
        & > .findings-view--warning { color: $text-warning; text-style: bold; }
        & > .findings-view--info { color: $text-primary; }
        & > .findings-view--muted { color: $text-muted; }
        #findings-table {
            height: 1fr;
            background: $surface;
        }
        #findings-empty {
            height: 1fr;
            width: 1fr;
            content-align: center middle;
            color: $text-muted;
            text-style: italic;
        }
        #finding-detail {
            height: 4;
            padding: 0 1;
            border-top: hkey $primary 40%;
            text-overflow: ellipsis;
        }
    }
    """

    @dataclass
    class Shown(Message):
        """A filter's rows are on show; `count` of them."""

        count: int

    app = getters.app(WorkshopApp)
    table = getters.query_one("#findings-table", Table)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.readiness: Readiness | None = None
        self.shown = Filter()
        self._requests = 0
        self._shown_request = -1  # the request whose rows are on show; -1: none yet
        self._rows = RowCache()

    def compose(self) -> ComposeResult:
        yield Table(id="findings-table", cursor_type="row", zebra_stripes=True)
        yield Static(CHECKING, id="findings-empty", markup=False)
        yield Static("", id="finding-detail")

    def on_mount(self) -> None:
        for key, title in COLUMNS:
            self.table.add_column(Text(title), key=key)  # a str is parsed as markup
        self.table.display = False
        self.query_one("#finding-detail").display = False

    def show(self, readiness: Readiness, shown: Filter) -> None:
        """Show the findings of `readiness` that `shown` lets through, building the rows in a
        worker, the cursor kept on the finding it is on (found again in new findings)."""
        identity = self._selected_identity()  # while the keys still index the findings shown
        keep = self._selected_key() if self.table.row_count and self._shown_request >= 0 else None
        replaced = readiness is not self.readiness
        self.readiness, self.shown = readiness, shown
        self._requests += 1
        width = self.content_region.width or (self.app.size.width - 6)
        styles, select = self._cell_styles(), (keep, identity)
        build = partial(
            build_page, self._requests, readiness, shown, styles, width, select, self._rows
        )
        # `description` spares a repr() of the arguments on the UI thread: of thousands of
        # findings and their cells, that took 0.7 s.
        self.run_worker(
            build,
            group="overview-rows",
            description="overview rows",
            exit_on_error=False,
            exclusive=True,
            thread=True,
        )
        if replaced:
            self._shown_request = -1  # until the new rows show, no row is a finding to jump to

    def _cell_styles(self) -> CellStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"findings-view--{name}", partial=True)

        return CellStyles(**{name: style(name) for name in CellStyles.__dataclass_fields__})

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        page = worker_result(self.app, event, FindingsPage)
        if page is not None and page.request == self._requests:
            self._show_page(page)

    def _show_page(self, page: FindingsPage) -> None:
        self._rows = page.every_row
        table = self.table
        old_row = table.cursor_row
        table.clear()
        table.add_keyed_rows(zip(page.keys, page.cells, strict=True), page.widths)
        self._shown_request = page.request
        has_rows = bool(page.keys)
        table.display = has_rows
        self.query_one("#finding-detail").display = has_rows
        empty = self.query_one("#findings-empty", Static)
        empty.display = not has_rows
        readiness = self.readiness
        if has_rows:
            target = min(old_row, table.row_count - 1)
            if page.select is not None and page.select in page.keys:
                target = page.keys.index(page.select)
            table.move_cursor(row=target)
            if self.screen.focused is None:
                table.focus()
        elif readiness is not None and readiness.findings:
            empty.update("No findings match the filter — press escape to show them all.")
        else:
            counts = readiness.counts if readiness is not None else None
            empty.update(
                NO_FINDINGS if counts and (counts.systems or counts.flows) else NOTHING_YET
            )
        total = len(readiness.findings) if readiness is not None else 0
        self.border_subtitle = (
            f"{len(page.keys)} of {plural(total, 'finding')}"
            if self.shown
            else plural(total, "finding")
        )
        self._show_detail()
        self.post_message(self.Shown(len(page.keys)))

    # The highlighted finding -----------------------------------------------------------------

    def _selected_key(self) -> str | None:
        table = self.table
        if not table.display or table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _selected_identity(self) -> object:
        """The highlighted finding itself (its index changes when the workshop does)."""
        item = self.selected
        return item.finding if item is not None else None

    @property
    def selected(self) -> ReadinessFinding | None:
        """The highlighted finding, if any."""
        key = self._selected_key()
        readiness = self.readiness
        if key is None or readiness is None or self._shown_request < 0:
            return None
        index = int(key)
        return readiness.findings[index] if index < len(readiness.findings) else None

    @on(DataTable.RowHighlighted, "#findings-table")
    def _show_detail(self) -> None:
        item = self.selected
        strip = self.query_one("#finding-detail", Static)
        strip.update(finding_detail(item) if item is not None else "")
