"""No lost update: a save that brings the values its form was opened with (`expected`).

Every storage update function that a form calls takes `expected=`; it calls `settle_edit` in
its own transaction, before validating, with the row as the file holds it now. The rule is
`models.concurrency.settle`: fields this user left alone are not written (another writer's
change to them stays), and a field both changed differently raises `EditConflict`, naming who
changed it and when from the audit trail. Without `expected` a save writes as it always did.
Plain ORM and Core, so it works on any engine; on one that locks rows the row is read
`FOR UPDATE`, so no other save slips in between reading and writing.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from models.characters import stored_text
from models.concurrency import settle
from storage.audit import AUDIT_TABLE, STEP_TABLE
from storage.errors import EditConflict, FieldClash

LOOK_BACK = 200  # audit rows of one entity read to find who changed a field


def _normal(base: type[BaseModel], fields: Collection[str], values: Mapping[str, Any],
            current: Mapping[str, Any]) -> dict[str, Any]:  # fmt: skip
    """`values` as `base` stores them (an enumeration for its word, a number for its text)."""
    with stored_text(keep=current.values()):
        clean = base.model_validate({**current, **values})
    return {name: getattr(clean, name) for name in values if name in fields}


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def who_changed(
    session: Session, *, entity: str, entity_id: int, field: str
) -> tuple[str | None, str | None]:
    """Who last changed `field` of the row, and when, from the audit trail: (None, None) when
    no change of it is recorded there, (None, at) when its step names nobody."""
    a, s = AUDIT_TABLE, STEP_TABLE
    columns = [a.c.at, a.c.before, a.c.after]
    recorded = session.info.get("actors") is not False and session.info.get("history") is not False
    if recorded:
        columns.append(s.c.actor)
    query = sa.select(*columns).where(
        a.c.entity == entity, a.c.entity_id == entity_id, a.c.action.in_(("update", "create"))
    )
    if recorded:
        query = query.outerjoin(s, s.c.id == a.c.step)
    found = session.connection().execute(query.order_by(a.c.id.desc()).limit(LOOK_BACK))
    for row in found:
        before = json.loads(row.before) if row.before else {}
        after = json.loads(row.after) if row.after else {}
        if field in after and (not before or before.get(field) != after.get(field)):
            return (row.actor if recorded else None), row.at
    return None, None


def settle_edit(
    session: Session,
    row: SQLModel,
    *,
    base: type[BaseModel],
    fields: Collection[str],
    values: Mapping[str, Any],
    expected: Mapping[str, Any] | None,
    what: str,
) -> dict[str, Any]:
    """The `values` a save of `row` writes, given the form's `expected` starting values: the
    fields it changed (keys that are not `fields` pass as given). Raises `EditConflict`
    (nothing written) when another writer changed one of them differently since."""
    if expected is None:
        return dict(values)
    session.refresh(row, with_for_update=True)  # what the file holds now, held till commit
    current = {name: getattr(row, name) for name in fields}
    new = _normal(base, fields, values, current)
    try:
        before = _normal(base, fields, {k: v for k, v in expected.items() if k in fields}, current)
    except ValidationError:  # what the form was opened with no longer validates: compare as is
        before = {name: expected[name] for name in expected if name in fields}
    settled = settle(current, new, before)
    if settled.clashes:
        table = getattr(row, "__tablename__", what)
        row_id = getattr(row, "id", None)
        clashes = []
        for name in settled.clashes:
            by, at = (None, None)
            if isinstance(row_id, int):
                by, at = who_changed(session, entity=str(table), entity_id=row_id, field=name)
            clashes.append(FieldClash(name, _plain(current[name]), _plain(new[name]), by, at))
        raise EditConflict(what, clashes)
    return {name: value for name, value in values.items() if name not in fields
            or name in settled.write}  # fmt: skip


__all__ = ["settle_edit", "who_changed"]
