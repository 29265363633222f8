"""The readiness worked out once per change of the workshop, kept in the file.

Working the findings out reads the whole workshop: most of a second at 5,000 flows. The file
keeps the last readiness worked out (`findings_cache`, zlib-compressed `readiness_json`) under
a key: the change count (moved by triggers on every write, `storage.migrations.changes`), the
file's own random token, the day the rules judged as of (an action falls overdue without a
write) and a stamp of the rules' own source (a new version of Seamwork works them out afresh).
A key that differs in any part is no cache at all.

Standard library only, like `storage.peek`, which lists the findings from here before the rest
of storage has loaded; `storage.queries.readiness` reads and writes the same rows through its
session. `execute` is either connection's `execute`-like call: (sql, parameters) -> rows.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from models.readiness import Readiness, readiness_from_json, readiness_json
from storage.clock import today

Execute = Callable[[str, tuple[Any, ...]], Iterable[Any]]

# The last readiness read or worked out per file, in this process, with its key: a key that
# matches spares even reading the JSON back. `storage.peek` fills it before storage loads, so
# the full read after the file opens hands the Overview the very object it already shows.
REMEMBERED: dict[str, tuple[str, Readiness]] = {}


def where(path: str | os.PathLike[str]) -> str:
    """The key `REMEMBERED` knows a file by, however its path was written."""
    return os.path.realpath(path)


# Every module whose code can change what the findings say (rules, the snapshot, the counts).
_RULE_FOLDERS = ("models", "storage/queries")
_ROOT = Path(__file__).resolve().parents[1]


@cache
def rules_stamp() -> str:
    """A hash of the source of every module that decides the findings (read once)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for folder in _RULE_FOLDERS:
        for source in sorted((_ROOT / folder).glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(execute: Execute) -> str | None:
    """The key a readiness worked out now would be kept under; None in a file without the
    change count (one a test built at an older revision)."""
    try:
        rows = list(execute("SELECT value, token FROM change_count WHERE id = 1", ()))
    except (sqlite3.Error, _database_error()):
        return None
    if not rows:
        return None
    return f"{rows[0][0]}|{rows[0][1]}|{today()}|{rules_stamp()}"


def kept_key(execute: Execute) -> str | None:
    """The key of the readiness the file keeps (None: none kept, or no such table)."""
    try:
        rows = list(execute("SELECT key FROM findings_cache WHERE id = 1", ()))
    except (sqlite3.Error, _database_error()):
        return None
    return str(rows[0][0]) if rows else None


def cached(execute: Execute, key: str) -> Readiness | None:
    """The readiness kept under `key`, or None (none kept, another key, unreadable)."""
    try:
        rows = list(execute("SELECT body FROM findings_cache WHERE id = 1 AND key = ?", (key,)))
    except (sqlite3.Error, _database_error()):
        return None
    if not rows:
        return None
    try:
        return readiness_from_json(zlib.decompress(rows[0][0]).decode())
    except (ValueError, KeyError, TypeError, IndexError, zlib.error):
        return None  # written by hand or damaged: worked out afresh


def recall(execute: Execute, key: str, place: str) -> Readiness | None:
    """The readiness kept under `key` for the file at `place` (`where`): this process's
    memory of it, else the file's, remembered from then on; None when neither has it."""
    remembered = REMEMBERED.get(place)
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    readiness = cached(execute, key)
    if readiness is not None:
        REMEMBERED[place] = (key, readiness)
    return readiness


def keep(execute: Execute, key: str, readiness: Readiness) -> None:
    """Keep `readiness` under `key`, unless the workshop has changed since `key` was read
    (the count in the key is compared in the same statement)."""
    count = int(key.split("|", 1)[0])  # the token cannot change: only the count is compared
    body = zlib.compress(readiness_json(readiness).encode(), 1)
    execute(
        "INSERT OR REPLACE INTO findings_cache (id, key, body) SELECT 1, ?, ? "
        "WHERE (SELECT value FROM change_count WHERE id = 1) = ?",
        (key, body, count),
    )


def for_postgresql(sql: str) -> str:
    """This module's SQL (and `storage.priority_rows`', `storage.peek`'s) as PostgreSQL takes
    it through psycopg: `%s` placeholders, and SQLite's INSERT OR REPLACE as an upsert."""
    sql = sql.replace("%", "%%").replace("?", "%s")
    if sql.startswith("INSERT OR REPLACE INTO findings_cache"):
        sql = sql.replace("INSERT OR REPLACE", "INSERT", 1)
        sql += " ON CONFLICT (id) DO UPDATE SET key = excluded.key, body = excluded.body"
    return sql


def _database_error() -> type[Exception]:
    """SQLAlchemy's error class when it is loaded (a session's reads raise it), else sqlite3's:
    looked up, not imported, so this module stays light."""
    import sys

    exc = sys.modules.get("sqlalchemy.exc")
    return exc.DBAPIError if exc is not None else sqlite3.Error  # type: ignore[attr-defined]
