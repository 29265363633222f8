"""The Flows screen (key 3): which data moves between which systems, and the data objects view.

Two views on one screen, switched with `v`:

- **Flows**: one row per flow (source → target, data object, frequency, mechanism, state,
  owner, findings badge), filtered in SQL by text, by a system at either end and by data object;
  a strip under the table shows the highlighted flow in full with its findings.
- **Data objects**: source of truth, owner, sensitivity, flow and definition counts and a
  conflict mark; a panel under the table shows the highlighted object's definitions per
  department, and says so when they disagree.

Rows are read by `storage` in thread workers and arrive as plain rows with their cells already
built (`Text`: user text is data, never markup), so the table only has to add them. Findings are
computed in the same worker and kept until the workshop changes: filtering and sorting 5,000
flows does not run the rules again. Nothing here builds SQL or imports storage at module level.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import ColumnKey
from textual.worker import Worker, WorkerState, get_current_worker

from tui.labels import label
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.widgets.sortable_table import ASCENDING, DESCENDING, SortableTable

if TYPE_CHECKING:
    from textual.timer import Timer

    from models.findings import Finding
    from storage.queries.data_objects import DataObjectRow, DefinitionRow
    from storage.queries.flows import FlowRow
    from storage.workshop_file import WorkshopFile
    from tui.app import SeamworkApp
    from tui.dialogs.data_object_form import SavedDataObject
    from tui.dialogs.flow_form import SavedFlow

FLOWS = "flows"
OBJECTS = "objects"

FLOW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("route", "Source → Target"),
    ("data_object", "Data object"),
    ("frequency", "Frequency"),
    ("mechanism", "Mechanism"),
    ("state", "State"),
    ("owner", "Owner"),
    ("findings", "Findings"),
)

# Table column -> `storage.queries.flows.list_flows` sort; "findings" is ordered here, after.
FLOW_SORT: dict[str, str] = {
    "route": "source",
    "data_object": "data_object",
    "frequency": "frequency",
    "mechanism": "mechanism",
    "state": "state",
    "owner": "owner",
}

# When the table is wider than the screen, these give way first, down to these widths (the
# strip under the table shows the highlighted flow in full).
FLOW_SHRINK: tuple[tuple[str, int], ...] = (("owner", 12), ("route", 28), ("data_object", 12))

# The table says "Partial"; the strip under it and the form say "partly automated".
STATE_SHORT: dict[str, str] = {"partial": "Partial"}

OBJECT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Data object"),
    ("source_of_truth", "Source of truth"),
    ("owner", "Owner"),
    ("sensitivity", "Sensitivity"),
    ("flows", "Flows"),
    ("definitions", "Definitions"),
)

OBJECT_SHRINK: tuple[tuple[str, int], ...] = (("owner", 12), ("name", 16), ("source_of_truth", 14))

LARGE_TABLE = 1000  # rows: from here on, the text filter waits for a pause in typing
TYPING_PAUSE = 0.25  # seconds: longer than between two keys of a word
CODE_WIDTH = 26  # "⚠ FLOW-NO-ERROR-HANDLING" and a gap: messages line up
CELL_PADDING = 2  # DataTable's default: one cell either side of every column
SCROLLBAR = 2

EMPTY_FLOWS = (
    "No flows yet — press a to add one, or c for quick capture "
    "(type e.g. “Shopify -> Sage X3: Sales orders”)."
)
EMPTY_OBJECTS = (
    "No data objects yet — press a to add one (customers, stock, sales orders …); "
    "quick capture (c) creates them too."
)

MARK = "◆ "  # before the route of a flow marked for "make candidate"

SEVERITY_MARKS: tuple[tuple[str, str], ...] = (("blocker", "⛔"), ("warning", "⚠"), ("info", "ℹ"))

FindingIndex = Mapping[str, Sequence["Finding"]]


def count_label(shown: int, total: int, filtered: bool, noun: str, plural: str) -> str:
    """ "24 flows", "1 flow", or "3 of 24 flows" while a filter is on."""
    word = noun if total == 1 else plural
    return f"{shown} of {total} {word}" if filtered else f"{total} {word}"


def fit_widths(
    natural: Mapping[str, int], shrink: Sequence[tuple[str, int]], available: int
) -> dict[str, int]:
    """Column widths that fit in `available` cells (padding included): the columns in `shrink`
    give way in order, each no narrower than its floor. Others keep their natural width."""
    widths = dict(natural)
    excess = sum(widths.values()) + CELL_PADDING * len(widths) - available
    for key, floor in shrink:
        if excess <= 0:
            break
        cut = min(excess, max(0, widths[key] - floor))
        widths[key] -= cut
        excess -= cut
    return widths


def _fit_cells(
    rows: list[list[Text]],
    columns: Sequence[tuple[str, str]],
    shrink: Sequence[tuple[str, int]],
    available: int,
) -> list[int]:
    """Truncate (with an ellipsis) the cells of the columns that must give way, in place, and
    return each column's width as the table will need it (the widest cell or the header).

    Cells may be shared between rows (one `Text` for every "Daily"): each distinct cell is
    measured, and truncated, once; truncating a shared cell to its column's width suits every
    row that shows it.
    """
    keys = [key for key, _ in columns]
    natural = [len(title) + 2 for _, title in columns]  # the header and its sort arrow
    seen: set[int] = set()
    for cells in rows:
        for index, cell in enumerate(cells):
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            if cell.cell_len > natural[index]:
                natural[index] = cell.cell_len
    fitted = fit_widths(dict(zip(keys, natural, strict=True)), shrink, available)
    widths = [fitted[key] for key in keys]
    narrowed = [(index, width) for index, width in enumerate(widths) if width < natural[index]]
    for cells in rows:
        for index, width in narrowed:
            if cells[index].cell_len > width:
                cells[index].truncate(width, overflow="ellipsis")
    return widths


class SharedTexts:
    """One `Text` per repeated cell value within a page, built on first use.

    A page of 5,000 flows holds a handful of distinct frequencies, states, owners and badges;
    sharing their `Text`s makes building and measuring the page several times cheaper. Cells
    are only read by the table, never changed, so sharing is safe.
    """

    def __init__(self) -> None:
        self._texts: dict[tuple[str, str], Text] = {}

    def get(self, kind: str, value: str, make: Callable[[], Text]) -> Text:
        key = (kind, value)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = make()
        return text


@dataclass(frozen=True)
class CellStyles:
    """Rich styles for table cells, read from the screen's component classes (theme colours)
    on the UI thread and handed to the worker that builds the cells."""

    blocker: Style = field(default_factory=Style)
    warning: Style = field(default_factory=Style)
    info: Style = field(default_factory=Style)
    ok: Style = field(default_factory=Style)
    muted: Style = field(default_factory=Style)
    arrow: Style = field(default_factory=Style)
    manual: Style = field(default_factory=Style)
    automated: Style = field(default_factory=Style)
    planned: Style = field(default_factory=Style)


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


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {severity: 0 for severity, _ in SEVERITY_MARKS}
    for finding in findings:
        counts[str(finding.severity)] = counts.get(str(finding.severity), 0) + 1
    return counts


def findings_badge(findings: Sequence[Finding], styles: CellStyles) -> Text:
    """ "⛔ 1 ⚠ 2": how many findings of each severity a row has; a quiet ✓ when none."""
    if not findings:
        return Text("✓", style=styles.ok)
    counts = severity_counts(findings)
    parts: list[Text] = []
    for severity, mark in SEVERITY_MARKS:
        if counts[severity]:
            parts.append(Text(f"{mark} {counts[severity]}", style=getattr(styles, severity)))
    return Text(" ").join(parts)


def _badge_order(findings: Sequence[Finding]) -> tuple[int, int, int]:
    counts = severity_counts(findings)
    return (counts["blocker"], counts["warning"], counts["info"])


def flow_cells(
    row: FlowRow,
    findings: Sequence[Finding] | None,
    styles: CellStyles,
    shared: SharedTexts | None = None,
) -> list[Text]:
    """The table cells of one flow, every one `Text` (names are data, never markup).

    `findings` None means they are still being worked out: the badge says "…"."""
    texts = shared or SharedTexts()
    arrow = " ⇄ " if row.two_way else " → "
    state = row.state.value
    state_style = {
        "manual": styles.manual,
        "automated": styles.automated,
        "planned": styles.planned,
    }.get(state, Style())
    if findings is None:
        badge = texts.get("findings", "pending", lambda: Text("…", style=styles.muted))
    else:
        counts = ",".join(str(n) for n in _badge_order(findings)) if findings else ""
        badge = texts.get("findings", counts, lambda: findings_badge(findings, styles))
    return [
        Text.assemble(row.source, (arrow, styles.arrow), row.target),
        texts.get("object", row.data_object, lambda: Text(row.data_object)),
        texts.get("frequency", row.frequency.value, lambda: Text(label(row.frequency))),
        texts.get("mechanism", row.mechanism.value, lambda: Text(label(row.mechanism))),
        texts.get(
            "state",
            state,
            lambda: Text(STATE_SHORT.get(state) or label(row.state), style=state_style),
        ),
        texts.get(
            "owner",
            row.owner,
            lambda: Text(row.owner) if row.owner.strip() else Text("—", style=styles.muted),
        ),
        badge,
    ]


def object_cells(row: DataObjectRow, styles: CellStyles) -> list[Text]:
    definitions = Text(str(row.definitions) if row.definitions else "—")
    if not row.definitions:
        definitions.stylize(styles.muted)
    if row.def_conflict:
        definitions.append("  ⚠ disagree", style=styles.warning)
    return [
        Text(row.name),
        Text(row.source_of_truth)
        if row.source_of_truth
        else Text("— none", style=styles.warning if row.flows else styles.muted),
        Text(row.owner) if row.owner.strip() else Text("—", style=styles.muted),
        Text(label(row.sensitivity)),
        Text(str(row.flows)) if row.flows else Text("0", style=styles.muted),
        definitions,
    ]


_OBJECT_SORT: dict[str, Callable[[DataObjectRow], Any]] = {
    "name": lambda row: (row.name.casefold(), row.name),
    "source_of_truth": lambda row: (
        row.source_of_truth is None,
        (row.source_of_truth or "").casefold(),
    ),
    "owner": lambda row: (not row.owner.strip(), row.owner.casefold()),
    "sensitivity": lambda row: _sensitivity_rank(row),
    "flows": lambda row: row.flows,
    "definitions": lambda row: (row.def_conflict, row.definitions),
}


def _sensitivity_rank(row: DataObjectRow) -> int:
    return list(type(row.sensitivity)).index(row.sensitivity)


# --- What the workers hand back ----------------------------------------------------------------


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
class FlowsPage:
    request: int
    generation: int  # the workshop's state the findings belong to
    query: FlowQuery
    rows: tuple[FlowRow, ...]
    cells: tuple[tuple[Text, ...], ...]
    total: int
    findings: FindingIndex | None  # None: still being worked out (the badges say so)
    select: str | None
    width: int
    widths: tuple[int, ...]  # of the columns, measured in the worker


@dataclass(frozen=True)
class ObjectsPage:
    request: int
    generation: int
    text: str
    rows: tuple[DataObjectRow, ...]
    cells: tuple[tuple[Text, ...], ...]
    definitions: Mapping[int, Sequence[DefinitionRow]]
    total: int
    findings: FindingIndex
    select: str | None
    widths: tuple[int, ...]


class FlowsScreen(Screen[None]):
    """Flows and data objects (key 3)."""

    HELP_TITLE = "Flows"
    HELP = (
        "Which data moves between which systems, how often, how, and who answers for it. The "
        "badge counts each flow's findings (⛔ blocker, ⚠ warning); the strip under the table "
        "says what they are. / filters by any text; y shows only the flows of one system (at "
        "either end) and o only those of one data object; escape clears every filter. s sorts "
        "by the highlighted column. v switches to the data objects: their source of truth, "
        "owner and what each department means by them. c captures a flow from one typed line; "
        "m shows the interface matrix. space marks flows and k makes a candidate integration of "
        "them for the Priorities screen. Every change is saved at once."
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "flows--blocker",
        "flows--warning",
        "flows--info",
        "flows--ok",
        "flows--muted",
        "flows--arrow",
        "flows--manual",
        "flows--automated",
        "flows--planned",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a flow (or a data object)", id="flows.add"),
        Binding(
            "e,enter",
            "edit",
            "Edit",
            tooltip="Edit the highlighted flow (or data object)",
            id="flows.edit",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the highlighted row (asks, naming what goes with it)",
            id="flows.delete",
        ),
        Binding(
            "slash", "filter", "Filter", tooltip="Filter by text as you type", id="flows.filter"
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filters",
            tooltip="Clear the text, system and data object filters",
            id="flows.clear_filter",
        ),
        Binding(
            "y",
            "pick_system",
            "System",
            tooltip="Show only the flows to or from one system",
            id="flows.system_filter",
        ),
        Binding(
            "o",
            "pick_data_object",
            "Object",
            tooltip="Show only the flows of one data object",
            id="flows.object_filter",
        ),
        Binding(
            "o",
            "flows_of_object",
            "Its flows",
            tooltip="Show the flows of the highlighted data object",
            id="flows.object_flows",
        ),
        Binding(
            "v",
            "show_view('objects')",
            "Data objects",
            tooltip="Switch to the data objects view",
            id="flows.view_objects",
        ),
        Binding(
            "v",
            "show_view('flows')",
            "Flows",
            tooltip="Switch back to the flows view",
            id="flows.view_flows",
        ),
        Binding(
            "c",
            "capture",
            "Capture",
            tooltip="Type a flow as said: Shopify -> ERP: orders",
            id="flows.capture",
        ),
        Binding("m", "matrix", "Matrix", tooltip="The interface matrix", id="flows.matrix"),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            tooltip="Mark or unmark the highlighted flow, to make a candidate of the marked flows",
            id="flows.mark",
            show=False,  # the footer is full; help lists it and the status line counts marks
        ),
        Binding(
            "k",
            "make_candidate",
            "Make candidate",
            tooltip="A candidate integration of the marked flows (or add them to one); marks clear",
            id="flows.make_candidate",
            show=False,
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            tooltip="Sort by the highlighted column; again to reverse",
            id="flows.sort",
            show=False,
        ),
    ]

    AUTO_FOCUS = "#flows-table"

    view: reactive[str] = reactive(FLOWS, init=False)
    filter_text: reactive[str] = reactive("", init=False)
    system_filter: reactive[str | None] = reactive(None, init=False)
    object_filter: reactive[str | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__(id="flows-screen")
        self.total: dict[str, int | None] = {FLOWS: None, OBJECTS: None}
        self.flows: dict[str, FlowRow] = {}  # row key -> the flow, for the strip and dialogs
        self.objects: dict[str, DataObjectRow] = {}
        self.definitions: Mapping[int, Sequence[DefinitionRow]] = {}
        self._findings: FindingIndex | None = None
        self._findings_generation = -1
        self._generation = 0  # bumped by every change to the workshop
        self._requests = {FLOWS: 0, OBJECTS: 0}
        self._stale = {FLOWS: True, OBJECTS: True}
        self._select: dict[str, str | None] = {FLOWS: None, OBJECTS: None}
        self._fitted_width = 0
        self._typing: Timer | None = None
        self._findings_pending = False  # rows on show, badges not yet worked out
        self._early_shown = -1  # the request whose rows were shown before their findings
        self.marked: set[int] = set()  # flow ids marked with space, for "make candidate" (k)

    @property
    def seamwork(self) -> SeamworkApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="flows-body", classes="panel"):
            yield Input(placeholder="Filter — type to narrow, esc to clear", id="flows-filter")
            with Vertical(id="flows-view"):
                yield SortableTable(FLOW_COLUMNS, sort_column="route", id="flows-table")
                yield Static(EMPTY_FLOWS, id="flows-empty", markup=False)
                yield Static("", id="flow-detail", classes="detail-strip")
            with Vertical(id="objects-view"):
                yield SortableTable(OBJECT_COLUMNS, sort_column="name", id="objects-table")
                yield Static(EMPTY_OBJECTS, id="objects-empty", markup=False)
                with VerticalScroll(id="object-detail-scroll"):
                    yield Static("", id="object-detail")
        yield Static("", id="flows-status", classes="status-line")

    @property
    def flows_table(self) -> SortableTable:
        return self.query_one("#flows-table", SortableTable)

    @property
    def objects_table(self) -> SortableTable:
        return self.query_one("#objects-table", SortableTable)

    @property
    def table(self) -> SortableTable:
        """The table of the view on show."""
        return self.flows_table if self.view == FLOWS else self.objects_table

    @property
    def filter_input(self) -> Input:
        return self.query_one("#flows-filter", Input)

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount, Footer())  # after the first frame, as on Systems
        self.query_one("#objects-view").display = False
        self._show_title()
        self._show_status()

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self._reload_if_seen()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity == "workshop":
            return
        self._generation += 1  # the findings and both views are out of date
        self._stale = {FLOWS: True, OBJECTS: True}
        self._reload_if_seen()

    def on_screen_resume(self) -> None:
        """Shown (first time, back from another screen, or a dialog closed): catch up."""
        if self._stale[self.view]:
            self.reload()  # the component classes the cells' colours come from are styled

    def _reload_if_seen(self) -> None:
        """Reload now if the screen is in view (a dialog over it counts: the table behind a
        quick capture follows); otherwise when it is next shown, so edits on other screens do
        not make this one work out thousands of rows in the background."""
        if self.is_current:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Load the view on show again with the current filters and order, keeping the cursor on
        `select` (or the highlighted row); the other view reloads when it is next shown."""
        workshop = self.seamwork.workshop
        if workshop is None:
            return
        view = self.view
        self._stale[view] = False
        self._requests[view] += 1
        table = self.table
        keep = select or self._select[view] or table.selected_key
        self._select[view] = None
        findings = self._findings if self._findings_generation == self._generation else None
        styles = self._cell_styles()
        if view == FLOWS:
            query = FlowQuery(
                text=self.filter_text,
                system=self.system_filter,
                data_object=self.object_filter,
                sort=table.sort_column,
                descending=table.descending,
            )
            width, height = self._table_room()
            self._load_flows(
                workshop,
                self._requests[FLOWS],
                self._generation,
                query,
                findings,
                styles,
                width,
                height,
                keep,
            )
        else:
            self._load_objects(
                workshop,
                self._requests[OBJECTS],
                self._generation,
                self.filter_text,
                table.sort_column,
                table.descending,
                findings,
                styles,
                self._table_room()[0],
                keep,
            )

    def _table_room(self) -> tuple[int, int]:
        """The width and height the view's table can use (an estimate before the first layout)."""
        body = self.query_one("#flows-body")
        width = body.content_region.width or max(40, self.app.size.width - 6)
        # Before the first layout: the screen less header, panel, strip, status and footer.
        height = self.table.size.height or max(5, self.app.size.height - 11)
        return width, height

    def _cell_styles(self) -> CellStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"flows--{name}", partial=True)

        return CellStyles(
            **{name: style(name.replace("_", "-")) for name in CellStyles.__dataclass_fields__}
        )

    # `description` spares the decorator a repr() of every argument: of the cached findings
    # too, which on 5,000 flows took a tenth of a second on the UI thread.
    @work(thread=True, exclusive=True, group="flows", exit_on_error=False, description="flows")
    def _load_flows(
        self,
        workshop: WorkshopFile,
        request: int,
        generation: int,
        query: FlowQuery,
        findings: FindingIndex | None,
        styles: CellStyles,
        width: int,
        height: int,
        select: str | None,
    ) -> FlowsPage | None:
        """The flows page. When the findings must be worked out afresh for a large table, the
        rows are shown first with their badges pending, then again with them: on thousands of
        flows the findings take longer than everything else together."""
        from models.findings import findings_by_subject
        from storage.queries.flows import count_flows, list_flows
        from storage.queries.snapshot import findings_for

        worker = get_current_worker()
        with workshop.session() as session:
            rows = list_flows(
                session,
                text=query.text,
                system=query.system,
                data_object=query.data_object,
                sort=FLOW_SORT.get(query.sort, "source"),
                descending=query.descending if query.sort in FLOW_SORT else False,
            )
            total = count_flows(session) if query.filtered else len(rows)
            page = FlowsPage(
                request=request,
                generation=generation,
                query=query,
                rows=(),
                cells=(),
                total=total,
                findings=findings,
                select=select,
                width=width,
                widths=(),
            )
            early: FlowsPage | None = None
            if findings is None and len(rows) >= LARGE_TABLE and query.sort != "findings":
                early = self._flows_page(page, rows, styles, height, worker)
                if early is None:
                    return None
                self.app.call_from_thread(self._show_early_flows, early)
            if findings is None and not worker.is_cancelled:
                findings = findings_by_subject(findings_for(session))
        if findings is None:  # cancelled: a newer load has taken over
            return None
        if early is not None:  # the same rows in the same order: only the badges change
            return self._with_badges(early, findings, styles)
        return self._flows_page(replace(page, findings=findings), rows, styles, height, worker)

    @staticmethod
    def _with_badges(page: FlowsPage, findings: FindingIndex, styles: CellStyles) -> FlowsPage:
        """`page` (shown with its badges pending) with each row's findings badge."""
        shared = SharedTexts()
        none: tuple[Finding, ...] = ()
        cells = []
        for row, row_cells in zip(page.rows, page.cells, strict=True):
            found = findings.get(row.ref, none)
            counts = ",".join(str(n) for n in _badge_order(found)) if found else ""
            badge = shared.get(
                "findings", counts, lambda found=found: findings_badge(found, styles)
            )
            cells.append((*row_cells[:-1], badge))
        widest = max((cell[-1].cell_len for cell in cells), default=0)
        widths = (*page.widths[:-1], max(page.widths[-1], widest))
        return replace(page, findings=findings, cells=tuple(cells), widths=widths)

    @staticmethod
    def _flows_page(
        page: FlowsPage,
        rows: list[FlowRow],
        styles: CellStyles,
        height: int,
        worker: Worker[object],
    ) -> FlowsPage | None:
        """`page` with its rows' cells built and fitted (None when the worker was cancelled).

        Without findings (`page.findings` None) the badges say they are pending."""
        findings = page.findings
        none: tuple[Finding, ...] = ()
        if findings is not None and page.query.sort == "findings":
            rows = sorted(
                rows,
                key=lambda row: _badge_order(findings.get(row.ref, none)),
                reverse=page.query.descending,
            )
        shared = SharedTexts()
        cells: list[list[Text]] = []
        for start in range(0, len(rows), 500):
            if worker.is_cancelled:
                return None
            cells += [
                flow_cells(
                    row,
                    findings.get(row.ref, none) if findings is not None else None,
                    styles,
                    shared,
                )
                for row in rows[start : start + 500]
            ]
        room = page.width - (SCROLLBAR if len(rows) > height - 1 else 0)
        widths = _fit_cells(cells, FLOW_COLUMNS, FLOW_SHRINK, room)
        return replace(
            page,
            rows=tuple(rows),
            cells=tuple(tuple(row) for row in cells),
            widths=tuple(widths),
        )

    def _show_early_flows(self, page: FlowsPage) -> None:
        if page.request == self._requests[FLOWS]:
            self._show_flows(page)

    @work(thread=True, exclusive=True, group="objects", exit_on_error=False, description="objects")
    def _load_objects(
        self,
        workshop: WorkshopFile,
        request: int,
        generation: int,
        text: str,
        sort: str,
        descending: bool,
        findings: FindingIndex | None,
        styles: CellStyles,
        width: int,
        select: str | None,
    ) -> ObjectsPage:
        from models.findings import findings_by_subject
        from storage.queries.data_objects import list_data_objects, list_definitions
        from storage.queries.snapshot import findings_for

        with workshop.session() as session:
            rows = list_data_objects(session, text=text)
            total = len(list_data_objects(session)) if text.strip() else len(rows)
            definitions = {
                row.id: list_definitions(session, data_object_id=row.id)
                for row in rows
                if row.definitions
            }
            if findings is None:
                findings = findings_by_subject(findings_for(session))
        rows.sort(key=_OBJECT_SORT.get(sort, _OBJECT_SORT["name"]), reverse=descending)
        cells = [object_cells(row, styles) for row in rows]
        widths = _fit_cells(cells, OBJECT_COLUMNS, OBJECT_SHRINK, width)
        return ObjectsPage(
            request=request,
            generation=generation,
            text=text,
            rows=tuple(rows),
            cells=tuple(tuple(row) for row in cells),
            definitions=definitions,
            total=total,
            findings=findings,
            select=select,
            widths=tuple(widths),
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Failures bubble on to the app, which handles every worker's errors in one place.
        if event.state != WorkerState.SUCCESS:
            return
        page = event.worker.result
        if isinstance(page, FlowsPage) and page.request == self._requests[FLOWS]:
            self._show_flows(page)
        elif isinstance(page, ObjectsPage) and page.request == self._requests[OBJECTS]:
            self._remember_findings(page.generation, page.findings)
            self._show_objects(page)

    def _remember_findings(self, generation: int, findings: FindingIndex) -> None:
        if generation == self._generation:
            self._findings = findings
            self._findings_generation = generation

    def _show_flows(self, page: FlowsPage) -> None:
        if page.findings is not None:
            self._remember_findings(page.generation, page.findings)
        self._findings_pending = page.findings is None
        table = self.flows_table
        select = page.select
        if self._findings_pending is False and self._early_shown == page.request:
            select = table.selected_key  # the rows were shown already: keep where the user is
        self._early_shown = page.request if page.findings is None else -1
        self._fitted_width = page.width
        self.total[FLOWS] = page.total
        self.flows = {str(row.id): row for row in page.rows}
        cells, widths = self._with_marks(page)
        table.replace_rows(
            zip((str(row.id) for row in page.rows), cells, strict=True), select, widths
        )
        empty = self.query_one("#flows-empty", Static)
        has_rows = bool(page.rows)
        empty.display = not has_rows
        table.display = has_rows
        self.query_one("#flow-detail").display = has_rows
        if not has_rows:
            empty.update(EMPTY_FLOWS if page.total == 0 else self._no_match("flows"))
        elif self.focused is None and self.view == FLOWS:
            table.focus()  # the table was hidden (nothing to show): arrows work again
        self._show_flow_detail()
        self._show_count()
        self._show_status()
        self.refresh_bindings()

    def _show_objects(self, page: ObjectsPage) -> None:
        table = self.objects_table
        self.total[OBJECTS] = page.total
        self.objects = {str(row.id): row for row in page.rows}
        self.definitions = page.definitions
        table.replace_rows(
            zip((str(row.id) for row in page.rows), page.cells, strict=True),
            page.select,
            page.widths,
        )
        empty = self.query_one("#objects-empty", Static)
        has_rows = bool(page.rows)
        empty.display = not has_rows
        table.display = has_rows
        self.query_one("#object-detail-scroll").display = has_rows
        if not has_rows:
            empty.update(EMPTY_OBJECTS if page.total == 0 else self._no_match("data objects"))
        elif self.focused is None and self.view == OBJECTS:
            table.focus()
        self._show_object_detail()
        self._show_count()
        self._show_status()
        self.refresh_bindings()

    def _no_match(self, plural: str) -> Content:
        return Content.from_markup(
            "No $plural match the filters — press escape to clear them.", plural=plural
        )

    # The strip and the panel under the tables ------------------------------------------------

    def _findings_of(self, subject: str) -> Sequence[Finding]:
        return (self._findings or {}).get(subject, ())

    @staticmethod
    def _finding_lines(findings: Sequence[Finding], limit: int | None = None) -> list[Content]:
        marks = dict(SEVERITY_MARKS)
        styles = {"blocker": "bold $text-error", "warning": "bold $text-warning"}
        shown = list(findings if limit is None else findings[:limit])
        lines = [
            Content.assemble(
                (
                    f"{marks.get(str(f.severity), '•')} {f.code}".ljust(CODE_WIDTH),
                    styles.get(str(f.severity), "bold"),
                ),
                f.message,
            )
            for f in shown
        ]
        if limit is not None and len(findings) > limit:
            lines.append(Content.styled(f"… and {len(findings) - limit} more", "$text-muted"))
        return lines

    def _show_flow_detail(self) -> None:
        strip = self.query_one("#flow-detail", Static)
        key = self.flows_table.selected_key
        row = self.flows.get(key) if key is not None else None
        if row is None:
            strip.update("")
            return
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
        findings = self._findings_of(row.ref)
        lines = [title]
        if self._findings_pending:
            lines.append(Content.styled("Checking the findings…", "italic $text-muted"))
        elif findings:
            lines += self._finding_lines(findings, limit=2)
        else:
            lines.append(Content.styled("✓ No findings for this flow.", "$text-success"))
        strip.update(Content("\n").join(lines))

    def _show_object_detail(self) -> None:
        panel = self.query_one("#object-detail", Static)
        key = self.objects_table.selected_key
        row = self.objects.get(key) if key is not None else None
        if row is None:
            panel.update("")
            return
        facts = [
            f"source of truth: {row.source_of_truth}"
            if row.source_of_truth
            else "no source of truth",
            f"owner: {row.owner}" if row.owner.strip() else "no owner",
            f"{label(row.sensitivity).lower()} data",
            f"{row.flows} flow{'' if row.flows == 1 else 's'}",
        ]
        lines: list[Content] = [
            Content.assemble((row.name, "bold"), "   ", (" · ".join(facts), "$text-muted")),
            Content(row.definition)
            if row.definition.strip()
            else Content.styled("No definition yet.", "italic $text-muted"),
        ]
        definitions = self.definitions.get(row.id, ())
        if definitions:
            lines.append(Content(""))
            if row.def_conflict:
                lines.append(
                    Content.styled(
                        "⚠ Departments disagree — agree one meaning before it is built into an "
                        "integration.",
                        "bold $text-warning",
                    )
                )
            else:
                lines.append(Content.styled("What each department means by it:", "bold"))
            width = max(len(d.department) for d in definitions) + 2
            for definition in definitions:
                lines.append(
                    Content.assemble(
                        (definition.department.ljust(width), "bold $text-accent"),
                        definition.text,
                    )
                )
        findings = [
            f for f in self._findings_of(row.name) if f.code != "DEF-CONFLICT" or not definitions
        ]
        if findings:
            lines.append(Content(""))
            lines += self._finding_lines(findings)
        panel.update(Content("\n").join(lines))

    @on(DataTable.RowHighlighted, "#flows-table")
    def _flow_highlighted(self) -> None:
        self._show_flow_detail()

    @on(DataTable.RowHighlighted, "#objects-table")
    def _object_highlighted(self) -> None:
        self._show_object_detail()

    # Title, count and status -----------------------------------------------------------------

    def _show_title(self) -> None:
        body = self.query_one("#flows-body")
        on_show, other = (
            ("Flows", "Data objects") if self.view == FLOWS else ("Data objects", "Flows")
        )
        body.border_title = Content.assemble(
            (f" {on_show} ", "bold reverse"), ("  ", ""), (f"{other} (v)", "not bold $text-muted")
        )

    def _show_count(self) -> None:
        body = self.query_one("#flows-body")
        if self.view == FLOWS:
            total = self.total[FLOWS]
            shown, filtered = self.flows_table.row_count, self._flow_query_filtered()
            noun, plural = "flow", "flows"
        else:
            total = self.total[OBJECTS]
            shown, filtered = self.objects_table.row_count, bool(self.filter_text.strip())
            noun, plural = "data object", "data objects"
        body.border_subtitle = (
            count_label(shown, total, filtered, noun, plural) if total is not None else ""
        )

    def _flow_query_filtered(self) -> bool:
        return bool(self.filter_text.strip() or self.system_filter or self.object_filter)

    def _show_status(self) -> None:
        table = self.table
        columns = dict(FLOW_COLUMNS if self.view == FLOWS else OBJECT_COLUMNS)
        descending = table.descending
        parts: list[Content | str] = [
            Content.from_markup(
                "Sorted by [b]$column[/b] $arrow $order",
                column=columns[table.sort_column],
                arrow=DESCENDING if descending else ASCENDING,
                order="descending" if descending else "ascending",
            )
        ]
        if self.filter_text.strip():
            parts.append(Content.from_markup("Filter “[b]$text[/b]”", text=self.filter_text))
        if self.view == FLOWS:
            if self.system_filter:
                parts.append(Content.from_markup("System [b]$name[/b]", name=self.system_filter))
            if self.object_filter:
                parts.append(
                    Content.from_markup("Data object [b]$name[/b]", name=self.object_filter)
                )
        if self.filter_text.strip() or (self.view == FLOWS and self._flow_query_filtered()):
            parts.append("esc clears")
        if self.marked and self.view == FLOWS:
            n = len(self.marked)
            parts.append(
                Content.assemble((f"{MARK}{n} marked", "bold $text-accent"), " · k make candidate")
            )
        if self.total[self.view] is None:
            # No LoadingIndicator: it animates on the UI thread while the worker needs the CPU.
            parts = ["Loading…" if self.seamwork.workshop is not None else "Opening the workshop…"]
        reason = self.seamwork.read_only_reason
        if reason:
            parts.insert(0, Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        self.query_one("#flows-status", Static).update(Content("  ·  ").join(parts))

    def show_entity(self, kind: str, name: str) -> bool:
        """Select the flow (`S -> T: O`) or data object called `name` (the Overview's enter on
        a finding), in its view, with every filter cleared so it is there."""
        workshop = self.seamwork.workshop
        if kind not in ("flow", "data_object") or workshop is None:
            return False
        from storage.queries.readiness import entity_id

        with workshop.session() as session:
            found = entity_id(session, kind=kind, name=name)
        if found is None:
            what = "flow" if kind == "flow" else "data object"
            self.notify(f"There is no {what} “{name}” any more.", markup=False)
            return False
        view = FLOWS if kind == "flow" else OBJECTS
        self._select[view] = str(found)
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        with self.prevent(Input.Changed):
            self.filter_input.value = ""
        self.filter_input.display = False
        self.set_reactive(FlowsScreen.filter_text, "")
        self.set_reactive(FlowsScreen.system_filter, None)
        self.set_reactive(FlowsScreen.object_filter, None)
        self._stale = {FLOWS: True, OBJECTS: True}
        if self.view != view:
            self.view = view  # shows the view and reloads it
        else:
            self.reload()
            self._show_status()
        return True

    # Switching view --------------------------------------------------------------------------

    def action_show_view(self, view: str) -> None:
        if view in (FLOWS, OBJECTS):
            self.view = view

    def watch_view(self, view: str) -> None:
        self.query_one("#flows-view").display = view == FLOWS
        self.query_one("#objects-view").display = view == OBJECTS
        self._show_title()
        table = self.table
        if table.display:
            table.focus()
        if self._stale[view]:
            self.reload()
        self._show_count()
        self._show_status()
        self.refresh_bindings()

    # Sorting and filtering -------------------------------------------------------------------

    @on(SortableTable.SortChanged)
    def _sorted(self, event: SortableTable.SortChanged) -> None:
        self.reload()

    def action_sort(self) -> None:
        self.table.sort_by_cursor()

    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        if not self.filter_input.display and not self.filter_text and not self._any_pick():
            return
        if self._typing is not None:
            self._typing.stop()
        with self.prevent(Input.Changed):  # one reload below, not one per filter
            self.filter_input.value = ""
        self.filter_input.display = False
        self.set_reactive(FlowsScreen.filter_text, "")
        self.set_reactive(FlowsScreen.system_filter, None)
        self.set_reactive(FlowsScreen.object_filter, None)
        self._filters_changed()
        if self.table.display:
            self.table.focus()

    def _any_pick(self) -> bool:
        return bool(self.system_filter or self.object_filter)

    @on(Input.Changed, "#flows-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    def watch_filter_text(self) -> None:
        """Reload as the filter is typed; on a large table, once typing pauses, so thousands of
        rows are not loaded for every keystroke of a word."""
        if self._typing is not None:
            self._typing.stop()
            self._typing = None
        if (self.total[self.view] or 0) >= LARGE_TABLE:
            self._typing = self.set_timer(TYPING_PAUSE, self._filters_changed)
        else:
            self._filters_changed()

    def watch_system_filter(self) -> None:
        self._filters_changed()

    def watch_object_filter(self) -> None:
        self._filters_changed()

    def _filters_changed(self) -> None:
        self._typing = None
        self._stale = {FLOWS: True, OBJECTS: True}
        self.reload()
        self._show_status()

    @on(Input.Submitted, "#flows-filter")
    def _filter_done(self) -> None:
        """Enter keeps the filter (applied at once) and goes back to the table."""
        if self._typing is not None:
            self._typing.stop()
            self._filters_changed()
        if not self.filter_text:
            self.filter_input.display = False
        if self.table.display:
            self.table.focus()

    def _names(self, what: str) -> list[str]:
        workshop = self.seamwork.workshop
        if workshop is None:
            return []
        if what == "systems":
            from storage.queries.systems import list_systems

            with workshop.session() as session:
                return [system.name for system in list_systems(session)]
        from storage.queries.data_objects import list_data_objects

        with workshop.session() as session:
            return [row.name for row in list_data_objects(session)]

    def action_pick_system(self) -> None:
        from tui.dialogs.pick_name import PickNameDialog

        if self.seamwork.workshop is None:
            return
        key = self.flows_table.selected_key
        row = self.flows.get(key) if key is not None else None
        current = self.system_filter or (row.source if row else None)

        def picked(name: str | None) -> None:
            if name is not None:
                self.system_filter = name

        self.app.push_screen(
            PickNameDialog("Flows of system", self._names("systems"), current=current), picked
        )

    def action_pick_data_object(self) -> None:
        from tui.dialogs.pick_name import PickNameDialog

        if self.seamwork.workshop is None:
            return
        key = self.flows_table.selected_key
        row = self.flows.get(key) if key is not None else None
        current = self.object_filter or (row.data_object if row else None)

        def picked(name: str | None) -> None:
            if name is not None:
                self.object_filter = name

        self.app.push_screen(
            PickNameDialog("Flows of data object", self._names("data objects"), current=current),
            picked,
        )

    def action_flows_of_object(self) -> None:
        row = self._selected_object()
        if row is None:
            return
        self.set_reactive(FlowsScreen.system_filter, None)
        self.object_filter = row.name
        self.view = FLOWS

    # Editing ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        flows_view = self.view == FLOWS
        if action == "show_view":
            return parameters[0] != self.view
        if action in ("pick_system", "pick_data_object"):
            return flows_view
        if action == "toggle_mark":
            return flows_view and (self.flows_table.selected_key is not None or None)
        if action == "make_candidate":
            return flows_view
        if action == "flows_of_object":
            return (not flows_view) and (self.objects_table.selected_key is not None or None)
        if action in ("edit", "delete"):
            return True if self.table.display and self.table.selected_key is not None else None
        if action == "clear_filter":
            return bool(self.filter_text or self.filter_input.display or self._any_pick())
        return True

    def _selected_flow(self) -> FlowRow | None:
        table = self.flows_table
        key = table.selected_key if table.display else None
        return self.flows.get(key) if key is not None else None

    def _selected_object(self) -> DataObjectRow | None:
        table = self.objects_table
        key = table.selected_key if table.display else None
        return self.objects.get(key) if key is not None else None

    def action_add(self) -> None:
        if self.view == FLOWS:
            self.action_add_flow()
        else:
            self.action_add_data_object()

    def action_edit(self) -> None:
        if self.view == FLOWS:
            self._edit_flow()
        else:
            self._edit_data_object()

    def action_delete(self) -> None:
        if self.view == FLOWS:
            self._delete_flow()
        else:
            self._delete_data_object()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_edit()

    # Flows

    def action_add_flow(self) -> None:
        workshop = self.seamwork.editable_workshop("add flows")
        if workshop is None:
            return
        from tui.dialogs.flow_form import FlowForm

        self.view = FLOWS
        self.app.push_screen(FlowForm(workshop), self._flow_saved)

    def _edit_flow(self) -> None:
        from storage.errors import NotFoundError

        row = self._selected_flow()
        if row is None:
            return
        workshop = self.seamwork.editable_workshop("edit flows")
        if workshop is None:
            return
        from tui.dialogs.flow_form import FlowForm

        try:
            form = FlowForm(workshop, flow_id=row.id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            self.reload()
            return
        self.app.push_screen(form, self._flow_saved)

    def _flow_saved(self, saved: SavedFlow | None) -> None:
        if saved is None:
            return
        self._select[FLOWS] = str(saved.id)
        verb = "Added" if saved.created else "Saved"
        self.notify(f"{verb} “{saved.ref}”.", markup=False)
        self.seamwork.workshop_changed("flow")

    def _delete_flow(self) -> None:
        row = self._selected_flow()
        if row is None:
            return
        workshop = self.seamwork.editable_workshop("delete flows")
        if workshop is None:
            return
        from storage.queries.flows import flow_dependants
        from tui.dialogs.confirm import ConfirmDialog

        with workshop.session() as session:
            going = flow_dependants(session, flow_id=row.id)
        dialog = ConfirmDialog(
            "Delete flow",
            Content.from_markup("Delete the flow [b]$ref[/b]?", ref=row.ref),
            detail=flow_delete_detail(going.checks, going.candidates),
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_flow_now(workshop, row)

        self.app.push_screen(dialog, confirmed)

    def _delete_flow_now(self, workshop: WorkshopFile, row: FlowRow) -> None:
        from storage.errors import NotFoundError, ReadOnlyError
        from storage.queries.flows import delete_flow

        try:
            with workshop.session() as session:
                delete_flow(session, flow_id=row.id)
        except (ReadOnlyError, NotFoundError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Deleted “{row.ref}”.", markup=False)
        self.seamwork.workshop_changed("all")

    # Data objects

    def action_add_data_object(self) -> None:
        workshop = self.seamwork.editable_workshop("add data objects")
        if workshop is None:
            return
        from tui.dialogs.data_object_form import DataObjectForm

        self.view = OBJECTS
        self.app.push_screen(DataObjectForm(workshop), self._object_saved)

    def _edit_data_object(self) -> None:
        from storage.errors import NotFoundError

        row = self._selected_object()
        if row is None:
            return
        workshop = self.seamwork.editable_workshop("edit data objects")
        if workshop is None:
            return
        from tui.dialogs.data_object_form import DataObjectForm

        try:
            form = DataObjectForm(workshop, data_object_id=row.id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            self.reload()
            return
        self.app.push_screen(form, self._object_saved)

    def _object_saved(self, saved: SavedDataObject | None) -> None:
        if saved is None:
            return
        self._select[OBJECTS] = str(saved.id)
        verb = "Added" if saved.created else "Saved"
        self.notify(f"{verb} “{saved.name}”.", markup=False)
        self.seamwork.workshop_changed("data_object")

    def _delete_data_object(self) -> None:
        row = self._selected_object()
        if row is None:
            return
        workshop = self.seamwork.editable_workshop("delete data objects")
        if workshop is None:
            return
        from storage.queries.flows import flows_using_data_object
        from tui.dialogs.confirm import ConfirmDialog

        with workshop.session() as session:
            flows = flows_using_data_object(session, data_object_id=row.id)
        heading = (
            "This flow is deleted with it:"
            if len(flows) == 1
            else f"These {len(flows)} flows are deleted with it:"
        )
        detail = "It is removed from the workshop file at once"
        if row.definitions:
            n = row.definitions
            detail += f", with its {n} department definition{'' if n == 1 else 's'}"
        dialog = ConfirmDialog(
            "Delete data object",
            Content.from_markup("Delete the data object [b]$name[/b]?", name=row.name),
            detail=detail + ".",
            sections=[(heading, flows)],
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_object_now(workshop, row)

        self.app.push_screen(dialog, confirmed)

    def _delete_object_now(self, workshop: WorkshopFile, row: DataObjectRow) -> None:
        from storage.errors import NotFoundError, ReadOnlyError
        from storage.queries.data_objects import delete_data_object

        try:
            with workshop.session() as session:
                delete_data_object(session, data_object_id=row.id)
        except (ReadOnlyError, NotFoundError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Deleted “{row.name}”.", markup=False)
        self.seamwork.workshop_changed("all")

    # Marking flows for a candidate (issue 5) --------------------------------------------------

    @staticmethod
    def _marked_route(cell: Text, width: int) -> Text:
        """The route with the mark before it, cut to the column's width (which stays put)."""
        marked = Text.assemble((MARK, "bold"), cell)
        if marked.cell_len > width:
            marked.truncate(width, overflow="ellipsis")
        return marked

    def _with_marks(self, page: FlowsPage) -> tuple[list[Sequence[Text]], tuple[int, ...]]:
        """The page's cells with the marked flows' routes marked, and the widths to match."""
        cells: list[Sequence[Text]] = list(page.cells)
        widths = page.widths
        if not self.marked:
            return cells, widths
        width = widths[0] if widths else 0
        if not width:
            width = max((len(cells[i][0]) for i in range(len(cells))), default=0) + len(MARK)
        for index, row in enumerate(page.rows):
            if row.id in self.marked:
                cells[index] = (self._marked_route(cells[index][0], width), *cells[index][1:])
        return cells, widths

    def action_toggle_mark(self) -> None:
        """Mark the highlighted flow (or unmark it), then move to the next row."""
        row = self._selected_flow()
        if row is None:
            return
        table = self.flows_table
        key = str(row.id)
        width = table.columns[ColumnKey("route")].content_width
        route = flow_cells(row, None, self._cell_styles())[0]
        if row.id in self.marked:
            self.marked.discard(row.id)
            if route.cell_len > width:
                route.truncate(width, overflow="ellipsis")
        else:
            self.marked.add(row.id)
            route = self._marked_route(route, width)
        table.update_cell(key, "route", route)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)
        self._show_status()
        self.refresh_bindings()

    def clear_marks(self) -> None:
        """Unmark every flow (after a candidate was made of them)."""
        if not self.marked:
            return
        self.marked.clear()
        self._stale[FLOWS] = True
        if self.is_current:
            self.reload()
        self._show_status()

    def action_make_candidate(self) -> None:
        """A candidate of the marked flows (the highlighted one when none is marked): a new one
        through the candidate form, or the flows added to an existing candidate."""
        flow_ids = sorted(self.marked)
        if not flow_ids:
            row = self._selected_flow()
            if row is None:
                self.notify("Mark flows with space first, then press k.", markup=False)
                return
            flow_ids = [row.id]
        workshop = self.seamwork.editable_workshop("make candidates")
        if workshop is None:
            return
        from storage.queries.priorities import load_priorities

        with workshop.session() as session:
            candidates = load_priorities(session).candidates
        if not candidates:
            self._new_candidate(workshop, flow_ids)
            return
        from tui.dialogs.pick_name import PickNameDialog

        new = "＋ New candidate…"
        n = len(flow_ids)
        flows = f"{n} flow{'' if n == 1 else 's'}"

        def picked(name: str | None) -> None:
            if name is None:
                return
            existing = next((c for c in candidates if c.name == name), None)
            if existing is None:
                self._new_candidate(workshop, flow_ids)
            else:
                self._add_to_candidate(workshop, existing.id, existing.name, flow_ids)

        self.app.push_screen(
            PickNameDialog(
                "Make candidate",
                [new, *(c.name for c in candidates)],
                current=new,
                hint=(
                    "A new candidate of this flow, or add it to an existing one."
                    if n == 1
                    else f"A new candidate of the {flows}, or add them to an existing one."
                ),
            ),
            picked,
        )

    def _new_candidate(self, workshop: WorkshopFile, flow_ids: list[int]) -> None:
        from tui.dialogs.candidate_form import CandidateForm

        def saved(result: tuple[int, str] | None) -> None:
            if result is None:
                return
            self.notify(f"Added the candidate “{result[1]}”.", markup=False)
            self.clear_marks()
            self.seamwork.workshop_changed("candidate")

        self.app.push_screen(CandidateForm(workshop, flow_ids=flow_ids), saved)

    def _add_to_candidate(
        self, workshop: WorkshopFile, candidate_id: int, name: str, flow_ids: list[int]
    ) -> None:
        from storage.errors import NotFoundError, ReadOnlyError
        from storage.queries.priorities import get_candidate, set_candidate_flows

        try:
            with workshop.session() as session:
                current = get_candidate(session, candidate_id=candidate_id).flow_ids
                added = [flow for flow in flow_ids if flow not in current]
                set_candidate_flows(session, candidate_id=candidate_id, flow_ids=[*current, *added])
        except (ReadOnlyError, NotFoundError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        n = len(added)
        said = f"Added {n} flow{'' if n == 1 else 's'} to “{name}”."
        self.notify(said if n else f"“{name}” has them already.", markup=False)
        self.clear_marks()
        self.seamwork.workshop_changed("candidate")

    # Elsewhere -------------------------------------------------------------------------------

    def action_capture(self) -> None:
        workshop = self.seamwork.editable_workshop("capture flows")
        if workshop is None:
            return
        from tui.dialogs.quick_capture import QuickCaptureDialog

        # The dialog tells every screen about each flow it records: the table follows.
        self.app.push_screen(QuickCaptureDialog(workshop))

    def action_matrix(self) -> None:
        from tui.screens.matrix import MatrixScreen

        self.app.push_screen(MatrixScreen())

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns again when the terminal's width changes (the projector's, say)."""
        if self._fitted_width and self.view == FLOWS:
            width, _ = self._table_room()
            if width != self._fitted_width:
                self.reload()
