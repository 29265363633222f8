"""Why the room gave a score: one line of text kept beside the score (empty removes it)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tui.dialogs.typed_first import after_typed
from tui.widgets.key_bar import KeyBar


class RationaleDialog(ModalScreen[str | None]):
    """Dismisses with the rationale typed ("" removes it), or None when cancelled."""

    CSS = """
    #rationale-box {
        width: 80;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Keep this rationale with the score",
            id="rationale.save",
            priority=True,
        ),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Close, changing nothing", id="rationale.cancel"
        ),
    ]

    HELP = (
        "Why the room gave this score, in a line, so the next session knows what was argued. "
        "Enter or ctrl+s keeps it; an empty line removes it; escape changes nothing."
    )

    def __init__(self, candidate: str, criterion: str, score: int, rationale: str) -> None:
        super().__init__(classes="dialog")
        self.candidate = candidate
        self.criterion = criterion
        self.score = score
        self.rationale = rationale

    def compose(self) -> ComposeResult:
        with Vertical(id="rationale-box", classes="dialog-box") as box:
            box.border_title = "Why this score?"
            box.border_subtitle = "enter save · esc cancel"
            yield Static(
                Content.from_markup(
                    "[b]$candidate[/b] scores [b]$score[/b] on [b]$criterion[/b].",
                    candidate=self.candidate,
                    score=str(self.score),
                    criterion=self.criterion,
                ),
                classes="dialog-hint",
            )
            yield Input(self.rationale, placeholder="e.g. 30 orders a day re-keyed", id="why")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        after_typed(self, lambda: self.dismiss(self.query_one(Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
