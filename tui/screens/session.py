"""The Session screen (key 6): the session in the room, in panels: the agenda with its timer,
who is there, decisions, actions and the parking lot.

Tab moves between the panels; a / e / d add, edit and delete in the focused one (delete asks
first), / filters it. Space or x marks an action done, a question answered, or someone present
(then apologies, then not recorded). Enter on an entry that concerns something (a flow, a
system …) jumps to it. t starts the next agenda item, p pauses or resumes: the transitions are
`models.agenda_timer`'s, stored at once, and the header on every screen follows them.

Everything is loaded in one thread worker; every edit is a form (`tui.dialogs.session_forms`)
or one storage call in a worker, then `WorkshopEdited("session")` reloads. No SQL, no rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import Worker, WorkerState

from models.minutes_capture import GRAMMAR_HELP
from tui import agenda_clock
from tui.agenda_clock import AgendaClock
from tui.messages import WorkshopChanged, WorkshopEdited, WorkshopLoaded
from tui.screens.panel_screen import PanelScreen
from tui.session_actions import SessionActions
from tui.widgets.key_bar import KeyBar
from tui.widgets.session_panels import (
    ActionsPanel,
    AgendaPanel,
    AttendeesPanel,
    Context,
    DecisionsPanel,
    MinutesPanel,
    ParkedPanel,
    SessionPanel,
)
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.queries.meetings import AgendaRow, AttendeeRow, MeetingRow, MinuteRow
    from storage.workshop_file import WorkshopFile
    from tui.dialogs.session_forms import SavedEntry


@dataclass(frozen=True)
class SessionData:
    """One load: every session, the current one, and what it holds."""

    meetings: tuple[MeetingRow, ...]
    meeting: MeetingRow | None
    attendees: tuple[AttendeeRow, ...] = ()
    agenda: tuple[AgendaRow, ...] = ()
    minutes: tuple[MinuteRow, ...] = ()


@dataclass(frozen=True)
class Done:
    """An edit a worker made: what to say, or a refusal (`error`)."""

    sentence: str
    error: bool = False


def _presence_after(present: bool | None) -> bool | None:
    """Space cycles: not recorded -> present -> apologies -> not recorded."""
    return True if present is None else (False if present else None)


NO_SESSION = (
    "No session yet. Press n (or a) to add one: its date and a title. Capturing a minute with "
    "ctrl+n from any screen also starts today's session."
)


class SessionScreen(SessionActions, PanelScreen):
    """The current session (key 6)."""

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Session"
    HELP = (
        "The session in the room: its agenda with the timer, who is there, what was decided, "
        "who does what by when, and the questions parked for later. Tab moves between the "
        "panels; a, e and d add, edit and delete in the focused panel (delete asks first); / "
        "filters it and escape clears the filter. Space or x ticks an action done or a question "
        "answered, or marks someone present (again: apologies; again: not recorded). r answers "
        "the highlighted question with a decision or an action. Enter on an entry about a flow, "
        "system, data object, candidate or KPI shows it. t starts the next agenda item (ending "
        "the one running), p pauses and resumes; the header on every screen shows the time "
        "left, and an over-run in red. [ and ] move an agenda item. n adds a session, c changes "
        "to another. Actions still open from earlier sessions are carried here, marked with "
        "their session's date; overdue ones are marked against today. ctrl+n, on any screen, "
        "captures a minute in one line:"
    )
    HELP_EXTRA: ClassVar[str] = GRAMMAR_HELP

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", tooltip="Add to the focused panel", id="session.add"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted entry", id="session.edit"),
        Binding(
            "enter",
            "open",
            "Show",
            tooltip="Show what the highlighted entry is about (edit it when it is about nothing)",
            id="session.open",
            show=False,
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the highlighted entry (asks first)",
            id="session.delete",
        ),  # fmt: skip
        Binding(
            "space,x",
            "mark",
            "Done",
            tooltip="Action done / question answered / attendance, and back",
            id="session.mark",
        ),
        Binding(
            "slash", "filter", "Filter", tooltip="Filter the focused panel", id="session.filter"
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            tooltip="Clear the filter",
            id="session.clear_filter",
            show=False,
        ),  # fmt: skip
        Binding(
            "t", "start_next", "Next item", tooltip="Start the next agenda item", id="session.next"
        ),
        Binding(
            "p", "pause", "Pause", tooltip="Pause or resume the agenda item", id="session.pause"
        ),
        Binding(
            "r",
            "answer",
            "Answer",
            tooltip="Answer the highlighted question with a decision or an action",
            id="session.answer",
            show=False,
        ),  # fmt: skip
        Binding(
            "left_square_bracket",
            "move(-1)",
            "Up",
            tooltip="Move the agenda item up",
            id="session.up",
            show=False,
        ),  # fmt: skip
        Binding(
            "right_square_bracket",
            "move(1)",
            "Down",
            tooltip="Move the agenda item down",
            id="session.down",
            show=False,
        ),  # fmt: skip
        Binding("n", "new_session", "New session", tooltip="Add a session", id="session.new"),
        Binding(
            "c",
            "change_session",
            "Sessions",
            tooltip="Change to another session",
            id="session.change",
        ),  # fmt: skip
    ]

    AUTO_FOCUS = "#session-agenda-table"

    def __init__(self) -> None:
        super().__init__(id="session-screen")
        self.data: SessionData | None = None
        self.clock = AgendaClock()
        self.panel: SessionPanel[Any] | None = None  # the one last focused
        self._select: dict[str, str] = {}  # panel kind -> row key to select after a reload
        self._loading: Worker[SessionData] | None = None  # only its data is shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="session-title")
        with Horizontal(id="session-panels"):
            with Vertical(id="session-left"):
                yield AgendaPanel()
                yield AttendeesPanel()
            with Vertical(id="session-right"):
                yield DecisionsPanel()
                yield ActionsPanel()
                yield ParkedPanel()
        yield Static(NO_SESSION, id="session-none", markup=False)
        yield Static("", id="session-status", classes="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#session-panels").display = False
        self.query_one("#session-none").display = False
        for panel in self.panels:
            panel.query_one(".session-panel--empty").can_focus = True
        self.panel = self.query_one(AgendaPanel)
        self.set_interval(1, self._tick, name="session agenda")
        self.show_title()
        self.reload()

    @property
    def panels(self) -> list[SessionPanel[Any]]:
        return list(self.query(SessionPanel))

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        self.reload()  # minutes name systems, flows …: any edit may change a label

    def reload(self) -> None:
        if self.app.workshop is not None:
            self._loading = self._load(self.app.workshop)

    @work(thread=True, exclusive=True, group="session-load", exit_on_error=False)
    def _load(self, workshop: WorkshopFile) -> SessionData:
        from storage.queries.meetings import (
            current_meeting,
            list_agenda,
            list_attendees,
            list_meetings,
            list_minutes,
        )

        with workshop.session() as session:
            meetings = tuple(list_meetings(session))
            meeting = current_meeting(session)
            if meeting is None:
                return SessionData(meetings, None)
            return SessionData(
                meetings,
                meeting,
                tuple(list_attendees(session, meeting_id=meeting.id)),
                tuple(list_agenda(session, meeting_id=meeting.id)),
                tuple(list_minutes(session, meeting_id=meeting.id)),
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state == WorkerState.ERROR:
            self.app.handle_worker_error(worker)
            return
        if event.state != WorkerState.SUCCESS:
            return
        result = worker.result
        if isinstance(result, SessionData):
            if worker is self._loading:  # an older load's news may be queued (worker_result)
                self.show_data(result)
        elif isinstance(result, Done):
            self.notify(result.sentence, severity="error" if result.error else "information",
                        markup=False)  # fmt: skip
            if not result.error:
                self.app.post_message(WorkshopEdited("session"))

    def show_data(self, data: SessionData) -> None:
        self.data = data
        meeting = data.meeting
        self.query_one("#session-panels").display = meeting is not None
        self.query_one("#session-none").display = meeting is None
        self.show_title()
        if meeting is None:
            return
        self.clock = AgendaClock.of(meeting.id, data.agenda)
        context = Context(agenda_clock.today(), self.clock, agenda_clock.now())
        rows: dict[str, tuple[Any, ...]] = {
            "agenda": data.agenda,
            "attendee": data.attendees,
            **{
                kind: tuple(m for m in data.minutes if m.kind.value == kind)
                for kind in ("decision", "action", "parked")
            },
        }
        for panel in self.panels:
            panel.show(rows[panel.KIND], context, self._select.pop(panel.KIND, None))
        if self.focused is None and self.panel is not None:
            self.panel.focus_rows()
        self.refresh_bindings()

    def show_title(self) -> None:
        data = self.data
        title = self.query_one("#session-title", Static)
        if self.app.workshop is None or data is None:
            title.update("Opening the workshop…")
            return
        if data.meeting is None:
            title.update("")
            return
        count = len(data.meetings)
        others = "c changes session · n adds one" if count > 1 else "n adds another session"
        title.update(
            Content.assemble(
                ("Session ", "$text-muted"),
                (data.meeting.date, "bold"),
                "  ",
                (data.meeting.title or "untitled", "bold" if data.meeting.title else "italic"),
                (f"   ({count} session{'s' if count != 1 else ''} · {others})", "$text-muted"),
            )
        )
        reason = self.app.read_only_reason
        status = self.query_one("#session-status", Static)
        status.update(
            Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason)
            if reason
            else ""
        )

    def _tick(self) -> None:
        """While an item runs, its spent time and time left move on each second (no query)."""
        if self.data is None or self.data.meeting is None or not self.clock.running():
            return
        panel = self.query_one(AgendaPanel)
        panel.context = replace(panel.context, now=agenda_clock.now())
        panel.refill()

    # The focused panel -----------------------------------------------------------------------

    def on_descendant_focus(self, event: Any) -> None:
        node: Widget | None = event.widget
        while node is not None and not isinstance(node, SessionPanel):
            node = node.parent if isinstance(node.parent, Widget) else None
        if node is not None and node is not self.panel:
            self.panel = node
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        has_meeting = self.data is not None and self.data.meeting is not None
        panel = self.panel
        if action in ("edit", "delete", "open", "mark", "filter", "answer", "move"):
            if not has_meeting or panel is None:
                return None
            if action == "mark" and panel.KIND in ("agenda", "decision"):
                return None
            if action == "answer" and panel.KIND != "parked":
                return None
            if action == "move" and panel.KIND != "agenda":
                return None
            return True if action == "filter" or panel.selected is not None else None
        if action in ("start_next", "pause"):
            return True if has_meeting and self.clock.clocks else None
        if action == "change_session":
            return True if self.data is not None and len(self.data.meetings) > 1 else None
        if action == "clear_filter":
            return bool(panel is not None and (panel.text or panel.filter_input.display))
        return True

    # Adding, editing, deleting ---------------------------------------------------------------

    def _editable(self, doing: str) -> WorkshopFile | None:
        return self.app.editable_workshop(doing)

    def _form(self, workshop: WorkshopFile, row: Any) -> Screen[Any] | None:
        from tui.dialogs import session_forms as forms

        panel, data = self.panel, self.data
        if panel is None or data is None or data.meeting is None:
            return None
        meeting_id = data.meeting.id
        if panel.KIND == "attendee":
            return forms.AttendeeForm(workshop, meeting_id=meeting_id, attendee=row)
        if panel.KIND == "agenda":
            return forms.AgendaForm(workshop, meeting_id=meeting_id, item=row)
        return forms.MinuteForm(workshop, kind=panel.KIND, meeting_id=meeting_id, minute=row)

    def action_add(self) -> None:
        if self.data is not None and self.data.meeting is None:
            self.action_new_session()
            return
        workshop = self._editable("add to the session")
        form = self._form(workshop, None) if workshop is not None else None
        if form is not None:
            self.app.push_screen(form, self._saved)

    def action_edit(self) -> None:
        panel = self.panel
        row = panel.selected if panel is not None else None
        workshop = self._editable("edit the session") if row is not None else None
        form = self._form(workshop, row) if workshop is not None else None
        if form is not None:
            self.app.push_screen(form, self._saved)

    def _saved(self, saved: SavedEntry | None) -> None:
        if saved is None:
            return
        if self.panel is not None:
            self._select[self.panel.KIND] = str(saved.id)
        self.notify(f"{'Added' if saved.created else 'Saved'} “{saved.name}”.", markup=False)
        self.app.post_message(WorkshopEdited("session"))

    def action_delete(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        panel = self.panel
        row = panel.selected if panel is not None else None
        if panel is None or row is None or self._editable("delete from the session") is None:
            return
        name = str(getattr(row, "name", None) or getattr(row, "title", None) or row.text)
        noun = {"agenda": "agenda item", "attendee": "attendee"}.get(panel.KIND, panel.NOUN[0])
        detail = ""
        if getattr(row, "carried", False):
            detail = f"It was recorded in the session of {row.meeting_date}; it goes from there."
        dialog = ConfirmDialog(
            f"Delete {noun}",
            Content.from_markup(f"Delete the {noun} [b]$name[/b]?", name=name),
            detail=detail,
        )
        kind, row_id = panel.KIND, row.id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run_edit(lambda s: self._delete_now(s, kind, row_id), f"Deleted “{name}”.")

        self.app.push_screen(dialog, confirmed)

    @staticmethod
    def _delete_now(session: Session, kind: str, row_id: int) -> None:
        from storage.queries import meetings

        if kind == "attendee":
            meetings.delete_attendee(session, attendee_id=row_id)
        elif kind == "agenda":
            meetings.delete_agenda_item(session, item_id=row_id)
        else:
            meetings.delete_minute(session, minute_id=row_id)

    def _run_edit(self, edit: Callable[[Session], object], sentence: str) -> None:
        workshop = self.app.workshop
        if workshop is not None:
            self._edit_worker(workshop, edit, sentence)

    @work(thread=True, group="session-edit", exit_on_error=False)
    def _edit_worker(
        self, workshop: WorkshopFile, edit: Callable[[Session], object], sentence: str
    ) -> Done:
        from storage.errors import StorageError

        try:
            with workshop.session() as session:
                edit(session)
        except StorageError as exc:
            return Done(str(exc), error=True)
        return Done(sentence)

    # Marking, answering, jumping -------------------------------------------------------------

    def action_mark(self) -> None:
        from storage.queries import meetings

        panel = self.panel
        row = panel.selected if panel is not None else None
        if panel is None or row is None or self._editable("mark entries") is None:
            return
        self._select[panel.KIND] = str(row.id)
        # Committed here, in the key's handler, and the row redrawn from what was committed:
        # a second space or x then starts from the new state (in a worker, x x under load
        # both read the old one and marked the attendee present twice).
        if panel.KIND == "attendee":
            present = _presence_after(row.present)
            said = {True: "present", False: "sent apologies", None: "not recorded"}[present]
            self._mark_now(
                panel,
                replace(row, present=present),
                lambda s: meetings.update_attendee(
                    s, attendee_id=row.id, data={"present": present}
                ),
                f"{row.name}: {said}.",
            )
            return
        closed = not row.closed
        word = ("done" if closed else "open again") if panel.KIND == "action" else (
            "answered" if closed else "open again")  # fmt: skip
        self._mark_now(
            panel,
            replace(row, closed=closed),
            lambda s: meetings.set_minute_closed(s, minute_id=row.id, closed=closed),
            f"“{row.text}”: {word}.",
        )

    def _mark_now(
        self,
        panel: SessionPanel[Any],
        marked: Any,
        edit: Callable[[Session], object],
        sentence: str,
    ) -> None:
        """Commit `edit` now, show `marked` in place of its row, then reload the rest (a load
        begun before the edit is dropped: `_loading` is the new one)."""
        from storage.errors import StorageError

        workshop = self.app.workshop
        if workshop is None:
            return
        try:
            with workshop.session() as session:
                edit(session)
        except StorageError as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.reload()
            return
        panel.all_rows = [marked if r.id == marked.id else r for r in panel.all_rows]
        panel.refill(str(marked.id))
        self.reload()
        self.notify(sentence, markup=False)
        self.app.post_message(WorkshopEdited("session"))

    def action_answer(self) -> None:
        from tui.dialogs.session_forms import AnswerForm

        panel = self.panel
        row = panel.selected if isinstance(panel, ParkedPanel) else None
        workshop = self._editable("answer questions") if row is not None else None
        if row is None or workshop is None:
            return
        if row.closed:
            self.notify("That question is answered already.", markup=False)
            return

        def answered(saved: SavedEntry | None) -> None:
            if saved is not None:
                self.notify(f"Answered “{row.text}”: “{saved.name}”.", markup=False)
                self.app.post_message(WorkshopEdited("session"))

        self.app.push_screen(AnswerForm(workshop, question=row), answered)

    async def action_open(self) -> None:
        """Enter: show the entity the entry is about (as a finding does); edit it otherwise."""
        panel = self.panel
        row: MinuteRow | None = panel.selected if isinstance(panel, MinutesPanel) else None
        if row is None or not row.concerns:
            self.action_edit()
            return
        concern = row.concerns[0]
        await self.app.jump_to(concern.kind, concern.label)

    @on(DataTable.RowSelected)
    async def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        await self.action_open()

    # Filtering -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        if self.panel is not None:
            self.panel.filter_input.display = True
            self.panel.filter_input.focus()

    def action_clear_filter(self) -> None:
        panel = self.panel
        if panel is None:
            return
        with self.prevent(Input.Changed):
            panel.filter_input.value = ""
        panel.filter_input.display = False
        panel.text = ""
        panel.refill()
        panel.focus_rows()

    @on(Input.Changed)
    def _filter_typed(self, event: Input.Changed) -> None:
        panel = next((p for p in self.panels if p.filter_input is event.input), None)
        if panel is not None:
            panel.text = event.value
            panel.refill()

    @on(Input.Submitted)
    def _filter_done(self, event: Input.Submitted) -> None:
        panel = next((p for p in self.panels if p.filter_input is event.input), None)
        if panel is not None:
            if not panel.text:
                panel.filter_input.display = False
            panel.focus_rows()
