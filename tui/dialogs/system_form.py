"""Add or edit one system. Saves through storage; errors appear next to the field concerned.

The form is the validation's front end, not a second copy of it: it hands the values to
`storage.queries.systems.create_system` / `update_system`, which validate with the input model and
check the name is free, and shows what they refuse. Nothing is written until they accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.enums import Api, Category, Hosting, Lifecycle
from tui.dialogs.entity_form import Box, ChoiceField, EntityForm, TextField, form_keys, prose
from tui.labels import CRITICALITY_LABELS, UNKNOWN_CHOICE, options

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile


@dataclass(frozen=True)
class SavedSystem:
    """What the form saved: enough for the caller to select the row and say so."""

    id: int
    name: str
    created: bool


class SystemForm(EntityForm[SavedSystem]):
    """Dismisses with the saved system, or None when cancelled.

    Raises `storage.errors.NotFoundError` when asked to edit a system that no longer exists.
    """

    BINDINGS = form_keys("system")
    NOUN = "system"
    BOX = Box("form-box", grid="form-grid", grid_classes="", error="form-error")
    FIELDS = (
        TextField("name", "Name", placeholder="e.g. Sage X3", span=2),
        # The answers start unknown (the blank choice); choosing the blank again unsets one.
        ChoiceField("category", "Category", options=options(Category), prompt=UNKNOWN_CHOICE),
        ChoiceField("lifecycle", "Lifecycle", options=options(Lifecycle), prompt=UNKNOWN_CHOICE),
        TextField("vendor", "Vendor", placeholder="Who sells it"),
        TextField("owner", "Owner", placeholder="Who answers for it"),
        ChoiceField("hosting", "Hosting", options=options(Hosting), prompt=UNKNOWN_CHOICE),
        ChoiceField("api", "API", options=options(Api), prompt=UNKNOWN_CHOICE),
        ChoiceField(
            "criticality",
            "Criticality",
            options=[(text, value) for value, text in CRITICALITY_LABELS.items()],
            prompt=UNKNOWN_CHOICE,
        ),
        TextField("notes", "Notes", placeholder="Anything worth remembering"),
    )

    HELP = prose(
        """
        Tab and shift+tab move between fields; enter moves to the next field and, on the last
        one (Notes), saves. ctrl+s saves from anywhere, escape closes without saving. If
        something cannot be saved, the reason appears under the field and nothing is written.
        """
    )

    OPENS_BEFORE_FILE = True  # fixed choices: nothing to read before adding

    def __init__(self, workshop: WorkshopFile | None, *, system_id: int | None = None) -> None:
        super().__init__(workshop, entity_id=system_id)

    def load(self, session: Session) -> None:
        from storage.queries.systems import get_system_by_id

        if self.entity_id is not None:
            self.values = self.values_of(get_system_by_id(session, system_id=self.entity_id))

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedSystem:
        from storage.queries.systems import create_system, update_system

        if self.entity_id is None:
            system = create_system(session, data=data)
        else:
            system = update_system(
                session, system_id=self.entity_id, data=data, expected=self.expected
            )
        assert system.id is not None
        return SavedSystem(system.id, system.name, created=self.entity_id is None)
