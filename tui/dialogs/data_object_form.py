"""Add or edit one data object, with what each department means by it.

The object's fields and its department definitions, one row each (department, text; an
emptied text removes a definition, and so does a removed row), go to
`storage.queries.data_objects.save_data_object` together: storage checks every row and the object
and writes all of it in one transaction, or nothing, showing a refused row's reason under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label

from models.enums import Sensitivity
from tui.dialogs.entity_form import Box, ChoiceField, EntityForm, TextField, form_keys, prose
from tui.labels import UNKNOWN_CHOICE, options

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.errors import FieldError
    from storage.workshop_file import WorkshopFile

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

    def on_resize(self) -> None:
        """A row being edited that grows its reason's line keeps that line in view."""
        if self.error and self.has_focus_within:
            self.scroll_visible(animate=False)


class DataObjectForm(EntityForm[SavedDataObject]):
    """Dismisses with the saved data object, or None when cancelled.

    Raises `storage.errors.NotFoundError` when asked to edit an object that no longer exists.
    """

    DEFAULT_CSS = """
    DataObjectForm {
        #definitions-heading {
            margin: 1 1 0 1;
            color: $text-muted;
            text-style: bold;
        }
        #definitions { height: auto; max-height: 12; }
        #add-definition { margin-left: 1; }
    }
    """

    BINDINGS = form_keys(
        "data object",
        ids="object_form",
        extra=[
            Binding(
                "ctrl+n",
                "add_definition",
                "Add department",
                tooltip="Add a row for one more department's definition",
                id="object_form.add_definition",
            )
        ],
    )
    NOUN = "data object"
    BOX = Box("object-form-box", grid="object-form-grid", grid_classes="", error="form-error")
    SUBTITLE = "ctrl+s save · ctrl+n add department · esc cancel"
    GRID_FIELDS = 4  # in the grid; the definition spans the box below it

    HELP = prose(
        """
        A data object is a kind of business data that moves between systems: customers,
        stock, sales orders. Name the function that owns it and the one system that is its
        source of truth. Under the definition, record what each department means by it: when
        two departments say different things the Flows screen flags the conflict. ctrl+n adds
        a department, ✕ removes one. Tab moves between fields; ctrl+s saves, escape cancels.
        """
    )

    def __init__(self, workshop: WorkshopFile, *, data_object_id: int | None = None) -> None:
        super().__init__(workshop, entity_id=data_object_id)

    def load(self, session: Session) -> None:
        from storage.queries.data_objects import get_data_object_row, list_definitions
        from storage.queries.systems import list_systems

        systems = [system.name for system in list_systems(session)]
        sources: list[tuple[str | Text, str]] = [(Text("None yet"), NO_SOURCE)]
        sources += [(Text(name), name) for name in systems]  # names are data, not markup
        self.fields = (
            TextField("name", "Name", placeholder="e.g. Stock in transit"),
            TextField("owner", "Owning function", placeholder="The function that answers for it"),
            ChoiceField("source_of_truth", "Source of truth", options=sources, default=NO_SOURCE),
            ChoiceField(
                "sensitivity",
                "Sensitivity",
                options=options(Sensitivity),
                prompt=UNKNOWN_CHOICE,  # unknown until the room says
            ),
            TextField(
                "definition",
                "Definition",
                placeholder="What the business means by it, in one sentence",
            ),
        )
        self.stored_definitions: list[tuple[str, str]] = []  # (department, text) in the file
        if self.entity_id is not None:
            row = get_data_object_row(session, data_object_id=self.entity_id)
            self.values = self.values_of(row)
            self.values["source_of_truth"] = row.source_of_truth or NO_SOURCE
            definitions = list_definitions(session, data_object_id=self.entity_id)
            self.stored_definitions = [(d.department, d.text) for d in definitions]

    def compose_body(self) -> ComposeResult:
        with Grid(id=self.BOX.grid):
            yield from self.compose_fields(self.fields[: self.GRID_FIELDS])
        yield from self.compose_fields(self.fields[self.GRID_FIELDS :])
        yield Label("What each department means by it", id="definitions-heading", markup=False)
        with VerticalScroll(id="definitions") as scroll:
            scroll.can_focus = False  # a tab stop with nothing to type in: its rows take it
            for department, text in self.stored_definitions:
                yield DefinitionRow(department, text)
        yield Button("+ Add department", id="add-definition")

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

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedDataObject:
        from storage.queries.data_objects import save_data_object

        source = data.pop("source_of_truth") or None
        row = save_data_object(
            session,
            data_object_id=self.entity_id,
            data=data,
            source_of_truth=source,
            definitions=[row.values for row in self.definition_rows],
            expected=self.expected,
        )
        assert row.id is not None
        return SavedDataObject(row.id, row.name, created=self.entity_id is None)

    def field_error(self, exc: FieldError) -> dict[str, str]:
        from storage.errors import DefinitionErrors

        if isinstance(exc, DefinitionErrors):
            return {f"definitions.{n}": message for n, message in exc.by_position.items()}
        return super().field_error(exc)

    def show_errors(self, errors: dict[str, str]) -> None:
        """The fields' errors as every form shows them, and each row's under the row."""
        rows = self.definition_rows
        for position, row in enumerate(rows):
            row.set_error(errors.get(f"definitions.{position}"))
        keys = {f"definitions.{position}" for position in range(len(rows))}
        super().show_errors({key: text for key, text in errors.items() if key not in keys})
        if not any(name in errors for name in self.names):
            refused = [row for row in rows if row.error]
            if refused:
                refused[0].query_one(Input).focus()

    def saves_on_enter(self, widget: Input) -> bool:
        """Enter in the last box of the form saves (the last definition's text, if any)."""
        return widget is self.query(Input).last()

    def field_changed(self, widget: Widget) -> None:
        row = next((a for a in widget.ancestors if isinstance(a, DefinitionRow)), None)
        if row is None:
            super().field_changed(widget)
        elif row.error:
            row.set_error(None)
