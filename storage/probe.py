"""A light look at a workshop file using only the standard library.

The app paints its frame from this before SQLModel is imported, and the command line uses it to
refuse bad files with one sentence before anything touches them.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

APPLICATION_ID = 0x5357524B  # "SWRK"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Every schema revision this version knows, oldest first; the last is the one it writes.
SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011"
)  # fmt: skip
HEAD_REVISION = SCHEMA_REVISIONS[-1]


class WorkshopFileError(Exception):
    """A file Seamwork will not open or change; `str()` is one sentence for the user."""


@dataclass(frozen=True)
class FileInfo:
    path: Path
    exists: bool
    revision: str | None = None
    workshop_name: str | None = None
    writable: bool = True
    # A Seamwork file whose creation was interrupted by an older version (no schema version,
    # no data): nothing to lose, so it is made afresh, after saying so.
    unfinished: bool = False

    @property
    def needs_migration(self) -> bool:
        return self.exists and self.revision is not None and self.revision != HEAD_REVISION


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """An SQLite URI that opens `path` without any chance of writing to it."""
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def may_write(path: Path) -> bool:
    """Whether we may write `path`: permission bits count even for root, who `os.access` lets
    write anything, so a file someone marked read-only is treated as read-only."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def folder_writable(path: Path) -> bool:
    """Whether SQLite may create its side files (`-wal`, `-shm`) beside `path`: the folder's
    permission bits count, as `may_write` has them count for the file."""
    folder = path.parent
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(folder, os.W_OK)


def may_change(path: Path) -> bool:
    """Whether SQLite may write `path` as it needs to: the file and the folder beside it."""
    return may_write(path) and folder_writable(path)


def connect_readonly(path: Path, *, snapshot: bool = False) -> sqlite3.Connection:
    """Open read-only; fall back to immutable when SQLite cannot create its WAL index.

    A plain read-only open of a WAL file creates `-wal` and `-shm` beside it that it cannot
    remove, and for a file nobody may write they carry its read-only mode, breaking every later
    write once the file is made writable again. With no `-wal` there is nothing outside the main
    file to read, so such a file (or one in a folder where SQLite may not create them), or a
    momentary `snapshot` look, is opened immutable instead.
    """
    if not path.with_name(path.name + "-wal").exists() and (snapshot or not may_change(path)):
        return sqlite3.connect(readonly_uri(path, immutable=True), uri=True, timeout=5)
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True, timeout=5)
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        return connection
    except sqlite3.OperationalError:
        return sqlite3.connect(readonly_uri(path, immutable=True), uri=True, timeout=5)


def _holds_nothing(connection: sqlite3.Connection, tables: set[str]) -> bool:
    """Whether no table has a row (a file whose schema was being written when it was killed)."""
    for table in tables:
        quoted = table.replace('"', '""')
        if connection.execute(f'SELECT 1 FROM "{quoted}" LIMIT 1').fetchone() is not None:
            return False
    return True


def probe(path: str | os.PathLike[str]) -> FileInfo:
    """Describe the file at `path`, or raise `WorkshopFileError` with the reason it is unusable."""
    path = Path(path).expanduser()
    name = str(path)
    if not path.exists():
        if path.parent.exists() and not path.parent.is_dir():
            raise WorkshopFileError(f"{path.parent} is not a folder.")
        return FileInfo(path=path, exists=False)
    if path.is_dir():
        raise WorkshopFileError(f"{name} is a folder, not a workshop file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise WorkshopFileError(f"Cannot read {name}: permission denied.") from None
    except OSError as exc:
        raise WorkshopFileError(f"Cannot read {name}: {exc.strerror or exc}.") from None
    writable = may_change(path)
    if not header:
        return FileInfo(path=path, exists=False, writable=writable)
    if header != SQLITE_MAGIC:
        raise WorkshopFileError(
            f"{name} is not a Seamwork workshop file (it is not an SQLite database)."
        )
    try:
        connection = connect_readonly(path, snapshot=True)
        try:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if application_id != APPLICATION_ID:
                if application_id == 0 and not tables:
                    return FileInfo(path=path, exists=False, writable=writable)
                raise WorkshopFileError(
                    f"{name} is an SQLite database of another program, not a Seamwork workshop."
                )
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            if revision is None:
                if _holds_nothing(connection, tables):
                    return FileInfo(path=path, exists=False, writable=writable, unfinished=True)
                raise WorkshopFileError(
                    f"{name} is a damaged Seamwork workshop (no schema version)."
                )
            if revision not in SCHEMA_REVISIONS:
                raise WorkshopFileError(
                    f"{name} was saved by a newer version of Seamwork (schema {revision}); "
                    "upgrade Seamwork to open it."
                )
            workshop_name = None
            if "workshop" in tables:
                row = connection.execute("SELECT name FROM workshop ORDER BY id LIMIT 1").fetchone()
                workshop_name = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise WorkshopFileError(f"{name} is not a readable workshop file ({exc}).") from None
    return FileInfo(
        path=path, exists=True, revision=revision, workshop_name=workshop_name, writable=writable
    )
