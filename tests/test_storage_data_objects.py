"""Data objects and department definitions, stored in real workshop files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text

from models.enums import Sensitivity
from models.tables import DataObjectBase
from storage.errors import DefinitionErrors, FieldError, InvalidInput, NotFoundError
from storage.queries.data_objects import (
    DataObjectRow,
    DefinitionRow,
    create_data_object,
    delete_data_object,
    delete_definition,
    get_data_object,
    get_data_object_row,
    list_data_objects,
    list_definitions,
    save_data_object,
    set_definition,
    update_data_object,
)
from storage.queries.flows import create_flow
from storage.queries.systems import create_system, delete_system, get_system
from storage.workshop_file import WorkshopFile, open_workshop


@pytest.fixture
def workshop(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("w")) as opened:
        with opened.session() as session:
            for name in ("Sage X3", "Shopify", "Mintsoft WMS"):
                create_system(session, data={"name": name})
        yield opened


def reopened(workshop: WorkshopFile) -> list[DataObjectRow]:
    """The rows as a fresh read-only opening of the file sees them: proof they were committed."""
    with open_workshop(workshop.location, read_only=True) as other, other.session() as session:
        return list_data_objects(session)


def test_create_and_list_with_source_of_truth_counts_and_conflict_flag(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        stock = create_data_object(
            session,
            data={"name": "Stock", "owner": "Operations", "definition": "Units on hand"},
            source_of_truth="mintsoft wms",  # names compare ignoring case
        )
        create_data_object(session, data=DataObjectBase(name="customers", sensitivity="personal"))
        assert stock.id is not None
        set_definition(session, data_object_id=stock.id, department="Sales", text="Promisable")
        set_definition(session, data_object_id=stock.id, department="Logistics", text="On hand")
        create_flow(session, source="Mintsoft WMS", target="Shopify", data_object="Stock")
        create_flow(session, source="Mintsoft WMS", target="Sage X3", data_object="stock")

    rows = reopened(workshop)
    assert [row.name for row in rows] == ["customers", "Stock"]  # ignoring case
    customers, stock_row = rows
    assert stock_row == DataObjectRow(
        id=stock.id,
        name="Stock",
        owner="Operations",
        sensitivity=None,  # not said: unknown, not "internal"
        definition="Units on hand",
        source_of_truth="Mintsoft WMS",
        source_of_truth_id=stock_row.source_of_truth_id,
        flows=2,
        definitions=2,
        def_conflict=True,
    )
    assert (customers.source_of_truth, customers.flows, customers.definitions) == (None, 0, 0)
    assert customers.sensitivity is Sensitivity.PERSONAL and not customers.def_conflict


def test_definitions_that_agree_are_not_a_conflict(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        obj = create_data_object(session, data={"name": "Stock"})
        assert obj.id is not None
        set_definition(session, data_object_id=obj.id, department="Sales", text="Units on hand")
        set_definition(session, data_object_id=obj.id, department="Ops", text="units on  hand.")
        assert not get_data_object_row(session, data_object_id=obj.id).def_conflict
        set_definition(session, data_object_id=obj.id, department="Ops", text="Units in transit")
        assert get_data_object_row(session, data_object_id=obj.id).def_conflict


def test_names_are_unique_ignoring_case(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        create_data_object(session, data={"name": "Sales orders"})
        with pytest.raises(FieldError) as caught:
            create_data_object(session, data={"name": " SALES ORDERS "})
        assert caught.value.field == "name"
        assert str(caught.value) == 'A data object named "Sales orders" already exists.'
        assert get_data_object(session, name="sales ORDERS") is not None
    assert [row.name for row in reopened(workshop)] == ["Sales orders"]


def test_unknown_source_of_truth_is_a_field_error(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        with pytest.raises(FieldError) as caught:
            create_data_object(session, data={"name": "Stock"}, source_of_truth="Netsuite")
        assert caught.value.field == "source_of_truth"
        assert str(caught.value) == 'No system named "Netsuite".'
    assert reopened(workshop) == []


def test_bad_values_are_refused_by_validation(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        with pytest.raises(InvalidInput):
            create_data_object(session, data={"name": "Stock", "sensitivity": "secret"})
        with pytest.raises(InvalidInput):
            create_data_object(session, data={"name": "   "})
    assert reopened(workshop) == []


def test_update_is_partial_and_source_of_truth_kept_changed_or_cleared(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        obj = create_data_object(
            session, data={"name": "Stock", "owner": "Ops"}, source_of_truth="Sage X3"
        )
        other = create_data_object(session, data={"name": "Prices"})
        assert obj.id is not None and other.id is not None

        update_data_object(session, data_object_id=obj.id, data={"definition": "On hand"})
        row = get_data_object_row(session, data_object_id=obj.id)
        assert (row.owner, row.definition, row.source_of_truth) == ("Ops", "On hand", "Sage X3")

        update_data_object(session, data_object_id=obj.id, source_of_truth="MINTSOFT WMS")
        assert reopened(workshop)[1].source_of_truth == "Mintsoft WMS"

        update_data_object(
            session, data_object_id=obj.id, data={"name": "Stock levels"}, source_of_truth=""
        )
        row = get_data_object_row(session, data_object_id=obj.id)
        assert (row.name, row.source_of_truth) == ("Stock levels", None)
        assert get_data_object(session, name="stock levels") is not None  # the key followed

        update_data_object(session, data_object_id=obj.id, source_of_truth="Sage X3")
        update_data_object(session, data_object_id=obj.id, source_of_truth=None)
        assert get_data_object_row(session, data_object_id=obj.id).source_of_truth is None

        with pytest.raises(FieldError, match='"Prices" already exists'):
            update_data_object(session, data_object_id=obj.id, data={"name": "prices"})
        with pytest.raises(FieldError) as caught:
            update_data_object(session, data_object_id=obj.id, source_of_truth="Nowhere")
        assert caught.value.field == "source_of_truth"
        with pytest.raises(NotFoundError):
            update_data_object(session, data_object_id=999, data={"owner": "x"})
    assert [row.name for row in reopened(workshop)] == ["Prices", "Stock levels"]


def test_set_definition_creates_replaces_and_empty_text_removes(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        obj = create_data_object(session, data={"name": "Stock in transit"})
        assert obj.id is not None
        first = set_definition(
            session, data_object_id=obj.id, department="Sales", text=" At the hub "
        )
        assert isinstance(first, DefinitionRow) and first.text == "At the hub"
        replaced = set_definition(
            session, data_object_id=obj.id, department="SALES", text="Within 48 hours"
        )
        assert replaced is not None and replaced.id == first.id
        assert replaced.department == "SALES"  # the spelling last used
        set_definition(session, data_object_id=obj.id, department="Logistics", text="At sea")
        assert [
            (d.department, d.text) for d in list_definitions(session, data_object_id=obj.id)
        ] == [
            ("Logistics", "At sea"),
            ("SALES", "Within 48 hours"),
        ]

        assert set_definition(session, data_object_id=obj.id, department="sales", text="") is None
        assert set_definition(session, data_object_id=obj.id, department="Finance", text="") is None
        assert [d.department for d in list_definitions(session, data_object_id=obj.id)] == [
            "Logistics"
        ]

        delete_definition(session, data_object_id=obj.id, department="LOGISTICS")
        assert list_definitions(session, data_object_id=obj.id) == []
        with pytest.raises(NotFoundError):
            delete_definition(session, data_object_id=obj.id, department="Logistics")
        with pytest.raises(NotFoundError):
            set_definition(session, data_object_id=999, department="Sales", text="x")
        with pytest.raises(InvalidInput):
            set_definition(session, data_object_id=obj.id, department=" ", text="x")
    assert reopened(workshop)[0].definitions == 0


def stored_definitions(workshop: WorkshopFile) -> dict[str, list[tuple[str, str]]]:
    """Every object's definitions as a fresh read-only opening of the file sees them."""
    with open_workshop(workshop.location, read_only=True) as other, other.session() as session:
        return {
            row.name: [
                (d.department, d.text) for d in list_definitions(session, data_object_id=row.id)
            ]
            for row in list_data_objects(session)
        }


def test_save_writes_the_object_and_makes_its_definitions_exactly_those_given(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        obj = save_data_object(
            session,
            data={"name": "Stock in transit", "owner": "Logistics"},
            source_of_truth="Sage X3",
            definitions=[("Sales", "At the hub"), ("", ""), ("Finance", "Not yet paid")],
        )
        assert obj.id is not None
        save_data_object(
            session,
            data_object_id=obj.id,
            data={"name": "Stock in transit", "owner": "Operations"},
            definitions=[("SALES", "Within 48 hours"), ("Finance", ""), ("Logistics", "At sea")],
        )
    assert reopened(workshop)[0].owner == "Operations"
    assert reopened(workshop)[0].source_of_truth is None
    assert stored_definitions(workshop) == {
        "Stock in transit": [("Logistics", "At sea"), ("SALES", "Within 48 hours")]
    }


def test_a_refused_definition_leaves_the_file_as_it_was(workshop: WorkshopFile) -> None:
    """The object and its definitions are one save: a bad definition writes neither."""
    with workshop.session() as session:
        obj = save_data_object(
            session, data={"name": "Stock", "owner": "Ops"}, definitions=[("Sales", "On hand")]
        )
        assert obj.id is not None
    before = (reopened(workshop), stored_definitions(workshop))

    with workshop.session() as session:
        with pytest.raises(DefinitionErrors) as caught:
            save_data_object(
                session,
                data_object_id=obj.id,
                data={"name": "Stock levels", "owner": "Finance"},
                definitions=[
                    ("Sales", "Promisable"),
                    ("", "No department"),
                    ("Logistics", "In the warehouse"),
                    ("sales", "Listed again"),
                ],
            )
        assert caught.value.by_position == {
            1: "Name the department that means this.",
            3: "Sales is listed twice; keep one definition per department.",
        }
        with pytest.raises(DefinitionErrors):  # a new object is not added either
            save_data_object(
                session, data={"name": "Prices"}, definitions=[("x" * 200, "Too long a name")]
            )
    assert (reopened(workshop), stored_definitions(workshop)) == before


def test_a_refused_object_writes_none_of_its_definitions(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        create_data_object(session, data={"name": "Prices"})
        obj = save_data_object(session, data={"name": "Stock"}, definitions=[("Sales", "x")])
        assert obj.id is not None
        with pytest.raises(FieldError, match='"Prices" already exists'):
            save_data_object(
                session,
                data_object_id=obj.id,
                data={"name": "prices"},
                definitions=[("Finance", "Booked")],
            )
        with pytest.raises(FieldError) as caught:
            save_data_object(
                session,
                data={"name": "Orders"},
                source_of_truth="Nowhere",
                definitions=[("Sales", "Promised")],
            )
        assert caught.value.field == "source_of_truth"
        with pytest.raises(NotFoundError):
            save_data_object(session, data_object_id=999, data={"name": "Gone"})
    assert stored_definitions(workshop) == {"Prices": [], "Stock": [("Sales", "x")]}


def test_filter_matches_name_owner_sensitivity_source_and_is_literal(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        create_data_object(session, data={"name": "Stock", "owner": "Operations"})
        create_data_object(
            session,
            data={"name": "Customers", "sensitivity": "personal"},
            source_of_truth="Sage X3",
        )
        create_data_object(session, data={"name": "100% margin_x", "definition": "Zoé's view"})

        def names(needle: str) -> list[str]:
            return [row.name for row in list_data_objects(session, text=needle)]

        assert names("") == ["100% margin_x", "Customers", "Stock"]
        assert names("OPERA") == ["Stock"]
        assert names("person") == ["Customers"]
        assert names("sage") == ["Customers"]  # its source of truth
        assert names("zoé") == ["100% margin_x"]
        assert names("%") == ["100% margin_x"]  # not a wildcard
        assert names("n_x") == ["100% margin_x"]
        assert names("_") == ["100% margin_x"]
        assert names("nothing") == []


def test_listing_is_a_fixed_number_of_queries(workshop: WorkshopFile) -> None:
    """No query per data object: the list stays quick however many there are."""
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    with workshop.session() as session:
        for index in range(30):
            obj = create_data_object(
                session, data={"name": f"Object {index}"}, source_of_truth="Sage X3"
            )
            assert obj.id is not None
            set_definition(session, data_object_id=obj.id, department="A", text=f"a{index}")
            set_definition(session, data_object_id=obj.id, department="B", text=f"b{index}")
            create_flow(session, source="Sage X3", target="Shopify", data_object=obj.name)
        event.listen(workshop.engine, "before_cursor_execute", count)
        try:
            rows = list_data_objects(session)
            filtered = list_data_objects(session, text="object 1")
        finally:
            event.remove(workshop.engine, "before_cursor_execute", count)
    assert len(rows) == 30 and all(row.def_conflict and row.flows == 1 for row in rows)
    assert len(filtered) == 11
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 4


def test_deleting_a_data_object_deletes_its_flows_and_definitions_audited(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        stock = create_data_object(session, data={"name": "Stock"})
        create_data_object(session, data={"name": "Prices"})
        assert stock.id is not None
        set_definition(session, data_object_id=stock.id, department="Sales", text="x")
        create_flow(session, source="Sage X3", target="Shopify", data_object="Stock")
        create_flow(session, source="Sage X3", target="Shopify", data_object="Prices")
        delete_data_object(session, data_object_id=stock.id)
        with pytest.raises(NotFoundError):
            delete_data_object(session, data_object_id=stock.id)

    connection = workshop.engine.connect()
    try:
        assert connection.execute(text("SELECT count(*) FROM flow")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM definition")).scalar_one() == 0
        deleted = connection.execute(
            text("SELECT entity, before FROM audit WHERE action = 'delete' ORDER BY id")
        ).all()
    finally:
        connection.close()
    assert [entity for entity, _ in deleted] == ["flow", "definition", "data_object"]
    assert json.loads(deleted[0][1])["data_object_id"] == stock.id
    assert [row.name for row in reopened(workshop)] == ["Prices"]


def test_deleting_the_source_system_leaves_the_object_without_one(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        create_data_object(session, data={"name": "Stock"}, source_of_truth="Mintsoft WMS")
        wms = get_system(session, name="Mintsoft WMS")
        assert wms is not None and wms.id is not None
        delete_system(session, system_id=wms.id)
    (row,) = reopened(workshop)
    assert (row.name, row.source_of_truth, row.source_of_truth_id) == ("Stock", None, None)


def test_a_held_object_does_not_undo_what_the_database_did(workshop: WorkshopFile) -> None:
    """Sessions keep objects after commit; an edit must start from the file, not from them."""
    with workshop.session() as session:
        held = create_data_object(session, data={"name": "Stock"}, source_of_truth="Sage X3")
        assert held.id is not None
        sage = get_system(session, name="Sage X3")
        assert sage is not None and sage.id is not None
        delete_system(session, system_id=sage.id)  # the database sets the source to NULL
        update_data_object(session, data_object_id=held.id, data={"owner": "Ops"})
        assert held.source_of_truth_id is None
    (row,) = reopened(workshop)
    assert (row.owner, row.source_of_truth_id) == ("Ops", None)
