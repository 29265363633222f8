"""The audit trail: every insert, update and delete, recorded by one session hook.

Screens and commands never write audit rows themselves; undo, history and "changes since last
session" all read what this hook wrote.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlmodel import Session as SQLModelSession
from sqlmodel import SQLModel

from models.tables import (
    Audit,
    Candidate,
    CandidateFlow,
    Check,
    Criterion,
    DataObject,
    Definition,
    Flow,
    Kpi,
    KpiCandidate,
    KpiDataObject,
    Meeting,
    Minute,
    MinuteConcern,
    Scenario,
    Score,
    System,
)
from storage.errors import ReadOnlyError


def utc_now() -> str:
    """Now, as ISO 8601 UTC. `SEAMWORK_NOW` pins it, for reproducible screenshots and tests."""
    pinned = os.environ.get("SEAMWORK_NOW")
    if pinned:
        return pinned
    return datetime.now(UTC).isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):  # a scenario's data objects
        return [_plain(item) for item in value]
    return str(value)


def _columns(obj: SQLModel) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs]


def _snapshot(obj: SQLModel) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj) if key != "name_key"}


def _before(obj: SQLModel) -> dict[str, Any]:
    state = inspect(obj)
    values: dict[str, Any] = {}
    for key in _columns(obj):
        if key == "name_key":
            continue
        history = state.attrs[key].history
        if history.deleted:
            values[key] = _plain(history.deleted[0])
        elif history.unchanged:
            values[key] = _plain(history.unchanged[0])
        else:
            values[key] = _plain(getattr(obj, key))
    return values


def _dump(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


Labels = dict[tuple[str, int], str]


def _flow_label(session: Session, flow_id: int, labels: Labels) -> str:
    """`S -> T: O` for a flow, looked up once per flush however many of its checks change."""
    key = ("flow", flow_id)
    if key not in labels:
        label = ""
        with session.no_autoflush:
            flow = session.get(Flow, flow_id)
            if flow is not None:
                source = session.get(System, flow.source_id)
                target = session.get(System, flow.target_id)
                data_object = session.get(DataObject, flow.data_object_id)
                if source is not None and target is not None and data_object is not None:
                    label = f"{source.name} -> {target.name}: {data_object.name}"
        labels[key] = label
    return labels[key]


def _scenario_title(session: Session, scenario_id: int, labels: Labels) -> str:
    key = ("scenario", scenario_id)
    if key not in labels:
        with session.no_autoflush:
            scenario = session.get(Scenario, scenario_id)
        labels[key] = scenario.title if scenario is not None else ""
    return labels[key]


def _name_of(session: Session, model: Any, row_id: int, labels: Labels) -> str:
    """The name of a candidate, criterion, KPI or data object, once per flush."""
    key = (model.__tablename__, row_id)
    if key not in labels:
        with session.no_autoflush:
            row = session.get(model, row_id)
        labels[key] = row.name if row is not None else ""
    return labels[key]


def _pair(first: str, second: str) -> str:
    return f"{first} ({second})" if first and second else first or second


def _label(session: Session, obj: Any, labels: Labels | None = None) -> str:
    """A readable name for the audit row: the entity's name, a flow's `S -> T: O`, a check's
    `S -> T: O (Scenario title)`, a link or score `Candidate (S -> T: O)`, `Candidate
    (Criterion)`, `KPI (Candidate)`, `KPI (Data object)`. `labels` caches lookups within one
    flush."""
    labels = {} if labels is None else labels
    if isinstance(obj, Meeting):
        return f"{obj.date} {obj.title}".strip()
    if isinstance(obj, Minute):
        return obj.text
    if isinstance(obj, MinuteConcern):
        with session.no_autoflush:
            minute = session.get(Minute, obj.minute_id)
        return minute.text if minute is not None else ""
    for attr in ("name", "title"):
        value = getattr(obj, attr, None)
        if isinstance(value, str):
            return value
    if isinstance(obj, Flow):
        with session.no_autoflush:
            source = session.get(System, obj.source_id)
            target = session.get(System, obj.target_id)
            data_object = session.get(DataObject, obj.data_object_id)
        if source is not None and target is not None and data_object is not None:
            return f"{source.name} -> {target.name}: {data_object.name}"
        return ""
    if isinstance(obj, Check):
        ref = _flow_label(session, obj.flow_id, labels)
        title = _scenario_title(session, obj.scenario_id, labels)
        return f"{ref} ({title})" if ref and title else ref or title
    if isinstance(obj, Definition):
        with session.no_autoflush:
            data_object = session.get(DataObject, obj.data_object_id)
        return f"{data_object.name} ({obj.department})" if data_object else obj.department
    if isinstance(obj, CandidateFlow):
        candidate = _name_of(session, Candidate, obj.candidate_id, labels)
        return _pair(candidate, _flow_label(session, obj.flow_id, labels))
    if isinstance(obj, Score):
        candidate = _name_of(session, Candidate, obj.candidate_id, labels)
        return _pair(candidate, _name_of(session, Criterion, obj.criterion_id, labels))
    if isinstance(obj, KpiCandidate):
        kpi = _name_of(session, Kpi, obj.kpi_id, labels)
        return _pair(kpi, _name_of(session, Candidate, obj.candidate_id, labels))
    if isinstance(obj, KpiDataObject):
        kpi = _name_of(session, Kpi, obj.kpi_id, labels)
        return _pair(kpi, _name_of(session, DataObject, obj.data_object_id, labels))
    return ""


class WorkshopSession(SQLModelSession):
    """A session on a workshop file: refuses writes when read-only, audits every change."""


@event.listens_for(WorkshopSession, "before_flush")
def _audit_before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    reason = session.info.get("read_only")
    if reason and (session.new or session.dirty or session.deleted):
        raise ReadOnlyError(
            f"This workshop is open read-only ({reason}); the change was not saved."
        )
    at = utc_now()
    labels: Labels = {}
    pending: list[tuple[SQLModel, str, dict[str, Any] | None]] = []
    for obj in list(session.dirty):
        if isinstance(obj, Audit) or not session.is_modified(obj, include_collections=False):
            continue
        before, after = _before(obj), _snapshot(obj)
        if before != after:
            session.add(
                Audit(
                    at=at,
                    entity=obj.__tablename__,  # type: ignore[attr-defined]
                    entity_id=getattr(obj, "id", None),
                    name=_label(session, obj, labels),
                    action="update",
                    before=_dump(before),
                    after=_dump(after),
                )
            )
    for obj in list(session.deleted):
        if isinstance(obj, Audit):
            continue
        session.add(
            Audit(
                at=at,
                entity=obj.__tablename__,  # type: ignore[attr-defined]
                entity_id=getattr(obj, "id", None),
                name=_label(session, obj, labels),
                action="delete",
                before=_dump(_before(obj)),
            )
        )
    for obj in list(session.new):
        if not isinstance(obj, Audit):
            pending.append((obj, "create", None))
    session.info.setdefault("audit_new", []).extend(pending)


@event.listens_for(WorkshopSession, "after_flush")
def _audit_after_flush(session: Session, flush_context: Any) -> None:
    """Creations are recorded after the flush so the row's id is known."""
    pending = session.info.pop("audit_new", [])
    if not pending:
        return
    at = utc_now()
    labels: Labels = {}
    rows = [
        {
            "at": at,
            "entity": obj.__tablename__,
            "entity_id": getattr(obj, "id", None),
            "name": _label(session, obj, labels),
            "action": "create",
            "before": None,
            "after": _dump(_snapshot(obj)),
        }
        for obj, _action, _ in pending
    ]
    session.connection().execute(Audit.__table__.insert(), rows)  # type: ignore[attr-defined]
