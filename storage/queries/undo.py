"""Undo, redo and the history, read from the steps and audit rows the session hook wrote.

One mechanism for every screen: a step's audit rows say what each row was before and after, so
undo puts them back in reverse order (a deleted row returns with its id and values, a created
one goes, an edited one takes its old values) and redo applies them again in order, whatever
the entity. Keys that are derived from a name (`name_key`, `title_key`, `department_key`) are
recomputed by the model's own helpers. Undo and redo are steps themselves, so the history shows
them, but they never end the redo of other steps the way an ordinary edit does.

The stack: the edits `done`, newest last, are undone newest first; the edits `undone` form a
tail of the history that redo brings back oldest first; a new edit marks that tail `discarded`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from models.tables import Audit, Step
from storage.actor import acting_as
from storage.audit import AUDIT_TABLE, STEP_TABLE, mark_step, own_steps
from storage.audit import _plain as plain_value
from storage.boundary import boundary
from storage.errors import NothingToRedo, NothingToUndo, ReadOnlyError, UndoConflict, by_whom
from storage.steps import word


@dataclass(frozen=True)
class RowsChanged:
    """The rows of one table an undo or redo changed, by what became of them: a screen
    shows `updated` rows anew, drops `deleted` ones and places `created` ones (it may also
    read all of `ids` again and let what it finds say which)."""

    created: frozenset[int] = frozenset()
    updated: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()

    @property
    def ids(self) -> frozenset[int]:
        return self.created | self.updated | self.deleted


@dataclass(frozen=True)
class StepDone:
    """What an undo or redo did: the sentence to show, the tables it changed, and the rows
    it changed in each (so a screen can show just those rows again)."""

    sentence: str
    entities: frozenset[str]
    rows: Mapping[str, RowsChanged] = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the history: when (ISO 8601 UTC), what, and where it stands.

    `kind` is edit, undo, redo or auto; `state` is done, undone or discarded (an edit's place
    on the stack; undo, redo and auto steps are always done). `actor` is who made it (None:
    not recorded).
    """

    id: int
    at: str
    label: str
    kind: str
    state: str
    target: int | None = None
    actor: str | None = None

    @property
    def sentence(self) -> str:
        """The line as the history reads: "Undid: add system Xero", "add system Xero"."""
        if self.kind == "undo":
            return f"Undid: {self.label}"
        if self.kind == "redo":
            return f"Redid: {self.label}"
        return self.label


@dataclass(frozen=True)
class _Row:
    entity: str
    entity_id: int
    action: str
    before: dict[str, Any]
    after: dict[str, Any]


def _models() -> dict[str, type[SQLModel]]:
    """Every table a step can touch, by table name: the registry's, so a table a later
    revision adds is undone with no change here."""
    models: dict[str, type[SQLModel]] = {}
    for mapper in SQLModel._sa_registry.mappers:  # noqa: SLF001 - SQLModel's own registry
        model = mapper.class_
        table = getattr(model, "__tablename__", None)
        if isinstance(table, str) and model not in (Audit, Step):
            models[table] = model
    return models


def _decode(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def _rows(session: Session, step: int) -> list[_Row]:
    a = AUDIT_TABLE
    found = session.connection().execute(
        sa.select(a.c.entity, a.c.entity_id, a.c.action, a.c.before, a.c.after)
        .where(a.c.step == step)
        .order_by(a.c.id)
    )
    return [
        _Row(entity, entity_id, action, _decode(before), _decode(after))
        for entity, entity_id, action, before, after in found
    ]


def _rekey(row: Any) -> None:
    """Derived keys follow the name they come from, by the model's own helpers."""
    for helper in ("set_name_key", "set_title_key", "set_department_key"):
        method = getattr(row, helper, None)
        if method is not None:
            method()


def _conflict(
    session: Session, doing: str, label: str, row: _Row, field: str | None
) -> UndoConflict:
    since = ""
    if field is not None:
        from storage.concurrency import who_changed

        by, at = who_changed(session, entity=row.entity, entity_id=row.entity_id, field=field)
        if at is not None:
            since = f" ({field.replace('_', ' ')} changed since by {by_whom(by, at)})"
    return UndoConflict(
        f"Cannot {doing} “{label}”: a {word(row.entity)} it changed is not as it left it{since}."
    )


def _moved(current: Any, row: _Row, values: dict[str, Any]) -> str | None:
    """The first field an update step changed that the row no longer holds as the step left
    it (someone else changed it since): undoing or redoing would overwrite their change."""
    left = row.before if values is row.after else row.after
    for key, value in left.items():
        if key in values and values[key] != value and hasattr(current, key):
            if plain_value(getattr(current, key)) != value:
                return key
    return None


def _put(
    session: Session, models: dict[str, type[SQLModel]], row: _Row, values: dict[str, Any] | None
) -> bool | str:
    """Make the row hold `values` (None: gone). False when it is not where the step left it,
    or the name of a field someone changed since."""
    model = models.get(row.entity)
    if model is None:
        return False
    current = session.get(model, row.entity_id)
    if values is None:
        if current is None:
            return False
        session.delete(current)
        return True
    if current is None:
        if row.action == "update":
            return False
        current = model(**{**values, "id": row.entity_id})
    else:
        if row.action != "update":
            return False
        moved = _moved(current, row, values)
        if moved is not None:
            return moved
        left = row.before if values is row.after else row.after
        for key, value in values.items():
            if key not in left or left[key] != value:  # only what the step changed: a field
                setattr(current, key, value)  # someone else changed since stays theirs

    _rekey(current)
    session.add(current)
    return True


def _replay(
    session: Session, rows: Iterable[_Row], *, forward: bool, doing: str, label: str
) -> None:
    """Give each row its `after` (forward) or `before` values, a run of alike rows at a time
    (flushed before the next, so a parent is back before its children need it)."""
    models = _models()
    for _, run in groupby(rows, key=lambda row: (row.entity, row.action)):
        for row in run:
            if row.action == "create":
                values = row.after if forward else None
            elif row.action == "delete":
                values = None if forward else row.before
            else:
                values = row.after if forward else row.before
            done = _put(session, models, row, values)
            if done is not True:
                raise _conflict(session, doing, label, row, done or None)
        session.flush()


def _refuse_read_only(session: Session, doing: str) -> None:
    reason = session.info.get("read_only")
    if reason:
        raise ReadOnlyError(f"This workshop is open read-only ({reason}), so {doing} is off.")


def _find(session: Session, *, state: str, newest: bool) -> tuple[int, str] | None:
    s = STEP_TABLE
    order = s.c.id.desc() if newest else s.c.id.asc()
    found = (
        session.connection()
        .execute(
            sa.select(s.c.id, s.c.label)
            .where(s.c.kind == "edit", s.c.state == state, *own_steps(session))
            .order_by(order)
            .limit(1)
        )
        .first()
    )
    return (int(found[0]), str(found[1])) if found is not None else None


def _run(session: Session, *, undoing: bool) -> StepDone:
    doing = "undo" if undoing else "redo"
    _refuse_read_only(session, doing)
    try:
        found = _find(session, state="done" if undoing else "undone", newest=undoing)
        if found is None:
            raise NothingToUndo() if undoing else NothingToRedo()
        step, label = found
        rows = _rows(session, step)
        mark_step(session, kind=doing, label=label, target=step)
        _replay(
            session,
            reversed(rows) if undoing else rows,
            forward=not undoing,
            doing=doing,
            label=label,
        )
        session.connection().execute(
            STEP_TABLE.update()
            .where(STEP_TABLE.c.id == step)
            .values(state="undone" if undoing else "done")
        )
        session.commit()
    except Exception:
        session.rollback()
        raise
    verb = "Undid" if undoing else "Redid"
    return StepDone(
        f"{verb}: {label}", frozenset(row.entity for row in rows), _changed(rows, undoing)
    )


def _changed(rows: list[_Row], undoing: bool) -> dict[str, RowsChanged]:
    """What became of each row the step touched, undone or redone: from whether it existed
    before and after the step (a row the step made then changed was created; one it made and
    removed again is gone either way, so it counts as deleted)."""
    first: dict[tuple[str, int], str] = {}
    last: dict[tuple[str, int], str] = {}
    for row in rows:
        first.setdefault((row.entity, row.entity_id), row.action)
        last[(row.entity, row.entity_id)] = row.action
    found: dict[str, dict[str, set[int]]] = {}
    for (entity, entity_id), action in first.items():
        existed, exists = action != "create", last[(entity, entity_id)] != "delete"
        if undoing:
            existed, exists = exists, existed
        what = "updated" if existed and exists else "created" if exists else "deleted"
        found.setdefault(entity, {}).setdefault(what, set()).add(entity_id)
    return {
        entity: RowsChanged(**{what: frozenset(ids) for what, ids in kinds.items()})
        for entity, kinds in found.items()
    }


@boundary
def undo_step(session: Session, *, actor: str | None = None) -> StepDone:
    """Undo the newest edit still done of the session's actor (`actor` if given, see
    `storage.actor`; steps naming nobody count as anyone's), in one transaction; what was done
    and to which tables. On a file one person edits, that is simply the newest edit.

    Raises `NothingToUndo` when there is none, `ReadOnlyError` on a read-only workshop, and
    `UndoConflict` if its rows are not as it left them, such as a field someone else changed
    since (nothing is changed then).
    """
    if actor is not None:
        acting_as(session, actor)
    return _run(session, undoing=True)


@boundary
def redo_step(session: Session, *, actor: str | None = None) -> StepDone:
    """Redo the actor's edit undone last, in one transaction (see `undo_step`);
    `NothingToRedo` when nothing was undone, or a new edit of theirs has been made since."""
    if actor is not None:
        acting_as(session, actor)
    return _run(session, undoing=False)


def undo(session: Session, *, actor: str | None = None) -> str:
    """Undo the actor's newest edit; the sentence to show ("Undid: delete flow …")."""
    return undo_step(session, actor=actor).sentence


def redo(session: Session, *, actor: str | None = None) -> str:
    """Redo the actor's edit undone last; the sentence to show ("Redid: delete flow …")."""
    return redo_step(session, actor=actor).sentence


def history(session: Session, *, limit: int = 200) -> list[HistoryEntry]:
    """The newest `limit` steps of everyone, newest first."""
    s = STEP_TABLE
    columns = [s.c.id, s.c.at, s.c.label, s.c.kind, s.c.state, s.c.target]
    if session.info.get("actors") is not False:
        columns.append(s.c.actor)
    found = session.connection().execute(sa.select(*columns).order_by(s.c.id.desc()).limit(limit))
    return [HistoryEntry(*row) for row in found]


__all__ = [
    "HistoryEntry",
    "RowsChanged",
    "StepDone",
    "history",
    "redo",
    "redo_step",
    "undo",
    "undo_step",
]
