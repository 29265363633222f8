"""Add or edit one of the workshop's scenarios. Saves through `storage.queries.scenarios`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.dialogs.entity_form import Box, EntityForm, TextField, form_keys, prose

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile


class ScenarioForm(EntityForm[str]):
    """Dismisses with the saved scenario's title, or None when cancelled."""

    BINDINGS = form_keys("scenario")
    NOUN = "scenario"
    BOX = Box("scenario-box", grid="scenario-grid", grid_classes="", error="scenario-error")
    FIELDS = (
        TextField("title", "Title", placeholder="e.g. Order amended after dispatch", span=2),
        TextField("category", "Category", placeholder="e.g. order lifecycle"),
        TextField(
            "description",
            "What goes wrong",
            placeholder="What happens in the business when this goes wrong",
            span=2,
        ),
        TextField(
            "question",
            "Question for the room",
            placeholder="The question to ask the people in the room",
            span=2,
        ),
        TextField(
            "data_objects",
            "Applies to data objects (comma-separated; empty: every flow)",
            placeholder="e.g. Sales orders, Stock",
            span=2,
        ),
    )

    HELP = prose(
        """
        A scenario of this workshop's own, or a library one adapted to the client. Tab moves
        between fields; enter on the last saves; ctrl+s saves from anywhere; escape cancels.
        Changing the data objects affects only later applications of the library.
        """
    )

    def __init__(self, workshop: WorkshopFile, *, scenario_id: int | None = None) -> None:
        super().__init__(workshop, entity_id=scenario_id)

    def load(self, session: Session) -> None:
        from storage.queries.scenarios import get_scenario

        if self.entity_id is not None:
            row = get_scenario(session, scenario_id=self.entity_id)
            self.values = {**self.values_of(row), "data_objects": ", ".join(row.data_objects)}

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        data["data_objects"] = [
            name.strip() for name in data["data_objects"].split(",") if name.strip()
        ]
        return data

    def save_data(self, session: Session, data: dict[str, Any]) -> str:
        from storage.queries.scenarios import create_scenario, update_scenario

        if self.entity_id is None:
            row = create_scenario(session, data=data)
        else:
            row = update_scenario(
                session, scenario_id=self.entity_id, data=data, expected=self.expected
            )
        return row.title
