"""Export the workshop (ctrl+e, or "Export" in the command palette): the session summary as
Markdown or HTML, the tables as CSV or Excel, the JSON interchange file, the Mermaid flow map.

The dialog only gathers choices and shows progress: `storage.formats.export` does the work in a
thread worker, reporting progress through a callback that reaches the progress bar by
`call_from_thread`, so the screen stays responsive on a 5,000-flow workshop. Exporting only
reads, so a read-only workshop exports too. Bad input (a date that is not YYYY-MM-DD, no
destination) is one sentence under its field, and nothing is written.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui.dialogs.typed_first import after_typed
from tui.widgets.form_field import FormField
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage.workshop_file import WorkshopFile

# storage.formats.export.FORMATS, each with how the dialog names it.
FORMAT_CHOICES: tuple[tuple[str, str], ...] = (
    ("Session summary · Markdown (md)", "md"),
    ("Session summary · web page (html)", "html"),
    ("Tables · CSV files (csv)", "csv"),
    ("Tables · Excel workbook (xlsx)", "xlsx"),
    ("Whole workshop · JSON (json)", "json"),
    ("Flow map · Mermaid (mermaid)", "mermaid"),
    ("Architecture model · ArchiMate exchange file (archimate-xml)", "archimate-xml"),
    ("Architecture model · Archi's CSV files (archi-csv)", "archi-csv"),
)
# Text formats go to standard output on the command line; here they go beside the workshop.
TEXT_SUFFIXES: dict[str, str] = {"md": ".md", "json": ".json", "mermaid": ".mmd"}
# The formats that can add what changed since a date (a section, or a table of changes).
SINCE_FORMATS = frozenset({"md", "html", "csv", "xlsx"})
CSV_CHOICES: tuple[tuple[str, str], ...] = (
    ("A folder of files", "folder"),
    ("One zip file", "zip"),
)
# Who the export is for: the client's copy leaves the internal notes out (see README,
# "Audience"); json and mermaid are the same for both.
AUDIENCE_CHOICES: tuple[tuple[str, str], ...] = (
    ("The client: internal notes left out", "client"),
    ("The team: internal notes included", "team"),
)
AUDIENCE_FORMATS = SINCE_FORMATS
DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
PROGRESS_EVERY = 0.05  # seconds: progress reaches the screen at most this often


class ExportCancelled(Exception):
    """Raised inside the export (from its progress callback) when the dialog was closed."""


def parse_since(text: str) -> datetime | None:
    """`YYYY-MM-DD` as local midnight of that day; None for an empty field.

    Raises ValueError with one sentence for anything else.
    """
    text = text.strip()
    if not text:
        return None
    if not DATE_SHAPE.fullmatch(text):
        raise ValueError("Type the date as YYYY-MM-DD, e.g. 2026-11-01, or leave it empty.")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a date in the calendar; type it as YYYY-MM-DD.") from None
    return datetime(day.year, day.month, day.day).astimezone()


def suggested_destination(workshop_path: Path, fmt: str, csv_zip: bool = False) -> Path:
    """Where the export goes unless the user says otherwise: storage's default for files, a
    file named after the workshop beside it for text formats (NAME.md, NAME.json, NAME.mmd)."""
    from storage.formats.export import default_destination

    found = default_destination(workshop_path, fmt, csv_zip=csv_zip)
    if found is not None:
        return found
    stem = workshop_path.name.removesuffix(".seamwork") or workshop_path.stem
    return workshop_path.with_name(stem + TEXT_SUFFIXES.get(fmt, f".{fmt}"))


@dataclass(frozen=True)
class Exported:
    """What a finished export wrote."""

    fmt: str
    path: Path


class ExportDialog(ModalScreen[Path | None]):
    """Dismisses with the last path written, or None when nothing was exported."""

    CSS = """
    #export-box {
        width: 96;
    }

    #export-grid {
        grid-size: 2;
        grid-columns: 2fr 1fr;
        grid-gutter: 0 2;
        height: auto;
    }

    #export-progress {
        height: 1;
        margin: 1 1 0 1;
    }

    #export-bar {
        width: auto;
    }

    #export-bar Bar {
        width: 40;
    }

    #export-step {
        width: 1fr;
        margin-left: 2;
        color: $text-muted;
    }

    #export-result {
        height: auto;
        min-height: 1;
        margin: 1 1 0 1;
    }

    #export-result.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "export",
            "Export",
            tooltip="Write the export with these choices",
            id="export.run",
            priority=True,
        ),
        Binding(
            "escape",
            "close",
            "Close",
            tooltip="Close; stops an export still running (nothing half-written)",
            id="export.close",
        ),
    ]

    HELP = (
        "Choose a format and where to write it; the destination is filled in for you, beside "
        "the workshop. A date (YYYY-MM-DD) adds what was added, changed "
        "or removed since then: a section of the summary, a table of the spreadsheets. CSV "
        "goes to a folder or one zip file. For the client, the internal notes (of the "
        "workshop, systems, flows and candidates) are left out; for the team, kept. Enter or "
        "ctrl+s exports; the bar shows progress and the path written appears when it is done. "
        "Escape closes, stopping an export still running: an existing file is only ever "
        "replaced whole."
    )

    def __init__(self, workshop: WorkshopFile, workshop_path: Path) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.workshop_path = Path(workshop_path)
        self.written: Path | None = None
        self._suggested = ""  # the destination last filled in; replaced while not edited
        self._last_progress = 0.0
        self._lock = threading.Lock()

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box", classes="dialog-box") as box:
            box.border_title = "Export"
            box.border_subtitle = "ctrl+s export · esc close"
            with Grid(id="export-grid"):
                yield FormField(
                    "Format",
                    Select(FORMAT_CHOICES, value="md", allow_blank=False, id="format"),
                    field="format",
                    id="field-format",
                )
                yield FormField(
                    "CSV as",
                    Select(CSV_CHOICES, value="folder", allow_blank=False, id="csv"),
                    field="csv",
                    id="field-csv",
                )
                yield FormField(
                    "Destination",
                    Input(id="destination", placeholder="Where to write it"),
                    field="destination",
                    id="field-destination",
                )
                yield FormField(
                    "Changes since (optional)",
                    Input(id="since", placeholder="YYYY-MM-DD, or empty"),
                    field="since",
                    id="field-since",
                )
                yield FormField(
                    "For",
                    Select(AUDIENCE_CHOICES, value="client", allow_blank=False, id="audience"),
                    field="audience",
                    id="field-audience",
                )
            yield Label("", id="export-about", classes="dialog-hint", markup=False)
            with Horizontal(id="export-progress"):
                yield ProgressBar(total=None, show_eta=False, id="export-bar")
                yield Label("", id="export-step", markup=False)
            yield Static("", id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close")
                yield Button("Export", id="export", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False
        self._format_changed()
        self.query_one("#format", Select).focus()

    # Choices ---------------------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return str(self.query_one("#format", Select).value)

    @property
    def audience(self) -> str:
        return str(self.query_one("#audience", Select).value)

    @property
    def csv_zip(self) -> bool:
        return self.query_one("#csv", Select).value == "zip"

    @on(Select.Changed, "#format")
    @on(Select.Changed, "#csv")
    def _format_changed(self) -> None:
        fmt = self.fmt
        self.query_one("#export-about", Label).update(self._about(fmt))
        self.query_one("#csv", Select).disabled = fmt != "csv"
        since = self.query_one("#since", Input)
        since.disabled = fmt not in SINCE_FORMATS
        self.query_one("#audience", Select).disabled = fmt not in AUDIENCE_FORMATS
        if since.disabled:
            self.query_one("#field-since", FormField).set_error(None)
        destination = self.query_one("#destination", Input)
        if destination.value in ("", self._suggested):  # not edited: follow the format
            try:
                suggested = str(suggested_destination(self.workshop_path, fmt, self.csv_zip))
            except Exception:  # storage.formats.export missing or failing: the user types a path
                suggested = ""
            self._suggested = suggested
            with destination.prevent(Input.Changed):
                destination.value = suggested
            destination.cursor_position = len(suggested)

    @staticmethod
    def _about(fmt: str) -> str:
        from storage.formats.export import DESCRIPTIONS

        about = DESCRIPTIONS.get(fmt, "")
        return about[:1].upper() + about[1:] + "." if about else ""

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        field = event.input.parent
        if isinstance(field, FormField) and field.error:
            field.set_error(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    # Exporting -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return any(worker.is_running for worker in self._export_workers())

    def _export_workers(self) -> list[Worker[object]]:
        return [w for w in self.app.workers if w.node is self and w.group == "export"]

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        """Export once the keys typed before ctrl+s are in the path (`after_typed`)."""
        after_typed(self, self.export_now)

    def export_now(self) -> None:
        if self.running:
            return
        errors: dict[str, str] = {}
        since: datetime | None = None
        fmt = self.fmt
        if fmt in SINCE_FORMATS:
            try:
                since = parse_since(self.query_one("#since", Input).value)
            except ValueError as exc:
                errors["since"] = str(exc)
        text = self.query_one("#destination", Input).value.strip()
        if not text:
            errors["destination"] = "Say where to write the export (a file or folder path)."
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.field))
        if errors:
            first = next(iter(errors))
            self.query_one(f"#{first}").focus()
            return
        destination = Path(text).expanduser()
        self._show_result(None)
        bar = self.query_one("#export-bar", ProgressBar)
        bar.update(total=None, progress=0)
        self.query_one("#export-step", Label).update("Reading the workshop…")
        self.query_one("#export-progress").display = True
        self.query_one("#export", Button).disabled = True
        self._last_progress = 0.0
        audience = self.audience if fmt in AUDIENCE_FORMATS else "client"
        self._run(fmt, destination, since, self.csv_zip, audience)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _run(
        self,
        fmt: str,
        destination: Path,
        since: datetime | None,
        csv_zip: bool,
        audience: str = "client",
    ) -> Exported:
        from storage.atomic import write_atomically
        from storage.formats.export import export

        worker = get_current_worker()

        def progress(done: int, total: int, step: str) -> None:
            if worker.is_cancelled:
                raise ExportCancelled
            now = time.monotonic()
            with self._lock:  # at most one update per PROGRESS_EVERY, and always the last
                if done < total and now - self._last_progress < PROGRESS_EVERY:
                    return
                self._last_progress = now
            self.app.call_from_thread(self._show_progress, done, total, step)

        with self.workshop.session() as session:
            result = export(
                session,
                fmt,
                destination,
                since=since,
                csv_zip=csv_zip,
                audience=audience,
                progress=progress,
            )
        if isinstance(result, str):  # text handed back rather than written: write it here
            result = write_atomically(destination, result.encode("utf-8"))
        return Exported(fmt, Path(result))

    def _show_progress(self, done: int, total: int, step: str) -> None:
        if not self.is_attached:
            return
        bar = self.query_one("#export-bar", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#export-step", Label).update(step)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every outcome of the export is shown here (errors never reach the app's handler:
        they are the export's answer, one sentence in the dialog)."""
        worker = event.worker
        if worker.group != "export" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        event.stop()
        if not self.is_attached:
            return
        self.query_one("#export", Button).disabled = False
        bar = self.query_one("#export-bar", ProgressBar)
        if event.state == WorkerState.SUCCESS:
            exported = worker.result
            assert isinstance(exported, Exported)
            self.written = exported.path
            total = bar.total or 1  # full, in the steps it was counting
            bar.update(total=total, progress=total)
            self.query_one("#export-step", Label).update("Done")
            self._show_result(exported.path)
        else:
            self.query_one("#export-progress").display = False
            self._show_error(worker.error)

    def _show_result(self, path: Path | None) -> None:
        result = self.query_one("#export-result", Static)
        result.set_class(False, "-error")
        if path is None:
            result.update("")
            return
        result.update(Content.assemble(("✔ Wrote ", "bold $text-success"), (str(path), "bold")))

    def _show_error(self, error: BaseException | None) -> None:
        from storage.formats.export import ExportError

        if isinstance(error, ExportCancelled) or error is None:
            message = "The export was stopped; nothing was written."
        elif isinstance(error, ExportError):
            message = str(error)
        elif isinstance(error, OSError):
            where = error.filename or "the destination"
            reason = (error.strerror or str(error)).lower()
            message = f"Cannot write {where}: {reason}."
        else:
            message = f"The export failed: {error}."
        result = self.query_one("#export-result", Static)
        result.set_class(True, "-error")
        result.update(Content.assemble(("✖ ", "bold"), message))

    @property
    def result_text(self) -> str:
        """The result line as plain text (what a person reads there)."""
        return str(self.query_one("#export-result", Static).render())

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        for worker in self._export_workers():
            if worker.is_running:
                worker.cancel()  # the progress callback stops the export at its next step
        self.dismiss(self.written)
