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
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ValidationError
from sqlalchemy import Table, func
from sqlmodel import Session, select

from models.characters import stored_text
from models.enums import CriterionKind, ScoringMethod, WsjfPart, choices
from models.names import name_key
from models.scoring import (
    DEFAULT_CRITERIA,
    CandidateData,
    CriterionData,
    FrozenMap,
    KpiData,
    Ranked,
    rank,
    rank_with_sensitivity,
)
from models.snapshot import flow_ref
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
from storage.errors import FieldError, NotFoundError
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

_KIND = {kind.value: kind for kind in CriterionKind}
_PART = {part.value: part for part in WsjfPart}
_METHOD = {method.value: method for method in ScoringMethod}


def _sort_key(name: str) -> tuple[str, str]:
    return (name_key(name), name)


# --- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    """One criterion as the weights panel and the score matrix show it."""

    id: int
    name: str
    weight: int
    kind: CriterionKind
    wsjf_part: WsjfPart
    description: str
    position: int

    def data(self, weight: float | None = None) -> CriterionData:
        """The plain value the scoring reads; `weight` tries another weight without saving."""
        return CriterionData(
            self.name,
            self.weight if weight is None else weight,
            self.kind,
            self.wsjf_part,
            self.description,
        )

    @stored_text()
    def fields(self) -> CriterionBase:
        """The editable fields, for filling in the edit form."""
        return CriterionBase.model_validate(
            {name: getattr(self, name) for name in CRITERION_FIELDS}
        )


@dataclass(frozen=True)
class CandidateRow:
    """One candidate with its flows (ids and `S -> T: O`, in the same order), scores by
    criterion id, and what the roadmap sums: manual hours, systems touched, KPIs."""

    id: int
    name: str
    description: str
    phase: int | None
    notes: str
    flow_ids: tuple[int, ...] = ()
    flows: tuple[str, ...] = ()
    scores: Mapping[int, int] = field(default_factory=FrozenMap)
    rationales: Mapping[int, str] = field(default_factory=FrozenMap)
    manual_hours: float = 0.0  # of the flows whose manual effort is recorded
    hours_unknown: int = 0  # flows whose manual effort is not recorded (never counted as 0)
    systems: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()

    @stored_text()
    def fields(self) -> CandidateBase:
        """The editable fields, for filling in the edit form."""
        return CandidateBase.model_validate(
            {name: getattr(self, name) for name in CANDIDATE_FIELDS}
        )


@dataclass(frozen=True)
class KpiRow:
    """One KPI with the candidates and data objects it is linked to (ids and names, sorted by
    name)."""

    id: int
    name: str
    unit: str
    baseline: float | None
    target: float | None
    owner: str
    description: str
    candidate_ids: tuple[int, ...] = ()
    candidates: tuple[str, ...] = ()
    data_object_ids: tuple[int, ...] = ()
    data_objects: tuple[str, ...] = ()

    @stored_text()
    def fields(self) -> KpiBase:
        """The editable fields, for filling in the edit form."""
        return KpiBase.model_validate({name: getattr(self, name) for name in KPI_FIELDS})

    def data(self) -> KpiData:
        return KpiData(
            name=self.name,
            unit=self.unit,
            baseline=self.baseline,
            target=self.target,
            owner=self.owner,
            candidates=self.candidates,
            data_objects=self.data_objects,
            description=self.description,
        )


@dataclass(frozen=True)
class Priorities:
    """Everything the Priorities screen shows, read at once: criteria in the room's order,
    candidates and KPIs by name."""

    method: ScoringMethod
    criteria: list[CriterionRow]
    candidates: list[CandidateRow]
    kpis: list[KpiRow]

    def criteria_data(self, weights: Mapping[int, float] | None = None) -> list[CriterionData]:
        """The criteria as the scoring reads them; `weights` (criterion id -> weight) overrides
        some weights, for re-ranking while a weight is being changed."""
        weights = weights or {}
        return [row.data(weights.get(row.id)) for row in self.criteria]

    def candidates_data(self) -> list[CandidateData]:
        """The candidates with their scores and rationales keyed by criterion name."""
        names = {row.id: row.name for row in self.criteria}
        return [
            CandidateData(
                name=row.name,
                description=row.description,
                phase=row.phase,
                notes=row.notes,
                flows=row.flows,
                scores={names[key]: value for key, value in row.scores.items() if key in names},
                rationales={
                    names[key]: text for key, text in row.rationales.items() if key in names
                },
            )
            for row in self.candidates
        ]

    def ranking(self, weights: Mapping[int, float] | None = None) -> list[Ranked]:
        """The ranked candidates with the ±20% sensitivity mark, by the workshop's method."""
        return rank_with_sensitivity(
            self.candidates_data(), self.criteria_data(weights), self.method
        )

    def candidate(self, name: str) -> CandidateRow | None:
        """The candidate of a ranking line (rankings name candidates)."""
        key = name_key(name)
        return next((row for row in self.candidates if name_key(row.name) == key), None)


@dataclass(frozen=True)
class PhaseRow:
    """One phase of the roadmap (`phase` None: not yet phased), its candidates in rank order."""

    phase: int | None
    candidates: list[CandidateRow]
    flows: tuple[str, ...]  # every flow its candidates cover, once, sorted
    manual_hours: float  # manual hours per week of those flows (a shared flow counted once)
    hours_unknown: int  # of those flows, how many have no manual effort recorded
    kpis: list[KpiRow]  # KPIs linked to any of its candidates, by name


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


def _method(session: Session) -> ScoringMethod:
    value = _execute(
        session, sa.select(WORKSHOP_TABLE.c.scoring_method).order_by(WORKSHOP_TABLE.c.id).limit(1)
    ).scalar()
    return _METHOD.get(value or "", ScoringMethod.WEIGHTED)


def _criteria(session: Session, where: Any = None) -> list[CriterionRow]:
    c = CRITERION_TABLE
    statement = sa.select(
        c.c.id, c.c.name, c.c.weight, c.c.kind, c.c.wsjf_part, c.c.description, c.c.position
    ).order_by(c.c.position, c.c.id)
    if where is not None:
        statement = statement.where(where)
    return [
        CriterionRow(
            id=row[0],
            name=row[1],
            weight=int(row[2]),
            kind=_KIND.get(row[3], CriterionKind.BENEFIT),
            wsjf_part=_PART.get(row[4], WsjfPart.VALUE),
            description=row[5],
            position=row[6],
        )
        for row in _execute(session, statement)
    ]


def _candidates(session: Session, candidate_id: int | None = None) -> list[CandidateRow]:
    """Candidates by name, each with its flows, scores and KPIs: four queries in all."""
    c, cf, s = CANDIDATE_TABLE, CANDIDATE_FLOW_TABLE, SCORE_TABLE
    heads = sa.select(c.c.id, c.c.name, c.c.description, c.c.phase, c.c.notes)
    flows = sa.select(
        cf.c.candidate_id,
        cf.c.flow_id,
        SOURCE.c.name,
        TARGET.c.name,
        OBJECT.c.name,
        FLOW_TABLE.c.manual_hours_per_week,
    ).select_from(
        cf.join(FLOW_TABLE, FLOW_TABLE.c.id == cf.c.flow_id)
        .join(SOURCE, SOURCE.c.id == FLOW_TABLE.c.source_id)
        .join(TARGET, TARGET.c.id == FLOW_TABLE.c.target_id)
        .join(OBJECT, OBJECT.c.id == FLOW_TABLE.c.data_object_id)
    )
    scores = sa.select(s.c.candidate_id, s.c.criterion_id, s.c.value, s.c.rationale)
    kpis = sa.select(KPI_CANDIDATE_TABLE.c.candidate_id, KPI_TABLE.c.name).select_from(
        KPI_CANDIDATE_TABLE.join(KPI_TABLE, KPI_TABLE.c.id == KPI_CANDIDATE_TABLE.c.kpi_id)
    )
    if candidate_id is not None:
        heads = heads.where(c.c.id == candidate_id)
        flows = flows.where(cf.c.candidate_id == candidate_id)
        scores = scores.where(s.c.candidate_id == candidate_id)
        kpis = kpis.where(KPI_CANDIDATE_TABLE.c.candidate_id == candidate_id)
    members: dict[int, list[tuple[str, int, str, str, float | None]]] = {}
    for owner, flow_id, source, target, data_object, hours in _execute(session, flows):
        members.setdefault(owner, []).append(
            (flow_ref(source, target, data_object), flow_id, source, target, hours)
        )
    given: dict[int, dict[int, int]] = {}
    why: dict[int, dict[int, str]] = {}
    for owner, criterion_id, value, rationale in _execute(session, scores):
        given.setdefault(owner, {})[criterion_id] = value
        if rationale:
            why.setdefault(owner, {})[criterion_id] = rationale
    measured: dict[int, list[str]] = {}
    for owner, kpi in _execute(session, kpis):
        measured.setdefault(owner, []).append(kpi)
    rows = []
    for row_id, name, description, phase, notes in _execute(session, heads):
        flow_rows = sorted(members.get(row_id, ()), key=lambda item: _sort_key(item[0]))
        systems = {name_key(n): n for item in flow_rows for n in (item[2], item[3])}
        rows.append(
            CandidateRow(
                id=row_id,
                name=name,
                description=description,
                phase=phase,
                notes=notes,
                flow_ids=tuple(item[1] for item in flow_rows),
                flows=tuple(item[0] for item in flow_rows),
                scores=FrozenMap(given.get(row_id, {})),
                rationales=FrozenMap(why.get(row_id, {})),
                manual_hours=float(sum(item[4] for item in flow_rows if item[4] is not None)),
                hours_unknown=sum(1 for item in flow_rows if item[4] is None),
                systems=tuple(sorted(systems.values(), key=_sort_key)),
                kpis=tuple(sorted(measured.get(row_id, ()), key=_sort_key)),
            )
        )
    return sorted(rows, key=lambda row: _sort_key(row.name))


def _kpis(session: Session, kpi_id: int | None = None) -> list[KpiRow]:
    k, kc, kd = KPI_TABLE, KPI_CANDIDATE_TABLE, KPI_DATA_OBJECT_TABLE
    heads = sa.select(
        k.c.id, k.c.name, k.c.unit, k.c.baseline, k.c.target, k.c.owner, k.c.description
    )
    candidates = sa.select(kc.c.kpi_id, CANDIDATE_TABLE.c.id, CANDIDATE_TABLE.c.name).select_from(
        kc.join(CANDIDATE_TABLE, CANDIDATE_TABLE.c.id == kc.c.candidate_id)
    )
    objects = sa.select(kd.c.kpi_id, DATA_OBJECT_TABLE.c.id, DATA_OBJECT_TABLE.c.name).select_from(
        kd.join(DATA_OBJECT_TABLE, DATA_OBJECT_TABLE.c.id == kd.c.data_object_id)
    )
    if kpi_id is not None:
        heads = heads.where(k.c.id == kpi_id)
        candidates = candidates.where(kc.c.kpi_id == kpi_id)
        objects = objects.where(kd.c.kpi_id == kpi_id)
    linked: dict[int, list[tuple[int, str]]] = {}
    for owner, row_id, name in _execute(session, candidates):
        linked.setdefault(owner, []).append((row_id, name))
    informed: dict[int, list[tuple[int, str]]] = {}
    for owner, row_id, name in _execute(session, objects):
        informed.setdefault(owner, []).append((row_id, name))
    rows = []
    for row_id, name, unit, baseline, target, owner, description in _execute(session, heads):
        by_candidate = sorted(linked.get(row_id, ()), key=lambda item: _sort_key(item[1]))
        by_object = sorted(informed.get(row_id, ()), key=lambda item: _sort_key(item[1]))
        rows.append(
            KpiRow(
                id=row_id,
                name=name,
                unit=unit,
                baseline=baseline,
                target=target,
                owner=owner,
                description=description,
                candidate_ids=tuple(item[0] for item in by_candidate),
                candidates=tuple(item[1] for item in by_candidate),
                data_object_ids=tuple(item[0] for item in by_object),
                data_objects=tuple(item[1] for item in by_object),
            )
        )
    return sorted(rows, key=lambda row: _sort_key(row.name))


@boundary
def load_priorities(session: Session) -> Priorities:
    """The method, criteria, candidates and KPIs in one read (no writes: works read-only)."""
    return Priorities(
        method=_method(session),
        criteria=_criteria(session),
        candidates=_candidates(session),
        kpis=_kpis(session),
    )


def list_criteria(session: Session) -> list[CriterionRow]:
    """Criteria in the room's order."""
    return _criteria(session)


def get_criterion(session: Session, *, criterion_id: int) -> CriterionRow:
    rows = _criteria(session, CRITERION_TABLE.c.id == criterion_id)
    if not rows:
        raise NotFoundError("That criterion no longer exists.")
    return rows[0]


def get_candidate(session: Session, *, candidate_id: int) -> CandidateRow:
    rows = _candidates(session, candidate_id)
    if not rows:
        raise NotFoundError("That candidate no longer exists.")
    return rows[0]


def get_kpi(session: Session, *, kpi_id: int) -> KpiRow:
    rows = _kpis(session, kpi_id)
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
    session: Session, row: Any, base: type[BaseModel], fields: Sequence[str], what: str, data: Any
) -> Any:
    """`data` over `row`'s `fields`, validated as `base`, its name free for `row` to take.

    Nothing is written yet, so a later check can still refuse the change (see `_assign`).
    """
    current = {name: getattr(row, name) for name in fields}
    with stored_text(keep=current.values()):  # an older file's text, left as it was, passes
        clean = _validated(base, {**current, **_values(data)})
    _check_name(session, type(row), clean.name, what, exclude_id=row.id)
    return clean


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


def ensure_default_criteria(session: Session) -> int:
    """Give a workshop the default criteria once; return how many were added.

    The workshop remembers it was seeded, so a room that deletes or renames them never gets
    them back; a file imported with criteria counts as seeded. A read-only workshop is left
    alone (0).
    """
    if session.info.get("read_only"):
        return 0
    workshop = get_workshop(session)
    if workshop.criteria_seeded:
        return 0
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
    session: Session, *, criterion_id: int, data: CriterionBase | Mapping[str, Any]
) -> CriterionRow:
    """Change a criterion's fields; fields not given keep their values. Scores stay."""
    row = _row(session, Criterion, criterion_id, "criterion")
    clean = _updated(session, row, CriterionBase, CRITERION_FIELDS, "criterion", data)
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
) -> CandidateRow:
    """Change a candidate's fields (those not given keep their values) and, when given, make
    its flows exactly `flow_ids` (None keeps them), in one commit: a refusal writes nothing."""
    row = _row(session, Candidate, candidate_id, "candidate")
    clean = _updated(session, row, CandidateBase, CANDIDATE_FIELDS, "candidate", data)
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
) -> KpiRow:
    """Change a KPI's fields (those not given keep their values) and, when given, make its
    links exactly `candidate_ids` / `data_object_ids` (None keeps them)."""
    row = _row(session, Kpi, kpi_id, "KPI")
    clean = _updated(session, row, KpiBase, KPI_FIELDS, "KPI", data or {})
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
    """Phases in ascending order, the unphased candidates last (only when there are any).

    Within a phase, candidates follow the ranking (incomplete ones after, by name). Pass the
    `board` already loaded to save reading it again.
    """
    if board is None:
        board = load_priorities(session)
    order = {
        name_key(item.name): place
        for place, item in enumerate(
            rank(board.candidates_data(), board.criteria_data(), board.method)
        )
    }
    statement = sa.select(FLOW_TABLE.c.id, FLOW_TABLE.c.manual_hours_per_week)
    flow_hours = {flow_id: hours for flow_id, hours in _execute(session, statement)}
    phases: dict[int | None, list[CandidateRow]] = {}
    for row in board.candidates:
        phases.setdefault(row.phase, []).append(row)
    result = []
    for phase in sorted(phases, key=lambda value: (value is None, value or 0)):
        members = sorted(phases[phase], key=lambda row: order.get(name_key(row.name), 0))
        flows = {
            ref: flow_id
            for row in members
            for ref, flow_id in zip(row.flows, row.flow_ids, strict=True)
        }
        names = {name_key(name) for row in members for name in row.kpis}
        result.append(
            PhaseRow(
                phase=phase,
                candidates=members,
                flows=tuple(sorted(flows, key=_sort_key)),
                manual_hours=float(
                    sum(flow_hours.get(flow_id) or 0.0 for flow_id in flows.values())
                ),
                hours_unknown=sum(
                    1 for flow_id in flows.values() if flow_hours.get(flow_id) is None
                ),
                kpis=[kpi for kpi in board.kpis if name_key(kpi.name) in names],
            )
        )
    return result


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
