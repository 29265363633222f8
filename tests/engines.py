"""Reading a workshop the same way on both engines, for tests parametrised by `engine`.

A test made engine-neutral takes its workshop from the `workshop_at` fixture (a file path or a
server URL) and reads tables through SQLAlchemy on the workshop's own engine, never with
`sqlite3.connect(path)`: the same assertions then hold on a file and on PostgreSQL.

Tests about files as files (locks, permissions, WAL, `.creating`, backups, a damaged page, the
bytes of the SQLite file) stay on files: they carry `@pytest.mark.files_only("why")`, which
says so and fails loudly if such a test asks for the `engine` fixture.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

Tables = dict[str, list[tuple[Any, ...]]]


def is_server(where: object) -> bool:
    """Whether `where` (a path or URL, as `workshop_at` gives, or an open `WorkshopFile`) is
    a PostgreSQL workshop."""
    from storage.location import is_url
    from storage.workshop_file import WorkshopFile

    if isinstance(where, WorkshopFile):
        return where.server is not None
    return is_url(str(where))


def name_of(where: str | Path) -> str:
    """The workshop's short name: a file's stem, a server workshop's `workshop` parameter."""
    if is_server(where):
        from storage.location import parse_url

        return parse_url(str(where)).workshop
    return Path(where).stem


def created_label(where: object) -> str:
    """The automatic first step's label: a file and a server workshop are made differently."""
    return "create the workshop" if is_server(where) else "create the workshop file"


def table_names(connection: Connection) -> list[str]:
    """The workshop's tables, sorted (on a server: its own schema's, the search path's)."""
    return sorted(inspect(connection).get_table_names())


def contents(connection: Connection, skipped: Iterable[str] = ()) -> Tables:
    """Every row of every table but `skipped`, in id order (rows of a table without an id
    sorted as text: PostgreSQL promises no order without ORDER BY)."""
    result: Tables = {}
    skip = set(skipped)
    for name in table_names(connection):
        if name in skip:
            continue
        rows = connection.execute(text(f'SELECT * FROM "{name}"'))
        found = [tuple(row) for row in rows]
        if "id" in rows.keys():
            at = list(rows.keys()).index("id")
            found.sort(key=lambda row: row[at])
        else:
            found.sort(key=repr)
        result[name] = found
    return result


def foreign_key_problems(connection: Connection) -> list[Any]:
    """Rows whose foreign keys point nowhere. SQLite checks them on demand (`PRAGMA
    foreign_key_check`); PostgreSQL checks every statement, so any reference still dangling
    is found by an anti-join per foreign key, which is what this does there."""
    if connection.dialect.name == "sqlite":
        return list(connection.exec_driver_sql("PRAGMA foreign_key_check").all())
    problems: list[Any] = []
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        for key in inspector.get_foreign_keys(table):
            pairs = list(zip(key["constrained_columns"], key["referred_columns"], strict=True))
            joined = " AND ".join(f'r."{theirs}" = t."{mine}"' for mine, theirs in pairs)
            present = " AND ".join(f't."{mine}" IS NOT NULL' for mine, _ in pairs)
            rows = connection.execute(
                text(
                    f'SELECT t.* FROM "{table}" t WHERE {present} AND NOT EXISTS '
                    f'(SELECT 1 FROM "{key["referred_table"]}" r WHERE {joined})'
                )
            ).all()
            problems.extend((table, key["referred_table"], tuple(row)) for row in rows)
    return problems


def _place(where: object) -> Any:
    """What `open_workshop` takes: never the `str()` of a server's location, which is a title
    (`host/db · name`) and would be taken for a path."""
    from storage.location import ServerLocation
    from storage.workshop_file import WorkshopFile

    if isinstance(where, WorkshopFile):
        return where.location
    return where if isinstance(where, (ServerLocation, Path)) else str(where)


_readers: dict[str, Engine] = {}


def _reader(url: str) -> Engine:
    """A read-only engine on the server workshop at `url`, kept for the test run: opening the
    workshop each time (checks, a new engine, a new login) took most of a refused import's
    "nothing was written" comparison. Each test's database is dropped with its connections."""
    engine = _readers.get(url)
    if engine is None:
        from storage.location import parse_url
        from storage.server import server_engine

        engine = _readers[url] = server_engine(parse_url(url), read_only=True)
    return engine


def query(where: object, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of one SQL statement on the workshop at `where`, opened read-only."""
    from storage.workshop_file import open_workshop

    place = _place(where)
    if isinstance(place, str) and is_server(place):
        with _reader(place).connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    with open_workshop(place, read_only=True) as workshop:
        with workshop.engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]


def execute(where: object, sql: str, **params: Any) -> None:
    """Run one SQL statement on the workshop at `where` behind the storage layer's back (a
    test arranging rows the app could not make, or tampering with them). An open
    `WorkshopFile` is used as it is (a file open for editing would open read-only again)."""
    from storage.workshop_file import WorkshopFile

    if isinstance(where, WorkshopFile):
        with where.engine.begin() as connection:
            connection.execute(text(sql), params)
        return
    from storage.workshop_file import open_workshop

    with open_workshop(_place(where)) as workshop, workshop.engine.begin() as connection:
        connection.execute(text(sql), params)


def fingerprint(where: object) -> Any:
    """What must not move when nothing is written: a file's bytes; a server workshop's every
    row of every table (what a reader can see of it)."""
    if not is_server(where):
        return Path(str(where)).read_bytes()
    place = _place(where)
    if isinstance(place, str):
        with _reader(place).connect() as connection:
            return contents(connection)
    from storage.workshop_file import open_workshop

    with open_workshop(place, read_only=True) as workshop:
        with workshop.engine.connect() as connection:
            return contents(connection)


def digest(where: object) -> Any:
    """`seamwork_files.digest` on a file (its bytes' hash); on a server, `fingerprint`."""
    if is_server(where):
        return fingerprint(where)
    from seamwork_files import digest as file_digest

    return file_digest(Path(str(where)))


def table_count(where: object, table: str) -> int:
    """Rows in `table` (on a file as `seamwork_files.table_count` reads it, leaving no
    `-wal`/`-shm` behind)."""
    if is_server(where):
        return int(query(where, f'SELECT count(*) FROM "{table}"')[0][0])
    from seamwork_files import table_count as file_count

    return file_count(Path(str(where)), table)


def schemas(database_url: str) -> set[str]:
    """The workshops' schemas in the server database at `database_url` (its URL, with or
    without `?workshop=`), read with psycopg itself."""
    import psycopg

    libpq = database_url.replace("postgresql+psycopg://", "postgresql://", 1).split("?", 1)[0]
    with psycopg.connect(libpq) as connection:
        rows = connection.execute("SELECT nspname FROM pg_namespace").fetchall()
    return {row[0] for row in rows if row[0].startswith("seamwork_")}
