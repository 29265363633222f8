"""The xlsx export writes its data rows itself, for speed: they must be the very bytes openpyxl's
own write-only sheet would have written, for any value a workshop can hold."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import Workbook, load_workbook

from storage.formats.summary import Cell, Table
from storage.formats.xlsx import _text, render_xlsx

VALUES: list[Cell] = [
    "Shopify",
    "",
    " leading",
    "trailing ",
    "   ",
    "a & b < c > d \"quoted\" 'single'",
    "line\nbreak\ttab\r\ncarriage\rreturn",
    "=1+1",
    "+1",
    "-1",
    "@A1",
    "\tx",
    "#N/A",
    "#DIV/0!",
    "#REF!",
    "Zürich “quoted” 日本語 😀 \u202e",
    "\x7f\x85\x9f C1 and DEL",
    "\ufdd0\ufffd",
    "bell\x07 null\x00 U+FFFE\ufffe",
    "x" * 40000,
    "]]>",
    0,
    1,
    -7,
    12345678901234567890,
    0.1,
    2.5,
    1e20,
    float("nan"),
    True,
    False,
    None,
]


def _sheets(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        }


def _openpyxl_rows(table: Table) -> dict[str, bytes]:
    """What openpyxl's write-only sheet writes for the same rows (the export before it wrote
    rows itself), header written the same way."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from storage.formats.xlsx import _width

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.title)
    for index in range(len(table.columns)):
        sheet.column_dimensions[chr(ord("A") + index)].width = _width(table, index)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(table.columns) - 1)}{len(table.rows) + 1}"
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=_text(column))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8ECF1")
        cell.alignment = Alignment(vertical="top")
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_text(value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _sheets(buffer.getvalue())


def test_rows_are_what_openpyxl_writes() -> None:
    """Every kind of value, in every column position, gives openpyxl's own bytes."""
    rows = [tuple(VALUES[(start + i) % len(VALUES)] for i in range(5)) for start in range(40)]
    table = Table("t", "Values", ("a", "b", "c", "d", "e"), rows)
    ours = _sheets(render_xlsx([table], created=datetime(2026, 1, 2, 3, 4, 5)))
    assert ours == _openpyxl_rows(table)


def test_values_read_back() -> None:
    """Read back, text is text (formulas neutralised, cut at Excel's limit), numbers numbers."""
    table = Table("t", "Values", ("value",), [(value,) for value in VALUES])
    book = load_workbook(io.BytesIO(render_xlsx([table])))
    read = [row[0] for row in book["Values"].iter_rows(min_row=2, values_only=True)]
    assert read[VALUES.index("=1+1")] == "'=1+1"
    unicode = "Zürich “quoted” 日本語 😀 \u202e"
    assert read[VALUES.index(unicode)] == unicode
    assert read[VALUES.index("x" * 40000)] == "x" * 32767
    flags = [read[i] for i, value in enumerate(VALUES) if isinstance(value, bool)]
    assert flags == [True, False]
    assert read[VALUES.index(2.5)] == 2.5
