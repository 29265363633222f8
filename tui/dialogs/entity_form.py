"""What the prioritisation forms (candidate, criterion, KPI) share: save and cancel keys, errors
beside the fields, enter moving on and saving on the last field.

A form lists its `FIELDS` in tab order, composes `FormField`s for them inside `#entity-box`,
and implements `save_data(session)` with the storage call; storage validates (pydantic input
models, unique names) and the form shows what it refuses, beside the field concerned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, SelectionList

from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile

Saved = tuple[int, str]  # the id and name of what was saved


class EntityForm(ModalScreen[Saved | None]):
    """Dismisses with (id, name) of what was saved, or None when cancelled."""

    FIELDS: ClassVar[tuple[str, ...]] = ()
    LAST_INPUT: ClassVar[str] = ""  # enter in this field saves (the last text field)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save and close", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="form.cancel"),
    ]

    def __init__(self, workshop: WorkshopFile) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self._judged: dict[str, Any] = {}

    # Subclasses ------------------------------------------------------------------------------

    def form_data(self) -> dict[str, Any]:
        """The plain fields' values, as storage's input model takes them."""
        data: dict[str, Any] = {}
        for field in self.FIELDS:
            widget = self.query_one(f"#{field}")
            if isinstance(widget, Input):
                data[field] = widget.value
            elif isinstance(widget, Select):
                data[field] = widget.value
        return data

    def save_data(self, session: Session) -> Saved:
        raise NotImplementedError

    # Shared ----------------------------------------------------------------------------------

    def text_fields(
        self, values: dict[str, Any], labels: dict[str, str], placeholders: dict[str, str]
    ) -> ComposeResult:
        """A labelled `Input` for each of `FIELDS`, holding its value from `values`."""
        for field in self.FIELDS:
            yield FormField(
                labels[field],
                Input(str(values[field]), placeholder=placeholders[field], id=field),
                field=field,
                id=f"field-{field}",
            )

    def compose_end(self) -> ComposeResult:
        """What ends every form's box: a line for errors no field owns, then Cancel and Save."""
        yield Label("", id="entity-error", markup=False)
        yield Horizontal(
            Button("Cancel", id="cancel"),
            Button("Save", id="save", variant="primary"),
            classes="dialog-buttons",
        )

    def on_mount(self) -> None:
        self.query_one("#entity-error").display = False
        self.query_one("#name", Input).focus()

    def show_errors(self, errors: dict[str, str]) -> None:
        """One sentence under each field named in `errors`; the rest go under the form."""
        self._judged = self.form_data()
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.field))
        general = [message for field, message in errors.items() if field not in self.FIELDS]
        label = self.query_one("#entity-error", Label)
        label.update(" ".join(general))
        label.display = bool(general)
        for field in self.FIELDS:
            if field in errors:
                self.query_one(f"#{field}").focus()
                break

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError

        try:
            with self.workshop.session() as session:
                saved = self.save_data(session)
        except InvalidInput as exc:
            self.show_errors(exc.fields)
            return
        except FieldError as exc:
            self.show_errors({exc.field: str(exc)})
            return
        except (ReadOnlyError, NotFoundError, ValueError) as exc:
            self.show_errors({"": str(exc)})
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == self.LAST_INPUT:
            self.action_save()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(Select.Changed)
    def _clear_error(self, event: Input.Changed | Select.Changed) -> None:
        """Changing a field takes its error away; the next save judges it afresh."""
        form_field = event.control.parent
        if not isinstance(form_field, FormField) or not form_field.error:
            return
        if event.value != self._judged.get(form_field.field):
            form_field.set_error(None)

    @staticmethod
    def selected_ids(selection: SelectionList[int]) -> list[int]:
        return sorted(int(value) for value in selection.selected)
