"""Add or edit one data object, with what each department means by it.

Its fields go to `storage.queries.data_objects.create_data_object` / `update_data_object`; the
department definitions are one row each (department, text) and are saved with `set_definition`
(an emptied text removes a definition) and `delete_definition` (a removed row). The rows are
checked before anything is written, so a bad department name leaves the file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select

from models.enums import Sensitivity
from tui.labels import options
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

FIELDS: tuple[str, ...] = ("name", "owner", "source_of_truth", "sensitivity", "definition")

LABELS: dict[str, str] = {
    "name": "Name",
    "owner": "Owning function",
    "source_of_truth": "Source of truth",
    "sensitivity": "Sensitivity",
    "definition": "Definition",
}

NO_SOURCE = ""  # the source-of-truth choice "nobody has said yet"


@dataclass(frozen=True)
class SavedDataObject:
    id: int
    name: str
    created: bool


class DefinitionRow(Vertical):
    """One department's definition: department, text, a remove button, and its error below."""

    DEFAULT_CSS = """
    DefinitionRow {
        height: auto;
        & > Horizontal { height: auto; }
        & .definition--department { width: 24; }
        & .definition--text { width: 1fr; }
        & .definition--remove { min-width: 5; width: 5; margin-left: 1; }
        & > .definition--error { display: none; color: $text-error; padding: 0 1; }
        &.-invalid > .definition--error { display: block; }
        &.-invalid Input { border: tall $error; }
    }
    """

    def __init__(self, department: str = "", text: str = "") -> None:
        super().__init__(classes="definition-row")
        self.department = department
        self.text = text
        self.error = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Input(
                self.department,
                placeholder="Department",
                classes="definition--department",
            )
            yield Input(self.text, placeholder="What they mean by it", classes="definition--text")
            yield Button("✕", classes="definition--remove", tooltip="Remove this definition")
        yield Label("", classes="definition--error", markup=False)

    @property
    def values(self) -> tuple[str, str]:
        department = self.query_one(".definition--department", Input).value
        return department, self.query_one(".definition--text", Input).value

    def set_error(self, message: str | None) -> None:
        self.error = message or ""
        self.query_one(".definition--error", Label).update(self.error)
        self.set_class(bool(self.error), "-invalid")


class DataObjectForm(ModalScreen[SavedDataObject | None]):
    """Dismisses with the saved data object, or None when cancelled.

    Raises `storage.errors.NotFoundError` when asked to edit an object that no longer exists.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the data object and close",
            id="object_form.save",
            priority=True,
        ),
        Binding(
            "ctrl+n",
            "add_definition",
            "Add department",
            tooltip="Add a row for one more department's definition",
            id="object_form.add_definition",
        ),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without saving", id="object_form.cancel"
        ),
    ]

    HELP = (
        "A data object is a kind of business data that moves between systems: customers, "
        "stock, sales orders. Name the function that owns it and the one system that is its "
        "source of truth. Under the definition, record what each department means by it: when "
        "two departments say different things the Flows screen flags the conflict. ctrl+n adds "
        "a department, ✕ removes one. Tab moves between fields; ctrl+s saves, escape cancels."
    )

    def __init__(self, workshop: WorkshopFile, *, data_object_id: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.data_object_id = data_object_id
        self.values: dict[str, Any] = {
            "name": "",
            "owner": "",
            "source_of_truth": NO_SOURCE,
            "sensitivity": Sensitivity.INTERNAL.value,
            "definition": "",
        }
        self.stored_definitions: list[tuple[str, str]] = []  # (department, text) in the file
        self.created = False  # this form added the object
        self._judged: dict[str, Any] = {}
        self.systems = self._systems()
        if data_object_id is not None:
            self._load(data_object_id)

    def _systems(self) -> list[str]:
        from storage.queries.systems import list_systems

        with self.workshop.session() as session:
            return [system.name for system in list_systems(session)]

    def _load(self, data_object_id: int) -> None:
        from storage.queries.data_objects import get_data_object_row, list_definitions

        with self.workshop.session() as session:
            row = get_data_object_row(session, data_object_id=data_object_id)
            definitions = list_definitions(session, data_object_id=data_object_id)
        self.values.update(
            name=row.name,
            owner=row.owner,
            source_of_truth=row.source_of_truth or NO_SOURCE,
            sensitivity=row.sensitivity.value,
            definition=row.definition,
        )
        self.stored_definitions = [(d.department, d.text) for d in definitions]

    def _widgets(self) -> dict[str, Widget]:
        values = self.values
        sources: list[tuple[Text, str]] = [(Text("None yet"), NO_SOURCE)]
        sources += [(Text(name), name) for name in self.systems]  # names are data, not markup
        source = values["source_of_truth"] if values["source_of_truth"] in self.systems else ""
        return {
            "name": Input(values["name"], placeholder="e.g. Stock in transit", id="name"),
            "owner": Input(
                values["owner"], placeholder="The function that answers for it", id="owner"
            ),
            "source_of_truth": Select(
                sources, value=source, allow_blank=False, id="source_of_truth"
            ),
            "sensitivity": Select(
                options(Sensitivity),
                value=values["sensitivity"],
                allow_blank=False,
                id="sensitivity",
            ),
            "definition": Input(
                values["definition"],
                placeholder="What the business means by it, in one sentence",
                id="definition",
            ),
        }

    def compose(self) -> ComposeResult:
        widgets = self._widgets()
        with Vertical(id="object-form-box", classes="dialog-box") as box:
            box.border_title = (
                "Edit data object" if self.data_object_id is not None else "Add data object"
            )
            box.border_subtitle = "ctrl+s save · ctrl+n add department · esc cancel"
            with Grid(id="object-form-grid"):
                for field in FIELDS[:4]:
                    yield FormField(LABELS[field], widgets[field], field=field, id=f"field-{field}")
            yield FormField(
                LABELS["definition"],
                widgets["definition"],
                field="definition",
                id="field-definition",
            )
            yield Label("What each department means by it", id="definitions-heading", markup=False)
            with VerticalScroll(id="definitions"):
                for department, text in self.stored_definitions:
                    yield DefinitionRow(department, text)
            yield Button("+ Add department", id="add-definition")
            yield Label("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @property
    def definition_rows(self) -> list[DefinitionRow]:
        return list(self.query(DefinitionRow))

    @on(Button.Pressed, "#add-definition")
    async def action_add_definition(self) -> None:
        row = DefinitionRow()
        await self.query_one("#definitions", VerticalScroll).mount(row)
        row.query_one(".definition--department", Input).focus()
        row.scroll_visible()

    @on(Button.Pressed, ".definition--remove")
    async def _remove_definition(self, event: Button.Pressed) -> None:
        row = next(a for a in event.button.ancestors if isinstance(a, DefinitionRow))
        await row.remove()

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in FIELDS:
            widget = self.query_one(f"#{field}")
            if isinstance(widget, (Input, Select)):
                data[field] = widget.value
        return data

    def _definition_errors(self) -> dict[DefinitionRow, str]:
        """Rows that cannot be saved, checked before anything is written."""
        from models.names import name_key
        from storage.errors import InvalidInput
        from storage.queries.data_objects import validate_definition

        errors: dict[DefinitionRow, str] = {}
        seen: dict[str, str] = {}
        for row in self.definition_rows:
            department, text = row.values
            if not department.strip() and not text.strip():
                continue
            if not department.strip():
                errors[row] = "Name the department that means this."
                continue
            try:
                clean = validate_definition(department=department, text=text)
            except InvalidInput as exc:
                errors[row] = next(iter(exc.fields.values()))
                continue
            key = name_key(clean.department)
            if key in seen:
                errors[row] = f"{seen[key]} is listed twice; keep one definition per department."
            seen.setdefault(key, clean.department)
        return errors

    def show_errors(self, errors: dict[str, str], rows: dict[DefinitionRow, str]) -> None:
        """One sentence under each field (or definition row) named; the rest are cleared."""
        self._judged = self._data()
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.field))
        for row in self.definition_rows:
            row.set_error(rows.get(row))
        general = [message for field, message in errors.items() if field not in FIELDS]
        error = self.query_one("#form-error", Label)
        error.update(" ".join(general))
        error.display = bool(general)
        for field in FIELDS:
            if field in errors:
                self.query_one(f"#{field}").focus()
                return
        for row in self.definition_rows:
            if row in rows:
                row.query_one(Input).focus()
                return

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from models.names import name_key
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.data_objects import (
            create_data_object,
            delete_definition,
            set_definition,
            update_data_object,
        )

        row_errors = self._definition_errors()
        if row_errors:
            self.show_errors({}, row_errors)
            return
        data = self._data()
        fields = {name: data[name] for name in ("name", "owner", "sensitivity", "definition")}
        source = data["source_of_truth"] or None
        definitions = [
            row.values for row in self.definition_rows if any(v.strip() for v in row.values)
        ]
        kept = {name_key(department) for department, _ in definitions}
        try:
            with self.workshop.session() as session:
                if self.data_object_id is None:
                    obj = create_data_object(session, data=fields, source_of_truth=source)
                else:
                    obj = update_data_object(
                        session,
                        data_object_id=self.data_object_id,
                        data=fields,
                        source_of_truth=source,
                    )
                assert obj.id is not None
                object_id, name = obj.id, obj.name
                if self.data_object_id is None:
                    # A second save (after a refused definition) edits it, not adds another.
                    self.data_object_id, self.created = object_id, True
                for department, _ in self.stored_definitions:
                    if name_key(department) not in kept:
                        delete_definition(session, data_object_id=object_id, department=department)
                for department, text in definitions:
                    set_definition(
                        session, data_object_id=object_id, department=department, text=text
                    )
                self.stored_definitions = list(definitions)
        except InvalidInput as exc:
            self.show_errors(exc.fields, {})
            return
        except FieldError as exc:
            self.show_errors({exc.field: str(exc)}, {})
            return
        except (ReadOnlyError, NotFoundError) as exc:
            self.show_errors({"": str(exc)}, {})
            return
        self.dismiss(SavedDataObject(object_id, name, created=self.created))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last one it saves."""
        event.stop()
        inputs = list(self.query(Input))
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(Select.Changed)
    def _clear_error(self, event: Input.Changed | Select.Changed) -> None:
        """Changing a field takes its error away; the next save judges it afresh."""
        widget = event.control
        for ancestor in widget.ancestors:
            if isinstance(ancestor, DefinitionRow):
                if ancestor.error:
                    ancestor.set_error(None)
                return
        form_field = widget.parent
        if not isinstance(form_field, FormField) or not form_field.error:
            return
        if event.value != self._judged.get(form_field.field):
            form_field.set_error(None)
