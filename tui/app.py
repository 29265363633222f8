"""The Seamwork app: holds the open workshop and hands out screens. Nothing else.

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
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.worker import Worker, WorkerState

from storage.probe import FileInfo, WorkshopFileError, probe
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.screens.overview import OverviewScreen

if TYPE_CHECKING:
    from textual.command import Provider

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
        screen: type[Screen[None]] = getattr(import_module(module), name)
        return screen()

    return make


BUILT_SCREENS: dict[str, type[Screen[None]] | Callable[[], Screen[None]]] = {
    "overview": OverviewScreen,  # the first screen (DEFAULT_MODE)
    "systems": _later("tui.screens.systems", "SystemsScreen"),
    "flows": _later("tui.screens.flows", "FlowsScreen"),
    "scenarios": _later("tui.screens.scenarios", "ScenariosScreen"),
    "priorities": _later("tui.screens.priorities", "PrioritiesScreen"),
}


# Which mode lists each kind of entity a finding names (`SeamworkApp.jump_to`).
ENTITY_MODES: dict[str, str] = {
    "system": "systems",
    "flow": "flows",
    "data_object": "flows",
    "candidate": "priorities",
    "kpi": "priorities",
}


def _seamwork_commands() -> type[Provider]:
    from tui.commands import SeamworkCommands

    return SeamworkCommands


class SeamworkApp(App[None]):
    """A workshop open in the terminal."""

    CSS_PATH = Path(__file__).with_name("seamwork.tcss")  # absolute: subclasses find it too
    TITLE = "Seamwork"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_seamwork_commands}  # a callable: imported on first use
    MODES = BUILT_SCREENS  # type: ignore[assignment]
    DEFAULT_MODE = "overview"
    SCREEN_KEYS = SCREEN_KEYS

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
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit Seamwork", id="app.quit", priority=True),
    ]

    def __init__(self, path: Path, info: FileInfo | None = None) -> None:
        super().__init__()
        self.path = path
        self.info = info if info is not None else probe(path)
        self.workshop: WorkshopFile | None = None
        self.error_message: str | None = None
        # Screens that save in the background register here, so quitting writes what is queued.
        self.before_quit: list[Callable[[], None]] = []

    async def action_quit(self) -> None:
        """Write edits still queued (a score typed just before ctrl+q), then quit."""
        for flush in list(self.before_quit):
            flush()
        self.exit()

    @property
    def read_only_reason(self) -> str | None:
        return self.workshop.read_only_reason if self.workshop is not None else None

    def on_mount(self) -> None:
        self.title = self.info.workshop_name or self.path.stem
        self.sub_title = str(self.path)
        # After the first frame: the thread's imports hold the GIL and would delay the paint.
        self.call_after_refresh(self._open_workshop)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_workshop(self) -> WorkshopFile:
        from storage.workshop_file import open_workshop

        return open_workshop(self.path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker results and failures are handled."""
        worker = event.worker
        if worker.group == "open" and event.state == WorkerState.SUCCESS:
            self.workshop = worker.result
            self._show_file_state()
            for screen in self._all_screens():
                screen.post_message(WorkshopLoaded())
        elif event.state == WorkerState.ERROR:
            self.handle_worker_error(worker)

    def handle_worker_error(self, worker: Worker[object]) -> None:
        error = worker.error
        if worker.group == "open":
            message = (
                str(error)
                if isinstance(error, WorkshopFileError)
                else (f"Could not open {self.path}: {error}.")
            )
            self.error_message = message
            self.exit(return_code=2)
            return
        self.notify(f"Something went wrong: {error}", severity="error", markup=False)

    def _show_file_state(self) -> None:
        if self.workshop is None:
            return
        reason = self.workshop.read_only_reason
        self.sub_title = f"{self.path} · READ-ONLY: {reason}" if reason else str(self.path)
        if reason:
            self.notify(
                f"Opened read-only: {reason}. You can look, export and check, but not edit.",
                title="Read-only",
                severity="warning",
                markup=False,
                timeout=8,
            )

    def workshop_changed(self, entity: str) -> None:
        """Tell every screen that `entity` changed (after an edit, import or undo)."""
        if entity == "workshop" and self.workshop is not None:
            self._refresh_title()
        for screen in self._all_screens():
            screen.post_message(WorkshopChanged(entity))

    def _all_screens(self) -> list[Screen[object]]:
        """Every screen of every mode that has been shown (the others load when first shown)."""
        screens: list[Screen[object]] = []
        for mode in self.MODES:
            try:
                screens.extend(self.get_screen_stack(mode))
            except KeyError:
                continue
        return screens

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Screen keys wait while a dialog is open; help is for dialogs too, but not for itself
        or the command palette."""
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

    def action_export(self) -> None:
        """The export dialog, over whatever is showing (exports only read: read-only is fine)."""
        if self.workshop is None:
            self.notify("The workshop is still opening; try again in a moment.", markup=False)
            return
        from tui.dialogs.export import ExportDialog

        if not isinstance(self.screen, ExportDialog):
            self.push_screen(ExportDialog(self.workshop, self.path))

    def action_help(self) -> None:
        from tui.dialogs.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def _refresh_title(self) -> None:
        from storage.queries.systems import get_workshop

        assert self.workshop is not None
        with self.workshop.session() as session:
            self.title = get_workshop(session).name

    def on_unmount(self) -> None:
        if self.workshop is not None:
            self.workshop.close()


def run_app(path: Path, info: FileInfo | None = None) -> int:
    """Run the TUI on `path` until the user quits; the exit code for the command line."""
    app = SeamworkApp(path, info)
    app.run()
    if app.error_message:
        print(app.error_message, file=sys.stderr)
    return app.return_code or 0
