"""Workshops the export tests read: the demo with priorities, and one full of hostile text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workshop_templates import new_demo, new_workshop

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


def add_priorities(path: Path | str, *, prefix: str = "Test ") -> None:
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


def shared_priority_demo(shared_at: Callable[..., str]) -> str:
    """`priority_demo` as a module's shared workshop (`shared_at`), on either engine."""
    where = shared_at("demo", demo=True)
    add_priorities(where)
    return where


def hostile_workshop(path: Path) -> Path:
    """Names and notes that are markup, script or spreadsheet formulas, and a flow between."""
    new_workshop(path)
    fill_hostile(path)
    return path


def fill_hostile(where: Path | str) -> None:
    """What `hostile_workshop` holds, written into the empty workshop at `where`."""
    with open_workshop(where) as workshop, workshop.session() as session:
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


# A professional-services firm's workshop, nothing like the demo: a PSA at the centre, some
# answers not recorded, two candidates scored (one only in part), two sessions with minutes.
# Notes carry TEAM-ONLY so a test can see they stay out of the client's copy.
PROFESSIONAL_SERVICES: dict[str, object] = {
    "format": "seamwork/1",
    "workshop": {
        "name": "Brightpath delivery-to-cash workshop",
        "client": "Brightpath Advisory LLP",
        "facilitator": "Jordan Ellis",
        "notes": "TEAM-ONLY: the partners disagree on who owns utilisation.",
        "scoring_method": "weighted",
    },
    "systems": [
        {"name": "Salesforce Sales Cloud", "category": "crm", "vendor": "Salesforce",
         "owner": "Sales operations", "lifecycle": "live", "hosting": "saas", "api": "rest",
         "criticality": 5, "notes": "TEAM-ONLY: licence renewal in June."},
        {"name": "Mission Control PSA", "category": "psa", "vendor": "Mission Control",
         "owner": "Head of delivery", "lifecycle": "live", "hosting": "saas", "api": "rest",
         "criticality": 5},
        {"name": "Xero", "category": "finance", "vendor": "Xero", "owner": "Finance manager",
         "lifecycle": "live", "hosting": "saas", "api": "rest", "criticality": 4},
        {"name": "BambooHR", "category": "hr", "vendor": "BambooHR", "owner": "People team",
         "lifecycle": "live", "hosting": "saas"},
        {"name": "HubSpot", "category": "marketing", "vendor": "HubSpot",
         "owner": "Marketing lead", "lifecycle": "implementing", "hosting": "saas",
         "api": "rest"},
        {"name": "Jira Service Management", "category": "support", "vendor": "Atlassian",
         "owner": "IT lead", "lifecycle": "live", "hosting": "on-premise", "api": "rest"},
        {"name": "Power BI", "category": "bi", "vendor": "Microsoft", "owner": "Finance manager",
         "lifecycle": "live"},
    ],
    "data_objects": [
        {"name": "Won opportunities", "owner": "Sales operations",
         "source_of_truth": "Salesforce Sales Cloud", "sensitivity": "confidential",
         "definition": "An opportunity at Closed Won with a signed statement of work."},
        {"name": "Invoices", "owner": "Finance", "source_of_truth": "Xero",
         "sensitivity": "financial", "definition": "Time-and-materials and fixed-fee invoices."},
        {"name": "Employees", "owner": "People team", "source_of_truth": "BambooHR",
         "sensitivity": "personal", "definition": "Consultants with grade, cost rate and team."},
        {"name": "Timesheets", "owner": "Delivery", "source_of_truth": "Mission Control PSA",
         "definition": "Approved hours per consultant, project and week."},
        {"name": "Leads", "owner": "Marketing", "definition": "A contact who asked for a call."},
    ],
    "flows": [
        {"source": "Salesforce Sales Cloud", "target": "Mission Control PSA",
         "data_object": "Won opportunities", "frequency": "real-time", "mechanism": "ipaas",
         "state": "manual", "approach": "connector", "owner": "Sales operations",
         "notes": "TEAM-ONLY: the PSA vendor's connector is in beta."},
        {"source": "Mission Control PSA", "target": "Xero", "data_object": "Invoices",
         "frequency": "daily", "mechanism": "api", "state": "partial", "approach": "connector",
         "owner": "Finance manager", "error_handling": "Failed syncs are emailed to finance.",
         "security": "Finance role only."},
        {"source": "BambooHR", "target": "Mission Control PSA", "data_object": "Employees",
         "mechanism": "manual", "state": "manual", "approach": "undecided"},
        {"source": "Mission Control PSA", "target": "Power BI", "data_object": "Timesheets",
         "frequency": "weekly", "mechanism": "file", "state": "automated", "approach": "ipaas",
         "owner": "Delivery lead", "manual_hours_per_week": 0},
        {"source": "Jira Service Management", "target": "Mission Control PSA",
         "data_object": "Timesheets", "frequency": "on-demand", "mechanism": "api",
         "state": "planned", "approach": "custom"},
        {"source": "HubSpot", "target": "Salesforce Sales Cloud", "data_object": "Leads",
         "frequency": "hourly", "mechanism": "api", "state": "manual", "approach": "connector",
         "owner": "Marketing lead", "error_handling": "Duplicates held for review."},
    ],
    "criteria": [
        {"name": "Revenue impact", "weight": 5, "kind": "benefit"},
        {"name": "Manual effort removed", "weight": 4, "kind": "benefit"},
        {"name": "Effort", "weight": 3, "kind": "cost"},
    ],
    "candidates": [
        {"name": "Quote to cash", "phase": 1,
         "description": "Won work becomes a project, and approved time becomes an invoice.",
         "notes": "TEAM-ONLY: the sponsor wants this before the audit.",
         "flows": ["Salesforce Sales Cloud -> Mission Control PSA: Won opportunities",
                   "Mission Control PSA -> Xero: Invoices",
                   "HubSpot -> Salesforce Sales Cloud: Leads"],
         "scores": {"Revenue impact": 5, "Manual effort removed": 4, "Effort": 3},
         "rationales": {"Revenue impact": "Invoices go out a week after month end today."}},
        {"name": "Utilisation reporting", "phase": 2,
         "flows": ["Mission Control PSA -> Power BI: Timesheets"],
         "scores": {"Revenue impact": 2, "Manual effort removed": 3, "Effort": 2}},
        {"name": "People data", "description": "New joiners set up in the PSA from BambooHR.",
         "flows": ["BambooHR -> Mission Control PSA: Employees"],
         "scores": {"Manual effort removed": 4}},
    ],
    "kpis": [
        {"name": "Days from won to project", "unit": "days", "baseline": 5, "target": 1,
         "owner": "Head of delivery", "candidates": ["Quote to cash"],
         "data_objects": ["Won opportunities"]},
        {"name": "Days to invoice", "unit": "days", "baseline": 7, "target": 2,
         "owner": "Finance manager", "candidates": ["Quote to cash"]},
    ],
    "sessions": [
        {"date": "2026-04-20", "title": "Discovery",
         "attendees": [{"name": "Maya Chen", "role": "COO", "organisation": "Brightpath",
                        "present": True}],
         "actions": [{"text": "Export a month of approved timesheets", "owner": "Maya Chen",
                      "due": "2026-04-27", "done": False}]},
        {"date": "2026-05-04", "title": "Quote to cash",
         "attendees": [
             {"name": "Maya Chen", "role": "COO", "organisation": "Brightpath",
              "present": True},
             {"name": "Omar Haddad", "role": "Finance manager", "organisation": "Brightpath",
              "present": True},
             {"name": "Jordan Ellis", "role": "Facilitator", "present": True},
             {"name": "Lena Park", "role": "Head of delivery", "organisation": "Brightpath",
              "present": False},
         ],
         "decisions": [{"text": "Xero stays the ledger; the PSA raises invoice drafts only.",
                        "by": "Omar Haddad", "concerns": [{"system": "Xero"}]}],
         "actions": [
             {"text": "Ask Mission Control for the connector's field map", "owner": "Jordan Ellis",
              "due": "2026-05-11", "done": False,
              "concerns": [{"candidate": "Quote to cash"}]},
             {"text": "Count the hours spent keying won deals", "owner": "Maya Chen",
              "done": False},
         ],
         "parking_lot": [{"text": "Does HubSpot replace Salesforce for small deals?",
                          "answered": False}]},
    ],
}  # fmt: skip


def professional_services(path: Path) -> Path:
    """The professional-services workshop above, imported into a new file at `path`."""
    new_workshop(path)
    fill_services(path)
    return path


def fill_services(where: Path | str) -> None:
    """The professional-services workshop, imported into the empty workshop at `where`."""
    import json

    from storage.formats.seamwork_json.document import import_json

    with open_workshop(where) as workshop, workshop.session() as session:
        import_json(session, json.dumps(PROFESSIONAL_SERVICES))
