"""Opening workshop files: bad files refused untouched, permissions, read-only, locks, upgrades.

Files as files, every test (bytes, modes, the editor lock, backups): the server's side of each
(a schema of another program, read-only, a missing workshop, upgrades) is in test_postgresql."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from seamwork_files import (
    ANSWERED_FLOW,
    ANSWERED_SYSTEM,
    BAD_FILES,
    FIXTURE,
    digest,
    folder_state,
    make_bad,
    make_read_only,
    make_workshop,
    sidecars,
)

from storage.errors import ReadOnlyError
from storage.probe import HEAD_REVISION, WorkshopFileError, probe
from storage.queries.systems import create_system, list_systems
from storage.workshop_file import READ_ONLY_FILE, READ_ONLY_LOCKED, open_workshop

FIXTURE_NAMES = {
    "Shopify",
    "Sage X3",
    "Zoé Café Kassensystem",
    "[red]Markup[/] [@click=app.quit]",
}

pytestmark = pytest.mark.files_only("files as files: bytes, modes, locks, backups")


def names(workshop) -> list[str]:
    with workshop.session() as session:
        return [system.name for system in list_systems(session)]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- bad files ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize("read_only", [False, True])
def test_bad_file_is_refused_with_one_sentence_and_left_untouched(
    tmp_path: Path, kind: str, read_only: bool
) -> None:
    path, expected = make_bad(kind, tmp_path)
    before = folder_state(tmp_path)

    with pytest.raises(WorkshopFileError) as caught:
        open_workshop(path, read_only=read_only)

    message = str(caught.value)
    assert message == message.strip()
    assert "\n" not in message and message.endswith(".")
    assert message.startswith(str(path))
    assert expected in message
    assert folder_state(tmp_path) == before  # the file's bytes, and no new files beside it


def test_newer_schema_keeps_its_data(tmp_path: Path) -> None:
    """Refusing a newer file must not be mistaken for an empty one and overwritten."""
    path, _ = make_bad("newer-schema", tmp_path)
    with pytest.raises(WorkshopFileError):
        open_workshop(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
    assert connection.execute("SELECT count(*) FROM system").fetchone()[0] == 2
    connection.close()


def test_missing_file_is_not_created_when_read_only_or_create_false(tmp_path: Path) -> None:
    path = tmp_path / "missing.seamwork"
    for kwargs in ({"read_only": True}, {"create": False}):
        with pytest.raises(WorkshopFileError, match="does not exist"):
            open_workshop(path, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_not_a_workshop(tmp_path: Path) -> None:
    folder = tmp_path / "folder.seamwork"
    folder.mkdir()
    with pytest.raises(WorkshopFileError, match="is a folder"):
        open_workshop(folder)


# --- permissions ----------------------------------------------------------------------------


def test_new_file_and_new_data_folder_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "clients" / "acme" / "workshop.seamwork"
    old_umask = os.umask(0o022)  # a typical umask would otherwise give 0o644 / 0o755
    try:
        with open_workshop(path) as workshop, workshop.session() as session:
            create_system(session, data={"name": "Shopify"})
            assert mode(path) == 0o600
            for sidecar in sidecars(path):  # the WAL holds client data too
                assert mode(sidecar) == 0o600
    finally:
        os.umask(old_umask)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


# --- read-only ------------------------------------------------------------------------------


def test_read_only_file_opens_read_only_and_refuses_edits(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    make_workshop(path)
    make_read_only(path)
    before = digest(path)

    with open_workshop(path) as workshop:
        assert workshop.read_only
        assert workshop.read_only_reason == READ_ONLY_FILE
        assert names(workshop) == ["Sage X3", "Shopify"]
        with workshop.session() as session, pytest.raises(ReadOnlyError) as caught:
            create_system(session, data={"name": "Xero"})
        assert READ_ONLY_FILE in str(caught.value)

    assert digest(path) == before
    # Nothing left beside it: SQLite's `-shm` would carry the read-only mode and break every
    # write once the file is made writable again.
    assert sidecars(path) == []

    os.chmod(path, 0o600)
    with open_workshop(path) as workshop:
        assert not workshop.read_only
        with workshop.session() as session:
            create_system(session, data={"name": "Xero"})
        assert names(workshop) == ["Sage X3", "Shopify", "Xero"]


def test_second_window_opens_read_only_until_the_first_closes(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    first = open_workshop(path)
    with first.session() as session:
        create_system(session, data={"name": "Shopify"})
    try:
        second = open_workshop(path)
        try:
            assert second.read_only_reason == READ_ONLY_LOCKED
            with first.session() as session:  # the editor keeps editing...
                create_system(session, data={"name": "Xero"})
            assert names(second) == ["Shopify", "Xero"]  # ...and the reader sees it
            with second.session() as session, pytest.raises(ReadOnlyError):
                create_system(session, data={"name": "Stripe"})
        finally:
            second.close()
    finally:
        first.close()

    with open_workshop(path) as third:
        assert not third.read_only
        with third.session() as session:
            create_system(session, data={"name": "Stripe"})
        assert names(third) == ["Shopify", "Stripe", "Xero"]


def test_read_only_request_on_a_writable_file_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    make_workshop(path)
    before = digest(path)
    with open_workshop(path, read_only=True) as workshop:
        assert workshop.read_only
        assert names(workshop) == ["Sage X3", "Shopify"]
        with workshop.session() as session, pytest.raises(ReadOnlyError):
            create_system(session, data={"name": "Xero"})
    assert digest(path) == before


# --- the committed fixture at the first schema revision -------------------------------------


def fixture_revision(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def test_fixture_really_is_at_revision_0001() -> None:
    """If this fails, the fixture was rebuilt; restore it from git, never regenerate it."""
    assert fixture_revision(FIXTURE) == "0001"
    assert not FIXTURE.with_name(FIXTURE.name + "-wal").exists()


def test_fixture_opens_with_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.seamwork"
    shutil.copyfile(FIXTURE, path)

    with open_workshop(path) as workshop:
        assert not workshop.read_only
        assert set(names(workshop)) == FIXTURE_NAMES
        if fixture_revision(FIXTURE) != HEAD_REVISION:
            # An upgrade happened: the untouched original must be kept beside it.
            assert workshop.backup is not None and workshop.backup.exists()
            assert fixture_revision(workshop.backup) == fixture_revision(FIXTURE)
            assert mode(workshop.backup) == 0o600
        else:
            assert workshop.backup is None
        with workshop.session() as session:  # and the upgraded file is fully usable
            create_system(session, data={"name": "Xero"})
    assert probe(path).revision == HEAD_REVISION
    with open_workshop(path, read_only=True) as workshop:
        assert set(names(workshop)) == FIXTURE_NAMES | {"Xero"}


def test_fixture_upgrade_adds_data_objects_and_flows_that_work(tmp_path: Path) -> None:
    """The 0001 -> 0002 upgrade really runs (with a backup), and its new tables behave like
    those of a new file: names resolve, findings read them, deletes cascade."""
    from storage.queries.data_objects import create_data_object, list_data_objects, set_definition
    from storage.queries.flows import create_flow, list_flows
    from storage.queries.readiness import findings_for
    from storage.queries.systems import delete_system, get_system

    assert fixture_revision(FIXTURE) == "0001" != HEAD_REVISION
    path = tmp_path / "old.seamwork"
    shutil.copyfile(FIXTURE, path)

    with open_workshop(path) as workshop:
        assert workshop.backup == path.with_name("old.seamwork.before-0001.bak")
        assert fixture_revision(workshop.backup) == "0001"
        with workshop.session() as session:
            stock = create_data_object(
                session, data={"name": "Stock", "owner": "Ops"}, source_of_truth="sage x3"
            )
            assert stock.id is not None
            set_definition(session, data_object_id=stock.id, department="Sales", text="Promisable")
            create_flow(session, source="Sage X3", target="Shopify", data_object="Stock")
            create_flow(
                session,
                source="Shopify",
                target="[red]Markup[/] [@click=app.quit]",
                data_object="stock",
                data={"direction": "two-way", "owner": "IT"},
            )
            create_flow(
                session, source="Zoé Café Kassensystem", target="Sage X3", data_object="Stock"
            )
            assert "SOT-CONFLICT" in {finding.code for finding in findings_for(session)}

    assert probe(path).revision == HEAD_REVISION
    with open_workshop(path) as workshop, workshop.session() as session:
        assert set(names(workshop)) == FIXTURE_NAMES  # the old systems are all still there
        assert [row.ref for row in list_flows(session)] == [
            "Sage X3 -> Shopify: Stock",
            "Shopify -> [red]Markup[/] [@click=app.quit]: Stock",
            "Zoé Café Kassensystem -> Sage X3: Stock",
        ]
        sage = get_system(session, name="Sage X3")
        assert sage is not None and sage.id is not None
        delete_system(session, system_id=sage.id)  # foreign keys cascade in upgraded files too
        assert [row.ref for row in list_flows(session)] == [
            "Shopify -> [red]Markup[/] [@click=app.quit]: Stock"
        ]
        (row,) = list_data_objects(session)
        assert (row.source_of_truth, row.definitions, row.flows) == (None, 1, 1)


def test_a_revision_0002_file_upgrades_to_scenarios_and_checks(tmp_path: Path) -> None:
    """A file made before scenarios existed opens at head (with a backup): its flows are kept,
    and the new tables take scenarios and checks that cascade with their flow."""
    from sqlmodel import select

    from models.tables import Audit, Check, Scenario
    from storage.queries.flows import create_flow, delete_flow, list_flows

    path = tmp_path / "old.seamwork"
    with open_workshop(path, revision="0002") as workshop, workshop.session() as session:
        from storage.queries.data_objects import create_data_object

        for name in ("Shopify", "Sage X3"):  # every answer given: 0002 has no unknowns
            create_system(session, data={"name": name, **ANSWERED_SYSTEM})
        create_data_object(session, data={"name": "Sales orders", "sensitivity": "personal"})
        create_flow(session, source="Shopify", target="Sage X3", data_object="Sales orders",
                    data=ANSWERED_FLOW)  # fmt: skip
    assert fixture_revision(path) == "0002"
    assert probe(path).needs_migration

    with open_workshop(path) as workshop:
        assert workshop.backup == path.with_name("old.seamwork.before-0002.bak")
        assert fixture_revision(workshop.backup) == "0002"
        with workshop.session() as session:
            (flow,) = list_flows(session)
            assert flow.ref == "Shopify -> Sage X3: Sales orders"
            scenario = Scenario(title="Amended order", data_objects=["Sales orders"])
            scenario.set_title_key()
            session.add(scenario)
            session.flush()
            assert scenario.id is not None
            session.add(Check(flow_id=flow.id, scenario_id=scenario.id, status="gap"))
            session.commit()
            delete_flow(session, flow_id=flow.id)
            assert session.exec(select(Check)).all() == []
            assert session.exec(select(Scenario)).one().title == "Amended order"
            deleted = session.exec(select(Audit).where(Audit.action == "delete")).all()
            assert [(row.entity, row.name) for row in deleted] == [
                ("scenario_check", "Shopify -> Sage X3: Sales orders (Amended order)"),
                ("flow", "Shopify -> Sage X3: Sales orders"),
            ]
    assert fixture_revision(path) == HEAD_REVISION
