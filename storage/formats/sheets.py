"""Spreadsheets as import sources: an application inventory, an interface catalogue, or a
workbook Seamwork's own xlsx (or CSV) export wrote and someone edited.

A client's sheet is read by its header row (`models.sheet_columns` matches each column to a
field by name and synonyms; `--map` overrides it) and becomes a `seamwork/1` document that the
ordinary import validates and merges by name. What the sheet holds and no field takes goes to
the entry's notes as "Column: value" lines, so nothing typed is lost and nothing is guessed.

Seamwork's own export is recognised by its sheets' exact headers and read back field for field:
its "not recorded" is unknown, its neutralised formulas are undone, its label columns and other
sheets are left alone. An unedited export therefore imports as no change at all.

Every problem is one sentence naming the file, the sheet and the row; nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from models.characters import describe, forbidden_character, name_problem
from models.names import NAME_MAX, flow_ref, name_key
from models.sheet_columns import (
    ANSWERED,
    DATA_OBJECTS,
    FLOWS,
    NAMES,
    NOTES,
    SKIP,
    SYSTEMS,
    NoMatch,
    cell_text,
    expected,
    fields_of,
    header_key,
    kind_of_fields,
    looked_for,
    match_header,
    match_value,
)
from models.tables import TEXT_MAX
from storage.errors import ImportValidationError
from storage.formats.csv import FORMULA_STARTS

PREVIEW_ROWS = 5
MAX_BYTES = 32 * 1024 * 1024  # as a JSON source (storage.formats.seamwork_json.parse)

# The headers of the sheets `seamwork export -f xlsx` (and `-f csv`) writes, as
# `storage.formats.summary.data_tables` heads them; the client's copy has no notes column.
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    SYSTEMS: ("name", "category", "category_label", "vendor", "owner", "lifecycle", "hosting",
              "hosting_label", "api", "api_label", "criticality", "notes"),
    DATA_OBJECTS: ("name", "owner", "source_of_truth", "sensitivity", "definition"),
    FLOWS: ("source", "target", "data_object", "frequency", "frequency_label", "mechanism",
            "mechanism_label", "direction", "state", "state_label", "approach",
            "approach_label", "owner", "error_handling", "security", "monitored",
            "volume_per_day", "manual_hours_per_week", "notes"),
}  # fmt: skip
EXPORT_LABELS = frozenset(
    column for columns in EXPORT_COLUMNS.values() for column in columns if column.endswith("_label")
)
# What makes a sheet the export's: every column it always writes (labels and notes aside),
# headed exactly as it heads them. Columns someone added, or the label columns, are skipped.
_EXPORT_REQUIRED = {
    kind: frozenset(column for column in columns if column not in EXPORT_LABELS | {NOTES})
    for kind, columns in EXPORT_COLUMNS.items()
}


def export_kind(headers: Sequence[str]) -> str | None:
    """The kind of sheet of Seamwork's export a header row is, or None."""
    present = set(headers)
    for kind, required in _EXPORT_REQUIRED.items():
        if required <= present:
            return kind
    return None


KIND_WORDS = {SYSTEMS: "systems", FLOWS: "flows", DATA_OBJECTS: "data objects"}


@dataclass
class Grid:
    """One sheet as read: its title ("" for a CSV file) and its rows, each with the number a
    spreadsheet shows it under."""

    title: str
    rows: list[tuple[int, list[Any]]]


@dataclass
class Sheet:
    """A sheet with its header found: what it is, which row heads it, each column's target."""

    grid: Grid
    kind: str
    header_row: int
    headers: list[str]
    targets: list[str]  # a field, NOTES or SKIP per column
    export: bool  # written by Seamwork's own export
    own_notes: int | None  # the column whose text is the notes; others add "Column: value"
    body: list[tuple[int, list[Any]]] = field(default_factory=list)
    titled: bool = False  # a title row above the header was skipped


class _Where:
    """Names a place in the source for error sentences: the sheet and the row, as a JSON
    import names the path of a bad value (whoever shows the sentence names the file, as
    `seamwork import` does with every source's)."""

    def __init__(self, title: str) -> None:
        self.place = f'sheet "{title}"' if title else ""

    def error(self, message: str, row: int | None = None) -> ImportValidationError:
        parts = [part for part in (self.place, f"row {row}" if row else "") if part]
        return ImportValidationError(message, ", ".join(parts) or None)


# --- reading cells --------------------------------------------------------------------------


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _decode(data: bytes) -> str:
    """CSV text: UTF-8 (with or without a byte order mark), UTF-16 with one (Excel's "Unicode
    text"), else Windows-1252, which is what Excel on Windows saves as "CSV"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportValidationError(
            f"the file is neither UTF-8 nor Windows-1252 text (a bad byte at offset "
            f"{exc.start}); save it as CSV UTF-8 and import that."
        ) from None


def _delimiter(text: str) -> str:
    """The delimiter of the header line: whichever of , ; tab | it holds most (a European
    Excel writes semicolons)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {char: first.count(char) for char in (",", ";", "\t", "|")}
    best = max(counts, key=lambda char: counts[char])
    return best if counts[best] else ","


def read_csv_grid(path: Path) -> Grid:
    """A CSV file's rows, numbered as a spreadsheet opening it numbers them."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportValidationError(f"the file is larger than {MAX_BYTES // 2**20} MB.")
    text = _decode(data)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise ImportValidationError(f"the file is not readable CSV ({exc}).") from None
    return Grid("", [(number, list(record)) for number, record in enumerate(records, 1)])


def _xlsx_value(value: Any) -> Any:
    """A cell as openpyxl gives it, with dates as ISO text (no field takes a date)."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


def read_xlsx_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook (openpyxl's read-only mode: a large workbook is streamed)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportValidationError(
            f"the file is not a workbook Seamwork can read ({type(exc).__name__})."
        ) from None
    try:
        grids = []
        for sheet in workbook.worksheets:
            rows = [
                (number, [_xlsx_value(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
            grids.append(Grid(sheet.title, rows))
        return grids
    finally:
        workbook.close()


# --- finding the header ---------------------------------------------------------------------


def _column_map(column_map: Mapping[str, str]) -> dict[str, str]:
    """`--map` by header key, each target checked to be a field, notes or skip."""
    valid = sorted({*fields_of(SYSTEMS), *fields_of(FLOWS)} - {NOTES})
    mapped = {}
    for column, target in column_map.items():
        wanted = target.strip().lower().replace(" ", "_")
        if wanted not in valid and wanted not in (NOTES, SKIP):
            raise ImportValidationError(
                f'--map "{column}={target}": "{target}" is not a field; the fields are '
                f"{', '.join(valid)}, and notes or skip."
            )
        mapped[header_key(column)] = wanted
    return mapped


def _targets(
    kind: str, headers: Sequence[str], mapped: Mapping[str, str]
) -> tuple[list[str], int | None]:
    """Each column's target for a sheet of `kind`: `--map` first, then the header's match; a
    field that a mapped column, or a column to its left, already took, and what matches
    nothing, go to notes. Also the column whose text is the notes themselves (the first
    mapped or matched to notes), if any."""
    chosen = [mapped.get(header_key(header)) if header else SKIP for header in headers]
    taken = {target for target in chosen if target not in (None, NOTES, SKIP)}
    targets: list[str] = []
    own_notes: int | None = None
    for index, header in enumerate(headers):
        target = chosen[index]
        if target is None:
            target = match_header(kind, header)
            if target is None or (target != NOTES and target in taken):
                target = NOTES
            else:
                taken.add(target)
        if (
            target == NOTES
            and own_notes is None
            and (chosen[index] == NOTES or match_header(kind, header) == NOTES)
        ):
            own_notes = index
        targets.append(target)
    return targets, own_notes


def _header_texts(cells: Sequence[Any]) -> list[str]:
    texts = [cell_text(cell).strip() for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _classify(headers: Sequence[str], mapped: Mapping[str, str]) -> str | None:
    for kind in (FLOWS, SYSTEMS):
        found = kind_of_fields(_targets(kind, headers, mapped)[0])
        if found == kind:
            return kind
    return None


def find_sheet(
    grid: Grid, where: _Where, mapped: Mapping[str, str], *, required: bool
) -> Sheet | None:
    """The sheet's header and kind. Row 1 heads it, or row 2 when row 1 holds one cell only (a
    title, often merged across the header); a row 1 of several cells above a header in row 2
    looks like a second header row, which is refused rather than guessed at.

    None for a sheet that is neither (or empty) unless `required`: then one sentence says why.
    """
    filled = [(number, cells) for number, cells in grid.rows if not all(map(_blank, cells))]
    if not filled:
        if required:
            raise where.error("the sheet is empty.")
        return None
    first_number, first = filled[0]
    headers = _header_texts(first)
    exported = export_kind(headers)
    if exported is not None:
        columns = EXPORT_COLUMNS[exported]
        targets: list[str] = []
        for header in headers:
            take = header in columns and header not in EXPORT_LABELS and header not in targets
            targets.append(header if take else SKIP)
        own = targets.index(NOTES) if NOTES in targets else None
        return Sheet(grid, exported, first_number, headers, targets, True, own, filled[1:])
    kind = _classify(headers, mapped)
    start = 1
    if kind is None and len(filled) > 1:
        second_number, second = filled[1]
        below = _header_texts(second)
        below_kind = _classify(below, mapped)
        if below_kind is not None:
            if sum(1 for header in headers if header) > 1:
                raise where.error(
                    f"row {first_number} looks like a second header row above the header in "
                    f"row {second_number}; keep one header row and import again."
                )
            kind, headers, first_number, start = below_kind, below, second_number, 2
    if kind is None:
        if required:
            raise where.error(f"the header in row {first_number} has neither {looked_for()}.")
        return None
    targets, own = _targets(kind, headers, mapped)
    return Sheet(
        grid, kind, first_number, headers, targets, False, own, filled[start:], titled=start == 2
    )


# --- rows to entries ------------------------------------------------------------------------


def _unneutralise(text: str) -> str:
    """Undo the export's `neutralise`: the quote it put before text a spreadsheet would run."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _checked_text(where: _Where, row: int, header: str, text: str, *, name: bool) -> str:
    """`text` as a field holds it, or one sentence naming the row and column."""
    if name:
        problem = name_problem(text.strip())
        if problem is None and len(text.strip()) > NAME_MAX:
            problem = f"Name is too long ({len(text.strip())} characters; at most {NAME_MAX})."
    else:
        char = forbidden_character(text.replace("\r", "\n"))
        problem = None
        if char is not None:
            problem = f"Contains {describe(char)}, a character no export can carry."
        elif len(text) > TEXT_MAX:
            problem = f"Is too long (at most {TEXT_MAX} characters)."
    if problem:
        raise where.error(f'column "{header}": {problem[:1].lower()}{problem[1:]}', row)
    return text


@dataclass
class _Entries:
    """What a sheet gave: its entries, and how many values that matched no choice went to
    notes."""

    entries: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    kept_in_notes: int = 0


def _entries(sheet: Sheet, where: _Where) -> _Entries:
    result = _Entries()
    headers, targets = sheet.headers, sheet.targets
    for number, cells in sheet.body:
        if all(map(_blank, cells)):
            continue
        entry: dict[str, Any] = {}
        notes: list[str] = []
        extra: list[str] = []
        for index, cell in enumerate(cells):
            if index >= len(headers) or not headers[index]:
                if not _blank(cell):
                    raise where.error(
                        f"a value in column {index + 1}, which has no header.", number
                    )
                continue
            header, target = headers[index], targets[index]
            if target == SKIP:
                continue
            if isinstance(cell, str):
                cell = _unneutralise(cell) if sheet.export else cell.strip()
            if target == NOTES and index != sheet.own_notes:
                if not _blank(cell):
                    text = _checked_text(where, number, header, cell_text(cell), name=False)
                    extra.append(f"{header}: {text}")
                continue
            if target in NAMES:
                text = "" if _blank(cell) else cell_text(cell).strip()
                if text:
                    entry[target] = _checked_text(where, number, header, text, name=True)
                elif sheet.export and target == "source_of_truth":
                    entry[target] = None
                continue
            if target in ANSWERED:
                try:
                    value = match_value(target, cell)
                except NoMatch:
                    if sheet.export:
                        raise where.error(
                            f'column "{header}": "{cell_text(cell)}" is not {expected(target)}.',
                            number,
                        ) from None
                    text = _checked_text(where, number, header, cell_text(cell), name=False)
                    extra.append(f"{header}: {text}")
                    result.kept_in_notes += 1
                    continue
                if value is not None:
                    entry[target] = value
                continue
            # free text: the export's blank is a cleared field; a client's blank says nothing
            if sheet.export:
                text = cell_text(cell)
            elif _blank(cell) or match_value(target, cell) is None:
                continue
            else:
                text = cell_text(cell)
            text = _checked_text(where, number, header, text, name=False)
            if target == NOTES:
                notes.append(text)
            else:
                entry[target] = text
        if notes or extra:
            entry[NOTES] = "\n".join([*notes, *extra])
        result.entries.append((number, entry))
    return result


def _require(sheet: Sheet, where: _Where, wanted: Sequence[str]) -> None:
    for name in wanted:
        if name not in sheet.targets:
            raise where.error(
                f'no {name.replace("_", " ")} column; name one with --map "COLUMN={name}".'
            )


def _named(where: _Where, entries: _Entries, wanted: Sequence[str]) -> None:
    """Every entry names what it must: a row with data but a blank name is refused."""
    for number, entry in entries.entries:
        for name in wanted:
            if not entry.get(name):
                raise where.error(
                    f"the row has data but no {name.replace('_', ' ')}; fill it in or delete "
                    "the row.",
                    number,
                )


def _unique(where: _Where, entries: _Entries, kind: str) -> None:
    """No entry twice: two rows of one system, or of one flow, are refused by row."""
    seen: dict[Any, int] = {}
    for number, entry in entries.entries:
        if kind == FLOWS:
            key: Any = (
                name_key(entry["source"]),
                name_key(entry["target"]),
                name_key(entry["data_object"]),
            )
            what = f'the flow "{flow_ref(entry["source"], entry["target"], entry["data_object"])}"'
            if key[0] == key[1]:
                raise where.error(
                    f'the source and target are the same system, "{entry["source"]}".', number
                )
        else:
            key = name_key(entry["name"])
            what = f'"{entry["name"]}"'
        if key in seen:
            raise where.error(f"{what} is already in row {seen[key]}.", number)
        seen[key] = number


# --- the source -----------------------------------------------------------------------------


def _preview(sheet: Sheet) -> list[list[str]]:
    rows = [sheet.headers]
    for _number, cells in sheet.body[:PREVIEW_ROWS]:
        rows.append([cell_text(cell) for cell in cells[: len(sheet.headers)]])
    return rows


def _document(sheets: Sequence[tuple[Sheet, _Where]]) -> tuple[dict[str, Any], int]:
    """The `seamwork/1` document of the sheets read, and how many values went to notes."""
    document: dict[str, Any] = {"format": "seamwork/1", "systems": [], "data_objects": [],
                                "flows": []}  # fmt: skip
    kept = 0
    for sheet, where in sheets:
        if sheet.kind == FLOWS:
            _require(sheet, where, ("source", "target", "data_object"))
            wanted: tuple[str, ...] = ("source", "target", "data_object")
        else:
            wanted = ("name",)
        entries = _entries(sheet, where)
        _named(where, entries, wanted)
        _unique(where, entries, sheet.kind)
        kept += entries.kept_in_notes
        document[sheet.kind] += [entry for _number, entry in entries.entries]
    systems = {name_key(entry["name"]) for entry in document[SYSTEMS]}
    objects = {name_key(entry["name"]) for entry in document[DATA_OBJECTS]}
    for entry in document[FLOWS]:  # what flows name must be in the file: by name only
        for end in ("source", "target"):
            if name_key(entry[end]) not in systems:
                systems.add(name_key(entry[end]))
                document[SYSTEMS].append({"name": entry[end]})
        if name_key(entry["data_object"]) not in objects:
            objects.add(name_key(entry["data_object"]))
            document[DATA_OBJECTS].append({"name": entry["data_object"]})
    for entry in document[DATA_OBJECTS]:  # and the systems their sources of truth name
        truth = entry.get("source_of_truth")
        if truth and name_key(truth) not in systems:
            systems.add(name_key(truth))
            document[SYSTEMS].insert(0, {"name": truth})
    return {key: value for key, value in document.items() if value}, kept


def _label(sheets: Sequence[Sheet], among: int) -> str:
    """What was read, for people; with the sheets' titles when the workbook has others, so
    that reading the wrong one shows."""
    if any(sheet.export for sheet in sheets):
        return "Seamwork export"
    label = "spreadsheet of " + " and ".join(KIND_WORDS[sheet.kind] for sheet in sheets)
    if among > 1:
        titles = " and ".join(f'"{sheet.grid.title}"' for sheet in sheets)
        label += f" (sheet{'s' if len(sheets) > 1 else ''} {titles})"
    return label


def _check_columns(mapped: Mapping[str, str], sheets: Sequence[Sheet]) -> None:
    """A `--map` column the sheets read do not have is refused, naming the columns they do."""
    known = {header_key(header) for sheet in sheets for header in sheet.headers}
    for key, _target in mapped.items():
        if key not in known:
            columns = ", ".join(f'"{h}"' for sheet in sheets for h in sheet.headers if h)
            raise ImportValidationError(
                f"--map names a column the sheet does not have; its columns are {columns}."
            )


def _mapping(sheets: Sequence[Sheet]) -> Iterator[tuple[str, str]]:
    for sheet in sheets:
        prefix = f"{sheet.grid.title}: " if len(sheets) > 1 and sheet.grid.title else ""
        for header, target in zip(sheet.headers, sheet.targets, strict=True):
            if header:
                yield prefix + header, target


@dataclass
class SheetsRead:
    """What the sheets gave, as `storage.formats.sources.Source` holds it (which wraps it:
    this module does not import that one, which imports this one when a sheet is read)."""

    label: str
    document: dict[str, Any]
    mapping: list[tuple[str, str]]
    preview: list[list[str]]
    skipped: dict[str, int]
    kept_in_notes: int
    export: bool  # Seamwork's own export (the workshop's copy), not a client's sheet


def read_sheets(path: Path, *, workbook: bool, column_map: Mapping[str, str]) -> SheetsRead:
    """A CSV file of systems or of flows (or a table of Seamwork's CSV export), or a workbook:
    Seamwork's own export, or sheets of systems and of flows."""
    grids = read_xlsx_grids(path) if workbook else [read_csv_grid(path)]
    return sheets_of(grids, column_map)


def sheets_of(grids: Sequence[Grid], column_map: Mapping[str, str]) -> SheetsRead:
    """The sheets of `grids` read as a source: Seamwork's export sheets when it holds them,
    else the first sheet of systems and the first of flows."""
    mapped = _column_map(column_map)
    candidates: list[tuple[Sheet, _Where]] = []
    for grid in grids:
        where = _Where(grid.title)
        sheet = find_sheet(grid, where, mapped, required=len(grids) == 1)
        if sheet is not None:
            candidates.append((sheet, where))
    if any(sheet.export for sheet, _ in candidates):  # the export's own sheets; others alone
        candidates = [(sheet, where) for sheet, where in candidates if sheet.export]
    found: list[tuple[Sheet, _Where]] = []
    for sheet, where in candidates:
        if not any(chosen.kind == sheet.kind for chosen, _ in found):
            found.append((sheet, where))
    skipped = len(grids) - len(found)
    if not found:
        if not grids or all(not grid.rows for grid in grids):
            raise ImportValidationError("the workbook is empty.")
        raise ImportValidationError(f"no sheet has a header row with {looked_for()}.")
    sheets = [sheet for sheet, _ in found]
    if mapped:
        if any(sheet.export for sheet in sheets):
            raise ImportValidationError(
                "it is a Seamwork export, read by its own headers; --map does not apply to it."
            )
        _check_columns(mapped, sheets)
    document, kept = _document(found)
    counts: dict[str, int] = {}
    if skipped:
        counts["other sheets" if found else "sheets"] = skipped
    titled = sum(1 for sheet in sheets if sheet.titled)
    if titled:
        counts["title row above the header" if titled == 1 else "title rows above headers"] = titled
    return SheetsRead(
        label=_label(sheets, len(grids)),
        document=document,
        mapping=list(_mapping(sheets)),
        preview=_preview(sheets[0]),
        skipped=counts,
        kept_in_notes=kept,
        export=any(sheet.export for sheet in sheets),
    )
