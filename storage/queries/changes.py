"""What was added, changed or removed since a date, read from the audit trail.

Every edit writes an audit row (`storage.audit`: time, entity, before, after), so "changes since
the last session" needs no bookkeeping of its own: the rows since the date are grouped per
entity, and only the net effect is reported. Something created and removed again in between is
not a change; a field edited twice and put back is not a change either.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table
from sqlmodel import Session

from models.tables import Audit

AUDIT_TABLE: Table = Audit.__table__  # type: ignore[attr-defined]

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
KINDS: tuple[str, ...] = (ADDED, CHANGED, REMOVED)

# How each audited table reads in a summary, in the order summaries list them. Tables this
# version does not know (a later issue's) still show, after these, under their own name.
ENTITY_LABELS: dict[str, str] = {
    "workshop": "Workshop details",
    "system": "System",
    "data_object": "Data object",
    "definition": "Department definition",
    "flow": "Flow",
    "scenario": "Scenario",
    "scenario_check": "Scenario check",
    "criterion": "Criterion",
    "candidate": "Candidate",
    "candidate_flow": "Candidate flow",
    "score": "Score",
    "kpi": "KPI",
    "kpi_candidate": "KPI candidate link",
    "kpi_data_object": "KPI data object link",
    "meeting": "Session",
    "attendee": "Attendee",
    "agenda_item": "Agenda item",
    "minute": "Minute",
    "minute_concern": "What a minute concerns",
}

# Fields that change as a side effect of another change, or are internal: never "changed".
_HIDDEN_FIELDS = frozenset({"id", "updated_at", "position"})


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity.replace("_", " ").capitalize())


def field_label(field: str) -> str:
    """`source_of_truth_id` reads as "source of truth"; ids are an implementation detail."""
    return field.removesuffix("_id").replace("_", " ")


@dataclass(frozen=True)
class Change:
    """The net change to one entity since the date.

    `fields` lists the changed fields (for `changed` only) as (field, before, after), with the
    values as the audit recorded them (ids for references).
    """

    entity: str  # the table name, e.g. "data_object"
    kind: str  # added, changed or removed
    name: str  # the entity's name when last seen ("Shopify", "S -> T: O", ...)
    at: str  # when it was last touched, ISO 8601 UTC
    fields: tuple[tuple[str, Any, Any], ...] = ()

    @property
    def label(self) -> str:
        return entity_label(self.entity)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field_label(field) for field, _, _ in self.fields)


@dataclass(frozen=True)
class AuditRow:
    """One audit row as read. `before`/`after` are the JSON objects, or their text as stored:
    only an entity's first and last rows are ever decoded, and only when it was changed."""

    id: int
    at: str
    entity: str
    entity_id: int | None
    name: str
    action: str
    before: dict[str, Any] | str | None
    after: dict[str, Any] | str | None


def since_text(since: datetime) -> str:
    """`since` as the audit trail writes times (ISO 8601 UTC); a naive time is taken as UTC."""
    moment = since if since.tzinfo else since.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _decode(value: dict[str, Any] | str | None) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        decoded = json.loads(value)
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def read_audit(session: Session, *, since: datetime) -> list[AuditRow]:
    """Audit rows at or after `since`, oldest first (one query)."""
    a = AUDIT_TABLE
    statement = (
        sa.select(a.c.id, a.c.at, a.c.entity, a.c.entity_id, a.c.name, a.c.action, a.c.before,
                  a.c.after)
        .where(a.c.at >= since_text(since))
        .order_by(a.c.id)
    )  # fmt: skip
    return [
        AuditRow(row[0], row[1], row[2], row[3], row[4] or "", row[5], row[6], row[7])
        for row in session.connection().execute(statement).all()
    ]


def _net(rows: Sequence[AuditRow]) -> Change | None:
    """The net effect of one entity's rows (one life: no create after a delete inside)."""
    first, last = rows[0], rows[-1]
    name = next((row.name for row in reversed(rows) if row.name), "")
    if first.action == "create":
        if last.action == "delete":
            return None
        return Change(first.entity, ADDED, name, last.at)
    if last.action == "delete":
        return Change(first.entity, REMOVED, name, last.at)
    before = _decode(first.before)
    after = _decode(last.after)
    fields = tuple(
        (field, before.get(field), after.get(field))
        for field in dict.fromkeys([*before, *after])
        if field not in _HIDDEN_FIELDS
        and not field.endswith("_key")
        and before.get(field) != after.get(field)
    )
    if not fields:
        return None
    return Change(first.entity, CHANGED, name, last.at, fields)


_POSITION = {entity: index for index, entity in enumerate(ENTITY_LABELS)}


def _order(entity: str) -> tuple[int, str]:
    return (_POSITION.get(entity, len(_POSITION)), entity)


def summarise_changes(rows: Iterable[AuditRow]) -> list[Change]:
    """Group audit rows per entity and keep each one's net change.

    Ordered by entity (as `ENTITY_LABELS` lists them), then added / changed / removed, then
    name. A row id SQLite reused after a delete starts a new life, not a change to the old one.
    """
    lives: dict[tuple[str, int | None, int], list[AuditRow]] = {}
    generation: dict[tuple[str, int | None], int] = {}
    for row in rows:
        if row.action not in ("create", "update", "delete"):
            continue
        key = (row.entity, row.entity_id)
        if row.entity_id is None:  # nothing to group by: each row is its own change
            key = (row.entity, -row.id)
        life = generation.get(key, 0)
        current = lives.get((*key, life))
        if current and row.action == "create" and current[-1].action == "delete":
            life += 1
            generation[key] = life
        lives.setdefault((*key, life), []).append(row)
    changes = [change for group in lives.values() if (change := _net(group)) is not None]
    return sorted(
        changes,
        key=lambda c: (_order(c.entity), KINDS.index(c.kind), c.name.casefold(), c.name),
    )


def changes_since(session: Session, *, since: datetime) -> list[Change]:
    """Every entity added, changed or removed at or after `since`, with its net change."""
    return summarise_changes(read_audit(session, since=since))
