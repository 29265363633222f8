"""Two writers on one workshop (issue 17): who made each change, no lost update, undo one's own.

Two engines on one real workshop stand in for two people, on a `.seamwork` file and on the
PostgreSQL server: Ana holds it as the app does (`open_workshop`, on a file the editor lock),
Ben writes through an engine of his own (on a server, simply a second `open_workshop`: every
window may write). Their saves interleave between a form opening (reading `expected`) and saving.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import engines
import pytest
from conftest import SAMPLE_SYSTEMS

from models.concurrency import settle
from storage.actor import acting_as, current_actor, set_actor
from storage.audit import WorkshopSession
from storage.errors import EditConflict, NotFoundError, UndoConflict
from storage.probe import HEAD_REVISION
from storage.queries.scenarios import list_checks, update_check
from storage.queries.systems import (
    delete_system,
    get_system,
    get_workshop,
    update_system,
    update_workshop,
)
from storage.queries.undo import history, redo_step, undo_step
from storage.workshop_file import WorkshopFile, _engine, open_workshop

FORM = ("name", "vendor", "owner", "criticality", "lifecycle")


def second_writer(path: str) -> WorkshopFile:
    """Ben's engine on the workshop Ana has open: on a file past her editor lock."""
    if engines.is_server(path):
        return open_workshop(path)
    return WorkshopFile(path=Path(path), engine=_engine(Path(path), read_only=False))


@pytest.fixture
def two(workshop_at: Any) -> Iterator[tuple[WorkshopFile, WorkshopFile]]:
    """Ana's workshop (the app's, holding the lock) and Ben's engine on the same workshop."""
    path = workshop_at("acme", systems=SAMPLE_SYSTEMS)
    ana = open_workshop(path)
    ben = second_writer(path)
    try:
        yield ana, ben
    finally:
        ana.close()
        ben.close()


def session_of(workshop: WorkshopFile, who: str) -> WorkshopSession:
    session = workshop.session()
    acting_as(session, who)
    return session


def opened(workshop: WorkshopFile, name: str) -> tuple[int, dict[str, object]]:
    """What a form on system `name` starts with: its id and the values it shows."""
    with workshop.session() as session:
        system = get_system(session, name=name)
        assert system is not None and system.id is not None
        return system.id, {field: getattr(system, field) for field in FORM}


def stored(workshop: WorkshopFile, name: str) -> dict[str, object]:
    with workshop.session() as session:
        system = get_system(session, name=name)
        assert system is not None
        return {field: getattr(system, field) for field in FORM}


def test_the_rule_writes_own_changes_and_finds_clashes() -> None:
    expected = {"owner": "CFO", "vendor": "Xero", "criticality": 1}
    current = {"owner": "Finance", "vendor": "Xero", "criticality": 2}
    # untouched fields are not written; a change only I made is; both changed differently clash
    result = settle(current, {"owner": "CFO", "vendor": "Xero Ltd", "criticality": 3}, expected)
    assert result.write == {"vendor": "Xero Ltd", "criticality": 3}
    assert result.clashes == ("criticality",)
    # both changed to the same value: no clash; a field not expected is written as given
    same = settle(current, {"criticality": 2, "notes": "x"}, expected)
    assert same == type(same)({"criticality": 2, "notes": "x"}, ())
    # nobody else moved it: mine is written
    assert settle(expected, {"owner": "Ops"}, expected).write == {"owner": "Ops"}


def test_different_fields_both_kept(two: tuple[WorkshopFile, WorkshopFile]) -> None:
    ana, ben = two
    system_id, ana_form = opened(ana, "Xero")
    _, ben_form = opened(ben, "Xero")
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=system_id, data={**ben_form, "vendor": "Xero Ltd"},
                      expected=ben_form)  # fmt: skip
    with session_of(ana, "Ana Ruiz") as session:
        update_system(session, system_id=system_id, data={**ana_form, "owner": "Finance"},
                      expected=ana_form)  # fmt: skip
    assert stored(ana, "Xero") == {**ana_form, "vendor": "Xero Ltd", "owner": "Finance"}


def test_without_expected_a_save_writes_every_field_as_before(
    two: tuple[WorkshopFile, WorkshopFile],
) -> None:
    ana, ben = two
    system_id, form = opened(ana, "Xero")
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=system_id, data={"vendor": "Xero Ltd"})
    with session_of(ana, "Ana Ruiz") as session:
        update_system(session, system_id=system_id, data={**form, "owner": "Finance"})
    assert stored(ana, "Xero") == {**form, "owner": "Finance"}  # today's last-writer-wins


def test_same_field_is_a_conflict_naming_who_and_when_and_nothing_is_written(
    two: tuple[WorkshopFile, WorkshopFile],
) -> None:
    ana, ben = two
    system_id, ana_form = opened(ana, "Xero")
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=system_id, data={"owner": "Controller"})
    with session_of(ana, "Ana Ruiz") as session, pytest.raises(EditConflict) as raised:
        update_system(
            session,
            system_id=system_id,
            data={**ana_form, "owner": "Finance", "vendor": "Xero Ltd"},
            expected=ana_form,
        )
    (clash,) = raised.value.clashes
    assert (clash.field, clash.theirs, clash.yours, clash.by) == (
        "owner", "Controller", "Finance", "Ben Ode"
    )  # fmt: skip
    assert clash.at is not None and clash.at[:2] == "20"
    assert "Ben Ode" in str(raised.value) and "“Controller”" in str(raised.value)
    assert "“Finance”" in str(raised.value)
    # nothing of Ana's save was written, not even the field that did not clash
    assert stored(ana, "Xero") == {**ana_form, "owner": "Controller"}

    # keep mine: save again over theirs, expecting what the file now holds: one step
    with session_of(ana, "Ana Ruiz") as session:
        steps = len(history(session))
        update_system(
            session,
            system_id=system_id,
            data={**ana_form, "owner": "Finance", "vendor": "Xero Ltd"},
            expected={**ana_form, "owner": "Controller"},
        )
        assert len(history(session)) == steps + 1
    assert stored(ana, "Xero") == {**ana_form, "owner": "Finance", "vendor": "Xero Ltd"}


def test_take_theirs_keeps_their_value_and_saves_the_rest(
    two: tuple[WorkshopFile, WorkshopFile],
) -> None:
    ana, ben = two
    system_id, ana_form = opened(ana, "Xero")
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=system_id, data={"criticality": 2})
    with session_of(ana, "Ana Ruiz") as session, pytest.raises(EditConflict):
        update_system(session, system_id=system_id, data={**ana_form, "criticality": 5,
                      "vendor": "Xero Ltd"}, expected=ana_form)  # fmt: skip
    # the form now shows theirs and expects it
    theirs = {**ana_form, "criticality": 2}
    with session_of(ana, "Ana Ruiz") as session:
        update_system(session, system_id=system_id, data={**theirs, "vendor": "Xero Ltd"},
                      expected=theirs)  # fmt: skip
    assert stored(ana, "Xero") == {**ana_form, "criticality": 2, "vendor": "Xero Ltd"}


def test_deleted_meanwhile_is_one_sentence_and_nothing_written(
    two: tuple[WorkshopFile, WorkshopFile],
) -> None:
    ana, ben = two
    system_id, ana_form = opened(ana, "Xero")
    with session_of(ben, "Ben Ode") as session:
        delete_system(session, system_id=system_id)
    with session_of(ana, "Ana Ruiz") as session, pytest.raises(NotFoundError) as raised:
        update_system(session, system_id=system_id, data={**ana_form, "owner": "Finance"},
                      expected=ana_form)  # fmt: skip
    assert str(raised.value) == "That system no longer exists."
    with ana.session() as session:
        assert get_system(session, name="Xero") is None
        assert [entry.actor for entry in history(session)][0] == "Ben Ode"


def test_workshop_details_and_checks_take_expected_too(workshop_at: Any) -> None:
    path = workshop_at("demo", demo=True)
    with open_workshop(path) as ana:
        ben = second_writer(path)
        try:
            with ana.session() as session:
                details = {"client": get_workshop(session).client, "notes": ""}
                check = list_checks(session)[0]
                form = {"note": check.note, "owner": check.owner, "uat": check.uat}
            with session_of(ben, "Ben Ode") as session:
                update_workshop(session, data={"client": "Acme plc"})
                update_check(session, check_id=check.id, owner="Ops")
            with session_of(ana, "Ana Ruiz") as session:
                with pytest.raises(EditConflict):
                    update_workshop(session, data={**details, "client": "Acme"},
                                    expected=details)  # fmt: skip
                with pytest.raises(EditConflict):
                    update_check(session, check_id=check.id, **{**form, "owner": "IT"},
                                 expected=form)  # fmt: skip
                update_check(session, check_id=check.id, **{**form, "note": "n"}, expected=form)
            with ana.session() as session:
                row = next(row for row in list_checks(session) if row.id == check.id)
                assert (row.owner, row.note) == ("Ops", "n")
                assert get_workshop(session).client == "Acme plc"
        finally:
            ben.close()


def test_each_step_records_its_actor_and_history_lists_everyone(
    two: tuple[WorkshopFile, WorkshopFile],
) -> None:
    ana, ben = two
    with session_of(ana, "Ana Ruiz") as session:
        system = get_system(session, name="Xero")
        assert system is not None and system.id is not None
        update_system(session, system_id=system.id, data={"owner": "Finance"})
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=system.id, data={"vendor": "Xero Ltd"})
    with ana.session() as session:
        actors = [entry.actor for entry in history(session)]
    # newest first; the systems the template was made with were recorded with no name
    assert actors[:2] == ["Ben Ode", "Ana Ruiz"] and actors[-1] is None


def test_the_process_actor_is_the_default_and_cleaned() -> None:
    before = current_actor()
    try:
        set_actor("  Ana\x1b[31m   Ruiz \n")
        assert current_actor() == "Ana[31m Ruiz"
        set_actor("   ")
        assert current_actor() is None
    finally:
        set_actor(before)


def test_undo_takes_ones_own_newest_edit(two: tuple[WorkshopFile, WorkshopFile]) -> None:
    ana, ben = two
    xero, _ = opened(ana, "Xero")
    shopify, _ = opened(ana, "Shopify")
    with session_of(ana, "Ana Ruiz") as session:
        update_system(session, system_id=xero, data={"owner": "Finance"})
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=shopify, data={"owner": "Digital"})
    with session_of(ana, "Ana Ruiz") as session:
        done = undo_step(session)
    assert done.sentence.startswith("Undid:") and "Xero" in done.sentence
    assert stored(ana, "Xero")["owner"] == "CFO"
    assert stored(ana, "Shopify")["owner"] == "Digital"  # Ben's edit stays
    with session_of(ben, "Ben Ode") as session:  # Ben's undo is his own, not Ana's redo
        assert "Shopify" in undo_step(session).sentence
        assert "Shopify" in redo_step(session).sentence
    with session_of(ana, "Ana Ruiz") as session:  # Ben's edits did not end Ana's redo
        assert "Xero" in redo_step(session).sentence
    assert stored(ana, "Xero")["owner"] == "Finance"
    with ana.session() as session:
        kinds = [(entry.kind, entry.actor) for entry in history(session)[:5]]
    assert kinds == [("redo", "Ana Ruiz"), ("redo", "Ben Ode"), ("undo", "Ben Ode"),
                     ("undo", "Ana Ruiz"), ("edit", "Ben Ode")]  # fmt: skip


def test_undo_refuses_to_overwrite_a_later_change_by_someone_else(
    two: tuple[WorkshopFile, WorkshopFile],
) -> None:
    ana, ben = two
    xero, _ = opened(ana, "Xero")
    with session_of(ana, "Ana Ruiz") as session:
        update_system(session, system_id=xero, data={"owner": "Finance"})
    with session_of(ben, "Ben Ode") as session:
        update_system(session, system_id=xero, data={"owner": "Controller"})
    with session_of(ana, "Ana Ruiz") as session, pytest.raises(UndoConflict) as raised:
        undo_step(session)
    assert "Ben Ode" in str(raised.value) and "owner" in str(raised.value)
    assert stored(ana, "Xero")["owner"] == "Controller"
    # a change to another field of the same row does not stand in the way
    with session_of(ben, "Ben Ode") as session:
        undo_step(session)  # Ben takes his back: the owner is Ana's again
        update_system(session, system_id=xero, data={"vendor": "Xero Ltd"})
    with session_of(ana, "Ana Ruiz") as session:
        undo_step(session)
    assert stored(ana, "Xero") == {**stored(ana, "Xero"), "owner": "CFO", "vendor": "Xero Ltd"}


@pytest.mark.files_only("a file's backup and probe; test_a_0009_server_workshop_... is its twin")
def test_a_revision_0009_file_upgrades_with_its_steps_made_by_someone_unknown(
    tmp_path: Path,
) -> None:
    """Steps a 0009 file holds have no actor after the upgrade (shown as unknown, never a name
    made up now), the process's actor is not recorded while at 0009, and new steps name it."""
    from storage.probe import probe
    from storage.queries.systems import create_system

    before = current_actor()
    set_actor("Ana Ruiz")
    try:
        path = tmp_path / "old.seamwork"
        with open_workshop(path, revision="0009") as workshop, workshop.session() as session:
            create_system(session, data={"name": "Xero"})
            assert [entry.actor for entry in history(session)] == [None]
        assert probe(path).revision == "0009"
        with open_workshop(path) as workshop:
            assert workshop.backup == path.with_name("old.seamwork.before-0009.bak")
            with workshop.session() as session:
                create_system(session, data={"name": "Sage"})
                assert [entry.actor for entry in history(session)] == ["Ana Ruiz", None]
                undo_step(session)  # a step naming nobody may be undone by anyone
                undo_step(session)
                assert get_system(session, name="Xero") is None
        assert probe(path).revision == HEAD_REVISION
    finally:
        set_actor(before)


def test_a_0009_server_workshop_upgrades_with_its_steps_made_by_someone_unknown(
    server_database: str,
) -> None:
    """The server's side of the upgrade above: no backup (the upgrade is one transaction), the
    same steps naming nobody, and new steps naming the process's actor."""
    from storage.queries.systems import create_system

    url = f"{server_database}?workshop=old"
    before = current_actor()
    set_actor("Ana Ruiz")
    try:
        with open_workshop(url, revision="0009") as workshop, workshop.session() as session:
            create_system(session, data={"name": "Xero"})
            assert [entry.actor for entry in history(session)] == [None]
        with open_workshop(url) as workshop:
            assert workshop.backup is None
            with workshop.session() as session:
                create_system(session, data={"name": "Sage"})
                assert [entry.actor for entry in history(session)] == ["Ana Ruiz", None]
                undo_step(session)  # a step naming nobody may be undone by anyone
                undo_step(session)
                assert get_system(session, name="Xero") is None
        assert engines.query(url, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    finally:
        set_actor(before)
