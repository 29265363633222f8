"""Add or edit one system. Saves through storage; errors appear next to the field concerned.

The form is the validation's front end, not a second copy of it: it hands the values to
`storage.queries.systems.create_system` / `update_system`, which validate with the input model and
check the name is free, and shows what they refuse. Nothing is written until they accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select

from models.enums import Api, Category, Hosting, Lifecycle
from tui.labels import CRITICALITY_LABELS, options
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

# Every field the form edits, in tab order (the last one saves on enter).
FIELDS: tuple[str, ...] = (
    "name",
    "category",
    "lifecycle",
    "vendor",
    "owner",
    "hosting",
    "api",
    "criticality",
    "notes",
)

DEFAULTS: dict[str, Any] = {
    "name": "",
    "category": Category.OTHER.value,
    "lifecycle": Lifecycle.LIVE.value,
    "vendor": "",
    "owner": "",
    "hosting": Hosting.OTHER.value,
    "api": Api.OTHER.value,
    "criticality": 3,
    "notes": "",
}


@dataclass(frozen=True)
class SavedSystem:
    """What the form saved: enough for the caller to select the row and say so."""

    id: int
    name: str
    created: bool


class SystemForm(ModalScreen[SavedSystem | None]):
    """Dismisses with the saved system, or None when cancelled.

    Raises `storage.errors.NotFoundError` when asked to edit a system that no longer exists.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the system and close",
            id="form.save",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="form.cancel"),
    ]

    HELP = (
        "Tab and shift+tab move between fields; enter moves to the next field and, on the last "
        "one (Notes), saves. ctrl+s saves from anywhere, escape closes without saving. If "
        "something cannot be saved, the reason appears under the field and nothing is written."
    )

    def __init__(self, workshop: WorkshopFile, *, system_id: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.system_id = system_id
        self.values: dict[str, Any] = dict(DEFAULTS)
        self._judged: dict[str, Any] = {}  # the values the errors on show are about
        if system_id is not None:
            self.values.update(self._load(system_id))

    def _load(self, system_id: int) -> dict[str, Any]:
        from storage.queries.systems import get_system_by_id

        with self.workshop.session() as session:
            system = get_system_by_id(session, system_id=system_id)
            return {field: getattr(system, field) for field in FIELDS}

    def _widgets(self) -> dict[str, Widget]:
        values = self.values
        return {
            "name": Input(str(values["name"]), placeholder="e.g. Sage X3", id="name"),
            "category": Select(
                options(Category), value=str(values["category"]), allow_blank=False, id="category"
            ),
            "lifecycle": Select(
                options(Lifecycle),
                value=str(values["lifecycle"]),
                allow_blank=False,
                id="lifecycle",
            ),
            "vendor": Input(str(values["vendor"]), placeholder="Who sells it", id="vendor"),
            "owner": Input(str(values["owner"]), placeholder="Who answers for it", id="owner"),
            "hosting": Select(
                options(Hosting), value=str(values["hosting"]), allow_blank=False, id="hosting"
            ),
            "api": Select(options(Api), value=str(values["api"]), allow_blank=False, id="api"),
            "criticality": Select(
                [(text, value) for value, text in CRITICALITY_LABELS.items()],
                value=int(values["criticality"]),
                allow_blank=False,
                id="criticality",
            ),
            "notes": Input(
                str(values["notes"]), placeholder="Anything worth remembering", id="notes"
            ),
        }

    def compose(self) -> ComposeResult:
        labels = {"api": "API"}
        widgets = self._widgets()
        title = "Edit system" if self.system_id is not None else "Add system"
        with Vertical(id="form-box", classes="dialog-box") as box:
            box.border_title = title
            box.border_subtitle = "ctrl+s save · esc cancel"
            with Grid(id="form-grid"):
                for field in FIELDS:
                    yield FormField(
                        labels.get(field, field.capitalize()),
                        widgets[field],
                        field=field,
                        id=f"field-{field}",
                    )
            yield Label("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in FIELDS:
            widget = self.query_one(f"#{field}")
            if isinstance(widget, Input):
                data[field] = widget.value
            elif isinstance(widget, Select):
                data[field] = widget.value
        return data

    def show_errors(self, errors: dict[str, str]) -> None:
        """One sentence under each field named in `errors`; the rest are cleared."""
        self._judged = self._data()
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.field))
        general = [message for field, message in errors.items() if field not in FIELDS]
        label = self.query_one("#form-error", Label)
        label.update(" ".join(general))
        label.display = bool(general)
        for field in FIELDS:
            if field in errors:
                self.query_one(f"#{field}").focus()
                break

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.systems import create_system, update_system

        data = self._data()
        try:
            with self.workshop.session() as session:
                if self.system_id is None:
                    system = create_system(session, data=data)
                else:
                    system = update_system(session, system_id=self.system_id, data=data)
                assert system.id is not None
                saved = SavedSystem(system.id, system.name, created=self.system_id is None)
        except InvalidInput as exc:
            self.show_errors(exc.fields)
            return
        except FieldError as exc:
            self.show_errors({exc.field: str(exc)})
            return
        except (ReadOnlyError, NotFoundError) as exc:
            self.show_errors({"": str(exc)})
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field; on the last field it saves."""
        event.stop()
        if event.input.id == FIELDS[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Input.Changed)
    @on(Select.Changed)
    def _clear_error(self, event: Input.Changed | Select.Changed) -> None:
        """Changing a field takes its error away; the next save judges it afresh."""
        widget = event.control
        form_field = widget.parent
        if not isinstance(form_field, FormField) or not form_field.error:
            return
        if event.value != self._judged.get(form_field.field):
            form_field.set_error(None)
