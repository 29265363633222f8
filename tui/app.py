"""The Seamwork app: its screens (modes), keys and dialogs; the open workshop and news of
edits to it are `WorkshopApp`'s (tui/workshop_app.py).

Fast start: this module imports Textual and the standard-library probe only. The frame paints
with the workshop's name read by the probe; the file is opened (SQLModel, maybe Alembic) in a
thread, and screens fill their tables when `WorkshopLoaded` arrives.

Screens are Textual modes, one per top-level screen of design.md's keymap (1 Overview …
6 Session). A mode keeps its own screen stack, so each screen keeps its filter, sort and cursor
while you look elsewhere, and a mode's screen is only built the first time it is shown. Keys for
screens not built yet do not exist: `SCREEN_KEYS` only binds the modes in `MODES`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from storage.probe import FileInfo
from tui import agenda_clock
from tui.agenda_clock import AgendaClock
from tui.concerns import CapturesConcern, concern_of
from tui.line_filter import NO_CONTROL_CHARACTERS
from tui.screens.overview import OverviewScreen
from tui.workshop_app import ENTITY_MODES as ENTITY_MODES
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.filter import LineFilter

    from storage.location import ServerLocation
    from storage.workshop_file import WorkshopFile

# design.md's keymap: mode -> (key, title). Only modes in `SeamworkApp.MODES` get their key.
SCREEN_KEYS: dict[str, tuple[str, str]] = {
    "overview": ("1", "Overview"),
    "systems": ("2", "Systems"),
    "flows": ("3", "Flows"),
    "scenarios": ("4", "Scenarios"),
    "priorities": ("5", "Priorities"),
    "session": ("6", "Session"),
}


def _later(module: str, name: str) -> Callable[[], Screen[None]]:
    """A mode's screen whose module is imported when the mode is first shown: the first frame
    does not wait for the modules of screens nobody has asked for yet (about 0.15 s)."""

    def make() -> Screen[None]:
        screen_class: type[Screen[None]] = getattr(import_module(module), name)
        screen = screen_class()
        _styled_as_of_now(screen)
        return screen

    return make


def _styled_as_of_now(screen: Screen[Any]) -> None:
    """Spare a new screen Textual's restyling of the whole app (issue 15).

    Textual takes a screen it has not styled yet for one whose styles are out of date: the
    first showing of each mode re-parsed every stylesheet from scratch and restyled every
    widget of every screen, twice (`App._init_mode`, then `App.switch_mode`): about 0.1 s of
    the first visit, more with each screen built. A screen made just now is styled as its
    widgets mount, from the stylesheet as it is (the theme's variables included; a theme
    change invalidates every screen again). Our screens bring no CSS of their own
    (`Screen.CSS`, whose loading would need the re-parse): their rules are in seamwork.tcss.
    """
    from textual._context import active_app

    assert not screen.CSS and not screen.CSS_PATH, "a screen's own CSS needs Textual's re-parse"
    screen._css_update_count = active_app.get()._css_update_count


# The modes' screens but the first, by module: imported when first shown, or before that in
# a thread (`WorkshopApp.AHEAD` and `AFTER`).
LATER_SCREENS = {
    "systems": ("tui.screens.systems", "SystemsScreen"),
    "flows": ("tui.screens.flows", "FlowsScreen"),
    "scenarios": ("tui.screens.scenarios", "ScenariosScreen"),
    "priorities": ("tui.screens.priorities", "PrioritiesScreen"),
    "session": ("tui.screens.session", "SessionScreen"),
}

BUILT_SCREENS: dict[str, str | Callable[[], Screen[Any]]] = {
    "overview": OverviewScreen,  # the first screen (DEFAULT_MODE)
    **{mode: _later(module, name) for mode, (module, name) in LATER_SCREENS.items()},
}


def _seamwork_commands() -> type[Provider]:
    from tui.commands import SeamworkCommands

    return SeamworkCommands


class SeamworkApp(WorkshopApp):
    """The workshop app with its screens, keys and dialogs."""

    CSS_PATH = Path(__file__).with_name("seamwork.tcss")  # absolute: subclasses find it too
    TITLE = "Seamwork"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_seamwork_commands}  # a callable: imported on first use
    MODES = BUILT_SCREENS
    # Each screen gets one class of each list for the terminal's size (Textual sets it on
    # resize), so seamwork.tcss can fit a screen to a projector's 80x24 or 100x30: panels that
    # sit side by side at 120 columns give the main one the room below that.
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-medium"),
        (120, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    DEFAULT_MODE = "overview"
    SCREEN_KEYS = SCREEN_KEYS
    # Systems and Flows are often the first screens visited, before the file has opened.
    AHEAD = tuple(LATER_SCREENS[mode][0] for mode in ("systems", "flows"))
    AFTER = tuple(LATER_SCREENS[mode][0] for mode in ("scenarios", "priorities", "session"))
    # Their first pages, read once the file is open and again when an edit made them stale.
    READ_AHEAD = ("scenarios", "priorities")

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"goto('{mode}')",
                title,
                tooltip=f"Show the {title} screen",
                id=f"app.screen.{mode}",
                show=False,
            )
            for mode, (key, title) in SCREEN_KEYS.items()
            if mode in BUILT_SCREENS
        ),
        Binding(
            "question_mark",
            "help",
            "Help",
            tooltip="Keys and help for this screen",
            id="app.help",
        ),
        # f1 has priority so it also works in dialogs, whose keys otherwise stop at the dialog.
        Binding(
            "f1",
            "help",
            "Help",
            tooltip="Keys and help for this screen",
            id="app.help",
            priority=True,
        ),
        Binding(
            "ctrl+e",
            "export",
            "Export",
            tooltip="Export the session summary: md, html, csv, xlsx, json or mermaid",
            id="app.export",
            show=False,  # in the help and the Overview's status line; footers stay per screen
        ),
        # Priority, so a focused table or input does not swallow it; `check_action` keeps it
        # out of dialogs (a form's own ctrl+n then works as before).
        Binding(
            "ctrl+n",
            "capture",
            "Capture",
            tooltip="Record a decision, action or question about the highlighted row",
            id="app.capture",
            priority=True,
            show=False,  # in the help and the empty panels' sentences; footers stay per screen
        ),
        # Priority, so they reach the app from the dialogs that allow them (`check_action`).
        Binding(
            "ctrl+z",
            "undo",
            "Undo",
            tooltip="Undo the last change to the workshop (History lists them)",
            id="app.undo",
            show=False,
            priority=True,
        ),
        Binding(
            "ctrl+y",
            "redo",
            "Redo",
            tooltip="Redo the change undone last",
            id="app.redo",
            show=False,
            priority=True,
        ),
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit Seamwork", id="app.quit", priority=True),
    ]

    def __init__(
        self, path: Path | ServerLocation, info: FileInfo | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(path, info, read_only=read_only)
        self.agenda = AgendaClock()  # the current session's agenda timer, for the header
        self._clock_shown = Content("")

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then one dropping control characters from what is drawn (see
        tui/line_filter.py: an older file may hold ESC sequences in its text)."""
        return [*super().get_line_filters(), NO_CONTROL_CHARACTERS]

    def on_mount(self) -> None:
        # WorkshopApp.on_mount runs too: Textual calls each class's handler along the MRO, so
        # calling super() here ran it twice (the workshop was opened twice over).
        self.set_interval(1, self._tick, name="agenda clock")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Screen keys wait while a dialog is open; help is for dialogs too, but not for itself
        or the command palette. Capture works on screens, and over list dialogs that say what
        is highlighted (the KPIs), never over a form. Undo and redo leave a focused text area
        its own ctrl+z and ctrl+y."""
        if action == "capture":
            screen = self.screen
            return not isinstance(screen, ModalScreen) or isinstance(screen, CapturesConcern)
        if action in ("undo", "redo"):
            from textual.widgets import TextArea

            return not isinstance(self.focused, TextArea)
        if action in ("goto", "help") and isinstance(self.screen, ModalScreen):
            from tui.dialogs.help import HelpScreen

            return action == "help" and not isinstance(self.screen, (HelpScreen, SystemModalScreen))
        return True

    async def action_goto(self, mode: str, action: str = "") -> None:
        """Show the screen of `mode`, then run one of its actions (e.g. "add")."""
        if mode not in self.MODES:
            return
        await self.switch_mode(mode)
        if action and not isinstance(self.screen, ModalScreen):
            await self.run_action(action, self.screen)

    def read_ahead_page(self, name: str, workshop: WorkshopFile) -> object | None:
        """In a thread: the Scenarios or Priorities screen's first page (`tui.read_ahead`)."""
        if name == "scenarios":
            from tui.screens import scenarios

            # The theme's variables as the stylesheet last worked them out (read, not made).
            return scenarios.first_page(workshop, dict(self.theme_variables))
        if name == "priorities":
            from tui.screens import priorities

            return priorities.first_page(workshop)
        return None

    def workshop_opened(self, workshop: WorkshopFile) -> None:
        """The header's agenda timer loads. A file this launch created is offered the details
        form, once: otherwise its summary is titled with the file's name and the client is not
        recorded. Escape skips; the next launch finds the file and does not ask again (no flag
        needs storing)."""
        self.reload_agenda()
        if workshop.afresh:
            self.notify(
                f"{self.path} held an unfinished workshop (its creation was interrupted), "
                "so it was started afresh.",
                title="Started afresh",
                severity="warning",
                markup=False,
                timeout=10,
            )
        if workshop.created and not workshop.read_only:
            from tui.dialogs.workshop_form import edit_workshop_details

            edit_workshop_details(self, new=True)

    def action_export(self) -> None:
        """The export dialog, over whatever is showing (exports only read: read-only is fine)."""
        if self.workshop is None:
            self.notify("The workshop is still opening; try again in a moment.", markup=False)
            return
        if not self.exports_here:
            # An export is written on the machine serving the app, where it was asked: not for
            # anyone who can open the page to do.
            self.notify(
                "Exports are written on the machine serving this page, so a read-only view "
                "in a browser cannot export; ask whoever serves it.",
                title="Read-only",
                severity="warning",
                markup=False,
            )
            return
        from tui.dialogs.export import ExportDialog

        if not isinstance(self.screen, ExportDialog):
            self.push_screen(ExportDialog(self.workshop, self.path))

    def action_capture(self) -> None:
        """The capture line, about the row under the cursor of what is showing."""
        workshop = self.editable_workshop("capture minutes")
        if workshop is None:
            return
        from tui.dialogs.capture_line import CaptureLine

        CaptureLine.open_on(self.screen, workshop, concern_of(self.screen))

    # The agenda timer in the header ----------------------------------------------------------

    def format_title(self, title: str, sub_title: str) -> Content:
        """The title and subtitle, then the agenda item being timed and its time left."""
        shown = super().format_title(title, sub_title)
        return Content.assemble(shown, "   ", self._clock_shown) if self._clock_shown else shown

    def _tick(self) -> None:
        """Each second: the header's clock from app state (no storage query), repainted only
        when its words change."""
        shown = self.agenda.header(agenda_clock.now())
        if shown == self._clock_shown:
            return
        self._clock_shown = shown
        for screen in self._all_screens():
            for header in screen.query(Header):
                header.query_one("HeaderTitle", Static).update(header.format_title())

    def reload_agenda(self) -> None:
        if self.workshop is not None:
            self._load_agenda(self.workshop)

    @work(thread=True, exclusive=True, group="agenda-clock", exit_on_error=False)
    def _load_agenda(self, workshop: WorkshopFile) -> AgendaClock:
        from storage.queries.meetings import current_meeting, list_agenda

        with workshop.session() as session:
            meeting = current_meeting(session)
            rows = list_agenda(session, meeting_id=meeting.id) if meeting is not None else []
        return AgendaClock.of(meeting.id if meeting is not None else None, rows)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The agenda timer's loads; every other result is WorkshopApp's, whose handler
        Textual calls after this one (not through super(), which handled each twice)."""
        worker = event.worker
        if worker.group == "agenda-clock" and event.state == WorkerState.SUCCESS:
            if isinstance(worker.result, AgendaClock):
                self.agenda = worker.result
                self._tick()

    def workshop_changed(self, entity: str, ids: frozenset[int] | None = None) -> None:
        super().workshop_changed(entity, ids)
        if entity in ("session", "all"):
            self.reload_agenda()

    def action_undo(self) -> None:
        if self._may_revert("undo"):
            self.revert(undoing=True)

    def action_redo(self) -> None:
        if self._may_revert("redo"):
            self.revert(undoing=False)

    def _may_revert(self, doing: str) -> bool:
        """Undo and redo work on the screens and in dialogs that say `ALLOWS_UNDO` (the
        history); a form or a confirmation over the workshop would be left showing values the
        undo just changed, so there it says to close the dialog first."""
        screen = self.screen
        if isinstance(screen, ModalScreen) and not getattr(screen, "ALLOWS_UNDO", False):
            if not isinstance(screen, SystemModalScreen):  # the palette, say: nothing to say
                self.notify(f"Close this dialog first, then {doing}.", markup=False)
            return False
        return True

    def action_history(self) -> None:
        """The recent changes, newest first (read-only files have a history too)."""
        if self.workshop is None:
            self.notify("The workshop is still opening; try again in a moment.", markup=False)
            return
        from tui.dialogs.history import HistoryDialog

        if not isinstance(self.screen, HistoryDialog):
            self.push_screen(HistoryDialog(self.workshop))

    def action_help(self) -> None:
        """Help for what has the keys: the capture line while it has the focus, else the
        screen showing."""
        from tui.dialogs.capture_line import CaptureLine
        from tui.dialogs.help import HelpScreen

        focused = self.focused
        chain = focused.ancestors_with_self if focused is not None else []
        line = next((node for node in chain if isinstance(node, CaptureLine)), None)
        self.push_screen(HelpScreen(line if line is not None else self.screen))


def run_app(
    path: Path | ServerLocation, info: FileInfo | None = None, *, read_only: bool = False
) -> int:
    """Run the TUI on `path` until the user quits; the exit code for the command line."""
    app = SeamworkApp(path, info, read_only=read_only)
    app.run()
    if app.error_message:
        print(app.error_message, file=sys.stderr)
    return app.return_code or 0
