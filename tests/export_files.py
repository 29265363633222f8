"""Workshops the export tests read: the demo with priorities, and one full of hostile text."""

from __future__ import annotations

from pathlib import Path

from workshop_templates import new_demo, open_new

from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow, list_flows
from storage.queries.priorities import (
    create_candidate,
    create_kpi,
    ensure_default_criteria,
    load_priorities,
    set_score,
)
from storage.queries.systems import create_system, update_workshop
from storage.workshop_file import open_workshop

SCRIPT = "<script>alert(1)</script>"
# Text a spreadsheet would run as a formula if written as it is.
FORMULAS = ('=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)")


def add_priorities(path: Path, *, prefix: str = "Test ") -> None:
    """Two scored candidates (phase 1 and unphased) and a KPI, on whatever flows exist.

    `prefix` keeps the names apart from anything the demo itself may come to hold.
    """
    with open_workshop(path) as workshop, workshop.session() as session:
        ensure_default_criteria(session)
        flows = list_flows(session)
        priorities = load_priorities(session)
        first = create_candidate(
            session,
            data={"name": f"{prefix}order capture", "phase": 1},
            flow_ids=[flow.id for flow in flows[:2]],
        )
        second = create_candidate(
            session, data={"name": f"{prefix}stock sync"}, flow_ids=[flows[-1].id]
        )
        for number, criterion in enumerate(priorities.criteria):
            set_score(session, candidate_id=first.id, criterion_id=criterion.id, value=5)
            set_score(
                session, candidate_id=second.id, criterion_id=criterion.id, value=1 + number % 5
            )
        create_kpi(
            session,
            data={
                "name": f"{prefix}orders keyed by hand",
                "unit": "hours/week",
                "baseline": 30,
                "target": 5,
                "owner": "Operations",
            },
            candidate_ids=[first.id],
        )


def priority_demo(folder: Path) -> Path:
    path = new_demo(folder / "demo.seamwork")
    add_priorities(path)
    return path


def hostile_workshop(path: Path) -> Path:
    """Names and notes that are markup, script or spreadsheet formulas, and a flow between."""
    with open_new(path) as workshop, workshop.session() as session:
        update_workshop(
            session,
            data={"name": f"{SCRIPT} | *bold* [link](x)", "client": "Acme & <b>Co</b>",
                  "notes": "# not a heading\n- not a list"},
        )  # fmt: skip
        create_system(session, data={"name": SCRIPT, "notes": "<img src=x onerror=alert(2)>"})
        for name in FORMULAS:
            create_system(session, data={"name": name, "owner": name})
        create_data_object(
            session, data={"name": "Orders | `code`", "owner": "=1+2"}, source_of_truth=SCRIPT
        )
        create_flow(
            session,
            source=SCRIPT,
            target=FORMULAS[0],
            data_object="Orders | `code`",
            data={"owner": "@admin", "error_handling": "-retry", "notes": "+44 20 7946 0000"},
        )
    return path
