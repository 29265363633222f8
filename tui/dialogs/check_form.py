"""Record what the room said about one check: status, handling note, owner, UAT cover.

The scenario's description and question are shown above the fields (literally: user text),
so the facilitator can read them out while typing. Saves through `storage.queries.scenarios`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static

from models.enums import CheckStatus
from tui.widgets.form_field import FormField

if TYPE_CHECKING:
    from storage.queries.scenarios import CheckRow
    from storage.workshop_file import WorkshopFile

STATUS_OPTIONS: list[tuple[str, str]] = [
    ("Open", CheckStatus.OPEN.value),
    ("Handled", CheckStatus.HANDLED.value),
    ("Gap", CheckStatus.GAP.value),
    ("Accepted risk", CheckStatus.ACCEPTED_RISK.value),
    ("Not applicable", CheckStatus.NOT_APPLICABLE.value),
]


class CheckForm(ModalScreen[bool]):
    """Dismisses with True when something was saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the check and close",
            id="form.save",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="form.cancel"),
    ]

    HELP = (
        "How the flow copes with this scenario: the status, a note on how it is handled (or what "
        "is missing), who owns it, and whether user acceptance testing covers it. Tab moves "
        "between fields; enter on the note saves; ctrl+s saves from anywhere; escape cancels."
    )

    def __init__(self, workshop: WorkshopFile, check: CheckRow) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.check = check

    def compose(self) -> ComposeResult:
        check = self.check
        with Vertical(id="check-box", classes="dialog-box") as box:
            box.border_title = "Check"
            box.border_subtitle = "ctrl+s save · esc cancel"
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
            with Grid(id="check-grid"):
                yield FormField(
                    "Status",
                    Select(
                        STATUS_OPTIONS,
                        value=CheckStatus(check.status).value,
                        allow_blank=False,
                        id="status",
                    ),
                    field="status",
                    id="field-status",
                )
                yield FormField(
                    "Owner",
                    Input(check.owner, placeholder="Who makes sure it is handled", id="owner"),
                    field="owner",
                    id="field-owner",
                )
                yield FormField(
                    "UAT",
                    Checkbox("Covered by user acceptance testing", check.uat, id="uat"),
                    field="uat",
                    id="field-uat",
                )
                yield FormField(
                    "Note",
                    Input(
                        check.note, placeholder="How it is handled, or what is missing", id="note"
                    ),
                    field="note",
                    id="field-note",
                )
            yield Label("", id="check-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        from storage.errors import InvalidInput, NotFoundError, ReadOnlyError
        from storage.queries.scenarios import update_check

        try:
            with self.workshop.session() as session:
                update_check(
                    session,
                    check_id=self.check.id,
                    status=str(self.query_one("#status", Select).value),
                    note=self.query_one("#note", Input).value,
                    owner=self.query_one("#owner", Input).value,
                    uat=self.query_one("#uat", Checkbox).value,
                )
        except InvalidInput as exc:
            errors = exc.fields
            for form_field in self.query(FormField):
                form_field.set_error(errors.get(form_field.field))
            return
        except (ReadOnlyError, NotFoundError) as exc:
            label = self.query_one("#check-error", Label)
            label.update(str(exc))
            label.display = True
            return
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Submitted)
    def _next_or_save(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "note":
            self.action_save()
        else:
            self.focus_next()
