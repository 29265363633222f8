"""Add or edit a scoring criterion: name, weight, benefit or cost, WSJF part and description."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from models.enums import CriterionKind, WsjfPart, describe
from tui.dialogs.entity_form import (
    Box,
    ChoiceField,
    EntityForm,
    Saved,
    TextField,
    form_keys,
    prose,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile

WEIGHTS = [
    (f"{n} · {label}", n)
    for n, label in enumerate(("ignored", "minor", "low", "medium", "high", "decisive"))
]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class CriterionForm(EntityForm[Saved]):
    """Raises `storage.errors.NotFoundError` when the criterion to edit no longer exists."""

    BINDINGS = form_keys()
    NOUN = "criterion"
    BOX = Box(classes="criterion-box")
    FIELDS = (
        TextField("name", "Name", placeholder="e.g. Customer experience", span=2),
        ChoiceField("weight", "Weight", options=WEIGHTS, default=3),
        ChoiceField(
            "kind",
            "Benefit or cost",
            options=[(_capital(describe(k)), k.value) for k in CriterionKind],
            default=CriterionKind.BENEFIT,
        ),
        ChoiceField(
            "wsjf_part",
            "WSJF part",
            options=[(_capital(describe(p)), p.value) for p in WsjfPart],
            default=WsjfPart.VALUE,
        ),
        TextField(
            "description", "Description", placeholder="What a 5 means, in a sentence", span=2
        ),
    )

    HELP = prose(
        """
        A criterion the room scores every candidate on, 1 to 5. Its weight (0–5) says how much
        it counts; 0 keeps it but leaves it out of the ranking. A benefit scores high when
        good; a cost (effort, complexity) scores high when bad, and the ranking inverts it.
        The WSJF part says which part of cost of delay a benefit feeds (costs are job size).
        ctrl+s saves, escape cancels.
        """
    )

    def __init__(self, workshop: WorkshopFile, *, criterion_id: int | None = None) -> None:
        super().__init__(workshop, entity_id=criterion_id)

    def load(self, session: Session) -> None:
        from storage.queries.priorities import get_criterion

        if self.entity_id is not None:
            row = get_criterion(session, criterion_id=self.entity_id)
            self.values = {**self.values_of(row), "weight": int(row.weight)}

    def save_data(self, session: Session, data: dict[str, Any]) -> Saved:
        from storage.queries.priorities import create_criterion, update_criterion

        if self.entity_id is None:
            row = create_criterion(session, data=data)
        else:
            row = update_criterion(
                session, criterion_id=self.entity_id, data=data, expected=self.expected
            )
        return row.id, row.name
