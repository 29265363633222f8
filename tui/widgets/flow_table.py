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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.content import Content
from textual.widget import Widget
from textual.widgets.data_table import ColumnKey
from textual.worker import Worker, WorkerState, get_current_worker

from models.text_filter import Searchable, matching, narrows, needle_of, searchable
from tui.flow_cells import (
    FLOW_COLUMNS,
    FLOW_SHRINK,
    FLOW_SORT,
    SCROLLBAR,
    CellStyles,
    FindingIndex,
    FlowCells,
    SharedTexts,
    findings_badge,
    flow_cells,
    flows_table_cells,
    marked_route,
    with_badges,
    with_marks,
)
from tui.labels import label
from tui.widgets.detail_text import DetailText
from tui.widgets.entity_table import Going, Page, Patch
from tui.widgets.findings_table import Findings, FindingsTable, finding_lines
from tui.widgets.table import KeptRows

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from storage.queries.flows import FlowRow
    from storage.workshop_file import WorkshopFile

FLOW_KEYS = [key for key, _ in FLOW_COLUMNS]
PEEK_SPARE = 20  # rows beyond two screenfuls read first: page down works before the rest come

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
    first_rows: bool = False  # only the first screenful, read before the rest (`peek`)


@dataclass(frozen=True)
class Badges:
    """The findings worked out again for the flows on show, as of workshop `generation`."""

    generation: int
    index: FindingIndex


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


def _names(row: FlowRow) -> tuple[str, str, str]:
    return (row.source, row.target, row.data_object)


def _answers(row: FlowRow) -> tuple[str | None, ...]:
    """The values besides names the text filter looks in, as the file stores them."""
    enums = (row.frequency, row.mechanism, row.direction, row.state, row.approach)
    return (row.owner, *(None if value is None else str(value.value) for value in enums))


def _cells_of(page: FlowsPage) -> FlowCells:
    return FlowCells(page.rows, page.cells, page.widths or ())


def _with_cells(page: FlowsPage, cells: FlowCells, findings: FindingIndex | None) -> FlowsPage:
    return replace(page, rows=cells.rows, cells=cells.cells, widths=cells.widths, findings=findings)


class FlowTable(FindingsTable["FlowRow", FlowsPage]):
    """The flows, filtered by text, by a system at either end and by data object."""

    DEFAULT_CSS = """
    FlowTable {
        & > .detail-strip {
            /* Wraps: the flow's facts are the full text of the cells a narrow table cuts. */
            height: auto;
            min-height: 3;
            max-height: 5;
            padding: 0 1;
            border-top: hkey $primary 40%;
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
        # The last page of a large table with no text filter: typing filters these rows.
        self._full: FlowsPage | None = None
        self._searchable: list[Searchable] | None = None  # its rows as the filter reads them
        self._last_found: tuple[tuple[str, str], list[int]] | None = None  # the last text's
        # While the text filter narrows `_full`: its rows, the marks they were drawn with, and
        # the table's rows as it held them (taken out, to put back on escape).
        self._kept: tuple[tuple[FlowRow, ...], frozenset[int], KeptRows] | None = None
        self._holds: tuple[FlowRow, ...] | None = None  # the table holds `_full`'s rows, whole
        self._peeked = False  # the first screenful was read (`peek`), once

    def compose_detail(self) -> Widget:
        return DetailText("", id="flow-detail", classes="detail-strip")

    # Loading ----------------------------------------------------------------------------------

    def flow_query(self) -> FlowQuery:
        """The filters and order on show."""
        table = self.table
        return FlowQuery(
            text=self.text,
            system=self.system,
            data_object=self.data_object,
            sort=table.sort_column,
            descending=table.descending,
        )

    def start(self, workshop: WorkshopFile, request: int, select: str | None) -> None:
        query = self.flow_query()
        width, height = self.room()
        if self._filter_in_memory(request, select, query, width):
            return
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

    def reload(self) -> None:
        """On the first visit, the first screenful at once (`peek`), then every row."""
        if self.shown < 0 and not self._peeked and self.flow_query() == FlowQuery():
            self._peeked = True
            opening = self.app.workshop is None  # then the load comes once the file is open
            request = self.request if opening else self.request + 1  # the one loading next
            width, height = self.room()
            if self.app.peek_path is not None:
                self._peek(self.app.peek_path, request, self.cell_styles(), width, height)
        super().reload()

    # `description`: as `_load`'s.
    @work(thread=True, exclusive=True, group="flows-peek", exit_on_error=False, description="peek")
    def _peek(
        self, path: Path, request: int, styles: CellStyles, width: int, height: int
    ) -> FlowsPage | None:
        """The first rows, read with the standard library (`storage.peek`): on 5,000 flows
        the whole load takes a quarter of a second once the file is open, and before that
        waits for SQLAlchemy to load; these are on screen in a few milliseconds."""
        from storage.peek import peek_flows

        peeked = peek_flows(path, limit=2 * height + PEEK_SPARE)
        if peeked is None:
            return None
        rows, total = peeked
        room = width - (SCROLLBAR if total > height - 1 else 0)
        query = FlowQuery()
        cells = flows_table_cells(
            rows,
            None,
            styles,
            sort=query.sort,
            descending=False,
            room=room,
            cancelled=lambda: False,
        )
        if cells is None:
            return None
        return FlowsPage(
            request=request,
            rows=cells.rows,
            cells=cells.cells,
            widths=cells.widths,
            total=total,
            filtered=False,
            select=None,
            generation=-1,
            query=query,
            findings=None,
            width=width,
            first_rows=True,
        )

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
        from storage.queries.readiness import findings_for

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

    # Patching rows (an undo or redo of some flows) and their badges ---------------------------

    def start_patch(self, workshop: WorkshopFile, request: int, ids: frozenset[int]) -> bool:
        table = self.table
        if table.sort_column == "findings":  # the order follows the badges: load it all
            return False
        query = self.flow_query()
        before = {row.id: row for row in self.rows.values() if row.id in ids}
        widths = {str(column.key.value): column.content_width for column in table.ordered_columns}
        reading = (workshop, request, ids, query, before, self.index, set(self.marked), widths)
        # The changed flows are read here (a millisecond: less than a thread hop); reading
        # the order of 5,000 flows, when one joined or moved, is left to a thread.
        patch = self._read_patch(*reading, in_order=False)
        if patch is None:
            self._load_patch(*reading)
        else:
            self.apply_patch(patch)
        return True

    @work(thread=True, exclusive=True, group="flows", exit_on_error=False, description="patch")
    def _load_patch(self, *reading: Any) -> Patch[FlowRow] | None:
        return self._read_patch(*reading, in_order=True)

    def _read_patch(
        self,
        workshop: WorkshopFile,
        request: int,
        ids: frozenset[int],
        query: FlowQuery,
        before: dict[int, FlowRow],
        index: FindingIndex,
        marked: set[int],
        widths: dict[str, int],
        *,
        in_order: bool,
    ) -> Patch[FlowRow] | None:
        """Flows `ids` as they are now, their cells fitted to the columns on show (badges as
        the findings last were: `refresh_badges` follows), and the order of all the flows
        when one of them joined or may have moved; None then, unless `in_order`."""
        from storage.queries.flows import count_flows, flow_ids, list_flows

        sort = FLOW_SORT.get(query.sort, "source")
        filters: dict[str, Any] = {
            "text": query.text,
            "system": query.system,
            "data_object": query.data_object,
            "sort": sort,
            "descending": query.descending,
        }
        with workshop.session() as session:
            rows = list_flows(session, ids=ids, **filters)
            moved = any(
                row.id not in before
                or any(
                    getattr(row, field) != getattr(before[row.id], field)
                    for field in (sort, "source", "target", "data_object")
                )
                for row in rows
            )
            if moved and not in_order:
                return None
            order = tuple(str(found) for found in flow_ids(session, **filters)) if moved else None
            total = count_flows(session)
        styles, shared = self.cell_styles(), SharedTexts()
        cells = []
        for row in rows:
            fitted = flow_cells(row, index.get(row.ref, ()), styles, shared)
            for key, _ in FLOW_SHRINK:  # the columns that give way keep their width
                column = FLOW_KEYS.index(key)
                if fitted[column].cell_len > widths[key]:
                    fitted[column] = fitted[column].copy()
                    fitted[column].truncate(widths[key], overflow="ellipsis")
            if row.id in marked:
                fitted[0] = marked_route(fitted[0], widths["route"])
            cells.append(tuple(fitted))
        return Patch(request, ids, tuple(rows), tuple(cells), order, total)

    def apply_patch(self, patch: Patch[FlowRow]) -> None:
        self._full = None
        super().apply_patch(patch)
        # Once the rows are painted: working out 5,000 flows' findings holds the interpreter
        # (a tenth of a second), which would hold that frame back.
        self.call_after_refresh(self.refresh_badges)

    def refresh_badges(self, *, minutes_only: bool = False) -> None:
        """Work the findings out again in the background, then redraw only the badges that
        changed: after a patch, or (`minutes_only`) after a minute was captured, when only
        the minutes' findings can have changed and only they are worked out."""
        workshop = self.app.workshop
        if workshop is None or not self.rows:
            return
        # The minutes' findings swap into the findings on show, if those are known already.
        base = dict(self.index) if minutes_only and not self.findings_pending else None
        self._find(workshop, self.findings.generation, base)

    @work(thread=True, exclusive=True, group="badges", exit_on_error=False, description="badges")
    def _find(self, workshop: WorkshopFile, generation: int, base: FindingIndex | None) -> Badges:
        from models.findings import MINUTE_CODES, findings_by_subject, replace_findings
        from storage.queries.readiness import findings_for
        from storage.queries.snapshot import minute_findings

        with workshop.session() as session:
            if base is None:
                return Badges(generation, findings_by_subject(findings_for(session)))
            fresh = minute_findings(session)
        return Badges(generation, replace_findings(base, MINUTE_CODES, fresh))

    def show_badges(self, badges: Badges) -> None:
        if badges.generation != self.findings.generation:
            return  # the workshop changed again: a newer look is on its way
        self.findings.remember(badges.generation, badges.index)
        old, new, none = self.index, badges.index, ()
        styles = self.cell_styles()
        # Rows drawn before their findings show "…", whatever the index says: all are drawn
        # (a patch in that moment drops the page that would have filled them).
        pending = self.findings_pending
        changed = {
            key: {"findings": findings_badge(new.get(row.ref, none), styles)}
            for key, row in self.rows.items()
            if pending or list(old.get(row.ref, none)) != list(new.get(row.ref, none))
        }
        self.index = new
        self.findings_pending = False
        if changed:
            self._full = None  # its cells have the badges of before
            self.table.update_cells(changed)
        self.show_detail()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Pages and patches are EntityTable's: Textual calls its handler after this one (a
        # super() call here showed every page and applied every patch twice).
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Badges):
            self.show_badges(event.worker.result)

    def _show_early(self, page: FlowsPage) -> None:
        if page.request == self.request:
            self.show_page(page)

    def _filter_in_memory(
        self, request: int, select: str | None, query: FlowQuery, width: int
    ) -> bool:
        """Show page `request` from the rows of a large table already built, when only the
        text filter differs from theirs (typed, or cleared with escape): no query, no cells
        made, nothing to wait for. False when they cannot answer (the workshop changed since,
        another filter or order, another width, or a small table, loaded whole anyway)."""
        full = self._full
        if full is None or full.width != width or replace(query, text="") != full.query:
            return False
        needle = needle_of(query.text)
        if needle is None:
            page = replace(full, request=request, select=select)
        else:
            if self._searchable is None:  # once per page kept: a key then costs a scan
                self._searchable = [searchable(_names(row), _answers(row)) for row in full.rows]
                self._last_found = None
            rows = self._searchable
            # A key more looks only among the rows the text before it kept.
            last = self._last_found
            among = last[1] if last is not None and narrows(last[0], needle) else None
            kept = matching(needle, rows, among)
            self._last_found = (needle, kept)
            page = replace(
                full,
                request=request,
                rows=tuple(full.rows[index] for index in kept),
                cells=tuple(full.cells[index] for index in kept),
                filtered=True,
                select=select,
                query=query,
            )
        self.show_page(page)
        return True

    @property
    def filters_in_memory(self) -> bool:
        """Whether typing a text filter is answered from the rows at hand (`_full`)."""
        return self._full is not None

    def forget_rows(self) -> None:
        """The workshop changed: the rows kept for filtering in memory no longer describe it."""
        self._full = None

    def show_page(self, page: FlowsPage) -> None:
        """Show `page`; when its rows were shown already (before their findings), the cursor
        stays where the user has moved it since."""
        if page.first_rows and self.shown == page.request:
            return  # every row came first: the first screenful has nothing to add
        if page.findings is not None and not page.query.text.strip():
            # Every row the other filters let through, with their badges: the text filter
            # picks from these from now on, until the workshop changes. (Escape shows them
            # again: what the filter reads of them stays.)
            if self._full is None or page.rows is not self._full.rows:
                self._searchable = None
            self._full = page if len(page.rows) >= self.large else None
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

    def put_in_table(self, page: FlowsPage, select: str | None) -> None:
        """As any table, but a text filter typed over every row (`_full`) takes them out of
        the table as they are, and escape puts them back: 5,000 rows are then neither added
        nor drawn again (~170 ms at L). Pages are told apart by their rows (the same tuple:
        the filter makes pages of `_full` with `dataclasses.replace`)."""
        table = self.table
        full, kept = self._full, self._kept
        every = full.rows if full is not None else None
        marks = frozenset(self.marked)
        whole = page.rows is every
        if whole and kept is not None and kept[0] is every and kept[1] == marks:
            old_row = table.cursor_row
            table.take_rows()  # the filter's rows go
            table.put_rows(kept[2])
            table.select_row(select, old_row)
        elif not whole and every is not None and (self._holds is every or kept is not None):
            if self._holds is every:
                self._kept = (every, marks, table.take_rows())
            else:
                table.take_rows()  # the last filter's rows go; nothing drawn is forgotten
            keys = (str(row.id) for row in page.rows)
            table.add_keyed_rows(zip(keys, self.page_cells(page), strict=True), page.widths)
            table.select_row(select, 0)
            self._holds = None
            return
        else:
            super().put_in_table(page, select)
        self._kept = None
        self._holds = page.rows if whole else None

    def page_cells(self, page: FlowsPage) -> Sequence[Sequence[Text]]:
        return with_marks(_cells_of(page), self.marked)

    # The strip under the table ----------------------------------------------------------------

    def describe(self, row: FlowRow) -> Content:
        unknown = "?"  # said briefly here; the table shows a dim "—"
        frequency = unknown if row.frequency is None else label(row.frequency).lower()
        mechanism = unknown if row.mechanism is None else label(row.mechanism)
        state = "state not recorded" if row.state is None else label(row.state).lower()
        facts = [f"{frequency} via {mechanism}, {state}"]
        if row.direction is not None:
            facts.append("two-way" if row.two_way else "one-way")
        facts.append(f"owner {row.owner}" if row.owner.strip() else "no owner")
        if row.monitored is not None:
            facts.append("monitored" if row.monitored else "not monitored")
        if row.volume_per_day is not None:
            facts.append(f"{row.volume_per_day:,}/day")
        if row.manual_hours_per_week is None:
            facts.append("manual effort not recorded")
        else:
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

    def form(self, workshop: WorkshopFile | None, row_id: int | None) -> Screen[Any]:
        from tui.dialogs.flow_form import FlowForm

        assert workshop is not None  # its choices are read from the file
        return FlowForm(workshop, flow_id=row_id)

    def what_goes(self, session: Session, row: FlowRow) -> tuple[str, Going]:
        from storage.queries.flows import flow_dependants

        going = flow_dependants(session, flow_id=row.id)
        return flow_delete_detail(going.checks, going.candidates), []

    def delete_row(self, session: Session, row: FlowRow) -> None:
        from storage.queries.flows import delete_flow

        delete_flow(session, flow_id=row.id)
