"""Add or edit a KPI: name, unit, baseline, target, owner, description, and what it is tied to
(the candidates that should move it, the data objects it is measured from)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, SelectionList

from tui.dialogs.entity_form import Box, EntityForm, Saved, TextField, form_keys, prose

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


class KpiForm(EntityForm[Saved]):
    """Raises `storage.errors.NotFoundError` when the KPI to edit no longer exists."""

    DEFAULT_CSS = """
    KpiForm {
        .kpi-grid { grid-size: 3; grid-columns: 1fr 1fr 1fr; }
        #kpi-links {
            height: auto;
            max-height: 11;
            & > Vertical { height: auto; width: 1fr; }
            & SelectionList { height: auto; max-height: 8; }
        }
    }
    """

    BINDINGS = form_keys()
    NOUN = "KPI"
    BOX = Box(classes="kpi-box", grid_classes="entity-grid kpi-grid")
    FIELDS = (
        TextField("name", "Name", placeholder="e.g. Manual order entry", span=3),
        TextField("baseline", "Baseline (today)", placeholder="e.g. 30"),
        TextField("target", "Target", placeholder="e.g. 5"),
        TextField("unit", "Unit", placeholder="e.g. hours/week, %, days"),
        TextField("owner", "Owner", placeholder="Who reports it"),
        TextField(
            "description", "How it is measured", placeholder="Where the number comes from", span=2
        ),
    )

    HELP = prose(
        """
        A KPI says how success is measured: where the number is today (baseline) and where it
        should get (target). Tick the candidates that should move it and the data objects it
        is measured from: a flow that informs no KPI is not a priority. Space ticks in the
        lists; ctrl+s saves; escape cancels.
        """
    )

    def __init__(self, workshop: WorkshopFile, *, kpi_id: int | None = None) -> None:
        super().__init__(workshop, entity_id=kpi_id)

    def load(self, session: Session) -> None:
        from storage.queries.data_objects import list_data_objects
        from storage.queries.priorities import get_kpi, load_priorities

        self.candidates = [(row.id, row.name) for row in load_priorities(session).candidates]
        self.data_objects = [(row.id, row.name) for row in list_data_objects(session)]
        self.chosen_candidates: set[int] = set()
        self.chosen_objects: set[int] = set()
        if self.entity_id is not None:
            kpi = get_kpi(session, kpi_id=self.entity_id)
            self.values = self.values_of(kpi)
            self.values.update(baseline=_number(kpi.baseline), target=_number(kpi.target))
            self.chosen_candidates = set(kpi.candidate_ids)
            self.chosen_objects = set(kpi.data_object_ids)

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        links = (
            ("Candidates that move it", "kpi-candidates", self.candidates),
            ("Data objects it is measured from", "kpi-data-objects", self.data_objects),
        )
        ticked = (self.chosen_candidates, self.chosen_objects)
        with Horizontal(id="kpi-links"):
            for (heading, list_id, items), chosen in zip(links, ticked, strict=True):
                with Vertical():
                    yield Label(heading, classes="help-heading")
                    yield self.tick_list(items, chosen, id=list_id)

    def save_data(self, session: Session, data: dict[str, Any]) -> Saved:
        from storage.queries.priorities import create_kpi, update_kpi

        candidate_ids = self.selected_ids(self.query_one("#kpi-candidates", SelectionList))
        object_ids = self.selected_ids(self.query_one("#kpi-data-objects", SelectionList))
        if self.entity_id is None:
            row = create_kpi(
                session, data=data, candidate_ids=candidate_ids, data_object_ids=object_ids
            )
        else:
            row = update_kpi(
                session,
                kpi_id=self.entity_id,
                data=data,
                candidate_ids=candidate_ids,
                data_object_ids=object_ids,
                expected=self.expected,
            )
        return row.id, row.name
