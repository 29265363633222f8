"""The Session screen's forms: a session (date, title), an attendee, an agenda item, a minute
(decision, action or parking-lot question), and answering a parked question with a decision or
an action. Each is an `EntityForm`: storage validates, the form shows what it refuses beside the
field concerned, and nothing is written until storage accepts.

A form that edits is handed the row on show (the Session screen loaded it a moment ago);
storage refuses with one sentence if it has gone in the meantime.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from tui.dialogs.entity_form import (
    Box,
    ChoiceField,
    EntityForm,
    Field,
    TextField,
    form_keys,
    prose,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.queries.meetings import AgendaRow, AttendeeRow, MeetingRow, MinuteRow
    from storage.workshop_file import WorkshopFile


@dataclass(frozen=True)
class SavedEntry:
    """What a Session form saved: enough to select the row and say so."""

    id: int
    name: str
    created: bool


BOX = Box("session-form-box", grid="session-form-grid", grid_classes="", error="session-form-error")
PRESENCE = [("Present", True), ("Sent apologies", False)]
HELP = prose(
    """
    Tab and shift+tab move between fields; enter moves on and, on the last field, saves. ctrl+s
    saves from anywhere, escape closes without saving. If something cannot be saved, the reason
    appears under the field and nothing is written.
    """
)


class MeetingForm(EntityForm[SavedEntry]):
    """A session: its date (ISO, today's typed in for a new one) and an optional title."""

    BINDINGS = form_keys("session", ids="meeting_form")
    NOUN = "session"
    BOX = BOX
    HELP = HELP
    FIELDS = (
        TextField("date", "Date", placeholder="YYYY-MM-DD"),
        TextField("title", "Title", placeholder="e.g. Day one: order to cash"),
    )

    def __init__(
        self, workshop: WorkshopFile, *, today: str, meeting: MeetingRow | None = None
    ) -> None:
        self.today = today
        self.row = meeting
        super().__init__(workshop, entity_id=meeting.id if meeting is not None else None)

    def load(self, session: Session) -> None:
        self.values = (
            {"date": self.row.date, "title": self.row.title}
            if self.row is not None
            else {"date": self.today}
        )

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedEntry:
        from storage.queries.meetings import create_meeting, update_meeting

        if self.entity_id is None:
            row = create_meeting(session, data=data)
        else:
            row = update_meeting(
                session, meeting_id=self.entity_id, data=data, expected=self.expected
            )
        return SavedEntry(row.id, row.label, created=self.entity_id is None)


class AttendeeForm(EntityForm[SavedEntry]):
    """Someone at (or expected at) the session; presence may stay not recorded."""

    BINDINGS = form_keys("attendee", ids="attendee_form")
    NOUN = "attendee"
    BOX = BOX
    HELP = HELP
    FIELDS = (
        TextField("name", "Name", placeholder="e.g. Ana Ruiz", span=2),
        TextField("role", "Role", placeholder="e.g. Finance director"),
        TextField("organisation", "Organisation", placeholder="e.g. Acme"),
        ChoiceField("present", "Attendance", options=PRESENCE, prompt="Not recorded", default=None),
    )

    def __init__(
        self, workshop: WorkshopFile, *, meeting_id: int, attendee: AttendeeRow | None = None
    ) -> None:
        self.meeting_id = meeting_id
        self.row = attendee
        super().__init__(workshop, entity_id=attendee.id if attendee is not None else None)

    def load(self, session: Session) -> None:
        if self.row is not None:
            self.values = self.values_of(self.row)

    def saves_on_enter(self, widget: Any) -> bool:
        return widget.id == "organisation"  # the last text field; attendance is a choice

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedEntry:
        from storage.queries.meetings import create_attendee, update_attendee

        if self.entity_id is None:
            row = create_attendee(session, meeting_id=self.meeting_id, data=data)
        else:
            row = update_attendee(
                session, attendee_id=self.entity_id, data=data, expected=self.expected
            )
        return SavedEntry(row.id, row.name, created=self.entity_id is None)


class AgendaForm(EntityForm[SavedEntry]):
    """An agenda item and its time box in minutes (empty: not boxed)."""

    BINDINGS = form_keys("agenda item", ids="agenda_form")
    NOUN = "agenda item"
    BOX = BOX
    HELP = HELP
    FIELDS = (
        TextField("title", "Item", placeholder="e.g. Systems inventory"),
        TextField("minutes", "Time box (minutes)", placeholder="e.g. 30", type="integer"),
    )

    def __init__(
        self, workshop: WorkshopFile, *, meeting_id: int, item: AgendaRow | None = None
    ) -> None:
        self.meeting_id = meeting_id
        self.row = item
        super().__init__(workshop, entity_id=item.id if item is not None else None)

    def load(self, session: Session) -> None:
        if self.row is not None:
            minutes = self.row.minutes
            self.values = {"title": self.row.title, "minutes": "" if minutes is None else minutes}

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedEntry:
        from storage.queries.meetings import create_agenda_item, update_agenda_item

        if self.entity_id is None:
            row = create_agenda_item(session, meeting_id=self.meeting_id, data=data)
        else:
            row = update_agenda_item(
                session, item_id=self.entity_id, data=data, expected=self.expected
            )
        return SavedEntry(row.id, row.title, created=self.entity_id is None)


KIND_NOUNS = {"decision": "decision", "action": "action", "parked": "parking-lot question"}
WHO_LABELS = {"decision": "Decided by", "action": "Owner", "parked": ""}


def minute_fields(kind: str) -> tuple[Field, ...]:
    fields: list[Field] = [
        TextField("text", KIND_NOUNS[kind].capitalize(), placeholder="As it was said", span=2)
    ]
    if WHO_LABELS[kind]:
        fields.append(TextField("who", WHO_LABELS[kind], placeholder="A name (optional)"))
    if kind == "action":
        fields.append(TextField("due", "Due", placeholder="YYYY-MM-DD (optional)"))
    return tuple(fields)


def _minute_data(kind: str, data: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The minute's fields as storage takes them, and who (None: nobody named)."""
    values: dict[str, Any] = {"kind": kind, "text": data["text"]}
    if kind == "action":
        values["due"] = data.get("due") or None
    who = str(data.get("who") or "").strip() or None
    return values, who


class MinuteForm(EntityForm[SavedEntry]):
    """A decision, action or parking-lot question, typed in full; what it concerns is kept."""

    BINDINGS = form_keys("entry", ids="minute_form")
    BOX = BOX
    HELP = HELP

    def __init__(
        self,
        workshop: WorkshopFile,
        *,
        kind: str,
        meeting_id: int,
        minute: MinuteRow | None = None,
    ) -> None:
        self.kind = kind
        self.meeting_id = meeting_id
        self.row = minute
        super().__init__(workshop, entity_id=minute.id if minute is not None else None)
        self.fields = minute_fields(kind)
        self.values = {
            **{field.name: "" for field in self.fields},
            **self._row_values(),
        }

    def _row_values(self) -> dict[str, Any]:
        row = self.row
        if row is None:
            return {}
        return {"text": row.text, "who": row.who or "", "due": row.due or ""}

    def box_title(self) -> str:
        return f"{'Add' if self.entity_id is None else 'Edit'} {KIND_NOUNS[self.kind]}"

    def shape(self, data: dict[str, Any]) -> dict[str, Any]:
        values, who = _minute_data(self.kind, data)
        return {**values, "who": who}

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedEntry:
        from storage.queries.meetings import create_minute, update_minute

        who = data.pop("who")
        values = data
        if self.entity_id is None:
            row = create_minute(session, meeting_id=self.meeting_id, data=values, who=who)
        else:
            row = update_minute(
                session, minute_id=self.entity_id, data=values, who=who, expected=self.expected
            )
        return SavedEntry(row.id, row.text, created=self.entity_id is None)


class AnswerForm(EntityForm[SavedEntry]):
    """Answer a parking-lot question with the decision or action it became (the question is
    marked answered, and the answer concerns what the question did), in one step."""

    BINDINGS = form_keys("answer", ids="answer_form")
    BOX = BOX
    HELP = HELP
    ANSWERS: ClassVar[list[tuple[str, str]]] = [("Decision", "decision"), ("Action", "action")]
    # The answer first, across the box (typed first), then the rest as they are on screen.
    FIELDS = (
        TextField("text", "What was decided or is to be done", span=2),
        ChoiceField("kind", "Answered by", options=ANSWERS, default="decision"),
        TextField("who", "Decided by / owner", placeholder="A name (optional)"),
        TextField("due", "Due (actions)", placeholder="YYYY-MM-DD (optional)"),
    )

    def __init__(self, workshop: WorkshopFile, *, question: MinuteRow) -> None:
        self.question = question
        super().__init__(workshop)

    def box_title(self) -> str:
        return "Answer the question"

    def before_saving(self, data: dict[str, Any]) -> dict[str, str]:
        """A due date typed for a decision would be dropped (decisions have none): say so."""
        if data["kind"] != "action" and str(data.get("due") or "").strip():
            return {"due": "Due is kept for an action only: choose Action, or clear it."}
        return {}

    def save_data(self, session: Session, data: dict[str, Any]) -> SavedEntry:
        from storage.queries.meetings import answer_parked

        kind = str(data["kind"])
        values, who = _minute_data(kind, data)
        row = answer_parked(session, minute_id=self.question.id, data=values, who=who)
        return SavedEntry(row.id, row.text, created=True)
