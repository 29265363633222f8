"""Copying a whole workshop to a new place, its audit trail and undo history with it.

Every row keeps its id, so the copy's history, undo stack and references read exactly as the
original's: a JSON export of both is the same, byte for byte. Rows go through SQLAlchemy Core,
not the ORM session, so the audit hook records nothing of the copy itself (the copy is the
workshop as it was, not an edit of it). What is worked out from the rows (the change count
and the kept findings) is not copied: the destination counts its own writes and works the
findings out again when first asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (every table registered in SQLModel.metadata)
from storage.location import Location, ServerLocation
from storage.workshop_file import WorkshopFile, create_filled

# Derived from the rows, kept by the destination itself.
NOT_COPIED = frozenset({"change_count", "findings_cache"})
BATCH = 2_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class CopySummary:
    """What was copied, for the one line the command prints."""

    workshop: str
    rows: dict[str, int]

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)


def copied_tables() -> list[Table]:
    """The workshop's tables, parents before children (references hold at every insert)."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in NOT_COPIED]


def copy_rows(
    source: Connection, destination: Connection, *, progress: Progress | None = None
) -> CopySummary:
    """Replace every row of the destination's tables with the source's, ids kept.

    Both are at the same schema revision (the caller opened both through `open_workshop`). The
    destination's own rows (a new workshop's first row and its creation step) go first, children
    before parents. Runs inside the caller's transaction on `destination`."""
    tables = copied_tables()
    for table in reversed(tables):
        destination.execute(table.delete())
    totals = {
        table.name: source.execute(select(func.count()).select_from(table)).scalar_one()
        for table in tables
    }
    for table in tables:
        columns = [column.name for column in table.columns]
        done = 0
        result = source.execute(select(*table.columns).order_by(*table.primary_key.columns))
        while batch := result.fetchmany(BATCH):
            rows: list[dict[str, Any]] = [dict(zip(columns, row, strict=True)) for row in batch]
            destination.execute(table.insert(), rows)
            done += len(rows)
            if progress is not None:
                progress(table.name, done, totals[table.name])
    name = source.execute(select(models.tables.Workshop.name)).scalar() or ""  # type: ignore[call-overload]
    return CopySummary(workshop=name, rows=totals)


def copy_workshop(
    source: WorkshopFile, destination: Location, *, progress: Progress | None = None
) -> CopySummary:
    """Copy the open workshop `source` to `destination`, a file or a server workshop that
    does not exist yet; it appears whole or not at all. Raises `WorkshopFileError` (one
    sentence) for a destination that exists or cannot be made."""
    copied: list[CopySummary] = []

    def fill(writing: Connection) -> None:
        with source.engine.connect() as reading:  # one transaction: one moment's workshop
            copied.append(copy_rows(reading, writing, progress=progress))

    if isinstance(destination, ServerLocation):
        from storage.server import create_filled as create_on_server

        create_on_server(destination, fill)
    else:

        def fill_file(engine: Engine) -> None:
            with engine.begin() as writing:
                fill(writing)

        create_filled(destination, fill_file)
    return copied[0]
