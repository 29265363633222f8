"""Opening, creating and migrating `.seamwork` files.

A workshop file is SQLite with WAL, foreign keys and a busy timeout, stamped with Seamwork's
`application_id`. Older files are copied aside, then migrated by Alembic. A file another
Seamwork window is editing, or one we may not write, opens read-only.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine, select

from models.tables import Workshop
from storage.atomic import abandoned, remove
from storage.audit import WorkshopSession, mark_step, utc_now
from storage.location import Location, LocationError, ServerLocation, parse_location
from storage.paths import default_workshop_path
from storage.probe import (
    APPLICATION_ID,
    HEAD_REVISION,
    SCHEMA_REVISIONS,
    FileInfo,
    WorkshopFileError,
    connect_readonly,
    may_change,
    probe,
)

if TYPE_CHECKING:
    from storage.live import Change, ChangeListener

try:  # POSIX advisory locks; on other platforms the single-editor guard is skipped.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

BUSY_TIMEOUT_MS = 5000
MIGRATIONS = Path(__file__).with_name("migrations")

READ_ONLY_FILE = "the file is read-only"
READ_ONLY_LOCKED = "it is open for editing in another Seamwork window"
READ_ONLY_ASKED = "opened read-only"


@dataclass
class WorkshopFile:
    """An open workshop: the engine, whether it is read-only and why, and its editor lock.

    `created` is True when this very `open_workshop` call made the file: the app offers the
    workshop details form then, once (a file is only ever created once).

    On a server (`server` set) `path` is only the workshop's name, in the working folder: what
    exports are named after and written beside when no destination is given.
    """

    path: Path
    engine: Engine
    read_only_reason: str | None = None
    backup: Path | None = None
    # False only for files a test builds at a revision older than undo history (0005).
    history: bool = True
    # False only for files a test builds at a revision older than recorded actors (0010).
    actors: bool = True
    created: bool = False
    # True when `path` held an unfinished workshop (its creation killed by an older version)
    # that was made afresh: whoever opened it says so.
    afresh: bool = False
    server: ServerLocation | None = None
    _lock: int | None = field(default=None, repr=False)
    # On a server: the backend pids of this workshop's own connections (`own_backend`).
    _pids: set[int] = field(default_factory=set, repr=False)

    @property
    def location(self) -> Location:
        return self.server if self.server is not None else self.path

    @property
    def where(self) -> str:
        """Where the workshop lives, for titles and messages (a server's without password)."""
        return str(self.location)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def open_elsewhere(self) -> bool:
        """Read-only because another Seamwork window is editing the file (`take_over` once it
        has closed)."""
        return self.read_only_reason == READ_ONLY_LOCKED

    def session(self) -> WorkshopSession:
        """A new session: one per unit of work, closed by the caller (use `with`)."""
        session = WorkshopSession(self.engine, expire_on_commit=False)
        if self.read_only_reason:
            session.info["read_only"] = self.read_only_reason
        if not self.history:
            session.info["history"] = False
        if not self.actors:
            session.info["actors"] = False
        return session

    def stamp(self) -> tuple[int, ...]:
        """What changes whenever anyone commits to the file: the size and modification time
        of the file and of its write-ahead log. A window open read-only compares stamps to see
        another window's edits. On a server: its change count and last step."""
        if self.server is not None:
            from storage.server import change_stamp

            return change_stamp(self.engine)
        values: list[int] = []
        for part in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                status = part.stat()
            except OSError:
                values += [-1, -1]
            else:
                values += [status.st_size, status.st_mtime_ns]
        return tuple(values)

    def own_backend(self, pid: int) -> bool:
        """Whether the server backend `pid` is one of this workshop's own connections: a
        notification it sent is of an edit this window has shown already."""
        return pid in self._pids

    def listen(
        self, on_change: Callable[[Change], None], on_state: Callable[[bool], None]
    ) -> ChangeListener | None:
        """On a server, a listener (started) that calls `on_change` for each commit other
        connections make to the workshop, and `on_state(True)` while it cannot hear them
        (`storage.live`); None for a file, which has no such thing (look at `stamp()`)."""
        if self.server is None:
            return None
        from storage.live import ChangeListener

        listener = ChangeListener(
            self.server, own=self.own_backend, on_change=on_change, on_state=on_state
        )
        listener.start()
        return listener

    def take_over(self) -> WorkshopFile | None:
        """Once the window that had this file open for editing has closed, the file opened
        again, editable (the caller closes this one); None while that window still has it, or
        when this one is read-only for another reason."""
        if not self.open_elsewhere:
            return None
        probe_lock = _try_lock(self.path)
        if probe_lock is None:
            return None
        _release(probe_lock)
        reopened = open_workshop(self.path, create=False)
        if reopened.read_only:  # another window took it in between
            reopened.close()
            return None
        return reopened

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            with suppress(OSError):
                os.close(self._lock)
            self._lock = None

    def __enter__(self) -> WorkshopFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _make_private_dir(folder: Path) -> None:
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=0o700)
        os.chmod(new, 0o700)


NO_LOCK_NEEDED = -1  # platforms without flock: nothing to hold


def _try_lock(path: Path) -> int | None:
    """Hold an exclusive `flock` on the file for as long as we edit it; None if another has it.

    `flock` locks are separate from the POSIX record locks SQLite itself uses, so this cannot
    interfere with SQLite's own locking. Returns the descriptor to keep, or `NO_LOCK_NEEDED`.
    """
    if fcntl is None:
        return NO_LOCK_NEEDED
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _release(lock: int | None) -> None:
    if lock is not None and lock != NO_LOCK_NEEDED:
        with suppress(OSError):
            os.close(lock)


def _kept(lock: int | None) -> int | None:
    return None if lock == NO_LOCK_NEEDED else lock


FIRST_HISTORY_REVISION = "0005"


FIRST_ACTOR_REVISION = "0010"


def _has_history(revision: str | None, first: str = FIRST_HISTORY_REVISION) -> bool:
    """Whether a file at `revision` keeps undo history (the step table and `audit.step`), or
    with `first` another part of the schema that revision added."""
    if revision in (None, "head") or revision not in SCHEMA_REVISIONS:
        return True
    return SCHEMA_REVISIONS.index(revision) >= SCHEMA_REVISIONS.index(first)


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _query_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def _engine(path: Path, *, read_only: bool) -> Engine:
    if read_only and not may_change(path):
        engine = create_engine(
            "sqlite://", creator=lambda: connect_readonly(path), poolclass=NullPool
        )
    elif read_only:
        # A file we may write but must not: an ordinary connection that SQLite itself keeps
        # from writing, so its WAL files are tidied away on close as usual.
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            poolclass=NullPool,
        )
        event.listen(engine, "connect", _query_only)
    else:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
    event.listen(engine, "connect", _pragmas)
    return engine


def _backup(path: Path, revision: str) -> Path:
    """Copy the file aside (consistently, through SQLite) before migrating it."""
    target = path.with_name(f"{path.name}.before-{revision}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.before-{revision}-{counter}.bak")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    source = sqlite3.connect(path)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    return target


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run Alembic up to `revision` on an open engine (batch mode for SQLite)."""
    from alembic import command
    from alembic.config import Config

    if engine.dialect.name != "sqlite":  # DDL in one transaction: all or nothing
        from storage.server import upgrade_connection

        with engine.begin() as connection:
            upgrade_connection(connection, revision)
        return
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        # SQLite changes a column by rebuilding its table, and dropping the old table would
        # run ON DELETE CASCADE on every child row. Foreign keys go off around the migration
        # (the pragma only takes effect outside a transaction) and are checked before commit:
        # a migration that leaves a reference broken is rolled back.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
        try:
            with connection.begin():
                check = "PRAGMA foreign_key_check"
                before = len(connection.exec_driver_sql(check).fetchall())
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                broken = connection.exec_driver_sql(check).fetchall()
                if len(broken) > before:
                    raise RuntimeError(f"migrating broke a reference in {broken[-1][0]}")
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def _initialise(path: Path, engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    migrate(engine, revision)
    if revision != "head":
        # A test building an older file: today's `Workshop` has columns that schema lacks.
        with engine.begin() as connection:
            if connection.exec_driver_sql("SELECT 1 FROM workshop LIMIT 1").first() is None:
                connection.exec_driver_sql(
                    "INSERT INTO workshop (name) VALUES (?)", (path.stem or "Workshop",)
                )
        return
    with WorkshopSession(engine) as session:
        if session.exec(select(Workshop)).first() is None:
            mark_step(session, kind="auto", label="create the workshop file")
            session.add(Workshop(name=path.stem or "Workshop"))
            session.commit()


CREATING = ".creating"  # suffix of a workshop being made, beside where it will appear


def _creating(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{CREATING}")


def _remove_abandoned(path: Path) -> None:
    """Remove what a start killed while making `path` left beside it (its temporary file and
    SQLite's side files), unless that start is still running."""
    for leftover in abandoned(path):
        if CREATING in leftover.name:
            remove(leftover)


def _sync_folder(folder: Path) -> None:
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _failure(exc: DatabaseError, path: Path) -> str:
    """What went wrong with the file at `path`, in words for a sentence."""
    from storage.boundary import storage_fault

    fault = storage_fault(exc, path)
    return "the disk is full; free some space and try again" if fault.disk_full else fault.detail


def _create(path: Path, revision: str, fill: Callable[[Engine], None] | None = None) -> bool:
    """Make a new workshop at `path` complete or not at all: it is built under a temporary
    name beside `path` and appears by a rename only once it is whole, so a start killed
    half-way leaves `path` as it was (and `_remove_abandoned` tidies the temporary file on the
    next start). False when another start made `path` meanwhile (that one is opened instead).
    `fill` writes the new workshop's rows before it appears (a copy of another workshop).
    """
    _remove_abandoned(path)
    temporary = _creating(path)
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise WorkshopFileError(f"Cannot create {path}: {exc.strerror or exc}.") from None
    os.close(fd)
    try:
        engine = _engine(temporary, read_only=False)
        try:
            _initialise(path, engine, revision)
            if fill is not None:
                fill(engine)
            with engine.begin() as connection:  # all in the main file: it travels alone
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except DatabaseError as exc:  # a full disk, most likely
            raise WorkshopFileError(f"Cannot create {path}: {_failure(exc, temporary)}.") from None
        finally:
            engine.dispose()
        if path.exists():  # an empty or unfinished file being taken over: nothing to lose
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # never over a file another start has just made
            except FileExistsError:
                return False
            except OSError:  # a file system without hard links
                os.replace(temporary, path)
        _sync_folder(path.parent)
        return True
    finally:
        for leftover in (temporary, *(Path(f"{temporary}{end}") for end in ("-wal", "-shm"))):
            with suppress(OSError):
                leftover.unlink()


def _open_server(
    location: ServerLocation, *, create: bool, read_only: bool | str, revision: str
) -> WorkshopFile:
    from storage.server import prepare

    engine, created = prepare(location, create=create, read_only=bool(read_only), revision=revision)
    reason = read_only if isinstance(read_only, str) else READ_ONLY_ASKED
    pids: set[int] = set()
    # On checkout, not connect: the pool holds connections `prepare` made already.
    event.listen(engine, "checkout", lambda dbapi, *_: pids.add(dbapi.info.backend_pid))
    event.listen(engine, "close", lambda dbapi, *_: pids.discard(dbapi.info.backend_pid))
    return WorkshopFile(
        path=Path(location.workshop),
        engine=engine,
        read_only_reason=reason if read_only else None,
        created=created,
        history=_has_history(revision),
        actors=_has_history(revision, FIRST_ACTOR_REVISION),  # a test's older workshop
        server=location,
        _pids=pids,
    )


def open_workshop(
    path: str | os.PathLike[str] | ServerLocation,
    *,
    create: bool = True,
    read_only: bool | str = False,
    revision: str = "head",
) -> WorkshopFile:
    """Open (or create) the workshop at `path` (a file, or a PostgreSQL URL or
    `ServerLocation`); raise `WorkshopFileError` for unusable ones.

    `read_only` may be the reason to give for it (`READ_ONLY_ASKED` when it is just True), for
    the one who asked to say why in their own words ("it is served to browsers read-only").

    `revision` is for tests that build files of an older schema; the app always uses head.
    """
    try:
        location = parse_location(path)
    except LocationError as exc:
        raise WorkshopFileError(str(exc)) from None
    if isinstance(location, ServerLocation):
        return _open_server(location, create=create, read_only=read_only, revision=revision)
    path = location
    info: FileInfo = probe(path)
    if not info.exists:
        if read_only or not create:
            raise WorkshopFileError(f"{path} does not exist.")
        _make_private_dir(path.parent)
        if path.exists() and not info.writable:
            raise WorkshopFileError(f"Cannot create a workshop in {path}: the file is read-only.")
        if _create(path, revision):
            lock = _try_lock(path)
            return WorkshopFile(
                path=path,
                engine=_engine(path, read_only=lock is None),
                read_only_reason=READ_ONLY_LOCKED if lock is None else None,
                created=True,
                afresh=info.unfinished,
                history=_has_history(revision),
                actors=_has_history(revision, FIRST_ACTOR_REVISION),
                _lock=_kept(lock),
            )
        info = probe(path)  # another start made it meanwhile: open that one as it is

    reason: str | None = None
    lock = None
    if read_only:
        reason = read_only if isinstance(read_only, str) else READ_ONLY_ASKED
    elif not info.writable:
        reason = READ_ONLY_FILE
    else:
        lock = _try_lock(path)
        if lock is None:
            reason = READ_ONLY_LOCKED
        else:  # a start killed between linking the new file in and tidying its temporary
            _remove_abandoned(path)
    backup = None
    if info.needs_migration and revision == "head":
        if reason is not None:
            raise WorkshopFileError(
                f"{path} was saved by an older version of Seamwork and must be upgraded, "
                f"but {reason}."
            )
        backup = _backup(path, info.revision or "unknown")
        engine = _engine(path, read_only=False)
        try:
            migrate(engine)
        except Exception as exc:
            engine.dispose()
            _release(lock)
            raise WorkshopFileError(
                f"Upgrading {path} failed ({exc}); the original is kept in {backup}."
            ) from None
        engine.dispose()
    engine = _engine(path, read_only=reason is not None)
    if reason is None:
        try:
            with engine.begin() as connection:  # files upgraded from older journals join WAL
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        except DatabaseError as exc:  # a full disk: SQLite's side files cannot be made
            engine.dispose()
            _release(lock)
            raise WorkshopFileError(f"Cannot open {path}: {_failure(exc, path)}.") from None
    return WorkshopFile(
        path=path,
        engine=engine,
        read_only_reason=reason,
        backup=backup,
        history=_has_history(info.revision if revision != "head" else "head"),
        actors=_has_history(info.revision if revision != "head" else "head", FIRST_ACTOR_REVISION),
        _lock=_kept(lock),
    )


def create_filled(path: str | os.PathLike[str], fill: Callable[[Engine], None]) -> Path:
    """Make a new workshop file at `path` whose rows `fill` writes (in one transaction of its
    own), whole or not at all: `path` appears only once `fill` has finished. Refuses a path
    that exists, whatever it holds: a copy never replaces anything."""
    path = Path(path).expanduser()
    if path.exists() or path.is_symlink():
        raise WorkshopFileError(f"{path} already exists; copy to a new file instead.")
    _make_private_dir(path.parent)
    if not _create(path, "head", fill):
        raise WorkshopFileError(
            f"{path} was made by another Seamwork meanwhile; it is left as it is."
        )
    return path


@contextmanager
def session_scope(workshop: WorkshopFile) -> Iterator[WorkshopSession]:
    """A session for one unit of work, rolled back if it fails."""
    session = workshop.session()
    try:
        yield session
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


__all__ = [
    "HEAD_REVISION",
    "READ_ONLY_FILE",
    "READ_ONLY_LOCKED",
    "WorkshopFile",
    "WorkshopFileError",
    "create_filled",
    "default_workshop_path",
    "migrate",
    "open_workshop",
    "session_scope",
    "utc_now",
]
