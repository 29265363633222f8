"""Pick one name from a list by typing a few letters: the Flows screen's system and data-object
filters use it, so narrowing 500 systems down to one takes three keystrokes and enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.widgets.key_bar import KeyBar

SHOW_AT_MOST = 60  # names listed at once


class PickNameDialog(ModalScreen[str | None]):
    """Dismisses with the chosen name, or None when cancelled.

    The names are user data: shown as `Text`, never read as markup. `current` starts highlighted
    (e.g. the highlighted flow's source), so enter alone picks it.
    """

    CSS = """
    #pick-box {
        width: 60;
    }

    #pick-list {
        height: auto;
        max-height: 16;
        margin-top: 1;
    }

    #pick-none {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without choosing", id="pick.cancel"),
        Binding("down", "move(1)", "Next", tooltip="Highlight the next name", id="pick.down"),
        Binding("up", "move(-1)", "Previous", tooltip="Highlight the previous name", id="pick.up"),
        Binding("enter", "pick", "Choose", tooltip="Choose the highlighted name", id="pick.choose"),
    ]

    HELP = (
        "Type part of a name to narrow the list; up and down move, enter chooses, escape "
        "closes without changing anything."
    )

    def __init__(
        self, title: str, names: Sequence[str], *, current: str | None = None, hint: str = ""
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.names = list(names)
        self.current = current
        self.hint = hint
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box", classes="dialog-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = "enter choose · esc cancel"
            if self.hint:
                yield Label(self.hint, classes="dialog-hint", markup=False)
            yield Input(placeholder="Type to narrow", id="pick-filter")
            yield OptionList(id="pick-list")
            yield Label("", id="pick-none", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show("")
        if self.current in self.shown:
            self.query_one(OptionList).highlighted = self.shown.index(self.current)
        self.query_one(Input).focus()

    def _show(self, text: str) -> None:
        needle = text.strip().casefold()
        matches = [name for name in self.names if needle in name.casefold()]
        # A list is laid out whole: of 500 systems, show the first matches and say how to
        # find the rest (typing narrows; nobody scrolls through 500 names in a workshop).
        self.shown = matches[:SHOW_AT_MOST]
        if self.current in matches and self.current not in self.shown:
            self.shown.append(self.current)
        options = self.query_one(OptionList)
        options.set_options(Option(Text(name)) for name in self.shown)
        options.display = bool(self.shown)
        if self.shown:
            options.highlighted = 0
        note = self.query_one("#pick-none", Label)
        if not matches:
            note.update(
                f"Nothing matches “{text.strip()}”." if self.names else "There is nothing yet."
            )
        else:
            more = len(matches) - len(self.shown)
            note.update(f"… and {more} more: type to narrow." if more > 0 else "")
        note.display = not matches or len(matches) > len(self.shown)

    @on(Input.Changed, "#pick-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#pick-filter")
    def _submitted(self) -> None:
        self.action_pick()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.shown:
            return
        current = options.highlighted if options.highlighted is not None else -step
        options.highlighted = max(0, min(len(self.shown) - 1, current + step))

    @on(OptionList.OptionSelected, "#pick-list")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def action_pick(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if self.shown and highlighted is not None:
            self.dismiss(self.shown[highlighted])

    def action_cancel(self) -> None:
        self.dismiss(None)
