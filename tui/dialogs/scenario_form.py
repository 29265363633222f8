"""Add or edit one of the workshop's scenarios. Saves through `storage.queries.scenarios`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label

from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

FIELDS: tuple[str, ...] = ("title", "category", "description", "question", "data_objects")
LABELS = {
    "title": "Title",
    "category": "Category",
    "description": "What goes wrong",
    "question": "Question for the room",
    "data_objects": "Applies to data objects (comma-separated; empty: every flow)",
}


class ScenarioForm(ModalScreen[str | None]):
    """Dismisses with the saved scenario's title, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the scenario and close",
            id="form.save",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="form.cancel"),
    ]

    HELP = (
        "A scenario of this workshop's own, or a library one adapted to the client. Tab moves "
        "between fields; enter on the last saves; ctrl+s saves from anywhere; escape cancels. "
        "Changing the data objects affects only later applications of the library."
    )

    def __init__(self, workshop: WorkshopFile, *, scenario_id: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.scenario_id = scenario_id
        self.values: dict[str, str] = dict.fromkeys(FIELDS, "")
        if scenario_id is not None:
            from storage.queries.scenarios import get_scenario

            with workshop.session() as session:
                row = get_scenario(session, scenario_id=scenario_id)
            self.values = {
                "title": row.title,
                "category": row.category,
                "description": row.description,
                "question": row.question,
                "data_objects": ", ".join(row.data_objects),
            }

    def compose(self) -> ComposeResult:
        placeholders = {
            "title": "e.g. Order amended after dispatch",
            "category": "e.g. order lifecycle",
            "description": "What happens in the business when this goes wrong",
            "question": "The question to ask the people in the room",
            "data_objects": "e.g. Sales orders, Stock",
        }
        with Vertical(id="scenario-box", classes="dialog-box") as box:
            box.border_title = "Edit scenario" if self.scenario_id else "Add scenario"
            box.border_subtitle = "ctrl+s save · esc cancel"
            with Grid(id="scenario-grid"):
                for field in FIELDS:
                    yield FormField(
                        LABELS[field],
                        Input(self.values[field], placeholder=placeholders[field], id=field),
                        field=field,
                        id=f"field-{field}",
                    )
            yield Label("", id="scenario-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {field: self.query_one(f"#{field}", Input).value for field in FIELDS}
        data["data_objects"] = [
            name.strip() for name in data["data_objects"].split(",") if name.strip()
        ]
        return data

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.scenarios import create_scenario, update_scenario

        data = self._data()
        errors: dict[str, str] = {}
        try:
            with self.workshop.session() as session:
                if self.scenario_id is None:
                    row = create_scenario(session, data=data)
                else:
                    row = update_scenario(session, scenario_id=self.scenario_id, data=data)
        except InvalidInput as exc:
            errors = exc.fields
        except FieldError as exc:
            errors = {exc.field: str(exc)}
        except (ReadOnlyError, NotFoundError) as exc:
            errors = {"": str(exc)}
        if errors:
            for form_field in self.query(FormField):
                form_field.set_error(errors.get(form_field.field))
            general = [message for field, message in errors.items() if field not in FIELDS]
            label = self.query_one("#scenario-error", Label)
            label.update(" ".join(general))
            label.display = bool(general)
            return
        self.dismiss(row.title)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == FIELDS[-1]:
            self.action_save()
        else:
            self.focus_next()
