"""The Scenarios screen's panels: the checklist of one flow (or all) and the per-flow summary.

`ChecklistView` holds the flow and filter pickers, the progress bar, the table of checks and
the highlighted check told in full; `FlowsSummary` lists every flow's progress. Both draw a
`ChecklistPage` (one load); the pickers' `Select.Changed` and the table's row messages go on to
the screen, which loads and saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Label, ProgressBar, Select, Static

from models.enums import CheckStatus
from tui.widgets.checklist_cells import (
    ALL_FLOWS,
    HEADERS,
    CheckCells,
    SummaryLines,
    check_detail,
    progress_label,
    shown_progress,
    status_cell,
    status_styles,
)
from tui.widgets.content_lines import ContentLines
from tui.widgets.table import Table
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.content import Content

    from storage.queries.scenarios import CheckProgress, CheckRow

FILTERS: tuple[tuple[str, str], ...] = (("All checks", "all"), ("Open", "open"), ("Gaps", "gaps"))
COLUMNS: tuple[tuple[str, str], ...] = tuple(  # after the flow or the category
    zip(HEADERS, ("scenario", "status", "owner", "uat", "note"), strict=True)
)

EMPTY = "No checks yet — press l to apply the scenario library to this flow."
EMPTY_ALL = "No checks yet — press l to apply the scenario library to every flow."
NO_FLOWS = "No flows yet — add flows on the Flows screen (key 3), then press l here."


@dataclass(frozen=True)
class ChecklistPage:
    """One load: the flows to pick from, the checks to show, the progress, where the cursor goes."""

    flows: tuple[tuple[int, str], ...]
    checks: tuple[CheckRow, ...]
    progress: CheckProgress
    flow_id: int
    filter: str
    select: str | None
    cells: CheckCells  # the table's rows, built with the page (in the loading thread)
    # The per-flow summary's lines (`SummaryLines`: 10,000 at 5,000 flows, each built when
    # it shows).
    summary: Sequence[Content] = ()

    def empty_text(self) -> str:
        """What the panel says when no check is shown."""
        if not self.flows:
            return NO_FLOWS
        if self.filter == "gaps":
            return "No gaps recorded — press G to see every check again."
        if self.filter == "open":
            return "Every check has been reviewed — nothing is open."
        return EMPTY_ALL if self.flow_id == ALL_FLOWS else EMPTY


class ChecklistView(Vertical):
    """Pickers, progress, the checks (`#checks-table`, keyed by check id) and the detail."""

    DEFAULT_CSS = """
    ChecklistView {
        #scenarios-pickers { height: auto; }
        #scenarios-flow { width: 1fr; }
        #scenarios-filter { width: 22; margin-left: 1; }
        #scenarios-progress { height: 1; margin: 1 1; }
        #scenarios-bar { width: auto; }
        #scenarios-bar Bar { width: 30; }
        #scenarios-count { width: 1fr; margin-left: 2; text-style: bold; }
        #checks-table { height: 1fr; background: $surface; }
        #checks-empty {
            display: none;
            height: 1fr;
            width: 1fr;
            content-align: center middle;
            color: $text-muted;
            text-style: italic;
        }
        #scenarios-detail {
            height: auto;
            max-height: 7;
            margin-top: 1;
            padding: 0 1;
            border-top: solid $primary 40%;
        }
        /* A flow's name on one line, cut with "…" (the table and detail show it whole). */
        #scenarios-flow Static#label {
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    """

    app = getters.app(WorkshopApp)
    table = getters.query_one("#checks-table", Table)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.checks: dict[str, CheckRow] = {}  # by row key, in the table's order
        self._flows: tuple[tuple[int, str], ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="scenarios-pickers"):
            yield Select(
                [("All flows", ALL_FLOWS)], value=ALL_FLOWS, allow_blank=False, id="scenarios-flow"
            )
            yield Select(FILTERS, value="all", allow_blank=False, id="scenarios-filter")
        with Horizontal(id="scenarios-progress"):
            yield ProgressBar(total=1, show_eta=False, show_percentage=True, id="scenarios-bar")
            yield Label("", id="scenarios-count", markup=False)
        yield Table(id="checks-table", cursor_type="row", zebra_stripes=False)
        yield Static(EMPTY, id="checks-empty", markup=False)
        yield Static("", id="scenarios-detail")

    def show(self, page: ChecklistPage) -> None:
        self._show_pickers(page)
        self._show_table(page)
        self._show_progress(page)
        self.show_detail()

    def _show_pickers(self, page: ChecklistPage) -> None:
        picker = self.query_one("#scenarios-flow", Select)
        if page.flows != self._flows:
            self._flows = page.flows
            with picker.prevent(Select.Changed):
                picker.set_options(
                    [("All flows", ALL_FLOWS), *((ref, fid) for fid, ref in page.flows)]
                )
        if picker.value != page.flow_id:
            with picker.prevent(Select.Changed):
                picker.value = page.flow_id
        chooser = self.query_one("#scenarios-filter", Select)
        if chooser.value != page.filter:
            with chooser.prevent(Select.Changed):
                chooser.value = page.filter

    def _show_table(self, page: ChecklistPage) -> None:
        table = self.table
        table.loading = False
        all_flows = page.flow_id == ALL_FLOWS
        table.clear(columns=True)
        first = ("Flow", "flow") if all_flows else ("Category", "category")
        for title, key in (first, *COLUMNS):
            table.add_column(title, key=key)
        rows = page.cells.rows
        table.add_keyed_rows(rows, page.cells.widths)
        self.checks = {str(check.id): check for check in page.checks}
        if page.select is not None and page.select in self.checks:
            table.move_cursor(row=table.get_row_index(page.select), animate=False)
        empty = self.query_one("#checks-empty", Static)
        if rows:
            empty.display = False
            table.display = True
            if self.screen.focused is None:
                table.focus()
        else:
            empty.update(page.empty_text())
            empty.display = True
            table.display = False

    def _show_progress(self, page: ChecklistPage) -> None:
        total, reviewed, gaps = shown_progress(page.progress, page.flow_id)
        bar = self.query_one("#scenarios-bar", ProgressBar)
        bar.update(total=max(total, 1), progress=reviewed)
        self.query_one("#scenarios-count", Label).update(progress_label(total, reviewed, gaps))
        shown = len(page.checks)
        noun = "check" if shown == 1 else "checks"
        where = "all flows" if page.flow_id == ALL_FLOWS else "this flow"
        self.border_subtitle = f"{shown} {noun} · {where}"

    # The highlighted check -------------------------------------------------------------------

    def key(self) -> str | None:
        """The highlighted check's row key."""
        table = self.table
        if not table.display or table.row_count == 0:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:
            return None

    def highlighted(self) -> CheckRow | None:
        key = self.key()
        return self.checks.get(key) if key is not None else None

    @on(DataTable.RowHighlighted, "#checks-table")
    def show_detail(self) -> None:
        detail = self.query_one("#scenarios-detail", Static)
        check = self.highlighted()
        detail.display = check is not None
        detail.update(check_detail(check) if check is not None else "")

    def show_recorded(self, check: CheckRow, status: CheckStatus) -> str | None:
        """Show the status just recorded for `check` at once and move on to the next check
        (the reload brings the progress and the summary); the key of that next check."""
        table = self.table
        row = min(table.cursor_row + 1, table.row_count - 1)
        next_key = (
            str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value)
            if row >= 0
            else None
        )
        styles = status_styles(self.app.get_css_variables())
        table.update_cell(str(check.id), "status", status_cell(status, styles))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)
        return next_key


class FlowsSummary(Vertical):
    """Every flow's checks reviewed and gaps, the flow shown marked; `text` as plain text.

    Drawn a line at a time (`ContentLines`): 5,000 flows cost what fits in the panel."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self.query_one(ContentLines).lines)

    def compose(self) -> ComposeResult:
        yield ContentLines(id="scenarios-summary-text")

    def show(self, progress: CheckProgress, lines: Sequence[Content]) -> None:
        """`lines`: the `SummaryLines` of `progress`."""
        width = lines.width if isinstance(lines, SummaryLines) else None
        self.query_one(ContentLines).set_lines(lines, width)
        self.border_subtitle = progress_label(progress.total, progress.reviewed, progress.gaps)
