"""The Seamwork app: holds the open workshop and hands out screens. Nothing else.

Fast start: this module imports Textual and the standard-library probe only. The frame paints
with the workshop's name read by the probe; the file is opened (SQLModel, maybe Alembic) in a
thread, and screens fill their tables when `WorkshopLoaded` arrives.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from storage.probe import FileInfo, WorkshopFileError, probe
from tui.messages import WorkshopChanged, WorkshopLoaded

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile


class SeamworkApp(App[None]):
    """A workshop open in the terminal."""

    CSS_PATH = "seamwork.tcss"
    TITLE = "Seamwork"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit Seamwork"),
    ]

    def __init__(self, path: Path, info: FileInfo | None = None) -> None:
        super().__init__()
        self.path = path
        self.info = info if info is not None else probe(path)
        self.workshop: WorkshopFile | None = None
        self.error_message: str | None = None

    @property
    def read_only_reason(self) -> str | None:
        return self.workshop.read_only_reason if self.workshop is not None else None

    def on_mount(self) -> None:
        self.title = self.info.workshop_name or self.path.stem
        self.sub_title = str(self.path)
        self._open_workshop()

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
            for screen in self.screen_stack:
                screen.post_message(WorkshopLoaded())
        elif event.state == WorkerState.ERROR:
            self.handle_worker_error(worker)

    def handle_worker_error(self, worker: Worker[object]) -> None:
        error = worker.error
        if worker.group == "open":
            message = str(error) if isinstance(error, WorkshopFileError) else (
                f"Could not open {self.path}: {error}."
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
        for screen in self.screen_stack:
            screen.post_message(WorkshopChanged(entity))

    def _refresh_title(self) -> None:
        from storage.systems import get_workshop

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
