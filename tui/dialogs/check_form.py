"""Record what the room said about one check: status, handling note, owner, UAT cover.

The scenario's description and question are shown above the fields (literally: user text),
so the facilitator can read them out while typing. Saves through `storage.queries.scenarios`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from models.enums import CheckStatus
from tui.dialogs.entity_form import (
    Box,
    CheckField,
    ChoiceField,
    EntityForm,
    TextField,
    form_keys,
    prose,
)

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.widgets import Input

    from storage.queries.scenarios import CheckRow
    from storage.workshop_file import WorkshopFile

STATUS_OPTIONS: list[tuple[str, str]] = [
    ("Open", CheckStatus.OPEN.value),
    ("Handled", CheckStatus.HANDLED.value),
    ("Gap", CheckStatus.GAP.value),
    ("Accepted risk", CheckStatus.ACCEPTED_RISK.value),
    ("Not applicable", CheckStatus.NOT_APPLICABLE.value),
]


class CheckForm(EntityForm[bool]):
    """Dismisses with True when something was saved, False when cancelled."""

    DEFAULT_CSS = """
    CheckForm #check-scenario { margin-bottom: 1; }
    """

    BINDINGS = form_keys("check")
    BOX = Box("check-box", grid="check-grid", grid_classes="", error="check-error")
    # The note first (what the room says is typed first), across the box; then the rest in
    # the order they are on screen, so tab never leaves the fields for the buttons mid-way.
    FIELDS = (
        TextField("note", "Note", placeholder="How it is handled, or what is missing", span=2),
        ChoiceField("status", "Status", options=STATUS_OPTIONS),
        TextField("owner", "Owner", placeholder="Who makes sure it is handled"),
        CheckField("uat", "UAT", text="Covered by user acceptance testing"),
    )
    NOT_SAVED = False

    HELP = prose(
        """
        How the flow copes with this scenario: the status, a note on how it is handled (or what
        is missing), who owns it, and whether user acceptance testing covers it. Tab moves
        between fields, top to bottom; enter moves on and, on the owner, saves; ctrl+s saves
        from anywhere; escape cancels.
        """
    )

    def __init__(self, workshop: WorkshopFile, check: CheckRow) -> None:
        self.check = check  # the row on show: `load` reads it
        super().__init__(workshop, entity_id=check.id)

    def load(self, session: Session) -> None:
        self.values = self.values_of(self.check)

    def box_title(self) -> str:
        return "Check"

    def saves_on_enter(self, widget: Input) -> bool:
        return widget.id == "owner"  # the last text field; UAT is a tick box

    def compose_body(self) -> ComposeResult:
        check = self.check
        yield Static(
            Content.from_markup(
                "[b]$title[/b] [$text-muted]· $flow[/]\n$description\n\n"
                "[b $text-accent]Ask the room:[/] [i]$question[/]",
                title=check.scenario,
                flow=f"{check.source} → {check.target}: {check.data_object}",
                description=check.description or "—",
                question=check.question or "—",
            ),
            id="check-scenario",
        )
        yield from super().compose_body()

    def save_data(self, session: Session, data: dict[str, Any]) -> bool:
        from storage.queries.scenarios import update_check

        update_check(session, check_id=self.check.id, **data, expected=self.expected)
        return True
