"""Storage raises its own errors: pydantic's and SQLAlchemy's stop at storage's functions.

The app and the command line catch `storage.errors` only (`test_layering` checks that the tui
never imports the libraries), so each conversion is checked here on a real call: invalid input
comes out as `InvalidInput` with one sentence per field, a damaged file as `StorageFault` with
SQLite's words, and the command line still says what it said before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from sqlalchemy.exc import OperationalError

from storage.boundary import boundary
from storage.demo import write_demo
from storage.errors import (
    ExportError,
    FieldError,
    ImportValidationError,
    InvalidInput,
    NotFoundError,
    ReadOnlyError,
    StorageError,
    StorageFault,
)
from storage.formats.export import export
from storage.queries.data_objects import validate_definition
from storage.queries.flows import create_flow_capture
from storage.queries.snapshot import load_snapshot
from storage.queries.systems import create_system, list_systems, validate_system
from storage.workshop_file import WorkshopFile, open_workshop


@pytest.fixture
def workshop(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("w")) as opened:
        yield opened


def test_every_storage_error_shares_the_base_and_keeps_its_old_one() -> None:
    for error, old in (
        (FieldError, ValueError),
        (InvalidInput, ValueError),
        (ImportValidationError, ValueError),
        (NotFoundError, LookupError),
        (ReadOnlyError, Exception),
        (ExportError, Exception),
        (StorageFault, Exception),
    ):
        assert issubclass(error, StorageError) and issubclass(error, old)


def test_invalid_input_carries_one_sentence_per_field(workshop: WorkshopFile) -> None:
    with workshop.session() as session, pytest.raises(InvalidInput) as caught:
        create_system(session, data={"name": " ", "criticality": 9})
    assert caught.value.fields == {
        "name": "Name is required.",
        "criticality": "Criticality must be at most 5.",
    }
    assert str(caught.value) == "Name is required. Criticality must be at most 5."
    assert isinstance(caught.value.__cause__, Exception)  # pydantic's, kept for tracebacks
    with workshop.session() as session:
        assert list_systems(session) == []


def test_validating_without_saving_raises_the_same_error() -> None:
    assert validate_system({"name": " Shopify "}).name == "Shopify"
    with pytest.raises(InvalidInput) as caught:
        validate_system({"name": "Shopify", "hosting": "the moon"})
    assert list(caught.value.fields) == ["hosting"]
    with pytest.raises(InvalidInput) as caught:
        validate_definition(department=" ", text="Orders paid")
    assert list(caught.value.fields) == ["department"]


def test_a_name_made_inside_a_storage_call_is_converted_too(workshop: WorkshopFile) -> None:
    """Quick capture builds the new systems itself; their names are validated there."""
    with workshop.session() as session, pytest.raises(InvalidInput) as caught:
        create_flow_capture(
            session, source="Amazon", target="x" * 121, data_object="Refunds", create_missing=True
        )
    assert list(caught.value.fields) == ["name"]


def test_errors_storage_raises_itself_pass_through(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        create_system(session, data={"name": "Shopify"})
        with pytest.raises(FieldError, match="already exists"):
            create_system(session, data={"name": "SHOPIFY"})


def test_a_database_error_becomes_a_storage_fault_with_sqlites_words() -> None:
    @boundary
    def locked() -> None:
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(StorageFault) as caught:
        locked()
    assert caught.value.detail == "database is locked"
    assert (
        str(caught.value) == "The workshop file could not be read or written (database is locked)."
    )


def test_a_server_fault_names_the_workshop_not_a_file() -> None:
    """On a PostgreSQL server there is no file: the sentence says the workshop."""
    import psycopg

    @boundary
    def dropped() -> None:
        cause = psycopg.OperationalError("server closed the connection unexpectedly")
        raise OperationalError("SELECT 1", {}, cause)

    with pytest.raises(StorageFault) as caught:
        dropped()
    assert str(caught.value) == (
        "The workshop could not be read or written (server closed the connection unexpectedly)."
    )


def damaged(path: Path) -> Path:
    """Write the demo, then break the first page of its flow table (the probe still passes)."""
    write_demo(path)
    connection = sqlite3.connect(path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'flow'"
        ).fetchone()[0]
    finally:
        connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * 16)
    return path


@pytest.mark.files_only("a damaged page of the SQLite file")
def test_a_damaged_file_is_a_storage_fault_for_reads_and_exports(tmp_path: Path) -> None:
    path = damaged(tmp_path / "w.seamwork")
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        with pytest.raises(StorageFault) as caught:
            load_snapshot(session)
        assert caught.value.detail == "database disk image is malformed"
        for fmt in ("json", "mermaid", "md"):
            with pytest.raises(StorageFault):
                export(session, fmt)


@pytest.mark.files_only("a damaged page of the SQLite file")
@pytest.mark.parametrize(
    "argv",
    [("check",), ("priorities",), ("export", "-f", "json"), ("export", "-f", "md")],
)
def test_the_command_line_says_what_it_said_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    path = damaged(tmp_path / "w.seamwork")
    code, out, err = run_cli(capsys, argv[0], path, *argv[1:])
    assert (code, out) == (2, "")
    assert err == f"seamwork: {path} could not be read (database disk image is malformed).\n"
