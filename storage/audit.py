"""The audit trail: every insert, update and delete, recorded by one session hook.

Screens and commands never write audit rows themselves; undo, history and "changes since last
session" all read what this hook wrote.

Every committed transaction is one `Step`: the first audited change of a transaction opens a
step row, every audit row of that transaction carries its id, and at commit the step is named
from its rows (`storage.steps`). A transaction rolled back takes its step with it, and one that
changed nothing makes none. An ordinary edit ends the redo of the steps undone before it.
Storage functions whose step needs a word of their own, or that are housekeeping rather than
a person's edit, say so with `mark_step`.
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
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
    Step,
    System,
)
from storage.actor import actor_of
from storage.clock import utc_now
from storage.errors import ReadOnlyError, StorageFault
from storage.steps import StepRow, primary_index, step_label

AUDIT_TABLE: Any = Audit.__table__  # type: ignore[attr-defined]
STEP_TABLE: Any = Step.__table__  # type: ignore[attr-defined]


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
            label = _ends_label(session, flow, labels)
        labels[key] = label
    return labels[key]


def _ends_label(session: Session, flow: Flow, labels: Labels) -> str:
    """`S -> T: O` from the names of a flow's ends, each looked up once per flush."""
    source = _name_of(session, System, flow.source_id, labels)
    target = _name_of(session, System, flow.target_id, labels)
    data_object = _name_of(session, DataObject, flow.data_object_id, labels)
    return f"{source} -> {target}: {data_object}" if source and target and data_object else ""


def _prefetch_names(session: Session, objects: list[Any], labels: Labels) -> None:
    """The names every row in `objects` is labelled with (the ends of flows, a link's or a
    score's candidate, criterion, KPI, data object and flow), read in one query per table:
    an import looked them up one `Session.get` at a time (tens of thousands of them, most of
    its time)."""
    wanted: dict[Any, set[int]] = {model: set() for model in (System, DataObject, Candidate,
                                                              Criterion, Kpi)}  # fmt: skip
    flows: set[int] = set()
    for obj in objects:
        if isinstance(obj, Flow):
            wanted[System].update((obj.source_id, obj.target_id))
            wanted[DataObject].add(obj.data_object_id)
        elif isinstance(obj, CandidateFlow):
            wanted[Candidate].add(obj.candidate_id)
            flows.add(obj.flow_id)
        elif isinstance(obj, Score):
            wanted[Candidate].add(obj.candidate_id)
            wanted[Criterion].add(obj.criterion_id)
        elif isinstance(obj, KpiCandidate):
            wanted[Kpi].add(obj.kpi_id)
            wanted[Candidate].add(obj.candidate_id)
        elif isinstance(obj, KpiDataObject):
            wanted[Kpi].add(obj.kpi_id)
            wanted[DataObject].add(obj.data_object_id)
    ends: dict[int, tuple[int, int, int]] = {}
    flow_table = Flow.__table__  # type: ignore[attr-defined]
    for chunk in _chunks(sorted(i for i in flows if ("flow", i) not in labels)):
        query = sa.select(
            flow_table.c.id,
            flow_table.c.source_id,
            flow_table.c.target_id,
            flow_table.c.data_object_id,
        ).where(flow_table.c.id.in_(chunk))
        for flow_id, source, target, data_object in session.connection().execute(query):
            ends[flow_id] = (source, target, data_object)
            wanted[System].update((source, target))
            wanted[DataObject].add(data_object)
    for model, ids in wanted.items():
        table = model.__table__
        for chunk in _chunks(sorted(i for i in ids if (table.name, i) not in labels)):
            query = sa.select(table.c.id, table.c.name).where(table.c.id.in_(chunk))
            for row_id, name in session.connection().execute(query):
                labels[(table.name, row_id)] = name
    for flow_id, (source, target, data_object) in ends.items():
        names = (labels.get(("system", source)), labels.get(("system", target)),
                 labels.get(("data_object", data_object)))  # fmt: skip
        if all(names):
            labels[("flow", flow_id)] = f"{names[0]} -> {names[1]}: {names[2]}"


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    """`ids` in runs within SQLite's bound-parameter limit."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]


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
        return _ends_label(session, obj, labels)
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
    """A session on a workshop file: refuses writes when read-only, audits every change, and
    makes each committed transaction one step of the undo history. A library error that ends
    its `with` block leaves as `StorageFault` (a full disk named as such), so every caller,
    wrapped in `@boundary` or not, gets one sentence rather than SQLAlchemy's SQL."""

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        super().__exit__(type_, value, traceback)
        # `@boundary` turned some already, not knowing the file to tell a full disk by.
        cause = value.__cause__ if isinstance(value, StorageFault) else value
        if not isinstance(cause, sa.exc.DatabaseError):
            return
        from storage.boundary import storage_fault

        bind = self.bind if isinstance(self.bind, sa.engine.Engine) else None
        database = bind.url.database if bind is not None else None
        fault = storage_fault(cause, Path(database) if database else None)
        if fault.disk_full or not isinstance(value, StorageFault):
            raise fault from cause


def mark_step(
    session: Session,
    *,
    kind: str | None = None,
    label: str | None = None,
    verb: str | None = None,
    prefer: str | None = None,
    target: int | None = None,
) -> None:
    """Say what the transaction under way is, for its step: `kind` "auto" for housekeeping
    that is listed but never undone ("undo"/"redo" are `storage.queries.undo`'s), a whole
    `label`, or a `verb` and the entity to `prefer` when the label is worked out ("paste",
    "quick capture:"). Forgotten when the transaction ends, committed or not."""
    mark = session.info.setdefault("step_mark", {})
    given = {"kind": kind, "label": label, "verb": verb, "prefer": prefer, "target": target}
    mark.update({key: value for key, value in given.items() if value is not None})


def _step(session: Session) -> int | None:
    """The id of the transaction's step, opened on its first audited change; None in files
    older than undo history (tests that build them)."""
    if session.info.get("history") is False:
        return None
    step: int | None = session.info.get("step_id")
    if step is None:
        mark = session.info.get("step_mark", {})
        values: dict[str, Any] = {
            "at": utc_now(),
            "label": "",
            "kind": mark.get("kind", "edit"),
            "state": "done",
            "target": mark.get("target"),
        }
        if session.info.get("actors") is not False:
            values["actor"] = actor_of(session)
        result = session.connection().execute(STEP_TABLE.insert().values(**values))
        key = result.inserted_primary_key
        assert key is not None
        step = int(key[0])
        session.info["step_id"] = step
    return step


def own_steps(session: Session) -> list[Any]:
    """The condition on `step` rows that keeps those undo and redo may take for `session`'s
    actor: its own and those that name nobody (made before names were recorded, or by a
    process that records none); every step when the session records no actor."""
    actor = actor_of(session) if session.info.get("actors") is not False else None
    if actor is None:
        return []
    return [sa.or_(STEP_TABLE.c.actor == actor, STEP_TABLE.c.actor.is_(None))]


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
                    step=_step(session),
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
                step=_step(session),
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
    _prefetch_names(session, [obj for obj, _action, _ in pending], labels)
    step = _step(session)
    rows = [
        {
            "at": at,
            "entity": obj.__tablename__,
            "entity_id": getattr(obj, "id", None),
            "name": _label(session, obj, labels),
            "action": "create",
            "before": None,
            "after": _dump(_snapshot(obj)),
            **({} if step is None else {"step": step}),
        }
        for obj, _action, _ in pending
    ]
    session.connection().execute(AUDIT_TABLE.insert(), rows)


def _name_step(session: Session, step: int, mark: dict[str, Any]) -> str:
    """The step's label, from its rows: entity, name and action of each, and the values of
    the one row that names it only (a large import's values are never read)."""
    if mark.get("label"):
        return str(mark["label"])
    a = AUDIT_TABLE
    found = session.connection().execute(
        sa.select(a.c.id, a.c.entity, a.c.name, a.c.action).where(a.c.step == step).order_by(a.c.id)
    )
    ids, rows = [], []
    for row_id, entity, name, action in found:
        ids.append(row_id)
        rows.append(StepRow(entity, name or "", action))
    if not rows:
        return "no change"
    index = primary_index(rows, mark.get("prefer"))
    if rows[index].action == "update":
        before, after = (
            session.connection()
            .execute(sa.select(a.c.before, a.c.after).where(a.c.id == ids[index]))
            .one()
        )
        rows[index] = StepRow(rows[index].entity, rows[index].name, "update", before, after)
    return step_label(rows, verb=mark.get("verb"), prefer=mark.get("prefer"))


@event.listens_for(WorkshopSession, "before_commit")
def _close_step(session: Session) -> None:
    """Name the transaction's step, and end the redo of undone steps after an edit."""
    if session.in_nested_transaction():
        return
    session.flush()  # the rows still pending belong to the step too
    step = session.info.get("step_id")
    if step is None:
        return
    mark = session.info.get("step_mark", {})
    connection = session.connection()
    connection.execute(
        STEP_TABLE.update()
        .where(STEP_TABLE.c.id == step)
        .values(label=_name_step(session, step, mark))
    )
    if mark.get("kind", "edit") == "edit":
        connection.execute(
            STEP_TABLE.update()
            .where(STEP_TABLE.c.state == "undone", *own_steps(session))
            .values(state="discarded")
        )


@event.listens_for(WorkshopSession, "after_transaction_end")
def _forget_step(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop("step_id", None)
        session.info.pop("step_mark", None)
