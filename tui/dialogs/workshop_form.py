"""The workshop's own details: its name, the client, the facilitator and the engagement notes.

The header and every export are titled with the name, and the summary opens with the rest, so
they must be settable in the app, not only by import. Opened three ways, all through
`edit_workshop_details`: `e` on the Overview, the palette's "Edit workshop details", and once,
unasked, when this launch of the app has just created the file (`WorkshopFile.created`; escape
skips it, and since the file then exists it is never offered again). Saving goes through
`storage.queries.systems.update_workshop`, which validates; what it refuses shows beside the
field and nothing is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Label

from tui.dialogs.entity_form import Box, EntityForm, TextAreaField, TextField, form_keys, prose
from tui.messages import WorkshopEdited
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile

NEW_HINT = prose(
    """
    A new workshop. Give it a name and say who it is for: the header and every export are
    titled with them. Escape skips this; e on the Overview brings it back.
    """
)


class WorkshopForm(EntityForm[str | None]):
    """Dismisses with the workshop's saved name, or None when cancelled (or skipped)."""

    BINDINGS = form_keys("workshop details")
    NOUN = "workshop details"
    BOX = Box("workshop-box", grid="workshop-grid", grid_classes="", error="workshop-error")
    FIELDS = (
        TextField(
            "name", "Workshop name", placeholder="e.g. Northwind integration workshop", span=2
        ),
        TextField("client", "Client", placeholder="Who the workshop is for"),
        TextField("facilitator", "Facilitator", placeholder="Who runs it"),
        TextAreaField(
            "notes",
            "Engagement notes",
            placeholder="Scope, dates, who is in the room: the summary opens with these",
            span=2,
        ),
    )

    HELP = prose(
        """
        The workshop's name (the header and every export are titled with it), the client it is
        for, who facilitates, and engagement notes the session summary opens with. Tab and
        shift+tab move between fields; enter moves on, and in the notes starts a new line.
        ctrl+s saves, escape closes without saving. If something cannot be saved, the reason
        appears under the field and nothing is written.
        """
    )

    def __init__(self, workshop: WorkshopFile, *, new: bool = False) -> None:
        """`new`: offered because the file was just created (a hint says so; escape skips)."""
        self.new = new
        super().__init__(workshop)

    def load(self, session: Session) -> None:
        from storage.queries.systems import get_workshop

        self.values = self.values_of(get_workshop(session))

    def box_title(self) -> str:
        return "Workshop details"

    def compose_body(self) -> ComposeResult:
        if self.new:
            yield Label(NEW_HINT, id="workshop-new-hint", classes="dialog-hint", markup=False)
        yield from super().compose_body()

    def on_mount(self) -> None:
        # EntityForm.on_mount (the focus) runs after this: Textual calls each class's handler.
        if self.new:
            self.query_one(f"#{self.BOX.id}").border_subtitle = "ctrl+s save · esc skip"

    def save_data(self, session: Session, data: dict[str, Any]) -> str:
        from storage.queries.systems import update_workshop

        return update_workshop(session, data=data, expected=self.expected).name

    def edits(self) -> bool:
        return True  # the workshop's details always exist


def edit_workshop_details(app: WorkshopApp, *, new: bool = False) -> None:
    """Open the details form over whatever is showing, if the workshop may be edited; once
    saved, say so and tell every screen (the app retitles the header)."""
    if isinstance(app.screen, WorkshopForm):
        return
    workshop = app.editable_workshop("edit the workshop details")
    if workshop is None:
        return

    def saved(name: str | None) -> None:
        if name is None:
            return
        app.notify(f"Saved the details of “{name}”.", markup=False)
        app.post_message(WorkshopEdited("workshop"))

    app.push_screen(WorkshopForm(workshop, new=new), saved)
