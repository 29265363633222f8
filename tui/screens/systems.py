"""The Systems screen: the client's systems in a table to sort, filter, add to and edit.

Rows come from `storage.queries.systems.list_systems` (filtered and sorted in SQL) in a thread
worker, as plain `SystemRow`s; edits go through the dialogs, which call storage. The screen holds no
SQL and no rules, and imports no storage module until the workshop is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import Worker, WorkerState

from tui.labels import criticality_meter, label
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.widgets.sortable_table import ASCENDING, DESCENDING, SortableTable

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile
    from tui.app import SeamworkApp
    from tui.dialogs.system_form import SavedSystem

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("category", "Category"),
    ("vendor", "Vendor"),
    ("owner", "Owner"),
    ("lifecycle", "Lifecycle"),
    ("api", "API"),
    ("criticality", "Criticality"),
)

EMPTY = "No systems yet — press a to add one, or p to paste from a spreadsheet."


@dataclass(frozen=True)
class SystemRow:
    """One system as the table shows it, detached from the database session."""

    id: int
    name: str
    category: str
    vendor: str
    owner: str
    lifecycle: str
    api: str
    criticality: int

    def cells(self) -> list[Text]:
        """Every cell is `Text`: user text is data, never markup."""
        return [
            Text(self.name),
            Text(label(self.category)),
            Text(self.vendor),
            Text(self.owner),
            Text(label(self.lifecycle)),
            Text(label(self.api)),
            Text(criticality_meter(self.criticality)),
        ]


@dataclass(frozen=True)
class SystemsPage:
    """The result of one load: the rows to show and how many systems there are in all."""

    rows: tuple[SystemRow, ...]
    total: int
    text: str
    select: str | None


def count_label(shown: int, total: int, filtered: bool) -> str:
    """ "12 systems", "1 system", or "3 of 12 systems" while a filter is on."""
    noun = "system" if total == 1 else "systems"
    return f"{shown} of {total} {noun}" if filtered else f"{total} {noun}"


class SystemsScreen(Screen[None]):
    """The table of systems (key 2)."""

    HELP_TITLE = "Systems"
    HELP = (
        "Every system in the client's estate: what it is, who owns it, whether it is live, how "
        "it connects and how much the business depends on it. Up and down choose a row; left "
        "and right choose a column, and s sorts by it (press s again to reverse), as does "
        "clicking a column header. / filters as you type; escape clears the filter. Enter or e "
        "edits the highlighted system. Every change is saved at once."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a system", id="systems.add"),
        Binding(
            "e,enter", "edit", "Edit", tooltip="Edit the highlighted system", id="systems.edit"
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the highlighted system (asks first)",
            id="systems.delete",
        ),
        Binding(
            "slash", "filter", "Filter", tooltip="Filter the table as you type", id="systems.filter"
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            tooltip="Clear the filter",
            id="systems.clear_filter",
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            tooltip="Sort by the highlighted column; again to reverse",
            id="systems.sort",
        ),
        Binding(
            "p",
            "paste",
            "Paste",
            tooltip="Create systems from rows copied from a spreadsheet",
            id="systems.paste",
        ),
        Binding(
            "f",
            "flows",
            "Flows",
            tooltip="Inbound and outbound flows of the highlighted system",
            id="systems.flows",
        ),
    ]

    AUTO_FOCUS = "#systems-table"

    filter_text: reactive[str] = reactive("", init=False)

    def __init__(self) -> None:
        super().__init__(id="systems-screen")
        self.total: int | None = None
        self._select: str | None = None

    @property
    def seamwork(self) -> SeamworkApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="systems-body", classes="panel") as body:
            body.border_title = "Systems"
            yield Input(
                placeholder="Filter systems — type to narrow, esc to clear", id="systems-filter"
            )
            yield SortableTable(COLUMNS, sort_column="name", id="systems-table")
            yield Static(EMPTY, id="systems-empty", markup=False)
        yield Static("", id="systems-status", classes="status-line")

    @property
    def table(self) -> SortableTable:
        return self.query_one("#systems-table", SortableTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#systems-filter", Input)

    def on_mount(self) -> None:
        # The footer lays out every key and re-renders on each focus change: it joins just
        # after the first frame, so the workshop's name and rows paint first (fast start).
        self.call_after_refresh(self.mount, Footer())
        if self.seamwork.workshop is not None:
            self.reload()
        else:
            self.table.loading = True
            self._peek(self.seamwork.path)
        self._show_status()

    @work(thread=True, exclusive=True, group="systems", exit_on_error=False)
    def _peek(self, path: Path) -> SystemsPage:
        """The first rows straight from the file (stdlib only), shown while storage loads."""
        from storage.peek import peek_systems

        rows = tuple(
            SystemRow(
                id=row.id,
                name=row.name,
                category=row.category,
                vendor=row.vendor,
                owner=row.owner,
                lifecycle=row.lifecycle,
                api=row.api,
                criticality=row.criticality,
            )
            for row in peek_systems(path)
        )
        return SystemsPage(rows=rows, total=len(rows), text="", select=None)

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity in ("system", "all"):
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Load the rows again in the current filter and order, keeping the cursor on `select`
        (or on the highlighted row)."""
        workshop = self.seamwork.workshop
        if workshop is None:
            return
        table = self.table
        self._load(
            workshop,
            self.filter_text,
            table.sort_column,
            table.descending,
            select or self._select or table.selected_key,
        )
        self._select = None

    @work(thread=True, exclusive=True, group="systems", exit_on_error=False)
    def _load(
        self, workshop: WorkshopFile, text: str, sort: str, descending: bool, select: str | None
    ) -> SystemsPage:
        from storage.queries.systems import count_systems, list_systems

        with workshop.session() as session:
            systems = list_systems(session, text=text, sort=sort, descending=descending)
            total = count_systems(session) if text.strip() else len(systems)
            rows = tuple(
                SystemRow(
                    id=system.id or 0,
                    name=system.name,
                    category=str(system.category),
                    vendor=system.vendor,
                    owner=system.owner,
                    lifecycle=str(system.lifecycle),
                    api=str(system.api),
                    criticality=system.criticality,
                )
                for system in systems
            )
        return SystemsPage(rows=rows, total=total, text=text, select=select)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Failures bubble on to the app, which handles every worker's errors in one place.
        if event.worker.group == "systems" and event.state == WorkerState.SUCCESS:
            page = event.worker.result
            assert isinstance(page, SystemsPage)
            self._show(page)

    def _show(self, page: SystemsPage) -> None:
        table = self.table
        table.loading = False
        self.total = page.total
        table.replace_rows(((str(row.id), row.cells()) for row in page.rows), page.select)
        empty = self.query_one("#systems-empty", Static)
        if page.rows:
            empty.display = False
            table.display = True
            if self.focused is None:  # the table was hidden (empty workshop): arrows work again
                table.focus()
        else:
            empty.update(EMPTY if page.total == 0 else self._no_match(page.text))
            empty.display = True
            table.display = False
        body = self.query_one("#systems-body")
        body.border_subtitle = count_label(len(page.rows), page.total, bool(page.text.strip()))
        self._show_status()
        self.refresh_bindings()

    @staticmethod
    def _no_match(text: str) -> Content:
        return Content.from_markup(
            "No systems match “$text” — press escape to clear the filter.", text=text.strip()
        )

    def _show_status(self) -> None:
        table = self.table
        labels = dict(COLUMNS)
        arrow = DESCENDING if table.descending else ASCENDING
        order = "descending" if table.descending else "ascending"
        parts: list[Content | str] = [
            Content.from_markup(
                "Sorted by [b]$column[/b] $arrow $order",
                column=labels[table.sort_column],
                arrow=arrow,
                order=order,
            )
        ]
        if self.filter_text.strip():
            parts.append(Content.from_markup("Filter “[b]$text[/b]”", text=self.filter_text))
        if self.seamwork.workshop is None:
            parts = ["Opening the workshop…"]
        reason = self.seamwork.read_only_reason
        if reason:
            parts.insert(0, Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        self.query_one("#systems-status", Static).update(Content("  ·  ").join(parts))

    def show_entity(self, kind: str, name: str) -> bool:
        """Select the system called `name` (the Overview's enter on a finding), clearing the
        filter so it is in the table. False when there is no such system."""
        workshop = self.seamwork.workshop
        if kind != "system" or workshop is None:
            return False
        from storage.queries.readiness import entity_id

        with workshop.session() as session:
            found = entity_id(session, kind=kind, name=name)
        if found is None:
            self.notify(f"There is no system called “{name}” any more.", markup=False)
            return False
        self._select = str(found)
        self.action_clear_filter()  # reloads when a filter was on
        if self._select is not None:
            self.reload()
        if self.table.display:
            self.table.focus()
        return True

    # Sorting and filtering -------------------------------------------------------------------

    @on(SortableTable.SortChanged)
    def _sorted(self) -> None:
        self.reload()

    def action_sort(self) -> None:
        self.table.sort_by_cursor()

    def action_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        if not self.filter_input.display and not self.filter_text:
            return
        self.filter_input.value = ""
        self.filter_input.display = False
        self.filter_text = ""
        self.table.focus()

    @on(Input.Changed, "#systems-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    def watch_filter_text(self) -> None:
        self.reload()

    @on(Input.Submitted, "#systems-filter")
    def _filter_done(self) -> None:
        """Enter keeps the filter and goes back to the table."""
        if not self.filter_text:
            self.filter_input.display = False
        self.table.focus()

    # Editing ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("edit", "delete", "flows"):
            return True if self.table.selected_key is not None else None
        if action == "clear_filter":
            return bool(self.filter_text or self.filter_input.display)
        return True

    def _selected_id(self) -> int | None:
        key = self.table.selected_key if self.table.display else None
        return int(key) if key is not None else None

    def _selected_name(self) -> str:
        return self.table.get_row_at(self.table.cursor_row)[0].plain

    def action_flows(self) -> None:
        """The highlighted system's inbound and outbound flows, on a screen of their own."""
        if self._selected_id() is None:
            return
        from tui.screens.system_flows import SystemFlowsScreen

        self.app.push_screen(SystemFlowsScreen(self._selected_name()))

    def action_add(self) -> None:
        workshop = self.seamwork.editable_workshop("add systems")
        if workshop is not None:
            from tui.dialogs.system_form import SystemForm

            self.app.push_screen(SystemForm(workshop), self._saved)

    def action_edit(self) -> None:
        from storage.errors import NotFoundError

        system_id = self._selected_id()
        if system_id is None:
            return
        workshop = self.seamwork.editable_workshop("edit systems")
        if workshop is None:
            return
        try:
            from tui.dialogs.system_form import SystemForm

            form = SystemForm(workshop, system_id=system_id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            self.reload()
            return
        self.app.push_screen(form, self._saved)

    @on(DataTable.RowSelected, "#systems-table")
    def _row_chosen(self) -> None:
        self.action_edit()

    def _saved(self, saved: SavedSystem | None) -> None:
        if saved is None:
            return
        self._select = str(saved.id)
        verb = "Added" if saved.created else "Saved"
        self.notify(f"{verb} “{saved.name}”.", markup=False)
        self.seamwork.workshop_changed("system")

    def action_delete(self) -> None:
        system_id = self._selected_id()
        if system_id is None:
            return
        workshop = self.seamwork.editable_workshop("delete systems")
        if workshop is None:
            return
        from storage.queries.flows import data_objects_sourced_from, flows_using_system
        from tui.dialogs.confirm import ConfirmDialog

        name = self._selected_name()
        # Exactly what goes with it, read now: nothing disappears without being named.
        with workshop.session() as session:
            flows = flows_using_system(session, system_id=system_id)
            sourced = data_objects_sourced_from(session, system_id=system_id)
        question = Content.from_markup("Delete the system [b]$name[/b]?", name=name)
        flows_heading = (
            "This flow is deleted with it:"
            if len(flows) == 1
            else f"These {len(flows)} flows are deleted with it:"
        )
        sourced_heading = (
            "This data object loses its source of truth (it stays):"
            if len(sourced) == 1
            else f"These {len(sourced)} data objects lose their source of truth (they stay):"
        )
        dialog = ConfirmDialog(
            "Delete system",
            question,
            confirm_label="Delete",
            detail="It is removed from the workshop file at once.",
            sections=[(flows_heading, flows), (sourced_heading, sourced)],
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(workshop, system_id, name)

        self.app.push_screen(dialog, confirmed)

    def _delete(self, workshop: WorkshopFile, system_id: int, name: str) -> None:
        from storage.errors import NotFoundError, ReadOnlyError
        from storage.queries.systems import delete_system

        try:
            with workshop.session() as session:
                delete_system(session, system_id=system_id)
        except (ReadOnlyError, NotFoundError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Deleted “{name}”.", markup=False)
        self.seamwork.workshop_changed("all")  # its flows and sources of truth went too

    def action_paste(self) -> None:
        from models.names import name_key
        from storage.queries.systems import list_systems
        from tui.dialogs.paste_systems import PasteSystemsDialog  # TextArea: not needed to start

        workshop = self.seamwork.editable_workshop("paste systems")
        if workshop is None:
            return
        with workshop.session() as session:
            existing = {name_key(system.name) for system in list_systems(session)}

        def pasted(created: int | None) -> None:
            if created:
                noun = "system" if created == 1 else "systems"
                self.notify(f"Created {created} {noun}.", markup=False)
                self.seamwork.workshop_changed("system")

        self.app.push_screen(PasteSystemsDialog(workshop, existing), pasted)
