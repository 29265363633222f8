"""The workshop's KPIs in a table over the Priorities screen: add, edit and delete them."""

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

from tui.concerns import Concern
from tui.messages import WorkshopEdited
from tui.widgets.key_bar import KeyBar
from tui.widgets.roadmap import number
from tui.widgets.table import Table
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.queries.priorities import KpiRow
    from storage.workshop_file import WorkshopFile


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class KpiListDialog(ModalScreen[None]):
    """KPIs: name, baseline → target, owner, and what they are tied to."""

    CSS = """
    #kpis-box {
        width: 116;
        height: auto;
        max-height: 90%;
    }

    #kpis-table {
        height: auto;
        max-height: 24;
    }
    """

    app = getters.app(WorkshopApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add a KPI", id="kpis.add"),
        Binding("e,enter", "edit", "Edit", tooltip="Edit the highlighted KPI", id="kpis.edit"),
        Binding(
            "d", "delete", "Delete", tooltip="Delete the highlighted KPI (asks)", id="kpis.delete"
        ),
        Binding("escape", "close", "Close", tooltip="Back to the priorities", id="kpis.close"),
    ]

    HELP = (
        "How success is measured: each KPI with its baseline and target, tied to the candidates "
        "that should move it and the data objects it is measured from. a adds, e or enter "
        "edits, d deletes (asks first), escape goes back."
    )

    def __init__(self, workshop: WorkshopFile, *, select: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.kpis: dict[str, KpiRow] = {}
        self.first = select  # the KPI to highlight first, by name

    def compose(self) -> ComposeResult:
        with Vertical(id="kpis-box", classes="dialog-box") as box:
            box.border_title = "KPIs"
            box.border_subtitle = "a add · e edit · d delete · esc close"
            yield Table(id="kpis-table", cursor_type="row", zebra_stripes=True)
            yield Label(
                "No KPIs yet — press a to add one (e.g. manual order entry, 30 → 5 hours/week).",
                id="kpis-empty",
                markup=False,
            )
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(Table)
        for key, title in (
            ("name", "KPI"),
            ("change", "Baseline → target"),
            ("owner", "Owner"),
            ("candidates", "Candidates"),
            ("objects", "Data objects"),
        ):
            table.add_column(title, key=key)
        self.reload()
        if self.first is not None:
            found = next((k for k in self.kpis.values() if k.name == self.first), None)
            if found is not None:
                table.move_cursor(row=table.get_row_index(str(found.id)), animate=False)

    def reload(self, select: int | None = None) -> None:
        from storage.queries.priorities import load_priorities

        with self.workshop.session() as session:
            rows = load_priorities(session).kpis
        table = self.query_one(Table)
        keep = select
        if keep is None and table.row_count:
            keep = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
        table.clear()
        self.kpis = {str(row.id): row for row in rows}
        for row in rows:
            unit = f" {row.unit}" if row.unit else ""
            table.add_row(
                Text(_cut(row.name, 28), style="bold"),
                Text(f"{number(row.baseline)} → {number(row.target)}{unit}"),
                Text(_cut(row.owner, 16)),
                Text(_cut(", ".join(row.candidates), 26) or "—"),
                Text(_cut(", ".join(row.data_objects), 22) or "—"),
                key=str(row.id),
            )
        if keep is not None and str(keep) in self.kpis:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        self.query_one("#kpis-empty").display = not rows
        table.display = bool(rows)
        if rows:
            table.focus()

    def _highlighted(self) -> KpiRow | None:
        table = self.query_one(Table)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.kpis.get(str(key))

    def capture_concern(self) -> Concern | None:
        """The highlighted KPI: the capture line works over this list."""
        row = self._highlighted()
        return ("kpi", row.id, row.name) if row is not None else None

    def _editable(self) -> WorkshopFile | None:
        reason = self.workshop.read_only_reason
        if reason:
            self.notify(
                f"This workshop is open read-only ({reason}), so you cannot edit KPIs.",
                severity="warning",
                markup=False,
            )
            return None
        return self.workshop

    def _saved(self, result: tuple[int, str] | None) -> None:
        if result is None:
            return
        self.reload(result[0])
        self.notify(f"Saved the KPI “{result[1]}”.", markup=False)
        self.app.post_message(WorkshopEdited("kpi"))

    def action_add(self) -> None:
        if self._editable() is None:
            return
        from tui.dialogs.kpi_form import KpiForm

        self.app.push_screen(KpiForm(self.workshop), self._saved)

    def action_edit(self) -> None:
        row = self._highlighted()
        if row is None or self._editable() is None:
            return
        from tui.dialogs.kpi_form import KpiForm

        self.app.push_screen(KpiForm(self.workshop, kpi_id=row.id), self._saved)

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        row = self._highlighted()
        if row is None or self._editable() is None:
            return
        from tui.dialogs.confirm import ConfirmDialog, ask_then_delete

        def delete(session: Session) -> None:
            from storage.queries.priorities import delete_kpi

            delete_kpi(session, kpi_id=row.id)

        def after() -> None:
            self.reload()
            self.app.post_message(WorkshopEdited("kpi"))

        dialog = ConfirmDialog(
            "Delete KPI",
            Content.from_markup("Delete the KPI [b]$name[/b]?", name=row.name),
            detail="Its links to candidates and data objects go with it.",
        )
        deleted = f"Deleted the KPI “{row.name}”."
        ask_then_delete(self, dialog, self.workshop, delete, deleted, after)

    def action_close(self) -> None:
        self.dismiss(None)
