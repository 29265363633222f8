"""Add or edit a scoring criterion: name, weight, benefit or cost, WSJF part and description."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Footer, Input, Select

from models.enums import CriterionKind, WsjfPart, describe
from tui.dialogs.entity_form import EntityForm, Saved
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile

WEIGHTS = [
    (f"{n} · {label}", n)
    for n, label in enumerate(("ignored", "minor", "low", "medium", "high", "decisive"))
]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class CriterionForm(EntityForm):
    """Raises `storage.errors.NotFoundError` when the criterion to edit no longer exists."""

    FIELDS = ("name", "weight", "kind", "wsjf_part", "description")
    LAST_INPUT = "description"

    HELP = (
        "A criterion the room scores every candidate on, 1 to 5. Its weight (0–5) says how much "
        "it counts; 0 keeps it but leaves it out of the ranking. A benefit scores high when "
        "good; a cost (effort, complexity) scores high when bad, and the ranking inverts it. "
        "The WSJF part says which part of cost of delay a benefit feeds (costs are job size). "
        "ctrl+s saves, escape cancels."
    )

    def __init__(self, workshop: WorkshopFile, *, criterion_id: int | None = None) -> None:
        super().__init__(workshop)
        self.criterion_id = criterion_id
        self.values: dict[str, Any] = {
            "name": "",
            "weight": 3,
            "kind": CriterionKind.BENEFIT.value,
            "wsjf_part": WsjfPart.VALUE.value,
            "description": "",
        }
        if criterion_id is not None:
            from storage.queries.priorities import get_criterion

            with workshop.session() as session:
                row = get_criterion(session, criterion_id=criterion_id)
            self.values = {
                "name": row.name,
                "weight": int(row.weight),
                "kind": str(row.kind),
                "wsjf_part": str(row.wsjf_part),
                "description": row.description,
            }

    def compose(self) -> ComposeResult:
        with Vertical(id="entity-box", classes="dialog-box criterion-box") as box:
            box.border_title = "Edit criterion" if self.criterion_id else "Add criterion"
            box.border_subtitle = "ctrl+s save · esc cancel"
            with Grid(classes="entity-grid"):
                yield FormField(
                    "Name",
                    Input(self.values["name"], placeholder="e.g. Customer experience", id="name"),
                    field="name",
                    id="field-name",
                )
                yield FormField(
                    "Weight",
                    Select(WEIGHTS, value=self.values["weight"], allow_blank=False, id="weight"),
                    field="weight",
                    id="field-weight",
                )
                yield FormField(
                    "Benefit or cost",
                    Select(
                        [(_capital(describe(k)), k.value) for k in CriterionKind],
                        value=self.values["kind"],
                        allow_blank=False,
                        id="kind",
                    ),
                    field="kind",
                    id="field-kind",
                )
                yield FormField(
                    "WSJF part",
                    Select(
                        [(_capital(describe(p)), p.value) for p in WsjfPart],
                        value=self.values["wsjf_part"],
                        allow_blank=False,
                        id="wsjf_part",
                    ),
                    field="wsjf_part",
                    id="field-wsjf_part",
                )
                yield FormField(
                    "Description",
                    Input(
                        self.values["description"],
                        placeholder="What a 5 means, in a sentence",
                        id="description",
                    ),
                    field="description",
                    id="field-description",
                )
            yield from self.compose_end()
        yield Footer()

    def save_data(self, session: Session) -> Saved:
        from storage.queries.priorities import create_criterion, update_criterion

        data = self.form_data()
        if self.criterion_id is None:
            row = create_criterion(session, data=data)
        else:
            row = update_criterion(session, criterion_id=self.criterion_id, data=data)
        return row.id, row.name
