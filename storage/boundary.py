"""Where storage turns its libraries' exceptions into its own, so callers catch only those.

A function the app or the command line calls is wrapped in `@boundary`: pydantic's
`ValidationError` leaves it as `InvalidInput`, with one sentence per field
(`models.validation.field_errors`, as the forms show them), and SQLAlchemy's `DatabaseError`
(`OperationalError` and the rest: a damaged page, a full disk) as `StorageFault`, with SQLite's
own words as its detail. Exceptions storage raises itself pass through unchanged.

Wrapped are the edits that validate what a person typed, and the reads that take in a whole
workshop (a snapshot, the priorities board, a summary, an export, an import).
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import DatabaseError

from models.validation import field_errors
from storage.errors import InvalidInput, StorageFault

P = ParamSpec("P")
R = TypeVar("R")


def invalid_input(exc: ValidationError) -> InvalidInput:
    """pydantic's error as storage's: the first sentence for each field."""
    return InvalidInput(field_errors(exc))


SQLITE_FULL, SQLITE_IOERR = 13, 10  # SQLite's primary result codes
ROOM_NEEDED = 1 << 20  # bytes: with less free, a failed write is put down to a full disk


def storage_fault(exc: DatabaseError, path: Path | None = None) -> StorageFault:
    """SQLAlchemy's error as storage's, keeping SQLite's words (`database is locked`). A full
    disk is named as such: SQLite says "database or disk is full" when a page will not fit,
    but only "disk I/O error" when its side files cannot grow, so with `path` (the workshop)
    the free space beside it decides."""
    cause = getattr(exc, "orig", None) or exc
    code = getattr(cause, "sqlite_errorcode", 0) & 0xFF
    full = code == SQLITE_FULL
    if not full and code == SQLITE_IOERR and path is not None:
        try:
            full = shutil.disk_usage(path.parent).free < ROOM_NEEDED
        except OSError:
            pass
    server = type(cause).__module__.startswith("psycopg")  # a server has no file to name
    return StorageFault(str(cause), disk_full=full, server=server)


def boundary(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, raising `InvalidInput` and `StorageFault` in place of the libraries' errors
    (the original is kept as the cause, for tracebacks)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except ValidationError as exc:
            raise invalid_input(exc) from exc
        except DatabaseError as exc:
            raise storage_fault(exc) from exc

    return wrapper
