"""Paste rows copied from the client's spreadsheet and create the new systems in one go.

The parsing and the create / duplicate / rejected verdicts are `models.paste`'s; this dialog
shows them live as the text changes and hands the rows to create to storage, in one
transaction: all of them are written, or none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from models.paste import PastePreview, PasteRow, parse_pasted_systems
from tui.dialogs.typed_first import after_typed
from tui.labels import answer
from tui.widgets.key_bar import KeyBar
from tui.widgets.table import Table

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

HINT = (
    "Copy the rows in the spreadsheet and paste them below: one system a line, columns "
    "name, category, owner, vendor, lifecycle — or start with a header row naming them."
)

STATUS_LABELS = {"create": "✓ create", "duplicate": "= duplicate", "rejected": "✗ rejected"}


class PasteSystemsDialog(ModalScreen[int | None]):
    """Dismisses with how many systems were created, or None when cancelled."""

    CSS = """
    #paste-box {
        width: 112;
        height: 95%;
    }

    #paste-text {
        height: 9;
    }

    #paste-counts {
        margin-top: 1;
    }

    #create {
        width: 22;
    }

    #paste-notes {
        margin-bottom: 0;
    }

    #paste-preview {
        height: 1fr;
        margin-top: 1;
    }

    #paste-error {
        color: $text-error;
        margin-top: 1;
    }

    PasteSystemsDialog > .paste--create {
        color: $success;
        text-style: bold;
    }

    PasteSystemsDialog > .paste--duplicate {
        color: $warning;
        text-style: bold;
    }

    PasteSystemsDialog > .paste--rejected {
        color: $error;
        text-style: bold;
    }

    PasteSystemsDialog > .paste--unknown {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paste--create",
        "paste--duplicate",
        "paste--rejected",
        "paste--unknown",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create",
            tooltip="Create the systems marked create, in one go",
            id="paste.create",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Close; create nothing", id="paste.cancel"),
    ]

    HELP = (
        "Paste rows copied from a spreadsheet (tab-separated). The preview says for each line "
        "whether it will be created, is a duplicate (already in the workshop, or twice in the "
        "paste) or is rejected, and why. Create writes only the rows marked create, all in one "
        "transaction; duplicates and rejected rows are left out."
    )

    def __init__(self, workshop: WorkshopFile, existing_keys: set[str]) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.existing_keys = existing_keys
        self.preview = PastePreview()

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-box", classes="dialog-box") as box:
            box.border_title = "Paste systems"
            box.border_subtitle = "ctrl+s create · esc cancel"
            yield Label(HINT, classes="dialog-hint", markup=False)
            yield TextArea(
                id="paste-text",
                soft_wrap=False,
                show_line_numbers=True,
                placeholder="Sage X3\tERP\tFinance director\tSage\tlive",
            )
            yield Static("Nothing pasted yet", id="paste-counts", markup=False)
            yield Label("", id="paste-notes", classes="dialog-hint", markup=False)
            # Owner and vendor are copied as they are; the columns shown are the ones read
            # into vocabularies or judged, so the preview fits without scrolling sideways.
            table = Table(id="paste-preview", cursor_type="row")
            table.add_column("Line", key="line")
            table.add_column("Status", key="status")
            table.add_column("Name", key="name")
            table.add_column("Category", key="category")
            table.add_column("Lifecycle", key="lifecycle")
            table.add_column("Reason", key="reason")
            yield table
            yield Label("", id="paste-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Create", id="create", variant="primary", disabled=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#paste-text", TextArea).focus()
        self.query_one("#paste-error", Label).display = False

    @on(TextArea.Changed, "#paste-text")
    def _preview(self) -> None:
        text = self.query_one("#paste-text", TextArea).text
        self.show_preview(parse_pasted_systems(text, self.existing_keys))

    def _status(self, row: PasteRow) -> Text:
        style = self.get_component_rich_style(f"paste--{row.status}")
        # Colour and weight only: the table's row and cursor backgrounds stay.
        return Text(STATUS_LABELS[row.status], style=Style(color=style.color, bold=style.bold))

    def show_preview(self, preview: PastePreview) -> None:
        self.preview = preview
        table = self.query_one("#paste-preview", Table)
        table.clear()
        muted = self.get_component_rich_style("paste--unknown", partial=True)
        for row in preview.rows:
            shown = row.status == "create"
            table.add_row(
                Text(str(row.line), justify="right"),
                self._status(row),
                Text(row.name),
                answer(row.category or None, muted) if shown else Text(row.category),
                answer(row.lifecycle or None, muted) if shown else Text(row.lifecycle),
                Text(row.reason),
            )
        self.query_one("#paste-counts", Static).update(self._summary(preview))
        notes = self.query_one("#paste-notes", Label)
        notes.update(" ".join(preview.notes))
        notes.display = bool(preview.notes)
        create = self.query_one("#create", Button)
        count = len(preview.to_create)
        create.disabled = count == 0
        create.label = f"Create {count} system{'' if count == 1 else 's'}" if count else "Create"
        self.query_one("#paste-error", Label).display = False

    @staticmethod
    def _summary(preview: PastePreview) -> Content:
        """The counts, and how the columns are being read (so a wrong order is seen at once)."""
        if not preview.rows:
            return Content(preview.summary())
        columns = ", ".join(column or "—" for column in preview.columns)
        source = "header row" if preview.header else "reading columns"
        return Content.assemble(
            (preview.summary(), "bold"),
            (f"  ·  {source}: {columns}", "$text-muted"),
        )

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        """Create once the keys typed before ctrl+s are in the text (`after_typed`)."""
        after_typed(self, self.create_now)

    def create_now(self) -> None:
        from storage.errors import FieldError, InvalidInput, ReadOnlyError
        from storage.queries.systems import create_systems, validate_system

        rows = self.preview.to_create
        if not rows:
            self._error("Nothing to create: paste rows marked create first.")
            return
        try:
            items = [validate_system(row.values()) for row in rows]
            with self.workshop.session() as session:
                created = create_systems(session, items=items)
        except InvalidInput as exc:
            self._error(" ".join(exc.fields.values()) + " Nothing was created.")
            return
        except (FieldError, ReadOnlyError) as exc:
            self._error(f"{exc} Nothing was created.")
            return
        self.dismiss(len(created))

    def _error(self, message: str) -> None:
        label = self.query_one("#paste-error", Label)
        label.update(message)
        label.display = True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
