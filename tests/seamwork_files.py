"""Builders for the files storage and command-line tests open: good ones and each kind of bad one.

Bad files are made the way they occur in the wild (random bytes, a text file, another
program's database, a file from a newer Seamwork), never by mocking the probe.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "rev0001.seamwork"

# Every answer given, for rows written at a revision before 0008: those schemas have no unknowns
# (NOT NULL columns), and the models now leave an unanswered field NULL.
ANSWERED_SYSTEM = {"category": "erp", "lifecycle": "live", "hosting": "saas", "api": "rest",
                   "criticality": 3}  # fmt: skip
ANSWERED_FLOW = {
    "frequency": "daily",
    "mechanism": "api",
    "direction": "one-way",
    "state": "manual",
    "approach": "undecided",
    "monitored": False,
    "volume_per_day": 0,
    "manual_hours_per_week": 0,
}
SIDECARS = ("-wal", "-shm", "-journal")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    """SQLite's companion files that exist beside `path`."""
    return [
        path.with_name(path.name + s) for s in SIDECARS if path.with_name(path.name + s).exists()
    ]


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in `folder` with its hash, to prove a command left it exactly as it was."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def make_random_bytes(path: Path) -> None:
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))


def make_text_file(path: Path) -> None:
    path.write_text("name,category\nShopify,e-commerce\n", encoding="utf-8")


def make_other_sqlite(path: Path, application_id: int = 0, *, wal: bool = False) -> None:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA application_id={application_id}")
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.commit()
    connection.close()


def make_workshop(path: Path, names: tuple[str, ...] = ("Shopify", "Sage X3")) -> None:
    """A real, closed Seamwork workshop with a few systems."""
    from storage.queries.systems import create_system
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        for name in names:
            create_system(session, data={"name": name})
    assert not path.with_name(path.name + "-wal").exists()


def make_newer_schema(path: Path) -> None:
    """A real Seamwork file whose schema version is one this version cannot know."""
    make_workshop(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()


BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "random-bytes": (make_random_bytes, "is not a Seamwork workshop file (it is not an SQLite"),
    "text-file": (make_text_file, "is not a Seamwork workshop file (it is not an SQLite"),
    "other-sqlite-id-0": (make_other_sqlite, "is an SQLite database of another program"),
    "other-sqlite-other-id": (
        lambda p: make_other_sqlite(p, application_id=0x46524F42),
        "is an SQLite database of another program",
    ),
    "other-sqlite-wal": (
        lambda p: make_other_sqlite(p, wal=True),
        "is an SQLite database of another program",
    ),
    "newer-schema": (make_newer_schema, "was saved by a newer version of Seamwork (schema 9999)"),
}


def make_bad(kind: str, folder: Path) -> tuple[Path, str]:
    """Build the bad file `kind` in `folder`; return it and the sentence expected about it."""
    build, expected = BAD_FILES[kind]
    path = folder / f"{kind}.seamwork"
    build(path)
    return path, expected


def make_read_only(path: Path) -> None:
    os.chmod(path, 0o400)


def table_count(path: Path, table: str) -> int:
    """Rows in `table`, read without leaving `-wal`/`-shm` files behind."""
    from storage.probe import connect_readonly

    connection = connect_readonly(path, snapshot=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()
