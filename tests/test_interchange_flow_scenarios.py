"""seamwork/1 carries one-flow scenarios: `"flow": "S -> T: O"` on a scenario entry, written
only for a scenario added for one flow; export -> import -> export stays byte-identical."""

from __future__ import annotations

import json
from typing import Any

from interchange_files import assert_refused, doc, export_file, import_file

from storage.queries.flows import list_flows
from storage.queries.scenarios import add_flow_scenario, get_scenario_by_title, list_checks
from storage.workshop_file import open_workshop

ORDERS = "Shopify -> Sage X3: Sales orders"
SYSTEMS = [{"name": "Shopify"}, {"name": "Sage X3"}]
OBJECTS = [{"name": "Sales orders"}, {"name": "Stock"}]
FLOWS = [
    {"source": "Shopify", "target": "Sage X3", "data_object": "Sales orders"},
    {"source": "Sage X3", "target": "Shopify", "data_object": "Stock"},
]


def test_a_one_flow_scenario_round_trips_byte_identical(workshop_at: Any, place: Any) -> None:
    demo = workshop_at("demo", demo=True)
    with open_workshop(demo) as workshop, workshop.session() as session:
        flow = next(row for row in list_flows(session) if row.ref == ORDERS)
        add_flow_scenario(session, flow_id=flow.id, title="Order keyed twice", category="sales")
    first = export_file(demo)
    entries = [item for item in json.loads(first)["scenarios"] if "flow" in item]
    assert entries == [
        {
            "title": "Order keyed twice",
            "category": "sales",
            "description": "",
            "question": "",
            "data_objects": [],
            "retired": False,
            "flow": ORDERS,
        }
    ]
    copy = place("copy")
    import_file(copy, first)
    assert export_file(copy) == first
    with open_workshop(copy) as workshop, workshop.session() as session:
        scenario = get_scenario_by_title(session, title="Order keyed twice")
        assert scenario is not None and scenario.flow == ORDERS
        assert [c.flow for c in list_checks(session) if c.scenario == scenario.title] == [ORDERS]


def test_import_takes_a_scenario_for_one_flow_and_a_null_flow_promotes(place: Any) -> None:
    path = place("w")
    scenario = {"title": "Order keyed twice", "flow": "shopify -> SAGE X3: sales orders"}
    import_file(path, doc(systems=SYSTEMS, data_objects=OBJECTS, flows=FLOWS,
                          scenarios=[scenario]))  # fmt: skip
    with open_workshop(path) as workshop, workshop.session() as session:
        found = get_scenario_by_title(session, title="Order keyed twice")
        assert found is not None and found.flow == ORDERS
    import_file(path, doc(scenarios=[{"title": "Order keyed twice"}]))  # omitted: kept as is
    with open_workshop(path) as workshop, workshop.session() as session:
        found = get_scenario_by_title(session, title="Order keyed twice")
        assert found is not None and found.flow == ORDERS
    import_file(path, doc(scenarios=[{"title": "Order keyed twice", "flow": None}]))
    with open_workshop(path) as workshop, workshop.session() as session:
        found = get_scenario_by_title(session, title="Order keyed twice")
        assert found is not None and found.flow is None and not found.one_flow


def test_an_unknown_flow_or_a_check_on_another_flow_is_refused(place: Any) -> None:
    path = place("w")
    import_file(path, doc(systems=SYSTEMS, data_objects=OBJECTS, flows=FLOWS))
    tables = ("scenario", "scenario_check")
    assert_refused(
        path,
        doc(scenarios=[{"title": "Order keyed twice", "flow": "Shopify -> Xero: Sales orders"}]),
        "scenarios[0].flow",
        'scenarios[0].flow: no flow "Shopify -> Xero: Sales orders".',
        tables,
    )
    assert_refused(
        path,
        doc(
            scenarios=[{"title": "Order keyed twice", "flow": ORDERS}],
            checks=[{"flow": "Sage X3 -> Shopify: Stock", "scenario": "Order keyed twice"}],
        ),
        "checks[0].flow",
        'checks[0].flow: "Order keyed twice" is a scenario for another flow only.',
        tables,
    )
