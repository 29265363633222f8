"""The migrations and the SQLModel tables must describe the same schema.

If a table is changed without a migration (or the other way round), files made by older
versions would open into a schema the code does not expect.
"""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from seamwork_files import ANSWERED_FLOW, ANSWERED_SYSTEM
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from storage.probe import HEAD_REVISION, SCHEMA_REVISIONS, probe
from storage.workshop_file import MIGRATIONS, open_workshop


def test_migrated_schema_matches_the_tables(tmp_path: Path) -> None:
    workshop = open_workshop(tmp_path / "w.seamwork")
    try:
        with workshop.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": False, "render_as_batch": True}
            )
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        workshop.close()
    ignored = {"alembic_version"}
    diff = [d for d in diff if not (d[0] == "remove_table" and d[1].name in ignored)]
    assert diff == []


def test_probe_knows_every_revision_in_order() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions()][::-1]
    assert tuple(chain) == SCHEMA_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_a_revision_0003_file_upgrades_to_priorities(tmp_path: Path) -> None:
    """A file made before prioritisation opens at head (with a backup): its systems, flows,
    scenarios and checks are kept, the workshop is weighted and unseeded, and the new tables
    take criteria, candidates, scores and KPIs whose links go (audited) with their flow."""
    import sqlite3

    from sqlmodel import select

    from models.tables import (
        Audit,
        Candidate,
        CandidateFlow,
        Check,
        Criterion,
        Kpi,
        KpiCandidate,
        KpiDataObject,
        Score,
        Workshop,
    )
    from storage.probe import probe
    from storage.queries.data_objects import create_data_object, delete_data_object
    from storage.queries.flows import create_flow, delete_flow, list_flows
    from storage.queries.systems import create_system

    path = tmp_path / "old.seamwork"
    with open_workshop(path, revision="0003") as workshop, workshop.session() as session:
        for name in ("Shopify", "Sage X3"):
            create_system(session, data={"name": name, **ANSWERED_SYSTEM})
        create_data_object(session, data={"name": "Sales orders", "sensitivity": "personal"})
        create_data_object(session, data={"name": "Stock", "sensitivity": "internal"})
        create_flow(session, source="Shopify", target="Sage X3", data_object="Sales orders",
                    data=ANSWERED_FLOW)  # fmt: skip
        create_flow(session, source="Sage X3", target="Shopify", data_object="Stock",
                    data=ANSWERED_FLOW)  # fmt: skip
        # by SQL: the Scenario model has a column a 0003 file lacks (flow_id, from 0007)
        session.connection().exec_driver_sql(
            "INSERT INTO scenario (id, title, title_key, category, description, question, "
            "data_objects, retired) VALUES (1, 'Amended order', 'amended order', 'other', '', "
            "'', '[\"Sales orders\"]', 0)"
        )
        session.connection().exec_driver_sql(
            "INSERT INTO scenario_check (flow_id, scenario_id, status, note, owner, uat, "
            "updated_at) VALUES (1, 1, 'gap', '', '', 0, '')"
        )
        session.commit()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "candidate" not in tables and "kpi" not in tables
    finally:
        connection.close()
    assert probe(path).needs_migration

    with open_workshop(path) as workshop:
        assert workshop.backup == path.with_name("old.seamwork.before-0003.bak")
        with workshop.session() as session:
            assert [flow.ref for flow in list_flows(session)] == [
                "Sage X3 -> Shopify: Stock",
                "Shopify -> Sage X3: Sales orders",
            ]
            assert session.exec(select(Check)).one().status == "gap"
            row = session.exec(select(Workshop)).one()
            assert (row.name, row.scoring_method, row.criteria_seeded) == ("old", "weighted", False)
            criterion = Criterion(name="Operational impact", weight=5)
            candidate = Candidate(name="Order to cash", phase=1)
            kpi = Kpi(name="Manual order entry", unit="hours/week", baseline=30.0, target=5.0)
            for item in (criterion, candidate, kpi):
                item.set_name_key()
                session.add(item)
            session.flush()
            flows = {flow.ref: flow.id for flow in list_flows(session)}
            orders = flows["Shopify -> Sage X3: Sales orders"]
            session.add(CandidateFlow(candidate_id=candidate.id, flow_id=orders))
            session.add(
                CandidateFlow(candidate_id=candidate.id, flow_id=flows["Sage X3 -> Shopify: Stock"])
            )
            session.add(Score(candidate_id=candidate.id, criterion_id=criterion.id, value=4))
            session.add(KpiCandidate(kpi_id=kpi.id, candidate_id=candidate.id))
            session.add(KpiDataObject(kpi_id=kpi.id, data_object_id=2))
            session.commit()

            delete_flow(session, flow_id=orders)
            assert len(session.exec(select(CandidateFlow)).all()) == 1
            delete_data_object(session, data_object_id=2)  # Stock: its flow and KPI link go
            assert session.exec(select(CandidateFlow)).all() == []
            assert session.exec(select(KpiDataObject)).all() == []
            assert session.exec(select(Score)).one().value == 4
            deleted = session.exec(select(Audit).where(Audit.action == "delete")).all()
            assert [(row.entity, row.name) for row in deleted] == [
                ("scenario_check", "Shopify -> Sage X3: Sales orders (Amended order)"),
                ("candidate_flow", "Order to cash (Shopify -> Sage X3: Sales orders)"),
                ("flow", "Shopify -> Sage X3: Sales orders"),
                ("candidate_flow", "Order to cash (Sage X3 -> Shopify: Stock)"),
                ("flow", "Sage X3 -> Shopify: Stock"),
                ("kpi_data_object", "Manual order entry (Stock)"),
                ("data_object", "Stock"),
            ]
    assert probe(path).revision == HEAD_REVISION


REV0004 = Path(__file__).parent / "fixtures" / "rev0004.seamwork"


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN "
                "('alembic_version', 'audit', 'step') ORDER BY name"
            )
        ]
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    finally:
        connection.close()


def test_a_revision_0004_file_upgrades_to_undo_history(tmp_path: Path) -> None:
    """A file the 0004 code wrote (tests/fixtures/rev0004.seamwork, every kind of entity)
    opens at head with a backup and every row kept; its audit rows predate history, so
    nothing can be undone, and the first edit after the upgrade is the first step."""
    import shutil
    import sqlite3

    import pytest

    from storage.errors import NothingToUndo
    from storage.probe import probe
    from storage.queries.systems import create_system
    from storage.queries.undo import history, redo, undo

    path = tmp_path / "old.seamwork"
    shutil.copyfile(REV0004, path)
    assert probe(path).revision == "0004"
    before = _contents(path)
    assert len(before["flow"]) == 1 and len(before["kpi_data_object"]) == 1

    with open_workshop(path) as workshop:
        assert workshop.backup == path.with_name("old.seamwork.before-0004.bak")
        with workshop.session() as session:
            assert history(session) == []
            with pytest.raises(NothingToUndo):
                undo(session)
            create_system(session, data={"name": "Xero"})
            assert [entry.label for entry in history(session)] == ["add system Xero"]
            assert undo(session) == "Undid: add system Xero"
            with pytest.raises(NothingToUndo):
                undo(session)
            assert redo(session) == "Redid: add system Xero"
    assert probe(path).revision == HEAD_REVISION
    after = _contents(path)
    xero = after["system"].pop()
    assert xero[1] == "Xero"
    for table, rows in before.items():  # later revisions may add columns at the end
        assert [row[: len(rows[0])] if rows else row for row in after[table]] == rows, table
    new_tables = set(after) - set(before) - {"change_count"}  # its one row: the count
    assert not any(after[table] for table in new_tables)
    connection = sqlite3.connect(path)
    try:
        old_rows = connection.execute("SELECT count(*) FROM audit WHERE step IS NULL").fetchone()
        assert old_rows == (18,)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_a_revision_0006_file_upgrades_to_one_flow_scenarios(tmp_path: Path) -> None:
    """A file made at 0006 opens at head with a backup: its scenarios and checks are kept and
    all belong to the library (no flow of their own); a one-flow scenario can then be added."""
    import sqlite3

    from storage.probe import probe
    from storage.queries.data_objects import create_data_object
    from storage.queries.flows import create_flow
    from storage.queries.scenarios import add_flow_scenario, list_checks, list_scenarios
    from storage.queries.systems import create_system

    path = tmp_path / "old.seamwork"
    with open_workshop(path, revision="0006") as workshop, workshop.session() as session:
        for name in ("Salesforce", "Mission Control PSA"):
            create_system(session, data={"name": name, **ANSWERED_SYSTEM})
        create_data_object(session, data={"name": "Won opportunities", "sensitivity": "internal"})
        create_flow(session, source="Salesforce", target="Mission Control PSA",
                    data_object="Won opportunities", data=ANSWERED_FLOW)  # fmt: skip
        session.connection().exec_driver_sql(  # by SQL: the model has 0007's column
            "INSERT INTO scenario (id, title, title_key, category, description, question, "
            "data_objects, retired) VALUES (1, 'Amended order', 'amended order', 'other', '', "
            "'', '[\"Sales orders\"]', 0)"
        )
        session.connection().exec_driver_sql(
            "INSERT INTO scenario_check (flow_id, scenario_id, status, note, owner, uat, "
            "updated_at) VALUES (1, 1, 'gap', 'Re-keyed by hand', '', 0, '2026-03-02')"
        )
        session.commit()
    assert probe(path).revision == "0006"

    with open_workshop(path) as workshop:
        assert workshop.backup == path.with_name("old.seamwork.before-0006.bak")
        with workshop.session() as session:
            (scenario,) = list_scenarios(session)
            assert (scenario.title, scenario.flow_id, scenario.checks) == ("Amended order", None, 1)
            (check,) = list_checks(session)
            assert (check.status.value, check.note, check.one_flow) == (
                "gap",
                "Re-keyed by hand",
                False,
            )
            added = add_flow_scenario(session, flow_id=1, title="Deal won twice")
            assert added.one_flow
    assert probe(path).revision == HEAD_REVISION == "0011"
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT title, flow_id FROM scenario ORDER BY id").fetchall() == [
            ("Amended order", None),
            ("Deal won twice", 1),
        ]
    finally:
        connection.close()


def test_a_revision_0007_file_keeps_its_answers_and_new_rows_are_unknown(tmp_path: Path) -> None:
    """A file the 0007 schema wrote (every answer filled in, some by the old column defaults)
    opens at head with every value kept, its checks and candidate links still attached to the
    rebuilt flow table; a system, data object and flow added afterwards are unknown (NULL)."""
    import sqlite3

    from storage.probe import probe
    from storage.queries.data_objects import create_data_object
    from storage.queries.flows import create_flow
    from storage.queries.systems import create_system

    path = tmp_path / "old.seamwork"
    open_workshop(path, revision="0007").close()
    connection = sqlite3.connect(path)
    try:
        connection.executescript(
            """
            INSERT INTO system (id, name, name_key) VALUES (1, 'Shopify', 'shopify');
            INSERT INTO system (id, name, name_key, category, lifecycle, hosting, api,
                                criticality)
                VALUES (2, 'Sage X3', 'sage x3', 'erp', 'implementing', 'on-premise', 'soap', 5);
            INSERT INTO data_object (id, name, name_key, source_of_truth_id)
                VALUES (1, 'Stock', 'stock', 2);
            INSERT INTO flow (id, source_id, target_id, data_object_id, mechanism, state,
                              volume_per_day, manual_hours_per_week, monitored)
                VALUES (1, 2, 1, 1, 'api', 'automated', 400, 6.5, 1);
            INSERT INTO scenario (id, title, title_key, category, description, question,
                                  data_objects, retired)
                VALUES (1, 'Late stock', 'late stock', 'stock', '', '', '[]', 0);
            INSERT INTO scenario (id, title, title_key, category, description, question,
                                  data_objects, retired, flow_id)
                VALUES (2, 'Stock counted twice', 'stock counted twice', 'stock', '', '', '[]',
                        0, 1);
            INSERT INTO scenario_check (flow_id, scenario_id, status, note, owner, uat)
                VALUES (1, 1, 'gap', '', '', 0);
            INSERT INTO candidate (id, name, name_key, description, notes)
                VALUES (1, 'Stock sync', 'stock sync', '', '');
            INSERT INTO candidate_flow (candidate_id, flow_id) VALUES (1, 1);
            """
        )
        connection.commit()
    finally:
        connection.close()
    assert probe(path).revision == "0007"

    with open_workshop(path) as workshop, workshop.session() as session:
        assert workshop.backup == path.with_name("old.seamwork.before-0007.bak")
        create_system(session, data={"name": "Xero"})
        create_data_object(session, data={"name": "Invoices"})
        create_flow(session, source="Sage X3", target="Xero", data_object="Invoices")
    assert probe(path).revision == HEAD_REVISION

    connection = sqlite3.connect(path)
    try:
        systems = connection.execute(
            "SELECT name, category, lifecycle, hosting, api, criticality FROM system ORDER BY id"
        ).fetchall()
        assert systems == [
            ("Shopify", "other", "live", "other", "other", 3),  # the old defaults, kept
            ("Sage X3", "erp", "implementing", "on-premise", "soap", 5),
            ("Xero", None, None, None, None, None),
        ]
        objects = connection.execute("SELECT name, sensitivity FROM data_object ORDER BY id")
        assert objects.fetchall() == [("Stock", "internal"), ("Invoices", None)]
        flows = connection.execute(
            "SELECT frequency, mechanism, direction, state, approach, monitored, volume_per_day,"
            " manual_hours_per_week FROM flow ORDER BY id"
        ).fetchall()
        assert flows == [
            ("daily", "api", "one-way", "automated", "undecided", 1, 400, 6.5),
            (None, None, None, None, None, None, None, None),
        ]
        assert connection.execute("SELECT flow_id, status FROM scenario_check").fetchall() == [
            (1, "gap")
        ]
        one_flow = connection.execute("SELECT title, flow_id FROM scenario WHERE flow_id > 0")
        assert one_flow.fetchall() == [("Stock counted twice", 1)]  # still on the rebuilt flow
        links = connection.execute("SELECT candidate_id, flow_id FROM candidate_flow")
        assert links.fetchall() == [(1, 1)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'flow'").fetchone()[0]
        assert "flow_ends_differ" in sql
    finally:
        connection.close()


def test_0008_downgrades_to_0007_giving_unknowns_the_old_defaults(tmp_path: Path) -> None:
    """0007 cannot hold an unknown: going back fills each with the default it used to take,
    keeps every answer, and leaves the columns NOT NULL with their defaults again."""
    import sqlite3

    from alembic import command
    from sqlalchemy import create_engine

    from storage.queries.data_objects import create_data_object
    from storage.queries.flows import create_flow
    from storage.queries.systems import create_system

    path = tmp_path / "w.seamwork"
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Xero"})
        create_system(session, data={"name": "Sage X3", "category": "erp", "criticality": 5})
        create_data_object(session, data={"name": "Invoices"})
        create_flow(session, source="Sage X3", target="Xero", data_object="Invoices")
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
            with connection.begin():
                config.attributes["connection"] = connection
                command.downgrade(config, "0007")
    finally:
        engine.dispose()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        assert connection.execute(
            "SELECT name, category, lifecycle, criticality FROM system ORDER BY id"
        ).fetchall() == [("Xero", "other", "live", 3), ("Sage X3", "erp", "live", 5)]
        assert connection.execute("SELECT sensitivity FROM data_object").fetchall() == [
            ("internal",)
        ]
        assert connection.execute(
            "SELECT mechanism, state, monitored, manual_hours_per_week FROM flow"
        ).fetchall() == [("manual", "manual", 0, 0.0)]
        connection.execute("INSERT INTO system (name, name_key) VALUES ('Stripe', 'stripe')")
        assert connection.execute(
            "SELECT category FROM system WHERE name = 'Stripe'"
        ).fetchone() == ("other",)
    finally:
        connection.close()


def test_a_revision_0008_file_upgrades_to_the_change_count(tmp_path: Path) -> None:
    """A file 0008 wrote keeps its rows, gains the change count at 0 with a token of its own
    and the triggers that move it, and keeps the findings it works out from then on."""
    import sqlite3

    from storage.peek import peek_readiness
    from storage.queries.readiness import load_readiness
    from storage.queries.systems import create_system

    path = tmp_path / "old.seamwork"
    with open_workshop(path, revision="0008") as workshop, workshop.session() as session:
        create_system(session, data={"name": "Xero", **ANSWERED_SYSTEM})
    assert probe(path).revision == "0008"
    with open_workshop(path) as workshop:
        assert workshop.backup == path.with_name("old.seamwork.before-0008.bak")
        with workshop.session() as session:
            assert load_readiness(session).counts.systems == 1
    connection = sqlite3.connect(path)
    try:
        value, token = connection.execute("SELECT value, token FROM change_count").fetchone()
        assert value == 0 and len(token) == 16
        connection.execute("INSERT INTO system (name, name_key) VALUES ('Sage', 'sage')")
        connection.commit()
        assert connection.execute("SELECT value FROM change_count").fetchone() == (1,)
        assert connection.execute("SELECT name FROM system ORDER BY id").fetchall() == [
            ("Xero",),
            ("Sage",),
        ]
    finally:
        connection.close()
    assert peek_readiness(path) is None  # kept at count 0; the insert made it stale
    with open_workshop(path) as workshop, workshop.session() as session:
        assert load_readiness(session).counts.systems == 2
    kept = peek_readiness(path)
    assert kept is not None and kept.counts.systems == 2
