"""The history: the workshop's recent changes, newest first, with the undone ones marked.

Each line is one step of storage's undo history (`storage.queries.undo.history`): when it was
made, who made it (unknown for steps recorded before names were), what it changed, and where
it stands (undone, redo gone after a new edit, housekeeping
that is never undone). ctrl+z and ctrl+y work here too, and the list follows; escape closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.messages import WorkshopChanged
from tui.widgets.key_bar import KeyBar
from tui.widgets.table import Table
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from storage.queries.undo import HistoryEntry
    from storage.workshop_file import WorkshopFile

LIMIT = 200
CHANGE_WIDTH = 60
WHO_WIDTH = 18
UNKNOWN_ACTOR = "unknown"

STATES: dict[tuple[str, str], tuple[str, str]] = {
    # (kind, state) -> (what the State column says, the row's style)
    ("edit", "undone"): ("undone", "dim strike"),
    ("edit", "discarded"): ("undone, redo gone", "dim strike"),
    ("auto", "done"): ("automatic", "dim"),
    ("undo", "done"): ("", "italic"),
    ("redo", "done"): ("", "italic"),
}


def when(at: str) -> str:
    """`2026-03-02T14:05:09+00:00` as `2026-03-02 14:05` (UTC, as the file records it)."""
    return at[:16].replace("T", " ")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def history_cells(entry: HistoryEntry) -> tuple[Text, Text, Text, Text]:
    state, style = STATES.get((entry.kind, entry.state), ("", ""))
    who = (
        Text(_cut(entry.actor, WHO_WIDTH))
        if entry.actor
        else Text(UNKNOWN_ACTOR, style="dim italic")
    )
    return (
        Text(when(entry.at), style="dim"),
        who,
        Text(_cut(entry.sentence, CHANGE_WIDTH), style=style),
        Text(state, style="dim"),
    )


class HistoryDialog(ModalScreen[None]):
    """Recent changes: time, what changed, and which are undone."""

    app = getters.app(WorkshopApp)
    ALLOWS_UNDO: ClassVar[bool] = True  # ctrl+z and ctrl+y work here, and the list follows

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the screen", id="history.close"),
    ]

    HELP = (
        "Every change to the workshop, newest first, and who made it: ctrl+z undoes your newest "
        "change not yet undone, ctrl+y redoes the one you undid last; other people's changes "
        "are theirs to undo. Undone changes are struck through; a new change of yours after an "
        "undo ends their redo. Escape goes back."
    )

    def __init__(self, workshop: WorkshopFile) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.entries: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box", classes="dialog-box") as box:
            box.border_title = "History"
            box.border_subtitle = "ctrl+z undo · ctrl+y redo · esc close"
            yield Table(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Label("No changes yet.", id="history-empty", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(Table)
        columns = (("at", "When (UTC)"), ("who", "Who"), ("change", "What changed"),
                   ("state", "State"))  # fmt: skip
        for key, title in columns:
            table.add_column(title, key=key)
        self.reload()

    def on_workshop_changed(self, _: WorkshopChanged) -> None:
        self.reload()

    def reload(self) -> None:
        from storage.queries.undo import history

        with self.workshop.session() as session:
            self.entries = history(session, limit=LIMIT)
        table = self.query_one(Table)
        table.clear()
        for entry in self.entries:
            table.add_row(*history_cells(entry), key=str(entry.id))
        self.query_one("#history-empty").display = not self.entries
        table.display = bool(self.entries)
        if self.entries:
            table.move_cursor(row=0, animate=False)
            table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
