"""Flows between systems: queries, edits, the interface matrix and quick capture.

Reads are single joined SQL queries over column tuples (no ORM objects), filtered and sorted
in SQL, so the Flows screen stays quick with thousands of flows. Writes go through the ORM so
the audit hook records them, and each commits at once. Flows are named by their ends and data
object (`SOURCE -> TARGET: OBJECT`); callers pass names, storage resolves them ignoring case.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict, Unpack

import sqlalchemy as sa
from sqlalchemy import Table, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from models.characters import stored_text
from models.enums import Approach, Direction, FlowState, Frequency, Mechanism
from models.names import name_key
from models.snapshot import flow_ref
from models.tables import (
    FLOW_FIELDS,
    Candidate,
    CandidateFlow,
    Check,
    DataObject,
    DataObjectBase,
    Flow,
    FlowBase,
    System,
    SystemBase,
)
from storage.audit import mark_step
from storage.boundary import boundary
from storage.concurrency import settle_edit
from storage.errors import FieldError, NotFoundError
from storage.flow_rows import FlowRow, flow_row
from storage.queries.cascade import delete_flows_where
from storage.queries.systems import like_escape

FLOW_TABLE: Table = Flow.__table__  # type: ignore[attr-defined]
SYSTEM_TABLE: Table = System.__table__  # type: ignore[attr-defined]
DATA_OBJECT_TABLE: Table = DataObject.__table__  # type: ignore[attr-defined]

SOURCE = SYSTEM_TABLE.alias("source")
TARGET = SYSTEM_TABLE.alias("target")
OBJECT = DATA_OBJECT_TABLE.alias("object")

SORTABLE: tuple[str, ...] = (
    "source",
    "target",
    "data_object",
    "frequency",
    "mechanism",
    "direction",
    "state",
    "approach",
    "owner",
    "monitored",
    "volume_per_day",
    "manual_hours_per_week",
)

_COLUMNS = (  # storage.flow_rows.FLOW_COLUMNS, as SQLAlchemy columns
    FLOW_TABLE.c.id,
    SOURCE.c.name,
    TARGET.c.name,
    OBJECT.c.name,
    FLOW_TABLE.c.frequency,
    FLOW_TABLE.c.mechanism,
    FLOW_TABLE.c.direction,
    FLOW_TABLE.c.state,
    FLOW_TABLE.c.approach,
    FLOW_TABLE.c.owner,
    FLOW_TABLE.c.error_handling,
    FLOW_TABLE.c.security,
    FLOW_TABLE.c.monitored,
    FLOW_TABLE.c.volume_per_day,
    FLOW_TABLE.c.manual_hours_per_week,
    FLOW_TABLE.c.notes,
    FLOW_TABLE.c.source_id,
    FLOW_TABLE.c.target_id,
    FLOW_TABLE.c.data_object_id,
    OBJECT.c.sensitivity,
)

_JOINED = (
    FLOW_TABLE.join(SOURCE, SOURCE.c.id == FLOW_TABLE.c.source_id)
    .join(TARGET, TARGET.c.id == FLOW_TABLE.c.target_id)
    .join(OBJECT, OBJECT.c.id == FLOW_TABLE.c.data_object_id)
)

_NAME_ORDER = (SOURCE.c.name_key, TARGET.c.name_key, OBJECT.c.name_key, FLOW_TABLE.c.id)


def _enum_order(column: Any, enum: type[StrEnum]) -> ColumnElement[Any]:
    """Sort an enumeration column in its declared order (real-time before hourly ...); an
    unknown (NULL) stays NULL."""
    return sa.case({member.value: rank for rank, member in enumerate(enum)}, value=column)


def _sort_key(sort: str) -> ColumnElement[Any]:
    flow = FLOW_TABLE.c
    keys: dict[str, Any] = {
        "source": SOURCE.c.name_key,
        "target": TARGET.c.name_key,
        "data_object": OBJECT.c.name_key,
        "frequency": _enum_order(flow.frequency, Frequency),
        "mechanism": _enum_order(flow.mechanism, Mechanism),
        "direction": _enum_order(flow.direction, Direction),
        "state": _enum_order(flow.state, FlowState),
        "approach": _enum_order(flow.approach, Approach),
        "owner": func.lower(flow.owner),
        "monitored": flow.monitored,
        "volume_per_day": flow.volume_per_day,
        "manual_hours_per_week": flow.manual_hours_per_week,
    }
    return keys.get(sort, keys["source"])  # type: ignore[no-any-return]


def _select(where: Any = None) -> sa.Select[Any]:
    statement = sa.select(*_COLUMNS).select_from(_JOINED)
    if where is not None:
        statement = statement.where(where)
    return statement


class FlowFilters(TypedDict, total=False):
    """The filters and order `list_flows` and `flow_ids` take (see `list_flows`)."""

    text: str
    system: str | None
    data_object: str | None
    sort: str
    descending: bool


def _flows_statement(
    columns: Sequence[Any],
    ids: Collection[int] | None,
    *,
    text: str = "",
    system: str | None = None,
    data_object: str | None = None,
    sort: str = "source",
    descending: bool = False,
) -> sa.Select[Any]:
    """The query of `list_flows`, selecting `columns` (a flow's, or only its id)."""
    statement = sa.select(*columns).select_from(_JOINED)
    if ids is not None:
        statement = statement.where(FLOW_TABLE.c.id.in_(sorted(ids)))
    needle = text.strip()
    if needle:
        keyed = f"%{like_escape(needle.casefold())}%"
        lowered = f"%{like_escape(needle.lower())}%"
        flow = FLOW_TABLE.c
        statement = statement.where(
            or_(
                *(
                    column.like(keyed, escape="\\")
                    for column in (SOURCE.c.name_key, TARGET.c.name_key, OBJECT.c.name_key)
                ),
                *(
                    func.lower(column).like(lowered, escape="\\")
                    for column in (
                        flow.owner,
                        flow.frequency,
                        flow.mechanism,
                        flow.direction,
                        flow.state,
                        flow.approach,
                    )
                ),
            )
        )
    if system is not None:
        key = name_key(system)
        statement = statement.where(or_(SOURCE.c.name_key == key, TARGET.c.name_key == key))
    if data_object is not None:
        statement = statement.where(OBJECT.c.name_key == name_key(data_object))
    primary = _sort_key(sort if sort in SORTABLE else "source")
    ordered = primary.desc() if descending else primary.asc()
    # Unknown answers (NULL) come last either way: they are the questions still to ask.
    return statement.order_by(ordered.nulls_last(), *_NAME_ORDER)


def list_flows(
    session: Session, *, ids: Collection[int] | None = None, **filters: Unpack[FlowFilters]
) -> list[FlowRow]:
    """Flows matching every filter given, in one query, sorted in SQL.

    `text` matches the ends, the data object, the owner and the enumerations; `system` keeps
    flows with that system at either end; `data_object` keeps flows carrying it (both by name,
    ignoring case); `ids` keeps only those flows. `sort` is one of `SORTABLE` (`descending`
    turns it round); ties fall back to source, target, object.
    """
    statement = _flows_statement(_COLUMNS, ids, **filters)
    return [flow_row(values) for values in session.connection().execute(statement)]


def flow_ids(session: Session, **filters: Unpack[FlowFilters]) -> list[int]:
    """The ids `list_flows` would give, in its order, without reading the flows: where a
    flow an undo brought back goes among 5,000 (a tenth of the time of reading them all)."""
    statement = _flows_statement((FLOW_TABLE.c.id,), None, **filters)
    return [int(found) for found in session.connection().execute(statement).scalars()]


def count_flows(session: Session) -> int:
    return int(
        session.connection().execute(sa.select(func.count()).select_from(FLOW_TABLE)).scalar_one()
    )


def get_flow(session: Session, *, flow_id: int) -> FlowRow:
    found = session.connection().execute(_select(FLOW_TABLE.c.id == flow_id)).first()
    if found is None:
        raise NotFoundError("That flow no longer exists.")
    return flow_row(found)


def flows_for_system(session: Session, *, name: str) -> tuple[list[FlowRow], list[FlowRow]]:
    """The flows bringing data into a system and those taking data out: (inbound, outbound).

    A two-way flow moves data both ways, so it is in both lists.
    """
    key = name_key(name)
    exists = session.exec(select(System.id).where(System.name_key == key)).first()
    if exists is None:
        raise NotFoundError("That system no longer exists.")
    inbound: list[FlowRow] = []
    outbound: list[FlowRow] = []
    for row in list_flows(session, system=name):
        is_target = row.target_id == exists
        if is_target or row.two_way:
            inbound.append(row)
        if not is_target or row.two_way:
            outbound.append(row)
    return inbound, outbound


# --- what a deletion would take with it -----------------------------------------------------


def _refs(session: Session, where: Any) -> list[str]:
    statement = (
        sa.select(SOURCE.c.name, TARGET.c.name, OBJECT.c.name)
        .select_from(_JOINED)
        .where(where)
        .order_by(*_NAME_ORDER)
    )
    return [flow_ref(*values) for values in session.connection().execute(statement)]


def flows_using_system(session: Session, *, system_id: int) -> list[str]:
    """The flows (`S -> T: O`) that deleting the system would delete, sorted."""
    flow = FLOW_TABLE.c
    return _refs(session, or_(flow.source_id == system_id, flow.target_id == system_id))


def flows_using_data_object(session: Session, *, data_object_id: int) -> list[str]:
    """The flows (`S -> T: O`) that deleting the data object would delete, sorted."""
    return _refs(session, FLOW_TABLE.c.data_object_id == data_object_id)


def data_objects_sourced_from(session: Session, *, system_id: int) -> list[str]:
    """Data objects that would lose their source of truth if the system were deleted."""
    table = DATA_OBJECT_TABLE
    statement = (
        sa.select(table.c.name)
        .where(table.c.source_of_truth_id == system_id)
        .order_by(table.c.name_key)
    )
    return list(session.connection().execute(statement).scalars())


# --- edits ----------------------------------------------------------------------------------


def _validated(data: FlowBase | Mapping[str, Any] | None) -> FlowBase:
    if data is None:
        return FlowBase()
    if isinstance(data, FlowBase):
        return FlowBase.model_validate(data.model_dump())
    return FlowBase.model_validate(dict(data))


def _system(session: Session, name: str, field_name: str) -> System:
    found = session.exec(select(System).where(System.name_key == name_key(name))).first()
    if found is None:
        raise FieldError(field_name, f'No system named "{name.strip()}".')
    return found


def _data_object(session: Session, name: str) -> DataObject:
    found = session.exec(select(DataObject).where(DataObject.name_key == name_key(name))).first()
    if found is None:
        raise FieldError("data_object", f'No data object named "{name.strip()}".')
    return found


def _check_flow(
    session: Session,
    source: System,
    target: System,
    data_object: DataObject,
    *,
    exclude_id: int | None = None,
) -> None:
    if source.id == target.id:
        raise FieldError("target", "Source and target must be different systems.")
    statement = select(Flow.id).where(
        col(Flow.source_id) == source.id,
        col(Flow.target_id) == target.id,
        col(Flow.data_object_id) == data_object.id,
    )
    existing = session.exec(statement).first()
    if existing is not None and existing != exclude_id:
        ref = flow_ref(source.name, target.name, data_object.name)
        raise FieldError("data_object", f'The flow "{ref}" already exists.')


def _new_flow(source: System, target: System, data_object: DataObject, fields: FlowBase) -> Flow:
    assert source.id is not None and target.id is not None and data_object.id is not None
    return Flow(
        source_id=source.id,
        target_id=target.id,
        data_object_id=data_object.id,
        **fields.model_dump(),
    )


def _same_ends(source: str, target: str) -> None:
    if name_key(source) == name_key(target):
        raise FieldError("target", "Source and target must be different systems.")


@boundary
def create_flow(
    session: Session,
    *,
    source: str,
    target: str,
    data_object: str,
    data: FlowBase | Mapping[str, Any] | None = None,
) -> FlowRow:
    """Add a flow between two existing systems, by name; returns it as a row.

    Raises `InvalidInput` for bad field values and `FieldError` (field `source`,
    `target` or `data_object`) for unknown names, equal ends or a flow that already exists.
    """
    clean = _validated(data)
    _same_ends(source, target)
    source_row = _system(session, source, "source")
    target_row = _system(session, target, "target")
    object_row = _data_object(session, data_object)
    _check_flow(session, source_row, target_row, object_row)
    flow = _new_flow(source_row, target_row, object_row, clean)
    session.add(flow)
    session.commit()
    assert flow.id is not None
    return get_flow(session, flow_id=flow.id)


@boundary
def update_flow(
    session: Session,
    *,
    flow_id: int,
    source: str | None = None,
    target: str | None = None,
    data_object: str | None = None,
    data: FlowBase | Mapping[str, Any] | None = None,
    expected: Mapping[str, Any] | None = None,
) -> FlowRow:
    """Change a flow: ends or data object by name (None keeps them) and any fields.

    A mapping (or a `FlowBase` built from some fields) changes only the fields it sets.
    `expected`: the fields' values the form was opened with (`storage.concurrency`).
    """
    flow = session.get(Flow, flow_id, populate_existing=True)  # what the file holds now
    if flow is None:
        raise NotFoundError("That flow no longer exists.")
    if data is None:
        values: dict[str, Any] = {}
    elif isinstance(data, FlowBase):
        values = data.model_dump(exclude_unset=True)
    else:
        values = dict(data)
    values = settle_edit(session, flow, base=FlowBase, fields=FLOW_FIELDS, values=values,
                         expected=expected, what="flow")  # fmt: skip
    current = {name: getattr(flow, name) for name in FLOW_FIELDS}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = FlowBase.model_validate({**current, **values})
    source_row = (
        _system(session, source, "source")
        if source is not None
        else session.get(System, flow.source_id)
    )
    target_row = (
        _system(session, target, "target")
        if target is not None
        else session.get(System, flow.target_id)
    )
    object_row = (
        _data_object(session, data_object)
        if data_object is not None
        else session.get(DataObject, flow.data_object_id)
    )
    assert source_row is not None and target_row is not None and object_row is not None
    _check_flow(session, source_row, target_row, object_row, exclude_id=flow.id)
    assert source_row.id is not None and target_row.id is not None and object_row.id is not None
    flow.source_id, flow.target_id = source_row.id, target_row.id
    flow.data_object_id = object_row.id
    for name in FLOW_FIELDS:
        setattr(flow, name, getattr(clean, name))
    session.add(flow)
    session.commit()
    return get_flow(session, flow_id=flow_id)


@dataclass(frozen=True)
class FlowDependants:
    """What goes with a flow when it is deleted, for the confirmation to name."""

    checks: int
    candidates: tuple[str, ...]  # candidates that lose it, by name


def flow_dependants(session: Session, *, flow_id: int) -> FlowDependants:
    checks = session.exec(
        select(func.count()).select_from(Check).where(col(Check.flow_id) == flow_id)
    ).one()
    names = session.exec(
        select(Candidate.name)
        .join(CandidateFlow, col(CandidateFlow.candidate_id) == col(Candidate.id))
        .where(col(CandidateFlow.flow_id) == flow_id)
        .order_by(col(Candidate.name_key))
    ).all()
    return FlowDependants(checks=int(checks), candidates=tuple(names))


def delete_flow(session: Session, *, flow_id: int) -> None:
    """Delete a flow and its scenario checks, each recorded in the audit trail."""
    flow = session.get(Flow, flow_id, populate_existing=True)  # what the file holds now
    if flow is None:
        raise NotFoundError("That flow no longer exists.")
    try:
        delete_flows_where(session, col(Flow.id) == flow_id)
        session.commit()
    except Exception:
        session.rollback()
        raise


# --- interface matrix -----------------------------------------------------------------------

_RECORD = "\x1e"  # names never hold control characters (`models.names.clean_name`)
_UNIT = "\x1f"


@dataclass(frozen=True)
class MatrixCell:
    """The flows from one system to another, sorted by data object."""

    source: str
    target: str
    flow_ids: tuple[int, ...]
    data_objects: tuple[str, ...]  # aligned with `flow_ids`
    two_way: int  # how many of them are two-way

    @property
    def count(self) -> int:
        return len(self.flow_ids)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(flow_ref(self.source, self.target, obj) for obj in self.data_objects)


@dataclass(frozen=True)
class InterfaceMatrix:
    """Systems by systems: each cell holds the flows whose recorded source is the row.

    `systems` are sorted by name: those at either end of a flow, or every system when asked.
    A two-way flow is counted once, in the cell of its recorded source.
    """

    systems: tuple[str, ...]
    cells: dict[tuple[str, str], MatrixCell] = field(default_factory=dict)

    @property
    def counts(self) -> dict[tuple[str, str], int]:
        return {key: cell.count for key, cell in self.cells.items()}

    @property
    def flow_ids(self) -> dict[tuple[str, str], tuple[int, ...]]:
        return {key: cell.flow_ids for key, cell in self.cells.items()}

    def count(self, source: str, target: str) -> int:
        cell = self.cells.get((source, target))
        return cell.count if cell else 0

    def cell(self, source: str, target: str) -> MatrixCell | None:
        return self.cells.get((source, target))

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells.values())


def _name_order(name: str) -> tuple[str, str]:
    return (name.casefold(), name)


def _on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def interface_matrix(session: Session, *, include_all: bool = False) -> InterfaceMatrix:
    """Flow counts per (source, target) pair, from one GROUP BY query."""
    flow = FLOW_TABLE.c
    member = sa.cast(flow.id, sa.String) + sa.literal(_UNIT) + OBJECT.c.name
    statement = (
        sa.select(
            SOURCE.c.name,
            TARGET.c.name,
            func.sum(sa.case((flow.direction == Direction.TWO_WAY.value, 1), else_=0)),
            # SQLite's group_concat is PostgreSQL's string_agg (same arguments).
            (func.group_concat if _on_sqlite(session) else func.string_agg)(member, _RECORD),
        )
        .select_from(_JOINED)
        # The names too: PostgreSQL refuses a column neither grouped nor aggregated (SQLite
        # took them from the ids, which decide them).
        .group_by(flow.source_id, flow.target_id, SOURCE.c.name, TARGET.c.name)
    )
    cells: dict[tuple[str, str], MatrixCell] = {}
    names: set[str] = set()
    for source, target, two_way, members in session.connection().execute(statement):
        pairs = sorted(
            ((int(i), obj) for i, obj in (m.split(_UNIT, 1) for m in members.split(_RECORD))),
            key=lambda pair: (_name_order(pair[1]), pair[0]),
        )
        cells[(source, target)] = MatrixCell(
            source=source,
            target=target,
            flow_ids=tuple(i for i, _ in pairs),
            data_objects=tuple(obj for _, obj in pairs),
            two_way=int(two_way or 0),
        )
        names.update((source, target))
    if include_all:
        names.update(session.connection().execute(sa.select(SYSTEM_TABLE.c.name)).scalars())
    return InterfaceMatrix(systems=tuple(sorted(names, key=_name_order)), cells=cells)


# --- quick capture --------------------------------------------------------------------------


@dataclass(frozen=True)
class CapturePlan:
    """What capturing a flow would do: names resolved to existing ones, and what is new."""

    source: str  # the existing system's name when there is one, else as typed
    target: str
    data_object: str
    new_systems: tuple[str, ...]
    new_data_object: str | None
    exists: bool  # that flow is already recorded

    @property
    def creates_anything_else(self) -> bool:
        """True when the facilitator must confirm new systems or a new data object first."""
        return bool(self.new_systems or self.new_data_object)

    @property
    def ref(self) -> str:
        return flow_ref(self.source, self.target, self.data_object)

    def question(self) -> str:
        """The one-line confirmation, e.g. `Create the system "ERP" and the data object ...?`."""
        parts = []
        if self.new_systems:
            quoted = " and ".join(f'"{name}"' for name in self.new_systems)
            parts.append(f"the system{'s' if len(self.new_systems) > 1 else ''} {quoted}")
        if self.new_data_object:
            parts.append(f'the data object "{self.new_data_object}"')
        return f"Create {' and '.join(parts)} for {self.ref}?" if parts else ""


@dataclass(frozen=True)
class CaptureResult:
    flow: FlowRow
    created_systems: tuple[str, ...] = ()
    created_data_object: str | None = None


def plan_capture(session: Session, *, source: str, target: str, data_object: str) -> CapturePlan:
    """Resolve a captured line's names ("erp" is the existing "ERP"); nothing is written."""
    _same_ends(source, target)
    found = {
        key: name
        for key, name in session.exec(
            select(System.name_key, System.name).where(
                col(System.name_key).in_([name_key(source), name_key(target)])
            )
        )
    }
    obj = session.exec(
        select(DataObject.name).where(DataObject.name_key == name_key(data_object))
    ).first()
    source_name = found.get(name_key(source), source.strip())
    target_name = found.get(name_key(target), target.strip())
    object_name = obj if obj is not None else data_object.strip()
    exists = False
    if name_key(source) in found and name_key(target) in found and obj is not None:
        exists = bool(
            _refs(
                session,
                sa.and_(
                    SOURCE.c.name_key == name_key(source),
                    TARGET.c.name_key == name_key(target),
                    OBJECT.c.name_key == name_key(data_object),
                ),
            )
        )
    return CapturePlan(
        source=source_name,
        target=target_name,
        data_object=object_name,
        new_systems=tuple(name.strip() for name in (source, target) if name_key(name) not in found),
        new_data_object=None if obj is not None else data_object.strip(),
        exists=exists,
    )


@boundary
def create_flow_capture(
    session: Session,
    *,
    source: str,
    target: str,
    data_object: str,
    fields: FlowBase | Mapping[str, Any] | None = None,
    create_missing: bool = False,
) -> CaptureResult:
    """Record a captured flow, creating missing systems and data object when allowed.

    Everything happens in one transaction: on any error nothing is created. Without
    `create_missing`, a name that matches nothing raises `FieldError` like `create_flow`.
    New systems and data objects take the defaults; the facilitator fills them in later.
    """
    clean = _validated(fields)
    plan = plan_capture(session, source=source, target=target, data_object=data_object)
    if not create_missing:
        return CaptureResult(
            flow=create_flow(
                session, source=source, target=target, data_object=data_object, data=clean
            )
        )
    try:
        mark_step(session, verb="quick capture: add", prefer="flow")
        for name in plan.new_systems:
            system = System.model_validate(SystemBase(name=name))
            system.set_name_key()
            session.add(system)
        if plan.new_data_object is not None:
            obj = DataObject.model_validate(DataObjectBase(name=plan.new_data_object))
            obj.set_name_key()
            session.add(obj)
        session.flush()
        source_row = _system(session, plan.source, "source")
        target_row = _system(session, plan.target, "target")
        object_row = _data_object(session, plan.data_object)
        _check_flow(session, source_row, target_row, object_row)
        flow = _new_flow(source_row, target_row, object_row, clean)
        session.add(flow)
        session.commit()
    except Exception:
        session.rollback()
        raise
    assert flow.id is not None
    return CaptureResult(
        flow=get_flow(session, flow_id=flow.id),
        created_systems=plan.new_systems,
        created_data_object=plan.new_data_object,
    )


def capture_names(session: Session) -> tuple[list[str], list[str]]:
    """(system names, data object names): what quick capture matches typed names against."""
    systems = list(session.exec(select(System.name)))
    objects = list(session.exec(select(DataObject.name)))
    return systems, objects


@dataclass(frozen=True)
class CaptureItem:
    """One captured line for `create_flow_captures`: names as they are to be stored."""

    source: str
    target: str
    data_object: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@boundary
def create_flow_captures(
    session: Session, *, items: Sequence[CaptureItem], create_missing: bool = False
) -> list[CaptureResult]:
    """Record several captured flows (lines pasted at once) in one transaction and one step
    of undo: all of them, or none. Missing systems and data objects are created once each,
    when allowed; without `create_missing` a name that matches nothing raises `FieldError`.
    A flow already recorded, or given twice, raises `FieldError` and nothing is written."""
    cleaned = [_validated(item.fields) for item in items]
    try:
        mark_step(session, verb="quick capture: add", prefer="flow")
        made_systems: dict[str, str] = {}
        made_objects: dict[str, str] = {}
        plans = []
        for item in items:
            plan = plan_capture(
                session, source=item.source, target=item.target, data_object=item.data_object
            )
            if plan.creates_anything_else and not create_missing:
                _system(session, item.source, "source")
                _system(session, item.target, "target")
                _data_object(session, item.data_object)
            for name in plan.new_systems:
                if name_key(name) not in made_systems:
                    made_systems[name_key(name)] = name
                    system = System.model_validate(SystemBase(name=name))
                    system.set_name_key()
                    session.add(system)
            new_object = plan.new_data_object
            if new_object is not None and name_key(new_object) not in made_objects:
                made_objects[name_key(new_object)] = new_object
                obj = DataObject.model_validate(DataObjectBase(name=new_object))
                obj.set_name_key()
                session.add(obj)
            session.flush()
            plans.append(plan)
        flows = []
        for item, clean in zip(items, cleaned, strict=True):
            source_row = _system(session, item.source, "source")
            target_row = _system(session, item.target, "target")
            object_row = _data_object(session, item.data_object)
            _check_flow(session, source_row, target_row, object_row)
            flow = _new_flow(source_row, target_row, object_row, clean)
            session.add(flow)
            session.flush()
            flows.append(flow)
        session.commit()
    except Exception:
        session.rollback()
        raise
    results = []
    for flow, plan in zip(flows, plans, strict=True):
        assert flow.id is not None
        results.append(
            CaptureResult(
                flow=get_flow(session, flow_id=flow.id),
                created_systems=plan.new_systems,
                created_data_object=plan.new_data_object,
            )
        )
    return results


__all__ = [
    "SORTABLE",
    "CaptureItem",
    "capture_names",
    "create_flow_captures",
    "FlowDependants",
    "CapturePlan",
    "CaptureResult",
    "FlowRow",
    "InterfaceMatrix",
    "MatrixCell",
    "count_flows",
    "create_flow",
    "create_flow_capture",
    "data_objects_sourced_from",
    "delete_flow",
    "flow_dependants",
    "flows_for_system",
    "flows_using_data_object",
    "flows_using_system",
    "get_flow",
    "interface_matrix",
    "list_flows",
    "plan_capture",
    "update_flow",
]
