"""Queries and edits for the workshop and its systems. Every edit commits at once."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from models.characters import stored_text
from models.names import name_key
from models.tables import (
    SYSTEM_FIELDS,
    WORKSHOP_FIELDS,
    DataObject,
    Flow,
    System,
    SystemBase,
    Workshop,
    WorkshopBase,
)
from storage.audit import mark_step
from storage.boundary import boundary
from storage.concurrency import settle_edit
from storage.errors import FieldError, NotFoundError
from storage.queries.cascade import delete_flows_where, delete_system_dependants

SORTABLE = ("name", "category", "vendor", "owner", "lifecycle", "api", "criticality", "hosting")


def like_escape(text: str) -> str:
    """Escape LIKE wildcards so a filter matches what was typed, literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_workshop(session: Session) -> Workshop:
    workshop = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if workshop is None:  # a file whose workshop row was removed by hand
        mark_step(session, kind="auto", label="restore the workshop details")
        workshop = Workshop(name="Workshop")
        session.add(workshop)
        session.commit()
    return workshop


@boundary
def update_workshop(
    session: Session,
    *,
    data: WorkshopBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> Workshop:
    """Change the workshop's details; `data` may be partial. `expected`: the values the form
    was opened with (`storage.concurrency`: only changed fields are written, a clash raises
    `EditConflict`)."""
    workshop = get_workshop(session)
    values = data.model_dump(exclude_unset=True) if isinstance(data, WorkshopBase) else dict(data)
    values = settle_edit(session, workshop, base=WorkshopBase, fields=WORKSHOP_FIELDS,
                         values=values, expected=expected, what="workshop")  # fmt: skip
    current = {field: getattr(workshop, field) for field in WORKSHOP_FIELDS}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        merged = WorkshopBase.model_validate({**current, **values})
    for key, value in merged.model_dump().items():
        setattr(workshop, key, value)
    session.add(workshop)
    session.commit()
    return workshop


def _systems_statement(
    what: Any, text: str, sort: str, descending: bool, ids: Collection[int] | None
) -> Any:
    """The query of `list_systems`, selecting `what` (the systems, or only their ids)."""
    statement = select(what)
    if ids is not None:
        statement = statement.where(col(System.id).in_(sorted(ids)))
    needle = text.strip()
    if needle:
        pattern = f"%{like_escape(needle)}%"
        statement = statement.where(
            or_(
                *(
                    func.lower(getattr(System, field)).like(pattern.lower(), escape="\\")
                    for field in ("name", "category", "vendor", "owner", "lifecycle", "api")
                )
            )
        )
    if sort not in SORTABLE:
        sort = "name"
    column = getattr(System, sort)
    key = func.lower(column) if sort != "criticality" else column
    ordered = key.desc() if descending else key.asc()
    # Unknown answers (NULL) come last either way: they are the questions still to ask.
    return statement.order_by(ordered.nulls_last(), col(System.name_key))


def list_systems(
    session: Session,
    *,
    text: str = "",
    sort: str = "name",
    descending: bool = False,
    ids: Collection[int] | None = None,
) -> list[System]:
    """Systems matching `text` in any shown field, sorted in SQL; ties fall back to the name.

    `ids` keeps only those systems (a screen showing what an undo changed, in its filter)."""
    return list(session.exec(_systems_statement(System, text, sort, descending, ids)).all())


def system_ids(
    session: Session, *, text: str = "", sort: str = "name", descending: bool = False
) -> list[int]:
    """The ids `list_systems` would give, in its order, without reading the systems."""
    statement = _systems_statement(col(System.id), text, sort, descending, None)
    return [int(found) for found in session.exec(statement).all()]


def count_systems(session: Session) -> int:
    return session.exec(select(func.count()).select_from(System)).one()


def get_system(session: Session, *, name: str) -> System | None:
    """The system called `name`, compared case-insensitively."""
    return session.exec(select(System).where(System.name_key == name_key(name))).first()


def get_system_by_id(session: Session, *, system_id: int) -> System:
    system = session.get(System, system_id)
    if system is None:
        raise NotFoundError("That system no longer exists.")
    return system


@boundary
def validate_system(data: SystemBase | Mapping[str, Any]) -> SystemBase:
    """`data` as a valid system, without saving it; raises `InvalidInput`."""
    if isinstance(data, SystemBase):
        return SystemBase.model_validate(data.model_dump())
    return SystemBase.model_validate(dict(data))


def _check_unique(session: Session, name: str, *, exclude_id: int | None = None) -> None:
    existing = get_system(session, name=name)
    if existing is not None and existing.id != exclude_id:
        raise FieldError("name", f'A system named "{existing.name}" already exists.')


@boundary
def create_system(session: Session, *, data: SystemBase | Mapping[str, Any]) -> System:
    """Validate and add one system; raises `InvalidInput` or `FieldError`."""
    clean = validate_system(data)
    _check_unique(session, clean.name)
    system = System.model_validate(clean)
    system.set_name_key()
    session.add(system)
    session.commit()
    session.refresh(system)
    return system


@boundary
def update_system(
    session: Session,
    *,
    system_id: int,
    data: SystemBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> System:
    """Replace a system's fields with `data` (partial mappings keep the other fields).

    `expected`: the values the form was opened with; then only the fields changed from them
    are written, and one someone else changed meanwhile raises `EditConflict`
    (`storage.concurrency`)."""
    system = get_system_by_id(session, system_id=system_id)
    values = data.model_dump() if isinstance(data, SystemBase) else dict(data)
    values = settle_edit(session, system, base=SystemBase, fields=SYSTEM_FIELDS, values=values,
                         expected=expected, what="system")  # fmt: skip
    current = {field: getattr(system, field) for field in SYSTEM_FIELDS}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = SystemBase.model_validate({**current, **values})
    _check_unique(session, clean.name, exclude_id=system.id)
    for field in SYSTEM_FIELDS:
        setattr(system, field, getattr(clean, field))
    system.set_name_key()
    session.add(system)
    session.commit()
    return system


def delete_system(session: Session, *, system_id: int) -> None:
    """Delete a system, its flows (with their checks), and its claim to be any data object's
    source of truth.

    The database would cascade on its own, but the audit hook only sees what the session
    changes, so the flows, checks and links go explicitly, in the same transaction.
    """
    system = get_system_by_id(session, system_id=system_id)
    try:
        delete_flows_where(
            session, or_(col(Flow.source_id) == system_id, col(Flow.target_id) == system_id)
        )
        for obj in session.exec(
            select(DataObject).where(col(DataObject.source_of_truth_id) == system_id)
        ):
            obj.source_of_truth_id = None
            session.add(obj)
        delete_system_dependants(session, system_id)
        session.flush()
        session.delete(system)
        session.commit()
    except Exception:
        session.rollback()
        raise


@boundary
def create_systems(session: Session, *, items: Iterable[SystemBase]) -> list[System]:
    """Add many systems in one transaction: all of them, or (on any error) none."""
    created: list[System] = []
    seen: set[str] = set()
    try:
        mark_step(session, verb="paste")
        for item in items:
            clean = validate_system(item)
            key = name_key(clean.name)
            if key in seen:
                raise FieldError("name", f'"{clean.name}" appears twice.')
            seen.add(key)
            _check_unique(session, clean.name)
            system = System.model_validate(clean)
            system.set_name_key()
            session.add(system)
            created.append(system)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return created
