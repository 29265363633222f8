"""JSON interchange of data objects and flows: shape, merge by name, whole-file validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from interchange_files import assert_refused, doc, export_file, import_file

from models.tables import DATA_OBJECT_FIELDS, FLOW_FIELDS
from storage.errors import ImportValidationError
from storage.formats.seamwork_json.keys import DATA_OBJECT_KEYS, DEFINITION_KEYS, FLOW_KEYS
from storage.queries.data_objects import create_data_object, set_definition
from storage.queries.flows import create_flow
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop

# The example in design.md, verbatim: the documented shape of the file.
DESIGN_EXAMPLE = """{
  "format": "seamwork/1",
  "workshop": {"name": "Acme integration workshop", "client": "Acme Ltd", "facilitator": "J. Doe", "notes": ""},
  "systems": [
    {"name": "Shopify", "category": "e-commerce", "vendor": "Shopify", "owner": "Head of e-commerce",
     "lifecycle": "live", "hosting": "saas", "api": "rest", "criticality": 5, "notes": ""}
  ],
  "data_objects": [
    {"name": "Stock", "owner": "Operations", "source_of_truth": "Sage X3", "sensitivity": "internal",
     "definition": "Units on hand per warehouse",
     "definitions": [{"department": "Sales", "text": "Units we can promise"}]}
  ],
  "flows": [
    {"source": "Sage X3", "target": "Shopify", "data_object": "Stock", "frequency": "hourly",
     "mechanism": "api", "direction": "one-way", "state": "manual", "approach": "undecided",
     "owner": "IT", "error_handling": "", "security": "", "monitored": false, "volume_per_day": 400,
     "manual_hours_per_week": 6, "notes": ""}
  ]
}"""  # noqa: E501


def with_sage(path: Path | str) -> None:
    """A workshop holding only the system the design example's data object names (`path`: a
    new, empty one)."""
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Sage X3", "category": "erp"})


# --- shape ----------------------------------------------------------------------------------


def test_keys_are_in_the_order_design_md_shows_and_cover_every_field() -> None:
    example = json.loads(DESIGN_EXAMPLE)
    assert tuple(example["data_objects"][0]) == DATA_OBJECT_KEYS
    assert tuple(example["data_objects"][0]["definitions"][0]) == DEFINITION_KEYS
    assert tuple(example["flows"][0]) == FLOW_KEYS
    assert set(DATA_OBJECT_KEYS) == set(DATA_OBJECT_FIELDS) | {"source_of_truth", "definitions"}
    assert set(FLOW_KEYS) == set(FLOW_FIELDS) | {"source", "target", "data_object"}


def test_the_design_example_imports_and_exports_as_documented(place: Any) -> None:
    path = place("w")
    with_sage(path)
    summary = import_file(path, DESIGN_EXAMPLE)
    assert summary.sentence() == (
        "Imported 1 system (1 new), 1 data object (1 new), 1 flow (1 new); "
        "workshop details updated."
    )
    exported = json.loads(export_file(path))
    example = json.loads(DESIGN_EXAMPLE)
    assert exported["data_objects"] == example["data_objects"]
    assert exported["flows"] == example["flows"]
    assert isinstance(exported["flows"][0]["manual_hours_per_week"], int)  # 6, not 6.0


def test_export_sorts_flows_and_writes_null_for_no_source_of_truth(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("b-system", "A-system", "c-system"):
            create_system(session, data={"name": name})
        obj = create_data_object(session, data={"name": "stock"})
        create_data_object(session, data={"name": "Orders"}, source_of_truth="c-system")
        assert obj.id is not None
        set_definition(session, data_object_id=obj.id, department="sales", text="x")
        set_definition(session, data_object_id=obj.id, department="Logistics", text="y")
        for source, target, name in (
            ("c-system", "A-system", "Orders"),
            ("b-system", "c-system", "stock"),
            ("A-system", "c-system", "stock"),
            ("A-system", "c-system", "Orders"),
            ("A-system", "b-system", "stock"),
        ):
            create_flow(
                session,
                source=source,
                target=target,
                data_object=name,
                data={"manual_hours_per_week": 2.5},
            )
    data = json.loads(export_file(path))
    assert [(f["source"], f["target"], f["data_object"]) for f in data["flows"]] == [
        ("A-system", "b-system", "stock"),
        ("A-system", "c-system", "Orders"),
        ("A-system", "c-system", "stock"),
        ("b-system", "c-system", "stock"),
        ("c-system", "A-system", "Orders"),
    ]
    assert all(flow["manual_hours_per_week"] == 2.5 for flow in data["flows"])
    objects = {obj["name"]: obj for obj in data["data_objects"]}
    assert objects["stock"]["source_of_truth"] is None
    assert objects["Orders"]["source_of_truth"] == "c-system"
    assert [d["department"] for d in objects["stock"]["definitions"]] == ["Logistics", "sales"]
    assert objects["Orders"]["definitions"] == []


def test_demo_round_trips_through_a_fresh_file_byte_identical(workshop_at: Any, place: Any) -> None:
    demo = workshop_at("demo", demo=True)
    first = export_file(demo)
    data = json.loads(first)
    assert len(data["flows"]) >= 20 and len(data["data_objects"]) >= 8
    import_file(place("copy"), first)
    assert export_file(place("copy")) == first
    again = import_file(place("copy"), first)  # and importing twice changes nothing
    assert again.created == {} and again.updated == {}
    assert export_file(place("copy")) == first


# --- merge ----------------------------------------------------------------------------------


def test_data_objects_merge_by_name_and_definitions_by_department(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Sage X3", "Mintsoft"):
            create_system(session, data={"name": name})
        stock = create_data_object(
            session, data={"name": "Stock", "owner": "Ops", "definition": "On hand"},
            source_of_truth="Sage X3",
        )  # fmt: skip
        create_data_object(session, data={"name": "Prices"}, source_of_truth="Sage X3")
        create_data_object(session, data={"name": "Invoices"}, source_of_truth="Sage X3")
        assert stock.id is not None
        set_definition(session, data_object_id=stock.id, department="Sales", text="Promisable")
        set_definition(session, data_object_id=stock.id, department="Finance", text="Valued")

    summary = import_file(
        path,
        doc(
            data_objects=[
                {
                    "name": "STOCK",
                    "source_of_truth": "mintsoft",
                    "definitions": [
                        {"department": "sales", "text": "Within 48 hours"},
                        {"department": "Logistics", "text": "At sea"},
                    ],
                },
                {"name": "Prices", "source_of_truth": None},  # null clears
                {"name": "Invoices", "owner": ""},  # omitted keeps the source of truth
                {"name": "Payments", "sensitivity": "FINANCIAL"},
            ]
        ),
    )
    assert summary.created == {"data_objects": 1}
    assert summary.updated == {"data_objects": 2}
    assert summary.unchanged == {"data_objects": 1}  # Invoices: the owner was empty already

    objects = {obj["name"]: obj for obj in json.loads(export_file(path))["data_objects"]}
    assert set(objects) == {"STOCK", "Prices", "Invoices", "Payments"}
    stock_out = objects["STOCK"]
    assert (stock_out["owner"], stock_out["definition"]) == ("Ops", "On hand")  # kept
    assert stock_out["source_of_truth"] == "Mintsoft"
    assert stock_out["definitions"] == [
        {"department": "Finance", "text": "Valued"},  # not in the file: kept, never removed
        {"department": "Logistics", "text": "At sea"},
        {"department": "sales", "text": "Within 48 hours"},
    ]
    assert objects["Prices"]["source_of_truth"] is None
    assert objects["Invoices"]["source_of_truth"] == "Sage X3"
    assert objects["Payments"]["sensitivity"] == "financial"
    assert objects["Payments"]["source_of_truth"] is None


def test_flows_merge_by_source_target_and_object(place: Any) -> None:
    path = place("w")
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Shopify", "Sage X3"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Stock"})
        create_flow(
            session, source="Sage X3", target="Shopify", data_object="Stock",
            data={"owner": "IT", "volume_per_day": 400, "monitored": True},
        )  # fmt: skip

    text = doc(
        systems=[{"name": "Xero", "category": "finance"}],
        data_objects=[{"name": "Invoices", "sensitivity": "financial"}],
        flows=[
            {"source": "SAGE X3", "target": "shopify", "data_object": "stock",
             "frequency": "hourly", "manual_hours_per_week": 1.5},
            {"source": "Sage X3", "target": "Xero", "data_object": "Invoices"},
            {"source": "Shopify", "target": "Sage X3", "data_object": "Stock",
             "direction": "two-way"},
        ],
    )  # fmt: skip
    summary = import_file(path, text)
    assert summary.created == {"systems": 1, "data_objects": 1, "flows": 2}
    assert summary.updated == {"flows": 1}
    assert summary.sentence() == (
        "Imported 1 system (1 new), 1 data object (1 new), 3 flows (2 new, 1 updated)."
    )

    flows = {
        (f["source"], f["target"], f["data_object"]): f
        for f in json.loads(export_file(path))["flows"]
    }
    assert set(flows) == {
        ("Sage X3", "Shopify", "Stock"),
        ("Sage X3", "Xero", "Invoices"),
        ("Shopify", "Sage X3", "Stock"),
    }
    merged = flows[("Sage X3", "Shopify", "Stock")]
    assert (merged["owner"], merged["volume_per_day"], merged["monitored"]) == ("IT", 400, True)
    assert (merged["frequency"], merged["manual_hours_per_week"]) == ("hourly", 1.5)
    assert flows[("Shopify", "Sage X3", "Stock")]["direction"] == "two-way"
    assert flows[("Sage X3", "Xero", "Invoices")]["mechanism"] is None  # not said: unknown

    assert import_file(path, text).sentence() == (
        "Imported 1 system (1 unchanged), 1 data object (1 unchanged), 3 flows (3 unchanged)."
    )


def test_references_may_point_to_the_workshop_or_earlier_in_the_file(place: Any) -> None:
    path = place("w")
    with_sage(path)
    import_file(
        path,
        doc(
            systems=[{"name": "Shopify"}],
            data_objects=[{"name": "Stock", "source_of_truth": "sage x3"}],
            flows=[{"source": "sage x3", "target": "SHOPIFY", "data_object": "STOCK"}],
        ),
    )
    data = json.loads(export_file(path))
    assert data["data_objects"][0]["source_of_truth"] == "Sage X3"
    assert data["flows"][0]["source"] == "Sage X3"
    assert data["flows"][0]["target"] == "Shopify"
    # and a later file may refer to what an earlier import created
    import_file(
        path, doc(flows=[{"source": "Shopify", "target": "Sage X3", "data_object": "Stock"}])
    )
    assert len(json.loads(export_file(path))["flows"]) == 2


# --- validation -----------------------------------------------------------------------------

SYSTEMS = [{"name": "Shopify"}, {"name": "Sage X3"}, {"name": "Xero"}]
OBJECTS = [{"name": "Stock"}, {"name": "Invoices", "sensitivity": "financial"}]


def flow(source: str = "Sage X3", target: str = "Shopify", obj: str = "Stock", **more: Any) -> Any:
    return {"source": source, "target": target, "data_object": obj, **more}


GOOD_FLOWS = [flow(), flow("Sage X3", "Xero", "Invoices"), flow("Shopify", "Sage X3")]

BAD: dict[str, tuple[str, str | None, str]] = {
    "unknown source system": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[*GOOD_FLOWS, flow("Shopfy")]),
        "flows[3].source",
        'flows[3].source: no system named "Shopfy".',
    ),
    "unknown target system": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(target="Zero")]),
        "flows[0].target",
        'flows[0].target: no system named "Zero".',
    ),
    "unknown data object": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(obj="Stok")]),
        "flows[0].data_object",
        'flows[0].data_object: no data object named "Stok".',
    ),
    "same source and target": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow("Xero", "xero ")]),
        "flows[0].target",
        "flows[0].target: Source and target must be different systems.",
    ),
    "duplicate flow in the file": (
        doc(
            systems=SYSTEMS,
            data_objects=OBJECTS,
            flows=[*GOOD_FLOWS, flow("sage x3", "SHOPIFY", "stock", owner="x")],
        ),
        "flows[3]",
        'flows[3]: "sage x3 -> SHOPIFY: stock" appears twice (see flows[0]).',
    ),
    "unknown source of truth": (
        doc(systems=SYSTEMS, data_objects=[{"name": "Stock", "source_of_truth": "X"}]),
        "data_objects[0].source_of_truth",
        'data_objects[0].source_of_truth: no system named "X".',
    ),
    "duplicate data object": (
        doc(data_objects=[*OBJECTS, {"name": "STOCK"}]),
        "data_objects[2].name",
        'data_objects[2].name: "STOCK" appears twice (names ignore case; see data_objects[0]).',
    ),
    "duplicate department": (
        doc(
            data_objects=[
                {
                    "name": "Stock",
                    "definitions": [
                        {"department": "Sales", "text": "a"},
                        {"department": "sales ", "text": "b"},
                    ],
                }
            ]
        ),
        "data_objects[0].definitions[1].department",
        'data_objects[0].definitions[1].department: "sales" appears twice.',
    ),
    "empty definition": (
        doc(data_objects=[{"name": "Stock", "definitions": [{"department": "S", "text": " "}]}]),
        "data_objects[0].definitions[0].text",
        "data_objects[0].definitions[0].text: Text is required.",
    ),
    "definition without department": (
        doc(data_objects=[{"name": "Stock", "definitions": [{"text": "x"}]}]),
        "data_objects[0].definitions[0].department",
        "data_objects[0].definitions[0].department: Department is required.",
    ),
    "unknown data object key": (
        doc(data_objects=[{"name": "Stock", "colour": "red"}]),
        "data_objects[0].colour",
        "data_objects[0].colour: This version of Seamwork does not know this key.",
    ),
    "unknown flow key": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(latency=5)]),
        "flows[0].latency",
        "flows[0].latency: This version of Seamwork does not know this key.",
    ),
    "flow without a source": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[{"target": "Xero", "data_object": "x"}]),
        "flows[0].source",
        "flows[0].source: Source is required.",
    ),
    "bad frequency": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(frequency="fortnightly")]),
        "flows[0].frequency",
        "flows[0].frequency: Frequency must be one of: real-time, hourly, daily, weekly, "
        "on-demand, ad-hoc.",
    ),
    "bad sensitivity": (
        doc(data_objects=[{"name": "Stock", "sensitivity": "secret"}]),
        "data_objects[0].sensitivity",
        "data_objects[0].sensitivity: Sensitivity must be one of: public, internal, "
        "confidential, personal, financial.",
    ),
    "volume as text": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(volume_per_day="400")]),
        "flows[0].volume_per_day",
        "flows[0].volume_per_day: Volume per day must be a whole number.",
    ),
    "volume as a flag": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(volume_per_day=True)]),
        "flows[0].volume_per_day",
        "flows[0].volume_per_day: Volume per day must be a whole number.",
    ),
    "volume as a fraction": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(volume_per_day=1.5)]),
        "flows[0].volume_per_day",
        "flows[0].volume_per_day: Volume per day must be a whole number.",
    ),
    "negative volume": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(volume_per_day=-1)]),
        "flows[0].volume_per_day",
        "flows[0].volume_per_day: Volume per day must be at least 0.",
    ),
    "monitored as a number": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(monitored=1)]),
        "flows[0].monitored",
        "flows[0].monitored: Monitored must be true or false.",
    ),
    "monitored as text": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(monitored="yes")]),
        "flows[0].monitored",
        "flows[0].monitored: Monitored must be true or false.",
    ),
    "hours as a flag": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(manual_hours_per_week=False)]),
        "flows[0].manual_hours_per_week",
        "flows[0].manual_hours_per_week: Manual hours per week must be a number.",
    ),
    "hours as text": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(manual_hours_per_week="6")]),
        "flows[0].manual_hours_per_week",
        "flows[0].manual_hours_per_week: Manual hours per week must be a number.",
    ),
    "owner not text": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(owner=["IT"])]),
        "flows[0].owner",
        "flows[0].owner: Owner must be text.",
    ),
    "flow end not text": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(source=5)]),
        "flows[0].source",
        "flows[0].source: Source must be text.",
    ),
    "flow end empty": (
        doc(systems=SYSTEMS, data_objects=OBJECTS, flows=[flow(target="  ")]),
        "flows[0].target",
        "flows[0].target: Target is required.",
    ),
    "source of truth not text": (
        doc(systems=SYSTEMS, data_objects=[{"name": "Stock", "source_of_truth": 3}]),
        "data_objects[0].source_of_truth",
        "data_objects[0].source_of_truth: Source of truth must be a system name or null.",
    ),
    "flows not a list": (
        doc(flows={"source": "A"}),
        "flows",
        "flows: Must be a list.",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_import_names_the_path_and_writes_nothing(place: Any, case: str) -> None:
    text, path_expected, message = BAD[case]
    path = place("w", demo=True)
    assert_refused(
        path, text, path_expected, message, ("system", "data_object", "definition", "flow", "audit")
    )


def test_good_flows_in_the_bad_cases_are_really_good(place: Any) -> None:
    """The bad documents fail because of the one bad value, not the rest of them."""
    summary = import_file(place("w"), doc(systems=SYSTEMS, data_objects=OBJECTS, flows=GOOD_FLOWS))
    assert summary.created == {"systems": 3, "data_objects": 2, "flows": 3}


def test_an_unknown_reference_in_a_later_entry_writes_nothing_before_it(place: Any) -> None:
    path = place("w")
    with_sage(path)
    before = export_file(path)
    with pytest.raises(ImportValidationError) as caught:
        import_file(
            path,
            doc(
                workshop={"client": "Changed"},
                systems=[{"name": "New system"}],
                data_objects=[{"name": "Stock", "source_of_truth": "Sage X3"}],
                flows=[
                    flow("Sage X3", "New system"),
                    flow("Sage X3", "Shopfy"),
                ],
            ),
        )
    assert str(caught.value) == 'flows[1].target: no system named "Shopfy".'
    assert export_file(path) == before
