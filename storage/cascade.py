"""Deleting rows that others depend on, through the ORM, so the audit trail sees every row.

The database would cascade on its own (foreign keys are ON), but rows SQLite removes are never
seen by the audit hook, so undo and history would lose them. Callers commit.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from models.tables import Check, Flow


def delete_flows_where(session: Session, condition: Any) -> int:
    """Delete the flows matching `condition` (a where clause on `Flow`) with their checks.

    Returns how many flows went. Checks are deleted and flushed first, so their audit rows can
    still name the flow they belonged to.
    """
    checks = session.exec(
        select(Check).join(Flow, col(Flow.id) == col(Check.flow_id)).where(condition)
    ).all()
    for check in checks:
        session.delete(check)
    if checks:
        session.flush()
    flows = session.exec(select(Flow).where(condition)).all()
    for flow in flows:
        session.delete(flow)
    return len(flows)
