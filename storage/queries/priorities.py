"""Criteria, candidate integrations, their scores, KPIs and the phased roadmap.

Every edit commits at once and goes through the ORM, so the audit hook records it (deletes take
their links and scores with them, see `storage.queries.cascade`). Reads are a handful of column
queries whatever the size of the board (`load_priorities` reads the whole screen in seven),
returning frozen rows that can be handed from worker threads. The arithmetic is `models.scoring`'s.

Errors are `storage.errors` exceptions whose `str()` is one sentence: `FieldError` for a bad or
duplicate value (its `field` names the form field), `NotFoundError` for an id that is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, func
from sqlmodel import Session, select

from models.characters import stored_text
from models.enums import ScoringMethod, choices
from models.names import name_key
from models.scoring import (
    DEFAULT_CRITERIA,
)
from models.tables import (
    CANDIDATE_FIELDS,
    CRITERION_FIELDS,
    KPI_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    Candidate,
    CandidateBase,
    CandidateFlow,
    Criterion,
    CriterionBase,
    DataObject,
    Flow,
    Kpi,
    KpiBase,
    KpiCandidate,
    KpiDataObject,
    Score,
    ScoreBase,
    System,
    Workshop,
)
from models.validation import message_for
from storage.audit import mark_step
from storage.boundary import boundary
from storage.concurrency import settle_edit
from storage.errors import FieldError, NotFoundError
from storage.findings_cache import for_postgresql
from storage.priority_rows import (
    CandidateRow,
    CriterionRow,
    Execute,
    KpiRow,
    PhaseRow,
    Priorities,
    read_candidates,
    read_criteria,
    read_kpis,
    read_priorities,
    read_roadmap,
)
from storage.queries.cascade import (
    delete_candidate_dependants,
    delete_criterion_dependants,
    delete_kpi_dependants,
)
from storage.queries.systems import get_workshop

CRITERION_TABLE: Table = Criterion.__table__  # type: ignore[attr-defined]
CANDIDATE_TABLE: Table = Candidate.__table__  # type: ignore[attr-defined]
CANDIDATE_FLOW_TABLE: Table = CandidateFlow.__table__  # type: ignore[attr-defined]
SCORE_TABLE: Table = Score.__table__  # type: ignore[attr-defined]
KPI_TABLE: Table = Kpi.__table__  # type: ignore[attr-defined]
KPI_CANDIDATE_TABLE: Table = KpiCandidate.__table__  # type: ignore[attr-defined]
KPI_DATA_OBJECT_TABLE: Table = KpiDataObject.__table__  # type: ignore[attr-defined]
WORKSHOP_TABLE: Table = Workshop.__table__  # type: ignore[attr-defined]
FLOW_TABLE: Table = Flow.__table__  # type: ignore[attr-defined]
SYSTEM_TABLE: Table = System.__table__  # type: ignore[attr-defined]
DATA_OBJECT_TABLE: Table = DataObject.__table__  # type: ignore[attr-defined]

SOURCE = SYSTEM_TABLE.alias("source")
TARGET = SYSTEM_TABLE.alias("target")
OBJECT = DATA_OBJECT_TABLE.alias("object")

# --- errors ---------------------------------------------------------------------------------


def _validated(model: type[BaseModel], values: Mapping[str, Any]) -> Any:
    """`model` validated, or `FieldError` for the first bad field (a form shows it there)."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = error.get("loc", ())
        raise FieldError(str(loc[0]) if loc else "", message_for(error)) from None


def _values(data: BaseModel | Mapping[str, Any]) -> dict[str, Any]:
    """What the caller gave: a model's set fields, or a mapping's keys."""
    if isinstance(data, BaseModel):
        return data.model_dump(exclude_unset=True)
    return dict(data)


# --- reading --------------------------------------------------------------------------------


def _execute(session: Session, statement: Any) -> Any:
    return session.connection().execute(statement)


def _sql(session: Session) -> Execute:
    """`storage.priority_rows`'s reads, on the session's connection (its transaction)."""

    def execute(sql: str, parameters: tuple[Any, ...]) -> Iterable[Sequence[Any]]:
        connection = session.connection()
        if connection.dialect.name != "sqlite":
            sql = for_postgresql(sql)
        return connection.exec_driver_sql(sql, parameters)

    return execute


@boundary
def load_priorities(session: Session) -> Priorities:
    """The method, criteria, candidates and KPIs in one read (no writes: works read-only)."""
    return read_priorities(_sql(session))


def list_criteria(session: Session) -> list[CriterionRow]:
    """Criteria in the room's order."""
    return read_criteria(_sql(session))


def get_criterion(session: Session, *, criterion_id: int) -> CriterionRow:
    rows = read_criteria(_sql(session), criterion_id)
    if not rows:
        raise NotFoundError("That criterion no longer exists.")
    return rows[0]


def get_candidate(session: Session, *, candidate_id: int) -> CandidateRow:
    rows = read_candidates(_sql(session), candidate_id)
    if not rows:
        raise NotFoundError("That candidate no longer exists.")
    return rows[0]


def get_kpi(session: Session, *, kpi_id: int) -> KpiRow:
    rows = read_kpis(_sql(session), kpi_id)
    if not rows:
        raise NotFoundError("That KPI no longer exists.")
    return rows[0]


# --- writing: common ------------------------------------------------------------------------


def _commit(session: Session) -> None:
    try:
        session.commit()
    except Exception:
        session.rollback()
        raise


def _row(session: Session, model: Any, row_id: int, what: str) -> Any:
    row = session.get(model, row_id, populate_existing=True)  # what the file holds now
    if row is None:
        raise NotFoundError(f"That {what} no longer exists.")
    return row


def _check_name(
    session: Session, model: Any, name: str, what: str, *, exclude_id: int | None = None
) -> None:
    existing = session.exec(select(model).where(model.name_key == name_key(name))).first()
    if existing is not None and existing.id != exclude_id:
        raise FieldError("name", f'A {what} named "{existing.name}" already exists.')


def _updated(
    session: Session,
    row: Any,
    base: type[BaseModel],
    fields: Sequence[str],
    what: str,
    data: Any,
    expected: Mapping[str, Any] | None = None,
) -> Any:
    """`data` over `row`'s `fields`, validated as `base`, its name free for `row` to take;
    with `expected`, only the fields changed from it (`storage.concurrency`).

    Nothing is written yet, so a later check can still refuse the change (see `_assign`).
    """
    values = _values(data)
    if expected is not None:
        values = _guarded(session, row, base, fields, what, values, expected)
    current = {name: getattr(row, name) for name in fields}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = _validated(base, {**current, **values})
    _check_name(session, type(row), clean.name, what, exclude_id=row.id)
    return clean


def _guarded(
    session: Session,
    row: Any,
    base: type[BaseModel],
    fields: Sequence[str],
    what: str,
    values: dict[str, Any],
    expected: Mapping[str, Any],
) -> dict[str, Any]:
    try:
        return settle_edit(session, row, base=base, fields=fields, values=values,
                           expected=expected, what=what)  # fmt: skip
    except ValidationError:  # a bad value: `_validated` names it as this module does
        return values


def _assign(session: Session, row: Any, clean: BaseModel, fields: Sequence[str]) -> None:
    """Give `row` the `fields` of `clean` (from `_updated`) that differ; no commit."""
    for name in fields:
        if getattr(row, name) != getattr(clean, name):
            setattr(row, name, getattr(clean, name))
    row.set_name_key()
    session.add(row)


def _insert(session: Session, row: Any, links: Callable[[int], Iterable[Any]]) -> int:
    """Add `row` with the link rows `links` makes from its new id, in one commit; its id."""
    row.set_name_key()
    try:
        session.add(row)
        session.flush()
        assert row.id is not None
        for link in links(row.id):
            session.add(link)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return row.id


def _delete(session: Session, row: Any, dependants: Callable[[Session, int], None]) -> None:
    """Delete `row` and, first, what `dependants` removes with it, in one commit."""
    try:
        dependants(session, row.id)
        session.delete(row)
        session.commit()
    except Exception:
        session.rollback()
        raise


def _existing_ids(session: Session, table: Table, ids: Iterable[int], what: str) -> list[int]:
    """`ids` without repeats, in the order given; `NotFoundError` if any is gone."""
    wanted = list(dict.fromkeys(int(item) for item in ids))
    if not wanted:
        return []
    found = set(_execute(session, sa.select(table.c.id).where(table.c.id.in_(wanted))).scalars())
    missing = [item for item in wanted if item not in found]
    if len(missing) == 1 and len(wanted) == 1:
        raise NotFoundError(f"That {what} no longer exists.")
    if missing:
        raise NotFoundError(f"{len(missing)} of the chosen {what}s no longer exist.")
    return wanted


def _set_links(
    session: Session, model: Any, owner: str, owner_id: int, other: str, wanted: list[int]
) -> bool:
    """Make `model`'s links from `owner_id` exactly `wanted`; True when anything changed."""
    current = {
        getattr(row, other): row
        for row in session.exec(select(model).where(getattr(model, owner) == owner_id)).all()
    }
    changed = False
    for other_id, row in current.items():
        if other_id not in wanted:
            session.delete(row)
            changed = True
    for other_id in wanted:
        if other_id not in current:
            session.add(model(**{owner: owner_id, other: other_id}))
            changed = True
    return changed


_METHOD = {method.value: method for method in ScoringMethod}


# --- the method and the criteria ------------------------------------------------------------


def set_scoring_method(session: Session, *, method: ScoringMethod | str) -> None:
    """Rank by weighted scoring or WSJF from now on."""
    value = method.strip().lower() if isinstance(method, str) else method
    if value not in _METHOD:
        raise FieldError(
            "scoring_method", f"Scoring method must be one of: {', '.join(choices(ScoringMethod))}."
        )
    workshop = get_workshop(session)
    if workshop.scoring_method != value:
        workshop.scoring_method = _METHOD[value]
        session.add(workshop)
        _commit(session)


def _add_defaults(session: Session) -> int:
    """Add the default criteria the workshop lacks (by name), after its own; no commit."""
    rows = session.exec(select(Criterion)).all()
    known = {row.name_key for row in rows}
    position = max((row.position for row in rows), default=-1) + 1
    added = 0
    for default in DEFAULT_CRITERIA:
        if name_key(default.name) in known:
            continue
        row = Criterion(
            name=default.name,
            weight=int(default.weight),
            kind=default.kind,
            wsjf_part=default.wsjf_part,
            description=default.description,
            position=position,
        )
        row.set_name_key()
        session.add(row)
        position += 1
        added += 1
    return added


def needs_default_criteria(session: Session) -> bool:
    """Whether `ensure_default_criteria` would add the default criteria now."""
    return not session.info.get("read_only") and not get_workshop(session).criteria_seeded


def ensure_default_criteria(session: Session) -> int:
    """Give a workshop the default criteria once; return how many were added.

    The workshop remembers it was seeded, so a room that deletes or renames them never gets
    them back; a file imported with criteria counts as seeded. A read-only workshop is left
    alone (0).
    """
    if not needs_default_criteria(session):
        return 0
    workshop = get_workshop(session)
    try:
        mark_step(session, kind="auto", label="add the default criteria")  # never undone
        added = _add_defaults(session)
        workshop.criteria_seeded = True
        session.add(workshop)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return added


def create_criterion(session: Session, *, data: CriterionBase | Mapping[str, Any]) -> CriterionRow:
    """Add a criterion after the others."""
    clean: CriterionBase = _validated(CriterionBase, _values(data))
    _check_name(session, Criterion, clean.name, "criterion")
    position = _execute(session, sa.select(func.max(CRITERION_TABLE.c.position))).scalar()
    row = Criterion.model_validate(clean)
    row.position = 0 if position is None else position + 1
    row.set_name_key()
    session.add(row)
    _commit(session)
    assert row.id is not None
    return get_criterion(session, criterion_id=row.id)


def update_criterion(
    session: Session,
    *,
    criterion_id: int,
    data: CriterionBase | Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> CriterionRow:
    """Change a criterion's fields; fields not given keep their values. Scores stay.
    `expected`: the values the form was opened with (`storage.concurrency`)."""
    row = _row(session, Criterion, criterion_id, "criterion")
    clean = _updated(session, row, CriterionBase, CRITERION_FIELDS, "criterion", data, expected)
    _assign(session, row, clean, CRITERION_FIELDS)
    _commit(session)
    return get_criterion(session, criterion_id=criterion_id)


def set_weight(session: Session, *, criterion_id: int, weight: int) -> CriterionRow:
    """Set one weight (0 to 5; 0 keeps the criterion but leaves it out of the ranking)."""
    return update_criterion(session, criterion_id=criterion_id, data={"weight": weight})


def delete_criterion(session: Session, *, criterion_id: int) -> None:
    """Delete a criterion and every score given on it."""
    _delete(
        session, _row(session, Criterion, criterion_id, "criterion"), delete_criterion_dependants
    )


# --- candidates -----------------------------------------------------------------------------


def create_candidate(
    session: Session,
    *,
    data: CandidateBase | Mapping[str, Any],
    flow_ids: Iterable[int] = (),
) -> CandidateRow:
    """Add a candidate made of `flow_ids` (e.g. the flows marked on the Flows screen)."""
    clean: CandidateBase = _validated(CandidateBase, _values(data))
    _check_name(session, Candidate, clean.name, "candidate")
    flows = _existing_ids(session, FLOW_TABLE, flow_ids, "flow")
    candidate_id = _insert(
        session,
        Candidate.model_validate(clean),
        lambda row_id: [CandidateFlow(candidate_id=row_id, flow_id=flow_id) for flow_id in flows],
    )
    return get_candidate(session, candidate_id=candidate_id)


def update_candidate(
    session: Session,
    *,
    candidate_id: int,
    data: CandidateBase | Mapping[str, Any],
    flow_ids: Iterable[int] | None = None,
    expected: Mapping[str, Any] | None = None,
) -> CandidateRow:
    """Change a candidate's fields (those not given keep their values) and, when given, make
    its flows exactly `flow_ids` (None keeps them), in one commit: a refusal writes nothing.
    `expected`: the fields' values the form was opened with (`storage.concurrency`)."""
    row = _row(session, Candidate, candidate_id, "candidate")
    clean = _updated(session, row, CandidateBase, CANDIDATE_FIELDS, "candidate", data, expected)
    wanted = None if flow_ids is None else _existing_ids(session, FLOW_TABLE, flow_ids, "flow")
    _assign(session, row, clean, CANDIDATE_FIELDS)
    if wanted is not None:
        _set_links(session, CandidateFlow, "candidate_id", candidate_id, "flow_id", wanted)
    _commit(session)
    return get_candidate(session, candidate_id=candidate_id)


def set_phase(session: Session, *, candidate_id: int, phase: int | None) -> CandidateRow:
    """Move a candidate to a phase (1, 2, ...) or back to unphased (None)."""
    return update_candidate(session, candidate_id=candidate_id, data={"phase": phase})


def set_candidate_flows(
    session: Session, *, candidate_id: int, flow_ids: Iterable[int]
) -> CandidateRow:
    """Make a candidate's flows exactly `flow_ids`."""
    _row(session, Candidate, candidate_id, "candidate")
    wanted = _existing_ids(session, FLOW_TABLE, flow_ids, "flow")
    try:
        if _set_links(session, CandidateFlow, "candidate_id", candidate_id, "flow_id", wanted):
            session.commit()
    except Exception:
        session.rollback()
        raise
    return get_candidate(session, candidate_id=candidate_id)


def delete_candidate(session: Session, *, candidate_id: int) -> None:
    """Delete a candidate with its flow links, scores and KPI links (the flows stay)."""
    _delete(
        session, _row(session, Candidate, candidate_id, "candidate"), delete_candidate_dependants
    )


def set_score(
    session: Session,
    *,
    candidate_id: int,
    criterion_id: int,
    value: int | None,
    rationale: str | None = None,
) -> None:
    """Score a candidate 1 to 5 on a criterion; None clears the score (and its rationale).

    `rationale` None keeps the one recorded; "" removes it.
    """
    _row(session, Candidate, candidate_id, "candidate")
    _row(session, Criterion, criterion_id, "criterion")
    row = session.exec(
        select(Score).where(Score.candidate_id == candidate_id, Score.criterion_id == criterion_id)
    ).first()
    if value is None:
        if row is not None:
            session.delete(row)
            _commit(session)
        return
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise FieldError(
            "value", f"A score must be a whole number from {SCORE_MIN} to {SCORE_MAX}."
        )
    given: dict[str, Any] = {"value": value}
    if rationale is not None:
        given["rationale"] = rationale
    elif row is not None:
        given["rationale"] = row.rationale
    clean: ScoreBase = _validated(ScoreBase, given)
    if row is None:
        session.add(
            Score(candidate_id=candidate_id, criterion_id=criterion_id, **clean.model_dump())
        )
    elif (row.value, row.rationale) != (clean.value, clean.rationale):
        row.value, row.rationale = clean.value, clean.rationale
        session.add(row)
    else:
        return
    _commit(session)


# --- KPIs -----------------------------------------------------------------------------------


def create_kpi(
    session: Session,
    *,
    data: KpiBase | Mapping[str, Any],
    candidate_ids: Iterable[int] = (),
    data_object_ids: Iterable[int] = (),
) -> KpiRow:
    """Add a KPI linked to the candidates that should move it and the data objects behind it."""
    clean: KpiBase = _validated(KpiBase, _values(data))
    _check_name(session, Kpi, clean.name, "KPI")
    candidates = _existing_ids(session, CANDIDATE_TABLE, candidate_ids, "candidate")
    objects = _existing_ids(session, DATA_OBJECT_TABLE, data_object_ids, "data object")

    def links(kpi_id: int) -> list[Any]:
        return [KpiCandidate(kpi_id=kpi_id, candidate_id=item) for item in candidates] + [
            KpiDataObject(kpi_id=kpi_id, data_object_id=item) for item in objects
        ]

    return get_kpi(session, kpi_id=_insert(session, Kpi.model_validate(clean), links))


def update_kpi(
    session: Session,
    *,
    kpi_id: int,
    data: KpiBase | Mapping[str, Any] | None = None,
    candidate_ids: Iterable[int] | None = None,
    data_object_ids: Iterable[int] | None = None,
    expected: Mapping[str, Any] | None = None,
) -> KpiRow:
    """Change a KPI's fields (those not given keep their values) and, when given, make its
    links exactly `candidate_ids` / `data_object_ids` (None keeps them). `expected`: the
    fields' values the form was opened with (`storage.concurrency`)."""
    row = _row(session, Kpi, kpi_id, "KPI")
    clean = _updated(session, row, KpiBase, KPI_FIELDS, "KPI", data or {}, expected)
    candidates = (
        None
        if candidate_ids is None
        else _existing_ids(session, CANDIDATE_TABLE, candidate_ids, "candidate")
    )
    objects = (
        None
        if data_object_ids is None
        else _existing_ids(session, DATA_OBJECT_TABLE, data_object_ids, "data object")
    )
    try:
        _assign(session, row, clean, KPI_FIELDS)
        if candidates is not None:
            _set_links(session, KpiCandidate, "kpi_id", kpi_id, "candidate_id", candidates)
        if objects is not None:
            _set_links(session, KpiDataObject, "kpi_id", kpi_id, "data_object_id", objects)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return get_kpi(session, kpi_id=kpi_id)


def delete_kpi(session: Session, *, kpi_id: int) -> None:
    """Delete a KPI and its links (the candidates and data objects stay)."""
    _delete(session, _row(session, Kpi, kpi_id, "KPI"), delete_kpi_dependants)


# --- roadmap and suggestions ----------------------------------------------------------------


def roadmap(session: Session, *, board: Priorities | None = None) -> list[PhaseRow]:
    """Phases in ascending order, the unphased candidates last (`read_roadmap`). Pass the
    `board` already loaded to save reading it again."""
    execute = _sql(session)
    return read_roadmap(execute, board if board is not None else read_priorities(execute))


__all__ = [
    "CandidateRow",
    "CriterionRow",
    "KpiRow",
    "PhaseRow",
    "Priorities",
    "create_candidate",
    "create_criterion",
    "create_kpi",
    "delete_candidate",
    "delete_criterion",
    "delete_kpi",
    "ensure_default_criteria",
    "get_candidate",
    "get_criterion",
    "get_kpi",
    "list_criteria",
    "load_priorities",
    "roadmap",
    "set_candidate_flows",
    "set_phase",
    "set_score",
    "set_scoring_method",
    "set_weight",
    "update_candidate",
    "update_criterion",
    "update_kpi",
]
