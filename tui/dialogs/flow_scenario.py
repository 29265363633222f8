"""Add a scenario for one flow in one line, as the room says it: `Title #category`.

Saved through `storage.queries.scenarios.add_flow_scenario` (one undo step); a line the storage
refuses (no title, a title already used) says why under the input and keeps what was typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from models.scenario_library import split_scenario_line
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage.queries.scenarios import CheckRow  # noqa: F401 (the dialog's result type)
    from storage.workshop_file import WorkshopFile

HINT = "Title #category (the category is optional) · enter add · esc cancel"


class FlowScenarioDialog(ModalScreen["CheckRow | None"]):
    """Dismisses with the new check (its scenario is for this flow only), or None."""

    CSS = """
    #flow-scenario-box {
        width: 80;
    }

    #flow-scenario-error {
        color: $text-error;
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without adding", id="flowsc.cancel"),
    ]

    HELP = (
        "A scenario this flow must survive that the library does not have, in one line: its "
        "title, then # and a category if you like ('Deal won twice in two regions #sales'). It "
        "is checked on this flow only until you promote it to the library (P on the checklist). "
        "The description and the question can be written later in the library (L)."
    )

    def __init__(self, workshop: WorkshopFile, flow_id: int, flow: str) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.flow_id = flow_id
        self.flow = flow

    def compose(self) -> ComposeResult:
        with Vertical(id="flow-scenario-box", classes="dialog-box") as box:
            box.border_title = "A scenario for this flow only"
            box.border_subtitle = "enter add · esc cancel"
            yield Label(self.flow, classes="dialog-hint", markup=False)
            yield Input(placeholder="e.g. Deal won twice in two regions #sales", id="flow-scenario")
            yield Label(HINT, id="flow-scenario-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#flow-scenario")
    def _submitted(self, event: Input.Submitted) -> None:
        from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.scenarios import add_flow_scenario

        title, category = split_scenario_line(event.value)
        try:
            with self.workshop.session() as session:
                check = add_flow_scenario(
                    session, flow_id=self.flow_id, title=title, category=category
                )
        except (FieldError, InvalidInput, NotFoundError, ReadOnlyError) as exc:
            self.query_one("#flow-scenario-error", Label).update(str(exc))
            return
        self.dismiss(check)

    def action_cancel(self) -> None:
        self.dismiss(None)
