"""Criteria, candidates, scores, KPIs and the roadmap stored in real workshop files."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from workshop_templates import new_demo, open_new

from models.enums import CriterionKind, ScoringMethod, WsjfPart
from models.scoring import DEFAULT_CRITERIA
from models.tables import Audit, CandidateFlow, KpiCandidate, KpiDataObject, Score
from storage.errors import FieldError, NotFoundError, ReadOnlyError
from storage.queries.data_objects import create_data_object, delete_data_object
from storage.queries.flows import create_flow, delete_flow, list_flows
from storage.queries.priorities import (
    create_candidate,
    create_criterion,
    create_kpi,
    delete_candidate,
    delete_criterion,
    delete_kpi,
    ensure_default_criteria,
    get_candidate,
    load_priorities,
    roadmap,
    set_candidate_flows,
    set_phase,
    set_score,
    set_scoring_method,
    set_weight,
    update_candidate,
    update_criterion,
    update_kpi,
)
from storage.queries.systems import create_system, delete_system, get_system
from storage.workshop_file import WorkshopFile, open_workshop

SYSTEMS = ("Shopify", "Sage X3", "Mintsoft WMS", "Stripe")
OBJECTS = ("Orders", "Stock", "Payments")
FLOWS = (
    ("Shopify", "Sage X3", "Orders", 10.0),
    ("Mintsoft WMS", "Shopify", "Stock", 4.0),
    ("Stripe", "Sage X3", "Payments", 2.5),
)
ORDERS = "Shopify -> Sage X3: Orders"
STOCK = "Mintsoft WMS -> Shopify: Stock"
PAYMENTS = "Stripe -> Sage X3: Payments"


@pytest.fixture
def workshop(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("w")) as opened:
        with opened.session() as session:
            for name in SYSTEMS:
                create_system(session, data={"name": name})
            for name in OBJECTS:
                create_data_object(session, data={"name": name})
            for source, target, obj, hours in FLOWS:
                create_flow(
                    session,
                    source=source,
                    target=target,
                    data_object=obj,
                    data={"manual_hours_per_week": hours},
                )
        yield opened


def flow_ids(session: Any) -> dict[str, int]:
    return {row.ref: row.id for row in list_flows(session)}


def two_criteria(session: Any) -> tuple[int, int]:
    """Impact (benefit, weight 4) and Effort (cost, weight 2)."""
    impact = create_criterion(session, data={"name": "Impact", "weight": 4})
    effort = create_criterion(session, data={"name": "Effort", "weight": 2, "kind": "cost"})
    return impact.id, effort.id


# --- criteria -------------------------------------------------------------------------------


def test_default_criteria_are_added_once_per_file(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        assert ensure_default_criteria(session) == len(DEFAULT_CRITERIA) == 6
        assert ensure_default_criteria(session) == 0
        criteria = load_priorities(session).criteria
        assert [row.name for row in criteria] == [c.name for c in DEFAULT_CRITERIA]
        assert [row.position for row in criteria] == list(range(6))
        effort = criteria[-1]
        assert (effort.weight, effort.kind, effort.wsjf_part) == (
            3,
            CriterionKind.COST,
            WsjfPart.JOB_SIZE,
        )
        for row in criteria:  # the room deletes them all
            delete_criterion(session, criterion_id=row.id)
        assert ensure_default_criteria(session) == 0
        assert load_priorities(session).criteria == []
    path = workshop.location
    workshop.close()
    with open_workshop(path) as again, again.session() as session:
        assert ensure_default_criteria(session) == 0  # still seeded after reopening
        assert load_priorities(session).criteria == []


def test_default_criteria_keep_the_workshops_own_and_skip_read_only(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    with open_new(path) as workshop, workshop.session() as session:
        create_criterion(session, data={"name": "OPERATIONAL IMPACT", "weight": 1})
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        assert ensure_default_criteria(session) == 0  # nothing written to a read-only file
    with open_workshop(path) as workshop, workshop.session() as session:
        assert ensure_default_criteria(session) == 5  # the same name is not added twice
        criteria = load_priorities(session).criteria
        assert criteria[0].name == "OPERATIONAL IMPACT" and criteria[0].weight == 1
        assert len(criteria) == 6


def test_criteria_validate_and_keep_their_order(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        first = create_criterion(session, data={"name": "  [bold]Speed[/]  ", "weight": 5})
        second = create_criterion(
            session,
            data={"name": "Cost", "kind": "COST", "weight": 0, "description": " why "},
        )
        assert (first.name, first.position, second.position) == ("[bold]Speed[/]", 0, 1)
        assert (second.kind, second.weight, second.description) == (CriterionKind.COST, 0, "why")
        with pytest.raises(FieldError, match=r'A criterion named "\[bold\]Speed\[/\]" already'):
            create_criterion(session, data={"name": "[BOLD]speed[/]"})
        with pytest.raises(FieldError, match="Weight must be at most 5.") as raised:
            set_weight(session, criterion_id=first.id, weight=6)
        assert raised.value.field == "weight"
        with pytest.raises(FieldError, match="Weight must be a whole number from 0 to 5."):
            set_weight(session, criterion_id=first.id, weight=2.5)  # type: ignore[arg-type]
        with pytest.raises(FieldError, match="Name is required."):
            update_criterion(session, criterion_id=first.id, data={"name": " "})
        with pytest.raises(FieldError) as raised:
            create_criterion(session, data={"name": "X", "wsjf_part": "nonsense"})
        assert raised.value.field == "wsjf_part"
        assert set_weight(session, criterion_id=first.id, weight=2).weight == 2
        renamed = update_criterion(
            session, criterion_id=second.id, data={"wsjf_part": "time-criticality"}
        )
        assert (renamed.name, renamed.wsjf_part) == ("Cost", WsjfPart.TIME_CRITICALITY)
        with pytest.raises(NotFoundError, match="That criterion no longer exists."):
            set_weight(session, criterion_id=999, weight=1)
        assert [row.name for row in load_priorities(session).criteria] == [
            "[bold]Speed[/]",
            "Cost",
        ]


def test_scoring_method_is_kept_per_workshop(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        assert load_priorities(session).method is ScoringMethod.WEIGHTED
        set_scoring_method(session, method="WSJF")
        with pytest.raises(FieldError, match="Scoring method must be one of: weighted, wsjf."):
            set_scoring_method(session, method="moscow")
    with workshop.session() as session:
        assert load_priorities(session).method is ScoringMethod.WSJF


# --- candidates and scores ------------------------------------------------------------------


def test_a_candidate_holds_flows_and_sums_their_hours(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        ids = flow_ids(session)
        row = create_candidate(
            session,
            data={"name": "Order to cash", "phase": 1, "description": "Orders in"},
            flow_ids=[ids[PAYMENTS], ids[ORDERS], ids[ORDERS]],
        )
        assert row.flows == (ORDERS, PAYMENTS)  # sorted by reference, repeats once
        assert row.flow_ids == (ids[ORDERS], ids[PAYMENTS])
        assert row.manual_hours == 12.5
        assert row.systems == ("Sage X3", "Shopify", "Stripe")
        assert (row.phase, row.description, row.kpis) == (1, "Orders in", ())
        with pytest.raises(FieldError, match='A candidate named "Order to cash" already exists.'):
            create_candidate(session, data={"name": "ORDER TO CASH"})
        with pytest.raises(NotFoundError, match="That flow no longer exists."):
            create_candidate(session, data={"name": "Ghost"}, flow_ids=[999])
        with pytest.raises(NotFoundError, match="2 of the chosen flows no longer exist."):
            create_candidate(session, data={"name": "Ghost"}, flow_ids=[ids[STOCK], 998, 999])
        assert [c.name for c in load_priorities(session).candidates] == ["Order to cash"]

        row = set_candidate_flows(session, candidate_id=row.id, flow_ids=[ids[STOCK]])
        assert (row.flows, row.manual_hours) == ((STOCK,), 4.0)
        with pytest.raises(FieldError, match="Phase must be at least 1.") as raised:
            set_phase(session, candidate_id=row.id, phase=0)
        assert raised.value.field == "phase"
        assert set_phase(session, candidate_id=row.id, phase=None).phase is None
        row = update_candidate(session, candidate_id=row.id, data={"notes": "Ask finance"})
        assert (row.name, row.notes, row.flows) == ("Order to cash", "Ask finance", (STOCK,))


def test_a_candidate_and_its_flows_are_changed_together_or_not_at_all(
    workshop: WorkshopFile,
) -> None:
    """An edit that names a flow deleted meanwhile writes neither the fields nor the flows."""
    with workshop.session() as session:
        ids = flow_ids(session)
        row = create_candidate(session, data={"name": "Order to cash"}, flow_ids=[ids[ORDERS]])
        row = update_candidate(
            session, candidate_id=row.id, data={"phase": 2}, flow_ids=[ids[STOCK], ids[ORDERS]]
        )
        assert (row.phase, row.flows) == (2, (STOCK, ORDERS))
        with pytest.raises(NotFoundError, match="no longer exist"):
            update_candidate(
                session,
                candidate_id=row.id,
                data={"name": "Quote to cash", "phase": 1},
                flow_ids=[ids[PAYMENTS], 999],
            )
    with open_workshop(workshop.location, read_only=True) as other, other.session() as session:
        (stored,) = load_priorities(session).candidates
    assert (stored.name, stored.phase, stored.flows) == ("Order to cash", 2, (STOCK, ORDERS))


def test_scores_set_change_and_clear(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        impact, effort = two_criteria(session)
        candidate = create_candidate(session, data={"name": "Stock sync"}).id
        set_score(session, candidate_id=candidate, criterion_id=impact, value=4, rationale="Big")
        set_score(session, candidate_id=candidate, criterion_id=effort, value=2)
        row = get_candidate(session, candidate_id=candidate)
        assert dict(row.scores) == {impact: 4, effort: 2}
        assert dict(row.rationales) == {impact: "Big"}
        set_score(session, candidate_id=candidate, criterion_id=impact, value=5)  # keeps why
        assert get_candidate(session, candidate_id=candidate).rationales[impact] == "Big"
        set_score(session, candidate_id=candidate, criterion_id=impact, value=5, rationale="")
        assert dict(get_candidate(session, candidate_id=candidate).rationales) == {}
        for bad in (0, 6, True, 2.0):
            with pytest.raises(FieldError, match="A score must be a whole number from 1 to 5."):
                set_score(session, candidate_id=candidate, criterion_id=impact, value=bad)
        with pytest.raises(NotFoundError, match="That candidate no longer exists."):
            set_score(session, candidate_id=999, criterion_id=impact, value=3)
        with pytest.raises(NotFoundError, match="That criterion no longer exists."):
            set_score(session, candidate_id=candidate, criterion_id=999, value=3)
        set_score(session, candidate_id=candidate, criterion_id=effort, value=None)
        assert dict(get_candidate(session, candidate_id=candidate).scores) == {impact: 5}
        set_score(session, candidate_id=candidate, criterion_id=effort, value=None)  # no-op


def test_ranking_follows_the_method_the_weights_and_marks_sensitivity(
    workshop: WorkshopFile,
) -> None:
    with workshop.session() as session:
        impact, effort = two_criteria(session)
        scores = {"Alpha": (5, 5), "Beta": (4, 1), "Gamma": (3, 3), "Delta": (2, None)}
        for name, (on_impact, on_effort) in scores.items():
            row = create_candidate(session, data={"name": name})
            set_score(session, candidate_id=row.id, criterion_id=impact, value=on_impact)
            if on_effort is not None:
                set_score(session, candidate_id=row.id, criterion_id=effort, value=on_effort)
        board = load_priorities(session)
        ranking = board.ranking()
        # Weighted: 100 * (4 * (s - 1) / 4 + 2 * (5 - e) / 4) / 6.
        # Alpha (4*4 + 2*0)/24 = 66.7, Beta (4*3 + 2*4)/24 = 83.3, Gamma (4*2 + 2*2)/24 = 50.
        assert [(r.rank, r.name) for r in ranking] == [
            (1, "Beta"),
            (2, "Alpha"),
            (3, "Gamma"),
            (None, "Delta"),
        ]
        assert ranking[0].score == pytest.approx(250 / 3)
        assert ranking[1].score == pytest.approx(200 / 3)
        assert ranking[3].incomplete and ranking[3].missing == ("Effort",)
        assert ranking[3].score is None and ranking[3].stable is None
        # Not saved: trying weight 0 on effort puts Alpha first.
        tried = board.ranking({effort: 0})
        assert [r.name for r in tried][:3] == ["Alpha", "Beta", "Gamma"]
        assert load_priorities(session).criteria[1].weight == 2
        # A close pair is fragile on the criteria that separate them.
        set_weight(session, criterion_id=effort, weight=1)
        close = load_priorities(session).ranking()  # Alpha 16/20, Beta 16/20: a tie, by name
        assert [(r.rank, r.name) for r in close][:2] == [(1, "Alpha"), (2, "Beta")]
        assert close[0].fragile_on and not close[0].stable
        assert close[2].name == "Gamma" and close[2].stable
        set_scoring_method(session, method="wsjf")
        wsjf = load_priorities(session).ranking()
        # WSJF: value = impact score, job size = effort score: Beta 4/1, Gamma 3/3, Alpha 5/5.
        assert [(r.name, r.score) for r in wsjf][:3] == [
            ("Beta", 4.0),
            ("Alpha", 1.0),
            ("Gamma", 1.0),
        ]


# --- KPIs -----------------------------------------------------------------------------------


def test_kpis_link_candidates_and_data_objects(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        ids = flow_ids(session)
        otc = create_candidate(session, data={"name": "Order to cash"}, flow_ids=[ids[ORDERS]])
        stock = create_candidate(session, data={"name": "Stock sync"})
        kpi = create_kpi(
            session,
            data={"name": "Manual order entry", "unit": "hours/week", "baseline": 30, "target": 5},
            candidate_ids=[stock.id, otc.id],
            data_object_ids=[1],
        )
        assert (kpi.baseline, kpi.target, kpi.unit) == (30.0, 5.0, "hours/week")
        assert kpi.candidates == ("Order to cash", "Stock sync")
        assert kpi.candidate_ids == (otc.id, stock.id)
        assert kpi.data_objects == ("Orders",)
        assert get_candidate(session, candidate_id=otc.id).kpis == ("Manual order entry",)
        with pytest.raises(FieldError, match='A KPI named "Manual order entry" already exists.'):
            create_kpi(session, data={"name": "manual ORDER entry"})
        with pytest.raises(FieldError, match="Baseline must be a number.") as raised:
            create_kpi(session, data={"name": "Bad", "baseline": "lots"})
        assert raised.value.field == "baseline"
        with pytest.raises(NotFoundError, match="That candidate no longer exists."):
            create_kpi(session, data={"name": "Bad"}, candidate_ids=[999])

        kpi = update_kpi(session, kpi_id=kpi.id, data={"target": None}, candidate_ids=[stock.id])
        assert (kpi.target, kpi.candidates, kpi.data_objects) == (
            None,
            ("Stock sync",),
            ("Orders",),
        )
        kpi = update_kpi(session, kpi_id=kpi.id, data_object_ids=[])
        assert (kpi.baseline, kpi.candidates, kpi.data_objects) == (30.0, ("Stock sync",), ())
        delete_kpi(session, kpi_id=kpi.id)
        assert load_priorities(session).kpis == []
        assert session.exec(select(KpiCandidate)).all() == []
        with pytest.raises(NotFoundError, match="That KPI no longer exists."):
            delete_kpi(session, kpi_id=kpi.id)


# --- cascades -------------------------------------------------------------------------------


def deleted(session: Any) -> list[tuple[str, str]]:
    rows = session.exec(select(Audit).where(Audit.action == "delete").order_by(Audit.id)).all()
    return [(row.entity, row.name) for row in rows]


def test_deletes_take_links_and_scores_with_them_audited(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        ids = flow_ids(session)
        impact, _effort = two_criteria(session)
        otc = create_candidate(
            session, data={"name": "Order to cash"}, flow_ids=[ids[ORDERS], ids[PAYMENTS]]
        )
        set_score(session, candidate_id=otc.id, criterion_id=impact, value=5)
        kpi = create_kpi(
            session, data={"name": "Days to invoice"}, candidate_ids=[otc.id], data_object_ids=[3]
        )

        delete_flow(session, flow_id=ids[PAYMENTS])
        assert get_candidate(session, candidate_id=otc.id).flows == (ORDERS,)
        delete_data_object(session, data_object_id=3)  # Payments
        assert session.exec(select(KpiDataObject)).all() == []
        delete_criterion(session, criterion_id=impact)
        assert session.exec(select(Score)).all() == []
        delete_candidate(session, candidate_id=otc.id)
        assert session.exec(select(CandidateFlow)).all() == []
        assert session.exec(select(KpiCandidate)).all() == []
        assert load_priorities(session).kpis[0].id == kpi.id  # the KPI stays, unlinked
        assert [row.ref for row in list_flows(session)] == [STOCK, ORDERS]  # flows stay
        assert deleted(session) == [
            ("candidate_flow", f"Order to cash ({PAYMENTS})"),
            ("flow", PAYMENTS),
            ("kpi_data_object", "Days to invoice (Payments)"),
            ("data_object", "Payments"),
            ("score", "Order to cash (Impact)"),
            ("criterion", "Impact"),
            ("candidate_flow", f"Order to cash ({ORDERS})"),
            ("kpi_candidate", "Days to invoice (Order to cash)"),
            ("candidate", "Order to cash"),
        ]


def test_deleting_a_system_takes_its_flows_out_of_candidates(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        ids = flow_ids(session)
        row = create_candidate(session, data={"name": "All"}, flow_ids=list(ids.values()))
        sage = get_system(session, name="Sage X3")
        assert sage is not None and sage.id is not None
        delete_system(session, system_id=sage.id)
        row = get_candidate(session, candidate_id=row.id)
        assert (row.flows, row.systems) == ((STOCK,), ("Mintsoft WMS", "Shopify"))


# --- roadmap, files -------------------------------------------------------------------------


def test_roadmap_lists_phases_then_unphased(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        ids = flow_ids(session)
        impact, effort = two_criteria(session)
        plans = (
            ("Order to cash", 1, [ORDERS, PAYMENTS], 3),
            ("Finance", 1, [PAYMENTS], 5),
            ("Stock sync", 3, [STOCK], 4),
            ("Returns", None, [], 2),
        )
        made = {}
        for name, phase, refs, score in plans:
            row = made[name] = create_candidate(
                session, data={"name": name, "phase": phase}, flow_ids=[ids[r] for r in refs]
            )
            set_score(session, candidate_id=row.id, criterion_id=impact, value=score)
            set_score(session, candidate_id=row.id, criterion_id=effort, value=3)
        create_kpi(session, data={"name": "Days to invoice"}, candidate_ids=[made["Finance"].id])
        phases = roadmap(session)
        assert [phase.phase for phase in phases] == [1, 3, None]
        first = phases[0]
        assert [c.name for c in first.candidates] == ["Finance", "Order to cash"]  # by rank
        assert first.flows == (ORDERS, PAYMENTS)
        assert first.manual_hours == 12.5  # the shared Payments flow once
        assert [k.name for k in first.kpis] == ["Days to invoice"]
        assert (phases[1].manual_hours, phases[1].kpis) == (4.0, [])
        assert [c.name for c in phases[2].candidates] == ["Returns"]
        assert phases[2].flows == ()


def test_everything_is_there_after_reopening(workshop: WorkshopFile) -> None:
    with workshop.session() as session:
        ids = flow_ids(session)
        impact, _ = two_criteria(session)
        row = create_candidate(session, data={"name": "O2C", "phase": 2}, flow_ids=[ids[ORDERS]])
        set_score(session, candidate_id=row.id, criterion_id=impact, value=3, rationale="Maybe")
        create_kpi(session, data={"name": "Errors", "unit": "%", "baseline": 4.5})
        set_scoring_method(session, method="wsjf")
    path = workshop.location
    workshop.close()
    with open_workshop(path, read_only=True) as again, again.session() as session:
        board = load_priorities(session)
        assert board.method is ScoringMethod.WSJF
        (candidate,) = board.candidates
        assert (candidate.name, candidate.phase, candidate.flows) == ("O2C", 2, (ORDERS,))
        assert dict(candidate.scores) == {impact: 3}
        assert dict(candidate.rationales) == {impact: "Maybe"}
        assert [(k.name, k.unit, k.baseline) for k in board.kpis] == [("Errors", "%", 4.5)]
        with pytest.raises(ReadOnlyError):
            set_phase(session, candidate_id=candidate.id, phase=1)


def test_a_board_of_200_candidates_by_10_criteria_loads_quickly(tmp_path: Path) -> None:
    """The Priorities screen reads the whole board on every refresh."""
    import sqlite3

    path = tmp_path / "big.seamwork"
    with open_new(path) as workshop, workshop.session() as session:
        for index in range(10):
            create_criterion(session, data={"name": f"Criterion {index}", "weight": index % 6})
    connection = sqlite3.connect(path)  # bulk rows straight in: building them is not measured
    connection.executemany(
        "INSERT INTO candidate (id, name, name_key, description, phase, notes) "
        "VALUES (?, ?, ?, '', ?, '')",
        [(i, f"Candidate {i}", f"candidate {i}", i % 4 or None) for i in range(1, 201)],
    )
    connection.executemany(
        "INSERT INTO score (candidate_id, criterion_id, value, rationale) VALUES (?, ?, ?, ?)",
        [
            (i, c, (i * 7 + c * 3) % 5 + 1, "why" if c == 1 else "")
            for i in range(1, 201)
            for c in range(1, 11)
        ],
    )
    connection.commit()
    connection.close()
    with open_workshop(path) as workshop, workshop.session() as session:
        load_priorities(session)  # warm the statement cache
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            board = load_priorities(session)
            best = min(best, time.perf_counter() - started)
        assert len(board.candidates) == 200
        assert sum(len(row.scores) for row in board.candidates) == 2000
        print(f"load_priorities, 200 x 10: {best * 1000:.1f} ms; ranking: ", end="")
        started = time.perf_counter()
        board.ranking()
        print(f"{(time.perf_counter() - started) * 1000:.1f} ms")
        assert best < 0.25, f"load_priorities took {best * 1000:.1f} ms"


# --- the snapshot and findings --------------------------------------------------------------


def test_snapshot_carries_priorities_and_findings_read_them(workshop: WorkshopFile) -> None:
    """FLOW-NO-KPI, PHASE-SYSTEM-NOT-LIVE and first-phase SCENARIO-GAP on a real file."""
    from storage.queries.readiness import findings_for
    from storage.queries.scenarios import apply_library
    from storage.queries.snapshot import load_snapshot
    from storage.queries.systems import update_system

    with workshop.session() as session:
        ids = flow_ids(session)
        impact, _ = two_criteria(session)
        otc = create_candidate(
            session, data={"name": "Order to cash", "phase": 2}, flow_ids=[ids[ORDERS]]
        )
        create_candidate(session, data={"name": "Stock sync", "phase": 3}, flow_ids=[ids[STOCK]])
        set_score(session, candidate_id=otc.id, criterion_id=impact, value=4, rationale="Core")
        create_kpi(
            session,
            data={"name": "Order errors", "unit": "%", "baseline": 3, "target": 0.5},
            data_object_ids=[2],  # Stock: measured through its data object
        )
        set_scoring_method(session, method="wsjf")
        shopify = get_system(session, name="Shopify")
        assert shopify is not None and shopify.id is not None
        update_system(session, system_id=shopify.id, data={"lifecycle": "implementing"})
        apply_library(session, flow_id=ids[ORDERS])

        data = load_snapshot(session)
        assert data.workshop.scoring_method is ScoringMethod.WSJF
        assert [c.name for c in data.criteria] == ["Impact", "Effort"]
        assert [(c.name, c.phase, c.flows) for c in data.candidates] == [
            ("Order to cash", 2, (ORDERS,)),
            ("Stock sync", 3, (STOCK,)),
        ]
        assert dict(data.candidates[0].scores) == {"Impact": 4}
        assert dict(data.candidates[0].rationales) == {"Impact": "Core"}
        (kpi,) = data.kpis
        assert (kpi.name, kpi.baseline, kpi.target, kpi.data_objects) == (
            "Order errors",
            3.0,
            0.5,
            ("Stock",),
        )
        assert data.phase_one_flows == {ORDERS}

        found = {(f.code, f.severity.value, f.subjects) for f in findings_for(session)}
        assert ("FLOW-NO-KPI", "warning", (ORDERS, "Order to cash")) in found
        assert not any(code == "FLOW-NO-KPI" and STOCK in s for code, _, s in found)
        assert ("PHASE-SYSTEM-NOT-LIVE", "warning", ("Order to cash", "Shopify")) in found
        assert ("SCENARIO-GAP", "blocker", (ORDERS,)) in found  # open checks, first phase

        create_kpi(session, data={"name": "Days to invoice"}, candidate_ids=[otc.id])
        codes = {f.code for f in findings_for(session)}
        assert "FLOW-NO-KPI" not in codes


def test_suggest_groups_flows_no_candidate_holds(workshop_at: Any) -> None:
    from storage.queries.snapshot import suggest

    with open_workshop(workshop_at("w")) as workshop, workshop.session() as session:
        for name in ("Shop", "ERP", "WMS"):
            create_system(session, data={"name": name})
        for name in ("Sales orders", "Invoices", "Stock", "Products"):
            create_data_object(session, data={"name": name})
        for source, target, obj in (
            ("Shop", "ERP", "Sales orders"),
            ("ERP", "Shop", "Invoices"),
            ("WMS", "Shop", "Stock"),
            ("ERP", "Shop", "Products"),
        ):
            create_flow(session, source=source, target=target, data_object=obj)
        found = suggest(session)
        assert [(s.process, s.flows) for s in found] == [
            ("order-to-cash", ("ERP -> Shop: Invoices", "Shop -> ERP: Sales orders")),
            ("product-and-stock", ("ERP -> Shop: Products", "WMS -> Shop: Stock")),
        ]
        ids = flow_ids(session)
        create_candidate(session, data={"name": "Stock"}, flow_ids=[ids["WMS -> Shop: Stock"]])
        assert [s.process for s in suggest(session)] == ["order-to-cash"]


@pytest.mark.files_only("peek reads the SQLite file with the standard library")
def test_the_board_peeked_is_the_one_storage_reads(tmp_path: Path) -> None:
    """`storage.peek.peek_priorities` runs the same SQL (`storage.priority_rows`) with the
    standard library: the Priorities screen shows it while the file opens, then storage's."""

    from storage.peek import peek_priorities
    from storage.queries.priorities import load_priorities, roadmap
    from storage.workshop_file import open_workshop

    path = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        board = load_priorities(session)
        phases = roadmap(session, board=board)
    assert board.candidates and board.kpis and any(c.scores for c in board.candidates)
    peeked = peek_priorities(path)
    assert peeked is not None
    assert peeked == (board, phases)
    assert peek_priorities(tmp_path / "missing.seamwork") is None
