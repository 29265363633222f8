"""Scenarios and checks stored in real workshop files: the library, applying it, reviewing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import col, select

from models.enums import CheckStatus
from models.scenario_library import applies_to, categories, library
from models.tables import Audit
from storage.errors import FieldError, InvalidInput, NotFoundError, ReadOnlyError
from storage.queries.data_objects import create_data_object, delete_data_object, get_data_object
from storage.queries.flows import FlowRow, create_flow, delete_flow, list_flows
from storage.queries.scenarios import (
    CheckRow,
    add_check,
    apply_library,
    check_progress,
    count_checks,
    create_scenario,
    delete_check,
    ensure_library,
    get_check,
    get_scenario,
    get_scenario_by_title,
    list_categories,
    list_checks,
    list_scenarios,
    restore_scenario,
    retire_scenario,
    scenario_check_count,
    set_check_status,
    update_check,
    update_scenario,
)
from storage.queries.systems import create_system, delete_system, get_system
from storage.workshop_file import WorkshopFile, open_workshop

SYSTEMS = ("Shopify", "Sage X3", "Mintsoft WMS", "Stripe")
OBJECTS = ("Orders", "Stock", "Payments", "Zebra feed")
FLOWS = (
    ("Shopify", "Sage X3", "Orders"),
    ("Mintsoft WMS", "Shopify", "Stock"),
    ("Stripe", "Sage X3", "Payments"),
)
LIBRARY_SIZE = len(library())


def fitting(object_name: str) -> set[str]:
    """Titles of the library scenarios that belong on a flow of `object_name`."""
    return {s.title for s in library() if applies_to(s, object_name)}


@pytest.fixture
def workshop(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("w")) as opened:
        with opened.session() as session:
            for name in SYSTEMS:
                create_system(session, data={"name": name})
            for name in OBJECTS:
                create_data_object(session, data={"name": name})
            for source, target, obj in FLOWS:
                create_flow(session, source=source, target=target, data_object=obj)
        yield opened


def flow(session: Any, ref: str) -> FlowRow:
    return next(row for row in list_flows(session) if row.ref == ref)


ORDERS = "Shopify -> Sage X3: Orders"
STOCK = "Mintsoft WMS -> Shopify: Stock"
PAYMENTS = "Stripe -> Sage X3: Payments"


def titles(rows: list[CheckRow]) -> set[str]:
    return {row.scenario for row in rows}


def audit(session: Any, entity: str = "scenario_check") -> list[Audit]:
    statement = select(Audit).where(Audit.entity == entity).order_by(col(Audit.id))
    return list(session.exec(statement).all())


# --- the library ----------------------------------------------------------------------------


def test_a_new_workshop_has_no_scenarios_until_the_library_is_ensured(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        assert list_scenarios(session) == []
        assert ensure_library(session) == LIBRARY_SIZE
        assert ensure_library(session) == 0
        rows = list_scenarios(session)
    assert len(rows) == LIBRARY_SIZE
    assert all(not row.custom and row.library_key and row.checks == 0 for row in rows)
    assert [(r.category.casefold(), r.title.casefold()) for r in rows] == sorted(
        (r.category.casefold(), r.title.casefold()) for r in rows
    )
    amended = next(row for row in rows if row.title == "Amended order")
    assert amended.data_objects == ("Sales orders",)
    assert amended.description.startswith("The customer changes")
    assert amended.fields().title == "Amended order"


def test_ensure_library_never_brings_back_renamed_or_retired_scenarios(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        own = create_scenario(session, data={"title": "DUPLICATE CUSTOMER", "category": "mine"})
        ensure_library(session)
        adopted = get_scenario(session, scenario_id=own.id)
        assert adopted.library_key == "duplicate-customer"  # the same title: that entry
        assert adopted.category == "mine"  # and the workshop's words are kept
        amended = get_scenario_by_title(session, title="amended order")
        assert amended is not None
        update_scenario(session, scenario_id=amended.id, data={"title": "Amended web order"})
        held = get_scenario_by_title(session, title="Account on hold")
        assert held is not None
        retire_scenario(session, scenario_id=held.id)
        assert ensure_library(session) == 0
        every = list_scenarios(session, include_retired=True)
    assert len(every) == LIBRARY_SIZE
    assert "Amended order" not in {row.title for row in every}


def test_categories_offer_the_library_order_then_others(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        create_scenario(session, data={"title": "Courier label fails", "category": "Logistics"})
        create_scenario(session, data={"title": "A", "category": "stock"})
        assert list_categories(session) == [*categories(), "Logistics"]
        assert categories()[:3] == ("order lifecycle", "customer", "stock")


# --- applying -------------------------------------------------------------------------------


def test_applying_the_library_twice_is_idempotent(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        created = apply_library(session)
        assert created == count_checks(session) > 0
        assert apply_library(session) == 0
        assert apply_library(session, flow_id=flow(session, ORDERS).id) == 0
        assert count_checks(session) == created
        orders = list_checks(session, flow_id=flow(session, ORDERS).id)
        stock = list_checks(session, flow_id=flow(session, STOCK).id)
    assert titles(orders) == fitting("Sales orders")  # "Orders" is a sales order
    assert "Amended order" in titles(orders) and "Late stock update" not in titles(orders)
    assert titles(stock) == fitting("Stock")
    assert "Late stock update" in titles(stock) and "Amended order" not in titles(stock)
    assert all(row.status is CheckStatus.OPEN and not row.reviewed for row in orders)
    assert created == sum(len(fitting(obj)) for _, _, obj in FLOWS)


def test_reapplying_adds_only_what_is_missing_and_keeps_answers(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        orders_id = flow(session, ORDERS).id
        first = apply_library(session, flow_id=orders_id)
        assert {row.flow for row in list_checks(session)} == {ORDERS}
        rows = list_checks(session, flow_id=orders_id)
        answered, removed = rows[0], rows[1]
        set_check_status(session, check_id=answered.id, status="handled")
        update_check(session, check_id=answered.id, note="Agreed", owner="IT")
        delete_check(session, check_id=removed.id)
        create_scenario(
            session, data={"title": "Courier label fails", "data_objects": ["Sales order"]}
        )
        assert apply_library(session, flow_id=orders_id) == 2  # the deleted one and the new one
        assert count_checks(session) == first + 1
        again = get_check(session, check_id=answered.id)
        assert (again.status, again.note, again.owner) == (CheckStatus.HANDLED, "Agreed", "IT")
        assert "Courier label fails" in titles(list_checks(session, flow_id=orders_id))
        with pytest.raises(NotFoundError):
            apply_library(session, flow_id=9999)


def test_retired_scenarios_are_not_applied_and_keep_their_checks(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        apply_library(session)
        total = count_checks(session)
        scenario = get_scenario_by_title(session, title="Duplicate record")
        assert scenario is not None and scenario.checks == len(FLOWS)  # applies to every flow
        orders_check = next(
            row
            for row in list_checks(session, flow_id=flow(session, ORDERS).id)
            if row.scenario == "Duplicate record"
        )
        update_check(session, check_id=orders_check.id, status="gap", note="No order reference")

        assert scenario_check_count(session, scenario_id=scenario.id) == len(FLOWS)
        assert retire_scenario(session, scenario_id=scenario.id) == len(FLOWS)
        assert retire_scenario(session, scenario_id=scenario.id) == len(FLOWS)  # already
        assert count_checks(session) == total  # nothing deleted
        assert "Duplicate record" not in titles(list_checks(session))
        kept = list_checks(session, include_retired=True, only_gaps=True)
        assert [(row.scenario, row.note, row.retired) for row in kept] == [
            ("Duplicate record", "No order reference", True)
        ]
        assert check_progress(session).total == total - len(FLOWS)
        assert check_progress(session).gaps == 0
        assert "Duplicate record" not in {row.title for row in list_scenarios(session)}

        create_data_object(session, data={"name": "Invoices"})
        create_flow(session, source="Sage X3", target="Stripe", data_object="Invoices")
        apply_library(session)
        invoices = flow(session, "Sage X3 -> Stripe: Invoices")
        assert "Duplicate record" not in titles(
            list_checks(session, flow_id=invoices.id, include_retired=True)
        )

        restored = restore_scenario(session, scenario_id=scenario.id)
        assert not restored.retired and restored.checks == len(FLOWS)
        assert check_progress(session).gaps == 1


def test_add_a_scenario_to_one_flow_by_hand(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        own = create_scenario(session, data={"title": "Zebra escapes", "data_objects": ["Zoo"]})
        zebra = create_flow(session, source="Shopify", target="Stripe", data_object="Zebra feed")
        apply_library(session, flow_id=zebra.id)
        assert "Zebra escapes" not in titles(list_checks(session, flow_id=zebra.id))
        row = add_check(session, flow_id=zebra.id, scenario_id=own.id)
        assert (row.flow, row.scenario, row.status) == (
            "Shopify -> Stripe: Zebra feed",
            "Zebra escapes",
            CheckStatus.OPEN,
        )
        with pytest.raises(FieldError) as caught:
            add_check(session, flow_id=zebra.id, scenario_id=own.id)
        assert str(caught.value) == 'The flow already has "Zebra escapes".'
        with pytest.raises(NotFoundError):
            add_check(session, flow_id=9999, scenario_id=own.id)
        delete_check(session, check_id=row.id)
        with pytest.raises(NotFoundError):
            get_check(session, check_id=row.id)


# --- scenarios ------------------------------------------------------------------------------


def test_create_and_update_a_scenario_of_the_workshops_own(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        row = create_scenario(
            session,
            data={
                "title": "  Courier label fails ",
                "category": "  order   lifecycle ",
                "description": "The label service is down at 4 pm.",
                "question": "Who prints labels by hand?",
                "data_objects": ["Shipment status", "shipment STATUS", " Orders "],
            },
        )
        assert row.custom and row.library_key is None and not row.retired
        assert (row.title, row.category) == ("Courier label fails", "order lifecycle")
        assert row.data_objects == ("Shipment status", "Orders")
        blank = create_scenario(session, data={"title": "Anything", "category": " "})
        assert blank.category == "other" and blank.data_objects == ()

        with pytest.raises(FieldError) as caught:
            create_scenario(session, data={"title": "COURIER LABEL FAILS"})
        assert (caught.value.field, str(caught.value)) == (
            "title",
            'A scenario titled "Courier label fails" already exists.',
        )
        with pytest.raises(InvalidInput) as invalid:
            create_scenario(session, data={"title": " "})
        assert "Title is required." in str(invalid.value)
        with pytest.raises(InvalidInput):
            create_scenario(session, data={"title": "X", "data_objects": "Orders"})

        changed = update_scenario(
            session, scenario_id=row.id, data={"question": "Who reprints them?"}
        )
        assert changed.question == "Who reprints them?"
        assert changed.description == "The label service is down at 4 pm."  # kept
        with pytest.raises(FieldError):
            update_scenario(session, scenario_id=row.id, data={"title": "anything"})
        with pytest.raises(NotFoundError):
            update_scenario(session, scenario_id=9999, data={"title": "Gone"})
        assert [entry.action for entry in audit(session, "scenario")] == [
            "create",
            "create",
            "update",
        ]


# --- reviewing ------------------------------------------------------------------------------


def test_status_changes_update_updated_at_and_are_audited(
    workshop: WorkshopFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", "2025-03-11T09:30:00+00:00")
    with workshop.session() as session:
        apply_library(session, flow_id=flow(session, ORDERS).id)
        check = list_checks(session)[0]
        assert check.updated_at == "2025-03-11T09:30:00+00:00"

        monkeypatch.setenv("SEAMWORK_NOW", "2025-03-11T10:15:00+00:00")
        row = set_check_status(session, check_id=check.id, status=CheckStatus.GAP)
        assert (row.status, row.updated_at) == (CheckStatus.GAP, "2025-03-11T10:15:00+00:00")

        monkeypatch.setenv("SEAMWORK_NOW", "2025-03-11T11:00:00+00:00")
        same = set_check_status(session, check_id=check.id, status="GAP ")  # no change
        assert same.updated_at == "2025-03-11T10:15:00+00:00"

        row = update_check(
            session, check_id=check.id, note="Amendments by email", owner="CS lead", uat=True
        )
        assert (row.note, row.owner, row.uat, row.status) == (
            "Amendments by email",
            "CS lead",
            True,
            CheckStatus.GAP,
        )
        assert row.updated_at == "2025-03-11T11:00:00+00:00"

        entries = [entry for entry in audit(session) if entry.entity_id == check.id]
        assert [entry.action for entry in entries] == ["create", "update", "update"]
        assert entries[1].name == f"{ORDERS} ({check.scenario})"
        before, after = json.loads(entries[1].before or ""), json.loads(entries[1].after or "")
        assert (before["status"], after["status"]) == ("open", "gap")
        assert after["updated_at"] == "2025-03-11T10:15:00+00:00"

        with pytest.raises(InvalidInput):
            set_check_status(session, check_id=check.id, status="sorted")
        with pytest.raises(NotFoundError):
            set_check_status(session, check_id=9999, status="gap")


def test_list_checks_filters_and_orders(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        apply_library(session)
        every = list_checks(session)
        order = [(row.flow, row.category, row.scenario.casefold()) for row in every]
        assert order == sorted(order, key=lambda k: (k[0].casefold(), k[1], k[2]))
        assert [row.flow for row in every][0] == STOCK  # Mintsoft first

        orders = list_checks(session, flow_id=flow(session, ORDERS).id)
        set_check_status(session, check_id=orders[0].id, status="gap")
        set_check_status(session, check_id=orders[1].id, status="handled")
        set_check_status(session, check_id=orders[2].id, status="accepted-risk")
        update_check(session, check_id=orders[3].id, status="not-applicable", owner="Finance")

        gaps = list_checks(session, only_gaps=True)
        assert [row.id for row in gaps] == [orders[0].id]
        open_rows = list_checks(session, only_open=True)
        assert len(open_rows) == len(every) - 4
        assert all(row.status is CheckStatus.OPEN for row in open_rows)
        attention = list_checks(session, only_open=True, only_gaps=True)
        assert len(attention) == len(open_rows) + 1
        assert [row.id for row in list_checks(session, status="handled")] == [orders[1].id]
        assert {row.id for row in list_checks(session, status=["handled", "accepted-risk"])} == {
            orders[1].id,
            orders[2].id,
        }
        assert list_checks(session, flow_id=flow(session, STOCK).id, only_gaps=True) == []
        assert [row.id for row in list_checks(session, text="finance")] == [
            row.id for row in every if row.category == "finance" or row.id == orders[3].id
        ]
        assert {row.flow for row in list_checks(session, text="mintsoft")} == {STOCK}
        assert list_checks(session, text="100%_") == []
        with pytest.raises(ValueError):
            list_checks(session, status="sorted")


def test_progress_per_flow_and_overall(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        zebra = create_flow(session, source="Shopify", target="Stripe", data_object="Zebra feed")
        apply_library(session, flow_id=flow(session, ORDERS).id)
        apply_library(session, flow_id=flow(session, STOCK).id)
        orders = list_checks(session, flow_id=flow(session, ORDERS).id)
        for row, status in zip(orders, ["gap", "gap", "handled", "not-applicable"], strict=False):
            set_check_status(session, check_id=row.id, status=status)
        progress = check_progress(session)
    by_flow = {item.flow: item for item in progress.flows}
    assert list(by_flow) == [STOCK, ORDERS, "Shopify -> Stripe: Zebra feed", PAYMENTS]
    assert (by_flow[ORDERS].total, by_flow[ORDERS].reviewed, by_flow[ORDERS].gaps) == (
        len(orders),
        4,
        2,
    )
    assert by_flow[ORDERS].open == len(orders) - 4
    assert (by_flow[STOCK].reviewed, by_flow[STOCK].gaps) == (0, 0)
    assert (by_flow[PAYMENTS].total, by_flow[PAYMENTS].reviewed) == (0, 0)  # not applied
    assert progress.for_flow(zebra.id) == by_flow["Shopify -> Stripe: Zebra feed"]
    assert progress.total == len(orders) + by_flow[STOCK].total
    assert (progress.reviewed, progress.gaps, progress.open) == (4, 2, progress.total - 4)


# --- deletions take checks with them, audited ------------------------------------------------


def test_deleting_a_flow_removes_its_checks_and_audits_them(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        apply_library(session)
        orders = flow(session, ORDERS)
        doomed = list_checks(session, flow_id=orders.id)
        kept = count_checks(session) - len(doomed)
        delete_flow(session, flow_id=orders.id)
        assert count_checks(session) == kept
        deleted = [entry for entry in audit(session) if entry.action == "delete"]
        assert sorted(entry.entity_id for entry in deleted) == sorted(row.id for row in doomed)
        assert {entry.name for entry in deleted} == {f"{ORDERS} ({row.scenario})" for row in doomed}
        assert all(json.loads(entry.before or "")["status"] == "open" for entry in deleted)
        assert len(list_scenarios(session)) == LIBRARY_SIZE  # scenarios stay


def test_deleting_a_system_or_data_object_removes_checks_audited(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        apply_library(session)
        stock_checks = len(list_checks(session, flow_id=flow(session, STOCK).id))
        payment_checks = len(list_checks(session, flow_id=flow(session, PAYMENTS).id))
        total = count_checks(session)

        stock = get_data_object(session, name="Stock")
        assert stock is not None and stock.id is not None
        delete_data_object(session, data_object_id=stock.id)
        assert count_checks(session) == total - stock_checks

        stripe = get_system(session, name="Stripe")
        assert stripe is not None and stripe.id is not None
        delete_system(session, system_id=stripe.id)
        assert count_checks(session) == total - stock_checks - payment_checks
        deleted = [entry for entry in audit(session) if entry.action == "delete"]
        assert len(deleted) == stock_checks + payment_checks
        assert {entry.name.split(" (")[0] for entry in deleted} == {STOCK, PAYMENTS}
        # nothing was left for SQLite's own cascade to remove unseen
        orphans = session.connection().execute(
            text("SELECT count(*) FROM scenario_check WHERE flow_id NOT IN (SELECT id FROM flow)")
        )
        assert orphans.scalar_one() == 0


# --- reading at scale, and read-only files ---------------------------------------------------


def test_list_checks_is_one_query_with_thousands_of_checks(fresh_at: Any) -> None:
    from storage.demo import generated_document, write_demo

    path = fresh_at("big")
    write_demo(path, generated_document(systems=40, data_objects=6, flows=300, seed=1))
    with open_workshop(path) as workshop, workshop.session() as session:
        created = apply_library(session)
    assert created >= 3000  # the scenarios for every flow, on 300 flows
    statements: list[str] = []
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        event.listen(workshop.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        rows = list_checks(session)
        gaps = list_checks(session, only_gaps=True)
        progress = check_progress(session)
    assert len(rows) == created and gaps == []
    assert progress.total == created and len(progress.flows) == 300
    selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) == 3


def test_a_read_only_workshop_refuses_review_edits(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        apply_library(session)
        check_id = list_checks(session)[0].id
    path = workshop.location
    workshop.close()
    with open_workshop(path, read_only=True) as readonly, readonly.session() as session:
        assert list_checks(session)
        with pytest.raises(ReadOnlyError):
            set_check_status(session, check_id=check_id, status="gap")
        with pytest.raises(ReadOnlyError):
            apply_library(session)
    with open_workshop(path, read_only=True) as readonly, readonly.session() as session:
        assert get_check(session, check_id=check_id).status is CheckStatus.OPEN


@pytest.mark.files_only("peek reads the SQLite file with the standard library")
def test_the_checklist_peeked_is_the_one_storage_reads(tmp_path: Path) -> None:
    """`storage.peek.peek_checklist` (the standard library, before SQLAlchemy loads) reads
    every flow's progress and the first flow's checklist as `check_progress` and
    `list_checks` do: the Scenarios screen shows it first, then storage's own read."""
    from collections import Counter

    from models.enums import CheckStatus
    from storage.demo import generated_document, write_demo
    from storage.peek import peek_checklist
    from storage.queries.scenarios import (
        apply_library,
        check_progress,
        list_checks,
        list_scenarios,
        retire_scenario,
        set_check_status,
    )
    from storage.workshop_file import open_workshop

    path = tmp_path / "w.seamwork"
    write_demo(path, generated_document(systems=20, data_objects=5, flows=60))
    with open_workshop(path) as workshop, workshop.session() as session:
        apply_library(session)
        first = check_progress(session).flows[0].flow_id
        checks = list_checks(session, flow_id=first)
        set_check_status(session, check_id=checks[0].id, status=CheckStatus.GAP)
        set_check_status(session, check_id=checks[1].id, status=CheckStatus.HANDLED)
        retire_scenario(session, scenario_id=list_scenarios(session)[-1].id)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        progress = check_progress(session)
        first = next(flow.flow_id for flow in progress.flows if flow.total)
        listed = tuple(list_checks(session, flow_id=first))
        every = list_checks(session)  # retired scenarios' checks left out, as progress does
    per_flow = Counter(check.flow_id for check in every)
    assert {flow.flow_id: flow.total for flow in progress.flows if flow.total} == per_flow
    assert len(progress.flows) == 60 and progress.total == len(every)
    peeked = peek_checklist(path)
    assert peeked is not None
    assert peeked.progress == progress and progress.gaps == 1 and progress.reviewed == 2
    assert peeked.flow_id == first
    assert peeked.checks == listed and len(listed) > 2
    assert peek_checklist(tmp_path / "missing.seamwork") is None
