"""Import a file in the app ("Import a file…" in the command palette, m on the Overview).

Two dialogs, so nothing is written before the room has seen what will be: `ImportPathDialog`
asks for the file (relative to the workshop's folder, `~` expanded, → completes a name) and
reads it in a thread worker: `storage.formats.sources.read_source` tells its kind and maps it,
the document is validated whole, and `plan_import` works out what the import would create,
update and leave unchanged, in a transaction it rolls back. A bad source is one sentence under
the path. `ImportPreviewDialog` then shows what the file was read as, the mapping used, its
first rows, the counts and what was skipped; ctrl+s (or enter on Import) imports in a worker,
as one step of the undo history; escape leaves the workshop as it was.

Everything shown from the file is user text: cells are `Text`, lines are `Content`, never
markup built from data.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from tui.dialogs.typed_first import after_typed
from tui.messages import WorkshopEdited
from tui.widgets.form_field import FormField
from tui.widgets.key_bar import KeyBar
from tui.widgets.table import Table

if TYPE_CHECKING:
    from pydantic import BaseModel

    from storage.formats.seamwork_json.document import ImportSummary
    from storage.formats.sources import Source
    from storage.workshop_file import WorkshopFile
    from tui.workshop_app import WorkshopApp

CELL_WIDTH = 32  # a preview cell longer than this is cut with "…": a look, not the data
PREVIEW_ROOM = 84  # columns the first rows share, so a wide sheet's columns are all in view
PREVIEW_ROWS = 5  # rows of the source shown under its header
CHANGES_SHOWN = 8  # the changes to entries the workshop has, listed in the preview


def resolve(text: str, folder: Path) -> Path:
    """The path typed, `~` expanded, relative to `folder` (the workshop's) unless absolute."""
    path = Path(os.path.expanduser(text.strip()))
    return path if path.is_absolute() else folder / path


class PathSuggester(Suggester):
    """Completes the last part of a path with the first name in its folder that it begins
    (folders end with "/"); hidden names only once a "." is typed. The folder is read in a
    thread, so a slow disk never holds the keys."""

    def __init__(self, folder: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.folder = folder

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        return await asyncio.to_thread(self._complete, value)

    def _complete(self, value: str) -> str | None:
        head, _, prefix = value.rpartition("/")
        where = resolve(head + "/" if head or value.startswith("/") else ".", self.folder)
        try:
            names = sorted(
                (entry.name + ("/" if entry.is_dir() else ""))
                for entry in os.scandir(where)
                if entry.name.startswith(prefix)
                and (prefix.startswith(".") or not entry.name.startswith("."))
            )
        except OSError:
            return None
        for name in names:
            if name != prefix:
                return value + name[len(prefix) :]
        return None


@dataclass(frozen=True)
class ReadSource:
    """A source read, validated and planned: what the preview shows and the import writes."""

    source: Source
    document: BaseModel
    plan: ImportSummary


def read_and_plan(path: Path, workshop: WorkshopFile) -> ReadSource:
    """In a thread: read the source, validate it as a `seamwork/1` document, and work out
    what importing it would do. Raises `storage.errors.StorageError` (one sentence)."""
    from storage.formats.seamwork_json.document import parse_document, plan_import
    from storage.formats.sources import read_source

    source = read_source(path)
    parsed = source.parsed
    document = parsed if parsed is not None else parse_document(json.dumps(source.document))
    with workshop.session() as session:
        plan = plan_import(session, document, add_notes=source.adds_notes)
    return ReadSource(source, document, plan)


def problem_sentence(error: BaseException | None) -> str:
    """A failed read or import as the one sentence shown in the dialog."""
    from storage.errors import StorageError

    if isinstance(error, StorageError):
        return str(error)
    if isinstance(error, OSError):
        where = error.filename or "the file"
        return f"Cannot read {where}: {(error.strerror or str(error)).lower()}."
    return f"The file could not be read: {error}."


class ImportPathDialog(ModalScreen[ReadSource | None]):
    """Asks for the file to import; dismisses with it read and planned, or None."""

    CSS = """
    #import-path-box {
        width: 96;
    }

    #import-progress {
        height: 1;
        margin: 0 1;
    }

    #import-bar Bar {
        width: 30;
    }

    #import-step {
        width: 1fr;
        margin-left: 2;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "read",
            "Read",
            tooltip="Read the file and preview the import (nothing is written yet)",
            id="import.read",
            priority=True,
        ),
        Binding("escape", "close", "Close", tooltip="Import nothing", id="import.close"),
    ]

    HELP = (
        "Type the path of the file to import: a name beside the workshop, or a full path "
        "(~ for your home folder). → takes the name suggested. Enter or ctrl+s reads the file "
        "and shows a preview: what it was read as, the mapping, its first rows and what will "
        "be created or merged. Nothing is written until you import from the preview. A file "
        "that cannot be imported says why under the path."
    )

    def __init__(self, workshop: WorkshopFile, folder: Path) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="import-path-box", classes="dialog-box") as box:
            box.border_title = "Import a file"
            box.border_subtitle = "ctrl+s read · esc close"
            yield FormField(
                "File to import",
                Input(
                    id="import-path",
                    placeholder="clients-apps.xlsx, ~/Downloads/model.archimate, export.json …",
                    suggester=PathSuggester(self.folder),
                ),
                field="path",
                id="field-path",
            )
            yield Label(
                "Read and shown to you first: nothing is written until you import from the "
                "preview. Names are relative to the workshop's folder.",
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(id="import-progress"):
                yield ProgressBar(
                    total=None, show_eta=False, show_percentage=False, id="import-bar"
                )
                yield Label("", id="import-step", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close")
                yield Button("Read", id="read", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()

    @property
    def field(self) -> FormField:
        return self.query_one("#field-path", FormField)

    @property
    def reading(self) -> bool:
        return any(w.node is self and w.group == "import-read" and not w.is_finished
                   for w in self.app.workers)  # fmt: skip

    @on(Input.Changed)
    def _clear_error(self) -> None:
        if self.field.error:
            self.field.set_error(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_read()

    @on(Button.Pressed, "#read")
    def action_read(self) -> None:
        """Read once the keys typed before ctrl+s are in the path (`after_typed`)."""
        after_typed(self, self.read_now)

    def read_now(self) -> None:
        if self.reading:
            return
        text = self.query_one("#import-path", Input).value
        if not text.strip():
            self.field.set_error("Type the path of a file to import.")
            return
        path = resolve(text, self.folder)
        self.field.set_error(None)
        self.query_one("#import-step", Label).update(Content.assemble("Reading ", str(path), "…"))
        self.query_one("#import-progress").display = True
        self.query_one("#read", Button).disabled = True
        self._read(path)

    @work(thread=True, exclusive=True, group="import-read", exit_on_error=False)
    def _read(self, path: Path) -> ReadSource:
        return read_and_plan(path, self.workshop)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The read's outcome: the preview, or its one sentence under the path (a bad source
        is the read's answer, not an error of the app's)."""
        worker = event.worker
        if worker.group != "import-read" or not worker.is_finished:
            return
        event.stop()
        if not self.is_attached:
            return
        self.query_one("#import-progress").display = False
        self.query_one("#read", Button).disabled = False
        if event.state == WorkerState.SUCCESS and isinstance(worker.result, ReadSource):
            self.dismiss(worker.result)
        elif event.state == WorkerState.ERROR:
            self.field.set_error(problem_sentence(worker.error))
            self.query_one("#import-path", Input).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        for worker in self.app.workers:
            if worker.node is self and worker.group == "import-read":
                worker.cancel()  # its result is not shown; its plan rolled back regardless
        self.dismiss(None)


def _cell(value: object, width: int = CELL_WIDTH) -> Text:
    text = "" if value is None else str(value)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return Text(text, no_wrap=True)


def _count(value: int) -> Text:
    return Text(str(value) if value else "–")


def _table(table_id: str) -> Table:
    """A table to read, not to move about in: the body around it scrolls."""
    table = Table(id=table_id, cursor_type="none", zebra_stripes=True)
    table.can_focus = False
    return table


class ImportPreviewDialog(ModalScreen["ImportSummary | None"]):
    """What importing `read` will do, before it is done; dismisses with what the import did,
    or None when it was cancelled (nothing written)."""

    CSS = """
    #import-preview-box {
        width: 100;
    }

    /* The counts at the top stay in view with the buttons below them, at 80x24 too: the
       body scrolls, never the box (vh: the box's own height is its content's). */
    #import-preview-body {
        height: auto;
        max-height: 65vh;
    }

    .import-heading {
        text-style: bold;
        margin-top: 1;
    }

    #import-preview-body Table {
        height: auto;
        margin-left: 2;
        width: auto;
        max-width: 100%;
    }

    .import-line {
        padding-left: 2;
    }

    #import-result {
        display: none;
        height: auto;
        margin: 1 0 0 0;
        color: $text-muted;
    }

    #import-result.-shown {
        display: block;
    }

    #import-result.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "import",
            "Import",
            tooltip="Write the import into the workshop (ctrl+z undoes it as one step)",
            id="import.run",
            priority=True,
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Import nothing", id="import.cancel"),
    ]

    HELP = (
        "What the file was read as, which of its columns or element types became which field, "
        "its first rows, and what the import will create, merge into what is there (by name) "
        "and leave unchanged. ctrl+s, or enter on Import, writes it all in one step: ctrl+z "
        "undoes the whole import. Escape imports nothing."
    )

    def __init__(self, workshop: WorkshopFile, read: ReadSource) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.read = read

    def compose(self) -> ComposeResult:
        source, plan = self.read.source, self.read.plan
        with Vertical(id="import-preview-box", classes="dialog-box") as box:
            box.border_title = "Import preview"
            box.border_subtitle = "ctrl+s import · esc cancel"
            with VerticalScroll(id="import-preview-body"):
                yield Static(
                    Content.from_markup(
                        "[$text-muted]Read as[/] [b]$label[/b] [$text-muted]from[/] $path",
                        label=source.label,
                        path=str(source.path),
                    ),
                    id="import-read-as",
                )
                yield Label("What the import will do", classes="import-heading")
                yield from self._plan_parts(plan)
                yield Label("Skipped", classes="import-heading")
                skipped = source.skipped_text()
                yield Static(
                    f"{skipped}." if skipped else "Nothing: everything in the file is imported.",
                    id="import-skipped",
                    classes="import-line",
                    markup=False,
                )
                yield Label("Mapping", classes="import-heading")
                if source.mapping:
                    mapping = _table("import-mapping")
                    mapping.add_columns("In the file", "Becomes")
                    mapping.add_rows([(_cell(a), _cell(b)) for a, b in source.mapping])
                    yield mapping
                else:
                    yield Static(
                        "None needed: the file is in Seamwork's own format.",
                        classes="import-line",
                        markup=False,
                    )
                if source.preview:
                    yield Label("First rows", classes="import-heading")
                    yield self._preview_table(source.preview)
            yield Static("", id="import-result", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Import", id="import", variant="primary")
        yield KeyBar()

    @staticmethod
    def _plan_parts(plan: ImportSummary) -> ComposeResult:
        from storage.formats.seamwork_json.document import SECTIONS

        rows = []
        for section in SECTIONS:
            counts = [getattr(plan, outcome).get(section.key, 0)
                      for outcome in ("created", "updated", "unchanged")]  # fmt: skip
            if section.plural is not None and any(counts):
                label = section.plural[:1].upper() + section.plural[1:]
                rows.append((Text(label), *(_count(n) for n in counts)))
        if rows:
            table = _table("import-plan")
            table.add_column("")
            for heading in ("New", "Updated", "Unchanged"):
                table.add_column(heading)
            table.add_rows(rows)
            yield table
        else:
            yield Static("Nothing: the file has no entries.", classes="import-line", markup=False)
        if plan.workshop_updated:
            yield Static(
                "The workshop's details (name, client, facilitator, notes) are updated.",
                classes="import-line",
                markup=False,
            )
        # What a merge changes in entries the workshop has, field by field, to check before
        # it is trusted (new entries are counted above).
        changed = [line for line in plan.changes if not line.startswith("new ")]
        if changed:
            shown = changed[:CHANGES_SHOWN]
            if len(changed) > CHANGES_SHOWN:
                shown.append(f"and {len(changed) - CHANGES_SHOWN} more")
            yield Static("\n".join(shown), id="import-changes", classes="import-line", markup=False)

    @staticmethod
    def _preview_table(preview: list[list[str]]) -> Table:
        header, *rows = preview
        table = _table("import-first-rows")
        count = len(header)
        width = max(8, min(CELL_WIDTH, PREVIEW_ROOM // max(count, 1) - 2))  # 2: cell padding
        table.add_columns(*(_cell(name, width) for name in header))
        for row in rows[:PREVIEW_ROWS]:
            cells = [*row[:count], *([""] * (count - len(row)))]
            table.add_row(*(_cell(value, width) for value in cells))
        return table

    def on_mount(self) -> None:
        self.query_one("#import", Button).focus()

    @property
    def importing(self) -> bool:
        return any(w.node is self and w.group == "import-write" and not w.is_finished
                   for w in self.app.workers)  # fmt: skip

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the import is being written, escape waits: it is one transaction, done or
        not at all, and the dialog says which when it ends."""
        if action in ("cancel", "import") and self.is_mounted and self.importing:
            return False
        return True

    @on(Button.Pressed, "#import")
    def action_import(self) -> None:
        if self.importing:
            return
        self.query_one("#import", Button).disabled = True
        result = self.query_one("#import-result", Static)
        result.set_class(False, "-error")
        result.add_class("-shown")
        result.update("Importing…")
        self._write()

    @work(thread=True, exclusive=True, group="import-write", exit_on_error=False)
    def _write(self) -> ImportSummary:
        from storage.formats.seamwork_json.document import import_document

        with self.workshop.session() as session:
            return import_document(
                session, self.read.document, add_notes=self.read.source.adds_notes
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The import's outcome: done (the dialog closes), or one sentence saying why not
        (the workshop changed since the preview, the disk is full): nothing was written."""
        worker = event.worker
        if worker.group != "import-write" or not worker.is_finished:
            return
        event.stop()
        if not self.is_attached:
            return
        from storage.formats.seamwork_json.document import ImportSummary

        if event.state == WorkerState.SUCCESS and isinstance(worker.result, ImportSummary):
            self.dismiss(worker.result)
            return
        self.query_one("#import", Button).disabled = False
        result = self.query_one("#import-result", Static)
        result.set_class(True, "-error")
        sentence = problem_sentence(worker.error)
        result.update(Content.assemble(("✖ ", "bold"), sentence, " Nothing was written."))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def open_import(app: WorkshopApp) -> None:
    """Ask for a file, preview its import, and import it if asked: the screens then reload
    (`WorkshopEdited`) and a notification says what was imported. A read-only workshop says
    why it cannot import instead."""
    workshop = app.editable_workshop("import files into it")
    if workshop is None:
        return

    def imported(summary: ImportSummary | None) -> None:
        if summary is None:
            return
        app.notify(summary.sentence(), title="Imported", markup=False)
        app.post_message(WorkshopEdited("all"))
        if summary.workshop_updated:
            app.post_message(WorkshopEdited("workshop"))

    def preview(read: ReadSource | None) -> None:
        if read is not None:
            app.push_screen(ImportPreviewDialog(workshop, read), imported)

    folder = Path(app.path).parent
    app.push_screen(ImportPathDialog(workshop, folder), preview)
