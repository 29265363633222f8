"""Import sources: what the client already has, read and mapped to a `seamwork/1` document.

A consultant rarely starts from nothing: the client keeps an application inventory in a
spreadsheet, an interface catalogue, or an ArchiMate model in Archi. `read_source` tells what a
source is by its content (its first bytes, its root element, its header row), not only by its
extension, reads it, and maps it to a `seamwork/1` document: the one import path validates and
merges every kind by name, all or nothing, as JSON imports always have.

A `Source` also says how it was mapped (which column or element type became which field, what
went to notes) and what was left out, so that the command line prints it and the app previews it
before anything is written. Nothing here touches a workshop.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.errors import ImportValidationError

# The kinds of source, as `sniff` tells them apart.
JSON = "json"  # seamwork/1 (storage.formats.seamwork_json)
ARCHI = "archimate"  # Archi's own model file (.archimate)
EXCHANGE = "exchange"  # the Open Group's ArchiMate Model Exchange File Format, 3.x
ARCHI_CSV = "archi-csv"  # Archi's CSV export: elements.csv, relations.csv, properties.csv
XLSX = "xlsx"  # a workbook: Seamwork's own export, or a sheet of systems or of flows
CSV = "csv"  # a sheet of systems or of flows

ARCHI_NAMESPACE = "http://www.archimatetool.com/archimate"
EXCHANGE_NAMESPACE = "http://www.opengroup.org/xsd/archimate/3.0/"
HEAD_BYTES = 4096  # enough of a file to tell its kind


@dataclass
class Source:
    """A source read and mapped, before anything is written.

    `document` is a `seamwork/1` document as JSON would hold it (validated on import as any
    JSON file is). `mapping` pairs what the source had (a column, an element or relationship
    type) with what it became (a field, "notes", or "skipped"), in the source's order.
    `preview` is the source's header and first rows as read, for the app's preview.
    `skipped` counts what was left out, by a plural noun ("business elements": 4).
    `kept_in_notes` counts values that matched no valid choice of their field: the field was
    left unknown and the value kept in the entry's notes, never guessed.
    `adds_notes`: a client's source (a model, an inventory) gathers what fits no field into
    notes and knows nothing of the notes the room typed; its notes are added under an entry's
    own on import (`import_document(add_notes=...)`). A Seamwork file's replace them.
    """

    path: Path
    kind: str
    label: str  # for people: "Archi model", "spreadsheet of systems", ...
    document: dict[str, Any]
    mapping: list[tuple[str, str]] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    kept_in_notes: int = 0
    adds_notes: bool = False
    # The document validated already (a seamwork/1 file is validated as it is read, for its
    # errors' lines and columns): the import takes it rather than validating it again.
    parsed: Any = None

    def lines(self) -> list[str]:
        """What the command line prints before it imports: the kind, the mapping used, and
        what was left out (one line each)."""
        out = [f"{self.path}: read as {self.label}."]
        if self.mapping:
            used = ", ".join(f'"{source}" -> {target}' for source, target in self.mapping)
            out.append(f"Mapping: {used}.")
        if self.skipped:
            out.append(f"Skipped: {self.skipped_text()}.")
        if self.kept_in_notes:
            count = self.kept_in_notes
            what = "1 value that matches" if count == 1 else f"{count} values that match"
            out.append(f"Kept in notes: {what} no valid choice; those fields stay unknown.")
        return out

    def skipped_text(self) -> str:
        """What was left out, counted: "3 business elements, 1 view"."""
        return ", ".join(counted(count, noun) for noun, count in self.skipped.items())


_SINGULAR = {"elements": "element", "relationships": "relationship", "views": "view",
             "sheets": "sheet", "rows": "row"}  # fmt: skip
_PLURAL_NOUN = re.compile(r"\b(" + "|".join(_SINGULAR) + r")\b")


def counted(count: int, noun: str) -> str:
    """`count` of a plural `noun` as `skipped` holds it ("other application elements"), the
    noun made singular for one ("1 other application element")."""
    if count == 1:
        noun = _PLURAL_NOUN.sub(lambda found: _SINGULAR[found.group()], noun, count=1)
    return f"{count} {noun}"


@dataclass(frozen=True)
class ReadOptions:
    """How to read a source: `column_map` overrides the header's matching (`--map`), a
    column's name to a field's name (or "notes", or "skip")."""

    column_map: Mapping[str, str] = field(default_factory=dict)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise ImportValidationError(f"{path} does not exist.") from None
    except PermissionError:
        raise ImportValidationError(f"Cannot read {path}: permission denied.") from None
    except OSError as exc:
        raise ImportValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _root_element(head: bytes) -> tuple[str, str]:
    """The namespace and local name of an XML document's root element, from its first bytes."""
    from xml.parsers import expat

    found: list[tuple[str, str]] = []
    parser = expat.ParserCreate(namespace_separator="}")

    def start(name: str, _attributes: dict[str, str]) -> None:
        if not found:
            namespace, _, local = name.rpartition("}")
            found.append((namespace, local))
            raise StopIteration

    parser.StartElementHandler = start
    try:
        parser.Parse(head, False)
    except StopIteration:
        pass
    except expat.ExpatError:
        pass
    return found[0] if found else ("", "")


def _is_archi_archive(path: Path) -> bool:
    """Archi saves a model that holds images as a zip of `model.xml` and `images/`."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return "model.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def sniff(path: Path) -> str:
    """The kind of source at `path`, by its content (one of the kinds above).

    Raises `ImportValidationError` (one sentence naming the file) for what no reader takes.
    """
    if path.is_dir():
        if any(child.name.lower().endswith("elements.csv") for child in path.iterdir()):
            return ARCHI_CSV
        raise ImportValidationError(
            f"{path} is a folder without an Archi CSV export (no elements.csv in it)."
        )
    head = _head(path)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return ARCHI if _is_archi_archive(path) else XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportValidationError(
            f"{path} is an Excel 97-2003 workbook; save it as .xlsx and import that."
        )
    if text.startswith((b"{", b"[")):
        return JSON
    if text.startswith(b"<"):
        namespace, local = _root_element(head)
        if local == "model" and namespace == ARCHI_NAMESPACE:
            return ARCHI
        if local == "model" and namespace.startswith("http://www.opengroup.org/xsd/archimate/"):
            return EXCHANGE
        if local == "model" and namespace == "http://www.opengroup.org/xsd/archimate":
            raise ImportValidationError(
                f"{path} is an ArchiMate 2.1 exchange file; Seamwork reads the 3.x format "
                "(export the model again as 3.1, or save it from Archi and import the .archimate)."
            )
        what = f"<{local}>" if local else "not well-formed XML"
        raise ImportValidationError(
            f"{path} is XML but not an ArchiMate model (its root element is {what})."
        )
    if path.name.lower().endswith("elements.csv"):
        return ARCHI_CSV
    return CSV


Reader = Callable[[Path, ReadOptions], Source]


def _reader(kind: str) -> Reader:
    """The reader of `kind`, imported only when that kind is read."""
    if kind == JSON:
        return _read_json
    if kind in (ARCHI, EXCHANGE, ARCHI_CSV):
        return lambda path, options: _read_archimate(path, options, kind)
    if kind == CSV:
        return _read_csv
    if kind == XLSX:
        return _read_xlsx
    raise ImportValidationError(f"Reading {kind} sources is not available in this version.")


def _read_archimate(path: Path, options: ReadOptions, kind: str) -> Source:
    """An Archi model, exchange file or Archi CSV export (storage.formats.archimate)."""
    from storage.formats.archimate.read import LABELS, read_mapped

    if options.column_map:
        raise ImportValidationError(
            "--map applies to spreadsheets of systems or flows; an ArchiMate model is mapped "
            "by its element and relationship types."
        )
    mapped = read_mapped(path, kind)
    return Source(
        path=path,
        kind=kind,
        label=LABELS[kind],
        document=mapped.document,
        mapping=mapped.mapping,
        preview=mapped.preview,
        skipped=mapped.skipped,
        adds_notes=True,
    )


def _read_json(path: Path, options: ReadOptions) -> Source:
    """A `seamwork/1` file as a source, validated whole as its import will validate it."""
    from storage.formats.seamwork_json.document import parse_document
    from storage.formats.seamwork_json.parse import MAX_BYTES, size_problem

    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    too_large = size_problem(len(data))
    if too_large:
        raise ImportValidationError(too_large)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportValidationError(
            f"{path} is not UTF-8 text (a bad byte at offset {exc.start})."
        ) from None
    parsed = parse_document(text)
    return Source(
        path=path, kind=JSON, label="seamwork/1 JSON", document=json.loads(text), parsed=parsed
    )


def _read_sheets(path: Path, options: ReadOptions, *, workbook: bool) -> Source:
    """A spreadsheet (storage.formats.sheets): a workbook, or one CSV file."""
    from dataclasses import fields

    from storage.formats.sheets import read_sheets

    read = read_sheets(path, workbook=workbook, column_map=options.column_map)
    given = {  # not copied deep
        item.name: getattr(read, item.name) for item in fields(read) if item.name != "export"
    }
    return Source(path=path, kind=XLSX if workbook else CSV, adds_notes=not read.export, **given)


def _read_csv(path: Path, options: ReadOptions) -> Source:
    return _read_sheets(path, options, workbook=False)


def _read_xlsx(path: Path, options: ReadOptions) -> Source:
    return _read_sheets(path, options, workbook=True)


def read_source(path: Path, options: ReadOptions | None = None) -> Source:
    """Read the source at `path` (a file, or a folder of Archi CSV) and map it.

    Raises `ImportValidationError`: one sentence naming the file, and the row or element.
    """
    return _reader(sniff(path))(path, options or ReadOptions())
