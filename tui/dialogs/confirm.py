"""A yes/no question before something that cannot be taken back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile


class ConfirmDialog(ModalScreen[bool]):
    """Ask before acting; dismisses with True only when the user confirms.

    `question` is `Content`: build it with `Content.from_markup("… $name", name=user_text)` so
    user text is shown literally. Cancel has the focus, so a stray enter does no harm.

    `sections` list what else the action takes with it, exactly: (heading, items) pairs, e.g.
    ("These 3 flows are deleted with it:", ["Shopify -> Sage X3: Sales orders", ...]). Items
    are user text, shown literally, one a line, in a list that scrolls when it is long.
    """

    CSS = """
    #confirm-box {
        width: 64;
    }

    #confirm-question {
        margin-bottom: 1;
    }

    #confirm-sections {
        height: auto;
        max-height: 14;
    }

    .confirm-heading {
        text-style: bold;
    }

    .confirm-items {
        padding-left: 2;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,n", "cancel", "Cancel", tooltip="Keep it; change nothing", id="confirm.cancel"
        ),
        Binding("y", "confirm", "Yes", tooltip="Go ahead", id="confirm.yes"),
    ]

    HELP = "Answer the question: y (or the red button) goes ahead; n or escape changes nothing."

    def __init__(
        self,
        title: str,
        question: Content,
        *,
        confirm_label: str = "Delete",
        detail: str = "",
        sections: Sequence[tuple[str, Sequence[str]]] = (),
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.question = question
        self.confirm_label = confirm_label
        self.detail = detail
        self.sections = [(heading, list(items)) for heading, items in sections if items]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog-box -danger") as box:
            box.border_title = self.title_text
            yield Static(self.question, id="confirm-question")
            if self.sections:
                with VerticalScroll(id="confirm-sections"):
                    for heading, items in self.sections:
                        yield Label(heading, classes="confirm-heading", markup=False)
                        lines = Content("\n").join(Content(f"• {item}") for item in items)
                        yield Static(lines, classes="confirm-items")
            if self.detail:
                yield Label(self.detail, id="confirm-detail", classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", variant="default")
                yield Button(self.confirm_label, id="confirm", variant="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


def ask_then_delete(
    screen: Screen[Any],
    dialog: ConfirmDialog,
    workshop: WorkshopFile,
    delete: Callable[[Session], object],
    deleted: str,
    after: Callable[[], object],
) -> None:
    """Ask with `dialog`; on yes run `delete` in one session of `workshop` and say `deleted`, or
    what stopped it (the file is read-only, the row is gone), then `after()` either way."""

    def confirmed(yes: bool | None) -> None:
        if not yes:
            return
        from storage.errors import NotFoundError, ReadOnlyError

        try:
            with workshop.session() as session:
                delete(session)
        except (ReadOnlyError, NotFoundError) as exc:
            screen.notify(str(exc), severity="error", markup=False)
        else:
            screen.notify(deleted, markup=False)
        after()

    screen.app.push_screen(dialog, confirmed)
