"""Loading a workshop for the pure rules, and the findings entry point those rules plug into."""

from __future__ import annotations

import sqlite3
from typing import Any

import engines
import pytest

from models import findings
from models.enums import Frequency, Sensitivity
from models.findings import Finding, Severity, find_all, has_blocker, summarise
from models.snapshot import DataObjectData, DefinitionData, WorkshopData
from models.tables import FlowBase, SystemBase, WorkshopBase
from storage.paths import default_workshop_path as light_default
from storage.queries.readiness import findings_for
from storage.queries.snapshot import load_snapshot
from storage.queries.systems import create_system, update_workshop
from storage.workshop_file import default_workshop_path, open_workshop


def test_snapshot_holds_validated_values_sorted_by_name(workshop_at: Any) -> None:
    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Acme", "client": "Acme Ltd"})
        for name in ("xero", "Amazon", "Sage X3"):
            create_system(session, data={"name": name, "category": "erp"})
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_snapshot(session)
    assert data.workshop.client == "Acme Ltd"
    assert [system.name for system in data.systems] == ["Amazon", "Sage X3", "xero"]
    assert all(isinstance(system, SystemBase) for system in data.systems)


def test_snapshot_of_a_file_without_workshop_row_does_not_write(workshop_at: Any) -> None:
    path = workshop_at("w")
    engines.execute(path, "DELETE FROM workshop")
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        assert load_snapshot(session).workshop.name == "Workshop"


def _data() -> WorkshopData:
    return WorkshopData(workshop=WorkshopBase(name="W"), systems=(SystemBase(name="Shopify"),))


def test_there_are_no_findings_yet() -> None:
    assert find_all(_data()) == []
    assert summarise([]) == {"blocker": 0, "warning": 0, "info": 0}
    assert not has_blocker([])


def test_find_all_runs_every_rule_and_orders_blockers_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rule_a(data: WorkshopData) -> list[Finding]:
        return [
            Finding("B-CODE", Severity.INFO, "Info.", ("Shopify",)),
            Finding("A-CODE", Severity.WARNING, "Warn.", tuple(s.name for s in data.systems)),
        ]

    def rule_b(data: WorkshopData) -> list[Finding]:
        return [Finding("Z-CODE", Severity.BLOCKER, "Stop.", ())]

    monkeypatch.setattr(findings, "RULES", (rule_a, rule_b))
    result = find_all(_data())
    assert [(f.severity, f.code) for f in result] == [
        (Severity.BLOCKER, "Z-CODE"),
        (Severity.WARNING, "A-CODE"),
        (Severity.INFO, "B-CODE"),
    ]
    assert result[1].subjects == ("Shopify",)
    assert summarise(result) == {"blocker": 1, "warning": 1, "info": 1}
    assert has_blocker(result)
    assert result[0].as_json() == {
        "code": "Z-CODE",
        "severity": "blocker",
        "message": "Stop.",
        "subjects": [],
    }


def test_light_default_path_matches_the_storage_one() -> None:
    """`storage.paths` exists so the app starts without SQLAlchemy; it must not drift."""
    assert light_default() == default_workshop_path()
    assert light_default().name == "default.seamwork"


# --- data objects and flows -----------------------------------------------------------------


def _estate(path: str) -> None:
    from storage.queries.data_objects import create_data_object, set_definition
    from storage.queries.flows import create_flow

    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("shopify", "Sage X3", "Xero"):
            create_system(session, data={"name": name})
        stock = create_data_object(
            session, data={"name": "stock", "owner": "Ops"}, source_of_truth="SAGE X3"
        )
        create_data_object(session, data={"name": "Invoices", "sensitivity": "financial"})
        assert stock.id is not None
        set_definition(session, data_object_id=stock.id, department="sales", text="Promisable")
        set_definition(session, data_object_id=stock.id, department="Logistics", text="At sea")
        create_flow(session, source="Sage X3", target="Xero", data_object="Invoices")
        create_flow(
            session,
            source="Sage X3",
            target="Shopify",
            data_object="Stock",
            data={"frequency": "hourly", "direction": "two-way", "volume_per_day": 7},
        )
        create_flow(session, source="Shopify", target="Sage X3", data_object="Invoices")


def test_snapshot_holds_data_objects_and_flows_by_name(workshop_at: Any) -> None:
    path = workshop_at("w")
    _estate(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_snapshot(session)

    assert data.data_objects == (
        DataObjectData(name="Invoices", sensitivity=Sensitivity.FINANCIAL),
        DataObjectData(
            name="stock",
            owner="Ops",
            source_of_truth="Sage X3",
            definitions=(
                DefinitionData("Logistics", "At sea"),
                DefinitionData("sales", "Promisable"),
            ),
        ),
    )
    assert [flow.ref for flow in data.flows] == [
        "Sage X3 -> shopify: stock",
        "Sage X3 -> Xero: Invoices",
        "shopify -> Sage X3: Invoices",
    ]
    first = data.flows[0]
    assert isinstance(first.fields, FlowBase) and first.two_way
    assert (first.fields.frequency, first.fields.volume_per_day) == (Frequency.HOURLY, 7)
    assert first.fields.monitored is None  # not said: unknown, not False
    assert (first.fields.mechanism, first.fields.manual_hours_per_week) == (None, None)


def test_snapshot_reads_a_few_queries_whatever_the_size(workshop_at: Any) -> None:
    from sqlalchemy import event

    from storage.queries.data_objects import create_data_object
    from storage.queries.flows import create_flow
    from storage.queries.scenarios import apply_library

    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("A", "B"):
            create_system(session, data={"name": name})
        for index in range(25):
            create_data_object(session, data={"name": f"O{index}"}, source_of_truth="A")
            create_flow(session, source="A", target="B", data_object=f"O{index}")
        apply_library(session)

    statements: list[str] = []
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        event.listen(workshop.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        data = load_snapshot(session)
    assert len(data.flows) == 25 and len(data.data_objects) == 25
    assert len(data.scenarios) >= 30 and len(data.checks) >= 25 * 10
    # one query per table (and the workshop row), not one per row: ten for the maps and
    # checks, nine for criteria, candidates (flows, scores, KPIs) and KPIs (their links), one
    # for the sessions' minutes (none here: their sessions and concerns are not read)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 20


def test_findings_for_the_open_workshop(workshop_at: Any) -> None:
    path = workshop_at("w")
    _estate(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        found = findings_for(session)
        assert found == find_all(load_snapshot(session))
    assert {f.code for f in found} == {
        "SOT-CONFLICT",  # a two-way flow writes stock into Sage X3, its source of truth
        "SOT-MISSING",
        "DEF-CONFLICT",
        "FLOW-NO-OWNER",
        "FLOW-NO-ERROR-HANDLING",
        "SENSITIVE-UNREVIEWED",
    }


def test_snapshot_reads_scenarios_and_checks_by_name(workshop_at: Any) -> None:
    from models.enums import CheckStatus
    from models.snapshot import CheckData, ScenarioData
    from storage.queries.data_objects import create_data_object
    from storage.queries.flows import create_flow
    from storage.queries.scenarios import (
        add_check,
        create_scenario,
        list_checks,
        retire_scenario,
        update_check,
    )

    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Shopify", "ERP"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Orders"})
        row = create_flow(session, source="Shopify", target="ERP", data_object="Orders")
        late = create_scenario(
            session, data={"title": "late label", "category": "Logistics", "data_objects": ["X"]}
        )
        amended = create_scenario(session, data={"title": "Amended order"})
        add_check(session, flow_id=row.id, scenario_id=late.id)
        add_check(session, flow_id=row.id, scenario_id=amended.id)
        (first,) = [c for c in list_checks(session) if c.scenario == "Amended order"]
        update_check(session, check_id=first.id, status="gap", note="n", owner="o", uat=True)
        retire_scenario(session, scenario_id=late.id)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_snapshot(session)
    assert data.scenarios == (
        ScenarioData("Amended order", "other"),
        ScenarioData("late label", "Logistics", data_objects=("X",), retired=True),
    )
    assert [(c.flow, c.scenario, c.status) for c in data.checks] == [
        ("Shopify -> ERP: Orders", "Amended order", CheckStatus.GAP),
        ("Shopify -> ERP: Orders", "late label", CheckStatus.OPEN),
    ]
    gap = data.checks[0]
    assert isinstance(gap, CheckData)
    assert (gap.note, gap.owner, gap.uat) == ("n", "o", True) and gap.updated_at
    assert data.first_phase_flows == frozenset()  # no candidates yet (issue 5)


def test_checks_are_read_in_flow_then_scenario_order_and_orphans_left_out(
    workshop_at: Any,
) -> None:
    """`check_rows` sorts by ranks (flows by source, target, object; scenarios by title, each
    caseless first); a check whose scenario is gone (only a file written with foreign keys
    off can hold one) is left out, as the join it replaced left it out. On a server, whose
    foreign keys cannot be off, the check goes with its scenario: the order is the subject."""
    from storage.formats.seamwork_json.write import export_checks
    from storage.queries.data_objects import create_data_object
    from storage.queries.flows import create_flow
    from storage.queries.scenarios import add_check, create_scenario
    from storage.queries.snapshot import check_sort_key, read_checks

    path = workshop_at("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("b", "A", "c", "D"):
            create_system(session, data={"name": name})
        for name in ("orders", "Invoices"):
            create_data_object(session, data={"name": name})
        flows = [
            create_flow(session, source=source, target=target, data_object=data_object)
            for source, target, data_object in (
                ("D", "c", "orders"), ("c", "b", "Invoices"), ("A", "b", "orders"),
                ("A", "b", "Invoices"), ("b", "A", "orders"),
            )
        ]  # fmt: skip
        scenarios = [
            create_scenario(session, data={"title": title}) for title in ("zed", "Alpha", "beta")
        ]
        for flow in flows:
            for scenario in scenarios:
                add_check(session, flow_id=flow.id, scenario_id=scenario.id)
        gone = create_scenario(session, data={"title": "Gone"})
        add_check(session, flow_id=flows[0].id, scenario_id=gone.id)
    if engines.is_server(path):
        engines.execute(path, f"DELETE FROM scenario_check WHERE scenario_id = {gone.id}")
        engines.execute(path, "DELETE FROM scenario WHERE title = 'Gone'")
    else:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM scenario WHERE title = 'Gone'")
        connection.commit()
        connection.close()
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        checks = read_checks(session)
        exported = export_checks(session)
    assert len(checks) == 15
    assert checks == sorted(checks, key=check_sort_key)
    assert [c.flow for c in checks[:3]] == ["A -> b: Invoices"] * 3
    assert [c.scenario for c in checks[:3]] == ["Alpha", "beta", "zed"]
    assert [(entry["flow"], entry["scenario"]) for entry in exported] == [
        (c.flow, c.scenario) for c in checks
    ]
    assert exported[0] == {
        "flow": "A -> b: Invoices", "scenario": "Alpha", "status": "open", "note": "",
        "owner": "", "uat": False, "updated_at": checks[0].updated_at,
    }  # fmt: skip


def test_many_checks_are_the_checks_their_constructor_makes() -> None:
    """`many_checks` makes each `CheckData` straight from its row: equal to the ones made
    field by field, hashable, immutable."""
    from models.enums import CheckStatus
    from models.snapshot import CHECK_FIELDS, CheckData, many_checks

    rows = [
        ("A", "B", "Orders", "Amended order", CheckStatus.GAP, "n", "o", True, "2026-01-02"),
        ("A", "B", "Orders", "Late label", CheckStatus.OPEN, "", "", False, ""),
    ]
    made = many_checks(iter(rows))
    assert made == [CheckData(*row) for row in rows]
    assert [hash(check) for check in made] == [hash(CheckData(*row)) for row in rows]
    assert made[0].flow == "A -> B: Orders" and made[1].status is CheckStatus.OPEN
    with pytest.raises(AttributeError):
        made[0].note = "changed"  # type: ignore[misc]
    assert CHECK_FIELDS == CheckData._fields == tuple(CheckData.__annotations__)
    assert CheckData("A", "B", "Orders", "Late label") == made[1]  # the defaults
    with pytest.raises(TypeError):
        many_checks([rows[0][:-1]])
