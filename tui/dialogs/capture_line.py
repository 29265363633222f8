"""The capture line: one line, docked at the bottom over any screen, that records a decision,
an action or a parking-lot question in the current session as the room says it.

It is a widget laid over the screen it is opened on (a layer of its own), not a screen pushed
on top: a pushed screen repaints everything behind it, which on 5,000 flows held the line back
by a tenth of a second each time it opened and closed. While it has focus it keeps the keys
to itself (escape closes it, tab stays in it), as a dialog would; ctrl+n again brings the focus
back and takes the row now highlighted.

`d: Xero owns invoices @Ana`, `a: Send the limits @Sam fri`, `? Keep Looker?` + enter. The line
is read by `models.minutes_capture.parse_minute` (pure); a line that is not a minute says why in
one sentence beside it and keeps what was typed. The minute concerns the row under the cursor
of the screen the line was opened from (`tui.concerns`), shown before saving. It is saved in a
thread worker; with no session yet, today's session (untitled) is created first, and the
notification says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from models.minutes_capture import EXAMPLE, GRAMMAR_HELP, Minute, ParseError, parse_minute
from tui.agenda_clock import today
from tui.concerns import Concern, about
from tui.messages import WorkshopEdited
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from storage.queries.meetings import MinuteRow
    from storage.workshop_file import WorkshopFile

HINT = (
    "d: decision · a: action (@owner, due fri) · ? parking-lot question · enter save · esc cancel"
)
KIND_WORDS = {"decision": "decision", "action": "action", "parked": "parking-lot question"}


@dataclass(frozen=True)
class Recorded:
    """What the worker saved: the minute, and whether today's session was created for it."""

    minute: MinuteRow
    new_session: str | None  # the new session's label, when one was created

    def sentence(self) -> str:
        minute = self.minute
        said = [f"Recorded {KIND_WORDS[minute.kind.value]} “{minute.text}”"]
        if minute.who:
            said.append(f"{'by' if minute.kind.value == 'decision' else 'owner'} {minute.who}")
        if minute.due:
            said.append(f"due {minute.due}")
        sentence = ", ".join(said)
        if minute.concerns:
            concern = minute.concerns[0]
            sentence += f", about {concern.kind.replace('_', ' ')} {concern.label}"
        sentence += "."
        if self.new_session:
            sentence += f" There was no session yet, so today's ({self.new_session}) was created."
        return sentence


@dataclass(frozen=True)
class Refused:
    sentence: str


def record(
    workshop: WorkshopFile, minute: Minute, concern: Concern | None, day: str
) -> Recorded | Refused:
    """Save `minute` in the current session (today's, created if there is none)."""
    from storage.errors import InvalidInput, StorageError
    from storage.queries.meetings import create_meeting, create_minute, current_meeting

    data = {
        "kind": minute.kind.value,
        "text": minute.text,
        "due": minute.due.isoformat() if minute.due else None,
    }
    try:
        with workshop.session() as session:
            meeting = current_meeting(session)
            new_session = None
            if meeting is None:
                meeting = create_meeting(session, data={"date": day, "title": ""})
                new_session = meeting.label
            saved = create_minute(
                session,
                meeting_id=meeting.id,
                data=data,
                who=minute.who,
                concerns=[(concern[0], concern[1])] if concern is not None else [],
            )
    except InvalidInput as exc:
        return Refused(" ".join(exc.fields.values()) + " Nothing was recorded.")
    except StorageError as exc:
        return Refused(f"{exc} Nothing was recorded.")
    return Recorded(saved, new_session)


class CaptureLine(Vertical):
    """Open with `CaptureLine.open_on(screen, …)`; removes itself once a minute is recorded
    or on escape, and gives the focus back to what had it."""

    DEFAULT_CSS = """
    CaptureLine {
        layer: capture;
        dock: bottom;
        height: auto;
        padding: 0 1;
        border-top: thick $accent;
        background: $surface;
        & #capture-line-hint { color: $text-muted; }
        & #capture-line-input { margin: 0; }
        & #capture-line-feedback {
            height: auto;
            color: $text-error;
            text-style: bold;
            &.-recorded { color: $text-success; }
        }
    }
    """

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Capture a minute"
    HELP = (
        "Type one decision, action or parking-lot question as it is said and press enter: it is "
        "recorded in the current session, about what was highlighted on the screen you came "
        "from (shown after “about:”). A line that is not a minute says why and keeps what you "
        "typed. Escape closes without recording anything."
    )
    HELP_EXTRA: ClassVar[str] = GRAMMAR_HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close; nothing is recorded", id="line.cancel"
        ),
    ]

    def __init__(self, workshop: WorkshopFile, concern: Concern | None) -> None:
        super().__init__(id="capture-line")
        self.workshop = workshop
        self.concern = concern
        self._came_from: Widget | None = None  # focused before the line opened
        # One save at a time: an enter pressed while saving is ignored. The input is not
        # disabled for it, which would move the focus to the table behind and back.
        self._saving = False

    @classmethod
    def open_on(cls, screen: Widget, workshop: WorkshopFile, concern: Concern | None) -> None:
        """Open the line over `screen`, about `concern`; if it is open there already, it takes
        the focus back and the new concern (what is highlighted now), keeping what was typed."""
        found = screen.query_children(cls)
        if found:
            line = found.first()
            line.retarget(concern)
            line.input.focus()
            return
        line = cls(workshop, concern)
        line._came_from = screen.app.focused
        screen.mount(line)

    def compose(self) -> ComposeResult:
        yield Static(HINT, id="capture-line-hint", markup=False)
        yield Static(about(self.concern), id="capture-line-about")
        yield Input(placeholder=f"e.g. {EXAMPLE}", id="capture-line-input", select_on_focus=False)
        yield Static("", id="capture-line-feedback")

    def on_mount(self) -> None:
        self.query_one("#capture-line-feedback").display = False
        self.input.focus()

    @property
    def input(self) -> Input:
        return self.query_one("#capture-line-input", Input)

    def retarget(self, concern: Concern | None) -> None:
        self.concern = concern
        self.query_one("#capture-line-about", Static).update(about(concern))

    def say(self, sentence: str, *, recorded: bool = False) -> None:
        """One sentence beside the line (literal: it may quote what was typed): why the line
        is not a minute, or what was recorded; "" clears."""
        feedback = self.query_one("#capture-line-feedback", Static)
        feedback.update(Content(sentence))
        feedback.set_class(recorded, "-recorded")
        feedback.display = bool(sentence)

    def on_key(self, event: events.Key) -> None:
        """Tab stays in the line, as in a dialog (the input has keys of its own for the rest)."""
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()

    @on(Input.Changed, "#capture-line-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()  # the screen behind may filter on its own input's changes
        self.say("")

    @on(Input.Submitted, "#capture-line-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._saving:
            return
        text = event.value
        if not text.strip():
            self.say(f"Type a minute first, e.g. {EXAMPLE}")
            return
        day = today()
        try:
            minute = parse_minute(text, day)
        except ParseError as exc:
            self.say(str(exc))
            return
        self._saving = True
        self._save(minute, day.isoformat())

    @work(thread=True, exclusive=True, group="capture-line", exit_on_error=False)
    def _save(self, minute: Minute, day: str) -> Recorded | Refused:
        return record(self.workshop, minute, self.concern, day)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "capture-line":
            return
        event.stop()  # handled here, not again by the screen or the app
        if event.state not in (WorkerState.ERROR, WorkerState.CANCELLED, WorkerState.SUCCESS):
            return
        result = event.worker.result if event.state == WorkerState.SUCCESS else None
        if isinstance(result, Recorded):
            # Said at once in the line, where the room is looking, and in a toast that stays
            # once the line has gone. The line closes after that frame: closing gives the
            # focus back, which repaints the table behind (on 5,000 flows a frame's work of
            # its own), and the screens are told after the next one, for the same reason.
            sentence = result.sentence()
            self.say(sentence, recorded=True)
            self.app.notify(sentence, title="Captured", markup=False)
            self.call_after_refresh(self._close_and_tell)  # still "saving": no second enter
            return
        self._saving = False
        if event.state == WorkerState.ERROR:
            self.app.handle_worker_error(event.worker)
        elif isinstance(result, Refused):
            self.say(result.sentence)

    def _close_and_tell(self) -> None:
        app = self.app
        self.close()
        app.call_after_refresh(app.post_message, WorkshopEdited("session"))

    def action_cancel(self) -> None:
        if not self._saving:  # a save under way ends in a moment, and says how it went
            self.close()

    def close(self) -> None:
        """Remove the line; the focus goes back to where it was when the line opened."""
        came_from = self._came_from
        if came_from is not None and came_from.is_attached and came_from.focusable:
            came_from.focus()
        self.remove()
