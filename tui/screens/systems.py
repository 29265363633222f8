"""The Systems screen: the client's systems in a table to sort, filter, add to and edit.

The table, its loading and its editing are `SystemTable`'s (tui/widgets/system_table.py); the
filter, sort, status line and keys are every table screen's (`TableScreen`). This screen adds
pasting rows from a spreadsheet and a system's own flows (f). It holds no SQL and no rules, and
imports no storage module until the workshop is open.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Header

from tui.concerns import Concern
from tui.messages import WorkshopChanged, WorkshopEdited, WorkshopLoaded
from tui.screens.table_screen import FilterInput, TableScreen, sort_binding, table_bindings
from tui.widgets.detail_text import DetailText
from tui.widgets.system_table import SystemTable


class SystemsScreen(TableScreen):
    """The table of systems (key 2)."""

    SHOWN_BEFORE_OPEN = True  # the first rows peeked (storage.peek)

    HELP_TITLE = "Systems"
    HELP = (
        "Every system in the client's estate: what it is, who owns it, whether it is live, how "
        "it connects and how much the business depends on it. Up and down choose a row; left "
        "and right choose a column, and s sorts by it (press s again to reverse), as does "
        "clicking a column header. / filters as you type; escape clears the filter. Enter or e "
        "edits the highlighted system. Every change is saved at once."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        *table_bindings("systems", "system"),
        sort_binding("systems"),
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
    BODY = "#systems-body"
    STATUS = "#systems-status"
    FILTER = "#systems-filter"
    ROW_ACTIONS = ("edit", "delete", "flows")

    def __init__(self) -> None:
        super().__init__(id="systems-screen")

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="systems-body", classes="panel") as body:
            body.border_title = "Systems"
            yield FilterInput(
                placeholder="Filter systems — type to narrow, esc to clear",
                id="systems-filter",
                classes="table-filter",
            )
            yield SystemTable()
        yield DetailText("", id="systems-status", classes="status-line")

    @property
    def current(self) -> SystemTable:
        return self.query_one(SystemTable)

    def on_mount(self) -> None:
        self.mount_key_bar_soon()  # a key pressed as the rows show comes first
        if self.app.workshop is not None:
            self.reload()
        elif self.app.peek_path is not None:
            self.current.peek(self.app.peek_path)
        self.show_status()

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity == "system" and event.ids is not None:
            self.current.patch(event.ids)  # an undo or redo of these systems alone
        elif event.entity in ("system", "all"):
            self.reload()

    def apply_filters(self) -> None:
        self.current.text = self.filter_text

    def capture_concern(self) -> Concern | None:
        """The highlighted system, for a minute captured here."""
        row = self.current.selected
        return ("system", row.id, row.name) if row is not None else None

    def table_of(self, kind: str) -> SystemTable | None:
        return self.current if kind == "system" else None

    # Elsewhere -------------------------------------------------------------------------------

    def action_flows(self) -> None:
        """The highlighted system's inbound and outbound flows, on a screen of their own."""
        row = self.current.selected
        if row is None:
            return
        from tui.screens.system_flows import SystemFlowsScreen

        self.app.push_screen(SystemFlowsScreen(row.name))

    def action_paste(self) -> None:
        from models.names import name_key
        from storage.queries.systems import list_systems
        from tui.dialogs.paste_systems import PasteSystemsDialog  # TextArea: not needed to start

        workshop = self.app.editable_workshop("paste systems")
        if workshop is None:
            return
        with workshop.session() as session:
            existing = {name_key(system.name) for system in list_systems(session)}

        def pasted(created: int | None) -> None:
            if created:
                noun = "system" if created == 1 else "systems"
                self.notify(f"Created {created} {noun}.", markup=False)
                self.app.post_message(WorkshopEdited("system"))

        self.app.push_screen(PasteSystemsDialog(workshop, existing), pasted)
