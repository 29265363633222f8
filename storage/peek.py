"""A first look at a workshop's rows using only the standard library.

SQLModel and SQLAlchemy take most of a second to import; a consultant opening a file in front
of a client should see the inventory at once. The first screen shows these rows, read-only,
while the full storage layer loads in the background, then replaces them with its own query
(same columns, same order as `storage.systems.list_systems`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.probe import connect_readonly

PEEK_LIMIT = 500


@dataclass(frozen=True)
class PeekSystem:
    """The columns the Systems table shows, nothing more."""

    id: int
    name: str
    category: str
    vendor: str
    owner: str
    lifecycle: str
    api: str
    criticality: int


def peek_systems(path: Path, *, limit: int = PEEK_LIMIT) -> list[PeekSystem]:
    """The first `limit` systems by name, or [] if the file cannot be read this way."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return []
    try:
        rows = connection.execute(
            "SELECT id, name, category, vendor, owner, lifecycle, api, criticality FROM system "
            "ORDER BY lower(name), name_key LIMIT ?",
            (limit,),
        ).fetchall()
    except sqlite3.Error:
        return []
    finally:
        connection.close()
    return [PeekSystem(*row) for row in rows]
