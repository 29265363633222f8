"""The interface matrix: systems by systems, how many flows go from each row to each column.

An N² chart, as integration planners draw it on a whiteboard: rows send, columns receive, the
diagonal (a system with itself) is shaded. A cell is amber when any of its flows has a
finding and red when one is a blocker, so the room sees where the trouble is before reading
a single flow. Enter on a cell lists its flows with their findings; the panel at the side
names the highlighted pair in full, since the columns are numbered (their legend is the
numbered rows).

Pushed over the current screen (escape goes back). The matrix, the findings and the flows are
read in one thread worker; by default only systems that take part in a flow are shown, and t
shows every system.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Header, Static
from textual.worker import Worker

from tui.dialogs.cell_flows import FlowDetail, FlowIssue
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.screens.panel_screen import PanelScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.matrix_grid import GridCell, MatrixGrid
from tui.widgets.status_line import StatusLine
from tui.worker_results import worker_result
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from models.findings import Finding
    from storage.queries.flows import FlowRow
    from storage.workshop_file import WorkshopFile

TWO_WAY = "↔"


@dataclass(frozen=True)
class CellFlows:
    """The flows recorded from one system to another (two-way ones counted here only)."""

    flows: tuple[FlowDetail, ...]

    @property
    def count(self) -> int:
        return len(self.flows)

    @property
    def two_way(self) -> tuple[FlowDetail, ...]:
        return tuple(flow for flow in self.flows if flow.two_way)

    @property
    def mark(self) -> str:
        """ "error" when a flow has a blocker, "warning" when any has findings, else ""."""
        worst = {flow.worst for flow in self.flows}
        if "blocker" in worst:
            return "error"
        return "warning" if worst - {None} else ""


@dataclass(frozen=True)
class MatrixPage:
    """One load: the systems shown, the cells by (source, target) name, and the totals."""

    systems: tuple[str, ...]
    cells: dict[tuple[str, str], CellFlows] = field(default_factory=dict)
    all_systems: int = 0
    show_all: bool = False

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells.values())

    def cell(self, source: str, target: str) -> CellFlows | None:
        return self.cells.get((source, target))

    def reverse(self, source: str, target: str) -> tuple[FlowDetail, ...]:
        """Two-way flows recorded from `target` to `source`: they carry data this way too."""
        cell = self.cells.get((target, source))
        return cell.two_way if cell else ()

    def grid_cells(self) -> dict[tuple[int, int], GridCell]:
        index = {name: position for position, name in enumerate(self.systems)}
        cells: dict[tuple[int, int], GridCell] = {}
        for (source, target), cell in self.cells.items():
            row, column = index[source], index[target]
            text = f"{cell.count}{TWO_WAY if cell.two_way else ''}"
            cells[(row, column)] = GridCell(text, cell.mark)
            mirror = (column, row)
            if cell.two_way and (target, source) not in self.cells:
                cells[mirror] = GridCell(TWO_WAY, "muted")
        return cells

    @cached_property
    def _totals(self) -> tuple[Counter[str], Counter[str]]:
        """Flows sent and received per system, counted once per load (not per keypress)."""
        sent: Counter[str] = Counter()
        received: Counter[str] = Counter()
        for (source, target), cell in self.cells.items():
            sent[source] += cell.count
            received[target] += cell.count
        return sent, received

    def sends(self, name: str) -> int:
        return self._totals[0][name]

    def receives(self, name: str) -> int:
        return self._totals[1][name]


def flow_detail(row: FlowRow, findings: Mapping[str, Sequence[Finding]]) -> FlowDetail:
    """A storage row and its findings as the matrix shows them (in the worker)."""
    issues = tuple(
        FlowIssue(str(finding.severity), finding.code, finding.message)
        for finding in findings.get(row.ref, ())
    )
    return FlowDetail(
        source=row.source,
        target=row.target,
        data_object=row.data_object,
        two_way=row.two_way,
        frequency="" if row.frequency is None else str(row.frequency),  # "": not recorded
        mechanism="" if row.mechanism is None else str(row.mechanism),
        state="" if row.state is None else str(row.state),
        direction="" if row.direction is None else str(row.direction),
        owner=row.owner,
        issues=issues,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


LEGEND = Content.assemble(
    ("   ", "on $error 70%"),
    " blocker     ",
    ("   ", "on $warning 35%"),
    " findings     ",
    (TWO_WAY, "bold"),
    " two-way     ",
    ("·", "bold"),
    " no flows",
)


def load_matrix_page(
    workshop: WorkshopFile, show_all: bool = False, between: Callable[[], None] = lambda: None
) -> MatrixPage:
    """The matrix's cells with each flow's findings (in a thread: 5,000 flows are read).
    `between` is called between the reads (read ahead, it steps aside for keys there)."""
    from models.findings import findings_by_subject
    from storage.queries.flows import interface_matrix, list_flows
    from storage.queries.readiness import findings_for
    from storage.queries.systems import count_systems

    with workshop.session() as session:
        matrix = interface_matrix(session, include_all=show_all)
        between()
        rows = {row.id: row for row in list_flows(session)}
        between()
        findings = findings_by_subject(findings_for(session))
        between()
        all_systems = count_systems(session)
    cells = {
        key: CellFlows(tuple(flow_detail(rows[i], findings) for i in cell.flow_ids))
        for key, cell in matrix.cells.items()
    }
    return MatrixPage(matrix.systems, cells, all_systems=all_systems, show_all=show_all)


class MatrixScreen(PanelScreen):
    """Systems × systems (pushed over another screen; escape goes back)."""

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Interface matrix"
    HELP = (
        "Every system against every other: the number in a cell is how many flows go from the "
        "row's system to the column's system (· for none; ↔ marks two-way flows, counted once "
        "where they were recorded). Columns are numbered like the rows. A cell is amber when a "
        "flow in it has findings and red when one is a blocker; the shaded diagonal is a "
        "system with itself. Arrow keys move between cells and the side panel names the pair; "
        "enter lists the cell's flows with their findings. Only systems that take part in a "
        "flow are shown until you press t."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open_cell",
            "Flows",
            tooltip="List the flows in the highlighted cell, with their findings",
            id="matrix.flows",
        ),
        Binding(
            "t",
            "toggle_all",
            "All systems",
            tooltip="Show every system, or only those that take part in flows",
            id="matrix.all",
        ),
        Binding(
            "f",
            "system_flows",
            "System flows",
            tooltip="Inbound and outbound flows of the highlighted row's system",
            id="matrix.system",
        ),
        Binding(
            "escape,q", "back", "Back", tooltip="Back to the previous screen", id="matrix.back"
        ),
    ]

    AUTO_FOCUS = "#matrix-grid"

    show_all: reactive[bool] = reactive(False, init=False)

    def __init__(self, page: MatrixPage | None = None) -> None:
        """`page`: the cells read already (the Flows screen reads them ahead, once its rows
        are shown), as of the workshop now: shown at once, not read again."""
        super().__init__(id="matrix-screen")
        self._ready = page
        self.page: MatrixPage | None = None
        self._keep: tuple[str, str] | None = None
        self._loading: Worker[MatrixPage] | None = None  # only its page is shown (worker_result)
        self._stale = False  # changed while not on show: reload when next shown

    @property
    def grid(self) -> MatrixGrid:
        return self.query_one("#matrix-grid", MatrixGrid)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="matrix-main"):
            with Vertical(id="matrix-body", classes="panel") as body:
                body.border_title = "Interface matrix"
                yield MatrixGrid(id="matrix-grid")
                yield Static("", id="matrix-empty", markup=False)
                yield Static(LEGEND, id="matrix-legend")
                yield Static("", id="matrix-cell-strip", classes="detail-strip")
            with Vertical(id="matrix-side", classes="panel") as side:
                side.border_title = "This cell"
                yield Static("", id="matrix-cell")
        yield StatusLine(id="matrix-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#matrix-empty").display = False
        ready, self._ready = self._ready, None
        if ready is not None and self.app.workshop is not None:
            self._show(ready)
        else:
            self.reload()

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, _: WorkshopChanged) -> None:
        # Systems, data objects and flows all change cells or findings: reload now if on
        # show, else when next opened (the screen is kept, `WorkshopApp.kept_screen`).
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self.grid.loading = True  # not the cells of before the change, even for a moment
            self.reload()

    def reload(self) -> None:
        workshop = self.app.workshop
        self._stale = False
        if workshop is None:
            self._show_status("Opening the workshop…")
            return
        self._keep = self._current_pair() or self._keep
        self.grid.loading = self.page is None
        self._loading = self._load(workshop, self.show_all)

    def watch_show_all(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="matrix", exit_on_error=False)
    def _load(self, workshop: WorkshopFile, show_all: bool) -> MatrixPage:
        return load_matrix_page(workshop, show_all)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        page = worker_result(self.app, event, MatrixPage, self._loading)
        if page is not None:
            self._show(page)

    def _show(self, page: MatrixPage) -> None:
        self.page = page
        grid = self.grid
        grid.loading = False
        cells = page.grid_cells()
        grid.set_data(page.systems, cells, self._cursor_for(page, cells))
        empty = self.query_one("#matrix-empty", Static)
        if page.systems:
            empty.display = False
            grid.display = True
        else:
            empty.update(
                "No systems yet — add some on the Systems screen (key 2)."
                if page.all_systems == 0
                else "No flows yet — capture some with quick capture (ctrl+p, “Quick capture”), "
                "or press t to show all systems."
            )
            empty.display = True
            grid.display = False
        body = self.query_one("#matrix-body")
        body.border_subtitle = (
            f"{_plural(page.total, 'flow')} · {_plural(len(page.systems), 'system')}"
        )
        self._show_cell()
        self._show_status()
        # Enter and f depend on a highlighted pair: say so in the footer now, not whenever
        # something else happens to refresh it (the snapshot flaked on exactly that).
        self.refresh_bindings()

    def _cursor_for(
        self, page: MatrixPage, cells: dict[tuple[int, int], GridCell]
    ) -> tuple[int, int] | None:
        """Keep the highlighted pair; the first time, start on the first cell with flows."""
        keep = self._keep
        if keep is not None and keep[0] in page.systems and keep[1] in page.systems:
            return page.systems.index(keep[0]), page.systems.index(keep[1])
        if keep is None and cells:
            return min(key for key, cell in cells.items() if cell.mark != "muted")
        return None

    def _current_pair(self) -> tuple[str, str] | None:
        page = self.page
        if page is None or not page.systems:
            return None
        row, column = self.grid.cursor
        return page.systems[row], page.systems[column]

    def _show_status(self, text: str | None = None) -> None:
        parts: list[Content | str] = []
        if text:
            parts.append(text)
        elif self.page is not None:
            page = self.page
            parts.append(Content.styled("Rows send → columns receive", "bold"))
            if page.show_all:
                parts.append(f"All {_plural(page.all_systems, 'system')} (t: only those in flows)")
            else:
                hidden = page.all_systems - len(page.systems)
                parts.append(
                    f"Systems in flows; {hidden} without flows hidden (t shows all)"
                    if hidden
                    else "Every system takes part in a flow"
                )
            parts.append("enter lists a cell's flows")
        self.query_one("#matrix-status", StatusLine).say(*parts)

    # The highlighted cell --------------------------------------------------------------------

    @on(MatrixGrid.CellHighlighted)
    def _highlighted(self) -> None:
        self._show_cell()

    def _show_cell(self) -> None:
        panel = self.query_one("#matrix-cell", Static)
        strip = self.query_one("#matrix-cell-strip", Static)
        pair = self._current_pair()
        page = self.page
        if pair is None or page is None:
            panel.update("")
            strip.update("")
            return
        strip.update(self._cell_strip(page, *pair))
        source, target = pair
        row, column = self.grid.cursor
        lines: list[Content] = []
        if source == target:
            lines += [
                Content.assemble((f"{row + 1}  ", "$text-muted"), (source, "bold")),
                Content(""),
                Content.styled("The diagonal: a system with itself.", "$text-muted"),
            ]
        else:
            lines += [
                Content.styled("FROM", "$text-muted"),
                Content.assemble((f"{row + 1}  ", "$text-muted"), (source, "bold")),
                Content.styled("TO", "$text-muted"),
                Content.assemble((f"{column + 1}  ", "$text-muted"), (target, "bold")),
                Content(""),
            ]
            lines += self._cell_lines(page, source, target)
        lines += [
            Content(""),
            Content.styled(
                f"{source} sends {_plural(page.sends(source), 'flow')}, "
                f"receives {page.receives(source)}",
                "$text-muted",
            ),
        ]
        panel.update(Content("\n").join(lines))

    def _cell_strip(self, page: MatrixPage, source: str, target: str) -> Content:
        """The side panel in a line or two, for under 120 columns, where the panel gives the
        grid its width: the pair by number and name, and each flow with its codes."""
        row, column = self.grid.cursor
        if source == target:
            return Content.assemble(
                (f"{row + 1} ", "$text-muted"),
                (source, "bold"),
                ("  the diagonal: a system with itself", "$text-muted"),
            )
        cell = page.cell(source, target)
        reverse = page.reverse(source, target)
        flows = [*(cell.flows if cell else ()), *reverse]
        parts: list[Content] = [
            Content.assemble(
                (f"{row + 1} ", "$text-muted"),
                (source, "bold"),
                (f" → {column + 1} ", "$text-muted"),
                (target, "bold"),
                ("   ", ""),
                (_plural(len(flows), "flow") if flows else "no flows this way", "$text-muted"),
            )
        ]
        parts += [_bullet(flow) for flow in flows]
        return Content("  ").join(parts)

    def _cell_lines(self, page: MatrixPage, source: str, target: str) -> list[Content]:
        cell = page.cell(source, target)
        reverse = page.reverse(source, target)
        lines: list[Content] = []
        if cell is None:
            lines.append(Content.styled("No flows this way.", "italic $text-muted"))
        else:
            lines.append(Content.styled(_plural(cell.count, "flow"), "bold"))
            for flow in cell.flows:
                lines.append(_bullet(flow))
        if reverse:
            lines.append(Content(""))
            lines.append(Content.styled("Two-way, recorded the other way:", "$text-muted"))
            lines += [_bullet(flow) for flow in reverse]
        if cell is not None or reverse:
            lines += [Content(""), Content.styled("enter lists them with findings", "$text-muted")]
        return lines

    # Actions ---------------------------------------------------------------------------------

    def action_open_cell(self) -> None:
        pair = self._current_pair()
        page = self.page
        if pair is None or page is None:
            return
        source, target = pair
        cell = page.cell(source, target)
        reverse = page.reverse(source, target)
        if cell is None and not reverse:
            message = (
                "The diagonal is a system with itself."
                if source == target
                else f"No flows from {source} to {target}."
            )
            self.notify(message, markup=False, timeout=3)
            return
        from tui.dialogs.cell_flows import CellFlowsDialog

        flows = cell.flows if cell is not None else ()
        self.app.push_screen(CellFlowsDialog(source, target, flows, reverse))

    @on(MatrixGrid.CellSelected)
    def _clicked(self) -> None:
        self.action_open_cell()

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all

    def action_system_flows(self) -> None:
        pair = self._current_pair()
        if pair is None:
            return
        from tui.screens.system_flows import SystemFlowsScreen

        self.app.push_screen(SystemFlowsScreen(pair[0]))

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_cell", "system_flows") and self.is_mounted:
            return True if self._current_pair() is not None else None
        return True


def _bullet(flow: FlowDetail) -> Content:
    """ "Stock ↔  SOT-CONFLICT": the data object, coloured by its worst finding, and the codes."""
    styles = {"blocker": "bold $text-error", "warning": "bold $text-warning"}
    worst = flow.worst
    name = flow.data_object + (f" {TWO_WAY}" if flow.two_way else "")
    codes = ", ".join(dict.fromkeys(issue.code for issue in flow.issues))
    return Content.assemble(
        ("• ", "$text-muted"),
        (name, styles.get(worst or "", "bold")),
        (f"  {codes}" if codes else "", "$text-muted"),
    )
