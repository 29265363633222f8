"""The template copies tests use are the files the product itself would have written there."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from seamwork_files import digest, sidecars
from workshop_templates import cached, new_demo, new_workshop, open_new

from storage.demo import write_demo
from storage.formats.seamwork_json.document import export_json
from storage.workshop_file import open_workshop

NOW = "2026-11-25T09:00:00+00:00"


def schema_and_rows(path: Path) -> tuple[object, ...]:
    """What SQLite holds: the schema, the header pragmas and every row of every table.

    Audit rows are compared without their ids: the order in which one flush writes them is
    SQLAlchemy's, not fixed, so two runs of `write_demo` number the same rows differently. The
    change count's token is random per file made (copies share it, as a user's copy would).
    """
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        pragmas = tuple(
            connection.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("application_id", "user_version", "journal_mode", "foreign_keys")
        )
        rows = {
            name: sorted(
                row[1:] if name == "audit" else row[:2] if name == "change_count" else row
                for row in connection.execute(f'SELECT * FROM "{name}"')
            )
            for (kind, name, _) in schema
            if kind == "table"
        }
    finally:
        connection.close()
    return schema, pragmas, rows


def test_an_empty_copy_is_what_open_workshop_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)  # the workshop's creation is audited, with its time
    made = tmp_path / "made" / "acme.seamwork"
    made.parent.mkdir()
    open_workshop(made).close()
    copy = new_workshop(tmp_path / "acme.seamwork")
    assert sidecars(copy) == []
    assert os.stat(copy).st_mode & 0o777 == 0o600 == os.stat(made).st_mode & 0o777
    assert schema_and_rows(copy) == schema_and_rows(made)


def test_the_demo_copy_is_what_write_demo_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)  # the audit trail's times, so rows compare exactly
    made = tmp_path / "made" / "demo.seamwork"
    made.parent.mkdir()
    write_demo(made)
    copy = new_demo(tmp_path / "demo.seamwork")
    assert sidecars(copy) == []
    assert os.stat(copy).st_mode & 0o777 == 0o600
    assert schema_and_rows(copy) == schema_and_rows(made)


def test_a_new_workshop_is_named_after_its_file_whatever_was_copied_before(
    tmp_path: Path,
) -> None:
    def name(path: Path) -> str:
        with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
            return export_json(session).split('"name": "', 1)[1].split('"', 1)[0]

    assert name(new_workshop(tmp_path / "acme.seamwork")) == "acme"
    assert name(new_workshop(tmp_path / "globex.seamwork")) == "globex"
    assert name(new_workshop(tmp_path / "again" / "acme.seamwork")) == "acme"


def test_a_pinned_clock_gets_its_own_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def audit_times(path: Path) -> set[str]:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {row[0] for row in connection.execute("SELECT at FROM audit")}
        finally:
            connection.close()

    monkeypatch.setenv("SEAMWORK_NOW", NOW)
    assert audit_times(new_demo(tmp_path / "pinned" / "demo.seamwork")) == {NOW}
    monkeypatch.setenv("SEAMWORK_NOW", "2027-01-01T00:00:00+00:00")
    assert audit_times(new_demo(tmp_path / "later" / "demo.seamwork")) == {
        "2027-01-01T00:00:00+00:00"
    }


def test_copies_are_independent_and_never_overwrite(tmp_path: Path) -> None:
    first = new_workshop(tmp_path / "a" / "w.seamwork")
    second = new_workshop(tmp_path / "b" / "w.seamwork")
    before = digest(second)
    with open_workshop(first) as workshop, workshop.session() as session:
        from storage.queries.systems import create_system

        create_system(session, data={"name": "Shopify"})
    assert digest(second) == before
    with pytest.raises(FileExistsError):
        new_workshop(first)


def test_a_builder_is_run_once_and_must_leave_its_file_closed(tmp_path: Path) -> None:
    runs: list[Path] = []

    def build(path: Path) -> None:
        runs.append(path)
        new_workshop(path)

    cached(tmp_path / "one.seamwork", build, "counting builder")
    cached(tmp_path / "two" / "one.seamwork", build, "counting builder")
    assert len(runs) == 1

    def leave_open(path: Path) -> None:
        open_new(path)  # never closed: its WAL is not checkpointed

    with pytest.raises(RuntimeError, match="left open"):
        cached(tmp_path / "three.seamwork", leave_open, "leaves it open")
    with pytest.raises(ValueError, match="Give a key"):
        cached(tmp_path / "four.seamwork", lambda path: None)
