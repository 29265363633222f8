"""Suggesting candidates (models/processes.py): flows grouped into end-to-end processes."""

from __future__ import annotations

import subprocess
import sys

from models.processes import Suggestion, process_of, suggest_candidates
from models.scoring import CandidateData
from models.snapshot import FlowData, WorkshopData
from models.tables import FlowBase, WorkshopBase


def flow(source: str, target: str, obj: str) -> FlowData:
    return FlowData(source, target, obj, FlowBase())


def workshop(*flows: FlowData, candidates: tuple[CandidateData, ...] = ()) -> WorkshopData:
    return WorkshopData(workshop=WorkshopBase(name="W"), flows=flows, candidates=candidates)


RETAIL = (
    flow("Sage X3", "Shopify", "Stock levels"),
    flow("Shopify", "Sage X3", "Sales orders"),
    flow("Sage X3", "Xero", "Invoices"),
    flow("Sage X3", "DPD", "Shipments"),
    flow("Stripe", "Xero", "Payments"),
    flow("Akeneo", "Shopify", "Products"),
    flow("HubSpot", "Sage X3", "Customers"),
    flow("Sage X3", "Xero", "Purchase orders"),
    flow("Sage X3", "Power BI", "Dashboards"),
)


def test_order_to_cash_comes_first_with_its_flows_and_reason() -> None:
    suggestions = suggest_candidates(workshop(*RETAIL))
    assert [(s.name, s.process) for s in suggestions] == [
        ("Order to cash", "order-to-cash"),
        ("Product and stock sync", "product-and-stock"),
    ]
    o2c = suggestions[0]
    assert o2c.flows == (
        "Sage X3 -> DPD: Shipments",
        "Sage X3 -> Xero: Invoices",
        "Shopify -> Sage X3: Sales orders",
        "Stripe -> Xero: Payments",
    )
    # The data objects in process order, quoted as findings quote names.
    assert o2c.reason == (
        "These 4 flows carry \u201cSales orders\u201d, \u201cShipments\u201d, "
        "\u201cInvoices\u201d and \u201cPayments\u201d, which together take an order through "
        "delivery and invoicing to payment; scoring them as one candidate keeps the process "
        "whole."
    )
    stock = suggestions[1]
    assert stock.flows == ("Akeneo -> Shopify: Products", "Sage X3 -> Shopify: Stock levels")
    assert "\u201cProducts\u201d and \u201cStock levels\u201d" in stock.reason


def test_a_process_needs_two_flows() -> None:
    # One customer flow, one purchase flow, one dashboard: nothing to group.
    assert suggest_candidates(workshop(*RETAIL[6:])) == []
    assert suggest_candidates(workshop()) == []


def test_flows_already_in_a_candidate_are_left_out() -> None:
    taken = CandidateData(
        "Order to cash",
        phase=1,
        flows=("shopify -> sage x3: sales orders", "Sage X3 -> Xero: Invoices"),
    )
    suggestions = suggest_candidates(workshop(*RETAIL, candidates=(taken,)))
    # Shipments and payments are still free: suggested under a name not yet taken.
    assert suggestions[0] == Suggestion(
        "Order to cash 2",
        "order-to-cash",
        ("Sage X3 -> DPD: Shipments", "Stripe -> Xero: Payments"),
        suggestions[0].reason,
    )
    assert "Sales orders" not in suggestions[0].reason
    everything = CandidateData("All", flows=tuple(f.ref for f in RETAIL))
    assert suggest_candidates(workshop(*RETAIL, candidates=(everything,))) == []


def test_each_process_is_recognised() -> None:
    flows = [
        flow("A", "B", "Customer accounts"),
        flow("B", "C", "Contacts"),
        flow("A", "B", "Supplier bills"),
        flow("B", "C", "Purchase orders"),
        flow("A", "B", "Journal entries"),
        flow("B", "C", "GL postings"),
        flow("A", "B", "Credit notes"),
        flow("B", "C", "Deliveries"),
    ]
    found = {s.process: s.flows for s in suggest_candidates(workshop(*flows))}
    assert found == {
        "order-to-cash": ("A -> B: Credit notes", "B -> C: Deliveries"),
        "customer-master": ("A -> B: Customer accounts", "B -> C: Contacts"),
        "procure-to-pay": ("A -> B: Supplier bills", "B -> C: Purchase orders"),
        "record-to-report": ("A -> B: Journal entries", "B -> C: GL postings"),
    }


def test_the_most_specific_process_wins() -> None:
    def key(name: str) -> str | None:
        found = process_of(name)
        return found[0].key if found else None

    assert key("Purchase orders") == "procure-to-pay"
    assert key("Supplier invoice") == "procure-to-pay"
    assert key("Customer invoices") == "order-to-cash"
    assert key("Chart of accounts") == "record-to-report"
    assert key("Customer") == "customer-master"
    assert key("Stock in transit") == "product-and-stock"
    assert key("Dispatches") == "order-to-cash"
    # Whole words only: "Billing address" is no bill, "Reorder" no order.
    assert key("Billing address") is None
    assert key("Reorder rules") is None
    assert key("Dashboards") is None


def test_suggestions_are_deterministic() -> None:
    forward = suggest_candidates(workshop(*RETAIL))
    assert suggest_candidates(workshop(*reversed(RETAIL))) == forward


def test_scoring_and_suggestions_import_without_sqlmodel() -> None:
    """Screens import these at start-up; SQLModel takes most of a second to load."""
    script = (
        "import sys, models.processes, models.scoring; "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'pydantic') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
