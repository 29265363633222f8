"""`seamwork copy`: a whole workshop, history and all, to a new place; never over anything.

Copies are compared by their JSON export (byte for byte), by their history, and by what undo
does in each; failures leave the destination's folder exactly as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import engines
import pytest
from conftest import run_cli as run
from seamwork_files import folder_state, make_random_bytes
from sqlalchemy.exc import OperationalError
from workshop_templates import new_demo

import storage.copy
from storage.location import parse_location
from storage.queries.systems import create_system, get_system, update_system
from storage.queries.undo import history, undo
from storage.workshop_file import open_workshop


def _json(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    code, out, err = run(capsys, "export", path, "-f", "json")
    assert (code, err) == (0, "")
    return out


def _history(path: Path) -> list[tuple[str, str, str]]:
    with open_workshop(path, create=False, read_only=True) as workshop, workshop.session() as s:
        return [(entry.at, entry.label, entry.kind) for entry in history(s)]


def _edited(path: Path) -> Path:
    """The demo with two edits on its undo stack."""
    new_demo(path)
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "[bold]Ledger[/]", "category": "finance"})
        system = get_system(session, name="Shopify")
        assert system is not None and system.id is not None
        update_system(session, system_id=system.id, data={"owner": "Head of digital"})
    return path


def test_a_copy_exports_the_same_json_and_keeps_the_history(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = _edited(tmp_path / "acme.seamwork")
    copy = tmp_path / "elsewhere" / "acme-copy.seamwork"
    code, out, err = run(capsys, "copy", source, copy)
    assert (code, err) == (0, "")
    assert out == (
        f'Copied "Northwind Wholesale integration workshop" to {copy}: 11 systems, 24 flows, '
        "330 checks and 5 steps of history.\n"
    )
    assert _json(capsys, copy) == _json(capsys, source)
    assert _history(copy) == _history(source)
    assert (copy.stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]


def test_undo_in_the_copy_undoes_the_same_edit_as_in_the_original(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = _edited(tmp_path / "acme.seamwork")
    copy = tmp_path / "copy.seamwork"
    assert run(capsys, "copy", source, copy)[0] == 0
    said = []
    for path in (source, copy):
        with open_workshop(path) as workshop, workshop.session() as session:
            said.append(undo(session))
            said.append(undo(session))
    assert said[:2] == said[2:] and "Shopify" in said[0]
    assert _json(capsys, copy) == _json(capsys, source)
    assert '"[bold]Ledger[/]"' not in _json(capsys, copy)


def test_the_copy_counts_its_own_writes_and_works_its_findings_out_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = new_demo(tmp_path / "acme.seamwork")
    assert run(capsys, "check", source)[0] in (0, 1)  # keeps the findings in the source
    copy = tmp_path / "copy.seamwork"
    assert run(capsys, "copy", source, copy)[0] == 0
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM findings_cache").fetchone() == (0,)
        tokens = [
            connection.execute("SELECT token FROM change_count").fetchone(),
            sqlite3.connect(source).execute("SELECT token FROM change_count").fetchone(),
        ]
    assert tokens[0] != tokens[1]  # the copy's cached answers are never taken for the source's
    assert run(capsys, "check", copy)[:2] == run(capsys, "check", source)[:2]


@pytest.mark.parametrize("kind", ["a workshop", "an empty file", "another program's file"])
def test_a_destination_that_exists_is_refused_and_left_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    source = new_demo(tmp_path / "acme.seamwork")
    destination = tmp_path / "there.seamwork"
    if kind == "a workshop":
        new_demo(destination)
    elif kind == "an empty file":
        destination.touch()
    else:
        make_random_bytes(destination)
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "copy", source, destination)
    assert (code, out) == (2, "")
    assert err == f"seamwork: {destination} already exists; copy to a new file instead.\n"
    assert folder_state(tmp_path) == before


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (None, "does not exist."),
        (make_random_bytes, "is not a Seamwork workshop"),
    ],
)
def test_a_source_that_is_not_a_workshop_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: object, says: str
) -> None:
    source = tmp_path / "acme.seamwork"
    if callable(make):
        make(source)
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "copy", source, tmp_path / "copy.seamwork")
    assert (code, out) == (2, "")
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert folder_state(tmp_path) == before


def test_copying_a_workshop_onto_itself_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = new_demo(tmp_path / "acme.seamwork")
    before = folder_state(tmp_path)
    code, _, err = run(capsys, "copy", source, tmp_path / "." / "acme.seamwork")
    assert code == 2 and "itself" in err
    assert folder_state(tmp_path) == before


def test_a_copy_that_fails_half_way_leaves_no_file_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = new_demo(tmp_path / "acme.seamwork")
    written: list[str] = []

    def failing(table: str, done: int, total: int) -> None:
        written.append(table)
        if table == "flow":
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("disk I/O error"))

    real = storage.copy.copy_rows
    monkeypatch.setattr(
        storage.copy, "copy_rows", lambda src, dst, **_: real(src, dst, progress=failing)
    )
    monkeypatch.setattr(storage.copy, "BATCH", 5)
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "copy", source, tmp_path / "copy.seamwork")
    assert (code, out) == (2, "")
    assert err.startswith(f"seamwork: Cannot create {tmp_path / 'copy.seamwork'}: ")
    assert err.count("\n") == 1
    assert "system" in written  # it had written rows before it failed
    assert folder_state(tmp_path) == before


# --- between files and servers -----------------------------------------------------------------


def test_file_to_server_to_file_round_trips_byte_for_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server_database: str
) -> None:
    source = _edited(tmp_path / "acme.seamwork")
    server = f"{server_database}?workshop=copied"
    back = tmp_path / "back.seamwork"
    code, out, err = run(capsys, "copy", source, server)
    assert (code, err) == (0, "") and "5 steps of history" in out
    assert f"to {parse_location(server)}: " in out  # where it lives, never its password
    assert parse_location(server).url.split(":")[2].split("@")[0] not in out
    assert run(capsys, "copy", server, back)[:3:2] == (0, "")
    assert _json(capsys, server) == _json(capsys, source)
    assert _json(capsys, back) == _json(capsys, source)
    assert _history(back) == _history(source)


def test_a_copy_on_the_server_undoes_and_takes_new_rows_after_the_copied_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server_database: str
) -> None:
    source = _edited(tmp_path / "acme.seamwork")
    server = f"{server_database}?workshop=copied"
    assert run(capsys, "copy", source, server)[0] == 0
    with open_workshop(server) as workshop, workshop.session() as session:
        added = create_system(session, data={"name": "Added on the server"})
        assert added.id is not None and added.id > 11  # not an id the copy holds
        assert "Added on the server" in undo(session)
        assert "Shopify" in undo(session)
    with open_workshop(source) as workshop, workshop.session() as session:
        undo(session)
    assert _json(capsys, server) == _json(capsys, source)


def test_a_server_workshop_that_exists_is_refused_and_left_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server_database: str
) -> None:
    source = new_demo(tmp_path / "demo.seamwork")
    existing = f"{server_database}?workshop=acme"  # the template's empty workshop
    before = _json(capsys, existing)
    code, out, err = run(capsys, "copy", source, existing)
    assert (code, out) == (2, "")
    assert "already holds a workshop" in err and err.count("\n") == 1
    assert _json(capsys, existing) == before


def test_a_copy_to_a_server_that_fails_half_way_leaves_no_workshop(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    server_database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = new_demo(tmp_path / "acme.seamwork")
    before = engines.schemas(server_database)

    def failing(table: str, done: int, total: int) -> None:
        if table == "flow":
            raise OperationalError("INSERT", {}, RuntimeError("server closed the connection"))

    real = storage.copy.copy_rows
    monkeypatch.setattr(
        storage.copy, "copy_rows", lambda src, dst, **_: real(src, dst, progress=failing)
    )
    code, out, err = run(capsys, "copy", source, f"{server_database}?workshop=halfway")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err
    assert engines.schemas(server_database) == before
