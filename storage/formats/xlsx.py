"""Tables as one Excel workbook (openpyxl): a sheet per table, the header row frozen and
filtered, columns sized to their content.

Text that a spreadsheet would run as a formula is neutralised as in the CSV export (openpyxl
itself stores any string starting with `=` as a formula), and characters XML cannot hold are
dropped, so any name a client typed can be written. The workbook is written in openpyxl's
streaming mode, which is several times faster on large workshops.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache

from storage.formats.csv import neutralise
from storage.formats.summary import Cell, Table

MIN_WIDTH, MAX_WIDTH = 8, 60
SAMPLE_ROWS = 500  # column widths are measured on this many rows, enough to size them well


# Characters XML 1.0 cannot hold (openpyxl refuses the controls, lxml U+FFFE and U+FFFF):
# dropped. Imports and forms refuse them now; a file an older version wrote may hold some.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    """Cached: a large workshop repeats the same names and values thousands of times."""
    return neutralise(_ILLEGAL.sub("", value))


def _value(value: Cell) -> str | int | float | bool | None:
    return _text(value) if isinstance(value, str) else value


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
    for table in tables:
        if progress is not None:
            progress(table.title)
        sheet = workbook.create_sheet(_sheet_title(table.title))
        last = get_column_letter(max(len(table.columns), 1))
        for index in range(len(table.columns)):
            sheet.column_dimensions[get_column_letter(index + 1)].width = _width(table, index)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=_text(column))
            cell.font, cell.fill, cell.alignment = bold, band, top
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
