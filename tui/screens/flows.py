"""The Flows screen (key 3): which data moves between which systems, and the data objects view.

Two views on one screen, switched with `v`, each a table widget with its own loading worker and
detail panel:

- **Flows** (`FlowTable`): one row per flow (source → target, data object, frequency,
  mechanism, state, owner, findings badge), filtered in SQL by text, by a system at either end
  and by data object; a strip under the table shows the highlighted flow in full with its
  findings. Flows marked with space become a candidate integration with k.
- **Data objects** (`DataObjectTable`): source of truth, owner, sensitivity, flow and
  definition counts and a conflict mark; a panel under the table shows the highlighted object's
  definitions per department, and says so when they disagree.

The findings are worked out by whichever view loads first after a change and kept for the other
(`Findings`): filtering and sorting 5,000 flows does not run the rules again. The filter, sort,
status line and editing keys are every table screen's (`TableScreen`). Nothing here builds SQL or
imports storage at module level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from tui.concerns import Concern
from tui.flow_cells import MARK, fit_widths
from tui.messages import WorkshopChanged, WorkshopEdited, WorkshopLoaded
from tui.screens.table_screen import FilterInput, TableScreen, sort_binding, table_bindings
from tui.widgets.data_object_table import DataObjectTable
from tui.widgets.detail_text import DetailText
from tui.widgets.entity_table import EntityTable, Page
from tui.widgets.findings_table import Findings
from tui.widgets.flow_table import FlowsPage, FlowTable
from tui.widgets.sortable_table import SortableTable
from tui.worker_results import worker_result

if TYPE_CHECKING:
    from storage.queries.data_objects import DataObjectRow
    from storage.queries.flows import FlowRow
    from storage.workshop_file import WorkshopFile
    from tui.screens.matrix import MatrixPage

# What the tests and scripts/bench_flows.py take from here.
__all__ = ["MARK", "FlowsPage", "FlowsScreen", "fit_widths"]

FLOWS = "flows"
OBJECTS = "objects"

FINISHED = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
LARGE_TABLE = 1000  # rows: from here on, rows come before their findings and the text filter
TYPING_PAUSE = 0.25  # waits for a pause in typing; seconds: longer than between two keys


class FlowsScreen(TableScreen):
    """Flows and data objects (key 3)."""

    SHOWN_BEFORE_OPEN = True  # the first rows peeked (storage.peek)

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

    BINDINGS: ClassVar[list[BindingType]] = [
        *table_bindings(
            "flows",
            "flow",
            add="Add a flow (or a data object)",
            edit="Edit the highlighted flow (or data object)",
            delete="Delete the highlighted row (asks, naming what goes with it)",
            filter="Filter by text as you type",
            clear=("Clear filters", "Clear the text, system and data object filters"),
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
        sort_binding("flows", show=False),
    ]

    AUTO_FOCUS = "#flows-table"
    BODY = "#flows-body"
    STATUS = "#flows-status"
    FILTER = "#flows-filter"

    view: reactive[str] = reactive(FLOWS, init=False)
    system_filter: reactive[str | None] = reactive(None, init=False)
    object_filter: reactive[str | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__(id="flows-screen")
        self.findings = Findings()  # worked out by either view, kept for the other
        # The interface matrix's cells, read ahead once the rows are shown (m then shows
        # them at once); None until then, and again after any change of the workshop.
        self._matrix_page: MatrixPage | None = None
        self._matrix_reading = False
        self._matrix_changed = False  # the workshop changed while they were being read

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="flows-body", classes="panel"):
            yield FilterInput(
                placeholder="Filter — type to narrow, esc to clear",
                id="flows-filter",
                classes="table-filter",
            )
            yield FlowTable(self.findings, large=LARGE_TABLE)
            yield DataObjectTable(self.findings)
        yield DetailText("", id="flows-status", classes="status-line")

    @property
    def flow_table(self) -> FlowTable:
        return self.query_one(FlowTable)

    @property
    def object_table(self) -> DataObjectTable:
        return self.query_one(DataObjectTable)

    @property
    def current(self) -> EntityTable[Any, Any]:
        return self.flow_table if self.view == FLOWS else self.object_table

    @property
    def flows_table(self) -> SortableTable:
        return self.flow_table.table

    @property
    def objects_table(self) -> SortableTable:
        return self.object_table.table

    @property
    def flows(self) -> dict[str, FlowRow]:
        """Row key -> the flow on show."""
        return self.flow_table.rows

    @property
    def objects(self) -> dict[str, DataObjectRow]:
        return self.object_table.rows

    @property
    def total(self) -> Mapping[str, int | None]:
        return {FLOWS: self.flow_table.total, OBJECTS: self.object_table.total}

    @property
    def marked(self) -> set[int]:
        """Flow ids marked with space, for "make candidate" (k)."""
        return self.flow_table.marked

    def on_mount(self) -> None:
        self.mount_key_bar_soon()  # a key pressed as the rows show comes first
        self.object_table.display = False
        self._show_title()
        self.show_status()

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self._reload_if_seen()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity == "workshop":
            return
        self.findings.changed()  # the findings and both views are out of date
        self.flow_table.forget_rows()
        self._matrix_page = None
        self._matrix_changed = self._matrix_reading  # one being read describes the old state
        self.object_table.stale = True
        flows = self.flow_table
        if self.is_current and self.view == FLOWS and not flows.stale:
            # On show, a large table catches up on what changed, not all of it again: the
            # flows an undo or redo changed, or the badges after a minute was captured.
            if event.entity == "flow" and event.ids is not None:
                flows.patch(event.ids)
                return
            if event.entity == "session":
                flows.refresh_badges(minutes_only=True)
                return
        flows.stale = True
        self._reload_if_seen()

    def on_screen_resume(self) -> None:
        """Shown (first time, back from another screen, or a dialog closed): catch up."""
        if self.current.stale:
            self.reload()  # the component classes the cells' colours come from are styled

    def _reload_if_seen(self) -> None:
        """Reload now if the screen is in view (a dialog over it counts: the table behind a
        quick capture follows); otherwise when it is next shown, so edits on other screens do
        not make this one work out thousands of rows in the background."""
        if self.is_current:
            self.reload()

    def page_shown(self, page: Page[Any]) -> None:
        if not isinstance(page, FlowsPage):
            super().page_shown(page)
        elif page.findings is None:
            self._show_early_flows(page)
        else:
            self._show_flows(page)

    def _show_flows(self, page: FlowsPage) -> None:
        """The flows table shows `page`: the count, status line and keys follow."""
        super().page_shown(page)
        if page.findings is not None:
            self._read_matrix_ahead()

    def _read_matrix_ahead(self) -> None:
        """Once, before the interface matrix is first opened: read its cells in a thread
        while the room looks at the flows, so m shows them at once."""
        workshop = self.app.workshop
        if workshop is None or self._matrix_reading or self._matrix_page is not None:
            return
        if self.app.has_kept_screen("matrix"):
            return  # opened before: it keeps its own cells
        self._matrix_reading = True
        self._read_matrix(workshop)

    @work(thread=True, exclusive=True, group="matrix-ahead", exit_on_error=False)
    def _read_matrix(self, workshop: WorkshopFile) -> MatrixPage:
        from tui.screens.matrix import load_matrix_page
        from tui.yielding_imports import StepAside

        # Read while the room works on the flows: keys typed meanwhile come first.
        return load_matrix_page(workshop, between=StepAside(lambda: self.app.collector.last_input))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "matrix-ahead" or event.state not in FINISHED:
            return
        from tui.screens.matrix import MatrixPage

        self._matrix_reading = False
        page = worker_result(self.app, event, MatrixPage)
        if page is not None and not self._matrix_changed:
            self._matrix_page = page
        self._matrix_changed = False

    # A large table's rows shown before their findings: the screen follows them as any page
    # (the strip says the badges are coming); a seam of its own, which a test watches.
    _show_early_flows = _show_flows

    # Title and status ------------------------------------------------------------------------

    def _show_title(self) -> None:
        body = self.query_one("#flows-body")
        on_show, other = (
            ("Flows", "Data objects") if self.view == FLOWS else ("Data objects", "Flows")
        )
        body.border_title = Content.assemble(
            (f" {on_show} ", "bold reverse"), ("  ", ""), (f"{other} (v)", "not bold $text-muted")
        )

    def status_parts(self) -> list[Content | str]:
        parts: list[Content | str] = []
        flows_view = self.view == FLOWS
        if flows_view and self.system_filter:
            parts.append(Content.from_markup("System [b]$name[/b]", name=self.system_filter))
        if flows_view and self.object_filter:
            parts.append(Content.from_markup("Data object [b]$name[/b]", name=self.object_filter))
        if self.filter_text.strip() or (flows_view and self.other_filters()):
            parts.append("esc clears")
        if self.marked and flows_view:
            n = len(self.marked)
            parts.append(
                Content.assemble((f"{MARK}{n} marked", "bold $text-accent"), " · k make candidate")
            )
        return parts

    def capture_concern(self) -> Concern | None:
        """The highlighted flow, or data object on the data-object view (the capture line)."""
        if self.view == FLOWS:
            flow = self.flow_table.selected
            return ("flow", flow.id, flow.ref) if flow is not None else None
        found = self.object_table.selected
        return ("data_object", found.id, found.name) if found is not None else None

    def table_of(self, kind: str) -> EntityTable[Any, Any] | None:
        if kind == "flow":
            return self.flow_table
        return self.object_table if kind == "data_object" else None

    def show_table(self, table: EntityTable[Any, Any]) -> None:
        view = FLOWS if table is self.flow_table else OBJECTS
        if self.view != view:
            self.view = view  # shows the view and reloads it
        else:
            super().show_table(table)

    # Switching view --------------------------------------------------------------------------

    def action_show_view(self, view: str) -> None:
        if view in (FLOWS, OBJECTS):
            self.view = view

    def watch_view(self, view: str) -> None:
        self.flow_table.display = view == FLOWS
        self.object_table.display = view == OBJECTS
        self._show_title()
        self._focus_table()
        if self.current.stale:
            self.reload()
        self.show_count()
        self.show_status()
        self.refresh_bindings()

    # Filtering -------------------------------------------------------------------------------

    def apply_filters(self) -> None:
        flows, objects = self.flow_table, self.object_table
        flows.text = objects.text = self.filter_text
        flows.system, flows.data_object = self.system_filter, self.object_filter
        flows.stale = objects.stale = True

    def other_filters(self) -> bool:
        return bool(self.system_filter or self.object_filter)

    def clear_other_filters(self) -> None:
        self.set_reactive(FlowsScreen.system_filter, None)
        self.set_reactive(FlowsScreen.object_filter, None)

    def typing_pause(self) -> float:
        if self.current is self.flow_table and self.flow_table.filters_in_memory:
            return 0.0  # the rows are at hand: each key filters them at once
        return TYPING_PAUSE if (self.current.total or 0) >= LARGE_TABLE else 0.0

    def watch_system_filter(self) -> None:
        self.filters_changed()

    def watch_object_filter(self) -> None:
        self.filters_changed()

    def _names(self, what: str) -> list[str]:
        workshop = self.app.workshop
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
        row = self.flow_table.selected
        current = self.system_filter or (row.source if row else None)
        self._pick("Flows of system", "systems", current, "system_filter")

    def action_pick_data_object(self) -> None:
        row = self.flow_table.selected
        current = self.object_filter or (row.data_object if row else None)
        self._pick("Flows of data object", "data objects", current, "object_filter")

    def _pick(self, title: str, what: str, current: str | None, filter: str) -> None:
        """Choose a name from the workshop's `what` for the filter `filter`."""
        from tui.dialogs.pick_name import PickNameDialog

        if self.app.workshop is None:
            return

        def picked(name: str | None) -> None:
            if name is not None:
                setattr(self, filter, name)

        self.app.push_screen(PickNameDialog(title, self._names(what), current=current), picked)

    def action_flows_of_object(self) -> None:
        row = self.object_table.selected
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
        if action in ("pick_system", "pick_data_object", "make_candidate"):
            return flows_view
        if action == "toggle_mark":
            return flows_view and (self.flows_table.selected_key is not None or None)
        if action == "flows_of_object":
            return (not flows_view) and (self.objects_table.selected_key is not None or None)
        return super().check_action(action, parameters)

    def action_add_flow(self) -> None:
        if self.flow_table.add():
            self.view = FLOWS

    def action_add_data_object(self) -> None:
        if self.object_table.add():
            self.view = OBJECTS

    # Marking flows for a candidate (issue 5) --------------------------------------------------

    def action_toggle_mark(self) -> None:
        """Mark the highlighted flow (or unmark it), then move to the next row."""
        if self.flow_table.toggle_mark():
            self.show_status()
            self.refresh_bindings()

    def clear_marks(self) -> None:
        """Unmark every flow (after a candidate was made of them)."""
        if not self.marked:
            return
        self.marked.clear()
        self.flow_table.stale = True
        if self.is_current:
            self.reload()
        self.show_status()

    def action_make_candidate(self) -> None:
        """A candidate of the marked flows (the highlighted one when none is marked): a new one
        through the candidate form, or the flows added to an existing candidate."""
        flow_ids = sorted(self.marked)
        if not flow_ids:
            row = self.flow_table.selected
            if row is None:
                self.notify("Mark flows with space first, then press k.", markup=False)
                return
            flow_ids = [row.id]
        workshop = self.app.editable_workshop("make candidates")
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
            self.app.post_message(WorkshopEdited("candidate"))

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
        self.app.post_message(WorkshopEdited("candidate"))

    # Elsewhere -------------------------------------------------------------------------------

    def action_capture(self) -> None:
        workshop = self.app.editable_workshop("capture flows")
        if workshop is None:
            return
        from tui.dialogs.quick_capture import QuickCaptureDialog

        # The dialog tells every screen about each flow it records: the table follows.
        self.app.push_screen(QuickCaptureDialog(workshop))

    def action_matrix(self) -> None:
        from tui.screens.matrix import MatrixScreen

        ready, self._matrix_page = self._matrix_page, None
        self.app.push_screen(self.app.kept_screen("matrix", lambda: MatrixScreen(ready)))
