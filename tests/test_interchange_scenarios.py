"""JSON interchange of scenarios and checks: shape, round trips, merge, whole-file validation."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_files import (
    ESTATE,
    assert_refused,
    assert_same_workshop,
    doc,
    export_file,
    import_file,
    valid_names,
    valid_texts,
)
from workshop_templates import open_new

from models.enums import CheckStatus
from models.names import name_key
from models.snapshot import split_flow_ref
from models.tables import CHECK_FIELDS, SCENARIO_FIELDS
from storage.errors import ImportValidationError
from storage.formats.seamwork_json.keys import CHECK_KEYS, SCENARIO_KEYS
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow, list_flows
from storage.queries.scenarios import (
    add_check,
    apply_library,
    create_scenario,
    ensure_library,
    get_scenario_by_title,
    list_checks,
    list_scenarios,
    retire_scenario,
    update_check,
)
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop

# design.md's examples of the later entities, verbatim (the "…" descriptions included).
DESIGN_SCENARIOS = """[{"title": "Amended order", "category": "order lifecycle", "description": "…",
                 "question": "…", "data_objects": ["Sales order"]}]"""
DESIGN_CHECKS = """[{"flow": "Shopify -> Sage X3: Sales order", "scenario": "Amended order",
              "status": "gap", "note": "", "owner": "", "uat": false}]"""

NOW = "2025-03-11T09:30:00+00:00"


# --- shape ----------------------------------------------------------------------------------


def test_keys_follow_design_md_and_cover_every_field() -> None:
    """design.md's keys, in its order, then the two this version adds: `retired` (a retired
    scenario's answers stay in the file) and `updated_at` (when the answer was given)."""
    assert tuple(json.loads(DESIGN_SCENARIOS)[0]) + ("retired",) == SCENARIO_KEYS
    assert tuple(json.loads(DESIGN_CHECKS)[0]) + ("updated_at",) == CHECK_KEYS
    assert set(SCENARIO_KEYS) == set(SCENARIO_FIELDS)
    assert set(CHECK_KEYS) == set(CHECK_FIELDS) | {"flow", "scenario", "updated_at"}


def test_the_design_example_imports_and_exports(
    place: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)
    path = place("w")
    text = doc(
        **ESTATE,
        scenarios=json.loads(DESIGN_SCENARIOS),
        checks=json.loads(DESIGN_CHECKS),
    )
    summary = import_file(path, text)
    assert summary.created == {
        "systems": 3,
        "data_objects": 2,
        "flows": 2,
        "scenarios": 1,
        "checks": 1,
    }
    assert summary.sentence().endswith("1 scenario (1 new), 1 check (1 new).")
    data = json.loads(export_file(path))
    assert list(data)[5:7] == ["scenarios", "checks"]
    assert data["scenarios"] == [{**json.loads(DESIGN_SCENARIOS)[0], "retired": False}]
    assert data["checks"] == [{**json.loads(DESIGN_CHECKS)[0], "updated_at": NOW}]
    assert [list(item) for item in data["checks"]] == [list(CHECK_KEYS)]


def _reviewed_workshop(path: Path | str) -> None:
    """The demo (`path`: a new copy of it) with the library applied, a few answers, a retired
    scenario and our own one."""
    with open_workshop(path) as workshop, workshop.session() as session:
        apply_library(session)
        orders = next(r for r in list_flows(session) if r.ref == "Shopify -> Sage X3: Sales orders")
        rows = list_checks(session, flow_id=orders.id, only_open=True)
        update_check(session, check_id=rows[0].id, status="handled", note="Queue", owner="IT")
        update_check(session, check_id=rows[1].id, status="gap", uat=True)
        update_check(session, check_id=rows[2].id, status="accepted-risk", note="Rare")
        label = create_scenario(
            session,
            data={
                "title": "Courier label fails",
                "category": "Logistics",
                "description": "ShipStation cannot print labels at 4 pm.",
                "question": "Who prints labels by hand?",
                "data_objects": ["Shipment status", "Despatches"],
            },
        )
        add_check(session, flow_id=orders.id, scenario_id=label.id)
        apply_library(session)  # and the new scenario onto the shipment flows
        hold = get_scenario_by_title(session, title="Account on hold")
        assert hold is not None
        retire_scenario(session, scenario_id=hold.id)


def test_export_import_export_is_byte_identical(place: Any) -> None:
    source, copy = place("a", demo=True), place("b")
    _reviewed_workshop(source)
    first = export_file(source)
    summary = import_file(copy, first)
    data = json.loads(first)
    assert summary.created["scenarios"] == len(data["scenarios"]) > 30
    assert summary.created["checks"] == len(data["checks"]) > 300
    assert export_file(copy) == first
    again = import_file(copy, first)
    assert again.created == {} and again.updated == {}
    assert export_file(copy) == first
    assert_same_workshop(source, copy)


def test_a_custom_scenario_survives_export_and_import(place: Any) -> None:
    source, copy = place("a", demo=True), place("b")
    _reviewed_workshop(source)
    import_file(copy, export_file(source))
    with open_workshop(copy) as workshop, workshop.session() as session:
        assert ensure_library(session) == 0  # the library entries were recognised by title
        assert ensure_library(session) == 0
        rows = {row.title: row for row in list_scenarios(session, include_retired=True)}
        label = rows["Courier label fails"]
        assert label.custom  # still the workshop's own
        assert (label.category, label.description, label.question) == (
            "Logistics",
            "ShipStation cannot print labels at 4 pm.",
            "Who prints labels by hand?",
        )
        assert label.data_objects == ("Shipment status", "Despatches")
        assert label.checks >= 2  # the orders flow by hand, shipment flows by the library
        assert not rows["Amended order"].custom
        assert rows["Account on hold"].retired and rows["Account on hold"].checks > 0
        assert apply_library(session) == 0  # nothing missing, nothing retired brought back
        kept = list_checks(session, include_retired=True)
        assert any(row.scenario == "Account on hold" and row.retired for row in kept)
        gaps = list_checks(session, only_gaps=True)
        assert ("Shopify -> Sage X3: Sales orders", True) in [(row.flow, row.uat) for row in gaps]


# --- merge ----------------------------------------------------------------------------------


def test_scenarios_merge_by_title_and_checks_by_flow_and_scenario(
    place: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)
    path = place("w")
    import_file(
        path,
        doc(
            **ESTATE,
            scenarios=[
                {"title": "Amended order", "category": "order lifecycle", "question": "Q?"},
                {"title": "Rate limit reached", "category": "technical"},
            ],
            checks=[
                {"flow": "Shopify -> Sage X3: Sales order", "scenario": "Amended order"},
                {"flow": "Mintsoft -> Shopify: Stock", "scenario": "Rate limit reached"},
            ],
        ),
    )
    monkeypatch.setenv("SEAMWORK_NOW", "2025-03-12T08:00:00+00:00")
    summary = import_file(
        path,
        doc(
            scenarios=[
                {"title": "AMENDED ORDER", "description": "Changed after sending."},
                {"title": "Rate limit reached", "category": "technical"},
                {"title": "Courier label fails", "retired": True},
            ],
            checks=[
                {
                    "flow": "shopify -> SAGE X3: sales ORDER",
                    "scenario": "amended order",
                    "status": "Handled",
                    "note": "Amendments re-sent by the connector",
                },
                {
                    "flow": "Mintsoft -> Shopify: Stock",
                    "scenario": "Rate limit reached",
                    "updated_at": "2025-03-10T12:00:00+01:00",
                },
                {"flow": "Mintsoft -> Shopify: Stock", "scenario": "Courier label fails"},
            ],
        ),
    )
    assert summary.created == {"scenarios": 1, "checks": 1}
    assert summary.updated == {"scenarios": 1, "checks": 2}
    assert summary.unchanged == {"scenarios": 1}
    data = json.loads(export_file(path))
    scenarios = {item["title"]: item for item in data["scenarios"]}
    assert set(scenarios) == {"AMENDED ORDER", "Courier label fails", "Rate limit reached"}
    amended = scenarios["AMENDED ORDER"]
    assert (amended["question"], amended["description"]) == ("Q?", "Changed after sending.")
    assert scenarios["Courier label fails"]["retired"] is True
    assert scenarios["Courier label fails"]["category"] == "other"
    checks = {(item["flow"], item["scenario"]): item for item in data["checks"]}
    handled = checks[("Shopify -> Sage X3: Sales order", "AMENDED ORDER")]
    assert (handled["status"], handled["note"]) == (
        "handled",
        "Amendments re-sent by the connector",
    )
    assert handled["updated_at"] == "2025-03-12T08:00:00+00:00"  # changed now
    limit = checks[("Mintsoft -> Shopify: Stock", "Rate limit reached")]
    assert (limit["status"], limit["updated_at"]) == ("open", "2025-03-10T11:00:00+00:00")  # UTC
    new = checks[("Mintsoft -> Shopify: Stock", "Courier label fails")]
    assert new["updated_at"] == "2025-03-12T08:00:00+00:00"


def test_references_may_point_to_the_workshop_or_earlier_in_the_file(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Shopify", "Sage X3"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Orders"})
        create_flow(session, source="Shopify", target="Sage X3", data_object="Orders")
        create_scenario(session, data={"title": "Amended order"})
    import_file(
        path,
        doc(
            systems=[{"name": "Xero"}],
            flows=[{"source": "Sage X3", "target": "Xero", "data_object": "Orders"}],
            scenarios=[{"title": "Failed payment"}],
            checks=[
                {"flow": "Shopify -> Sage X3: Orders", "scenario": "Failed payment"},
                {"flow": "Sage X3 -> Xero: Orders", "scenario": "Amended order", "status": "gap"},
            ],
        ),
    )
    data = json.loads(export_file(path))
    assert [(c["flow"], c["scenario"], c["status"]) for c in data["checks"]] == [
        ("Sage X3 -> Xero: Orders", "Amended order", "gap"),
        ("Shopify -> Sage X3: Orders", "Failed payment", "open"),
    ]


# --- validation -----------------------------------------------------------------------------

AMENDED = {"title": "Amended order", "category": "order lifecycle"}
ORDER_FLOW = "Shopify -> Sage X3: Sales order"


def check(flow: str = ORDER_FLOW, scenario: str = "Amended order", **more: Any) -> Any:
    return {"flow": flow, "scenario": scenario, **more}


def with_checks(*checks: Any, scenarios: Any = (AMENDED,)) -> str:
    return doc(**ESTATE, scenarios=list(scenarios), checks=list(checks))


BAD: dict[str, tuple[str, str | None, str]] = {
    "unknown flow": (
        doc(scenarios=[AMENDED], checks=[check()]),  # the demo's object is "Sales orders"
        "checks[0].flow",
        'checks[0].flow: no flow "Shopify -> Sage X3: Sales order".',
    ),
    "unknown flow later in the file": (
        with_checks(check(), check("Shopify -> Xero: Sales order")),
        "checks[1].flow",
        'checks[1].flow: no flow "Shopify -> Xero: Sales order".',
    ),
    "reversed flow": (
        with_checks(check("Sage X3 -> Shopify: Sales order")),
        "checks[0].flow",
        'checks[0].flow: no flow "Sage X3 -> Shopify: Sales order".',
    ),
    "not a flow reference": (
        with_checks(check("Shopify")),
        "checks[0].flow",
        'checks[0].flow: no flow "Shopify".',
    ),
    "flow not text": (
        with_checks(check(flow=["Shopify"])),
        "checks[0].flow",
        "checks[0].flow: Flow must be text.",
    ),
    "flow missing": (
        with_checks({"scenario": "Amended order"}),
        "checks[0].flow",
        "checks[0].flow: Flow is required.",
    ),
    "unknown scenario": (
        with_checks(check(scenario="Amended ordr")),
        "checks[0].scenario",
        'checks[0].scenario: no scenario titled "Amended ordr".',
    ),
    "scenario empty": (
        with_checks(check(scenario=" ")),
        "checks[0].scenario",
        "checks[0].scenario: Scenario is required.",
    ),
    "duplicate check": (
        with_checks(check(), check("shopify -> SAGE X3: sales order", "amended ORDER")),
        "checks[1]",
        'checks[1]: "amended ORDER" on "shopify -> SAGE X3: sales order" appears twice '
        "(see checks[0]).",
    ),
    "bad status": (
        with_checks(check(status="done")),
        "checks[0].status",
        "checks[0].status: Status must be one of: open, handled, gap, accepted-risk, "
        "not-applicable.",
    ),
    "uat as text": (
        with_checks(check(uat="yes")),
        "checks[0].uat",
        "checks[0].uat: UAT must be true or false.",
    ),
    "uat as a number": (
        with_checks(check(uat=1)),
        "checks[0].uat",
        "checks[0].uat: UAT must be true or false.",
    ),
    "updated_at not a date": (
        with_checks(check(updated_at="last Tuesday")),
        "checks[0].updated_at",
        "checks[0].updated_at: Updated at must be an ISO 8601 date and time, "
        "e.g. 2025-03-11T10:15:00+00:00.",
    ),
    "updated_at without a time zone": (
        with_checks(check(updated_at="2025-03-11T10:15:00")),
        "checks[0].updated_at",
        "checks[0].updated_at: Updated at must include a time zone offset, "
        "e.g. 2025-03-11T10:15:00+00:00.",
    ),
    "unknown check key": (
        with_checks(check(colour="red")),
        "checks[0].colour",
        "checks[0].colour: This version of Seamwork does not know this key.",
    ),
    "duplicate scenario": (
        with_checks(scenarios=(AMENDED, {"title": "AMENDED ORDER "})),
        "scenarios[1].title",
        'scenarios[1].title: "AMENDED ORDER" appears twice (titles ignore case; see scenarios[0]).',
    ),
    "scenario without title": (
        with_checks(scenarios=({"category": "stock"},)),
        "scenarios[0].title",
        "scenarios[0].title: Title is required.",
    ),
    "data objects not a list": (
        with_checks(scenarios=({"title": "A", "data_objects": "Sales order"},)),
        "scenarios[0].data_objects",
        "scenarios[0].data_objects: Data objects must be a list of data object names.",
    ),
    "data object not text": (
        with_checks(scenarios=({"title": "A", "data_objects": ["Stock", 5]},)),
        "scenarios[0].data_objects",
        "scenarios[0].data_objects: Data object must be text.",
    ),
    "retired as text": (
        with_checks(scenarios=({"title": "A", "retired": "no"},)),
        "scenarios[0].retired",
        "scenarios[0].retired: Retired must be true or false.",
    ),
    "unknown scenario key": (
        with_checks(scenarios=({"title": "A", "severity": 3},)),
        "scenarios[0].severity",
        "scenarios[0].severity: This version of Seamwork does not know this key.",
    ),
    "checks not a list": (
        doc(checks={"flow": ORDER_FLOW}),
        "checks",
        "checks: Must be a list.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_import_names_the_path_and_writes_nothing(place: Any, case: str) -> None:
    text, path_expected, message = BAD[case]
    path = place("w", demo=True)
    assert_refused(
        path,
        text,
        path_expected,
        message,
        ("system", "flow", "scenario", "scenario_check", "audit"),
    )


def test_the_good_parts_of_the_bad_cases_are_good(place: Any) -> None:
    summary = import_file(place("w"), with_checks(check(status="accepted-risk")))
    assert summary.created["checks"] == 1


def test_a_reference_that_could_name_two_flows_is_refused(place: Any) -> None:
    """Names may contain " -> " or ": "; when that makes a reference ambiguous, say so."""
    text = doc(
        systems=[{"name": "A"}, {"name": "B"}, {"name": "B: C"}],
        data_objects=[{"name": "C: D"}, {"name": "D"}],
        flows=[
            {"source": "A", "target": "B", "data_object": "C: D"},
            {"source": "A", "target": "B: C", "data_object": "D"},
        ],
        scenarios=[{"title": "S"}],
        checks=[{"flow": "A -> B: C: D", "scenario": "S"}],
    )
    with pytest.raises(ImportValidationError) as caught:
        import_file(place("w"), text)
    assert str(caught.value) == (
        'checks[0].flow: "A -> B: C: D" could name 2 flows, because names in it contain " -> " '
        'or ": "; rename one of them.'
    )
    unambiguous = json.loads(text)
    unambiguous["flows"].pop()
    import_file(place("w"), json.dumps(unambiguous))
    assert json.loads(export_file(place("w")))["checks"][0]["flow"] == "A -> B: C: D"


def test_split_flow_ref_reads_every_way() -> None:
    assert split_flow_ref("Shopify -> Sage X3: Sales order") == [
        ("Shopify", "Sage X3", "Sales order")
    ]
    assert split_flow_ref("A -> B: C: D") == [("A", "B", "C: D"), ("A", "B: C", "D")]
    assert split_flow_ref("A -> B -> C: D") == [("A", "B -> C", "D"), ("A -> B", "C", "D")]
    assert split_flow_ref("Shopify") == split_flow_ref(" -> B: C") == split_flow_ref("A->B:C") == []


# --- any scenarios and checks round trip ----------------------------------------------------


names = valid_names(20)
free_text = valid_texts(30)


@pytest.mark.files_only(
    "hypothesis: dozens of workshops a run; the server's round trip is the demo's"
)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_any_scenarios_and_checks_round_trip(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.seamwork", Path(folder) / "b.seamwork"
        with open_new(source) as workshop, workshop.session() as session:
            for name in ("Shop", "ERP", "WMS"):
                create_system(session, data={"name": name})
            for name in ("Orders", "Stock"):
                create_data_object(session, data={"name": name})
            flows = [
                create_flow(session, source=s, target=t, data_object=o)
                for s, t, o in (("Shop", "ERP", "Orders"), ("WMS", "Shop", "Stock"))
            ]
            titles = data.draw(
                st.lists(names, min_size=1, max_size=4, unique_by=name_key), label="titles"
            )
            scenarios = []
            for title in titles:
                scenarios.append(
                    create_scenario(
                        session,
                        data={
                            "title": title,
                            "category": data.draw(names | st.just("")),
                            "description": data.draw(free_text),
                            "question": data.draw(free_text),
                            "data_objects": data.draw(st.lists(names, max_size=3)),
                        },
                    )
                )
            for scenario in scenarios:
                for row in flows:
                    if data.draw(st.booleans()):
                        added = add_check(session, flow_id=row.id, scenario_id=scenario.id)
                        update_check(
                            session,
                            check_id=added.id,
                            status=data.draw(st.sampled_from(list(CheckStatus))),
                            note=data.draw(free_text),
                            owner=data.draw(free_text),
                            uat=data.draw(st.booleans()),
                        )
                if data.draw(st.booleans()):
                    retire_scenario(session, scenario_id=scenario.id)
        first = export_file(source)
        import_file(copy, first)
        assert export_file(copy) == first
        assert_same_workshop(source, copy)
