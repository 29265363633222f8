"""`DataTable` that sizes its columns as rows are added, not later.

Textual 8.2's `DataTable` measures new cells on idle, but its render caches are keyed by an
update counter that measuring does not bump: a frame drawn between `add_row` and that idle pass
(a dialog opening over the table, say) keeps the old, too-narrow columns. Measuring `Text`
cells as they are added means no frame is ever drawn with widths that are about to change.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class Table(DataTable[Any]):
    """A `DataTable` of `Text` cells whose column widths are right from the first frame."""

    def add_row(self, *cells: Any, **kwargs: Any) -> RowKey:
        key = super().add_row(*cells, **kwargs)
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            if isinstance(cell, Text):
                column.content_width = max(column.content_width, cell.cell_len)
        return key
