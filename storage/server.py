"""Opening and creating workshops on a PostgreSQL server (one schema per workshop).

Every connection sets `search_path` to the workshop's schema (libpq's `options`), so the
queries written for files run unchanged and a workshop never sees another's rows; Alembic
keeps its version table in that schema too. A schema Seamwork made carries a comment saying
so (a file's `application_id`): a schema of that name holding another program's tables is
refused, never touched.

What files need and a server does not: no editor lock (every window may write), no backup
before an upgrade and no temporary file while creating (PostgreSQL runs DDL in transactions:
creating or upgrading a workshop commits whole or not at all).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import create_engine

from storage.location import ServerLocation, masked
from storage.probe import HEAD_REVISION, SCHEMA_REVISIONS, WorkshopFileError

MIGRATIONS = Path(__file__).with_name("migrations")
CONNECT_TIMEOUT_S = 5
SCHEMA_MARK = "Seamwork workshop"  # the schema's comment: the server's `application_id`
MIN_SERVER_VERSION = 110000  # triggers `EXECUTE FUNCTION` (PostgreSQL 11)


def server_engine(location: ServerLocation, *, read_only: bool = False) -> Engine:
    """An engine whose every connection works in the workshop's schema (read-only: the
    server itself refuses writes)."""
    options = f"-c search_path={location.schema}"
    if read_only:
        options += " -c default_transaction_read_only=on"
    return create_engine(
        location.url,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": options,
            "application_name": "seamwork",
        },
    )


def connect_failure(exc: BaseException, location: ServerLocation) -> str:
    """Why connecting failed, as the end of a sentence (never the password)."""
    message = str(getattr(exc, "orig", None) or exc)
    lowered = message.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return f"the server at {location.host} refused the user name or password"
    if "role" in lowered and "does not exist" in lowered:
        return f"the server at {location.host} refused the user name or password"
    if "database" in lowered and "does not exist" in lowered:
        return f'the database "{location.database}" does not exist on {location.host}'
    if "permission denied for database" in lowered:
        return f'the user may not connect to the database "{location.database}"'
    unreachable = (
        "connection refused",
        "timeout expired",
        "could not translate host name",
        "no such file or directory",
        "no route to host",
        "network is unreachable",
        "name or service not known",
        "temporary failure in name resolution",
    )
    if any(words in lowered for words in unreachable):
        return f"cannot reach a PostgreSQL server at {location.host}"
    first = masked(message.strip().splitlines()[0] if message.strip() else type(exc).__name__)
    return f"the server at {location.host} said: {first.rstrip('.')}"


def _schema_state(connection: Connection, location: ServerLocation) -> tuple[bool, str | None]:
    """(whether the schema exists, its Seamwork schema revision or None); raises
    `WorkshopFileError` for a schema that is not a Seamwork workshop or is too new."""
    row = connection.execute(
        text(
            "SELECT obj_description(oid, 'pg_namespace'), "
            "(SELECT count(*) FROM pg_class WHERE relnamespace = pg_namespace.oid) "
            "FROM pg_namespace WHERE nspname = :schema"
        ),
        {"schema": location.schema},
    ).first()
    if row is None:
        return False, None
    comment, relations = row
    if comment != SCHEMA_MARK:
        if relations == 0:  # an empty schema made for us (by an administrator): used as is
            return False, None
        raise WorkshopFileError(
            f'{location}: the schema "{location.schema}" holds another program\'s tables, '
            "not a Seamwork workshop; choose another workshop name."
        )
    found = connection.execute(
        text(
            "SELECT 1 FROM pg_tables WHERE schemaname = :schema AND tablename = 'alembic_version'"
        ),
        {"schema": location.schema},
    ).first()
    revision = None
    if found is not None:
        revision = connection.execute(
            text(f'SELECT version_num FROM "{location.schema}".alembic_version')
        ).scalar()
    if revision is None:
        raise WorkshopFileError(f"{location} is a damaged Seamwork workshop (no schema version).")
    if revision not in SCHEMA_REVISIONS:
        raise WorkshopFileError(
            f"{location} was saved by a newer version of Seamwork (schema {revision}); "
            "upgrade Seamwork to open it."
        )
    return True, str(revision)


def upgrade_connection(connection: Connection, revision: str = "head") -> None:
    """Run Alembic up to `revision` on `connection`, inside its transaction (PostgreSQL runs
    DDL in transactions: the upgrade commits whole or not at all)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _check_version(connection: Connection) -> None:
    version = int(connection.execute(text("SHOW server_version_num")).scalar() or 0)
    if version < MIN_SERVER_VERSION:
        shown = f"{version // 10000}" if version >= 100000 else f"{version / 10000:.1f}"
        raise WorkshopFileError(
            f"The server runs PostgreSQL {shown}; Seamwork needs PostgreSQL 11 or later."
        )


def _create(connection: Connection, location: ServerLocation, revision: str) -> None:
    """Make the schema, run every migration and add the workshop row, in the caller's
    transaction (all or nothing)."""
    from sqlmodel import Session, select

    from models.tables import Workshop
    from storage.audit import WorkshopSession, mark_step

    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{location.schema}"'))
    connection.execute(text(f"COMMENT ON SCHEMA \"{location.schema}\" IS '{SCHEMA_MARK}'"))
    upgrade_connection(connection, revision)
    if revision != "head":  # a test building an older workshop: today's `Workshop` won't fit
        connection.execute(text("INSERT INTO workshop (name) VALUES (:name)"), {"name": "acme"})
        return
    session_class: type[Session] = WorkshopSession
    with session_class(bind=connection) as session:
        if session.exec(select(Workshop)).first() is None:
            mark_step(session, kind="auto", label="create the workshop")
            session.add(Workshop(name=location.workshop))
            session.commit()  # the session's own commit (its step); the caller's ends it


def prepare(
    location: ServerLocation, *, create: bool, read_only: bool, revision: str = "head"
) -> tuple[Engine, bool]:
    """An engine on the workshop at `location`, created or upgraded first as needed; and
    whether this call created it. Raises `WorkshopFileError` with one sentence."""
    engine = server_engine(location)
    created = False
    try:
        with engine.connect() as connection:
            _check_version(connection)
            exists, current = _schema_state(connection, location)
        if not exists:
            if read_only or not create:
                raise WorkshopFileError(f"{location}: there is no such workshop on the server.")
            with engine.begin() as connection:
                # Two starts creating one workshop: the second waits, then finds it made.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:schema))"),
                    {"schema": location.schema},
                )
                exists, current = _schema_state(connection, location)
                if not exists:
                    _create(connection, location, revision)
                    created = True
        elif current != HEAD_REVISION and revision == "head":
            if read_only:
                raise WorkshopFileError(
                    f"{location} was saved by an older version of Seamwork and must be "
                    "upgraded, but it is opened read-only."
                )
            with engine.begin() as connection:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:schema))"),
                    {"schema": location.schema},
                )
                upgrade_connection(connection, "head")
    except WorkshopFileError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        reason = connect_failure(exc, location)
        raise WorkshopFileError(f"Cannot open {location}: {reason}.") from None
    except SQLAlchemyError as exc:  # pragma: no cover - a driver-level surprise
        engine.dispose()
        raise WorkshopFileError(f"Cannot open {location}: {masked(str(exc))}.") from None
    if read_only:
        engine.dispose()
        engine = server_engine(location, read_only=True)
    return engine, created


def create_filled(location: ServerLocation, fill: Callable[[Connection], None]) -> None:
    """Make a new workshop at `location` whose rows `fill` writes, in one transaction with the
    schema itself: it is there whole or not at all. Refuses a workshop that exists: a copy
    never replaces anything. Raises `WorkshopFileError` with one sentence."""
    engine = server_engine(location)
    try:
        with engine.begin() as connection:
            _check_version(connection)
            connection.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:schema))"),
                {"schema": location.schema},
            )
            exists, _ = _schema_state(connection, location)
            if exists:
                raise WorkshopFileError(
                    f"{location} already holds a workshop; copy to a new workshop name instead."
                )
            _create(connection, location, "head")
            fill(connection)
            reset_sequences(connection)
    except DBAPIError as exc:
        reason = connect_failure(exc, location)
        raise WorkshopFileError(f"Cannot copy to {location}: {reason}.") from None
    finally:
        engine.dispose()


def reset_sequences(connection: Connection) -> None:
    """Each table's id sequence set past the highest id it holds: rows written with their ids
    (a copy) leave the sequences where they were, and the next insert would take an id in use."""
    from sqlmodel import SQLModel

    import models.tables  # noqa: F401  (every table registered)

    for table in SQLModel.metadata.sorted_tables:
        if "id" not in table.columns or not table.columns["id"].primary_key:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
            ),
            {"table": table.name},
        )


def drop_workshop(location: ServerLocation) -> None:
    """Remove a workshop this very command created and then failed to fill (nothing kept)."""
    engine = server_engine(location)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{location.schema}" CASCADE'))
    except DBAPIError:
        pass
    finally:
        engine.dispose()


def change_stamp(engine: Engine) -> tuple[Any, ...]:
    """What moves whenever anyone commits to the workshop: its change count and last step."""
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT (SELECT value FROM change_count WHERE id = 1), "
                    "(SELECT max(id) FROM step), (SELECT max(id) FROM audit)"
                )
            ).first()
    except DBAPIError:
        return (-1,)
    return tuple(row) if row is not None else (-1,)
