"""The sample workshop: a multichannel wholesaler, for trying Seamwork, screenshots and tests.

The content is fixed data (no randomness, no clock), written through the same validated import
path users' files take, so the demo can never hold a value a form would refuse.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from models.scenario_library import applies_to, library
from models.scoring import DEFAULT_CRITERIA
from models.snapshot import flow_ref
from storage.audit import mark_step
from storage.formats.seamwork_json.document import import_json
from storage.formats.seamwork_json.keys import FORMAT
from storage.location import ServerLocation, parse_location
from storage.probe import WorkshopFileError
from storage.queries.scenarios import ensure_library
from storage.workshop_file import open_workshop

DEMO_WORKSHOP: dict[str, str] = {
    "name": "Northwind Wholesale integration workshop",
    "client": "Northwind Wholesale Ltd",
    "facilitator": "Priya Shah, Seamwork Consulting",
    "notes": (
        "Day one: map how orders, stock and invoices move between the web shop, Amazon, the "
        "warehouse and Sage X3. Order-to-cash and fulfilment first; month-end close after."
    ),
}


DEMO_SYSTEMS: tuple[dict[str, Any], ...] = (
    {
        "name": "Shopify",
        "category": "e-commerce",
        "vendor": "Shopify",
        "owner": "Head of e-commerce",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "rest",
        "criticality": 5,
        "notes": "Consumer web shop and the B2B trade portal; about 400 orders a day.",
    },
    {
        "name": "Amazon Seller Central",
        "category": "marketplace",
        "vendor": "Amazon",
        "owner": "Marketplace manager",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "rest",
        "criticality": 4,
        "notes": "UK and EU marketplaces; orders exported as CSV twice a day, keyed into Sage X3.",
    },
    {
        "name": "Sage X3",
        "category": "erp",
        "vendor": "Sage",
        "owner": "Finance director",
        "lifecycle": "live",
        "hosting": "on-premise",
        "api": "soap",
        "criticality": 5,
        "notes": "Master for customers, prices and stock valuation; version upgrade due next year.",
    },
    {
        "name": "HubSpot",
        "category": "crm",
        "vendor": "HubSpot",
        "owner": "Sales director",
        "lifecycle": "implementing",
        "hosting": "saas",
        "api": "rest",
        "criticality": 3,
        "notes": "Replacing the trade-account spreadsheets; go-live planned for the third quarter.",
    },
    {
        "name": "ShipStation",
        "category": "courier",
        "vendor": "Auctane",
        "owner": "Logistics manager",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "rest",
        "criticality": 4,
        "notes": "Labels for Royal Mail, DPD and DHL; tracking numbers copied to Shopify by hand.",
    },
    {
        "name": "Mintsoft WMS",
        "category": "warehouse",
        "vendor": "Mintsoft",
        "owner": "Warehouse manager",
        "lifecycle": "live",
        "hosting": "cloud",
        "api": "rest",
        "criticality": 5,
        "notes": "Pick, pack and despatch at the Daventry warehouse; counts stock every night.",
    },
    {
        "name": "Xero",
        "category": "finance",
        "vendor": "Xero",
        "owner": "Financial controller",
        "lifecycle": "retiring",
        "hosting": "saas",
        "api": "rest",
        "criticality": 2,
        "notes": "Ledger of the Irish subsidiary until it moves onto Sage X3 in the spring.",
    },
    {
        "name": "Stripe",
        "category": "payments",
        "vendor": "Stripe",
        "owner": "Financial controller",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "rest",
        "criticality": 4,
        "notes": "Card payments for the web shop; payouts reconciled against Sage X3 by hand.",
    },
    {
        "name": "Power BI",
        "category": "bi",
        "vendor": "Microsoft",
        "owner": "Commercial analyst",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "file",
        "criticality": 2,
        "notes": "Weekly sales and margin dashboards, fed from spreadsheet exports.",
    },
    {
        "name": "Akeneo PIM",
        "category": "pim",
        "vendor": "Akeneo",
        "owner": "Product data manager",
        "lifecycle": "planned",
        # Honest unknowns: with the contract unsigned nobody could say how it is hosted, which
        # API the plan buys or how critical it will be.
        "notes": "Chosen to own product descriptions and images; contract not yet signed.",
    },
)


# Sources of truth as agreed on day one. Sales orders have none yet: the room could not agree
# whether Shopify or Sage X3 holds the order of record (SOT-MISSING). "Stock in transit" means
# two things (DEF-CONFLICT), as in the ERP planning article.
DEMO_DATA_OBJECTS: tuple[dict[str, Any], ...] = (
    {
        "name": "Customers",
        "owner": "Sales operations",
        "source_of_truth": "Sage X3",
        "sensitivity": "personal",
        "definition": "Trade and web customers: account, contacts, addresses, credit terms.",
        "definitions": [
            {"department": "Finance", "text": "An account with credit terms in Sage X3."},
        ],
    },
    {
        "name": "Products",
        "owner": "Product data",
        "source_of_truth": "Sage X3",
        "sensitivity": "public",
        "definition": (
            "Item master: SKU, barcode, pack size, weight. Descriptions and images move to "
            "Akeneo when it goes live."
        ),
    },
    {
        "name": "Stock",
        "owner": "Operations",
        "source_of_truth": "Mintsoft WMS",
        "sensitivity": "internal",
        "definition": "Units on hand per SKU at the Daventry warehouse, after the nightly count.",
    },
    {
        "name": "Stock in transit",
        "owner": "Logistics",
        "source_of_truth": "Sage X3",
        # No sensitivity: the room could not classify what it has not yet agreed to mean.
        "definition": "Purchase-order lines shipped by the supplier and not yet booked in.",
        "definitions": [
            {
                "department": "Logistics",
                "text": (
                    "Stock shipped by the supplier but not yet received, including stock "
                    "still at sea."
                ),
            },
            {
                "department": "Sales",
                "text": "Stock at the local hub we can promise within 48 hours.",
            },
        ],
    },
    {
        "name": "Prices",
        "owner": "Commercial",
        "source_of_truth": "Sage X3",
        "sensitivity": "confidential",
        "definition": "Retail price list and trade price bands per customer group.",
    },
    {
        "name": "Sales orders",
        "owner": "Customer service",
        "sensitivity": "personal",
        "definition": "Orders from every channel, with delivery name and address.",
    },
    {
        "name": "Invoices",
        "owner": "Finance",
        "source_of_truth": "Sage X3",
        "sensitivity": "financial",
        "definition": "Sales invoices and credit notes, UK and Irish entities.",
    },
    {
        "name": "Shipment status",
        "owner": "Logistics",
        "source_of_truth": "ShipStation",
        "sensitivity": "internal",
        "definition": "Despatched, in transit, delivered or failed, with the tracking number.",
    },
    {
        "name": "Payments",
        "owner": "Finance",
        "source_of_truth": "Stripe",
        "sensitivity": "financial",
        "definition": "Card payments, refunds and the daily payouts that settle them.",
    },
)


def _flow(source: str, target: str, data_object: str, **fields: Any) -> dict[str, Any]:
    """A flow as the room described it: one-way, unmonitored and with no manual work unless it
    said otherwise; a field given as None is one the room could not answer (left out)."""
    said = {"direction": "one-way", "monitored": False, "manual_hours_per_week": 0, **fields}
    answered = {key: value for key, value in said.items() if value is not None}
    return {"source": source, "target": target, "data_object": data_object, **answered}


# Findings a first-time user sees: exactly one SOT-CONFLICT (finance keys stock adjustments
# into the WMS, which owns stock), one DEF-CONFLICT ("Stock in transit"), one SOT-MISSING
# (sales orders), a few flows without an owner or an error plan, and one personal-data flow
# whose access nobody has reviewed (customers into HubSpot).
DEMO_FLOWS: tuple[dict[str, Any], ...] = (
    _flow(
        "Shopify", "Sage X3", "Sales orders",
        frequency="hourly", mechanism="ipaas", state="partial", approach="ipaas",
        owner="E-commerce manager",
        error_handling="Failed orders wait in the connector's error queue; checked at 9 am.",
        security="Connector user limited to orders and customers; addresses masked in logs.",
        monitored=True, volume_per_day=400, manual_hours_per_week=3,
        notes="Amended and cancelled web orders are still emailed to customer service.",
    ),
    _flow(
        "Amazon Seller Central", "Sage X3", "Sales orders",
        frequency="daily", mechanism="manual", state="manual", approach="connector",
        owner="Marketplace manager",
        error_handling="Order count checked against Seller Central before the afternoon pick.",
        security="CSV exports kept on the restricted marketplace share, deleted after keying.",
        volume_per_day=120, manual_hours_per_week=15,
        notes="CSV downloaded twice a day and keyed in; the biggest manual cost in the room.",
    ),
    _flow(
        "Sage X3", "Mintsoft WMS", "Sales orders",
        frequency="hourly", mechanism="file", state="automated", approach="custom",
        owner="IT manager",
        error_handling="Rejected lines are emailed to the warehouse supervisor and resent.",
        security="SFTP with key authentication; files removed after pickup.",
        monitored=True, volume_per_day=520,
    ),
    _flow(
        "Mintsoft WMS", "ShipStation", "Sales orders",
        frequency="real-time", mechanism="api", state="automated", approach="connector",
        owner="Logistics manager",
        security="Native connector; the API key is held by the logistics manager.",
        volume_per_day=520,
        notes="Split deliveries create a second shipment by hand.",
    ),
    _flow(
        "ShipStation", "Shopify", "Shipment status",
        frequency="daily", mechanism="manual", state="manual", approach="undecided",
        owner="Customer service lead",
        error_handling="Despatched orders compared with Shopify at 4 pm.",
        volume_per_day=400, manual_hours_per_week=8,
        notes="Tracking numbers copied by hand; customers chase when it is late.",
    ),
    _flow(
        "ShipStation", "Amazon Seller Central", "Shipment status",
        frequency="daily", mechanism="file", state="partial", approach="connector",
        owner="Marketplace manager",
        error_handling="Amazon's upload report is checked for rejected tracking numbers.",
        volume_per_day=120, manual_hours_per_week=2,
    ),
    _flow(
        "ShipStation", "Sage X3", "Shipment status",
        frequency="daily", mechanism="file", state="partial", approach="custom",
        error_handling="Failed despatch files show in the nightly job log.",
        volume_per_day=520, manual_hours_per_week=None, monitored=None,
        notes="Despatch confirmation triggers the invoice; nobody has claimed this flow, so "
        "nobody could say how much hand work it takes or whether anyone watches it.",
    ),
    _flow(
        "ShipStation", "HubSpot", "Shipment status",
        frequency="real-time", mechanism="webhook", state="planned", approach="ipaas",
        owner="Sales director",
        notes="So account managers can answer where-is-my-order calls.",
    ),
    _flow(
        "Mintsoft WMS", "Sage X3", "Stock",
        frequency="daily", mechanism="file", state="automated", approach="custom",
        owner="Warehouse manager",
        error_handling="Variances over 2% are held for the stock controller to approve.",
        monitored=True, volume_per_day=3500,
    ),
    _flow(
        "Mintsoft WMS", "Shopify", "Stock",
        frequency="hourly", mechanism="api", state="automated", approach="connector",
        owner="E-commerce manager",
        error_handling="The connector retries three times, then alerts the e-commerce inbox.",
        monitored=True, volume_per_day=8000,
    ),
    _flow(
        "Mintsoft WMS", "Amazon Seller Central", "Stock",
        frequency="daily", mechanism="file", state="partial", approach="ipaas",
        owner="Marketplace manager",
        error_handling="Amazon's inventory upload report is checked each morning.",
        volume_per_day=1200, manual_hours_per_week=2,
        notes="Overnight only: Amazon oversells fast movers by lunchtime.",
    ),
    _flow(
        "Sage X3", "Mintsoft WMS", "Stock",
        frequency="weekly", mechanism="manual", state="manual", approach="undecided",
        owner="Financial controller",
        error_handling="The stock controller reconciles both counts at month end.",
        volume_per_day=40, manual_hours_per_week=3,
        notes="Write-offs and adjustments keyed in Sage X3 by finance, then re-keyed in the WMS.",
    ),
    _flow(
        "Sage X3", "Shopify", "Stock in transit",
        frequency="daily", mechanism="file", state="partial", approach="custom",
        owner="Head of e-commerce",
        error_handling="A missing file raises an alert in the e-commerce inbox.",
        volume_per_day=300, manual_hours_per_week=1,
        notes="Drives the due-in dates on product pages.",
    ),
    _flow(
        "Sage X3", "Shopify", "Prices",
        frequency="daily", mechanism="file", state="partial", approach="custom",
        owner="Commercial manager",
        error_handling="Price changes over 20% are held for approval before upload.",
        volume_per_day=150, manual_hours_per_week=2,
    ),
    _flow(
        "Sage X3", "Amazon Seller Central", "Prices",
        frequency="weekly", mechanism="manual", state="manual", approach="undecided",
        owner="Marketplace manager",
        error_handling="Buy-box report reviewed on Mondays for prices out of line.",
        volume_per_day=60, manual_hours_per_week=4,
    ),
    _flow(
        "Sage X3", "Akeneo PIM", "Products",
        frequency="daily", mechanism="api", state="planned", approach="connector",
        owner="Product data manager",
        volume_per_day=50,
        notes="New SKUs start in Sage X3; Akeneo adds descriptions and images.",
    ),
    _flow(
        "Akeneo PIM", "Shopify", "Products",
        frequency=None, mechanism="api", state="planned", approach="connector",
        error_handling="Products missing required attributes are not published.",
        volume_per_day=None, manual_hours_per_week=None, monitored=None,
    ),
    _flow(
        "Sage X3", "HubSpot", "Customers",
        frequency="daily", mechanism="ipaas", state="planned", approach="ipaas",
        owner="Sales director",
        error_handling="Possible duplicates are flagged for the credit controller, never merged.",
        volume_per_day=60,
        notes="Credit status and account manager, so sales see account holds.",
    ),
    _flow(
        "Shopify", "HubSpot", "Customers",
        direction="two-way", frequency="real-time", mechanism="api", state="planned",
        approach="connector", owner="Head of e-commerce",
        error_handling="Sync errors reviewed weekly in HubSpot's sync health view.",
        security="Only contacts who opted in to marketing sync; consent travels with them.",
        volume_per_day=80,
    ),
    _flow(
        "Sage X3", "Xero", "Invoices",
        frequency="weekly", mechanism="manual", state="manual", approach="undecided",
        owner="Financial controller",
        error_handling="Month-end intercompany reconciliation catches missing invoices.",
        security="Only finance staff hold Xero logins; exports stay on the finance share.",
        volume_per_day=30, manual_hours_per_week=5,
        notes="Irish-customer invoices re-keyed until the Irish ledger moves to Sage X3.",
    ),
    _flow(
        "Stripe", "Sage X3", "Payments",
        frequency="daily", mechanism="file", state="partial", approach="custom",
        owner="Financial controller",
        error_handling="Unmatched payouts are listed for the credit controller every morning.",
        security="Payout report only; no card data leaves Stripe.",
        monitored=True, volume_per_day=400, manual_hours_per_week=6,
    ),
    _flow(
        "Stripe", "Xero", "Payments",
        frequency="weekly", mechanism="manual", state="manual", approach="undecided",
        owner="Financial controller",
        error_handling="Bank reconciliation in Xero shows anything missed.",
        security="Payout summaries only; finance staff only.",
        volume_per_day=20, manual_hours_per_week=1.5,
    ),
    _flow(
        "Sage X3", "Power BI", "Invoices",
        frequency="weekly", mechanism="file", state="partial", approach="custom",
        owner="Commercial analyst",
        security="Read-only reporting user; dashboards shared with the board only.",
        volume_per_day=600, manual_hours_per_week=3,
        notes="Margin by channel; spreadsheet exports cleaned by hand every Monday.",
    ),
    _flow(
        "Xero", "Power BI", "Invoices",
        frequency="weekly", mechanism="file", state="manual", approach="undecided",
        owner="Commercial analyst",
        error_handling="Totals checked against the Xero aged-debtors report before publishing.",
        security="Exported by finance; the analyst receives totals per customer group only.",
        volume_per_day=20, manual_hours_per_week=1,
    ),
)  # fmt: skip


# The scenario library was applied on day one to the order and stock flows: the flows carrying
# these data objects. Most checks are still open; the room walked the web-order flow first.
DEMO_CHECKLIST_OBJECTS: frozenset[str] = frozenset(
    {"Sales orders", "Stock", "Stock in transit", "Shipment status"}
)
DEMO_APPLIED_AT = "2025-03-11T09:30:00+00:00"

WEB_ORDERS = flow_ref("Shopify", "Sage X3", "Sales orders")
AMAZON_ORDERS = flow_ref("Amazon Seller Central", "Sage X3", "Sales orders")
TO_COURIER = flow_ref("Mintsoft WMS", "ShipStation", "Sales orders")
TO_WAREHOUSE = flow_ref("Sage X3", "Mintsoft WMS", "Sales orders")
WEB_STOCK = flow_ref("Mintsoft WMS", "Shopify", "Stock")
AMAZON_STOCK = flow_ref("Mintsoft WMS", "Amazon Seller Central", "Stock")


def _answer(status: str, owner: str, note: str, at: str, *, uat: bool = False) -> dict[str, Any]:
    return {"status": status, "note": note, "owner": owner, "uat": uat, "updated_at": at}


# What the room said, by (flow, scenario title): a realistic mix of handled checks with their
# handling and owner, three gaps (SCENARIO-GAP), one risk accepted with its reason, and a few
# scenarios that do not apply. Every other check on those flows is still open.
DEMO_ANSWERS: dict[tuple[str, str], dict[str, Any]] = {
    (WEB_ORDERS, "Amended order"): _answer(
        "gap", "Customer service lead",
        "The connector only sends new orders; amendments made after the hourly export are "
        "emailed to customer service and re-keyed in Sage X3. Decide where amendments are made.",
        "2025-03-11T10:05:00+00:00",
    ),
    (WEB_ORDERS, "Cancelled order"): _answer(
        "handled", "E-commerce manager",
        "A cancellation in Shopify sends a cancel call to Sage X3; orders already released to "
        "the warehouse are stopped with a Mintsoft hold before the 2 pm pick.",
        "2025-03-11T10:09:00+00:00", uat=True,
    ),
    (WEB_ORDERS, "Account on hold"): _answer(
        "handled", "Credit controller",
        "Accounts on stop in Sage X3 are tagged \u201con hold\u201d in Shopify overnight; the "
        "trade portal blocks checkout for tagged customers.",
        "2025-03-11T10:14:00+00:00", uat=True,
    ),
    (WEB_ORDERS, "Foreign currency order"): _answer(
        "not-applicable", "Head of e-commerce",
        "The web shop sells in sterling only; euro orders come through Amazon.",
        "2025-03-11T10:16:00+00:00",
    ),
    (WEB_ORDERS, "Intercompany transaction"): _answer(
        "not-applicable", "Financial controller",
        "Web orders are all sold by the UK company; the Irish subsidiary invoices from Xero.",
        "2025-03-11T10:17:00+00:00",
    ),
    (WEB_ORDERS, "Duplicate record"): _answer(
        "handled", "IT manager",
        "The Shopify order number travels as the customer order reference and Sage X3 refuses "
        "a reference it already holds.",
        "2025-03-11T10:21:00+00:00", uat=True,
    ),
    (WEB_ORDERS, "Failed validation"): _answer(
        "handled", "E-commerce manager",
        "Rejected orders wait in the connector's error queue, checked at 9 am and 2 pm; fixed "
        "in Shopify and resent from the queue.",
        "2025-03-11T10:24:00+00:00",
    ),
    (WEB_ORDERS, "Target system down"): _answer(
        "handled", "IT manager",
        "The connector holds orders for up to 72 hours while Sage X3 is down; upgrade windows "
        "are on Sunday nights and announced to customer service.",
        "2025-03-11T10:27:00+00:00",
    ),
    (WEB_ORDERS, "Rate limit reached"): _answer(
        "accepted-risk", "IT manager",
        "Orders go in hourly batches of at most 250. Only Black Friday volumes reach the API "
        "limit, and the business accepts a two-hour delay into Sage X3 on those days.",
        "2025-03-11T10:31:00+00:00",
    ),
    (WEB_ORDERS, "Personal data request"): _answer(
        "handled", "Data protection lead",
        "Customer service works through one erasure checklist for Shopify, Sage X3 and HubSpot; "
        "Sage X3 keeps invoice details for six years, as the law requires.",
        "2025-03-11T10:36:00+00:00",
    ),
    (TO_WAREHOUSE, "Credit limit exceeded"): _answer(
        "handled", "Credit controller",
        "Orders over the limit stay on credit hold in Sage X3 and leave in the hourly file only "
        "once the credit controller releases them.",
        "2025-03-11T11:02:00+00:00",
    ),
    (TO_COURIER, "Split delivery"): _answer(
        "gap", "Logistics manager",
        "ShipStation makes one shipment per order; the second parcel of a split delivery is "
        "created by hand and its tracking number never reaches Shopify or Amazon.",
        "2025-03-11T11:10:00+00:00",
    ),
    (TO_COURIER, "Customer-specific price"): _answer(
        "not-applicable", "Logistics manager",
        "ShipStation receives no prices; customs values come from the commercial invoice.",
        "2025-03-11T11:12:00+00:00",
    ),
    (WEB_STOCK, "Negative stock"): _answer(
        "handled", "Warehouse manager",
        "Mintsoft sends zero rather than a negative figure, and lists negative stock on the "
        "stock controller's daily exception report.",
        "2025-03-11T11:40:00+00:00",
    ),
    (WEB_STOCK, "Timeout and retry"): _answer(
        "handled", "E-commerce manager",
        "Three retries five minutes apart, then an alert to the e-commerce inbox; updates carry "
        "the full quantity, so a repeated one does no harm.",
        "2025-03-11T11:44:00+00:00", uat=True,
    ),
    (AMAZON_STOCK, "Late stock update"): _answer(
        "gap", "Marketplace manager",
        "Amazon hears about stock once a night, so fast movers oversell by lunchtime. No safety "
        "buffer has been agreed.",
        "2025-03-11T11:52:00+00:00",
    ),
}  # fmt: skip


# --- priorities -----------------------------------------------------------------------------

# The default criteria, with the weights the room agreed: order-to-cash and the manual effort
# it removes count most; readiness matters a little more here, with HubSpot and Akeneo not live.
DEMO_WEIGHTS: dict[str, int] = {
    "Operational impact": 5,
    "Closeness to revenue, fulfilment or financial control": 5,
    "Manual effort removed": 4,
    "Error and risk reduction": 3,
    "Dependency readiness": 3,
    "Effort and complexity": 3,
}


def demo_criteria() -> list[dict[str, Any]]:
    """`DEFAULT_CRITERIA` in their order, with the demo's weights."""
    return [
        {
            "name": criterion.name,
            "weight": DEMO_WEIGHTS[criterion.name],
            "kind": criterion.kind.value,
            "wsjf_part": criterion.wsjf_part.value,
            "description": criterion.description,
        }
        for criterion in DEFAULT_CRITERIA
    ]


OPERATIONAL, REVENUE, MANUAL, RISK, READINESS, EFFORT = (c.name for c in DEFAULT_CRITERIA)


def _candidate(
    name: str,
    phase: int | None,
    flows: list[str],
    scores: tuple[int, int, int, int, int, int],
    description: str,
    notes: str = "",
    rationales: dict[str, str] | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": name,
        "description": description,
        "phase": phase,
        "notes": notes,
        "flows": flows,
        "scores": dict(zip((c.name for c in DEFAULT_CRITERIA), scores, strict=True)),
    }
    if rationales:
        entry["rationales"] = rationales
    return entry


# Six candidates in three phases, and returns left unphased until its flows are mapped. Every
# candidate is scored on every criterion; the rationales record the arguments that carried.
DEMO_CANDIDATES: tuple[dict[str, Any], ...] = (
    _candidate(
        "Order to cash", 1,
        [
            WEB_ORDERS, TO_WAREHOUSE, TO_COURIER,
            flow_ref("ShipStation", "Shopify", "Shipment status"),
            flow_ref("ShipStation", "Sage X3", "Shipment status"),
            flow_ref("Stripe", "Sage X3", "Payments"),
        ],
        (5, 5, 4, 4, 4, 3),
        "Web orders into Sage X3, out to the warehouse and the courier, tracking back to the "
        "customer, despatch to invoice, and card payouts matched to the invoices.",
        "The web-order flow has been walked; the courier and despatch flows are next.",
        {
            OPERATIONAL: "Every web order and every invoice passes through these flows.",
            READINESS: "All six systems are live and the connector is already in place.",
        },
    ),
    _candidate(
        "Marketplace orders", 2,
        [
            flow_ref("Amazon Seller Central", "Sage X3", "Sales orders"),
            flow_ref("ShipStation", "Amazon Seller Central", "Shipment status"),
            flow_ref("Sage X3", "Amazon Seller Central", "Prices"),
        ],
        (4, 4, 5, 3, 3, 3),
        "Amazon orders straight into Sage X3, with tracking and prices back to Seller Central.",
        rationales={MANUAL: "Fifteen hours a week of keying Amazon CSVs into Sage X3."},
    ),
    _candidate(
        "Product and stock sync", 2,
        [
            flow_ref("Sage X3", "Akeneo PIM", "Products"),
            flow_ref("Akeneo PIM", "Shopify", "Products"),
            WEB_STOCK, AMAZON_STOCK,
            flow_ref("Sage X3", "Shopify", "Prices"),
            flow_ref("Sage X3", "Shopify", "Stock in transit"),
        ],
        (4, 3, 3, 4, 2, 4),
        "One product record from Sage X3 through Akeneo, and stock and prices on every channel "
        "within the hour.",
        "Waits for the Akeneo contract.",
        {READINESS: "Akeneo is chosen but not signed, so this cannot start before phase two."},
    ),
    _candidate(
        "Customer master alignment", 3,
        [
            flow_ref("Sage X3", "HubSpot", "Customers"),
            flow_ref("Shopify", "HubSpot", "Customers"),
            flow_ref("ShipStation", "HubSpot", "Shipment status"),
        ],
        (3, 2, 2, 3, 2, 3),
        "Trade accounts, credit status and delivery news in HubSpot for the account managers.",
        "Starts once HubSpot is live in the third quarter.",
    ),
    _candidate(
        "Finance automation", 3,
        [
            flow_ref("Sage X3", "Xero", "Invoices"),
            flow_ref("Stripe", "Xero", "Payments"),
            flow_ref("Sage X3", "Power BI", "Invoices"),
            flow_ref("Xero", "Power BI", "Invoices"),
        ],
        (2, 4, 3, 3, 3, 2),
        "Intercompany invoices and payouts without re-keying, and margin reporting fed "
        "directly.",
        "Much of it goes away when the Irish ledger moves to Sage X3.",
    ),
    _candidate(
        "Returns", None,
        [flow_ref("Sage X3", "Mintsoft WMS", "Stock")],
        (3, 3, 2, 3, 2, 3),
        "Credit notes and restocking for returned goods, web and Amazon.",
        "Only the stock write-back is mapped; walk the returns process in session two.",
    ),
)  # fmt: skip


# What success looks like, with today's figures. Each phase moves at least one KPI; the
# customer flows into HubSpot move none yet (FLOW-NO-KPI asks whether they are a priority).
DEMO_KPIS: tuple[dict[str, Any], ...] = (
    {
        "name": "Manual order entry",
        "unit": "hours/week",
        "baseline": 30,
        "target": 5,
        "owner": "Customer service lead",
        "description": "Hours spent keying, amending and checking orders by hand.",
        "candidates": ["Order to cash", "Marketplace orders"],
        "data_objects": ["Sales orders"],
    },
    {
        "name": "Order error rate",
        "unit": "%",
        "baseline": 4.5,
        "target": 1,
        "owner": "Customer service lead",
        "description": "Orders needing a correction after entry: wrong item, price or address.",
        "candidates": ["Order to cash"],
        "data_objects": ["Sales orders"],
    },
    {
        "name": "Dispatch time",
        "unit": "hours",
        "baseline": 30,
        "target": 12,
        "owner": "Logistics manager",
        "description": "From order placed to parcel handed to the courier.",
        "candidates": ["Order to cash"],
        "data_objects": ["Shipment status"],
    },
    {
        "name": "Days to invoice",
        "unit": "days",
        "baseline": 4,
        "target": 1,
        "owner": "Financial controller",
        "description": "From despatch to the invoice reaching the customer.",
        "candidates": ["Order to cash", "Finance automation"],
        "data_objects": ["Invoices"],
    },
    {
        "name": "Stock accuracy",
        "unit": "%",
        "baseline": 92,
        "target": 99.5,
        "owner": "Warehouse manager",
        "description": "SKUs whose channel stock matches the warehouse count at 9 am.",
        "candidates": ["Product and stock sync"],
        "data_objects": ["Stock"],
    },
)


def _person(name: str, role: str, present: bool | None, organisation: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": name,
        "role": role,
        "organisation": organisation or "Northwind Wholesale",
    }
    if present is not None:  # not recorded: left out, as a room that has not said
        entry["present"] = present
    return entry


# Two sessions a week apart: who came (and who sent apologies, and one nobody recorded), the
# agenda with its time boxes, and the minutes. The day-one action on Mintsoft's API limits is
# still open after its due date (ACTION-OVERDUE, and carried into day two), the Amazon export
# was sent, the Sage X3 upgrade window is not due yet; one question was answered, two are
# still parked (PARKED-OPEN).
DEMO_SESSIONS: tuple[dict[str, Any], ...] = (
    {
        "date": "2025-03-11",
        "title": "Day one: order to cash and stock",
        "attendees": [
            _person("Priya Shah", "Facilitator", True, "Seamwork Consulting"),
            _person("Helen Marsh", "Finance director", True),
            _person("Tom Reyes", "Head of e-commerce", True),
            _person("Aisha Khan", "Warehouse manager", False),
            _person("Gareth Lloyd", "IT manager", None),
        ],
        "agenda": [
            {"title": "Systems inventory", "minutes": 30},
            {"title": "Order-to-cash flows", "minutes": 45},
            {"title": "Exception scenarios on the order flows", "minutes": 60},
            {"title": "Wrap-up and actions"},
        ],
        "decisions": [
            {
                "text": "Order amendments are made in Sage X3 only, never in Shopify.",
                "by": "Tom Reyes",
                "concerns": [{"flow": WEB_ORDERS}],
            },
            {
                "text": "Mintsoft WMS owns units on hand; Sage X3 keeps stock valuation.",
                "by": "Helen Marsh",
                "concerns": [{"data_object": "Stock"}, {"system": "Mintsoft WMS"}],
            },
        ],
        "actions": [
            {
                "text": "Send the Mintsoft WMS API rate limits to the IT team",
                "owner": "Gareth Lloyd",
                "due": "2025-03-14",
                "done": False,
                "concerns": [{"system": "Mintsoft WMS"}, {"flow": WEB_STOCK}],
            },
            {
                "text": "Share last month's re-keyed Amazon orders with the room",
                "owner": "Tom Reyes",
                "due": "2025-03-17",
                "done": True,
                "concerns": [{"flow": AMAZON_ORDERS}],
            },
        ],
        "parking_lot": [
            {
                "text": "Do we keep Power BI once Xero reporting is live?",
                "answered": False,
                "concerns": [{"system": "Power BI"}],
            },
            {
                "text": "Who approves a credit limit change on a trade account?",
                "answered": True,
                "concerns": [{"data_object": "Customers"}],
            },
        ],
    },
    {
        "date": "2025-03-18",
        "title": "Day two: priorities and roadmap",
        "attendees": [
            _person("Priya Shah", "Facilitator", True, "Seamwork Consulting"),
            _person("Helen Marsh", "Finance director", True),
            _person("Aisha Khan", "Warehouse manager", True),
            _person("Tom Reyes", "Head of e-commerce", False),
            _person("Sam Lee", "Financial controller", None),
        ],
        "agenda": [
            {"title": "Actions from day one", "minutes": 15},
            {"title": "Score the candidates", "minutes": 60},
            {"title": "Phase the roadmap", "minutes": 45},
            {"title": "KPIs and baselines", "minutes": 30},
        ],
        "decisions": [
            {
                "text": "Order to cash is phase 1; marketplace orders and stock sync follow "
                "in phase 2.",
                "by": "Helen Marsh",
                "concerns": [{"candidate": "Order to cash"}, {"candidate": "Marketplace orders"}],
            },
        ],
        "actions": [
            {
                "text": "Confirm the Sage X3 version upgrade window with the Sage partner",
                "owner": "Sam Lee",
                "due": "2027-01-29",
                "done": False,
                "concerns": [{"system": "Sage X3"}, {"candidate": "Finance automation"}],
            },
            {
                "text": "Time a week of dispatches to confirm the 30-hour baseline",
                "owner": "Aisha Khan",
                "done": False,
                "concerns": [{"kpi": "Dispatch time"}],
            },
        ],
        "parking_lot": [
            {
                "text": "Should returns be phased at all this year?",
                "answered": False,
                "concerns": [{"candidate": "Returns"}],
            },
        ],
    },
)


def _scenario_entries() -> list[dict[str, Any]]:
    return [
        {
            "title": scenario.title,
            "category": scenario.category,
            "description": scenario.description,
            "question": scenario.question,
            "data_objects": list(scenario.data_objects),
        }
        for scenario in library()
    ]


def demo_checks() -> list[dict[str, Any]]:
    """The library applied to the demo's order and stock flows, with the room's answers."""
    checks = []
    used: set[tuple[str, str]] = set()
    for flow in DEMO_FLOWS:
        if flow["data_object"] not in DEMO_CHECKLIST_OBJECTS:
            continue
        ref = flow_ref(flow["source"], flow["target"], flow["data_object"])
        for scenario in library():
            if not applies_to(scenario, flow["data_object"]):
                continue
            answer = DEMO_ANSWERS.get((ref, scenario.title))
            if answer is None:
                answer = _answer("open", "", "", DEMO_APPLIED_AT)
            else:
                used.add((ref, scenario.title))
            checks.append({"flow": ref, "scenario": scenario.title, **answer})
    unused = set(DEMO_ANSWERS) - used
    if unused:  # an answer for a check the library no longer creates: fix the demo
        raise ValueError(f"Demo answers for checks that do not exist: {sorted(unused)}")
    return checks


def demo_document() -> dict[str, Any]:
    """The demo as a `seamwork/1` document (a fresh copy each call)."""
    return json.loads(
        json.dumps(
            {
                "format": FORMAT,
                "workshop": DEMO_WORKSHOP,
                "systems": list(DEMO_SYSTEMS),
                "data_objects": list(DEMO_DATA_OBJECTS),
                "flows": list(DEMO_FLOWS),
                "scenarios": _scenario_entries(),
                "checks": demo_checks(),
                "criteria": demo_criteria(),
                "candidates": list(DEMO_CANDIDATES),
                "kpis": list(DEMO_KPIS),
                "sessions": list(DEMO_SESSIONS),
            }
        )
    )


def generated_document(
    *,
    systems: int = 500,
    data_objects: int = 50,
    flows: int = 5000,
    candidates: int = 0,
    criteria: int = 0,
    seed: int = 0,
) -> dict[str, Any]:
    """A large synthetic workshop for benchmarks: the same document for the same arguments.

    Flows join distinct systems, are unique, and carry a mix of values (some without an owner
    or error handling, so findings have work to do). `criteria` (the last two costs) and
    `candidates` of 5 flows each, every score given, when asked for (issue 15's "L": 10 x 200).
    """
    if systems < 2 or data_objects < 1 or flows > systems * (systems - 1) * data_objects:
        raise ValueError("Too few systems or data objects for that many distinct flows.")
    rng = random.Random(seed)
    system_names = [f"System {index:04d}" for index in range(systems)]
    object_names = [f"Data object {index:03d}" for index in range(data_objects)]
    choices = {
        "frequency": ["real-time", "hourly", "daily", "weekly", "on-demand", "ad-hoc"],
        "mechanism": ["api", "webhook", "file", "ipaas", "database", "email", "manual"],
        "state": ["manual", "partial", "automated", "planned"],
        "approach": ["connector", "custom", "ipaas", "undecided"],
        "owner": ["", "IT", "Operations", "Finance", "E-commerce"],
        "error_handling": ["", "Alert and retry", "Checked daily"],
    }
    seen: set[tuple[int, int, int]] = set()
    flow_list: list[dict[str, Any]] = []
    while len(flow_list) < flows:
        source, target = rng.sample(range(systems), 2)
        data_object = rng.randrange(data_objects)
        if (source, target, data_object) in seen:
            continue
        seen.add((source, target, data_object))
        flow_list.append(
            {
                "source": system_names[source],
                "target": system_names[target],
                "data_object": object_names[data_object],
                **{key: rng.choice(values) for key, values in choices.items()},
                "volume_per_day": rng.randrange(0, 10_000),
                "manual_hours_per_week": rng.randrange(0, 40),
            }
        )
    return {
        "format": FORMAT,
        "workshop": {"name": f"Generated workshop ({systems} systems, {flows} flows)"},
        "systems": [
            {"name": name, "category": rng.choice(["erp", "crm", "e-commerce", "finance"])}
            for name in system_names
        ],
        "data_objects": [
            {
                "name": name,
                "source_of_truth": rng.choice([None, *system_names[:20]]),
                "sensitivity": rng.choice(["internal", "personal", "financial"]),
            }
            for name in object_names
        ],
        "flows": flow_list,
        **_generated_priorities(flow_list, candidates, criteria),
    }


def _generated_priorities(
    flows: list[dict[str, Any]], candidates: int, criteria: int
) -> dict[str, Any]:
    if not candidates and not criteria:
        return {}
    rng = random.Random(1)
    refs = [f"{f['source']} -> {f['target']}: {f['data_object']}" for f in flows]
    criterion_list = [
        {"name": f"Criterion {i:02d}", "weight": rng.randint(1, 5),
         "kind": "cost" if i >= criteria - 2 else "benefit"}
        for i in range(criteria)
    ]  # fmt: skip
    return {
        "criteria": criterion_list,
        "candidates": [
            {
                "name": f"Candidate {i:03d}",
                "flows": rng.sample(refs, min(5, len(refs))),
                "scores": {c["name"]: rng.randint(1, 5) for c in criterion_list},
            }
            for i in range(candidates)
        ],
    }


def _demo_on_server(location: ServerLocation, document: dict[str, Any] | None) -> Path:
    """The demo as a new workshop on a server (an existing one is never touched)."""
    from storage.server import drop_workshop

    workshop = open_workshop(location, create=True)
    try:
        if not workshop.created:
            raise WorkshopFileError(f"{location} already exists; the demo is only written anew.")
        with workshop.session() as session:
            mark_step(session, kind="auto", label="write the demo workshop")
            import_json(session, json.dumps(demo_document() if document is None else document))
            if document is None:
                ensure_library(session)
    except BaseException:
        workshop.close()
        if workshop.created:
            drop_workshop(location)
        raise
    workshop.close()
    return workshop.path


def write_demo(
    path: str | os.PathLike[str] | ServerLocation, document: dict[str, Any] | None = None
) -> Path:
    """Write the demo workshop to a new file at `path`; an existing file is never touched.

    `document` replaces the demo (e.g. `generated_document()` for benchmarks; its workshop gets
    no scenario library until the library is first applied). Raises
    `WorkshopFileError` (one sentence) when `path` exists or cannot be created.
    """
    location = parse_location(path)
    if isinstance(location, ServerLocation):
        return _demo_on_server(location, document)
    target = location
    if target.exists() or target.is_symlink():
        raise WorkshopFileError(f"{target} already exists; the demo is only written to a new file.")
    workshop = open_workshop(target, create=True)
    try:
        with workshop.session() as session:
            content = demo_document() if document is None else document
            # The file's starting point, not an edit: ctrl+z must not empty the demo.
            mark_step(session, kind="auto", label="write the demo workshop")
            import_json(session, json.dumps(content, ensure_ascii=False))
            if document is None:
                ensure_library(session)  # the file names scenarios by title: link the library
    except BaseException:
        workshop.close()
        for leftover in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    workshop.close()
    return target
