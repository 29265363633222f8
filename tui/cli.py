"""The `seamwork` command line.

Only the standard library and `storage.probe` are imported at the top, so `--version` answers at
once and `seamwork PATH` reaches its first frame quickly; SQLModel is imported by the commands
that open a workshop, Textual only by the command that opens the app.

Every failure the user can cause (bad usage, bad files, bad import sources) is one sentence on
stderr and exit status 2; `check` exits 1 when a blocker exists. `main` never raises SystemExit,
so tests call it directly and the console script exits with what it returns.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from storage.errors import ImportValidationError, StorageFault
from storage.probe import WorkshopFileError, probe

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from storage.location import ServerLocation
    from storage.workshop_file import WorkshopFile

PROG = "seamwork"
VERSION_FALLBACK = "0.1.0"
COMMANDS = ("demo", "import", "export", "check", "priorities", "copy", "serve")
PLANNED_COMMANDS: tuple[str, ...] = ()
# The same as storage.formats.export.FORMATS, kept here so --help needs no import.
EXPORT_FORMATS = (
    "md",
    "html",
    "csv",
    "xlsx",
    "json",
    "mermaid",
    "archimate-xml",
    "archi-csv",
)
SINCE_FORMATS = ("md", "html", "csv", "xlsx")
# Who an export is for (storage.formats.export.AUDIENCES): the client's copy, the default,
# leaves the internal notes out; the team's keeps them. json is the whole file, always.
AUDIENCES = ("client", "team")
AUDIENCE_FORMATS = SINCE_FORMATS
CHECK_FORMATS = ("text", "json")
PRIORITIES_FORMATS = ("text", "json")

EXIT_OK = 0
EXIT_BLOCKER = 1
EXIT_ERROR = 2
CHANGES_PRINTED = 50  # `seamwork import` lists this many changes, then "and N more"


class CommandError(Exception):
    """A failure to report as one sentence with exit status 2 (`str()` is the sentence)."""


class _Exit(Exception):
    """argparse finished on its own (`--help`): return this status instead of exiting."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but bad usage becomes one sentence and nothing calls `sys.exit`."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{self.prog}: {message}; see {self.prog} --help.")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            print(message.rstrip(), file=sys.stderr)
        raise _Exit(status)


def version() -> str:
    """The installed distribution's version; the constant when running from a bare checkout."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version("seamwork")
    except PackageNotFoundError:
        return VERSION_FALLBACK


def _help_text() -> str:
    from storage.paths import default_workshop_path

    return f"""\
usage: seamwork [--read-only] [PATH]
       seamwork COMMAND ...

Plan business-systems integration in a workshop. Everything typed is saved at once to one
local file.

commands:
  seamwork [PATH]                        open PATH in the app (created if missing)
  seamwork --read-only PATH              open PATH in the app read-only: look, export and
                                         check; edits saved in other windows show as they
                                         are made
  seamwork demo PATH                     write a sample workshop (a multichannel wholesaler)
  seamwork import PATH SOURCE            merge a seamwork/1 JSON file, an Archi model, an
                                         ArchiMate exchange file or Archi's CSV export into
                                         PATH (created if missing); a bad SOURCE changes
                                         nothing
  seamwork export PATH -f FORMAT [-o OUT] [--since YYYY-MM-DD] [--audience client|team]
                                         FORMAT: md or html (the session summary), csv or
                                         xlsx (a table per entity), json (the seamwork/1
                                         file), mermaid (the flow map), archimate-xml or
                                         archi-csv (the estate for ArchiMate tools); md, json
                                         and mermaid go to stdout without -o, the others
                                         beside PATH
  seamwork check PATH [-f text|json]     list findings; exit status 1 when a blocker exists
  seamwork priorities PATH [-f text|json]
                                         the ranked candidates: rank, score, phase, stable
                                         or fragile (a 20% move of one weight changes the
                                         rank), incomplete (a score missing)
  seamwork copy SOURCE DESTINATION      copy a whole workshop, its history with it, to a
                                         new file or server workshop (either way)
  seamwork serve PATH [--port N] [--host H] [--edit]
                                         serve the app to browsers (one app per browser),
                                         read-only unless --edit, on 127.0.0.1:8000 unless
                                         told otherwise; prints the address to open

options:
  -h, --help     show this help and exit
  -V, --version  print the version and exit

Without PATH the app opens {default_workshop_path()}.
To open a file named like a command, write ./NAME. See seamwork COMMAND --help.
Errors are one sentence on stderr, exit status 2.
"""


def _out(text: str) -> None:
    """Write to stdout as UTF-8 whatever the locale says: exports hold any name a client uses.

    Control characters are shown, not sent (`for_terminal`): a file written by an older version
    may hold ESC sequences in free text, and a terminal would act on them."""
    from models.characters import for_terminal

    text = for_terminal(text)
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _say(line: str) -> None:
    _out(line + "\n")


def _warn(line: str) -> None:
    """One line on stderr. Values quoted in it come from files and may be hostile: control
    characters are shown, not sent (see `_out`), and so are line breaks, so it stays one line
    (`no flow "A\\n-> B: C"`)."""
    from models.characters import for_terminal

    print(for_terminal(line.rstrip("\n")).replace("\n", "\\n"), file=sys.stderr)


def _looks_like_command(word: str) -> bool:
    """A bare lower-case word that names no file is a mistyped command, not a new workshop."""
    return bool(re.fullmatch(r"[a-z][a-z0-9-]*", word)) and not Path(word).exists()


def _unknown_command(word: str) -> CommandError:
    close = difflib.get_close_matches(word, COMMANDS + PLANNED_COMMANDS, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return CommandError(f'{PROG}: unknown command "{word}"{hint}; see {PROG} --help.')


# --- opening workshops ----------------------------------------------------------------------


def _database_error(path: Path | ServerLocation, exc: StorageFault) -> CommandError:
    """SQLite errors past the probe (a damaged page, a full disk) as one sentence."""
    if exc.disk_full:
        return CommandError(
            f"{PROG}: the disk holding {path} is full ({exc.detail}); free some space and try "
            "again."
        )
    return CommandError(f"{PROG}: {path} could not be read ({exc.detail}).")


def _refuse_empty(path: Path, info: Any) -> None:
    """A zero-length file, or an SQLite file with no tables and no application id, holds
    nothing of Seamwork's: it may be another program's file not yet written, so it is refused
    rather than taken over (`probe` reports both as not existing)."""
    if not info.exists and not info.unfinished and path.exists():
        raise CommandError(
            f"{PROG}: {path} is empty, not a Seamwork workshop; to start a new workshop there, "
            f"delete it and run: {PROG} {path}"
        )


def _on_server(location: Path | ServerLocation) -> TypeIs[ServerLocation]:
    return not isinstance(location, Path)


def _location(text: str) -> Path | ServerLocation:
    """A workshop argument: a file's path, or a PostgreSQL URL (one sentence if unusable).
    `storage.location` is imported here, not at the top: `--version` never needs it."""
    from storage.location import LocationError, parse_location

    try:
        return parse_location(text)
    except LocationError as exc:
        raise CommandError(f"{PROG}: {exc}") from None


def _open_for_reading(path: Path | ServerLocation) -> WorkshopFile:
    """Open for `export` and `check`: read-only, except that an older file is upgraded first.

    An older schema cannot be read by this version's queries, and upgrading needs to write, so
    it happens only when the file is writable (and not open in another window); `open_workshop`
    keeps a backup copy. On a server an older workshop is upgraded in one transaction first.
    """
    if _on_server(path):
        from storage.workshop_file import open_workshop

        open_workshop(path, create=False).close()  # upgraded if older; refused if missing
        return open_workshop(path, create=False, read_only=True)
    info = probe(path)
    if not info.exists:
        if info.unfinished:
            raise CommandError(
                f"{PROG}: {path} is an unfinished Seamwork workshop (its creation was "
                "interrupted); open it in Seamwork or import into it to start it afresh."
            )
        _refuse_empty(path, info)
        raise CommandError(f"{PROG}: {path} does not exist.")
    from storage.workshop_file import open_workshop

    if info.needs_migration:
        if not info.writable:
            raise CommandError(
                f"{PROG}: {path} was saved by an older version of Seamwork and must be "
                "upgraded, but the file is read-only."
            )
        workshop = open_workshop(path, create=False)
        if workshop.backup is not None:
            _warn(f"{PROG}: upgraded {path}; the original is kept in {workshop.backup}.")
        return workshop
    return open_workshop(path, create=False, read_only=True)


def _reading(path: Path | ServerLocation, work: Callable[[Any], Any]) -> Any:
    """Run `work(session)` on the workshop at `path` opened for reading, then close it."""
    workshop = _open_for_reading(path)
    try:
        with workshop.session() as session:
            return work(session)
    except StorageFault as exc:
        raise _database_error(path, exc) from None
    finally:
        workshop.close()


# --- commands -------------------------------------------------------------------------------


def cmd_open(path_arg: str | None, *, read_only: bool = False) -> int:
    """Open the app; bad files are refused here so they never reach it.

    `read_only` opens an existing workshop without writing to it (an older one is refused: it
    must be upgraded first); the app says why it is read-only and follows other windows' edits.
    Only the probe is read here, so the first frame comes as quickly as ever.
    """
    if path_arg:
        location = _location(path_arg)
        if _on_server(location):
            return _run_app(location, read_only=read_only)
        path = location
    else:
        from storage.paths import default_workshop_path

        path = default_workshop_path()
    info = probe(path)
    _refuse_empty(path, info)
    if read_only and not info.exists:
        _open_for_reading(path)  # says why: missing or unfinished (nothing is opened)
    if read_only and info.needs_migration:
        raise CommandError(
            f"{PROG}: {path} was saved by an older version of Seamwork and must be upgraded "
            f"before it can be opened read-only; run {PROG} check {path} once to upgrade it."
        )
    if info.needs_migration and not info.writable:
        raise CommandError(
            f"{PROG}: {path} was saved by an older version of Seamwork and must be upgraded, "
            "but the file is read-only."
        )
    return _run_app(path, read_only=read_only)


def _run_app(path: Path | ServerLocation, *, read_only: bool = False) -> int:
    _quick_escape()
    # No collection while the app's modules load (CPython ran a dozen, a full one among them,
    # before the first frame); then they are set aside for good (`gc.freeze`): no later
    # collection walks them again.
    gc.disable()
    try:
        from tui.app import run_app
    finally:
        gc.freeze()
        gc.enable()
    try:
        return run_app(path, read_only=True) if read_only else run_app(path)
    finally:
        from tui.stylesheet import keep_on_disk

        keep_on_disk()  # the next start reads the parsed stylesheet back (`tui.stylesheet`)


ESCAPE_DELAY_MS = 25


def _quick_escape() -> None:
    """Escape acts after 25 ms rather than Textual's 100 (before Textual is imported: it
    reads ESCDELAY once). A terminal sends escape as the first byte of the arrow keys too, so
    a lone escape is told apart by waiting; a terminal's key sequence arrives whole, in one
    write, and 25 ms is ncurses' usual setting. Escape clears filters and closes dialogs
    (the Flows filter's escape waited 100 ms of its 160). An ESCDELAY of the user's own is
    kept, for a link slow enough to split a sequence."""
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))


def cmd_demo(args: argparse.Namespace) -> int:
    from storage.demo import write_demo

    location = _location(args.path)
    path = write_demo(location)
    if _on_server(location):
        _say(f"Wrote the demo workshop to {location}; open it with: seamwork URL")
        return EXIT_OK
    _say(f"Wrote the demo workshop to {path}; open it with: seamwork {path}")
    return EXIT_OK


def _read_source(source: str) -> str:
    """The text of an import source, refused unread past the size limit (stdin included)."""
    from storage.formats.seamwork_json.parse import MAX_BYTES, size_problem

    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CommandError(f"{PROG}: {source} does not exist.") from None
    except IsADirectoryError:
        raise CommandError(f"{PROG}: {source} is a folder, not a JSON file.") from None
    except PermissionError:
        raise CommandError(f"{PROG}: cannot read {source}: permission denied.") from None
    except OSError as exc:
        raise CommandError(f"{PROG}: cannot read {source}: {exc.strerror or exc}.") from None
    too_large = size_problem(len(data))
    if too_large:
        raise CommandError(f"{PROG}: {source}: {too_large}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{PROG}: {source} is not UTF-8 text (a bad byte at offset {exc.start})."
        ) from None


def _column_map(pairs: Sequence[str]) -> dict[str, str]:
    """`--map COLUMN=FIELD`, each given once, as a dict (the column as the header has it)."""
    mapped: dict[str, str] = {}
    for pair in pairs:
        column, equals, target = pair.partition("=")
        if not equals or not column.strip() or not target.strip():
            raise CommandError(f'{PROG}: --map takes COLUMN=FIELD, not "{pair}".')
        mapped[column.strip()] = target.strip()
    return mapped


def _document_of(args: argparse.Namespace) -> tuple[Any, bool]:
    """The import source of `args`, validated whole as a seamwork/1 document, and whether its
    notes add to the workshop's (`Source.adds_notes`: a client's source) or replace them.

    A JSON file (or stdin) is read as it always was; any other source (an Archi model, an
    exchange file, Archi's CSV, a spreadsheet) is told by its content, mapped, and its
    mapping printed before the import.
    """
    import json  # only here: not imported before the app's first frame

    from storage.formats.seamwork_json.document import parse_document

    source = args.source
    column_map = _column_map(args.map or [])
    if source != "-":
        from storage.formats import sources

        try:
            kind = sources.sniff(Path(source).expanduser())
        except ImportValidationError as exc:
            raise CommandError(f"{PROG}: {exc}") from None
        if kind != sources.JSON:
            try:
                read = sources.read_source(
                    Path(source).expanduser(), sources.ReadOptions(column_map=column_map)
                )
                document = parse_document(json.dumps(read.document))
            except ImportValidationError as exc:
                raise CommandError(f"{PROG}: {source}: {exc}") from None
            for line in read.lines():
                _say(line)
            return document, read.adds_notes
    if column_map:
        raise CommandError(f"{PROG}: --map applies to spreadsheets and CSV files, not JSON.")
    text = _read_source(source)
    try:
        return parse_document(text), False
    except ImportValidationError as exc:
        raise CommandError(f"{PROG}: {source}: {exc}") from None


def _remove_new_file(path: Path, created_folders: list[Path]) -> None:
    """Undo creating a workshop whose import failed, so a bad source changes nothing."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    for folder in created_folders:
        try:
            folder.rmdir()
        except OSError:
            break


def _missing_folders(path: Path) -> list[Path]:
    """The folders `open_workshop` would create for `path`, innermost first."""
    missing = []
    folder = path.parent
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    return missing


def cmd_import(args: argparse.Namespace) -> int:
    """Validate the whole source before the workshop is even opened; then write it at once."""
    location = _location(args.path)
    if _on_server(location):
        return _import_to_server(args, location)
    path = location
    info = probe(path)
    _refuse_empty(path, info)
    from storage.formats.seamwork_json.document import import_document

    document, add_notes = _document_of(args)

    from storage.errors import ReadOnlyError
    from storage.workshop_file import open_workshop

    new_folders = _missing_folders(path)
    created = not info.exists and not path.exists()
    workshop = open_workshop(path, create=True)
    if workshop.afresh:
        _warn(f"{PROG}: {path} was an unfinished workshop (its creation was interrupted); "
              "it was started afresh.")  # fmt: skip
    done = False
    try:
        if workshop.read_only_reason:
            raise CommandError(f"{PROG}: cannot import into {path}: {workshop.read_only_reason}.")
        with workshop.session() as session:
            summary = import_document(session, document, add_notes=add_notes)
        done = True
    except ImportValidationError as exc:
        raise CommandError(f"{PROG}: {args.source}: {exc}") from None
    except ReadOnlyError as exc:
        raise CommandError(f"{PROG}: {exc}") from None
    except StorageFault as exc:
        raise _database_error(path, exc) from None
    finally:
        workshop.close()
        if created and not done:
            _remove_new_file(path, new_folders)
    _say(f"{path}: {summary.sentence()}")
    if not created:  # a merge is checked by its changes; a new workshop's are all "new"
        for line in summary.change_lines(CHANGES_PRINTED):
            _say(f"  {line}")
    return EXIT_OK


def _import_to_server(args: argparse.Namespace, location: ServerLocation) -> int:
    """`import` into a workshop on a server: created if missing (and dropped again if the
    import fails, so nothing is left behind)."""
    from storage.formats.seamwork_json.document import import_document

    document, add_notes = _document_of(args)
    from storage.server import drop_workshop
    from storage.workshop_file import open_workshop

    workshop = open_workshop(location, create=True)
    done = False
    try:
        with workshop.session() as session:
            summary = import_document(session, document, add_notes=add_notes)
        done = True
    except ImportValidationError as exc:
        raise CommandError(f"{PROG}: {args.source}: {exc}") from None
    except StorageFault as exc:
        raise _database_error(location, exc) from None
    finally:
        workshop.close()
        if workshop.created and not done:
            drop_workshop(location)
    _say(f"{location}: {summary.sentence()}")
    if not workshop.created:
        for line in summary.change_lines(CHANGES_PRINTED):
            _say(f"  {line}")
    return EXIT_OK


def _since(text: str) -> datetime:
    """`--since YYYY-MM-DD` as midnight UTC that day."""
    from datetime import UTC

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f'{PROG}: --since takes a date as YYYY-MM-DD, not "{text}".') from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _export_progress() -> tuple[Callable[[int, int, str], None] | None, Callable[[], None]]:
    """A Rich progress bar on stderr when stderr is a terminal (never mixed into stdout, which
    may be the export itself); otherwise no progress at all. Returns (callback, stop)."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("Exporting", total=None)
    bar.start()

    def update(done: int, total: int, label: str) -> None:
        bar.update(task, completed=done, total=total, description=label)

    return update, bar.stop


def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format.strip().lower()
    if fmt not in EXPORT_FORMATS:
        available = ", ".join(EXPORT_FORMATS)
        raise CommandError(f'{PROG}: export format "{fmt}" is not known; available: {available}.')
    since = _since(args.since) if args.since else None
    if since is not None and fmt not in SINCE_FORMATS:
        raise CommandError(
            f"{PROG}: --since applies to the {', '.join(SINCE_FORMATS)} exports, not {fmt}."
        )
    if args.zip and fmt != "csv":
        raise CommandError(f"{PROG}: --zip applies to the csv export only.")
    audience = (args.audience or "client").strip().lower()
    if audience not in AUDIENCES:
        raise CommandError(f'{PROG}: --audience takes client or team, not "{args.audience}".')
    if args.audience is not None and fmt not in AUDIENCE_FORMATS:
        raise CommandError(
            f"{PROG}: --audience applies to the {', '.join(AUDIENCE_FORMATS)} exports; "
            f"{fmt} is the whole workshop, always."
        )
    location = _location(args.path)
    # On a server, the workshop's name in the working folder: what exports are named after.
    path = Path(location.workshop) if _on_server(location) else location
    out = Path(args.output).expanduser() if args.output else None
    csv_folder = fmt == "archi-csv" or (
        fmt == "csv" and not args.zip and (out is None or out.suffix.lower() != ".zip")
    )
    if out is not None:
        same = path.exists() and out.resolve() == path.resolve()
        if out.exists() and location == path and same:
            raise CommandError(f"{PROG}: {out} is the workshop itself; choose another file name.")
        if out.is_dir() and not csv_folder:
            raise CommandError(f"{PROG}: {out} is a folder; give a file name to write.")
        if not out.parent.is_dir():
            raise CommandError(
                f"{PROG}: cannot write {out}: the folder {out.parent} does not exist."
            )

    from storage.errors import ExportError
    from storage.formats.export import default_destination, export

    if out is None:
        out = default_destination(path, fmt, csv_zip=args.zip)  # None: standard output
    progress, stop = _export_progress()

    def work(session: Any) -> str | Path:
        return export(
            session,
            fmt,
            out,
            since=since,
            csv_zip=args.zip,
            audience=audience,
            progress=progress,
        )

    try:
        result = _reading(location, work)
    except ExportError as exc:
        sentence = str(exc)
        raise CommandError(f"{PROG}: {sentence[:1].lower()}{sentence[1:]}") from None
    finally:
        stop()
    if isinstance(result, str):
        _out(result)
        return EXIT_OK
    _say(f"Wrote {result}.")
    return EXIT_OK


def _findings_text(findings: Sequence[Any], summary: dict[str, int], *, empty: bool = False) -> str:
    if not findings:
        if empty:  # as the Overview says: an empty workshop is not "ready"
            return "Nothing to check yet: the workshop has no systems or flows.\n"
        return "No findings.\n"
    lines = []
    for finding in findings:
        subjects = f" [{', '.join(finding.subjects)}]" if finding.subjects else ""
        lines.append(f"{finding.severity.value:<7}  {finding.code}: {finding.message}{subjects}")
    count = len(findings)
    tally = ", ".join(
        f"{n} {severity}{'s' if n != 1 and severity != 'info' else ''}"
        for severity, n in summary.items()
    )
    lines.append(f"{count} finding{'s' if count != 1 else ''}: {tally}.")
    return "\n".join(lines) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    import json  # only here: not imported before the app's first frame

    fmt = args.format.strip().lower()
    if fmt not in CHECK_FORMATS:
        raise CommandError(
            f'{PROG}: check format "{fmt}" is not known; available: {", ".join(CHECK_FORMATS)}.'
        )
    from models.finding import has_blocker, summarise

    location = _location(args.path)
    readiness = None if _on_server(location) else _kept_readiness(location)
    if readiness is None:
        from storage.queries.readiness import load_readiness

        readiness = _reading(location, load_readiness)
    findings = [item.finding for item in readiness.findings]
    summary = summarise(findings)
    if fmt == "json":
        payload = {"findings": [finding.as_json() for finding in findings], "summary": summary}
        _out(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        counts = readiness.counts
        _out(_findings_text(findings, summary, empty=not (counts.systems or counts.flows)))
    return EXIT_BLOCKER if has_blocker(findings) else EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    """Copy a whole workshop, history and all, to a place that holds nothing yet: a file or a
    workshop on a server, either way."""
    source = _location(args.source)
    destination = _location(args.destination)
    if _same_place(source, destination):
        raise CommandError(
            f"{PROG}: {args.destination} is {args.source} itself; copy to a new place."
        )
    from storage.copy import copy_workshop
    from storage.formats.sources import counted

    workshop = _open_for_reading(source)
    try:
        summary = copy_workshop(workshop, destination)
    except StorageFault as exc:
        raise _database_error(source, exc) from None
    finally:
        workshop.close()
    _say(
        f'Copied "{summary.workshop}" to {destination}: '
        f"{counted(summary.count('system'), 'systems')}, "
        f"{counted(summary.count('flow'), 'flows')}, "
        f"{counted(summary.count('scenario_check'), 'checks')} and "
        f"{counted(summary.count('step'), 'steps')} of history."
    )
    return EXIT_OK


def _same_place(one: Path | ServerLocation, other: Path | ServerLocation) -> bool:
    if _on_server(one) or _on_server(other):
        return one == other
    return one.exists() and other.exists() and one.samefile(other)


def _kept_readiness(path: Path) -> Any:
    """The findings the file keeps for its present state (`storage.findings_cache`), read
    with the standard library: `check` then answers without loading storage at all. None
    when it keeps none that is current, or the file needs more than a read."""
    from storage.peek import peek_readiness

    info = probe(path)
    if not info.exists or info.needs_migration:
        return None
    return peek_readiness(path)


def _score_text(score: float | None, decimals: int) -> str:
    return "-" if score is None else f"{score:.{decimals}f}"


def _priorities_payload(method: Any, ranking: Sequence[Any], phases: dict[str, Any]) -> Any:
    """design.md's `{"method", "candidates": [{"rank", "name", "score", "phase", "stable",
    "incomplete"}]}`, scores rounded as the text shows them."""
    from models.enums import ScoringMethod

    decimals = 2 if method is ScoringMethod.WSJF else 1
    return {
        "method": method.value,
        "candidates": [
            {
                "rank": line.rank,
                "name": line.name,
                "score": None if line.score is None else round(line.score, decimals),
                "phase": phases.get(line.name),
                "stable": line.stable,
                "incomplete": line.incomplete,
            }
            for line in ranking
        ],
    }


def _priorities_text(method: Any, ranking: Sequence[Any], phases: dict[str, Any]) -> str:
    """An aligned table under a title naming the method (names may be any width of text)."""
    from rich.cells import cell_len

    from models.enums import ScoringMethod, describe

    decimals = 2 if method is ScoringMethod.WSJF else 1
    scale = "cost of delay / job size" if method is ScoringMethod.WSJF else "0 to 100"
    title = f"Candidates ranked by {describe(method).split(' (')[0]} ({scale}); ties by name."
    if not ranking:
        return f"{title}\nNo candidates yet.\n"
    rows = [("rank", "name", "score", "phase", "stability", "")]
    for line in ranking:
        phase = phases.get(line.name)
        stability = "-" if line.stable is None else ("stable" if line.stable else "fragile")
        incomplete = f"on {', '.join(line.fragile_on)}" if line.stable is False else ""
        if line.incomplete:
            incomplete = "incomplete"
            if line.missing:
                incomplete += f" (no score on {', '.join(line.missing)})"
        rows.append(
            (
                "-" if line.rank is None else str(line.rank),
                line.name,
                _score_text(line.score, decimals),
                "-" if phase is None else str(phase),
                stability,
                incomplete,
            )
        )
    widths = [max(cell_len(row[i]) for row in rows) for i in range(5)]
    right = (True, False, True, True, False)
    lines = [title]
    for row in rows:
        cells = []
        for i in range(5):
            pad = " " * (widths[i] - cell_len(row[i]))
            cells.append(pad + row[i] if right[i] else row[i] + pad)
        lines.append(("  ".join(cells) + "  " + row[5]).rstrip())
    complete = sum(not line.incomplete for line in ranking)
    fragile = sum(line.stable is False for line in ranking)
    lines.append(
        f"{len(ranking)} candidate{'s' if len(ranking) != 1 else ''}: {complete} ranked, "
        f"{len(ranking) - complete} incomplete, {fragile} fragile."
    )
    return "\n".join(lines) + "\n"


def cmd_priorities(args: argparse.Namespace) -> int:
    import json  # only here: not imported before the app's first frame

    fmt = args.format.strip().lower()
    if fmt not in PRIORITIES_FORMATS:
        available = ", ".join(PRIORITIES_FORMATS)
        raise CommandError(
            f'{PROG}: priorities format "{fmt}" is not known; available: {available}.'
        )
    from storage.queries.priorities import load_priorities

    board = _reading(_location(args.path), load_priorities)
    ranking = board.ranking()
    phases = {row.name: row.phase for row in board.candidates}
    if fmt == "json":
        payload = _priorities_payload(board.method, ranking, phases)
        _out(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        _out(_priorities_text(board.method, ranking, phases))
    return EXIT_OK


DEFAULT_SERVE_HOST = "127.0.0.1"
DEFAULT_SERVE_PORT = 8000


def _serve_port(text: str) -> int:
    try:
        port = int(text.strip())
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise CommandError(f'{PROG}: --port takes a number from 1 to 65535, not "{text}".')
    return port


def cmd_serve(args: argparse.Namespace) -> int:
    """Check everything the user can get wrong (the port, the host, the workshop) before the
    server starts, so a mistake is one sentence and nothing is left listening or written."""
    port = _serve_port(args.port)
    host = args.host.strip()
    if not host:
        raise CommandError(f"{PROG}: --host takes an address or a host name, not nothing.")
    target = args.path
    _check_serves(target, edit=args.edit)
    from tui.serve import ServeError, public, serve

    if public(host):
        can = "see and change" if args.edit else "see"
        _warn(f"{PROG}: warning: {host} is not this machine alone: anyone who can reach port "
              f"{port} can {can} this workshop.")  # fmt: skip
    try:
        return serve(target, host=host, port=port, edit=args.edit, say=_say)
    except ServeError as exc:
        raise CommandError(f"{PROG}: {exc}") from None


def _check_serves(target: str, *, edit: bool) -> None:
    """The workshop must open before anyone is told to look at it: a missing, damaged or
    foreign file is refused here, in one sentence. An older file is upgraded (with a backup
    copy), as `check` does, since the app processes cannot upgrade it read-only."""
    location = _location(target)
    workshop = _open_for_reading(location)
    workshop.close()
    if _on_server(location):
        return  # every window on a server may write
    path = location
    if edit and not probe(path).writable:
        raise CommandError(f"{PROG}: cannot serve {path} for editing: the file is read-only.")


# --- parsing --------------------------------------------------------------------------------


def _parser(command: str) -> _Parser:
    """The parser of one command (`seamwork demo`, ...), with its `--help`."""
    prog = f"{PROG} {command}"
    if command == "demo":
        parser = _Parser(prog=prog, description="Write a sample workshop to a new file.")
        parser.add_argument("path", metavar="PATH", help="the new workshop file")
    elif command == "import":
        parser = _Parser(
            prog=prog,
            description="Merge a source into a workshop, matching entries by name: a "
            "seamwork/1 JSON file, or what the client already has (an Archi model, an "
            "ArchiMate exchange file, Archi's CSV export, a spreadsheet). The whole source is "
            "checked first; a bad source changes nothing.",
        )
        parser.add_argument("path", metavar="PATH", help="the workshop (created if missing)")
        parser.add_argument(
            "source",
            metavar="SOURCE",
            help="a seamwork/1 JSON file (or - for stdin), an Archi model (.archimate), an "
            "ArchiMate exchange file (.xml), Archi's CSV export (its folder or elements.csv), "
            "or a spreadsheet of systems or of flows (.xlsx, .csv); told by its content",
        )
        parser.add_argument(
            "--map",
            action="append",
            metavar="COLUMN=FIELD",
            help="for a spreadsheet: read COLUMN as FIELD (a field's name, notes, or skip), "
            "overriding the header's matching; repeat for more columns",
        )
    elif command == "export":
        parser = _Parser(prog=prog, description="Write the workshop in another format.")
        parser.add_argument("path", metavar="PATH", help="the workshop")
        parser.add_argument(
            "-f",
            "--format",
            required=True,
            metavar="FORMAT",
            help="md or html: the session summary; csv or xlsx: a table per entity; "
            "json: the seamwork/1 file; mermaid: the flow map; archimate-xml or archi-csv: "
            "systems, data objects and flows for Archi and other ArchiMate tools",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="OUT",
            help="where to write (a csv export writes a folder, or a zip when OUT ends in "
            ".zip); without it md, json and mermaid go to standard output, the others beside "
            "the workshop (NAME.html, NAME.xlsx, NAME-csv/, NAME.xml, NAME-archi/)",
        )
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="add what was added, changed or removed since that day (md, html, csv, xlsx)",
        )
        parser.add_argument(
            "--zip", action="store_true", help="csv: write one zip file instead of a folder"
        )
        parser.add_argument(
            "--audience",
            metavar="client|team",
            help="client (the default): leave out the internal notes of the workshop, systems, "
            "flows and candidates; team: include them (md, html, csv, xlsx)",
        )
    elif command == "copy":
        parser = _Parser(
            prog=prog,
            description="Copy a whole workshop, with its audit trail and undo history, between "
            "files and servers, either way. The destination must not exist: a copy never "
            "replaces anything. The copy appears whole or not at all.",
        )
        parser.add_argument(
            "source", metavar="SOURCE", help="the workshop to copy (a file or a URL)"
        )
        parser.add_argument(
            "destination",
            metavar="DESTINATION",
            help="the new workshop: a file, or postgresql://...?workshop=NAME",
        )
    elif command == "serve":
        parser = _Parser(
            prog=prog,
            description="Serve the app to web browsers (textual-serve): every browser that "
            "opens the address gets an app of its own on the workshop. Read-only unless "
            "--edit. Anyone who can reach the port can see the workshop: share it through "
            "an ssh tunnel or a reverse proxy with a login, not on an open network.",
        )
        parser.add_argument("path", metavar="PATH", help="the workshop (it must exist)")
        parser.add_argument(
            "--port",
            metavar="N",
            default=str(DEFAULT_SERVE_PORT),
            help=f"the port to listen on (default {DEFAULT_SERVE_PORT})",
        )
        parser.add_argument(
            "--host",
            metavar="H",
            default=DEFAULT_SERVE_HOST,
            help=f"the address to listen on (default {DEFAULT_SERVE_HOST}: this machine only)",
        )
        parser.add_argument(
            "--edit",
            action="store_true",
            help="let the browsers edit the workshop (a file is edited by one window at a "
            "time: the first to open it; the others follow it read-only)",
        )
    elif command == "priorities":
        parser = _Parser(
            prog=prog,
            description="Print the candidates ranked by the workshop's scoring method: rank, "
            "score, phase, whether the rank is stable when any one weight moves 20%, and "
            "whether a score is missing.",
        )
        parser.add_argument("path", metavar="PATH", help="the workshop")
        parser.add_argument(
            "-f", "--format", default="text", metavar="FORMAT", help="text (default) or json"
        )
    else:
        parser = _Parser(
            prog=prog,
            description="List findings. Exit status 1 when a blocker exists, 0 otherwise.",
        )
        parser.add_argument("path", metavar="PATH", help="the workshop")
        parser.add_argument(
            "-f", "--format", default="text", metavar="FORMAT", help="text (default) or json"
        )
    return parser


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "copy": cmd_copy,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "check": cmd_check,
    "priorities": cmd_priorities,
    "serve": cmd_serve,
}


def _dispatch(argv: list[str]) -> int:
    """`seamwork [PATH]` and `seamwork COMMAND ...` share a first word, so decide on it here."""
    if not argv:
        return cmd_open(None)
    first, rest = argv[0], argv[1:]
    read_only = first == "--read-only"
    if read_only:
        if not rest:
            return cmd_open(None, read_only=True)
        first, rest = rest[0], rest[1:]
        if first in COMMANDS or (first.startswith("-") and first != "--"):
            raise CommandError(
                f"{PROG}: --read-only applies to opening the app ({PROG} --read-only PATH), "
                f'not to "{first}"; see {PROG} --help.'
            )
    if first in COMMANDS:
        return HANDLERS[first](_parser(first).parse_args(rest))
    if first in ("-h", "--help"):
        _out(_help_text())
        return EXIT_OK
    if first in ("-V", "--version"):
        _say(f"{PROG} {version()}")
        return EXIT_OK
    if first in PLANNED_COMMANDS:
        raise CommandError(
            f'{PROG}: the "{first}" command is not available yet; see {PROG} --help.'
        )
    if first == "--":
        first, rest = (rest[0], rest[1:]) if rest else ("", [])
        if not first:
            raise CommandError(f"{PROG}: a file name must follow --; see {PROG} --help.")
    elif first.startswith("-"):
        raise CommandError(f'{PROG}: unknown option "{first}"; see {PROG} --help.')
    elif _looks_like_command(first):
        raise _unknown_command(first)
    if rest:
        raise CommandError(f'{PROG}: unexpected argument "{rest[0]}"; see {PROG} --help.')
    return cmd_open(first, read_only=read_only)


# Allocations between two young collections while a command runs (CPython's own: 700).
COMMAND_YOUNG = 100_000


@contextmanager
def _full_collections_held(argv: list[str]) -> Iterator[None]:
    """A command's full garbage collections wait until it ends, as the app's wait for a quiet
    moment (`tui.collector`): reading a workshop of 55,000 checks makes CPython walk every
    object loaded so far again and again, a quarter of `check`'s second. Young collections
    come every `COMMAND_YOUNG` allocations rather than 700: a command keeps nearly all it
    allocates (the rows it read) until it ends, and the hundreds of young collections of an
    export walked them for nothing, 70-100 ms of a second. The thresholds are put back
    after, since tests call `main` many times."""
    if not argv or argv[0] not in COMMANDS:
        yield  # the app holds them itself, and only while it runs
        return
    from tui.collector import HELD

    saved = gc.get_threshold()
    gc.set_threshold(max(saved[0], COMMAND_YOUNG), saved[1], HELD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def run() -> NoReturn:
    """The process's entry point (`python -m tui` and the `seamwork` script): `main`, then exit.

    A command leaves a large heap behind (55,000 checks read, a summary rendered) and CPython's
    exit walked all of it in a last full collection, 0.15-0.2 s of an export's second. Output is
    flushed and every file closed by then (`main` closes the workshop, exports are written and
    closed), so the heap is set aside (`gc.freeze`) rather than collected; its memory goes back
    with the process. The app exits as before."""
    status = main()
    if sys.argv[1:2] and sys.argv[1] in COMMANDS:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        gc.freeze()
    raise SystemExit(status)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    args = list(sys.argv[1:] if argv is None else argv)
    from storage.actor import current_actor, set_actor
    from tui.who import actor_from_environment

    before = current_actor()
    set_actor(actor_from_environment())  # whose edits the audit trail records, set once
    try:
        return _main(args)
    finally:
        set_actor(before)  # a caller in the same process (a test) keeps its own


def _main(args: list[str]) -> int:
    try:
        with _full_collections_held(args):
            return _dispatch(args)
    except _Exit as exc:
        return exc.status
    except CommandError as exc:
        _warn(str(exc))
    except WorkshopFileError as exc:
        _warn(f"{PROG}: {exc}")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`seamwork export ... | head`): stop quietly, as cat does.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    return EXIT_ERROR
