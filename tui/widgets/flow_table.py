"""The flows table: one row per flow with its findings badge, and a strip under it that shows
the highlighted flow in full with what the findings say about it.

Rows are read by `storage` in a thread worker and arrive with their cells already built and
fitted (`tui.flow_cells`). When the findings must be worked out afresh for a large table, the
rows are shown first with their badges pending ("…"), then again with them: on thousands of
flows the findings take longer than everything else together. Flows marked with space carry
a mark before their route until a candidate is made of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from tui.flow_cells import (
    FLOW_COLUMNS,
    FLOW_SORT,
    SCROLLBAR,
    CellStyles,
    FindingIndex,
    FlowCells,
    flow_cells,
    flows_table_cells,
    marked_route,
    with_badges,
    with_marks,
)
from tui.labels import label
from tui.widgets.entity_table import Going, Page
from tui.widgets.findings_table import Findings, FindingsTable, finding_lines

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from storage.queries.flows import FlowRow
    from storage.workshop_file import WorkshopFile

EMPTY_FLOWS = (
    "No flows yet — press a to add one, or c for quick capture "
    "(type e.g. “Shopify -> Sage X3: Sales orders”)."
)


@dataclass(frozen=True)
class FlowQuery:
    text: str = ""
    system: str | None = None
    data_object: str | None = None
    sort: str = "route"
    descending: bool = False

    @property
    def filtered(self) -> bool:
        return bool(self.text.strip() or self.system or self.data_object)


@dataclass(frozen=True)
class FlowsPage(Page["FlowRow"]):
    generation: int  # the workshop's state the findings belong to
    query: FlowQuery
    findings: FindingIndex | None  # None: still being worked out (the badges say so)
    width: int  # the room the columns were fitted to


def flow_delete_detail(checks: int, candidates: Sequence[str]) -> str:
    """What deleting a flow takes with it, so the room is not surprised by a shorter roadmap."""
    going: list[str] = []
    if checks:
        going.append(f"its {checks} scenario check{'s' if checks != 1 else ''}")
    if candidates:
        quoted = [f"“{name}”" for name in candidates]
        places = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        going.append(f"its place in {places}")
    with_it = f", with {' and '.join(going)}" if going else ""
    return (
        f"It is removed from the workshop file at once{with_it}; the systems and the data "
        "object stay."
    )


def _cells_of(page: FlowsPage) -> FlowCells:
    return FlowCells(page.rows, page.cells, page.widths or ())


def _with_cells(page: FlowsPage, cells: FlowCells, findings: FindingIndex | None) -> FlowsPage:
    return replace(page, rows=cells.rows, cells=cells.cells, widths=cells.widths, findings=findings)


class FlowTable(FindingsTable["FlowRow", FlowsPage]):
    """The flows, filtered by text, by a system at either end and by data object."""

    DEFAULT_CSS = """
    FlowTable {
        & > .detail-strip {
            height: 4;
            padding: 0 1;
            border-top: hkey $primary 40%;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    """

    COLUMNS = FLOW_COLUMNS
    NOUN = "flow"
    PLURAL = "flows"
    EDITED = "flow"
    EMPTY = EMPTY_FLOWS
    DETAIL = "#flow-detail"
    NAME = "ref"  # "S -> T: O", as findings and the form name it

    def __init__(self, findings: Findings, *, large: int) -> None:
        super().__init__(findings, id="flows-view", table_id="flows-table", empty_id="flows-empty")
        self.large = large  # rows: from here on, rows are shown before their findings
        self.system: str | None = None  # filters, set by the screen
        self.data_object: str | None = None
        self.marked: set[int] = set()  # flow ids marked with space, for "make candidate"
        self.findings_pending = False  # rows on show, badges not yet worked out
        self._early_shown = -1  # the request whose rows were shown before their findings
        self._fitted_width = 0

    def compose_detail(self) -> Widget:
        return Static("", id="flow-detail", classes="detail-strip")

    # Loading ----------------------------------------------------------------------------------

    def start(self, workshop: WorkshopFile, request: int, select: str | None) -> None:
        table = self.table
        query = FlowQuery(
            text=self.text,
            system=self.system,
            data_object=self.data_object,
            sort=table.sort_column,
            descending=table.descending,
        )
        width, height = self.room()
        page = FlowsPage(
            request=request,
            rows=(),
            cells=(),
            widths=(),
            total=0,
            filtered=query.filtered,
            select=select,
            generation=self.findings.generation,
            query=query,
            findings=self.findings.current,
            width=width,
        )
        self._load(workshop, page, self.cell_styles(), height)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns again when the terminal's width changes (the projector's, say)."""
        if self._fitted_width and self.room()[0] != self._fitted_width:
            self.reload()

    # `description` spares the decorator a repr() of every argument: of the cached findings
    # too, which on 5,000 flows took a tenth of a second on the UI thread.
    @work(thread=True, exclusive=True, group="flows", exit_on_error=False, description="flows")
    def _load(
        self, workshop: WorkshopFile, page: FlowsPage, styles: CellStyles, height: int
    ) -> FlowsPage | None:
        """`page` (the request, without rows) with its rows, their cells and findings."""
        from models.findings import findings_by_subject
        from storage.queries.flows import count_flows, list_flows
        from storage.queries.snapshot import findings_for

        worker = get_current_worker()
        query = page.query

        def built(rows: list[FlowRow], findings: FindingIndex | None) -> FlowsPage | None:
            room = page.width - (SCROLLBAR if len(rows) > height - 1 else 0)
            cells = flows_table_cells(
                rows,
                findings,
                styles,
                sort=query.sort,
                descending=query.descending,
                room=room,
                cancelled=lambda: worker.is_cancelled,
            )
            return _with_cells(page, cells, findings) if cells is not None else None

        findings = page.findings
        with workshop.session() as session:
            rows = list_flows(
                session,
                text=query.text,
                system=query.system,
                data_object=query.data_object,
                sort=FLOW_SORT.get(query.sort, "source"),
                descending=query.descending if query.sort in FLOW_SORT else False,
            )
            page = replace(page, total=count_flows(session) if query.filtered else len(rows))
            early: FlowsPage | None = None
            if findings is None and len(rows) >= self.large and query.sort != "findings":
                early = built(rows, None)
                if early is None:
                    return None
                self.app.call_from_thread(self._show_early, early)
            if findings is None and not worker.is_cancelled:
                findings = findings_by_subject(findings_for(session))
        if findings is None:  # cancelled: a newer load has taken over
            return None
        if early is not None:  # the same rows in the same order: only the badges change
            return _with_cells(early, with_badges(_cells_of(early), findings, styles), findings)
        return built(rows, findings)

    def _show_early(self, page: FlowsPage) -> None:
        if page.request == self.request:
            self.show_page(page)

    def show_page(self, page: FlowsPage) -> None:
        """Show `page`; when its rows were shown already (before their findings), the cursor
        stays where the user has moved it since."""
        pending = page.findings is None
        if page.findings is not None:
            self.findings.remember(page.generation, page.findings)
            self.index = page.findings
        select = page.select
        if not pending and self._early_shown == page.request:
            select = self.table.selected_key
        self._early_shown = page.request if pending else -1
        self.findings_pending = pending
        self._fitted_width = page.width
        self.fill(page, select)

    def page_cells(self, page: FlowsPage) -> Sequence[Sequence[Text]]:
        return with_marks(_cells_of(page), self.marked)

    # The strip under the table ----------------------------------------------------------------

    def describe(self, row: FlowRow) -> Content:
        how = (
            f"{label(row.frequency).lower()} via {label(row.mechanism)}, {label(row.state).lower()}"
        )
        facts = [how, "two-way" if row.two_way else "one-way"]
        facts.append(f"owner {row.owner}" if row.owner.strip() else "no owner")
        if row.monitored:
            facts.append("monitored")
        if row.volume_per_day:
            facts.append(f"{row.volume_per_day:,}/day")
        if row.manual_hours_per_week:
            facts.append(f"{row.manual_hours_per_week:g} manual h/week")
        arrow = " ⇄ " if row.two_way else " → "
        title = Content.assemble(
            (row.source, "bold"),
            (arrow, "$text-accent"),
            (row.target, "bold"),
            (": ", "bold"),
            (row.data_object, "bold"),
            ("   ", ""),
            (" · ".join(facts), "$text-muted"),
        )
        findings = self.findings_of(row.ref)
        lines = [title]
        if self.findings_pending:
            lines.append(Content.styled("Checking the findings…", "italic $text-muted"))
        elif findings:
            lines += finding_lines(findings, limit=2)
        else:
            lines.append(Content.styled("✓ No findings for this flow.", "$text-success"))
        return Content("\n").join(lines)

    # Marks ------------------------------------------------------------------------------------

    def toggle_mark(self) -> bool:
        """Mark the highlighted flow (or unmark it), then move to the next row; False when
        there is no flow to mark."""
        row = self.selected
        if row is None:
            return False
        table = self.table
        width = table.columns[ColumnKey("route")].content_width
        route = flow_cells(row, None, self.cell_styles())[0]
        if row.id in self.marked:
            self.marked.discard(row.id)
            if route.cell_len > width:
                route.truncate(width, overflow="ellipsis")
        else:
            self.marked.add(row.id)
            route = marked_route(route, width)
        table.update_cell(str(row.id), "route", route)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)
        return True

    # Editing ----------------------------------------------------------------------------------

    def form(self, workshop: WorkshopFile, row_id: int | None) -> Screen[Any]:
        from tui.dialogs.flow_form import FlowForm

        return FlowForm(workshop, flow_id=row_id)

    def what_goes(self, session: Session, row: FlowRow) -> tuple[str, Going]:
        from storage.queries.flows import flow_dependants

        going = flow_dependants(session, flow_id=row.id)
        return flow_delete_detail(going.checks, going.candidates), []

    def delete_row(self, session: Session, row: FlowRow) -> None:
        from storage.queries.flows import delete_flow

        delete_flow(session, flow_id=row.id)
