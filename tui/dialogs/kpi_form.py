"""Add or edit a KPI: name, unit, baseline, target, owner, description, and what it is tied to
(the candidates that should move it, the data objects it is measured from)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Footer, Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.dialogs.entity_form import EntityForm, Saved

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile

LABELS = {
    "name": "Name",
    "unit": "Unit",
    "baseline": "Baseline (today)",
    "target": "Target",
    "owner": "Owner",
    "description": "How it is measured",
}
PLACEHOLDERS = {
    "name": "e.g. Manual order entry",
    "unit": "e.g. hours/week, %, days",
    "baseline": "e.g. 30",
    "target": "e.g. 5",
    "owner": "Who reports it",
    "description": "Where the number comes from",
}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


class KpiForm(EntityForm):
    """Raises `storage.errors.NotFoundError` when the KPI to edit no longer exists."""

    FIELDS = ("name", "baseline", "target", "unit", "owner", "description")
    LAST_INPUT = "description"

    HELP = (
        "A KPI says how success is measured: where the number is today (baseline) and where it "
        "should get (target). Tick the candidates that should move it and the data objects it "
        "is measured from: a flow that informs no KPI is not a priority. Space ticks in the "
        "lists; ctrl+s saves; escape cancels."
    )

    def __init__(self, workshop: WorkshopFile, *, kpi_id: int | None = None) -> None:
        super().__init__(workshop)
        self.kpi_id = kpi_id
        self.values: dict[str, Any] = dict.fromkeys(self.FIELDS, "")
        from storage.queries.data_objects import list_data_objects
        from storage.queries.priorities import get_kpi, load_priorities

        self.chosen_candidates: set[int] = set()
        self.chosen_objects: set[int] = set()
        with workshop.session() as session:
            data = load_priorities(session)
            self.data_objects = [(row.id, row.name) for row in list_data_objects(session)]
            if kpi_id is not None:
                kpi = get_kpi(session, kpi_id=kpi_id)
        self.candidates = [(row.id, row.name) for row in data.candidates]
        if kpi_id is not None:
            self.values = {
                "name": kpi.name,
                "unit": kpi.unit,
                "baseline": _number(kpi.baseline),
                "target": _number(kpi.target),
                "owner": kpi.owner,
                "description": kpi.description,
            }
            self.chosen_candidates = set(kpi.candidate_ids)
            self.chosen_objects = set(kpi.data_object_ids)

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-box", classes="dialog-box kpi-box") as box:
            box.border_title = "Edit KPI" if self.kpi_id else "Add KPI"
            box.border_subtitle = "ctrl+s save · esc cancel"
            with Grid(classes="entity-grid kpi-grid"):
                yield from self.text_fields(self.values, LABELS, PLACEHOLDERS)
            with Horizontal(id="kpi-links"):
                with Vertical():
                    yield Label("Candidates that move it", classes="help-heading")
                    yield SelectionList[int](
                        *(
                            Selection(Text(name), cid, cid in self.chosen_candidates)
                            for cid, name in self.candidates
                        ),
                        id="kpi-candidates",
                    )
                with Vertical():
                    yield Label("Data objects it is measured from", classes="help-heading")
                    yield SelectionList[int](
                        *(
                            Selection(Text(name), oid, oid in self.chosen_objects)
                            for oid, name in self.data_objects
                        ),
                        id="kpi-data-objects",
                    )
            yield from self.compose_end()
        yield Footer()

    def save_data(self, session: Session) -> Saved:
        from storage.queries.priorities import create_kpi, update_kpi

        data = self.form_data()
        candidate_ids = self.selected_ids(self.query_one("#kpi-candidates", SelectionList))
        object_ids = self.selected_ids(self.query_one("#kpi-data-objects", SelectionList))
        if self.kpi_id is None:
            row = create_kpi(
                session, data=data, candidate_ids=candidate_ids, data_object_ids=object_ids
            )
        else:
            row = update_kpi(
                session,
                kpi_id=self.kpi_id,
                data=data,
                candidate_ids=candidate_ids,
                data_object_ids=object_ids,
            )
        return row.id, row.name
