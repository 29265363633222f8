"""The Scenarios screen: walk a flow through the exception-scenario checklist, one key a check.

The facilitator picks a flow (or all flows), reads the highlighted scenario's question to the
room, and records the answer with one key (h handled, g gap, r accepted risk, n not applicable,
o open), which also moves on to the next check. A progress bar and a per-flow summary show how
far the review has got. Rows, progress and the summary come from `storage.queries.scenarios` in a
thread worker; the screen holds no SQL and imports no storage module until the file is open.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Header, Select
from textual.worker import Worker

from models.enums import CheckStatus
from tui.messages import WorkshopChanged, WorkshopEdited, WorkshopLoaded
from tui.screens.panel_screen import PanelScreen
from tui.widgets.checklist_cells import (
    ALL_FLOWS,
    SummaryLines,
    check_rows,
    flow_ref,
    status_styles,
)
from tui.widgets.checklist_view import ChecklistPage, ChecklistView, FlowsSummary
from tui.widgets.status_line import StatusLine, key_hints
from tui.widgets.table import Table
from tui.worker_results import worker_result
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rich.style import Style

    from storage.check_rows import CheckProgress, CheckRow
    from storage.workshop_file import WorkshopFile

__all__ = ["ALL_FLOWS", "ScenariosScreen"]

KEYS = (
    ("h", "handled"),
    ("g", "gap"),
    ("r", "accepted risk"),
    ("n", "not applicable"),
    ("o", "open"),
    ("enter", "note"),
    ("G", "gaps only"),
    ("a", "add for this flow"),
)


def first_flow(progress: CheckProgress) -> int:
    """The flow the screen opens on: the first with checks (the review is one flow at a
    time), else all flows."""
    return next((flow.flow_id for flow in progress.flows if flow.total), ALL_FLOWS)


def checklist_page(
    progress: CheckProgress,
    checks: tuple[CheckRow, ...],
    flow_id: int,
    filter: str,
    select: str | None,
    styles: Mapping[CheckStatus, Style],
) -> ChecklistPage:
    """A load's page, with its table's cells (`styles`: each status's, from the theme) and
    its per-flow summary (10,000 lines at 5,000 flows, each built when it scrolls into
    view)."""
    flows = tuple(
        (flow.flow_id, flow_ref(flow.source, flow.target, flow.data_object))
        for flow in progress.flows
    )
    summary = SummaryLines(progress, flow_id)
    cells = check_rows(checks, flow_id == ALL_FLOWS, styles)
    return ChecklistPage(flows, checks, progress, flow_id, filter, select, cells, summary)


def read_checklist(
    workshop: WorkshopFile,
    flow_id: int,
    filter: str,
    select: str | None,
    picked: bool,
    styles: Mapping[CheckStatus, Style],
) -> ChecklistPage:
    """A page of the checklist (in a thread): `flow_id`'s checks (or all flows'), those
    `filter` keeps; before the first flow is `picked`, the first flow with checks."""
    from storage.queries.scenarios import check_progress, list_checks

    with workshop.session() as session:
        progress = check_progress(session)
        known = {flow.flow_id for flow in progress.flows}
        if flow_id not in known:
            flow_id = ALL_FLOWS
        if not picked and flow_id == ALL_FLOWS and filter == "all":
            flow_id = first_flow(progress)
        checks = tuple(
            list_checks(
                session,
                flow_id=flow_id or None,
                only_open=filter == "open",
                only_gaps=filter == "gaps",
            )
        )
    return checklist_page(progress, checks, flow_id, filter, select, styles)


def first_page(workshop: WorkshopFile, variables: Mapping[str, str]) -> ChecklistPage:
    """The page the screen opens on, read ahead (`tui.read_ahead`) in the theme whose CSS
    `variables` are given."""
    return read_checklist(workshop, ALL_FLOWS, "all", None, False, status_styles(variables))


NAME = "scenarios"  # the app's name for the screen (its mode)


class ScenariosScreen(PanelScreen):
    """The exception-scenario checklist (key 4)."""

    SHOWN_BEFORE_OPEN = True  # from the standard library's read (storage.peek)

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Scenarios"
    HELP = (
        "Walk each important flow through the awkward cases: amended orders, duplicate "
        "customers, outages. Pick a flow at the top (or all flows), read the highlighted "
        "scenario's question to the room, and record the answer with one key: h handled, g gap, "
        "r accepted risk, n not applicable, o open. The cursor moves on to the next check. Enter "
        "or e records a note, an owner and whether UAT covers it. l applies the scenario "
        "library to the flow (it only adds what is missing); L edits the library; G shows only "
        "the gaps of every flow. a adds a scenario for this flow only, in one line (Title "
        "#category); P promotes the highlighted one to the library, after which it applies to "
        "every flow of the same kind of data. Every change is saved at once and can be undone."
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
            "a",
            "add_flow_scenario",
            "Add for this flow",
            tooltip="Add a scenario for this flow only, in one line: Title #category",
            id="checks.add",
            show=False,  # the footer is full at 120 columns; the status line names it
        ),
        Binding(
            "P",
            "promote",
            "Promote",
            tooltip="Put the highlighted one-flow scenario in the workshop's library",
            id="checks.promote",
            show=False,  # named in the notice after a, and in help
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

    checklist = getters.query_one(ChecklistView)
    summary = getters.query_one(FlowsSummary)
    table = getters.query_one("#checks-table", Table)
    status = getters.query_one("#scenarios-status", StatusLine)

    def __init__(self) -> None:
        super().__init__(id="scenarios-screen")
        self.flow_id = ALL_FLOWS
        self.filter = "all"
        self._before_gaps: int | None = None  # the flow shown before G switched to all flows
        self.progress: CheckProgress | None = None
        self._picked = False  # the first load picks the first flow with checks
        self._loading: Worker[ChecklistPage] | None = None  # only its page is shown
        self._select_pending: str | None = None  # the row a load in flight was asked to select

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="scenarios-main"):
            checklist = ChecklistView(id="scenarios-body", classes="panel")
            checklist.border_title = "Scenario checklist"
            yield checklist
            summary = FlowsSummary(id="scenarios-summary", classes="panel")
            summary.border_title = "Per flow"
            yield summary
        yield StatusLine(id="scenarios-status")

    def on_mount(self) -> None:
        self.mount_key_bar_soon()  # a key pressed as the rows show comes first
        ahead = self.app.ahead.take(NAME)
        if isinstance(ahead, ChecklistPage):
            # Once the pickers have mounted: a Select mounted after its value was set puts
            # back the value it was made with (and says so, which would load all flows).
            self.call_after_refresh(self._show, ahead)
        elif self.app.workshop is not None:
            self.reload()
        else:
            self.table.loading = True
            if self.app.peek_path is not None:
                self._peek(self.app.peek_path, self._status_styles())
        self._show_status()

    @property
    def summary_text(self) -> str:
        """The per-flow summary as plain text."""
        return self.summary.text

    @property
    def _checks(self) -> dict[str, CheckRow]:
        return self.checklist.checks

    def highlighted(self) -> CheckRow | None:
        return self.checklist.highlighted()

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity in ("check", "scenario", "flow", "system", "data_object", "all"):
            self.reload()

    def reload(self, select: str | None = None) -> None:
        workshop = self.app.workshop
        if workshop is None:
            return
        # A reload that follows one asked for a row (the check just added, then the change
        # message it posts) keeps that row: the cursor still sits on the old one until it lands.
        select = select or self._select_pending or self.checklist.key()
        self._select_pending = select
        read = partial(
            read_checklist,
            workshop,
            self.flow_id,
            self.filter,
            select,
            self._picked,
            self._status_styles(),
        )
        self._loading = self.run_worker(
            read, thread=True, exclusive=True, group="scenarios", exit_on_error=False
        )

    def _status_styles(self) -> dict[CheckStatus, Style]:
        """Each status's style in the theme now (the cells are built in the loading thread)."""
        return status_styles(self.app.get_css_variables())

    @work(thread=True, exclusive=True, group="scenarios-peek", exit_on_error=False)
    def _peek(self, path: Path, styles: Mapping[CheckStatus, Style]) -> ChecklistPage | None:
        """The checklist the screen opens on, read with the standard library while the file
        opens (`storage.peek`): at 5,000 flows the screen waited most of a second for it."""
        from storage.peek import peek_checklist

        peeked = peek_checklist(path)
        if peeked is None:
            return None
        flow_id = peeked.flow_id or ALL_FLOWS
        return checklist_page(peeked.progress, peeked.checks, flow_id, "all", None, styles)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "scenarios-peek":
            peeked = worker_result(self.app, event, ChecklistPage)
            if peeked is not None and self.app.workshop is None and self.progress is None:
                self._show(peeked)  # until the file is open: its load then shows the same
            return
        page = worker_result(self.app, event, ChecklistPage, self._loading)
        if page is not None:
            self._show(page)

    def _show(self, page: ChecklistPage) -> None:
        self._picked = True
        self._select_pending = None
        self.flow_id = page.flow_id
        self.progress = page.progress
        self.checklist.show(page)
        self.summary.show(page.progress, page.summary)
        self._show_status()
        self.refresh_bindings()

    def _show_status(self) -> None:
        if self.app.workshop is None:
            self.status.say("Opening the workshop…")
            return
        parts: list[Content | str] = [key_hints(KEYS)]
        if self.filter == "gaps":
            parts.append(Content.assemble(("GAPS ONLY", "bold $text-error"), " (G for all)"))
        elif self.filter == "open":
            parts.append(Content.assemble(("OPEN ONLY", "bold")))
        self.status.say(*parts)

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
        if action == "promote":
            check = self.highlighted()
            return True if check is not None and check.one_flow else None
        return True

    def action_mark(self, status: str) -> None:
        check = self.highlighted()
        if check is None:
            return
        workshop = self.app.editable_workshop("record check statuses")
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
        next_key = self.checklist.show_recorded(check, CheckStatus(status))
        self.reload(next_key)
        self.app.post_message(WorkshopEdited("check_status"))

    def action_edit(self) -> None:
        check = self.highlighted()
        if check is None:
            return
        workshop = self.app.editable_workshop("edit checks")
        if workshop is None:
            return
        from tui.dialogs.check_form import CheckForm

        def saved(changed: bool | None) -> None:
            if changed:
                self.reload(str(check.id))
                self.app.post_message(WorkshopEdited("check_status"))

        self.app.push_screen(CheckForm(workshop, check), saved)

    @on(DataTable.RowSelected, "#checks-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    def action_apply_library(self) -> None:
        workshop = self.app.editable_workshop("apply the scenario library")
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
        self.app.post_message(WorkshopEdited("check"))

    def action_add_flow_scenario(self) -> None:
        """A scenario for the flow shown (or the highlighted check's flow, on all flows)."""
        check = self.highlighted()
        flow_id = self.flow_id if self.flow_id != ALL_FLOWS else None
        if flow_id is None and check is not None:
            flow_id = check.flow_id
        if flow_id is None:
            self.notify("Pick a flow first: a scenario added here is for one flow only.")
            return
        shown = self.progress.for_flow(flow_id) if self.progress is not None else None
        ref = shown.flow if shown is not None else ""
        workshop = self.app.editable_workshop("add scenarios")
        if workshop is None:
            return
        from tui.dialogs.flow_scenario import FlowScenarioDialog

        def added(row: CheckRow | None) -> None:
            if row is None:
                return
            self.notify(
                f"Added “{row.scenario}” for {row.flow} only; P promotes it to the library.",
                markup=False,
            )
            self.reload(str(row.id))
            self.app.post_message(WorkshopEdited("scenario"))

        self.app.push_screen(FlowScenarioDialog(workshop, flow_id, ref), added)

    def action_promote(self) -> None:
        check = self.highlighted()
        if check is None:
            return
        if not check.one_flow:
            self.notify(f"“{check.scenario}” is already in the library.", markup=False)
            return
        workshop = self.app.editable_workshop("promote scenarios")
        if workshop is None:
            return
        from models.scenario_library import infer_kind, kind_label
        from storage.errors import FieldError, NotFoundError, ReadOnlyError
        from storage.queries.scenarios import promote_scenario

        try:
            with workshop.session() as session:
                promote_scenario(session, scenario_id=check.scenario_id)
        except (FieldError, NotFoundError, ReadOnlyError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.reload()
            return
        kind = infer_kind(check.data_object)
        where = f"flows of {kind_label(kind)}" if kind else f"flows of {check.data_object}"
        self.notify(
            f"“{check.scenario}” is in the library now: l applies it to other {where}.",
            markup=False,
        )
        self.reload(str(check.id))
        self.app.post_message(WorkshopEdited("scenario"))

    def action_library(self) -> None:
        from tui.dialogs.scenario_library import ScenarioLibraryScreen

        self.app.push_screen(ScenarioLibraryScreen())
