"""Flows between systems, stored in real workshop files: edits, queries, matrix, quick capture."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import engines
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from models.enums import Approach, Direction, FlowState, Frequency, Mechanism, Sensitivity
from models.quick_capture import parse_capture
from models.tables import FlowBase
from storage.errors import FieldError, InvalidInput, NotFoundError
from storage.queries.data_objects import create_data_object, delete_data_object, get_data_object
from storage.queries.flows import (
    SORTABLE,
    CaptureItem,
    FlowRow,
    capture_names,
    count_flows,
    create_flow,
    create_flow_capture,
    create_flow_captures,
    data_objects_sourced_from,
    delete_flow,
    flows_for_system,
    flows_using_data_object,
    flows_using_system,
    get_flow,
    interface_matrix,
    list_flows,
    plan_capture,
    update_flow,
)
from storage.queries.systems import create_system, delete_system, get_system, list_systems
from storage.workshop_file import WorkshopFile, open_workshop

SYSTEMS = ("Shopify", "Sage X3", "Mintsoft WMS", "Xero", "Power BI")
OBJECTS = {"Sales orders": "personal", "Stock": "internal", "Invoices": "financial"}


@pytest.fixture
def workshop(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("w")) as opened:
        with opened.session() as session:
            for name in SYSTEMS:
                create_system(session, data={"name": name})
            for name, sensitivity in OBJECTS.items():
                create_data_object(session, data={"name": name, "sensitivity": sensitivity})
        yield opened


def refs(rows: list[FlowRow]) -> list[str]:
    return [row.ref for row in rows]


def file_refs(workshop: WorkshopFile) -> list[str]:
    """Flows as a separate read-only opening of the file sees them (so: committed)."""
    with open_workshop(workshop.location, read_only=True) as other, other.session() as session:
        return refs(list_flows(session))


def add(session: Any, source: str, target: str, obj: str, **fields: Any) -> FlowRow:
    return create_flow(session, source=source, target=target, data_object=obj, data=fields)


# --- create ---------------------------------------------------------------------------------


def test_create_by_names_ignoring_case_and_read_back(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        row = create_flow(
            session,
            source="shopify",
            target="SAGE X3",
            data_object="sales ORDERS",
            data=FlowBase(
                frequency="hourly",
                mechanism="api",
                state="partial",
                approach="ipaas",
                owner=" E-commerce ",
                error_handling="Queue",
                security="Scoped key",
                monitored=True,
                volume_per_day=400,
                manual_hours_per_week=2.5,
                notes="n",
            ),
        )
    assert row.ref == "Shopify -> Sage X3: Sales orders"
    assert (row.frequency, row.mechanism, row.state, row.approach) == (
        Frequency.HOURLY,
        Mechanism.API,
        FlowState.PARTIAL,
        Approach.IPAAS,
    )
    assert (row.owner, row.monitored, row.volume_per_day, row.manual_hours_per_week) == (
        "E-commerce",
        True,
        400,
        2.5,
    )
    assert row.direction is None and not row.two_way  # not said: unknown, not one-way
    assert row.sensitivity is Sensitivity.PERSONAL
    assert row.fields().error_handling == "Queue"
    assert file_refs(workshop) == ["Shopify -> Sage X3: Sales orders"]
    with workshop.session() as session:
        assert get_flow(session, flow_id=row.id) == row
        assert count_flows(session) == 1


def test_defaults_when_no_fields_are_given(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        row = create_flow(session, source="Shopify", target="Xero", data_object="Invoices")
    assert row.fields() == FlowBase()


@pytest.mark.parametrize(
    ("ends", "field", "message"),
    [
        (
            ("Shopify", "shopify ", "Stock"),
            "target",
            "Source and target must be different systems.",
        ),
        (("Shopfy", "Xero", "Stock"), "source", 'No system named "Shopfy".'),
        (("Shopify", " Zero ", "Stock"), "target", 'No system named "Zero".'),
        (("Shopify", "Xero", "Stok"), "data_object", 'No data object named "Stok".'),
        (
            ("SHOPIFY", "sage x3", "sales orders"),
            "data_object",
            'The flow "Shopify -> Sage X3: Sales orders" already exists.',
        ),
    ],
)
def test_create_refuses_with_a_field_error(
    workshop: WorkshopFile, ends: tuple[str, str, str], field: str, message: str
) -> None:
    with workshop.session() as session:
        add(session, "Shopify", "Sage X3", "Sales orders")
        with pytest.raises(FieldError) as caught:
            add(session, *ends)
    assert (caught.value.field, str(caught.value)) == (field, message)
    assert file_refs(workshop) == ["Shopify -> Sage X3: Sales orders"]


def test_the_reverse_direction_is_another_flow(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        add(session, "Shopify", "Sage X3", "Stock")
        add(session, "Sage X3", "Shopify", "Stock")
    assert file_refs(workshop) == ["Sage X3 -> Shopify: Stock", "Shopify -> Sage X3: Stock"]


@pytest.mark.parametrize(
    "fields",
    [
        {"frequency": "fortnightly"},
        {"volume_per_day": -1},
        {"manual_hours_per_week": 10_001},
        {"mechanism": "pigeon"},
        {"owner": 5},
    ],
)
def test_bad_values_are_refused(workshop: WorkshopFile, fields: dict[str, Any]) -> None:
    with workshop.session() as session, pytest.raises(InvalidInput):
        add(session, "Shopify", "Xero", "Invoices", **fields)
    assert file_refs(workshop) == []


def test_the_database_itself_refuses_equal_ends(workshop: WorkshopFile) -> None:
    """The check constraint backs the storage rule for anyone writing the file another way."""
    with pytest.raises(IntegrityError, match="flow_ends_differ"):
        engines.execute(
            workshop,
            "INSERT INTO flow (source_id, target_id, data_object_id) VALUES (1, 1, 1)",
        )


# --- update and delete ----------------------------------------------------------------------


def test_update_changes_only_what_is_given(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        row = add(session, "Shopify", "Sage X3", "Sales orders", owner="IT", volume_per_day=5)
        updated = update_flow(session, flow_id=row.id, data={"frequency": "daily"})
        assert (updated.frequency, updated.owner, updated.volume_per_day) == (
            Frequency.DAILY,
            "IT",
            5,
        )
        partial = FlowBase.model_validate({"owner": "Ops"})  # only `owner` is set
        updated = update_flow(session, flow_id=row.id, data=partial)
        assert (updated.owner, updated.frequency) == ("Ops", Frequency.DAILY)

        moved = update_flow(session, flow_id=row.id, target="mintsoft wms", data_object="stock")
        assert moved.ref == "Shopify -> Mintsoft WMS: Stock" and moved.id == row.id
        assert moved.owner == "Ops"
    assert file_refs(workshop) == ["Shopify -> Mintsoft WMS: Stock"]


def test_update_refuses_duplicates_equal_ends_and_unknown_names(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        first = add(session, "Shopify", "Sage X3", "Stock")
        second = add(session, "Shopify", "Xero", "Stock")
        update_flow(session, flow_id=first.id, data={"owner": "x"})  # itself is no duplicate
        with pytest.raises(FieldError, match='"Shopify -> Sage X3: Stock" already exists'):
            update_flow(session, flow_id=second.id, target="Sage X3")
        with pytest.raises(FieldError, match="different systems"):
            update_flow(session, flow_id=second.id, source="Xero")
        with pytest.raises(FieldError) as caught:
            update_flow(session, flow_id=second.id, data_object="Nope")
        assert caught.value.field == "data_object"
        with pytest.raises(NotFoundError):
            update_flow(session, flow_id=999, data={"owner": "x"})
    assert file_refs(workshop) == ["Shopify -> Sage X3: Stock", "Shopify -> Xero: Stock"]


def test_delete(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        row = add(session, "Shopify", "Sage X3", "Stock")
        add(session, "Shopify", "Xero", "Stock")
        delete_flow(session, flow_id=row.id)
        with pytest.raises(NotFoundError):
            delete_flow(session, flow_id=row.id)
        with pytest.raises(NotFoundError):
            get_flow(session, flow_id=row.id)
    assert file_refs(workshop) == ["Shopify -> Xero: Stock"]


def test_every_edit_is_audited(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        row = add(session, "Shopify", "Sage X3", "Stock")
        update_flow(session, flow_id=row.id, data={"owner": "Ops"})
        delete_flow(session, flow_id=row.id)
    with workshop.engine.connect() as connection:
        actions = connection.execute(
            text("SELECT action FROM audit WHERE entity = 'flow' ORDER BY id")
        ).scalars()
        assert list(actions) == ["create", "update", "delete"]


# --- cascades -------------------------------------------------------------------------------


def test_foreign_keys_are_on_in_every_session(workshop: WorkshopFile) -> None:
    if engines.is_server(workshop):  # a server checks them always: a dangling one fails
        with pytest.raises(IntegrityError, match="foreign key"):
            engines.execute(
                workshop, "INSERT INTO flow (source_id, target_id, data_object_id) VALUES (8, 9, 7)"
            )
        return
    with workshop.session() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_deleting_a_system_deletes_its_flows_and_what_would_go_is_listed(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        add(session, "Shopify", "Sage X3", "Sales orders")
        add(session, "Sage X3", "Xero", "Invoices")
        add(session, "Mintsoft WMS", "Shopify", "Stock")
        create_data_object(session, data={"name": "Prices"}, source_of_truth="Sage X3")
        sage = get_system(session, name="Sage X3")
        assert sage is not None and sage.id is not None
        assert flows_using_system(session, system_id=sage.id) == [
            "Sage X3 -> Xero: Invoices",
            "Shopify -> Sage X3: Sales orders",
        ]
        assert data_objects_sourced_from(session, system_id=sage.id) == ["Prices"]
        delete_system(session, system_id=sage.id)
        assert flows_using_system(session, system_id=sage.id) == []
    assert file_refs(workshop) == ["Mintsoft WMS -> Shopify: Stock"]


def test_deleting_a_data_object_deletes_its_flows(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        add(session, "Shopify", "Sage X3", "Stock")
        add(session, "Mintsoft WMS", "Shopify", "Stock")
        add(session, "Sage X3", "Xero", "Invoices")
        stock = get_data_object(session, name="stock")
        assert stock is not None and stock.id is not None
        assert flows_using_data_object(session, data_object_id=stock.id) == [
            "Mintsoft WMS -> Shopify: Stock",
            "Shopify -> Sage X3: Stock",
        ]
        delete_data_object(session, data_object_id=stock.id)
    assert file_refs(workshop) == ["Sage X3 -> Xero: Invoices"]


def test_the_database_cascades_even_when_rows_are_deleted_by_hand(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        add(session, "Shopify", "Sage X3", "Stock")
        add(session, "Sage X3", "Xero", "Invoices")
    with workshop.engine.begin() as connection:
        connection.execute(text("DELETE FROM data_object WHERE name = 'Stock'"))
    assert file_refs(workshop) == ["Sage X3 -> Xero: Invoices"]
    with workshop.engine.begin() as connection:
        connection.execute(text("DELETE FROM system WHERE name = 'Xero'"))
    assert file_refs(workshop) == []


# --- queries --------------------------------------------------------------------------------


@pytest.fixture
def estate(workshop: WorkshopFile) -> WorkshopFile:
    with workshop.session() as session:
        add(
            session,
            "Shopify",
            "Sage X3",
            "Sales orders",
            frequency="hourly",
            owner="Web team",
            mechanism="ipaas",
            volume_per_day=400,
            manual_hours_per_week=1,
            monitored=True,
        )
        add(
            session,
            "Sage X3",
            "Shopify",
            "Stock",
            frequency="real-time",
            owner="ops",
            mechanism="api",
            volume_per_day=9000,
            state="automated",
        )
        add(
            session,
            "Sage X3",
            "Xero",
            "Invoices",
            frequency="weekly",
            owner="Finance",
            mechanism="manual",
            volume_per_day=30,
            manual_hours_per_week=5,
        )
        add(
            session,
            "Mintsoft WMS",
            "Sage X3",
            "Stock",
            frequency="daily",
            owner="",
            mechanism="file",
            direction="two-way",
            volume_per_day=3500,
            approach="custom",
        )
        add(
            session,
            "Sage X3",
            "Power BI",
            "Invoices",
            frequency="ad-hoc",
            owner="BI 100%_team",
            mechanism="database",
            volume_per_day=0,
            approach="connector",
        )
    return workshop  # fmt: skip


def test_list_is_sorted_by_source_target_object_ignoring_case(estate: WorkshopFile) -> None:
    with estate.session() as session:
        assert refs(list_flows(session)) == [
            "Mintsoft WMS -> Sage X3: Stock",
            "Sage X3 -> Power BI: Invoices",
            "Sage X3 -> Shopify: Stock",
            "Sage X3 -> Xero: Invoices",
            "Shopify -> Sage X3: Sales orders",
        ]


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("xero", ["Sage X3 -> Xero: Invoices"]),  # a target
        ("MINTSOFT", ["Mintsoft WMS -> Sage X3: Stock"]),  # a source
        ("sales ord", ["Shopify -> Sage X3: Sales orders"]),  # a data object
        ("web TEAM", ["Shopify -> Sage X3: Sales orders"]),  # an owner
        ("real-time", ["Sage X3 -> Shopify: Stock"]),  # an enumeration
        ("two-way", ["Mintsoft WMS -> Sage X3: Stock"]),
        ("100%_", ["Sage X3 -> Power BI: Invoices"]),  # wildcards are literal
        ("%", ["Sage X3 -> Power BI: Invoices"]),
        ("nothing like it", []),
    ],
)
def test_text_filter(estate: WorkshopFile, needle: str, expected: list[str]) -> None:
    with estate.session() as session:
        assert refs(list_flows(session, text=needle)) == expected


def test_system_and_data_object_filters_combine(estate: WorkshopFile) -> None:
    with estate.session() as session:
        assert refs(list_flows(session, system="shopify")) == [
            "Sage X3 -> Shopify: Stock",
            "Shopify -> Sage X3: Sales orders",
        ]
        assert refs(list_flows(session, data_object="INVOICES")) == [
            "Sage X3 -> Power BI: Invoices",
            "Sage X3 -> Xero: Invoices",
        ]
        assert refs(list_flows(session, system="Xero", data_object="Invoices", text="fin")) == [
            "Sage X3 -> Xero: Invoices"
        ]
        assert list_flows(session, system="No such system") == []


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("source", "Mintsoft WMS -> Sage X3: Stock", "Shopify -> Sage X3: Sales orders"),
        ("target", "Sage X3 -> Power BI: Invoices", "Sage X3 -> Xero: Invoices"),
        ("data_object", "Sage X3 -> Power BI: Invoices", "Sage X3 -> Shopify: Stock"),
        # enumerations in their declared order: real-time, hourly, daily, weekly, ..., ad hoc
        ("frequency", "Sage X3 -> Shopify: Stock", "Sage X3 -> Power BI: Invoices"),
        ("mechanism", "Sage X3 -> Shopify: Stock", "Sage X3 -> Xero: Invoices"),
        # unknown answers (not recorded) come last, in name order, in both directions
        ("direction", "Mintsoft WMS -> Sage X3: Stock", "Shopify -> Sage X3: Sales orders"),
        ("state", "Sage X3 -> Shopify: Stock", "Shopify -> Sage X3: Sales orders"),
        ("approach", "Sage X3 -> Power BI: Invoices", "Shopify -> Sage X3: Sales orders"),
        ("owner", "Mintsoft WMS -> Sage X3: Stock", "Shopify -> Sage X3: Sales orders"),
        ("monitored", "Shopify -> Sage X3: Sales orders", "Sage X3 -> Xero: Invoices"),
        ("volume_per_day", "Sage X3 -> Power BI: Invoices", "Sage X3 -> Shopify: Stock"),
        ("manual_hours_per_week", "Shopify -> Sage X3: Sales orders", "Sage X3 -> Shopify: Stock"),
        ("no such column", "Mintsoft WMS -> Sage X3: Stock", "Shopify -> Sage X3: Sales orders"),
    ],
)
def test_sort_in_sql(estate: WorkshopFile, sort: str, first: str, last: str) -> None:
    with estate.session() as session:
        ascending = list_flows(session, sort=sort)
        descending = list_flows(session, sort=sort, descending=True)
    assert (ascending[0].ref, ascending[-1].ref) == (first, last)
    column = sort if sort in SORTABLE else "source"
    key = sort_value(column)

    def known(rows: list[FlowRow]) -> list[Any]:
        """The sort keys of the rows with an answer, checking the unknown ones follow them."""
        answered = [row for row in rows if getattr(row, column) is not None]
        assert rows[: len(answered)] == answered
        return [key(row) for row in answered]

    assert known(ascending) == sorted(known(ascending))
    assert known(descending) == sorted(known(ascending), reverse=True)
    # ties keep the name order in both directions
    assert set(refs(ascending)) == set(refs(descending)) and len(ascending) == 5


def sort_value(sort: str) -> Any:
    """What a column sorts by, computed in Python to check the SQL."""
    enums = {
        "frequency": Frequency,
        "mechanism": Mechanism,
        "direction": Direction,
        "state": FlowState,
        "approach": Approach,
    }
    if sort in enums:
        order = list(enums[sort])
        return lambda row: order.index(getattr(row, sort))
    if sort in ("source", "target", "data_object", "owner"):
        return lambda row: getattr(row, sort).casefold()
    return lambda row: getattr(row, sort)


def test_sortable_columns_are_flow_row_fields() -> None:
    assert set(SORTABLE) <= set(FlowRow.__dataclass_fields__)


def test_list_is_one_query(estate: WorkshopFile) -> None:
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    with estate.session() as session:
        event.listen(estate.engine, "before_cursor_execute", count)
        try:
            rows = list_flows(session, text="sage", system="Sage X3", sort="frequency")
        finally:
            event.remove(estate.engine, "before_cursor_execute", count)
    assert len(rows) == 5
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_flows_for_system_inbound_and_outbound(estate: WorkshopFile) -> None:
    with estate.session() as session:
        inbound, outbound = flows_for_system(session, name="sage x3")
        assert refs(inbound) == [
            "Mintsoft WMS -> Sage X3: Stock",
            "Shopify -> Sage X3: Sales orders",
        ]
        assert refs(outbound) == [
            "Mintsoft WMS -> Sage X3: Stock",  # two-way: data comes out of Sage X3 too
            "Sage X3 -> Power BI: Invoices",
            "Sage X3 -> Shopify: Stock",
            "Sage X3 -> Xero: Invoices",
        ]
        inbound, outbound = flows_for_system(session, name="Mintsoft WMS")
        assert refs(inbound) == refs(outbound) == ["Mintsoft WMS -> Sage X3: Stock"]
        assert flows_for_system(session, name="Xero")[1] == []
        with pytest.raises(NotFoundError):
            flows_for_system(session, name="Nope")


# --- interface matrix -----------------------------------------------------------------------


def test_interface_matrix(estate: WorkshopFile) -> None:
    with estate.session() as session:
        add(session, "Shopify", "Sage X3", "Stock")  # a second flow in one cell
        matrix = interface_matrix(session)
        everything = interface_matrix(session, include_all=True)
        ids = {row.ref: row.id for row in list_flows(session)}

    assert matrix.systems == ("Mintsoft WMS", "Power BI", "Sage X3", "Shopify", "Xero")
    assert matrix.counts == {
        ("Shopify", "Sage X3"): 2,
        ("Sage X3", "Shopify"): 1,
        ("Sage X3", "Xero"): 1,
        ("Mintsoft WMS", "Sage X3"): 1,
        ("Sage X3", "Power BI"): 1,
    }
    assert matrix.total == 6
    assert matrix.count("Shopify", "Sage X3") == 2 and matrix.count("Xero", "Shopify") == 0
    cell = matrix.cell("Shopify", "Sage X3")
    assert cell is not None
    assert cell.refs == ("Shopify -> Sage X3: Sales orders", "Shopify -> Sage X3: Stock")
    assert cell.flow_ids == tuple(ids[ref] for ref in cell.refs)
    assert matrix.flow_ids[("Sage X3", "Xero")] == (ids["Sage X3 -> Xero: Invoices"],)
    assert matrix.cells[("Mintsoft WMS", "Sage X3")].two_way == 1
    assert cell.two_way == 0
    assert everything.cells == matrix.cells
    assert everything.systems == matrix.systems  # every system takes part here


def test_interface_matrix_of_systems_without_flows(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        assert interface_matrix(session).systems == ()
        assert interface_matrix(session).total == 0
        everything = interface_matrix(session, include_all=True)
        assert everything.systems == tuple(s.name for s in list_systems(session))
        assert everything.cells == {}


def test_interface_matrix_names_with_separators_and_commas(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        create_data_object(session, data={"name": "Orders, returns; 1|2 \u00e9"})
        stock = add(session, "Shopify", "Sage X3", "Stock")  # created first: ids are not order
        orders = add(session, "Shopify", "Sage X3", "Orders, returns; 1|2 \u00e9")
        cell = interface_matrix(session).cell("Shopify", "Sage X3")
    assert cell is not None and cell.data_objects == ("Orders, returns; 1|2 \u00e9", "Stock")
    assert cell.flow_ids == (orders.id, stock.id)


# --- quick capture --------------------------------------------------------------------------


def test_plan_resolves_existing_names_and_lists_what_is_new(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        plan = plan_capture(session, source="shopify", target="sage x3", data_object="STOCK")
        assert (plan.source, plan.target, plan.data_object) == ("Shopify", "Sage X3", "Stock")
        assert not plan.creates_anything_else and not plan.exists and plan.question() == ""

        plan = plan_capture(session, source="Amazon", target="ERP", data_object="Returns")
        assert plan.new_systems == ("Amazon", "ERP") and plan.new_data_object == "Returns"
        assert plan.question() == (
            'Create the systems "Amazon" and "ERP" and the data object "Returns" for '
            "Amazon -> ERP: Returns?"
        )
        assert (
            plan_capture(session, source="Amazon", target="Xero", data_object="Invoices").question()
            == 'Create the system "Amazon" for Amazon -> Xero: Invoices?'
        )

        add(session, "Shopify", "Sage X3", "Stock")
        assert plan_capture(session, source="SHOPIFY", target="Sage x3", data_object="stock").exists
        with pytest.raises(FieldError, match="different systems"):
            plan_capture(session, source="New", target="new", data_object="x")
    assert file_refs(workshop) == ["Shopify -> Sage X3: Stock"]


def test_capture_creates_the_flow_and_missing_names_in_one_go(workshop: WorkshopFile) -> None:
    capture = parse_capture("shopify -> ERP: returns, daily via webhook by Customer service")
    with workshop.session() as session:
        result = create_flow_capture(
            session,
            source=capture.source,
            target=capture.target,
            data_object=capture.data_object,
            fields=capture.fields(),
            create_missing=True,
        )
    assert result.flow.ref == "Shopify -> ERP: returns"
    assert (result.created_systems, result.created_data_object) == (("ERP",), "returns")
    assert (result.flow.frequency, result.flow.mechanism, result.flow.owner) == (
        Frequency.DAILY,
        Mechanism.WEBHOOK,
        "Customer service",
    )
    with open_workshop(workshop.location, read_only=True) as other, other.session() as session:
        assert get_system(session, name="erp") is not None
        assert get_data_object(session, name="Returns") is not None
        assert refs(list_flows(session)) == ["Shopify -> ERP: returns"]


def test_capture_without_permission_creates_nothing(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        with pytest.raises(FieldError) as caught:
            create_flow_capture(
                session, source="Shopify", target="ERP", data_object="Stock", create_missing=False
            )
        assert (caught.value.field, str(caught.value)) == ("target", 'No system named "ERP".')
        result = create_flow_capture(
            session, source="shopify", target="xero", data_object="invoices"
        )
        assert result.flow.ref == "Shopify -> Xero: Invoices" and result.created_systems == ()
    assert file_refs(workshop) == ["Shopify -> Xero: Invoices"]


def test_a_failed_capture_leaves_no_new_system_behind(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        add(session, "Shopify", "Sage X3", "Stock")
        with pytest.raises(FieldError, match="already exists"):
            create_flow_capture(
                session, source="Shopify", target="Sage X3", data_object="Stock",
                create_missing=True,
            )  # fmt: skip
        with pytest.raises(InvalidInput):
            create_flow_capture(
                session, source="Amazon", target="Sage X3", data_object="Refunds",
                fields={"volume_per_day": -5}, create_missing=True,
            )  # fmt: skip
        with pytest.raises(InvalidInput):  # a name no system may have
            create_flow_capture(
                session, source="Amazon", target="x" * 121, data_object="Refunds",
                create_missing=True,
            )  # fmt: skip
    with open_workshop(workshop.location, read_only=True) as other, other.session() as session:
        assert get_system(session, name="Amazon") is None
        assert get_data_object(session, name="Refunds") is None
        assert [s.name for s in list_systems(session)] == sorted(SYSTEMS, key=str.casefold)
    assert file_refs(workshop) == ["Shopify -> Sage X3: Stock"]


def test_flow_dependants_name_what_a_delete_takes(workshop_at: Any) -> None:

    from storage.queries.flows import flow_dependants, list_flows
    from storage.workshop_file import open_workshop

    path = workshop_at("demo", demo=True)
    with open_workshop(path) as opened, opened.session() as session:
        flows = {row.ref: row.id for row in list_flows(session)}
        going = flow_dependants(session, flow_id=flows["Shopify -> Sage X3: Sales orders"])
        assert going.candidates == ("Order to cash",)
        assert going.checks > 0
        assert flow_dependants(session, flow_id=flows["Xero -> Power BI: Invoices"]).candidates == (
            "Finance automation",
        )


def test_several_captures_are_one_transaction_creating_each_new_name_once(
    workshop: WorkshopFile,
) -> None:
    items = [
        CaptureItem("Shopify", "ERP", "Returns", {"frequency": "daily", "notes": "ask Ana"}),
        CaptureItem("ERP", "Xero", "Returns"),
        CaptureItem("Shopify", "Xero", "Stock"),
    ]
    with workshop.session() as session:
        with pytest.raises(FieldError, match='No system named "ERP"'):
            create_flow_captures(session, items=items)
        results = create_flow_captures(session, items=items, create_missing=True)
        assert [result.flow.ref for result in results] == [
            "Shopify -> ERP: Returns",
            "ERP -> Xero: Returns",
            "Shopify -> Xero: Stock",
        ]
        assert [(r.created_systems, r.created_data_object) for r in results] == [
            (("ERP",), "Returns"),
            ((), None),
            ((), None),
        ]
        assert results[0].flow.notes == "ask Ana"
        systems, objects = capture_names(session)
        assert "ERP" in systems and "Returns" in objects
        # A flow already there refuses the whole batch: nothing of it is written.
        again = [CaptureItem("Xero", "Shopify", "Stock"), CaptureItem("ERP", "Xero", "Returns")]
        with pytest.raises(FieldError, match="already exists"):
            create_flow_captures(session, items=again, create_missing=True)
    assert file_refs(workshop) == [
        "ERP -> Xero: Returns",
        "Shopify -> ERP: Returns",
        "Shopify -> Xero: Stock",
    ]


@pytest.mark.files_only("peek reads the SQLite file with the standard library")
def test_the_first_flows_peeked_are_the_first_the_flows_query_lists(tmp_path: Path) -> None:
    """`storage.peek.peek_flows` (the standard library, before SQLAlchemy loads) reads the
    same rows, in the same order, as `list_flows` does first: the Flows screen shows them
    first and then every row without the rows on show moving."""
    from storage.demo import generated_document, write_demo
    from storage.peek import peek_flows
    from storage.workshop_file import open_workshop

    path = tmp_path / "w.seamwork"
    write_demo(path, generated_document(systems=30, data_objects=6, flows=150))
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        listed = list_flows(session)
    peeked = peek_flows(path, limit=70)
    assert peeked is not None
    rows, total = peeked
    assert total == len(listed) == 150
    assert rows == listed[:70]
    assert peek_flows(tmp_path / "missing.seamwork", limit=5) is None
    # And it reads them without loading SQLAlchemy or SQLModel (that is its point).
    script = (
        "import sys; from pathlib import Path; from storage.peek import peek_flows; "
        f"rows, total = peek_flows(Path({str(path)!r}), limit=3); assert total == 150; "
        "assert 'sqlalchemy' not in sys.modules and 'sqlmodel' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
