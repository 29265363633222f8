"""The audit trail: every create, update and delete leaves a row with before/after values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import col, select

from models.tables import Audit
from storage.audit import utc_now
from storage.formats.seamwork_json.document import import_json
from storage.queries.systems import create_system, delete_system, update_system
from storage.workshop_file import open_workshop

NOW = "2025-03-04T05:06:07+00:00"


def audit_rows(workshop, entity: str = "system") -> list[Audit]:
    with workshop.session() as session:
        statement = select(Audit).where(Audit.entity == entity).order_by(col(Audit.id))
        return list(session.exec(statement).all())


def test_create_update_delete_are_audited_with_before_and_after(
    workshop_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)
    with open_workshop(workshop_at("w")) as workshop:
        with workshop.session() as session:
            system = create_system(
                session, data={"name": "Shopify", "category": "e-commerce", "criticality": 4}
            )
            system_id = system.id
            assert system_id is not None
            update_system(
                session, system_id=system_id, data={"criticality": 5, "vendor": "Shopify"}
            )
            delete_system(session, system_id=system_id)

        created, updated, deleted = audit_rows(workshop)

    assert [row.action for row in (created, updated, deleted)] == ["create", "update", "delete"]
    assert {row.at for row in (created, updated, deleted)} == {NOW}
    assert {row.entity_id for row in (created, updated, deleted)} == {system_id}
    assert {row.name for row in (created, updated, deleted)} == {"Shopify"}

    assert created.before is None
    after_create = json.loads(created.after or "")
    assert after_create["name"] == "Shopify"
    assert after_create["category"] == "e-commerce"
    assert after_create["criticality"] == 4
    assert "name_key" not in after_create

    before_update, after_update = json.loads(updated.before or ""), json.loads(updated.after or "")
    assert (before_update["criticality"], after_update["criticality"]) == (4, 5)
    assert (before_update["vendor"], after_update["vendor"]) == ("", "Shopify")
    assert {k for k in after_update if after_update[k] != before_update[k]} == {
        "criticality",
        "vendor",
    }

    assert json.loads(deleted.before or "")["criticality"] == 5
    assert deleted.after is None


def test_an_update_that_changes_nothing_writes_no_audit_row(workshop_at: Any) -> None:
    with open_workshop(workshop_at("w")) as workshop:
        with workshop.session() as session:
            system = create_system(session, data={"name": "Xero", "criticality": 2})
            assert system.id is not None
            update_system(session, system_id=system.id, data={"criticality": 2})
        assert [row.action for row in audit_rows(workshop)] == ["create"]


def test_import_is_audited_like_any_other_edit(workshop_at: Any) -> None:
    document = {
        "format": "seamwork/1",
        "workshop": {"client": "Acme Ltd"},
        "systems": [{"name": "Shopify"}, {"name": "Xero", "criticality": 2}],
    }
    with open_workshop(workshop_at("w")) as workshop:
        with workshop.session() as session:
            import_json(session, json.dumps(document))
            import_json(
                session, json.dumps({"format": "seamwork/1", "systems": [{"name": "xero"}]})
            )
        rows = audit_rows(workshop)
        workshop_rows = audit_rows(workshop, "workshop")

    assert [(row.action, row.name) for row in rows] == [
        ("create", "Shopify"),
        ("create", "Xero"),
        ("update", "xero"),  # the file's spelling wins; the change is recorded
    ]
    assert json.loads(rows[2].before or "")["name"] == "Xero"
    assert [row.action for row in workshop_rows] == ["create", "update"]
    assert json.loads(workshop_rows[1].after or "")["client"] == "Acme Ltd"


def test_utc_now_is_pinned_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)
    assert utc_now() == NOW
    monkeypatch.delenv("SEAMWORK_NOW")
    assert utc_now().endswith("+00:00") and utc_now() != NOW


def test_deleting_a_system_audits_its_flows_and_source_of_truth_links(workshop_at: Any) -> None:
    """Undo and history need every row a delete removes, not only the system itself."""
    from sqlmodel import select

    from models.tables import Audit
    from storage.queries import data_objects, flows, systems

    workshop = open_workshop(workshop_at("w"))
    try:
        with workshop.session() as session:
            erp = systems.create_system(session, data={"name": "ERP"})
            systems.create_system(session, data={"name": "Shop"})
            data_objects.create_data_object(session, data={"name": "Stock"}, source_of_truth="ERP")
            flows.create_flow(session, source="ERP", target="Shop", data_object="Stock")
            systems.delete_system(session, system_id=erp.id)
            rows = session.exec(select(Audit).where(Audit.action != "create")).all()
            assert {(row.entity, row.action, row.name) for row in rows} == {
                ("flow", "delete", "ERP -> Shop: Stock"),
                ("data_object", "update", "Stock"),
                ("system", "delete", "ERP"),
            }
            assert flows.count_flows(session) == 0
            assert data_objects.get_data_object(session, name="Stock").source_of_truth_id is None
    finally:
        workshop.close()


def test_imported_flows_are_labelled_with_names_read_in_bulk(workshop_at: Any) -> None:
    """Each flow's audit row names it `S -> T: O`; the names of its ends are read once per
    table, not once per flow (an import of 5,000 flows made 15,000 lookups, half its time)."""
    from sqlalchemy import event

    from storage.demo import generated_document

    document = generated_document(systems=60, data_objects=12, flows=600, seed=3)
    expected = sorted(
        f"{f['source']} -> {f['target']}: {f['data_object']}" for f in document["flows"]
    )
    statements: list[str] = []
    with open_workshop(workshop_at("w")) as workshop:
        engine = workshop.engine

        def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            with workshop.session() as session:
                import_json(session, json.dumps(document))
        finally:
            event.remove(engine, "before_cursor_execute", count)
        rows = audit_rows(workshop, "flow")
    assert sorted(row.name for row in rows) == expected
    lookups = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(lookups) < 100, f"{len(lookups)} SELECTs for 600 flows"


def test_imported_links_and_scores_are_labelled_with_names_read_in_bulk(workshop_at: Any) -> None:
    """A candidate's flow links are labelled `Candidate (S -> T: O)` and its scores
    `Candidate (Criterion)`, with the names read a table at a time per candidate rather than
    one lookup per name (200 candidates made 23,000 of them, most of an import's time)."""
    from sqlalchemy import event

    from storage.demo import generated_document

    document = generated_document(systems=40, data_objects=8, flows=200, candidates=12, criteria=4)
    candidates = document["candidates"]
    links = sorted(f"{c['name']} ({ref})" for c in candidates for ref in c["flows"])
    scores = sorted(f"{c['name']} ({name})" for c in candidates for name in c["scores"])
    statements: list[str] = []
    with open_workshop(workshop_at("w")) as workshop:

        def count(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
            statements.append(statement)

        event.listen(workshop.engine, "before_cursor_execute", count)
        try:
            with workshop.session() as session:
                import_json(session, json.dumps(document))
        finally:
            event.remove(workshop.engine, "before_cursor_execute", count)
        assert sorted(row.name for row in audit_rows(workshop, "candidate_flow")) == links
        assert sorted(row.name for row in audit_rows(workshop, "score")) == scores
    lookups = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(lookups) < 12 * 10, f"{len(lookups)} SELECTs for 12 candidates"
