"""storage.queries.readiness: what the Overview shows, read on real files; subjects by kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.findings import Finding, Severity
from storage.queries.readiness import (
    DATA_OBJECT,
    FLOW,
    SYSTEM,
    entity_id,
    load_readiness,
    subjects_of,
)


def demo(tmp_path: Path) -> Path:
    from workshop_templates import new_demo

    path = tmp_path / "demo.seamwork"
    new_demo(path)
    return path


@pytest.mark.files_only("peek_overview reads the SQLite file with the standard library")
def test_counts_agree_with_the_light_read_and_findings_with_the_check(tmp_path):
    """The peek paints the counts first; the full read must not change them."""
    from models.findings import find_all
    from storage.peek import peek_overview
    from storage.queries.snapshot import load_snapshot
    from storage.workshop_file import open_workshop

    path = demo(tmp_path)
    peek = peek_overview(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        readiness = load_readiness(session)
        check = find_all(load_snapshot(session))  # what `seamwork check` lists
    assert peek is not None
    counts = readiness.counts
    assert (peek.name, peek.client, peek.facilitator) == (
        readiness.name,
        readiness.client,
        readiness.facilitator,
    )
    assert (peek.systems, peek.data_objects, peek.flows) == (
        counts.systems,
        counts.data_objects,
        counts.flows,
    )
    assert (peek.checks, peek.reviewed, peek.gaps) == (counts.checks, counts.reviewed, counts.gaps)
    assert peek.candidates == counts.candidates and peek.kpis == counts.kpis
    assert counts.checks > counts.reviewed > counts.gaps > 0
    assert [item.finding for item in readiness.findings] == check
    assert all(s.kind is not None for item in readiness.findings for s in item.subjects)


def test_a_name_shared_by_a_system_and_a_data_object_is_each_in_its_place():
    names = {
        SYSTEM: {"stock", "erp"},
        DATA_OBJECT: {"stock"},
        FLOW: {"erp -> stock: stock"},
    }
    finding = Finding(
        "SOT-CONFLICT", Severity.BLOCKER, "…", ("ERP -> Stock: Stock", "Stock", "Stock")
    )
    assert [(s.kind, s.name) for s in subjects_of(finding, names)] == [
        (FLOW, "ERP -> Stock: Stock"),
        (DATA_OBJECT, "Stock"),
        (SYSTEM, "Stock"),
    ]
    gone = Finding("FLOW-NO-OWNER", Severity.WARNING, "…", ("Old -> New: Thing",))
    assert [(s.kind, s.label) for s in subjects_of(gone, names)] == [
        (None, "Other · Old -> New: Thing")
    ]


def test_entity_ids_by_name(workshop_at: Any) -> None:
    from storage.queries.flows import list_flows
    from storage.queries.systems import get_system
    from storage.workshop_file import open_workshop

    path = workshop_at("demo", demo=True)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        flow = next(row for row in list_flows(session) if row.ref.startswith("Sage X3 -> "))
        assert entity_id(session, kind=FLOW, name=flow.ref) == flow.id
        assert entity_id(session, kind=FLOW, name=flow.ref.upper()) == flow.id
        system = get_system(session, name="Shopify")
        assert system is not None
        assert entity_id(session, kind=SYSTEM, name="shopify") == system.id
        assert entity_id(session, kind=DATA_OBJECT, name="Stock") is not None
        assert entity_id(session, kind=SYSTEM, name="Nope") is None
        assert entity_id(session, kind=FLOW, name="Shopify -> Nope: Stock") is None
        assert entity_id(session, kind="candidate", name="Order to cash") is None
