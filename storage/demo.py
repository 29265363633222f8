"""The sample workshop: a multichannel wholesaler, for trying Seamwork, screenshots and tests.

The content is fixed data (no randomness, no clock), written through the same validated import
path users' files take, so the demo can never hold a value a form would refuse.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from storage.interchange import FORMAT, import_json
from storage.probe import WorkshopFileError
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
        "hosting": "saas",
        "api": "rest",
        "criticality": 3,
        "notes": "Chosen to own product descriptions and images; contract not yet signed.",
    },
)


def demo_document() -> dict[str, Any]:
    """The demo as a `seamwork/1` document (a fresh copy each call)."""
    return json.loads(
        json.dumps({"format": FORMAT, "workshop": DEMO_WORKSHOP, "systems": list(DEMO_SYSTEMS)})
    )


def write_demo(path: str | os.PathLike[str]) -> Path:
    """Write the demo workshop to a new file at `path`; an existing file is never touched.

    Raises `WorkshopFileError` (one sentence) when `path` exists or cannot be created.
    """
    target = Path(path).expanduser()
    if target.exists() or target.is_symlink():
        raise WorkshopFileError(f"{target} already exists; the demo is only written to a new file.")
    workshop = open_workshop(target, create=True)
    try:
        with workshop.session() as session:
            import_json(session, json.dumps(demo_document(), ensure_ascii=False))
    except BaseException:
        workshop.close()
        for leftover in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    workshop.close()
    return target
