"""Add or edit one flow: its ends and data object chosen from the workshop, every field beside.

Like the system form, this is validation's front end, not a second copy of it: the values go to
`storage.queries.flows.create_flow` / `update_flow`, which check the names, that the ends differ and
that the flow is new, and validate the fields; what they refuse is shown under the field
concerned and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label

from models.enums import DESCRIPTIONS, Approach, Direction, FlowState, Frequency, Mechanism
from tui.dialogs.entity_form import (
    Box,
    ChoiceField,
    EntityForm,
    Field,
    TextField,
    form_keys,
    prose,
)
from tui.labels import UNKNOWN_CHOICE, label
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile

ENDS: tuple[str, ...] = ("source", "target", "data_object")
NUMBERS: tuple[str, ...] = ("volume_per_day", "manual_hours_per_week")  # blank is unknown


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


def _choice(name: str, heading: str, enum: type[StrEnum]) -> Field:
    """A choice among the members of `enum`, by the names said in the room; it starts unknown
    (the blank choice), and choosing the blank again sets it back to unknown."""
    return ChoiceField(name, heading, options=choice_options(enum), prompt=UNKNOWN_CHOICE)


def _among(name: str, heading: str, names: list[str], prompt: str) -> Field:
    """A choice among the workshop's `names` (data, never markup), none chosen at first."""
    return ChoiceField(name, heading, options=[(Text(n), n) for n in names], prompt=prompt)


def _number(text: str) -> str | None:
    """What the user typed in a number field: blank is unknown (None), never zero; the rest is
    for pydantic."""
    return text.strip() or None


@dataclass(frozen=True)
class SavedFlow:
    """What the form saved: enough for the caller to select the row and say so."""

    id: int
    ref: str
    created: bool


class FlowForm(EntityForm[SavedFlow]):
    """Dismisses with the saved flow, or None when cancelled.

    Raises `storage.errors.NotFoundError` when asked to edit a flow that no longer exists.
    """

    DEFAULT_CSS = """
    FlowForm {
        #flow-form-missing {
            width: 1fr;
            color: $text-warning;
            margin-bottom: 1;
        }
        #flow-form-fields {
            height: auto;
            max-height: 26;
            & Checkbox { width: 1fr; }
        }
        .flow-form-grid { grid-size: 3; grid-columns: 1fr 1fr 1fr; }
        #flow-form-text { grid-size: 2; grid-columns: 1fr 1fr; }
        #flow-form-notes { grid-size: 1; grid-columns: 1fr; }
    }
    """

    BINDINGS = form_keys("flow", ids="flow_form")
    NOUN = "flow"
    BOX = Box("flow-form-box", error="form-error")
    # After the ends (chosen among the workshop's names), in tab order; Notes saves on enter.
    FIELDS = (
        _choice("frequency", "Frequency", Frequency),
        _choice("mechanism", "Mechanism", Mechanism),
        _choice("direction", "Direction", Direction),
        _choice("state", "Current state", FlowState),
        _choice("approach", "Build approach", Approach),
        ChoiceField(
            "monitored",
            "Monitored",
            options=[("Yes: failures raise an alert", True), ("No", False)],
            prompt=UNKNOWN_CHOICE,
        ),
        TextField("owner", "Owner", placeholder="Who answers for it"),
        TextField("volume_per_day", "Volume per day", placeholder="not recorded", type="integer"),
        TextField(
            "manual_hours_per_week",
            "Manual hours per week",
            placeholder="not recorded",
            type="number",
        ),
        TextField(
            "error_handling",
            "Error handling plan",
            placeholder="How failures are seen, retried and fixed",
        ),
        TextField(
            "security",
            "Security: access and personal-data handling",
            placeholder="Who may see it; how personal data is protected",
        ),
        TextField("notes", "Notes", placeholder="Anything worth remembering"),
    )

    HELP = prose(
        """
        Choose where the data comes from, where it goes and which data object it is, then how
        it moves. Tab and shift+tab move between fields; enter opens a list, and typing a few
        letters in an open list jumps to a name. Enter on the last field (Notes) saves, as does
        ctrl+s from anywhere; escape closes without saving. A reason something cannot be saved
        appears under its field and nothing is written.
        """
    )

    def __init__(self, workshop: WorkshopFile, *, flow_id: int | None = None) -> None:
        super().__init__(workshop, entity_id=flow_id)

    def load(self, session: Session) -> None:
        from storage.queries.data_objects import list_data_objects
        from storage.queries.flows import get_flow
        from storage.queries.systems import list_systems

        self.systems = [system.name for system in list_systems(session)]
        self.data_objects = [row.name for row in list_data_objects(session)]
        self.fields = (
            _among("source", "Source system", self.systems, "Where the data comes from"),
            _among("target", "Target system", self.systems, "Where it goes"),
            _among("data_object", "Data object", self.data_objects, "What moves"),
            *self.FIELDS,
        )
        if self.entity_id is not None:
            row = get_flow(session, flow_id=self.entity_id)
            hours = row.manual_hours_per_week
            volume = row.volume_per_day
            self.values = self.values_of(row)
            self.values["volume_per_day"] = "" if volume is None else str(volume)
            self.values["manual_hours_per_week"] = "" if hours is None else f"{hours:g}"

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

    def compose_body(self) -> ComposeResult:
        missing = self._missing()
        if missing:
            yield Label(missing, id="flow-form-missing", markup=False)
        # Three grids, not one with spans: a spanning cell's height is measured at the width
        # of one column, which leaves gaps under every row. They scroll if errors add lines,
        # so the buttons stay in view.
        with VerticalScroll(id="flow-form-fields") as scroll:
            scroll.can_focus = False  # its fields take the focus (and scroll into view)
            for grid_id, fields in (
                ("flow-form-grid", self.fields[:12]),
                ("flow-form-text", self.fields[12:14]),
                ("flow-form-notes", self.fields[14:]),
            ):
                with Grid(id=grid_id, classes="flow-form-grid"):
                    yield from self.compose_fields(fields)

    def before_saving(self, data: dict[str, Any]) -> dict[str, str]:
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

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        data.update({name: _number(data[name]) for name in NUMBERS})
        return data

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedFlow:
        from storage.queries.flows import create_flow, update_flow

        ends = {end: data.pop(end) for end in ENDS}
        if self.entity_id is None:
            row = create_flow(session, **ends, data=data)
        else:
            row = update_flow(
                session, flow_id=self.entity_id, **ends, data=data, expected=self.expected
            )
        return SavedFlow(row.id, row.ref, created=self.entity_id is None)

    def field_changed(self, widget: Widget) -> None:
        source = self.query_one("#field-source", FormField)
        had_error = bool(source.error)
        super().field_changed(widget)
        if had_error and not source.error:  # "must be different" is about both ends
            self.query_one("#field-target", FormField).set_error(None)
