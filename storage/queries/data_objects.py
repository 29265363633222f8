"""Data objects and their per-department definitions. Every edit commits at once.

`save_data_object` is what a form calls: the object and all its definitions in one
transaction, so a refused definition leaves the file as it was.

Lists return small frozen rows built from a few grouped queries (never one query per object),
so the TUI can show the source of truth, flow and definition counts and a definition-conflict
flag without touching ORM objects from its worker threads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import EllipsisType
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy import Table, func, or_
from sqlmodel import Session, col, select

from models.characters import stored_text
from models.enums import Sensitivity
from models.findings import definitions_conflict
from models.names import name_key
from models.tables import (
    DATA_OBJECT_FIELDS,
    DataObject,
    DataObjectBase,
    Definition,
    DefinitionBase,
    Flow,
    System,
)
from models.validation import field_errors
from storage.boundary import boundary
from storage.concurrency import settle_edit
from storage.errors import DefinitionErrors, FieldError, NotFoundError
from storage.queries.cascade import delete_data_object_dependants, delete_flows_where
from storage.queries.systems import like_escape

DATA_OBJECT_TABLE: Table = DataObject.__table__  # type: ignore[attr-defined]
DEFINITION_TABLE: Table = Definition.__table__  # type: ignore[attr-defined]
FLOW_TABLE: Table = Flow.__table__  # type: ignore[attr-defined]
SYSTEM_TABLE: Table = System.__table__  # type: ignore[attr-defined]

# Passed as `source_of_truth` to `update_data_object` (the default): leave it as it is.
KEEP = ...


@dataclass(frozen=True)
class DataObjectRow:
    """One data object as the Data objects view shows it."""

    id: int
    name: str
    owner: str
    sensitivity: Sensitivity | None  # None: not recorded
    definition: str
    source_of_truth: str | None  # the system's name, None when nobody has said
    source_of_truth_id: int | None
    flows: int  # flows that carry it
    definitions: int  # department definitions
    def_conflict: bool  # departments define it differently (DEF-CONFLICT)


@dataclass(frozen=True)
class DefinitionRow:
    id: int
    data_object_id: int
    department: str
    text: str


def _rows(session: Session, where: Any = None) -> list[DataObjectRow]:
    d, sot = DATA_OBJECT_TABLE, SYSTEM_TABLE
    flow_counts = (
        sa.select(FLOW_TABLE.c.data_object_id, func.count().label("n"))
        .group_by(FLOW_TABLE.c.data_object_id)
        .subquery()
    )
    definition_counts = (
        sa.select(DEFINITION_TABLE.c.data_object_id, func.count().label("n"))
        .group_by(DEFINITION_TABLE.c.data_object_id)
        .subquery()
    )
    statement = (
        sa.select(
            d.c.id,
            d.c.name,
            d.c.owner,
            d.c.sensitivity,
            d.c.definition,
            sot.c.name,
            d.c.source_of_truth_id,
            func.coalesce(flow_counts.c.n, 0),
            func.coalesce(definition_counts.c.n, 0),
        )
        .select_from(
            d.outerjoin(sot, sot.c.id == d.c.source_of_truth_id)
            .outerjoin(flow_counts, flow_counts.c.data_object_id == d.c.id)
            .outerjoin(definition_counts, definition_counts.c.data_object_id == d.c.id)
        )
        .order_by(d.c.name_key)
    )
    if where is not None:
        statement = statement.where(where)
    found = session.connection().execute(statement).all()
    conflicts = _conflicting(session, [row[0] for row in found])
    return [
        DataObjectRow(
            id=row[0],
            name=row[1],
            owner=row[2],
            sensitivity=None if row[3] is None else Sensitivity(row[3]),
            definition=row[4],
            source_of_truth=row[5],
            source_of_truth_id=row[6],
            flows=row[7],
            definitions=row[8],
            def_conflict=row[0] in conflicts,
        )
        for row in found
    ]


def _conflicting(session: Session, ids: list[int]) -> set[int]:
    """Ids of data objects whose department definitions disagree (one query for all)."""
    if not ids:
        return set()
    table = DEFINITION_TABLE
    texts: dict[int, list[str]] = {}
    statement = sa.select(table.c.data_object_id, table.c.text).where(table.c.text != "")
    if len(ids) < 500:  # a filtered list; the whole list needs no IN clause
        statement = statement.where(table.c.data_object_id.in_(ids))
    for object_id, text in session.connection().execute(statement):
        texts.setdefault(object_id, []).append(text)
    return {object_id for object_id, group in texts.items() if definitions_conflict(group)}


def list_data_objects(session: Session, *, text: str = "") -> list[DataObjectRow]:
    """Data objects matching `text` (name, owner, sensitivity, definition, source of truth)."""
    needle = text.strip()
    if not needle:
        return _rows(session)
    pattern = f"%{like_escape(needle.casefold())}%"
    lowered = f"%{like_escape(needle.lower())}%"
    d = DATA_OBJECT_TABLE
    return _rows(
        session,
        or_(
            d.c.name_key.like(pattern, escape="\\"),
            SYSTEM_TABLE.c.name_key.like(pattern, escape="\\"),
            *(
                func.lower(column).like(lowered, escape="\\")
                for column in (d.c.owner, d.c.sensitivity, d.c.definition)
            ),
        ),
    )


def get_data_object_row(session: Session, *, data_object_id: int) -> DataObjectRow:
    rows = _rows(session, DATA_OBJECT_TABLE.c.id == data_object_id)
    if not rows:
        raise NotFoundError("That data object no longer exists.")
    return rows[0]


def get_data_object(session: Session, *, name: str) -> DataObject | None:
    """The data object called `name`, compared case-insensitively."""
    return session.exec(select(DataObject).where(DataObject.name_key == name_key(name))).first()


def get_data_object_by_id(session: Session, *, data_object_id: int) -> DataObject:
    data_object = session.get(DataObject, data_object_id, populate_existing=True)
    if data_object is None:
        raise NotFoundError("That data object no longer exists.")
    return data_object


def _check_unique(session: Session, name: str, *, exclude_id: int | None = None) -> None:
    existing = get_data_object(session, name=name)
    if existing is not None and existing.id != exclude_id:
        raise FieldError("name", f'A data object named "{existing.name}" already exists.')


def _system_id(session: Session, source_of_truth: str | None) -> int | None:
    """The id of the system named `source_of_truth`; None or blank means "nobody yet"."""
    if source_of_truth is None or not source_of_truth.strip():
        return None
    found = session.exec(
        select(System.id).where(System.name_key == name_key(source_of_truth))
    ).first()
    if found is None:
        raise FieldError("source_of_truth", f'No system named "{source_of_truth.strip()}".')
    return found


def _new_data_object(
    session: Session, data: DataObjectBase | Mapping[str, Any], source_of_truth: str | None
) -> DataObject:
    """A validated new data object, added to the session but not committed."""
    values = data.model_dump() if isinstance(data, DataObjectBase) else dict(data)
    clean = DataObjectBase.model_validate(values)
    _check_unique(session, clean.name)
    row = DataObject.model_validate(clean)
    row.source_of_truth_id = _system_id(session, source_of_truth)
    row.set_name_key()
    session.add(row)
    return row


def _changed_data_object(
    session: Session,
    row: DataObject,
    data: DataObjectBase | Mapping[str, Any] | None,
    source_of_truth: str | None | EllipsisType,
    expected: Mapping[str, Any] | None = None,
) -> None:
    """Validate `data` over `row` and give it to `row`, in the session but not committed;
    with `expected`, only the fields changed from it (`storage.concurrency`)."""
    if data is None:
        values: dict[str, Any] = {}
    elif isinstance(data, DataObjectBase):
        values = data.model_dump(exclude_unset=True)
    else:
        values = dict(data)
    values = settle_edit(session, row, base=DataObjectBase, fields=DATA_OBJECT_FIELDS,
                         values=values, expected=expected, what="data object")  # fmt: skip
    current = {field: getattr(row, field) for field in DATA_OBJECT_FIELDS}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = DataObjectBase.model_validate({**current, **values})
    _check_unique(session, clean.name, exclude_id=row.id)
    if not isinstance(source_of_truth, EllipsisType):
        row.source_of_truth_id = _system_id(session, source_of_truth)
    for field in DATA_OBJECT_FIELDS:
        setattr(row, field, getattr(clean, field))
    row.set_name_key()
    session.add(row)


@boundary
def create_data_object(
    session: Session,
    *,
    data: DataObjectBase | Mapping[str, Any],
    source_of_truth: str | None = None,
) -> DataObject:
    """Validate and add one data object; raises `InvalidInput` or `FieldError`."""
    row = _new_data_object(session, data, source_of_truth)
    session.commit()
    session.refresh(row)
    return row


@boundary
def update_data_object(
    session: Session,
    *,
    data_object_id: int,
    data: DataObjectBase | Mapping[str, Any] | None = None,
    source_of_truth: str | None | EllipsisType = KEEP,
    expected: Mapping[str, Any] | None = None,
) -> DataObject:
    """Change a data object's fields (partial mappings keep the rest); `expected`, the
    values the form was opened with (`storage.concurrency`).

    `source_of_truth` names a system, None or "" clears it, and leaving it out keeps it.
    """
    row = get_data_object_by_id(session, data_object_id=data_object_id)
    _changed_data_object(session, row, data, source_of_truth, expected)
    session.commit()
    return row


@boundary
def save_data_object(
    session: Session,
    *,
    data_object_id: int | None = None,
    data: DataObjectBase | Mapping[str, Any],
    source_of_truth: str | None = None,
    definitions: Sequence[tuple[str, str]] = (),
    expected: Mapping[str, Any] | None = None,
) -> DataObject:
    """Add a data object (`data_object_id` None) or change one, and make its department
    definitions exactly `definitions`, (department, text) pairs, all in one transaction.

    A pair with neither department nor text is skipped, and one with no text means the
    department has no definition. Raises `DefinitionErrors` for refused definitions (checked
    first), then `InvalidInput` or `FieldError` for the object, `NotFoundError`
    when the object to change is gone; whatever is raised, nothing is written.
    """
    wanted = _clean_definitions(definitions)
    try:
        if data_object_id is None:
            row = _new_data_object(session, data, source_of_truth)
            session.flush()
        else:
            row = get_data_object_by_id(session, data_object_id=data_object_id)
            _changed_data_object(session, row, data, source_of_truth, expected)
        assert row.id is not None
        _replace_definitions(session, row.id, wanted)
        session.commit()
    except Exception:
        session.rollback()
        raise
    session.refresh(row)
    return row


def delete_data_object(session: Session, *, data_object_id: int) -> None:
    """Delete a data object with its flows (and their checks and places in candidates), its
    definitions and KPI links, each recorded in the audit trail.

    The database would cascade on its own, but rows it removes are never seen by the audit
    hook, so they are deleted here explicitly, in the same transaction.
    """
    row = get_data_object_by_id(session, data_object_id=data_object_id)
    try:
        delete_flows_where(session, col(Flow.data_object_id) == row.id)
        assert row.id is not None
        delete_data_object_dependants(session, row.id)
        for definition in session.exec(
            select(Definition).where(Definition.data_object_id == row.id)
        ):
            session.delete(definition)
        session.flush()
        session.delete(row)
        session.commit()
    except Exception:
        session.rollback()
        raise


# --- department definitions -----------------------------------------------------------------


def _definition_row(definition: Definition) -> DefinitionRow:
    assert definition.id is not None
    return DefinitionRow(
        id=definition.id,
        data_object_id=definition.data_object_id,
        department=definition.department,
        text=definition.text,
    )


def list_definitions(session: Session, *, data_object_id: int) -> list[DefinitionRow]:
    """One data object's department definitions, by department."""
    found = session.exec(
        select(Definition).where(Definition.data_object_id == data_object_id)
    ).all()
    return sorted(
        (_definition_row(d) for d in found),
        key=lambda d: (d.department.casefold(), d.department),
    )


def _find_definition(session: Session, data_object_id: int, department: str) -> Definition | None:
    return session.exec(
        select(Definition).where(
            Definition.data_object_id == data_object_id,
            Definition.department_key == name_key(department),
        )
    ).first()


def _put_definition(session: Session, data_object_id: int, clean: DefinitionBase) -> Definition:
    """Record `clean` (with text) as its department's definition; not committed."""
    existing = _find_definition(session, data_object_id, clean.department)
    if existing is None:
        existing = Definition(data_object_id=data_object_id, department=clean.department)
    for field, value in (
        ("department", clean.department),
        ("department_key", name_key(clean.department)),
        ("text", clean.text),
    ):
        if getattr(existing, field) != value:
            setattr(existing, field, value)
    session.add(existing)
    return existing


@boundary
def validate_definition(*, department: str, text: str) -> DefinitionBase:
    """One department's definition as valid values, without saving; raises `InvalidInput`."""
    return DefinitionBase.model_validate({"department": department, "text": text})


@boundary
def set_definition(
    session: Session, *, data_object_id: int, department: str, text: str
) -> DefinitionRow | None:
    """Record what `department` means by a data object, replacing what it said before.

    Empty `text` removes the department's definition (and returns None). Raises
    `InvalidInput` for a bad department name, `NotFoundError` for a gone object.
    """
    get_data_object_by_id(session, data_object_id=data_object_id)
    clean = validate_definition(department=department, text=text)
    if not clean.text:
        existing = _find_definition(session, data_object_id, clean.department)
        if existing is not None:
            session.delete(existing)
            session.commit()
        return None
    definition = _put_definition(session, data_object_id, clean)
    session.commit()
    session.refresh(definition)
    return _definition_row(definition)


def _clean_definitions(definitions: Sequence[tuple[str, str]]) -> list[DefinitionBase]:
    """The definitions with text, validated; `DefinitionErrors` names every one refused."""
    refused: dict[int, str] = {}
    clean: list[DefinitionBase] = []
    seen: dict[str, str] = {}  # department key: the department as first written
    for position, (department, text) in enumerate(definitions):
        if not department.strip():
            if text.strip():
                refused[position] = "Name the department that means this."
            continue
        try:
            definition = DefinitionBase.model_validate({"department": department, "text": text})
        except ValidationError as exc:
            refused[position] = next(iter(field_errors(exc).values()))
            continue
        key = name_key(definition.department)
        if key in seen:
            refused[position] = f"{seen[key]} is listed twice; keep one definition per department."
            continue
        seen[key] = definition.department
        clean.append(definition)
    if refused:
        raise DefinitionErrors(refused)
    return [definition for definition in clean if definition.text]


def _replace_definitions(
    session: Session, data_object_id: int, wanted: list[DefinitionBase]
) -> None:
    """Make the object's definitions exactly `wanted` (validated, with text); not committed."""
    keep = {name_key(definition.department) for definition in wanted}
    for existing in session.exec(
        select(Definition).where(Definition.data_object_id == data_object_id)
    ):
        if existing.department_key not in keep:
            session.delete(existing)
    for definition in wanted:
        _put_definition(session, data_object_id, definition)


def delete_definition(session: Session, *, data_object_id: int, department: str) -> None:
    """Remove one department's definition; `NotFoundError` when it has none."""
    existing = _find_definition(session, data_object_id, department)
    if existing is None:
        raise NotFoundError(f"{department.strip()} has no definition of that data object.")
    session.delete(existing)
    session.commit()


__all__ = [
    "KEEP",
    "DataObjectRow",
    "DefinitionRow",
    "create_data_object",
    "delete_data_object",
    "delete_definition",
    "get_data_object",
    "get_data_object_by_id",
    "get_data_object_row",
    "list_data_objects",
    "list_definitions",
    "save_data_object",
    "set_definition",
    "update_data_object",
    "validate_definition",
]
