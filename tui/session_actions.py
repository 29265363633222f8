"""The Session screen's agenda-timer and session keys (t, p, [ ], n, c, and editing the
session from the palette), apart from the screen so each module stays small. Timer
transitions are `models.agenda_timer`'s (through `tui.agenda_clock`); each edit is one storage
call in the screen's edit worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui import agenda_clock
from tui.agenda_clock import AgendaClock
from tui.messages import WorkshopEdited
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile
    from tui.dialogs.session_forms import SavedEntry
    from tui.widgets.session_panels import SessionPanel


class SessionActions:
    """Mixed into `SessionScreen`, which provides what is declared here."""

    if TYPE_CHECKING:
        app: WorkshopApp
        data: Any
        clock: AgendaClock
        panel: SessionPanel[Any] | None
        _select: dict[str, str]

        def _editable(self, doing: str) -> WorkshopFile | None: ...
        def _run_edit(self, edit: Callable[[Session], object], sentence: str) -> None: ...

    # The agenda timer ------------------------------------------------------------------------

    def _save_clocks(self, clocks: tuple[Any, ...], sentence: str) -> None:
        from storage.queries.meetings import save_agenda_clocks

        data = self.data
        if data is None or data.meeting is None or self._editable("time the agenda") is None:
            return
        meeting_id = data.meeting.id
        values = agenda_clock.stored(clocks)
        self._run_edit(
            lambda s: save_agenda_clocks(s, meeting_id=meeting_id, clocks=values), sentence
        )

    def action_start_next(self) -> None:
        at = agenda_clock.now()
        clocks = self.clock.start_next(at)
        started = AgendaClock(self.clock.meeting_id, self.clock.titles, clocks).current
        if started is None or clocks == self.clock.clocks:
            self.app.notify("Every agenda item is done.", markup=False)
            return
        self._save_clocks(clocks, f"Started “{self.clock.titles[started]}”.")

    def action_pause(self) -> None:
        if self.clock.current is None:
            self.app.notify("No agenda item is running: t starts the next one.", markup=False)
            return
        running = self.clock.running()
        clocks = self.clock.pause_or_resume(agenda_clock.now())
        self._save_clocks(clocks, "Paused." if running else "Resumed.")

    def action_move(self, step: int) -> None:
        from storage.queries.meetings import move_agenda_item

        panel = self.panel
        row = panel.selected if panel is not None and panel.KIND == "agenda" else None
        if row is None or self._editable("move agenda items") is None:
            return
        self._select["agenda"] = str(row.id)
        self._run_edit(lambda s: move_agenda_item(s, item_id=row.id, offset=step), "Moved.")

    # Sessions --------------------------------------------------------------------------------

    def action_new_session(self) -> None:
        from tui.dialogs.session_forms import MeetingForm

        workshop = self._editable("add sessions")
        if workshop is not None:
            form = MeetingForm(workshop, today=agenda_clock.today().isoformat())
            self.app.push_screen(form, self._session_saved)

    def action_edit_session(self) -> None:
        from tui.dialogs.session_forms import MeetingForm

        data = self.data
        workshop = self._editable("edit sessions")
        if workshop is None or data is None or data.meeting is None:
            return
        form = MeetingForm(workshop, today=agenda_clock.today().isoformat(), meeting=data.meeting)
        self.app.push_screen(form, self._session_saved)

    def _session_saved(self, saved: SavedEntry | None) -> None:
        if saved is not None:
            verb = "Added session" if saved.created else "Saved session"
            self.app.notify(f"{verb} {saved.name}.", markup=False)
            self.app.post_message(WorkshopEdited("session"))

    def action_change_session(self) -> None:
        from storage.queries.meetings import set_current_meeting
        from tui.dialogs.pick_name import PickNameDialog

        data = self.data
        if data is None or self._editable("change sessions") is None:
            return
        labels = {meeting.label: meeting.id for meeting in data.meetings}
        current = data.meeting.label if data.meeting is not None else None

        def picked(label: str | None) -> None:
            if label is not None and label != current:
                meeting_id = labels[label]
                self._run_edit(
                    lambda s: set_current_meeting(s, meeting_id=meeting_id), f"Session {label}."
                )

        dialog = PickNameDialog("Change session", list(labels), current=current)
        self.app.push_screen(dialog, picked)
