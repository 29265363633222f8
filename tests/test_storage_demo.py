"""The demo workshop: realistic, deterministic, and never written over an existing file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from seamwork_files import digest, make_workshop

from models.enums import Category, FlowState, Lifecycle, Sensitivity
from models.findings import find_all, has_blocker
from models.snapshot import DataObjectData
from storage import demo
from storage.demo import write_demo
from storage.formats.seamwork_json.document import export_json
from storage.probe import WorkshopFileError
from storage.queries.snapshot import load_snapshot
from storage.workshop_file import open_workshop


def written(where: str, document: dict[str, Any] | None = None) -> str:
    """`write_demo` at `where`, which it returns (a file's path or the server's URL)."""
    write_demo(where, document)
    return where


def snapshot(path: Path | str):
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return load_snapshot(session)


def test_demo_is_a_multichannel_wholesaler(fresh_at: Any) -> None:
    data = snapshot(written(fresh_at("demo")))

    assert data.workshop.name == "Northwind Wholesale integration workshop"
    assert data.workshop.client and data.workshop.facilitator and data.workshop.notes
    by_name = {system.name: system for system in data.systems}
    assert {"Shopify", "Amazon Seller Central", "Sage X3", "HubSpot", "Stripe"} <= set(by_name)
    categories = {system.category for system in data.systems}
    assert {
        Category.ECOMMERCE,
        Category.MARKETPLACE,
        Category.ERP,
        Category.CRM,
        Category.COURIER,
        Category.WAREHOUSE,
        Category.FINANCE,
        Category.PAYMENTS,
        Category.BI,
    } <= categories
    lifecycles = Counter(system.lifecycle for system in data.systems)
    assert lifecycles[Lifecycle.IMPLEMENTING] == 1
    assert lifecycles[Lifecycle.PLANNED] == 1
    assert lifecycles[Lifecycle.RETIRING] == 1
    assert lifecycles[Lifecycle.LIVE] == len(data.systems) - 3
    for system in data.systems:
        assert system.vendor and system.owner and system.notes, system.name
    assert len({system.criticality for system in data.systems}) >= 3


def test_demo_is_deterministic(fresh_at: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEAMWORK_NOW", raising=False)
    texts = []
    for name in ("one", "two"):
        with open_workshop(written(fresh_at(name)), read_only=True) as workshop:
            with workshop.session() as session:
                texts.append(export_json(session))
    assert texts[0] == texts[1]


@pytest.mark.files_only("what a file at the path holds, byte for byte; a server's: test_copy")
@pytest.mark.parametrize("existing", ["workshop", "empty", "other"])
def test_demo_refuses_to_overwrite(tmp_path: Path, existing: str) -> None:
    path = tmp_path / "taken.seamwork"
    if existing == "workshop":
        make_workshop(path)
    elif existing == "empty":
        path.touch()
    else:
        path.write_text("my notes", encoding="utf-8")
    before = digest(path)

    with pytest.raises(WorkshopFileError) as caught:
        write_demo(path)

    assert str(caught.value) == f"{path} already exists; the demo is only written to a new file."
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.seamwork"]


@pytest.mark.files_only("the folder's files; a server's twin is in test_postgresql (failed import)")
def test_a_failed_demo_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> dict[str, object]:
        return {"format": "seamwork/1", "systems": [{"name": "A", "criticality": 7}]}

    monkeypatch.setattr(demo, "demo_document", broken)
    with pytest.raises(ValueError):
        write_demo(tmp_path / "demo.seamwork")
    assert list(tmp_path.iterdir()) == []


# --- data objects and flows -----------------------------------------------------------------


def test_demo_maps_the_data_that_drives_a_wholesaler(fresh_at: Any) -> None:
    data = snapshot(written(fresh_at("demo")))
    objects = {obj.name: obj for obj in data.data_objects}
    assert {
        "Customers",
        "Products",
        "Stock",
        "Stock in transit",
        "Prices",
        "Sales orders",
        "Invoices",
        "Shipment status",
        "Payments",
    } <= set(objects)
    assert objects["Customers"].sensitivity is Sensitivity.PERSONAL
    assert objects["Invoices"].sensitivity is Sensitivity.FINANCIAL
    assert objects["Payments"].sensitivity is Sensitivity.FINANCIAL
    systems = {system.name for system in data.systems}
    for obj in data.data_objects:
        assert obj.owner and obj.definition, obj.name
        assert obj.source_of_truth is None or obj.source_of_truth in systems
    assert [obj.name for obj in data.data_objects if obj.source_of_truth is None] == [
        "Sales orders"
    ]

    assert 20 <= len(data.flows) <= 30
    for flow in data.flows:
        assert {flow.source, flow.target} <= systems and flow.source != flow.target
        assert flow.data_object in objects
    flowing = {flow.data_object for flow in data.flows}
    assert flowing == set(objects)  # every data object moves somewhere
    assert {flow.data_object for flow in data.flows if flow.source == "Shopify"} >= {"Sales orders"}
    assert any(flow.two_way for flow in data.flows)
    assert len({flow.fields.frequency for flow in data.flows}) >= 4
    assert len({flow.fields.mechanism for flow in data.flows}) >= 5
    assert len({flow.fields.state for flow in data.flows}) == len(FlowState)
    hours = [flow.fields.manual_hours_per_week for flow in data.flows]
    assert sum(h for h in hours if h is not None) > 20
    # some honest unknowns: what the room could not answer is not recorded, not invented
    assert hours.count(None) == 2
    assert [s.name for s in data.systems if s.hosting is None] == ["Akeneo PIM"]
    assert [o.name for o in data.data_objects if o.sensitivity is None] == ["Stock in transit"]
    owned = [flow for flow in data.flows if flow.fields.owner]
    handled = [flow for flow in data.flows if flow.fields.error_handling]
    assert len(owned) >= 0.8 * len(data.flows) and len(handled) >= 0.75 * len(data.flows)


def test_demo_shows_every_finding_once_on_purpose(fresh_at: Any) -> None:
    data = snapshot(written(fresh_at("demo")))
    found = find_all(data)
    by_code = Counter(finding.code for finding in found)
    assert by_code["SOT-CONFLICT"] == 1
    assert by_code["DEF-CONFLICT"] == 1
    assert by_code["SOT-MISSING"] == 1
    assert by_code["SENSITIVE-UNREVIEWED"] == 1
    assert 1 <= by_code["FLOW-NO-OWNER"] <= 3
    assert 1 <= by_code["FLOW-NO-ERROR-HANDLING"] <= 5
    assert has_blocker(found)
    # The order-to-cash flows are in phase one, so their gaps and open checks block it; the
    # one gap elsewhere (Amazon stock, phase two) stays a warning.
    blockers = Counter(f.code for f in found if f.severity == "blocker")
    assert blockers == {"SOT-CONFLICT": 1, "SCENARIO-GAP": 7}
    gaps = [f for f in found if f.code == "SCENARIO-GAP" and f.severity == "warning"]
    assert [f.subjects for f in gaps] == [("Mintsoft WMS -> Amazon Seller Central: Stock",)]
    assert by_code["FLOW-NO-KPI"] == 2  # the customer flows into HubSpot move no KPI
    assert by_code["PHASE-SYSTEM-NOT-LIVE"] == 0  # phase one uses live systems only

    (definition,) = [f for f in found if f.code == "DEF-CONFLICT"]
    assert definition.subjects == ("Stock in transit",)
    texts = {d.department: d.text for d in _object(data, "Stock in transit").definitions}
    assert "48 hours" in texts["Sales"] and "at sea" in texts["Logistics"]
    (sensitive,) = [f for f in found if f.code == "SENSITIVE-UNREVIEWED"]
    assert "Customers" in sensitive.subjects  # personal data


def _object(data: object, name: str) -> DataObjectData:
    return next(obj for obj in data.data_objects if obj.name == name)  # type: ignore[attr-defined]


def test_generated_workshop_for_benchmarks(fresh_at: Any) -> None:
    from storage.queries.flows import interface_matrix, list_flows

    document = demo.generated_document(systems=40, data_objects=5, flows=300, seed=3)
    assert document == demo.generated_document(systems=40, data_objects=5, flows=300, seed=3)
    path = written(fresh_at("big"), document)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        rows = list_flows(session)
        assert len(rows) == 300 and len({row.ref for row in rows}) == 300
        assert all(row.source != row.target for row in rows)
        assert len(interface_matrix(session, include_all=True).systems) == 40
    with pytest.raises(ValueError):
        demo.generated_document(systems=2, data_objects=1, flows=3)


# --- exception scenarios --------------------------------------------------------------------


def test_demo_applies_the_library_to_its_order_and_stock_flows(fresh_at: Any) -> None:
    from models.enums import CheckStatus
    from models.scenario_library import applies_to, library
    from storage.queries.flows import list_flows
    from storage.queries.scenarios import apply_library, list_checks, list_scenarios

    path = written(fresh_at("demo"))
    with open_workshop(path) as workshop, workshop.session() as session:
        scenarios = list_scenarios(session)
        assert len(scenarios) == len(library())
        assert not any(row.custom for row in scenarios)  # linked to the library entries
        checks = list_checks(session)
        flows = list_flows(session)
        checked = [row for row in flows if any(check.flow_id == row.id for check in checks)]
        assert {row.data_object for row in checked} == {
            "Sales orders",
            "Stock",
            "Stock in transit",
            "Shipment status",
        }
        assert len(checked) == sum(row.data_object in demo.DEMO_CHECKLIST_OBJECTS for row in flows)
        for row in checked:
            assert {c.scenario for c in checks if c.flow_id == row.id} == {
                s.title for s in library() if applies_to(s, row.data_object)
            }
            assert apply_library(session, flow_id=row.id) == 0  # nothing missing

    statuses = Counter(check.status for check in checks)
    assert statuses[CheckStatus.OPEN] > 0.8 * len(checks)  # the review has only begun
    assert statuses[CheckStatus.HANDLED] >= 6
    assert statuses[CheckStatus.GAP] in (2, 3)
    assert statuses[CheckStatus.ACCEPTED_RISK] == 1
    assert 2 <= statuses[CheckStatus.NOT_APPLICABLE] <= 4
    for check in checks:
        assert check.updated_at.startswith("2025-03-11T")
        if check.status is CheckStatus.OPEN:
            assert not (check.note or check.owner or check.uat)
        else:  # every answer says how, or why, and whose it is
            assert len(check.note) > 40 and check.owner, check
    (risk,) = [check for check in checks if check.status is CheckStatus.ACCEPTED_RISK]
    assert "accepts" in risk.note
    assert any(check.uat for check in checks)
    walked = [c for c in checks if c.flow == "Shopify -> Sage X3: Sales orders" and c.reviewed]
    assert len(walked) >= 8  # the room walked the web-order flow first


# --- priorities -----------------------------------------------------------------------------


def test_demo_scores_candidates_in_three_phases_with_kpis(fresh_at: Any) -> None:
    from models.enums import CriterionKind, ScoringMethod
    from models.scoring import DEFAULT_CRITERIA
    from storage.queries.priorities import ensure_default_criteria, load_priorities, roadmap

    path = written(fresh_at("demo"))
    with open_workshop(path) as workshop, workshop.session() as session:
        assert ensure_default_criteria(session) == 0  # the demo's criteria are its own
        board = load_priorities(session)
        phases = roadmap(session)
    assert board.method is ScoringMethod.WEIGHTED
    assert [c.name for c in board.criteria] == [c.name for c in DEFAULT_CRITERIA]
    assert [c.kind for c in board.criteria].count(CriterionKind.COST) == 1
    assert [c.weight for c in board.criteria] != [c.weight for c in DEFAULT_CRITERIA]  # tuned

    assert 5 <= len(board.candidates) <= 6
    for candidate in board.candidates:
        assert candidate.flows and candidate.description, candidate.name
        assert len(candidate.scores) == len(board.criteria), candidate.name  # all complete
    assert 2 <= sum(len(c.rationales) for c in board.candidates) <= 6

    ranking = board.ranking()
    assert ranking[0].name == "Order to cash" and ranking[0].stable
    assert not any(line.incomplete for line in ranking)
    assert any(line.stable for line in ranking) and any(not line.stable for line in ranking)

    assert [phase.phase for phase in phases] == [1, 2, 3, None]
    assert [c.name for c in phases[0].candidates] == ["Order to cash"]
    assert [len(phase.candidates) for phase in phases[:3]] == [1, 2, 2]
    assert all(phase.manual_hours > 0 for phase in phases)

    kpis = {kpi.name: kpi for kpi in board.kpis}
    assert set(kpis) == {
        "Manual order entry",
        "Order error rate",
        "Dispatch time",
        "Days to invoice",
        "Stock accuracy",
    }
    for kpi in kpis.values():
        assert kpi.unit and kpi.owner and kpi.candidates and kpi.data_objects, kpi.name
        assert kpi.baseline is not None and kpi.target is not None
        assert kpi.baseline != kpi.target
    assert (kpis["Manual order entry"].baseline, kpis["Manual order entry"].target) == (30, 5)
    assert all(phase.kpis for phase in phases[:3])  # every phase moves something
