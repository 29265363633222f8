"""Tables as one Excel workbook (openpyxl): a sheet per table, the header row frozen and
filtered, columns sized to their content.

Text that a spreadsheet would run as a formula is neutralised as in the CSV export (openpyxl
itself stores any string starting with `=` as a formula), and characters XML cannot hold are
dropped, so any name a client typed can be written.

openpyxl writes the package (workbook, styles, each sheet's frozen pane, filter, widths and
bold header) in its write-only mode; the data rows are written here as the same XML openpyxl's
cell writer gives, one string per row: at 5,000 flows and 55,000 checks (half a million cells)
its per-cell objects took three seconds of a five-second export. `tests/test_export_xlsx.py`
holds the rows to byte-for-byte what openpyxl writes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache

from storage.formats.csv import neutralise
from storage.formats.summary import Cell, Table

MIN_WIDTH, MAX_WIDTH = 8, 60
SAMPLE_ROWS = 500  # column widths are measured on this many rows, enough to size them well
MAX_TEXT = 32767  # Excel's limit on a cell's text; openpyxl cuts longer text there
# Text openpyxl stores as an error value (`t="e"`) rather than as text.
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


# Characters XML 1.0 cannot hold (openpyxl refuses the controls, lxml U+FFFE and U+FFFF):
# dropped. Imports and forms refuse them now; a file an older version wrote may hold some.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What lxml escapes in element text, besides every character past ASCII.
_ESCAPE = re.compile(r"[&<>\r]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_SHEET_DATA_END = b"</sheetData>"


@lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    """Cached: a large workshop repeats the same names and values thousands of times."""
    return neutralise(_ILLEGAL.sub("", value))


def _escape(text: str) -> str:
    """As lxml writes text into openpyxl's sheets (ASCII, the rest as `&#8220;`)."""
    escaped = _ESCAPE.sub(lambda found: _ESCAPES[found.group()], text)
    return escaped.encode("ascii", "xmlcharrefreplace").decode("ascii")


@lru_cache(maxsize=1 << 16)
def _text_cell(value: str) -> str:
    """A text cell after its `r="…"`, as openpyxl writes it (inline text; the error values
    as errors; leading or trailing space kept with `xml:space`)."""
    text = _text(value)[:MAX_TEXT]
    if text == "":
        return ' t="inlineStr"></c>'
    if text in ERROR_CODES:
        return f' t="e"><v>{text}</v></c>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'


def _number(value: int | float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    return "%.16g" % value  # noqa: UP031 - openpyxl's own format for numbers


def _cell(ref: str, value: Cell) -> str:
    """One cell as openpyxl's write-only sheet writes it; None writes nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}"{_text_cell(value)}'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    return f'<c r="{ref}" t="n"><v>{_number(value)}</v></c>'


def rows_xml(rows: Sequence[tuple[Cell, ...]], letters: Sequence[str], first: int = 2) -> str:
    """The `<row>` elements of `rows`, numbered from `first`, as openpyxl writes them."""
    parts = []
    for number, row in enumerate(rows, first):
        cells = "".join(
            _cell(f"{letter}{number}", value) for letter, value in zip(letters, row, strict=False)
        )
        parts.append(f'<row r="{number}">{cells}</row>')
    return "".join(parts)


def _width(table: Table, column: int) -> float:
    longest = len(table.columns[column])
    for row in table.rows[:SAMPLE_ROWS]:
        value = row[column]
        if value is not None:
            text = str(value)
            longest = max(longest, max((len(line) for line in text.splitlines()), default=0))
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def _sheet_title(title: str) -> str:
    """Excel refuses `[]:*?/\\` in sheet titles and more than 31 characters."""
    return "".join("_" if char in "[]:*?/\\" else char for char in title)[:31]


def _with_rows(package: bytes, rows: dict[str, str]) -> bytes:
    """`package` (openpyxl's workbook, each sheet holding its header only) with each sheet's
    data rows put in before its `</sheetData>`; every other part is copied as it was."""
    result = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            extra = rows.get(info.filename)
            if extra:
                head, end, tail = data.rpartition(_SHEET_DATA_END)
                data = head + extra.encode("utf-8") + end + tail
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return result.getvalue()


def render_xlsx(
    tables: Sequence[Table],
    *,
    created: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> bytes:
    """The workbook as bytes: a sheet per table, in table order."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    if created is not None:  # the same workshop exported at the same time gives the same file
        workbook.properties.created = created.replace(tzinfo=None)
        workbook.properties.modified = created.replace(tzinfo=None)
    bold = Font(bold=True)
    band = PatternFill("solid", fgColor="E8ECF1")
    top = Alignment(vertical="top")
    filled: list[tuple[object, str]] = []
    for table in tables:
        if progress is not None:
            progress(table.title)
        sheet = workbook.create_sheet(_sheet_title(table.title))
        letters = [get_column_letter(index + 1) for index in range(len(table.columns))]
        last = get_column_letter(max(len(table.columns), 1))
        for index, letter in enumerate(letters):
            sheet.column_dimensions[letter].width = _width(table, index)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=_text(column))
            cell.font, cell.fill, cell.alignment = bold, band, top
            header.append(cell)
        sheet.append(header)
        filled.append((sheet, rows_xml(table.rows, letters)))
    buffer = io.BytesIO()
    workbook.save(buffer)  # numbers the sheets, and so names their parts (`path`)
    rows = {sheet.path.lstrip("/"): xml for sheet, xml in filled}  # type: ignore[attr-defined]
    return _with_rows(buffer.getvalue(), rows)
