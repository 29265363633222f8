"""Tables as CSV: one file per table, in a folder or a zip, safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a
formula by Excel, LibreOffice or Google Sheets (CSV injection), so such text is prefixed with a
single quote, which spreadsheets show as text. Numbers stay numbers. Files are UTF-8 with a byte
order mark, which is what makes Excel read accented and non-Latin names correctly.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence

from storage.formats.summary import Cell, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"


def neutralise(text: str) -> str:
    """Text a spreadsheet would read as a formula, made plain text with a leading quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def plain(value: Cell) -> str | int | float:
    """A cell as the CSV writes it: true/false, empty for none, numbers without padding."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def _row(row: tuple[Cell, ...]) -> list[str | int | float]:
    """`plain` for a row, with the common cases (text that is no formula) done inline."""
    return [
        value if type(value) is str and not value.startswith(FORMULA_STARTS) else plain(value)
        for value in row
    ]


def table_csv(table: Table) -> bytes:
    """One table as CSV bytes: a header row of column names, then the rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(column) for column in table.columns])
    writer.writerows(_row(row) for row in table.rows)
    return buffer.getvalue().encode(ENCODING)


def file_name(table: Table) -> str:
    return f"{table.key}.csv"


def render_files(
    tables: Sequence[Table], progress: Callable[[str], None] | None = None
) -> dict[str, bytes]:
    """Every table as `{file name: CSV bytes}`, in table order."""
    files = {}
    for table in tables:
        if progress is not None:
            progress(table.title)
        files[file_name(table)] = table_csv(table)
    return files


def render_zip(files: dict[str, bytes], when: tuple[int, int, int, int, int, int]) -> bytes:
    """The files in one zip (deflated), each dated `when`, so the same workshop gives the same
    bytes at the same export time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
