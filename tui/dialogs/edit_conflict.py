"""The question a form asks when someone else changed a field it changes too (issue 17).

Storage wrote nothing (`storage.errors.EditConflict`); this dialog shows, per field, their
value with who and when, and yours, literally, and lets the user choose: keep mine (save again
over theirs, one step), take theirs (the form shows their value, the rest of the form as
typed), or go back to the form with nothing decided. Nothing is lost without that choice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage.errors import EditConflict

Choice = Literal["mine", "theirs", "back"]


def conflict_lines(conflict: EditConflict, label_of: Callable[[str], str]) -> Sequence[Content]:
    """One block per field: its label, theirs with who and when, and yours, all literal."""
    from storage.errors import by_whom, shown

    return [
        Content.from_markup(
            "[b]$label[/b]\n  theirs: $theirs, by $who\n  yours:  $yours",
            label=label_of(clash.field),
            theirs=shown(clash.theirs),
            who=by_whom(clash.by, clash.at),
            yours=shown(clash.yours),
        )
        for clash in conflict.clashes
    ]


class EditConflictDialog(ModalScreen[Choice]):
    """Keep mine, take theirs, or go back; dismisses with "mine", "theirs" or "back"."""

    CSS = """
    #conflict-box { width: 72; }
    #conflict-question { margin-bottom: 1; }
    #conflict-fields { height: auto; max-height: 14; }
    .conflict-field { margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m", "choose('mine')", "Keep mine", tooltip="Save yours over theirs", id="conflict.mine"
        ),  # fmt: skip
        Binding(
            "t",
            "choose('theirs')",
            "Take theirs",
            tooltip="Show their value in the form",
            id="conflict.theirs",
        ),  # fmt: skip
        Binding(
            "escape",
            "choose('back')",
            "Back",
            tooltip="Back to the form, nothing saved",
            id="conflict.back",
        ),  # fmt: skip
    ]

    HELP = (
        "Someone else changed a field you changed too, after you opened the form; nothing was "
        "saved. m keeps yours (saved over theirs), t puts theirs in the form, escape goes back."
    )

    def __init__(self, what: str, lines: Sequence[Content]) -> None:
        super().__init__(classes="dialog")
        self.what = what
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-box", classes="dialog-box -danger") as box:
            box.border_title = "Changed meanwhile"
            yield Static(
                Content(
                    f"Someone else changed this {self.what} since you opened it. "
                    "Nothing was saved yet: which value stays?"
                ),
                id="conflict-question",
            )
            with VerticalScroll(id="conflict-fields"):
                for line in self.lines:
                    yield Static(line, classes="conflict-field")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back", id="back")
                yield Button("Take theirs", id="theirs")
                yield Button("Keep mine", id="mine", variant="warning")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("mine", "theirs", "back"):
            self.action_choose(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice if choice in ("mine", "theirs") else "back")  # type: ignore[arg-type]
