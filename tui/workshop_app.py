"""What every screen and dialog may ask of the app: the open workshop and where it lives.

`SeamworkApp` (tui/app.py) adds the modes, keys and dialogs on top. Screens and dialogs type
their `app` with `textual.getters.app(WorkshopApp)`; this module imports no screen, so they can
import it without an import cycle.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakSet

from textual import events, on, work
from textual.app import App
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.collector import QUIET, Collector
from tui.key_gate import KeyGate
from tui.messages import (
    ChangedElsewhere,
    HearingLost,
    WorkshopChanged,
    WorkshopEdited,
    WorkshopLoaded,
)
from tui.read_ahead import ReadAhead
from tui.stylesheet import KeptStylesheet, first_resume

if TYPE_CHECKING:
    from textual.driver import Driver

    from storage.live import Change, ChangeListener
    from storage.location import ServerLocation
    from storage.probe import FileInfo
    from storage.queries.undo import RowsChanged
    from storage.workshop_file import WorkshopFile


# Which mode lists each kind of entity a finding names (`WorkshopApp.jump_to`).
ENTITY_MODES: dict[str, str] = {
    "system": "systems",
    "flow": "flows",
    "data_object": "flows",
    "candidate": "priorities",
    "kpi": "priorities",
    # Hook for the Session screen (mode "session", being built): ACTION-OVERDUE and
    # PARKED-OPEN name what a minute concerns, so today they jump to those entities. To jump
    # to the minute itself, add "minute": "session" here, give the screen
    # `show_entity("minute", text)`, and have `storage.queries.readiness` add a
    # Subject("minute", text) to those two codes' subjects.
}


BUILD_WAIT = 1.0  # seconds keys may wait for a dialog just opened to focus a field

# Keys that act at once while the file opens (`on_event`): quitting, help, moving about the
# rows already peeked. Any other key waits until the file is open, then acts.
KEYS_WHILE_OPENING = frozenset(
    {"ctrl+q", "ctrl+c", "question_mark", "f1", "escape", "tab", "shift+tab"}
    | {"up", "down", "left", "right", "pageup", "pagedown", "home", "end"}
)

# Closing the terminal (or losing the ssh connection) sends SIGHUP; a shutdown or `kill`, SIGTERM.
# Either quits as ctrl+q does, with the terminal put back; the exit code is the shell's 128 + N.
QUIT_SIGNALS = tuple(
    number for number in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if number is not None
)

FIRST_PAINT_WAIT = 1.0  # seconds `after_paint`'s work waits at most for the first frame

FOLLOW_EVERY = 1.0  # seconds between looks at a file another window is editing

# Why a workshop asked to open read-only is (`WorkshopApp(read_only=True)`): in a browser it
# is `seamwork serve` without --edit, in a terminal `seamwork --read-only`.
READ_ONLY_SERVED = "it is served to browsers without --edit"
READ_ONLY_ASKED = "it was opened with --read-only"


@dataclass(frozen=True)
class Followed:
    """A look at a file another window is editing: the file opened for editing once that
    window has gone (else None), and the file's stamp (`WorkshopFile.stamp`)."""

    taken: WorkshopFile | None
    stamp: tuple[int, ...]


# The entity screens know a table's changes by, where the two differ: a session's record is
# "session"; a scenario check is "check" ("check" is an SQL keyword, so not the table's name).
TABLE_ENTITIES: dict[str, str] = {
    "scenario_check": "check",
    **{
        table: "session"
        for table in ("meeting", "attendee", "agenda_item", "minute", "minute_concern")
    },
}


@dataclass(frozen=True)
class Reverted:
    """What an undo or redo worker did: the sentence to show, the tables it changed (empty
    when storage refused, the sentence then saying why) and the rows in each, and whether it
    was refused."""

    sentence: str
    entities: frozenset[str] = frozenset()
    rows: Mapping[str, RowsChanged] = field(default_factory=dict)
    refused: bool = False
    turn: int = 0  # the order the workers took the lock in: toasts are shown in this order


class WorkshopApp(App[None]):
    """A workshop open in the terminal: the file, its state, and news of edits to it."""

    # design.md's keymap, mode -> (key, title): set by `SeamworkApp`, read by the palette.
    SCREEN_KEYS: ClassVar[dict[str, tuple[str, str]]] = {}
    # Modules the screens will need, imported in a thread (tui.yielding_imports) so that a
    # screen's first visit does not wait ~30 ms for its import: AHEAD before the file's own
    # (screens often visited before it has opened), AFTER once it is open.
    AHEAD: ClassVar[tuple[str, ...]] = ()
    AFTER: ClassVar[tuple[str, ...]] = ()
    # Screens whose first page is read ahead (`tui.read_ahead`, `read_ahead_page`), by name.
    READ_AHEAD: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, path: Path | ServerLocation, info: FileInfo | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__()
        from storage.location import ServerLocation
        from storage.probe import FileInfo, probe

        # Parsed once per theme, not three times before the first frame (`tui.stylesheet`).
        self.stylesheet = KeptStylesheet(variables=self.stylesheet._variables)

        # On a server, `path` is the workshop's name in the working folder (where exports
        # go by default) and nothing is peeked at before it opens: there is no file to read.
        self.server = path if isinstance(path, ServerLocation) else None
        if isinstance(path, ServerLocation):
            self.path = Path(path.workshop)
            self.info = FileInfo(path=self.path, exists=True, workshop_name=path.workshop)
        else:
            self.path = path
            self.info = info if info is not None else probe(path)
        # Asked to open read-only: it then follows the edits other windows save, as a window
        # kept read-only by another one's editing does (`_follow`), but never takes over.
        self.asked_read_only = read_only
        self.workshop: WorkshopFile | None = None
        self.error_message: str | None = None
        # Work held in memory, not yet in the file, registers a flush here: ctrl+q, SIGHUP and
        # SIGTERM run them before quitting. (None today: every screen commits before it shows.)
        self.before_quit: list[Callable[[], None]] = []
        # Undo and redo workers take turns (the lock); each notes its turn, and their results
        # are shown in that order even when the second worker's result arrives first.
        self._undo_lock = threading.Lock()
        self._undo_turns = 0  # turns taken (under the lock)
        self._undo_shown = 0  # the next turn to show
        self._undo_results: dict[int, Reverted] = {}
        self._undo_failed: set[int] = set()
        self.collector = Collector()  # full garbage collections wait for a quiet moment
        self.keys = KeyGate(self, self._must_wait)  # keys in order, never refused as busy
        self._looked_at: tuple[Screen[object] | None, float] = (None, 0.0)  # `_new`'s
        # A file another window is editing: its stamp when last looked at, and the timer.
        self._stamp: tuple[int, ...] = ()
        self._follower: Timer | None = None
        # On a server: the thread hearing other windows' commits, and whether it has lost
        # its connection for a while (the header says so).
        self._listener: ChangeListener | None = None
        self._deaf = False
        self._kept_screens: dict[str, Screen[Any]] = {}  # `kept_screen`'s, by name
        self._findings_behind = True  # the file may not keep the findings of now: see below
        self.ahead = ReadAhead()  # first pages of screens not yet visited
        self._shown_screens: WeakSet[Screen[Any]] = WeakSet()  # `_load_screen_css`'s
        # Work that would hold the interpreter while the first frame is drawn (`after_paint`):
        # None once that frame is out.
        self._before_paint: list[Callable[[], object]] | None = []
        self.last_key = 0.0  # `time.monotonic` of the latest key (0: none yet)

    def _end_batch(self) -> None:
        """A batch's end looks at the screen now showing too, not only the app.

        A screen paints what it was asked to when it next goes idle, but not during a batch
        (a widget recomposing: the key bar of a screen just opened). Escape closing the
        interface matrix mid-batch left the screen below asking to be painted with nothing
        more to make it idle: the terminal kept showing the matrix until the next key (about
        one launch in ten of the benchmark at XL). Textual's own end of a batch prompts only
        the app."""
        super()._end_batch()
        if not self._batch_count and self._screen_stack:
            self.screen.check_idle()

    def after_paint(self, callback: Callable[..., object], *args: Any) -> None:
        """Call `callback(*args)` once the first frame is out (at once after that).

        `call_after_refresh` is not that for the first screen: before the screen is current
        and sized, Textual runs those callbacks as soon as it is idle, so a thread they start
        (a peek at the file, reading the kept findings) shared the interpreter with the first
        frame, and the key bar they mount was styled and laid out before it."""
        if self._before_paint is None:
            self.call_later(callback, *args)
        else:
            self._before_paint.append(partial(callback, *args))

    def _painted(self) -> None:
        """The first frame is out (or it never came, `FIRST_PAINT_WAIT`): run what waited."""
        waiting, self._before_paint = self._before_paint, None
        for callback in waiting or ():
            self.call_later(callback)

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        """Textual's: draw `renderable`; the first one drawn releases `after_paint`'s work.
        (Headless, as under Pilot, nothing is written, but the frame counts the same.)"""
        super()._display(screen, renderable)
        if self._before_paint is not None and renderable is not None and not self._batch_count:
            self._painted()

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        """A screen about to show for the first time is not styled all over again as it shows.

        Textual styles a new screen's widgets as they mount, again when its first resize adds
        the size classes (`HORIZONTAL_BREAKPOINTS`), and a third time when it resumes, though
        nothing changed since the second: each pass over the Add system form's 71 widgets cost
        about 20 ms of `a`'s wait for the form. The first resume keeps the styles just given
        (`first_resume`); every later one (a screen coming back) restyles as Textual does.

        Putting the size classes on before the widgets mount saves the second pass too
        (`_size_classes`), but only screens that ask for it get them so (the main screens but
        Priorities, `PanelScreen`): Textual then lays some widgets out differently (the
        Priorities score table kept an empty scrollbar row at 100x30)."""
        super()._load_screen_css(screen)
        if screen not in self._shown_screens:
            self._shown_screens.add(screen)
            first_resume(screen)
            if getattr(screen, "SIZED_BEFORE_MOUNT", False):
                self._size_classes(screen)

    def _size_classes(self, screen: Screen[Any]) -> None:
        """Give `screen` its size classes now, as its first resize would, so its widgets are
        styled once as they mount rather than again when that resize comes (Textual then
        finds the classes already set). Only screens that ask (`SIZED_BEFORE_MOUNT`): this
        spares the Overview's first frame about 10 ms of restyling, and each main screen's
        first visit as much."""
        width, height = self.size
        classes: dict[str, bool] = {}
        for dimension, own, default in (
            (width, screen.HORIZONTAL_BREAKPOINTS, self.HORIZONTAL_BREAKPOINTS),
            (height, screen.VERTICAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS),
        ):
            breakpoints = (default if own is None else own) or []
            classes |= {name: False for _, name in breakpoints}
            classes |= dict.fromkeys(screen._get_breakpoint_classes(dimension, breakpoints), True)
        screen.update_classes(classes, animate=False)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, but on Linux and macOS one whose escape key is not held back
        up to 0.1 s (`tui.quick_escape`)."""
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:
            from tui.quick_escape import QuickEscapeDriver

            return QuickEscapeDriver
        return driver

    async def action_quit(self) -> None:
        """Write edits still queued (a score typed just before ctrl+q), then quit."""
        self._write_queued()
        self.exit()

    def _write_queued(self) -> None:
        """Run the `before_quit` flushes (not `_flush`: that name is Textual's own)."""
        for flush in list(self.before_quit):
            flush()

    def _catch_quit_signals(self) -> None:
        """Quit cleanly on SIGHUP and SIGTERM, in the app's event loop (between two messages,
        never inside one), instead of dying with the terminal left raw. Not under `run_test`:
        the signals are the test runner's there."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for number in QUIT_SIGNALS:
            try:
                loop.add_signal_handler(number, self._quit_on_signal, number)
            except (NotImplementedError, RuntimeError, ValueError):  # no such signal here
                continue
        self._resume_only_when_suspended()

    def _resume_only_when_suspended(self) -> None:
        """A closed terminal sends SIGCONT with its SIGHUP. Textual's Linux driver answers any
        SIGCONT by starting its terminal mode afresh, suspended or not: on the dead terminal
        its new output thread died, its queue filled, and the quit hung for good, the file still
        locked (5 of 12 closed windows). So SIGCONT resumes only after a suspend (SIGTSTP);
        the driver's own handler and flag are used, being the only way in."""
        driver = self._driver
        resume = getattr(driver, "_sigcont_application", None)
        sigcont = getattr(signal, "SIGCONT", None)
        if resume is None or sigcont is None:
            return

        def resume_if_suspended(*args: object) -> None:
            if getattr(driver, "_must_signal_resume", False):
                resume(*args)

        signal.signal(sigcont, resume_if_suspended)

    def _quit_on_signal(self, number: int) -> None:
        try:
            self._write_queued()
        finally:
            self.exit(return_code=128 + number)

    @property
    def read_only_reason(self) -> str | None:
        return self.workshop.read_only_reason if self.workshop is not None else None

    @property
    def exports_here(self) -> bool:
        """Whether this window may export: not a read-only view in a browser, since an export
        is written on the machine serving the page (`action_export` says so)."""
        return not (self.is_web and (self.asked_read_only or self.read_only_reason))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.touched()
        if isinstance(event, events.Key):
            self.last_key = monotonic()
            await self.keys.dispatch(event, partial(super().on_event, event))
        else:
            await super().on_event(event)

    def _must_wait(self, key: str) -> bool:
        """Whether `key` must wait rather than act now. A key is never refused for the app
        being busy: while the file is still opening, or while a screen or form just opened is
        still being built (its fields not there yet to take the keys), keys wait, then act."""
        if key in KEYS_WHILE_OPENING:
            return False
        screen = self.screen
        if self.workshop is None:
            early = getattr(screen, "works_before_open", None)
            if all(key != screen_key for screen_key, _ in self.SCREEN_KEYS.values()) and not (
                early is not None and early(key)
            ):
                return True
        if not screen.is_mounted:
            return True
        # A dialog is built once a field has the focus and has taken it (its Focus event
        # handled): keys before that would reach nothing, or a field that then selects what
        # they typed (an Input selects its text on focus) so the next key replaces it.
        focused = screen.focused
        return (
            isinstance(screen, ModalScreen)
            and (focused is None or not focused.has_focus)
            and self._new(screen)
        )

    def _new(self, screen: Screen[object]) -> bool:
        """Whether `screen` came up moments ago (BUILD_WAIT, from when a key first looked) and
        has fields to focus: a dialog that keeps no focus does not hold keys back for long."""
        if self._looked_at[0] is not screen:
            self._looked_at = (screen, monotonic())
        return monotonic() - self._looked_at[1] < BUILD_WAIT and bool(screen.focus_chain)

    def on_mount(self) -> None:
        self._catch_quit_signals()
        self.collector.hold()
        self.set_interval(QUIET / 2, self.collector.collect_if_due, name="collector")
        self.set_interval(QUIET / 2, self._keep_findings_when_quiet, name="findings-keeper")
        self.title = self.info.workshop_name or self.path.stem
        self.sub_title = self.where
        # After the first frame: the thread's imports hold the GIL and would delay the paint.
        self.after_paint(self._open_workshop)
        self.set_timer(FIRST_PAINT_WAIT, self._painted)  # a terminal that never draws

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_workshop(self) -> WorkshopFile:
        from tui.yielding_imports import OPENING, import_stepping_aside

        # Keys pressed meanwhile get the interpreter first (see tui.yielding_imports).
        import_stepping_aside(self._last_key_shown_before_open, (*self.AHEAD, *OPENING))
        from storage.workshop_file import open_workshop

        if self.asked_read_only:
            reason = READ_ONLY_SERVED if self.is_web else READ_ONLY_ASKED
            return open_workshop(self.server or self.path, create=False, read_only=reason)
        return open_workshop(self.server or self.path)

    @property
    def where(self) -> str:
        """Where the workshop lives, for the header and messages (no password)."""
        return str(self.server or self.path)

    @property
    def peek_path(self) -> Path | None:
        """The file the screens may peek at before it opens; None on a server."""
        return None if self.server is not None else self.path

    @work(thread=True, exclusive=True, group="import-after", exit_on_error=False)
    def _import_after(self) -> None:
        """The later screens' modules, then their first pages (`READ_AHEAD`), stepping aside
        for keys: a screen visited meanwhile reads its own page."""
        from tui.yielding_imports import StepAside, import_stepping_aside

        import_stepping_aside(lambda: self.collector.last_input, self.AFTER)
        self._read_ahead_now(StepAside(lambda: self.collector.last_input))

    @work(thread=True, exclusive=True, group="read-ahead", exit_on_error=False)
    def _read_ahead(self) -> None:
        from tui.yielding_imports import StepAside

        self._read_ahead_now(StepAside(lambda: self.collector.last_input))

    def _read_ahead_now(self, between: Callable[[], None]) -> None:
        """In a thread: read the first page of each screen in `READ_AHEAD` not built yet and
        keep it (`self.ahead`), `between` called before each."""
        workshop = self.workshop
        if workshop is None:
            return
        for name in self.ahead.wanted(self.READ_AHEAD):
            between()
            generation = self.ahead.generation
            try:
                page = self.read_ahead_page(name, workshop)
            except Exception:  # noqa: BLE001 - the screen's own read fails too, and says so
                page = None
            # None is kept too: the screen reads its own, and nothing is read again for it.
            self.ahead.keep(name, generation, page)

    def read_ahead_page(self, name: str, workshop: WorkshopFile) -> object | None:
        """In a thread: the first page of screen `name` (one of `READ_AHEAD`), or None when
        it must read its own (it would write: the Priorities screen's first criteria)."""
        return None

    def screen_from_thread(self) -> Screen[Any] | None:
        """The screen on show, asked from a worker's thread; None when the stack is changing
        under the look (then no screen can be said to be on show)."""
        try:
            return self.screen
        except Exception:
            return None

    def _last_key_shown_before_open(self) -> float:
        """When the latest key came, for the opening's imports to step aside for (read in
        their thread): only while the screen or dialog on show works before the file opens (a
        peek, a form that reads nothing). Any other screen waits for the file: its imports
        stepping aside for its key only make it wait longer (Scenarios' first visit took twice
        as long before it had a peek)."""
        screen = self.screen_from_thread()
        if screen is None:
            return 0.0
        shown = getattr(screen, "SHOWN_BEFORE_OPEN", False)
        return (
            self.collector.last_input
            if shown or getattr(screen, "OPENS_BEFORE_FILE", False)
            else 0.0
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker results and failures are handled."""
        worker = event.worker
        if worker.group == "open" and event.state == WorkerState.SUCCESS:
            self.workshop = worker.result
            self._show_file_state()
            self._listen()
            for screen in self._all_screens():
                screen.post_message(WorkshopLoaded())
            if self.workshop is not None:
                self.workshop_opened(self.workshop)
            self.keys.release()  # at once, not at the next look
            if self.AFTER:
                self._import_after()
        elif worker.group == "follow" and event.state == WorkerState.SUCCESS:
            if isinstance(worker.result, Followed):
                self._followed(worker.result)
        elif worker.group == "undo" and event.state == WorkerState.SUCCESS:
            if isinstance(worker.result, Reverted):
                self._undo_results[worker.result.turn] = worker.result
            self._show_undo_results()
        elif worker.group == "undo" and event.state == WorkerState.ERROR:
            self._show_undo_results()
            self.handle_worker_error(worker)
        elif event.state == WorkerState.ERROR:
            self.handle_worker_error(worker)

    def workshop_opened(self, workshop: WorkshopFile) -> None:
        """The file is open and the screens told: a subclass may offer something now (the
        details form, when this launch created the file). Nothing here."""

    def handle_worker_error(self, worker: Worker[object]) -> None:
        from storage.probe import WorkshopFileError

        error = worker.error
        if worker.group == "open":
            message = (
                str(error)
                if isinstance(error, WorkshopFileError)
                else (f"Could not open {self.where}: {error}.")
            )
            self.error_message = message
            self.exit(return_code=2)
            return
        self.notify(f"Something went wrong: {error}", severity="error", markup=False)

    def _header(self) -> str:
        """Where the workshop is, and what a reader of the header must know about it."""
        reason = self.workshop.read_only_reason if self.workshop is not None else None
        header = f"{self.where} · READ-ONLY: {reason}" if reason else self.where
        if self._deaf:
            header += " · others' edits not shown: reconnecting"
        return header

    def _show_file_state(self) -> None:
        if self.workshop is None:
            return
        reason = self.workshop.read_only_reason
        self.sub_title = self._header()
        if reason:
            can = "look and check" if self.is_web else "look, export and check"  # see action_export
            following = ""
            if self.workshop.open_elsewhere:
                following = " It follows that window's edits, and you can edit once it is closed."
            elif self.asked_read_only:
                following = " Edits saved in other windows show here as they are made."
            self.notify(
                f"Opened read-only: {reason}. You can {can}, but not edit." + following,
                title="Read-only",
                severity="warning",
                markup=False,
                timeout=8,
            )
        if self._following(self.workshop):
            self._stamp = self.workshop.stamp()
            self._follower = self.set_interval(FOLLOW_EVERY, self._follow, name="follow")

    # Following a file another window is editing -------------------------------------------

    def _following(self, workshop: WorkshopFile) -> bool:
        """Whether to look for other windows' edits: while another window keeps this one
        read-only, and always when asked to open read-only (an attendee's view in a browser
        follows the facilitator's edits). Not on a server: every window there hears the
        others' commits as they are made (`_listen`)."""
        if workshop.server is not None:
            return False
        return workshop.open_elsewhere or (self.asked_read_only and workshop.read_only)

    def _follow(self) -> None:
        workshop = self.workshop
        if workshop is None or not self._following(workshop):
            return

        def look() -> Followed:
            return Followed(workshop.take_over(), workshop.stamp())

        self.run_worker(look, thread=True, group="follow", exclusive=True, exit_on_error=False)

    def _followed(self, result: Followed) -> None:
        """Show the other window's edits; once it has closed, edit here (and say so)."""
        if result.taken is not None:
            old, self.workshop = self.workshop, result.taken
            if old is not None:
                old.close()
            if self._follower is not None:
                self._follower.stop()
                self._follower = None
            self._show_file_state()
            self.clear_notifications()  # "Opened read-only…" would now say the opposite
            self.notify(
                "The other window has closed this workshop: you can edit it here now.",
                title="Editable",
                markup=False,
            )
            self.workshop_changed("all")
        elif result.stamp != self._stamp:
            self._stamp = result.stamp
            self._show_others_edits()

    def _show_others_edits(self) -> None:
        """Every screen reloads what it shows, as after an edit of one's own: the cursor, an
        open form and what was typed in it stay as they are."""
        self.workshop_changed("all")

    # Hearing other windows' commits on a server ---------------------------------------------

    def _listen(self) -> None:
        """On a server, hear other windows' commits as they are made (`storage.live`): their
        edits show here within moments. The listener's thread posts messages, never touching
        a widget."""
        if self.workshop is None or self._listener is not None:
            return

        def changed(change: Change) -> None:
            self.post_message(ChangedElsewhere(change.count, change.actor))

        def state(lost: bool) -> None:
            self.post_message(HearingLost(lost))

        self._listener = self.workshop.listen(changed, state)

    @on(ChangedElsewhere)
    def _changed_elsewhere(self, _: ChangedElsewhere) -> None:
        self._show_others_edits()

    @on(HearingLost)
    def _hearing_lost(self, event: HearingLost) -> None:
        self._deaf = event.lost
        self.sub_title = self._header()

    @on(WorkshopEdited)
    def _edited(self, event: WorkshopEdited) -> None:
        self.workshop_changed(event.entity, event.ids)

    def workshop_changed(self, entity: str, ids: frozenset[int] | None = None) -> None:
        """Tell every screen that `entity` changed (after an edit, import or undo): rows `ids`
        of it alone, when known.

        Screens and dialogs post `WorkshopEdited` rather than calling this.
        """
        if entity == "workshop" and self.workshop is not None:
            self._refresh_title()
        self._findings_behind = True
        self.ahead.changed()
        for screen in self._all_screens():
            screen.post_message(WorkshopChanged(entity, ids))

    def _keep_findings_when_quiet(self) -> None:
        """Once the room has been quiet for a moment after an edit, have the findings worked
        out and kept in the file (`storage.queries.readiness.load_readiness`), whether or not
        a screen showing them asked: the next start, `seamwork check` and the exports then
        read them back rather than work them out (a second at 5,000 flows). Nothing is done
        when a screen has kept them already: they are recalled, not worked out again. When
        they are kept, the first pages an edit made stale are read ahead again."""
        workshop = self.workshop
        if workshop is None or monotonic() - self.collector.last_input < QUIET:
            return
        if self._findings_behind and not workshop.read_only_reason:
            self._findings_behind = False
            self._keep_findings(workshop)
        elif self.ahead.wanted(self.READ_AHEAD) and not self._reading_ahead():
            self._read_ahead()  # the first pages an edit made stale, read again

    def _reading_ahead(self) -> bool:
        return any(
            worker.group in ("read-ahead", "import-after", "findings-keeper")
            and not worker.is_finished
            for worker in self.workers
        )

    @work(thread=True, exclusive=True, group="findings-keeper", exit_on_error=False)
    def _keep_findings(self, workshop: WorkshopFile) -> None:
        """In the background, stepping aside between its pieces while keys come in (a
        second of work at 5,000 flows, begun in a pause, must not slow the next words
        typed): two seconds at most, then on regardless."""
        from storage.queries.readiness import load_readiness
        from tui.yielding_imports import StepAside

        step_aside = StepAside(lambda: self.collector.last_input, most=2.0)
        with workshop.session() as session:
            load_readiness(session, between=step_aside)

    def revert(self, *, undoing: bool) -> None:
        """Undo (or redo) one step in a thread worker; the screens reload and a toast says what.

        Never refused for being busy: each press starts its own worker, and they take turns
        (a lock), in the order pressed. Scores and weights still queued are written first, so
        the step undone is the one the room last saw made.
        """
        if self.workshop is None:
            self.notify("The workshop is still opening; try again in a moment.", markup=False)
            return
        workshop, flushes = self.workshop, list(self.before_quit)

        def work() -> Reverted:
            from storage.errors import StorageError
            from storage.queries.undo import redo_step, undo_step

            with self._undo_lock:
                turn, self._undo_turns = self._undo_turns, self._undo_turns + 1
                try:
                    for flush in flushes:
                        flush()
                    with workshop.session() as session:
                        done = undo_step(session) if undoing else redo_step(session)
                except StorageError as exc:
                    return Reverted(str(exc), refused=True, turn=turn)
                except BaseException:
                    self._undo_failed.add(turn)  # reported as a worker error; later turns go on
                    raise
            return Reverted(done.sentence, done.entities, done.rows, turn=turn)

        self.run_worker(work, thread=True, group="undo", exit_on_error=False)

    def _show_undo_results(self) -> None:
        """Toast the undo and redo results whose turn has come, in turn order."""
        while True:
            turn = self._undo_shown
            if turn in self._undo_failed:
                self._undo_failed.discard(turn)
            elif turn in self._undo_results:
                self._reverted(self._undo_results.pop(turn))
            else:
                return
            self._undo_shown += 1

    def _reverted(self, result: object) -> None:
        if not isinstance(result, Reverted):
            return
        if result.refused:
            self.notify(result.sentence, severity="warning", markup=False)
            return
        # The toast first: screens catching up on 5,000 flows would hold it back.
        self.notify(result.sentence, markup=False)
        entities = {TABLE_ENTITIES.get(table, table) for table in result.entities}
        entities.discard("workshop")
        if len(entities) == 1:
            (entity,) = entities  # its rows, when it is one table under its own name
            changed = result.rows.get(entity)
            self.post_message(WorkshopEdited(entity, changed.ids if changed is not None else None))
        elif entities:
            self.post_message(WorkshopEdited("all"))
        if "workshop" in result.entities:
            self.post_message(WorkshopEdited("workshop"))

    def _all_screens(self) -> list[Screen[object]]:
        """Every screen of every mode that has been shown (the others load when first shown),
        and the kept screens not on show (`kept_screen`): all are told of changes."""
        screens = self._stacked()
        screens.extend(s for s in self._kept_screens.values() if all(s is not t for t in screens))
        return screens

    def _stacked(self) -> list[Screen[object]]:
        screens: list[Screen[object]] = []
        for mode in self.MODES:
            try:
                screens.extend(self.get_screen_stack(mode))
            except KeyError:
                continue
        return screens

    def has_kept_screen(self, name: str) -> bool:
        return name in self._kept_screens

    def kept_screen(self, name: str, make: Callable[[], Screen[Any]]) -> Screen[Any]:
        """A screen pushed over others that is kept when closed (installed), so opening it
        again shows it at once, with what it showed (it reloads only what changed meanwhile).
        One already on a stack (opened from another mode) is not shared: a new one is made."""
        screen = self._kept_screens.get(name)
        if screen is None:
            screen = self._kept_screens[name] = make()
            self.install_screen(screen, name)
        elif any(screen is stacked for stacked in self._stacked()):
            return make()
        return screen

    def editable_workshop(self, doing: str) -> WorkshopFile | None:
        """The workshop, if it may be edited now; otherwise say why not and return None.

        `doing` completes "… cannot <doing>", e.g. "add systems".
        """
        if self.workshop is None:
            self.notify("The workshop is still opening; try again in a moment.", markup=False)
            return None
        reason = self.workshop.read_only_reason
        if reason:
            self.notify(
                f"This workshop is open read-only ({reason}), so you cannot {doing}.",
                title="Read-only",
                severity="warning",
                markup=False,
            )
            return None
        return self.workshop

    async def jump_to(self, kind: str, name: str) -> bool:
        """Show the entity `kind` called `name` (a finding's subject): switch to the mode whose
        screen lists it and ask that screen to select it with `show_entity(kind, name)`.

        False, after saying why, when no screen of this version shows that kind.
        """
        mode = ENTITY_MODES.get(kind)
        if mode is None or mode not in self.MODES:
            what = kind.replace("_", " ")
            self.notify(f"No screen shows a {what} yet.", severity="warning", markup=False)
            return False
        await self.switch_mode(mode)
        stack = self.get_screen_stack(mode)
        while len(stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()  # a screen pushed over the mode's own (a flow list, say)
            stack = self.get_screen_stack(mode)
        show = getattr(stack[0], "show_entity", None)
        return bool(show(kind, name)) if show is not None else False

    def _refresh_title(self) -> None:
        from storage.queries.systems import get_workshop

        assert self.workshop is not None
        with self.workshop.session() as session:
            self.title = get_workshop(session).name

    def on_unmount(self) -> None:
        self.collector.release()
        if self._listener is not None:
            self._listener.stop()
        if self.workshop is not None:
            self.workshop.close()
