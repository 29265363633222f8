"""Deleting rows that others depend on, through the ORM, so the audit trail sees every row.

The database would cascade on its own (foreign keys are ON), but rows SQLite removes are never
seen by the audit hook, so undo and history would lose them. Callers commit.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from models.tables import (
    CandidateFlow,
    Check,
    Flow,
    KpiCandidate,
    KpiDataObject,
    MinuteConcern,
    Scenario,
    Score,
)


def delete_rows(session: Session, model: Any, condition: Any) -> int:
    """Delete the rows of `model` matching `condition` and flush, so rows deleted after them
    (the entity they pointed at) can still be named in their audit rows. Returns how many."""
    rows = session.exec(select(model).where(condition)).all()
    for row in rows:
        session.delete(row)
    if rows:
        session.flush()
    return len(rows)


def delete_flows_where(session: Session, condition: Any) -> int:
    """Delete the flows matching `condition` (a where clause on `Flow`) with their checks,
    their places in candidates, the minutes that named them and the scenarios added for them
    alone.

    Returns how many flows went. Dependants are deleted and flushed first, so their audit rows
    can still name the flow they belonged to.
    """
    # One-flow scenarios last: their checks are among the flow's, gone by then.
    for model in (Check, CandidateFlow, MinuteConcern, Scenario):
        dependants = session.exec(
            select(model).join(Flow, col(Flow.id) == col(model.flow_id)).where(condition)
        ).all()
        for row in dependants:
            session.delete(row)
        if dependants:
            session.flush()
    flows = session.exec(select(Flow).where(condition)).all()
    for flow in flows:
        session.delete(flow)
    return len(flows)


def delete_candidate_dependants(session: Session, candidate_id: int) -> None:
    """A candidate's flows, scores and KPI links, before the candidate itself goes."""
    delete_rows(session, CandidateFlow, col(CandidateFlow.candidate_id) == candidate_id)
    delete_rows(session, Score, col(Score.candidate_id) == candidate_id)
    delete_rows(session, KpiCandidate, col(KpiCandidate.candidate_id) == candidate_id)
    delete_rows(session, MinuteConcern, col(MinuteConcern.candidate_id) == candidate_id)


def delete_criterion_dependants(session: Session, criterion_id: int) -> None:
    """The scores given on a criterion, before the criterion goes."""
    delete_rows(session, Score, col(Score.criterion_id) == criterion_id)


def delete_kpi_dependants(session: Session, kpi_id: int) -> None:
    """A KPI's links to candidates and data objects, before the KPI goes."""
    delete_rows(session, KpiCandidate, col(KpiCandidate.kpi_id) == kpi_id)
    delete_rows(session, KpiDataObject, col(KpiDataObject.kpi_id) == kpi_id)
    delete_rows(session, MinuteConcern, col(MinuteConcern.kpi_id) == kpi_id)


def delete_data_object_dependants(session: Session, data_object_id: int) -> None:
    """A data object's KPI links and the minutes' mentions of it (its flows and definitions
    are the caller's)."""
    delete_rows(session, KpiDataObject, col(KpiDataObject.data_object_id) == data_object_id)
    delete_rows(session, MinuteConcern, col(MinuteConcern.data_object_id) == data_object_id)


def delete_system_dependants(session: Session, system_id: int) -> None:
    """The minutes' mentions of a system (its flows are the caller's)."""
    delete_rows(session, MinuteConcern, col(MinuteConcern.system_id) == system_id)
