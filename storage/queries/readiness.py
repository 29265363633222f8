"""The readiness check as the Overview screen shows it: the workshop, its counts, its findings.

`load_readiness` reads the workshop once (`load_snapshot`) and runs every finding rule on it,
so the counts and the findings always describe the same state. Each finding's subjects are
named entities; here each one is also told apart by kind (system, data object, flow, candidate,
KPI), so a screen can jump to the entity a finding concerns without knowing the rules.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from models.enums import CheckStatus
from models.findings import Finding, find_all
from models.names import name_key
from models.readiness import (
    CANDIDATE,
    DATA_OBJECT,
    FLOW,
    KPI,
    SYSTEM,
    Counts,
    Readiness,
    ReadinessFinding,
    Subject,
)
from models.snapshot import WorkshopData, split_flow_ref
from models.tables import DataObject, Flow, System
from models.unknowns import unanswered
from storage import findings_cache
from storage.queries.snapshot import load_snapshot

# When a name could be two kinds of thing (a system and a data object both called "Stock"), the
# kind a rule puts at that place among its subjects wins; otherwise the first kind that has it.
_SUBJECT_KINDS: dict[str, tuple[str, ...]] = {
    "SOT-MISSING": (DATA_OBJECT,),
    "SOT-CONFLICT": (FLOW, DATA_OBJECT, SYSTEM),
    "DEF-CONFLICT": (DATA_OBJECT,),
    "SENSITIVE-UNREVIEWED": (FLOW, DATA_OBJECT),
    "FLOW-NO-KPI": (FLOW, CANDIDATE),
    "PHASE-SYSTEM-NOT-LIVE": (CANDIDATE,),  # then its systems
}
_KIND_ORDER: tuple[str, ...] = (FLOW, SYSTEM, DATA_OBJECT, CANDIDATE, KPI)


def _names(data: WorkshopData) -> dict[str, set[str]]:
    """Each kind's names, compared by `name_key` (as storage compares names)."""
    names = {
        SYSTEM: {name_key(system.name) for system in data.systems},
        DATA_OBJECT: {name_key(obj.name) for obj in data.data_objects},
        FLOW: {name_key(flow.ref) for flow in data.flows},
    }
    for kind, attribute in ((CANDIDATE, "candidates"), (KPI, "kpis")):
        names[kind] = {name_key(item.name) for item in getattr(data, attribute, ())}
    return names


def subjects_of(finding: Finding, names: Mapping[str, set[str]]) -> tuple[Subject, ...]:
    """`finding`'s subjects, each with its kind (see `_SUBJECT_KINDS` for ties)."""
    hints = _SUBJECT_KINDS.get(finding.code, ())
    result: dict[tuple[str | None, str], Subject] = {}
    for position, name in enumerate(finding.subjects):
        key = name_key(name)
        hint = hints[position] if position < len(hints) else None
        if hint is not None and key in names.get(hint, ()):
            kind: str | None = hint
        else:
            kind = next((k for k in _KIND_ORDER if key in names.get(k, ())), None)
        result.setdefault((kind, key), Subject(kind, name))  # each entity once
    return tuple(result.values())


def _counts(data: WorkshopData) -> Counts:
    retired = {name_key(s.title) for s in data.scenarios if s.retired}
    checks = [c for c in data.checks if name_key(c.scenario) not in retired]
    candidates = getattr(data, "candidates", None)
    kpis = getattr(data, "kpis", None)
    return Counts(
        systems=len(data.systems),
        data_objects=len(data.data_objects),
        flows=len(data.flows),
        checks=len(checks),
        reviewed=sum(check.status != CheckStatus.OPEN for check in checks),
        gaps=sum(check.status == CheckStatus.GAP for check in checks),
        candidates=len(candidates) if candidates is not None else None,
        kpis=len(kpis) if kpis is not None else None,
    )


def readiness_of(
    data: WorkshopData,
    findings: Iterable[Finding] | None = None,
    *,
    between: Callable[[], None] | None = None,
) -> Readiness:
    """The readiness of `data` (its findings worked out unless given; `between` as
    `find_all` takes it)."""
    found = find_all(data, between=between) if findings is None else list(findings)
    names = _names(data)
    workshop = data.workshop
    return Readiness(
        name=workshop.name,
        client=workshop.client,
        facilitator=workshop.facilitator,
        counts=_counts(data),
        findings=tuple(ReadinessFinding(f, subjects_of(f, names)) for f in found),
        unanswered=unanswered(data),
    )


def load_readiness(session: Session, *, between: Callable[[], None] | None = None) -> Readiness:
    """The workshop's details, counts and every finding, as of now.

    Worked out once per change of the workshop: the file keeps the last one worked out
    (`storage.findings_cache`), written on a connection of its own (never part of the
    caller's transaction, never an undo step, not when the file is open read-only); while
    nothing has changed, that is read back rather than the whole workshop. `between` is
    called between the pieces of working it out (`load_snapshot`, `find_all`).
    """
    execute = _executor(session)
    key = findings_cache.cache_key(execute)
    if key is None:  # a file older than the cache (tests build them)
        return readiness_of(load_snapshot(session))
    where = _where(session)
    readiness = findings_cache.recall(execute, key, where)
    # Kept in the file too? (A damaged body is not: it is written again below.)
    in_file = readiness is not None and findings_cache.kept_key(execute) == key
    if readiness is None:
        with _working:  # screens asking at once after an edit: one works it out, for all
            readiness = findings_cache.recall(execute, key, where)
            if readiness is None:
                data = load_snapshot(session, between=between)
                readiness = readiness_of(data, between=between)
                findings_cache.REMEMBERED[where] = (key, readiness)
    if not in_file and not session.info.get("read_only"):
        _keep(session, key, readiness)
    return readiness


def _keep(session: Session, key: str, readiness: Readiness) -> None:
    """Write the cache; a file that will not take it (a full disk, a lock held too long) only
    means working it out again next time."""
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        return
    try:
        with bind.begin() as connection:
            findings_cache.keep(_on(connection), key, readiness)
    except DBAPIError:
        pass


def kept_findings(session: Session) -> list[Finding] | None:
    """The findings kept for the workshop as it is now (in this process or in the file), or
    None: for a caller that has read the whole workshop anyway and would work them out from
    that rather than read it twice (the exports)."""
    execute = _executor(session)
    key = findings_cache.cache_key(execute)
    if key is None:
        return None
    kept = findings_cache.recall(execute, key, _where(session))
    return [item.finding for item in kept.findings] if kept is not None else None


def findings_for(session: Session) -> list[Finding]:
    """Every finding for the open workshop, in `find_all` order (kept as `load_readiness`
    keeps them: worked out once per change of the workshop)."""
    return [item.finding for item in load_readiness(session).findings]


_working = threading.Lock()


def _where(session: Session) -> str:
    """What this process's memory of the findings knows the workshop by: a file's real path;
    on a server the database and the workshop's schema (its database name alone would be a
    path relative to the working folder, and shared by every workshop in that database)."""
    bind = session.get_bind()
    if isinstance(bind, Engine) and bind.dialect.name != "sqlite":
        schema = session.connection().exec_driver_sql("SELECT current_schema()").scalar()
        return f"{bind.url.render_as_string(hide_password=True)}#{schema}"
    if isinstance(bind, Engine) and bind.url.database:
        return findings_cache.where(bind.url.database)
    return str(id(bind))


def _on(connection: Connection) -> findings_cache.Execute:
    def execute(sql: str, parameters: tuple[Any, ...]) -> Iterable[Any]:
        if connection.dialect.name != "sqlite":
            sql = findings_cache.for_postgresql(sql)
        return connection.exec_driver_sql(sql, parameters)

    return execute


def _executor(session: Session) -> findings_cache.Execute:
    def execute(sql: str, parameters: tuple[Any, ...]) -> Iterable[Any]:
        return _on(session.connection())(sql, parameters)

    return execute


def entity_id(session: Session, *, kind: str, name: str) -> int | None:
    """The database id of the `kind` entity called `name` (flows as `S -> T: O`), or None."""
    if kind == SYSTEM:
        return session.exec(select(System.id).where(System.name_key == name_key(name))).first()
    if kind == DATA_OBJECT:
        return session.exec(
            select(DataObject.id).where(DataObject.name_key == name_key(name))
        ).first()
    if kind == FLOW:
        for source, target, data_object in split_flow_ref(name):
            source_id = entity_id(session, kind=SYSTEM, name=source)
            target_id = entity_id(session, kind=SYSTEM, name=target)
            object_id = entity_id(session, kind=DATA_OBJECT, name=data_object)
            if source_id is None or target_id is None or object_id is None:
                continue
            found = session.exec(
                select(Flow.id).where(
                    col(Flow.source_id) == source_id,
                    col(Flow.target_id) == target_id,
                    col(Flow.data_object_id) == object_id,
                )
            ).first()
            if found is not None:
                return found
    return None
