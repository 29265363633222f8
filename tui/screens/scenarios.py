"""The Scenarios screen: walk a flow through the exception-scenario checklist, one key a check.

The facilitator picks a flow (or all flows), reads the highlighted scenario's question to the
room, and records the answer with one key (h handled, g gap, r accepted risk, n not applicable,
o open), which also moves on to the next check. A progress bar and a per-flow summary show how
far the review has got. Rows, progress and the summary come from `storage.queries.scenarios` in a
thread worker; the screen holds no SQL and imports no storage module until the file is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from models.enums import CheckStatus
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.widgets.table import Table

if TYPE_CHECKING:
    from storage.queries.scenarios import CheckProgress, CheckRow
    from storage.workshop_file import WorkshopFile
    from tui.app import SeamworkApp

ALL_FLOWS = 0
NOTE_WIDTH = 9
SUMMARY_WIDTH = 28  # the per-flow panel's text

# status -> (symbol and label, theme variable for its colour)
STATUS_LOOK: dict[CheckStatus, tuple[str, str]] = {
    CheckStatus.OPEN: ("○ Open", ""),
    CheckStatus.HANDLED: ("✔ Handled", "text-success"),
    CheckStatus.GAP: ("✖ Gap", "text-error"),
    CheckStatus.ACCEPTED_RISK: ("▲ Risk", "text-warning"),
    CheckStatus.NOT_APPLICABLE: ("– N/A", ""),
}

FILTERS: tuple[tuple[str, str], ...] = (("All checks", "all"), ("Open", "open"), ("Gaps", "gaps"))

EMPTY = "No checks yet — press l to apply the scenario library to this flow."
EMPTY_ALL = "No checks yet — press l to apply the scenario library to every flow."
NO_FLOWS = "No flows yet — add flows on the Flows screen (key 3), then press l here."


def flow_ref(source: str, target: str, data_object: str) -> str:
    return f"{source} → {target}: {data_object}"


def status_label(status: CheckStatus) -> str:
    return STATUS_LOOK[status][0]


def progress_label(total: int, reviewed: int, gaps: int) -> str:
    """ "12 of 30 reviewed · 3 gaps"."""
    noun = "gap" if gaps == 1 else "gaps"
    return f"{reviewed} of {total} reviewed · {gaps} {noun}"


def truncate(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


@dataclass(frozen=True)
class ChecklistPage:
    """One load: the flows to pick from, the checks to show, the progress, where the cursor goes."""

    flows: tuple[tuple[int, str], ...]
    checks: tuple[CheckRow, ...]
    progress: CheckProgress
    flow_id: int
    filter: str
    select: str | None


class ScenariosScreen(Screen[None]):
    """The exception-scenario checklist (key 4)."""

    HELP_TITLE = "Scenarios"
    HELP = (
        "Walk each important flow through the awkward cases: amended orders, duplicate "
        "customers, outages. Pick a flow at the top (or all flows), read the highlighted "
        "scenario's question to the room, and record the answer with one key: h handled, g gap, "
        "r accepted risk, n not applicable, o open. The cursor moves on to the next check. Enter "
        "or e records a note, an owner and whether UAT covers it. l applies the scenario "
        "library to the flow (it only adds what is missing); L edits the library; G shows only "
        "the gaps of every flow. Every change is saved at once."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "mark('handled')", "Handled", tooltip="Handled; next check", id="checks.h"),
        Binding("g", "mark('gap')", "Gap", tooltip="A gap; next check", id="checks.gap"),
        Binding(
            "r",
            "mark('accepted-risk')",
            "Risk",
            tooltip="An accepted risk; next check",
            id="checks.risk",
        ),
        Binding(
            "n",
            "mark('not-applicable')",
            "N/A",
            tooltip="Not applicable to this flow; next check",
            id="checks.na",
        ),
        Binding(
            "o", "mark('open')", "Open", tooltip="Not reviewed yet; next check", id="checks.open"
        ),
        Binding(
            "e,enter",
            "edit",
            "Note",
            tooltip="Record a note, an owner and UAT cover for the check",
            id="checks.edit",
        ),
        Binding(
            "l",
            "apply_library",
            "Apply library",
            tooltip="Add the library's scenarios that fit the flow (only what is missing)",
            id="checks.apply",
        ),
        Binding(
            "G",
            "toggle_gaps",
            "Gaps only",
            tooltip="Show only the gaps, across all flows; again to go back",
            id="checks.gaps",
        ),
        Binding(
            "L",
            "library",
            "Library",
            tooltip="Add, edit and retire the workshop's scenarios",
            id="checks.library",
        ),
    ]

    AUTO_FOCUS = "#checks-table"

    def __init__(self) -> None:
        super().__init__(id="scenarios-screen")
        self.flow_id = ALL_FLOWS
        self.filter = "all"
        self._flows: tuple[tuple[int, str], ...] = ()
        self._before_gaps: int | None = None  # the flow shown before G switched to all flows
        self._checks: dict[str, CheckRow] = {}
        self.progress: CheckProgress | None = None
        self._picked = False  # the first load picks the first flow with checks
        self.summary_text = ""  # the per-flow summary as plain text

    @property
    def seamwork(self) -> SeamworkApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="scenarios-main"):
            with Vertical(id="scenarios-body", classes="panel") as body:
                body.border_title = "Scenario checklist"
                with Horizontal(id="scenarios-pickers"):
                    yield Select(
                        [("All flows", ALL_FLOWS)],
                        value=ALL_FLOWS,
                        allow_blank=False,
                        id="scenarios-flow",
                    )
                    yield Select(FILTERS, value="all", allow_blank=False, id="scenarios-filter")
                with Horizontal(id="scenarios-progress"):
                    yield ProgressBar(
                        total=1, show_eta=False, show_percentage=True, id="scenarios-bar"
                    )
                    yield Label("", id="scenarios-count", markup=False)
                yield Table(id="checks-table", cursor_type="row", zebra_stripes=False)
                yield Static(EMPTY, id="checks-empty", markup=False)
                yield Static("", id="scenarios-detail")
            with VerticalScroll(id="scenarios-summary", classes="panel") as summary:
                summary.border_title = "Per flow"
                yield Static("", id="scenarios-summary-text")
        yield Static("", id="scenarios-status", classes="status-line")

    @property
    def table(self) -> Table:
        return self.query_one("#checks-table", Table)

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount, Footer())
        if self.seamwork.workshop is not None:
            self.reload()
        else:
            self.table.loading = True
        self._show_status()

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity in ("check", "scenario", "flow", "system", "data_object", "all"):
            self.reload()

    def reload(self, select: str | None = None) -> None:
        workshop = self.seamwork.workshop
        if workshop is None:
            return
        self._load(workshop, self.flow_id, self.filter, select or self.table_key(), self._picked)

    def table_key(self) -> str | None:
        table = self.table
        if not table.display or table.row_count == 0:
            return None
        try:
            return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        except Exception:
            return None

    @work(thread=True, exclusive=True, group="scenarios", exit_on_error=False)
    def _load(
        self, workshop: WorkshopFile, flow_id: int, filter: str, select: str | None, picked: bool
    ) -> ChecklistPage:
        from storage.queries.scenarios import check_progress, list_checks

        with workshop.session() as session:
            progress = check_progress(session)
            flows = tuple(
                (flow.flow_id, flow_ref(flow.source, flow.target, flow.data_object))
                for flow in progress.flows
            )
            known = {flow for flow, _ in flows}
            if flow_id not in known:
                flow_id = ALL_FLOWS
            if not picked and flow_id == ALL_FLOWS and filter == "all":
                # Open on the first flow that has checks: the review is one flow at a time.
                flow_id = next((flow.flow_id for flow in progress.flows if flow.total), ALL_FLOWS)
            checks = tuple(
                list_checks(
                    session,
                    flow_id=flow_id or None,
                    only_open=filter == "open",
                    only_gaps=filter == "gaps",
                )
            )
        return ChecklistPage(flows, checks, progress, flow_id, filter, select)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scenarios" and event.state == WorkerState.SUCCESS:
            page = event.worker.result
            assert isinstance(page, ChecklistPage)
            self._show(page)

    def _show(self, page: ChecklistPage) -> None:
        self._picked = True
        self.flow_id = page.flow_id
        self.progress = page.progress
        self._show_pickers(page)
        self._show_table(page)
        self._show_progress(page)
        self._show_summary(page)
        self._show_detail()
        self._show_status()
        self.refresh_bindings()

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

    def _styles(self) -> dict[CheckStatus, Style]:
        variables = self.app.get_css_variables()
        styles: dict[CheckStatus, Style] = {}
        for status, (_, variable) in STATUS_LOOK.items():
            colour = variables.get(variable, "") if variable else ""
            if colour.startswith("#"):
                styles[status] = Style.parse(f"bold {colour}")
            elif status == CheckStatus.NOT_APPLICABLE:
                styles[status] = Style(dim=True, italic=True)
            else:
                styles[status] = Style(dim=True)
        return styles

    def _show_table(self, page: ChecklistPage) -> None:
        table = self.table
        table.loading = False
        all_flows = page.flow_id == ALL_FLOWS
        table.clear(columns=True)
        if all_flows:
            table.add_column("Flow", key="flow")
        else:
            table.add_column("Category", key="category")
        table.add_column("Scenario", key="scenario")
        table.add_column("Status", key="status")
        table.add_column("Owner", key="owner")
        table.add_column("UAT", key="uat")
        table.add_column("Note", key="note")
        styles = self._styles()
        rows: list[tuple[str, list[Text]]] = []
        last_flow: int | None = None
        last_category: str | None = None
        for check in page.checks:
            cells: list[Text] = []
            new_flow = check.flow_id != last_flow
            if all_flows:
                ref = flow_ref(check.source, check.target, check.data_object)
                cells.append(Text(truncate(ref, 30) if new_flow else "", style="bold"))
            else:
                new_group = new_flow or check.category != last_category
                category = check.category[:1].upper() + check.category[1:]
                cells.append(Text(category if new_group else "", style="bold"))
            last_flow, last_category = check.flow_id, check.category
            cells += [
                Text(truncate(check.scenario, 24)),
                Text(status_label(check.status), style=styles[check.status]),
                Text(truncate(check.owner, 10)),
                Text("✓" if check.uat else "", style="bold"),
                Text(truncate(check.note, NOTE_WIDTH)),
            ]
            rows.append((str(check.id), cells))
        for key, cells in rows:
            table.add_row(*cells, key=key)
        self._checks = {str(check.id): check for check in page.checks}
        if page.select is not None and page.select in self._checks:
            table.move_cursor(row=table.get_row_index(page.select), animate=False)
        empty = self.query_one("#checks-empty", Static)
        if rows:
            empty.display = False
            table.display = True
            if self.focused is None:
                table.focus()
        else:
            empty.update(self._empty_text(page))
            empty.display = True
            table.display = False

    def _empty_text(self, page: ChecklistPage) -> str:
        if not page.flows:
            return NO_FLOWS
        if page.filter == "gaps":
            return "No gaps recorded — press G to see every check again."
        if page.filter == "open":
            return "Every check has been reviewed — nothing is open."
        return EMPTY_ALL if page.flow_id == ALL_FLOWS else EMPTY

    def _shown_progress(self, page: ChecklistPage) -> tuple[int, int, int]:
        progress = page.progress
        if page.flow_id == ALL_FLOWS:
            return progress.total, progress.reviewed, progress.gaps
        for flow in progress.flows:
            if flow.flow_id == page.flow_id:
                return flow.total, flow.reviewed, flow.gaps
        return 0, 0, 0

    def _show_progress(self, page: ChecklistPage) -> None:
        total, reviewed, gaps = self._shown_progress(page)
        bar = self.query_one("#scenarios-bar", ProgressBar)
        bar.update(total=max(total, 1), progress=reviewed)
        self.query_one("#scenarios-count", Label).update(progress_label(total, reviewed, gaps))
        body = self.query_one("#scenarios-body")
        shown = len(page.checks)
        noun = "check" if shown == 1 else "checks"
        where = "all flows" if page.flow_id == ALL_FLOWS else "this flow"
        body.border_subtitle = f"{shown} {noun} · {where}"

    def _show_summary(self, page: ChecklistPage) -> None:
        lines: list[Content] = []
        bare = 0
        for flow in page.progress.flows:
            if not flow.total:
                bare += 1
                continue
            ref = flow_ref(flow.source, flow.target, flow.data_object)
            current = flow.flow_id == page.flow_id
            head = "bold $text-primary" if current else "bold"
            marker = "▶ " if current else "  "
            lines.append(Content.assemble((marker + truncate(ref, SUMMARY_WIDTH - 2), head)))
            filled = round(10 * flow.reviewed / flow.total)
            meter = "▰" * filled + "▱" * (10 - filled)
            gaps = f"{flow.gaps} gap" + ("" if flow.gaps == 1 else "s")
            lines.append(
                Content.assemble(
                    "  ",
                    (meter, "$text-success" if flow.reviewed == flow.total else "$text-primary"),
                    f" {flow.reviewed}/{flow.total}",
                    " · ",
                    (gaps, "bold $text-error" if flow.gaps else "$text-muted"),
                )
            )
        if bare:
            noun = "flow has" if bare == 1 else "flows have"
            lines.append(Content(""))
            lines.append(Content.assemble((f"{bare} {noun} no checks yet (l)", "$text-muted")))
        if not lines:
            lines = [Content.assemble(("No checks yet", "$text-muted"))]
        text = Content("\n").join(lines)
        self.summary_text = text.plain
        self.query_one("#scenarios-summary-text", Static).update(text)
        summary = self.query_one("#scenarios-summary")
        progress = page.progress
        summary.border_subtitle = progress_label(progress.total, progress.reviewed, progress.gaps)

    def highlighted(self) -> CheckRow | None:
        key = self.table_key()
        return self._checks.get(key) if key is not None else None

    def _show_detail(self) -> None:
        detail = self.query_one("#scenarios-detail", Static)
        check = self.highlighted()
        if check is None:
            detail.update("")
            detail.display = False
            return
        detail.display = True
        detail.update(
            Content.from_markup(
                "[b]$title[/b] [$text-muted]· $category · $flow[/]\n"
                "[b $text-accent]Ask the room:[/b $text-accent] [i]$question[/i]\n"
                "$recorded[$text-muted]$description[/]",
                title=check.scenario,
                category=check.category,
                flow=flow_ref(check.source, check.target, check.data_object),
                description=check.description or "—",
                question=check.question or "—",
                recorded=self._recorded(check),
            )
        )

    @staticmethod
    def _recorded(check: CheckRow) -> str:
        """ "Owner: Ops · UAT ✓ · Note: …" for what was recorded, on a line of its own."""
        parts = []
        if check.owner:
            parts.append(f"Owner: {check.owner}")
        if check.uat:
            parts.append("UAT ✓")
        if check.note:
            parts.append(f"Note: {' '.join(check.note.split())}")
        return " · ".join(parts) + "\n" if parts else ""

    @on(DataTable.RowHighlighted, "#checks-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_status(self) -> None:
        parts: list[Content | str] = []
        if self.seamwork.workshop is None:
            parts = ["Opening the workshop…"]
        else:
            keys = [
                ("h", "handled"),
                ("g", "gap"),
                ("r", "accepted risk"),
                ("n", "not applicable"),
                ("o", "open"),
                ("enter", "note"),
                ("G", "gaps only"),
            ]
            parts.append(
                Content("  ").join(
                    Content.assemble((key, "bold $text"), " ", text) for key, text in keys
                )
            )
            if self.filter == "gaps":
                parts.append(Content.assemble(("GAPS ONLY", "bold $text-error"), " (G for all)"))
            elif self.filter == "open":
                parts.append(Content.assemble(("OPEN ONLY", "bold")))
        reason = self.seamwork.read_only_reason
        if reason:
            parts.insert(0, Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        self.query_one("#scenarios-status", Static).update(Content("  ·  ").join(parts))

    # Picking ---------------------------------------------------------------------------------

    @on(Select.Changed, "#scenarios-flow")
    def _flow_picked(self, event: Select.Changed) -> None:
        value = event.value
        if isinstance(value, int) and value != self.flow_id:
            self.flow_id = value
            self._before_gaps = None
            self.reload()

    @on(Select.Changed, "#scenarios-filter")
    def _filter_picked(self, event: Select.Changed) -> None:
        value = str(event.value)
        if value != self.filter:
            self.filter = value
            self._show_status()
            self.reload()

    def action_toggle_gaps(self) -> None:
        """Only the gaps of every flow; again to go back to the flow shown before."""
        if self.filter == "gaps":
            self.filter = "all"
            if self._before_gaps is not None:
                self.flow_id = self._before_gaps
            self._before_gaps = None
        else:
            self.filter = "gaps"
            self._before_gaps = self.flow_id
            self.flow_id = ALL_FLOWS
        self._show_status()
        self.reload()
        self.table.focus()

    def action_show_gaps(self) -> None:
        """Only the gaps, across every flow (the palette's "Show gaps")."""
        if self.filter != "gaps":
            self.action_toggle_gaps()

    def show_flow(self, flow_id: int) -> None:
        """Show one flow's checklist (or all flows with `ALL_FLOWS`), every status."""
        self.flow_id = flow_id
        self.filter = "all"
        self._before_gaps = None
        self._show_status()
        self.reload()

    # Reviewing -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("mark", "edit"):
            return True if self.highlighted() is not None else None
        return True

    def _next_key(self) -> str | None:
        """The key of the row after the cursor (the cursor's own on the last row)."""
        table = self.table
        row = min(table.cursor_row + 1, table.row_count - 1)
        if row < 0:
            return None
        return str(table.coordinate_to_cell_key((row, 0)).row_key.value)

    def action_mark(self, status: str) -> None:
        check = self.highlighted()
        if check is None:
            return
        workshop = self.seamwork.editable_workshop("record check statuses")
        if workshop is None:
            return
        from storage.errors import NotFoundError, ReadOnlyError
        from storage.queries.scenarios import set_check_status

        try:
            with workshop.session() as session:
                set_check_status(session, check_id=check.id, status=status)
        except (ReadOnlyError, NotFoundError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.reload()
            return
        table = self.table
        next_key = self._next_key()
        # Show the answer at once; the reload brings the progress and the summary.
        look = self._styles()[CheckStatus(status)]
        row_key = str(check.id)
        table.update_cell(row_key, "status", Text(status_label(CheckStatus(status)), style=look))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)
        self._load(workshop, self.flow_id, self.filter, next_key, True)
        self.seamwork.workshop_changed("check_status")

    def action_edit(self) -> None:
        check = self.highlighted()
        if check is None:
            return
        workshop = self.seamwork.editable_workshop("edit checks")
        if workshop is None:
            return
        from tui.dialogs.check_form import CheckForm

        def saved(changed: bool | None) -> None:
            if changed:
                self.reload(str(check.id))
                self.seamwork.workshop_changed("check_status")

        self.app.push_screen(CheckForm(workshop, check), saved)

    @on(DataTable.RowSelected, "#checks-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    def action_apply_library(self) -> None:
        workshop = self.seamwork.editable_workshop("apply the scenario library")
        if workshop is None:
            return
        from storage.errors import ReadOnlyError
        from storage.queries.scenarios import apply_library

        flow_id = self.flow_id or None
        try:
            with workshop.session() as session:
                added = apply_library(session, flow_id=flow_id)
        except ReadOnlyError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        where = "this flow" if flow_id else "every flow"
        if added:
            noun = "check" if added == 1 else "checks"
            self.notify(f"Added {added} {noun} from the scenario library to {where}.")
        else:
            self.notify(f"Nothing to add: {where} already has every scenario that fits.")
        self.seamwork.workshop_changed("check")

    def action_library(self) -> None:
        from tui.dialogs.scenario_library import ScenarioLibraryScreen

        self.app.push_screen(ScenarioLibraryScreen())
