"""Every export format behind one function, for the command line and the Export dialog alike.

- md, html: the session summary (`summary`, rendered by `markdown` / `html`);
- csv, xlsx: the workshop as one table per entity (`csv` / `xlsx`);
- json: the `seamwork/1` interchange file (`seamwork_json`);
- mermaid: the flow map alone (`mermaid`);
- archimate-xml, archi-csv: systems, data objects and flows as an ArchiMate model, for Archi
  and other modelling tools (`archimate.write`).

Nothing is ever left half-written: files go to a temporary file beside the destination that is
then renamed over it, and a CSV folder is written as a temporary folder that replaces the old
one only once complete. A failure is an `ExportError` whose `str()` is one sentence.

This module imports only the standard library at the top, so the Export dialog can read
`FORMATS` without loading SQLAlchemy; the work imports what it needs.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storage.atomic import abandoned, remove, temporary_prefix
from storage.errors import ExportError

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.formats.summary import SummaryInput

__all__ = [
    "AUDIENCES",
    "AUDIENCE_FORMATS",
    "FORMATS",
    "TEXT_FORMATS",
    "DESCRIPTIONS",
    "ExportError",
    "default_destination",
    "export",
]

FORMATS: tuple[str, ...] = (
    "md",
    "html",
    "csv",
    "xlsx",
    "json",
    "mermaid",
    "archimate-xml",
    "archi-csv",
)
# Who an export is for (storage.formats.summary.AUDIENCES, kept here so the dialog and --help
# need no import): "client" leaves the internal notes out, "team" keeps them.
AUDIENCES: tuple[str, ...] = ("client", "team")
# The formats an audience applies to: json is the whole file, mermaid holds no notes.
AUDIENCE_FORMATS: frozenset[str] = frozenset({"md", "html", "csv", "xlsx"})
# Formats that are text a person may pipe: standard output when no destination is given.
TEXT_FORMATS: frozenset[str] = frozenset({"md", "json", "mermaid"})
DESCRIPTIONS: dict[str, str] = {
    "md": "session summary in Markdown",
    "html": "session summary as a printable web page",
    "csv": "one CSV file per table, in a folder or a zip",
    "xlsx": "Excel workbook, a sheet per table",
    "json": "the seamwork/1 file (import it again anywhere)",
    "mermaid": "the flow map as a Mermaid chart",
    "archimate-xml": "systems, data objects and flows as an ArchiMate exchange file",
    "archi-csv": "systems, data objects and flows as Archi's CSV files, in a folder",
}
SUFFIXES: dict[str, str] = {
    "md": ".md",
    "html": ".html",
    "xlsx": ".xlsx",
    "json": ".json",
    "mermaid": ".mmd",
    "archimate-xml": ".xml",
}

Progress = Callable[[int, int, str], None]


def default_destination(workshop_path: Path, fmt: str, *, csv_zip: bool = False) -> Path | None:
    """Where a format goes when no destination is given: beside the workshop for html, xlsx,
    csv and the ArchiMate formats (`NAME.html`, `NAME.xlsx`, `NAME-csv/` or `NAME-csv.zip`,
    `NAME.xml`, `NAME-archi/`); None for text formats, which go to standard output."""
    fmt = _format(fmt)
    if fmt in TEXT_FORMATS:
        return None
    stem = Path(workshop_path).name.removesuffix(".seamwork") or Path(workshop_path).stem
    folder = Path(workshop_path).parent
    if fmt == "csv":
        return folder / (f"{stem}-csv.zip" if csv_zip else f"{stem}-csv")
    if fmt == "archi-csv":
        return folder / f"{stem}-archi"
    return folder / f"{stem}{SUFFIXES[fmt]}"


def _format(fmt: str) -> str:
    clean = fmt.strip().lower()
    if clean not in FORMATS:
        raise ExportError(f'Unknown export format "{fmt}"; available: {", ".join(FORMATS)}.')
    return clean


# --- writing --------------------------------------------------------------------------------


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return (exc.strerror or str(exc)).rstrip(".").lower()


def _cannot(destination: Path, why: str) -> ExportError:
    return ExportError(f'Cannot write "{destination}": {why}.')


def _check_folder(destination: Path) -> None:
    """The folder must exist and be writable. Its permission bits count even for root (as for
    workshops, `storage.probe.may_write`): a folder someone marked read-only stays untouched."""
    folder = destination.parent
    if not folder.is_dir():
        raise _cannot(destination, f'the folder "{folder}" does not exist')
    try:
        mode = folder.stat().st_mode
    except OSError as exc:
        raise _cannot(destination, _reason(exc)) from None
    if not (mode & 0o222 and os.access(folder, os.W_OK | os.X_OK)):
        raise _cannot(destination, "permission denied")


def _check_file_destination(destination: Path) -> None:
    if destination.is_dir():
        raise _cannot(destination, "it is a folder; give a file name")
    _check_folder(destination)


def _write_file(destination: Path, data: bytes) -> Path:
    from storage.atomic import write_atomically

    _check_file_destination(destination)
    try:
        return write_atomically(destination, data)
    except OSError as exc:
        raise _cannot(destination, _reason(exc)) from None


def _is_csv_export(folder: Path) -> bool:
    """A folder this export may replace: one holding nothing but CSV files (or nothing)."""
    try:
        return all(entry.is_file() and entry.suffix == ".csv" for entry in folder.iterdir())
    except OSError:
        return False


def _write_folder(destination: Path, files: dict[str, bytes]) -> Path:
    """Write `files` into a new temporary folder beside `destination`, then swap it in.

    An existing folder is replaced only when it holds nothing but CSV files (an earlier
    export), so a mistyped `-o ~/Documents` can never delete anything else.
    """
    if destination.exists() and not destination.is_dir():
        raise _cannot(destination, "it is a file; give a folder name, or a name ending in .zip")
    if destination.is_dir() and not _is_csv_export(destination):
        raise _cannot(destination, "the folder holds files that are not CSV; choose another")
    _check_folder(destination)
    for leftover in abandoned(destination):  # what a killed export here left
        remove(leftover)
    prefix = temporary_prefix(destination)
    temporary: Path | None = None
    old: Path | None = None
    try:
        temporary = Path(tempfile.mkdtemp(dir=destination.parent, prefix=prefix))
        for name, data in files.items():
            descriptor = os.open(temporary / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if destination.exists():
            old = Path(tempfile.mkdtemp(dir=destination.parent, prefix=prefix))
            os.replace(destination, old / "previous")
        os.replace(temporary, destination)
        temporary = None
    except OSError as exc:
        if old is not None and not destination.exists():
            os.replace(old / "previous", destination)  # put the earlier export back
        raise _cannot(destination, _reason(exc)) from None
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return destination


# --- exporting ------------------------------------------------------------------------------


class _Steps:
    """Counts steps for the progress callback: (done, total, what is being done now)."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self, label: str) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total, label)
        self.done += 1

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total, "Done")


def _zip_time(source: SummaryInput) -> tuple[int, int, int, int, int, int]:
    try:
        moment = datetime.fromisoformat(source.exported_at)
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute,
            moment.second)  # fmt: skip


def _created(source: SummaryInput) -> datetime | None:
    try:
        return datetime.fromisoformat(source.exported_at)
    except ValueError:
        return None


def export(
    session: Session,
    fmt: str,
    destination: Path | None = None,
    *,
    since: datetime | None = None,
    csv_zip: bool = False,
    audience: str = "client",
    progress: Progress | None = None,
) -> str | Path:
    """Export the open workshop as `fmt`.

    Text formats (md, json, mermaid) with no `destination` return the text; everything else is
    written atomically to `destination` (required for html, csv and xlsx: see
    `default_destination`) and the path returned. csv writes a folder, or a zip when `csv_zip`
    is set or the destination ends in `.zip`. `since` adds "changes since" to md and html and a
    changes table to csv and xlsx; md and html default to the day of the session before the
    current one, when there is one. `progress(done, total, label)` is called before each
    section or table and once at the end. `audience` "client" (the default) leaves the internal
    notes out of md, html, csv and xlsx; "team" keeps them (json is the whole file, always).
    """
    fmt = _format(fmt)
    if audience not in AUDIENCES:
        raise ExportError(f'Unknown audience "{audience}"; use {" or ".join(AUDIENCES)}.')
    target = Path(destination).expanduser() if destination is not None else None
    if target is None and fmt not in TEXT_FORMATS:
        raise ValueError(f"{fmt} exports need a destination; see default_destination().")
    if target is not None:  # refuse a bad destination before any work
        if fmt == "archi-csv" or (
            fmt == "csv" and not (csv_zip or target.suffix.lower() == ".zip")
        ):
            _check_folder(target)
        else:
            _check_file_destination(target)

    if fmt in ("json", "mermaid"):
        steps = _Steps(2, progress)
        steps("Reading the workshop")
        if fmt == "json":
            from storage.formats.seamwork_json.write import export_json as render
        else:
            from storage.formats.mermaid import export_mermaid as render
        text = render(session)
        return _finish_text(text, target, steps)

    if fmt in ("archimate-xml", "archi-csv"):
        from storage.formats.archimate.write import render_archi_csv, render_exchange

        assert target is not None
        steps = _Steps(3, progress)
        steps("Reading the workshop")
        if fmt == "archimate-xml":
            data = render_exchange(session)
            steps(f"Writing {target.name}")
            path = _write_file(target, data)
        else:
            files = render_archi_csv(session)
            steps(f"Writing {target.name}")
            path = _write_folder(target, files)
        steps.finish()
        return path

    from storage.formats.summary import (
        DATA_TABLE_COUNT,
        SECTION_COUNT,
        build_summary,
        collect,
        previous_session_start,
    )

    if fmt in ("md", "html"):
        steps = _Steps(SECTION_COUNT + 2, progress)
        steps("Reading the workshop")
        if since is None:  # what moved since the room last met
            since = previous_session_start(session)
        source = collect(session, since=since)
        summary = build_summary(source, progress=steps, audience=audience)
        if fmt == "md":
            from storage.formats.markdown import render_markdown

            return _finish_text(render_markdown(summary), target, steps)
        from storage.formats.html import render_html

        return _finish_text(render_html(summary), target, steps)

    from storage.formats.summary import data_tables

    steps = _Steps(DATA_TABLE_COUNT + (1 if since else 0) + 2, progress)
    steps("Reading the workshop")
    source = collect(session, since=since)
    tables = data_tables(source, audience=audience)
    assert target is not None
    if fmt == "xlsx":
        from storage.formats.xlsx import render_xlsx

        data = render_xlsx(tables, created=_created(source), progress=steps)
        steps(f"Writing {target.name}")
        path = _write_file(target, data)
    else:
        from storage.formats.csv import render_files, render_zip

        files = render_files(tables, progress=steps)
        steps(f"Writing {target.name}")
        if csv_zip or target.suffix.lower() == ".zip":
            path = _write_file(target, render_zip(files, _zip_time(source)))
        else:
            path = _write_folder(target, files)
    steps.finish()
    return path


def _finish_text(text: str, target: Path | None, steps: _Steps) -> str | Path:
    if target is None:
        steps.finish()
        return text
    steps(f"Writing {target.name}")
    path = _write_file(target, text.encode("utf-8"))
    steps.finish()
    return path
