"""Add or edit one flow: its ends and data object chosen from the workshop, every field beside.

Like the system form, this is validation's front end, not a second copy of it: the values go to
`storage.queries.flows.create_flow` / `update_flow`, which check the names, that the ends differ and
that the flow is new, and validate the fields; what they refuse is shown under the field
concerned and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select

from models.enums import DESCRIPTIONS, Approach, Direction, FlowState, Frequency, Mechanism
from tui.labels import label
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

# Every field, in tab order; the last one (notes) saves on enter.
FIELDS: tuple[str, ...] = (
    "source",
    "target",
    "data_object",
    "frequency",
    "mechanism",
    "direction",
    "state",
    "approach",
    "monitored",
    "owner",
    "volume_per_day",
    "manual_hours_per_week",
    "error_handling",
    "security",
    "notes",
)

LABELS: dict[str, str] = {
    "source": "Source system",
    "target": "Target system",
    "data_object": "Data object",
    "frequency": "Frequency",
    "mechanism": "Mechanism",
    "direction": "Direction",
    "state": "Current state",
    "approach": "Build approach",
    "monitored": "Monitored",
    "owner": "Owner",
    "volume_per_day": "Volume per day",
    "manual_hours_per_week": "Manual hours per week",
    "error_handling": "Error handling plan",
    "security": "Security: access and personal-data handling",
    "notes": "Notes",
}

ENUMS: dict[str, type[StrEnum]] = {
    "frequency": Frequency,
    "mechanism": Mechanism,
    "direction": Direction,
    "state": FlowState,
    "approach": Approach,
}

DEFAULTS: dict[str, Any] = {
    "frequency": Frequency.DAILY.value,
    "mechanism": Mechanism.MANUAL.value,
    "direction": Direction.ONE_WAY.value,
    "state": FlowState.MANUAL.value,
    "approach": Approach.UNDECIDED.value,
    "owner": "",
    "error_handling": "",
    "security": "",
    "monitored": False,
    "volume_per_day": 0,
    "manual_hours_per_week": 0.0,
    "notes": "",
}

ENDS: tuple[str, ...] = ("source", "target", "data_object")
TEXT_FIELDS: tuple[str, ...] = ("owner", "error_handling", "security", "notes")


def long_label(value: StrEnum) -> str:
    """The name people say in the room ("Manual re-keying", "Partly automated") for a choice.

    `DESCRIPTIONS` is keyed by enumeration members, which compare equal to their strings across
    enumerations (`Mechanism.MANUAL == FlowState.MANUAL`): only an entry of the same enumeration
    counts, so the state "manual" is not called "manual re-keying".
    """
    for member, text in DESCRIPTIONS.items():
        if type(member) is type(value) and member == value:
            return text if text[1:2].isupper() else text[:1].upper() + text[1:]
    return label(value)


def choice_options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(long_label(member), member.value) for member in enum]


def _number(text: str) -> str | int:
    """What the user typed in a number field: blank means zero; the rest is for pydantic."""
    return text.strip() or 0


@dataclass(frozen=True)
class SavedFlow:
    """What the form saved: enough for the caller to select the row and say so."""

    id: int
    ref: str
    created: bool


class FlowForm(ModalScreen[SavedFlow | None]):
    """Dismisses with the saved flow, or None when cancelled.

    Raises `storage.errors.NotFoundError` when asked to edit a flow that no longer exists.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the flow and close",
            id="flow_form.save",
            priority=True,
        ),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close without saving", id="flow_form.cancel"
        ),
    ]

    HELP = (
        "Choose where the data comes from, where it goes and which data object it is, then how "
        "it moves. Tab and shift+tab move between fields; enter opens a list, and typing a few "
        "letters in an open list jumps to a name. Enter on the last field (Notes) saves, as does "
        "ctrl+s from anywhere; escape closes without saving. A reason something cannot be saved "
        "appears under its field and nothing is written."
    )

    def __init__(self, workshop: WorkshopFile, *, flow_id: int | None = None) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.flow_id = flow_id
        self.values: dict[str, Any] = dict(DEFAULTS)
        self.values.update({end: None for end in ENDS})
        self._judged: dict[str, Any] = {}
        self.systems, self.data_objects = self._choices()
        if flow_id is not None:
            self.values.update(self._load(flow_id))

    def _choices(self) -> tuple[list[str], list[str]]:
        from storage.queries.data_objects import list_data_objects
        from storage.queries.systems import list_systems

        with self.workshop.session() as session:
            systems = [system.name for system in list_systems(session)]
            objects = [row.name for row in list_data_objects(session)]
        return systems, objects

    def _load(self, flow_id: int) -> dict[str, Any]:
        from storage.queries.flows import get_flow

        with self.workshop.session() as session:
            row = get_flow(session, flow_id=flow_id)
        values = {name: getattr(row, name) for name in (*ENDS, *DEFAULTS)}
        for name in ENUMS:
            values[name] = str(values[name])
        return values

    def _widgets(self) -> dict[str, Widget]:
        values = self.values

        def names(items: list[str], field: str, prompt: str) -> Select[str]:
            value = values[field]
            return Select(
                [(Text(name), name) for name in items],  # names are data, never markup
                value=value if value in items else Select.NULL,
                prompt=prompt,
                id=field,
            )

        widgets: dict[str, Widget] = {
            "source": names(self.systems, "source", "Where the data comes from"),
            "target": names(self.systems, "target", "Where it goes"),
            "data_object": names(self.data_objects, "data_object", "What moves"),
        }
        for field, enum in ENUMS.items():
            widgets[field] = Select(
                choice_options(enum), value=str(values[field]), allow_blank=False, id=field
            )
        widgets["monitored"] = Checkbox(
            "Failures raise an alert", bool(values["monitored"]), id="monitored"
        )
        widgets["owner"] = Input(str(values["owner"]), placeholder="Who answers for it", id="owner")
        widgets["volume_per_day"] = Input(
            str(values["volume_per_day"] or ""),
            placeholder="0",
            type="integer",
            id="volume_per_day",
        )
        hours = float(values["manual_hours_per_week"] or 0)
        widgets["manual_hours_per_week"] = Input(
            f"{hours:g}" if hours else "",
            placeholder="0",
            type="number",
            id="manual_hours_per_week",
        )
        widgets["error_handling"] = Input(
            str(values["error_handling"]),
            placeholder="How failures are seen, retried and fixed",
            id="error_handling",
        )
        widgets["security"] = Input(
            str(values["security"]),
            placeholder="Who may see it; how personal data is protected",
            id="security",
        )
        widgets["notes"] = Input(
            str(values["notes"]), placeholder="Anything worth remembering", id="notes"
        )
        return widgets

    def _missing(self) -> str:
        """What must exist before a flow can be recorded, as one sentence ("" when ready)."""
        need = []
        if len(self.systems) < 2:
            have = "no systems" if not self.systems else "one system"
            need.append(
                f"two systems (there {'is' if len(self.systems) == 1 else 'are'} {have}: "
                "add them on the Systems screen, key 2 then a)"
            )
        if not self.data_objects:
            need.append("a data object (add one in the Data objects view: v then a)")
        if not need:
            return ""
        return (
            f"A flow needs {' and '.join(need)}. Quick capture (c on the Flows screen) "
            "creates missing systems and data objects as you type."
        )

    def compose(self) -> ComposeResult:
        widgets = self._widgets()
        with Vertical(id="flow-form-box", classes="dialog-box") as box:
            box.border_title = "Edit flow" if self.flow_id is not None else "Add flow"
            box.border_subtitle = "ctrl+s save · esc cancel"
            missing = self._missing()
            if missing:
                yield Label(missing, id="flow-form-missing", markup=False)
            # Three grids, not one with spans: a spanning cell's height is measured at the width
            # of one column, which leaves gaps under every row. They scroll if errors add lines,
            # so the buttons stay in view.
            with VerticalScroll(id="flow-form-fields"):
                for grid_id, fields in (
                    ("flow-form-grid", FIELDS[:12]),
                    ("flow-form-text", FIELDS[12:14]),
                    ("flow-form-notes", FIELDS[14:]),
                ):
                    with Grid(id=grid_id, classes="flow-form-grid"):
                        for field in fields:
                            yield FormField(
                                LABELS[field], widgets[field], field=field, id=f"field-{field}"
                            )
            yield Label("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#source").focus()

    def _data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in FIELDS:
            widget = self.query_one(f"#{field}")
            if isinstance(widget, Select):
                data[field] = None if widget.value == Select.NULL else widget.value
            elif isinstance(widget, Checkbox):
                data[field] = widget.value
            elif isinstance(widget, Input):
                data[field] = widget.value
        return data

    def show_errors(self, errors: dict[str, str]) -> None:
        """One sentence under each field named in `errors`; the rest are cleared."""
        self._judged = self._data()
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.field))
        general = [message for field, message in errors.items() if field not in FIELDS]
        error = self.query_one("#form-error", Label)
        error.update(" ".join(general))
        error.display = bool(general)
        for field in FIELDS:
            if field in errors:
                self.query_one(f"#{field}").focus()
                break

    def _end_errors(self, data: dict[str, Any]) -> dict[str, str]:
        """Ends not chosen yet, said before storage is asked (it would only say "no system").

        Everything else, equal ends included, is storage's to judge."""
        errors: dict[str, str] = {}
        if data["source"] is None:
            errors["source"] = "Choose the system the data comes from."
        if data["target"] is None:
            errors["target"] = "Choose the system the data goes to."
        if data["data_object"] is None:
            errors["data_object"] = "Choose the data object that moves."
        return errors

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.flows import create_flow, update_flow

        data = self._data()
        errors = self._end_errors(data)
        if errors:
            self.show_errors(errors)
            return
        fields = {name: data[name] for name in DEFAULTS}
        fields["volume_per_day"] = _number(data["volume_per_day"])
        fields["manual_hours_per_week"] = _number(data["manual_hours_per_week"])
        ends = {end: data[end] for end in ENDS}
        try:
            with self.workshop.session() as session:
                if self.flow_id is None:
                    row = create_flow(session, **ends, data=fields)
                else:
                    row = update_flow(session, flow_id=self.flow_id, **ends, data=fields)
                saved = SavedFlow(row.id, row.ref, created=self.flow_id is None)
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
    @on(Checkbox.Changed)
    def _clear_error(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        """Changing a field takes its error away; the next save judges it afresh."""
        widget = event.control
        form_field = widget.parent
        if not isinstance(form_field, FormField) or not form_field.error:
            return
        value = self._data().get(form_field.field)
        if value != self._judged.get(form_field.field):
            form_field.set_error(None)
            if form_field.field == "source":  # "must be different" is about both ends
                self.query_one("#field-target", FormField).set_error(None)
