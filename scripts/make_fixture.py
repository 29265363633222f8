"""Build `tests/fixtures/revNNNN.seamwork`: workshop files at older schema revisions.

Each file is committed and never rebuilt once a later revision exists: later migrations are
tested by opening it with the current code. `rev0001` holds systems only; `rev0004` (the last
revision before undo history) holds every kind of entity and an audit trail. Run from the
repository root:

    python scripts/make_fixture.py [--revision 0004] [--force]
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.queries.systems import create_system, update_workshop  # noqa: E402
from storage.workshop_file import open_workshop  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"

SYSTEMS = (
    {
        "name": "Shopify",
        "category": "e-commerce",
        "vendor": "Shopify",
        "lifecycle": "live",
        "hosting": "saas",
        "api": "rest",
        "criticality": 5,
        "owner": "Head of e-commerce",
    },
    {
        "name": "Sage X3",
        "category": "erp",
        "vendor": "Sage",
        "hosting": "on-premise",
        "api": "soap",
        "criticality": 5,
        "notes": "Stock master",
    },
    {
        "name": "Zoé Café Kassensystem",
        "category": "other",
        "vendor": "Ümlaut GmbH",
        "lifecycle": "retiring",
        "notes": "Unicode: 東京 Ελληνικά emoji 🚚",
    },
    {
        "name": "[red]Markup[/] [@click=app.quit]",
        "category": "custom",
        "lifecycle": "planned",
        "notes": "[b]not bold[/b] and a lone [/",
    },
)


def build_0001(target: Path) -> None:
    with open_workshop(target, revision="0001") as workshop, workshop.session() as session:
        update_workshop(
            session,
            data={
                "name": "Fixture at revision 0001",
                "client": "Fixture Ltd",
                "notes": "Do not edit.",
            },
        )
        for system in SYSTEMS:
            create_system(session, data=system)


def build_0004(target: Path) -> None:
    """Every kind of entity revision 0004 knows, made through storage so the audit sees it."""
    from storage.queries.data_objects import save_data_object
    from storage.queries.flows import create_flow
    from storage.queries.priorities import (
        create_candidate,
        create_criterion,
        create_kpi,
        set_score,
    )
    from storage.queries.scenarios import add_check, create_scenario, set_check_status

    with open_workshop(target, revision="0004") as workshop, workshop.session() as session:
        update_workshop(
            session,
            data={
                "name": "Fixture at revision 0004",
                "client": "Fixture Ltd",
                "notes": "Do not edit.",
            },
        )
        for system in SYSTEMS[:3]:
            create_system(session, data=system)
        orders = save_data_object(
            session,
            data={"name": "Sales orders", "owner": "Sales", "sensitivity": "personal"},
            source_of_truth="Sage X3",
            definitions=[("Sales", "Orders taken"), ("Finance", "Orders invoiced")],
        )
        flow = create_flow(
            session,
            source="Shopify",
            target="Sage X3",
            data_object="Sales orders",
            data={"frequency": "real-time", "mechanism": "api", "owner": "IT"},
        )
        scenario = create_scenario(
            session, data={"title": "Amended order", "data_objects": ["Sales orders"]}
        )
        check = add_check(session, flow_id=flow.id, scenario_id=scenario.id)
        set_check_status(session, check_id=check.id, status="gap")
        criterion = create_criterion(session, data={"name": "Operational impact", "weight": 5})
        candidate = create_candidate(
            session, data={"name": "Order to cash", "phase": 1}, flow_ids=[flow.id]
        )
        set_score(session, candidate_id=candidate.id, criterion_id=criterion.id, value=4)
        create_kpi(
            session,
            data={"name": "Manual order entry", "unit": "hours/week", "baseline": 30, "target": 5},
            candidate_ids=[candidate.id],
            data_object_ids=[orders.id],
        )


BUILDERS = {"0001": build_0001, "0004": build_0004}


def build(target: Path, revision: str = "0001") -> None:
    BUILDERS[revision](target)
    # One self-contained file: fold the WAL in and leave rollback-journal mode.
    connection = sqlite3.connect(target)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    revision = argv[argv.index("--revision") + 1] if "--revision" in argv else "0001"
    if revision not in BUILDERS:
        print(f"No fixture is built at revision {revision}.", file=sys.stderr)
        return 2
    target = FIXTURES / f"rev{revision}.seamwork"
    if target.exists() and "--force" not in argv:
        print(f"{target} exists; pass --force to rebuild it.", file=sys.stderr)
        return 2
    target.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    build(target, revision)
    print(f"Wrote {target.relative_to(ROOT)} at revision {revision}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
