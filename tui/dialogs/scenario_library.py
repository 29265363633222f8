"""The workshop's scenario library: add, edit, retire and restore scenarios.

Pushed over the Scenarios screen (key L, or the palette's "Scenario library"); escape goes back.
Retiring a scenario that has checks asks first and keeps the recorded answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from tui.messages import WorkshopEdited
from tui.widgets.key_bar import KeyBar
from tui.widgets.table import Table
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from storage.queries.scenarios import ScenarioRow


def applies_to(row: ScenarioRow) -> str:
    """Where a scenario is checked: one flow (until promoted), some data objects, or all."""
    if row.one_flow:
        return f"only {row.flow}" if row.flow else "one flow only"
    return ", ".join(row.data_objects) or "every flow"


class ScenarioLibraryScreen(ModalScreen[None]):
    """Every scenario of the workshop, by category; retired ones on request."""

    CSS = """
    #library-box {
        width: 110;
        max-width: 100%;
        height: 90%;
    }

    #library-table {
        height: 1fr;
    }
    """

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Scenario library"
    HELP = (
        "The scenarios this workshop checks its flows against, copied from the library that "
        "ships with Seamwork so they can be adapted to the client. a adds one, e or enter edits "
        "the highlighted one, d retires it (its recorded checks are kept) or restores it when "
        "it is retired; t shows or hides the retired ones. Escape goes back to the checklist."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="Back to the checklist", id="library.close"),
        Binding(
            "a", "add", "Add", tooltip="Add a scenario of the workshop's own", id="library.add"
        ),
        Binding(
            "e,enter", "edit", "Edit", tooltip="Edit the highlighted scenario", id="library.edit"
        ),
        Binding(
            "d",
            "retire",
            "Retire/restore",
            tooltip="Retire the highlighted scenario (asks if it has checks), or restore it",
            id="library.retire",
        ),
        Binding(
            "t",
            "toggle_retired",
            "Show retired",
            tooltip="Show or hide retired scenarios",
            id="library.retired",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self.show_retired = False
        self.rows: dict[str, ScenarioRow] = {}
        self._count = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="library-box", classes="dialog-box") as box:
            box.border_title = "Scenario library"
            box.border_subtitle = "a add · e edit · d retire/restore · t retired · esc back"
            yield Table(id="library-table", cursor_type="row")
            yield Label("", id="library-hint", classes="dialog-hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#library-table", Table)
        for label, key in (
            ("Category", "category"),
            ("Scenario", "title"),
            ("Applies to", "objects"),
            ("Checks", "checks"),
            ("", "state"),
        ):
            table.add_column(label, key=key)
        self.load()
        table.focus()

    def load(self, select: str | None = None) -> None:
        workshop = self.app.workshop
        if workshop is None:
            return
        from storage.queries.scenarios import ensure_library, list_scenarios

        with workshop.session() as session:
            if not workshop.read_only_reason:
                ensure_library(session)
            scenarios = list_scenarios(session, include_retired=self.show_retired)
        scenarios.sort(key=lambda row: (row.category.casefold(), row.title.casefold()))
        table = self.query_one("#library-table", Table)
        if select is None and table.row_count:
            select = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        table.clear()
        self.rows = {str(row.id): row for row in scenarios}
        last = None
        rows = []
        for row in scenarios:
            category = row.category[:1].upper() + row.category[1:]
            objects = applies_to(row)
            rows.append(
                (
                    str(row.id),
                    [
                        Text(category if category != last else "", style="bold"),
                        Text(row.title, style="dim" if row.retired else ""),
                        Text(objects[:36] + ("…" if len(objects) > 36 else ""), style="dim"),
                        Text(str(row.checks), justify="right"),
                        Text("retired" if row.retired else "", style="italic"),
                    ],
                )
            )
            last = category
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if select in self.rows:
            table.move_cursor(row=table.get_row_index(select), animate=False)
        retired = " (retired shown)" if self.show_retired else ""
        noun = "scenario" if len(scenarios) == 1 else "scenarios"
        self._count = f"{len(scenarios)} {noun}{retired}"
        self._show_hint()

    @on(DataTable.RowHighlighted, "#library-table")
    def _show_hint(self) -> None:
        """The count, and the highlighted scenario's whole scope (the column cuts it)."""
        row = self.selected()
        hint = self._count
        if row is not None:
            hint += f" · {row.title}: {applies_to(row)}"
        self.query_one("#library-hint", Label).update(hint)

    def selected(self) -> ScenarioRow | None:
        table = self.query_one("#library-table", Table)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return self.rows.get(key)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_retired(self) -> None:
        self.show_retired = not self.show_retired
        self.load()

    def _changed(self, select: str | None = None) -> None:
        self.load(select)
        self.app.post_message(WorkshopEdited("scenario"))

    def action_add(self) -> None:
        workshop = self.app.editable_workshop("add scenarios")
        if workshop is None:
            return
        from tui.dialogs.scenario_form import ScenarioForm

        def saved(title: str | None) -> None:
            if title:
                self.notify(f"Added “{title}”.", markup=False)
                self._changed()

        self.app.push_screen(ScenarioForm(workshop), saved)

    def action_edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        workshop = self.app.editable_workshop("edit scenarios")
        if workshop is None:
            return
        from tui.dialogs.scenario_form import ScenarioForm

        def saved(title: str | None) -> None:
            if title:
                self.notify(f"Saved “{title}”.", markup=False)
                self._changed(str(row.id))

        self.app.push_screen(ScenarioForm(workshop, scenario_id=row.id), saved)

    def action_retire(self) -> None:
        row = self.selected()
        if row is None:
            return
        workshop = self.app.editable_workshop("retire scenarios")
        if workshop is None:
            return
        from storage.queries.scenarios import restore_scenario, retire_scenario

        if row.retired:
            with workshop.session() as session:
                restore_scenario(session, scenario_id=row.id)
            self.notify(f"Restored “{row.title}” with its checks.", markup=False)
            self._changed(str(row.id))
            return

        def retire() -> None:
            with workshop.session() as session:
                kept = retire_scenario(session, scenario_id=row.id)
            kept_text = f"; its {kept} checks are kept" if kept else ""
            self.notify(f"Retired “{row.title}”{kept_text}.", markup=False)
            self._changed()

        if not row.checks:
            retire()
            return
        from tui.dialogs.confirm import ConfirmDialog

        noun = "check" if row.checks == 1 else "checks"
        dialog = ConfirmDialog(
            "Retire scenario",
            Content.from_markup(
                "Retire the scenario [b]$title[/b]? It has $count $noun on flows.",
                title=row.title,
                count=str(row.checks),
                noun=noun,
            ),
            confirm_label="Retire",
            detail=(
                "The recorded answers are kept (and exported) but leave the checklists; "
                "restore it to bring them back."
            ),
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                retire()

        self.app.push_screen(dialog, confirmed)
