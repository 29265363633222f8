"""The Priorities screen's rows, and the SQL that reads them, without SQLAlchemy.

`storage.queries.priorities` runs these reads on a session's connection; `storage.peek`
runs them with the standard library before SQLAlchemy and SQLModel have loaded (the screen's
first visit while the file opens: at 5,000 flows it waited most of a second for the file).
One set of queries for both: each read takes an `Execute` (SQL text and parameters, rows back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models.characters import stored_text
from models.enums import CriterionKind, ScoringMethod, WsjfPart
from models.names import flow_ref, name_key
from models.scoring import (
    CandidateData,
    CriterionData,
    FrozenMap,
    KpiData,
    Ranked,
    rank,
    rank_with_sensitivity,
)

if TYPE_CHECKING:
    from models.tables import CandidateBase, CriterionBase, KpiBase

# SQL text and its parameters -> the rows (sequences of column values).
Execute = Callable[[str, tuple[Any, ...]], Iterable[Sequence[Any]]]

_KIND = {kind.value: kind for kind in CriterionKind}
_PART = {part.value: part for part in WsjfPart}
_METHOD = {method.value: method for method in ScoringMethod}


def sort_key(name: str) -> tuple[str, str]:
    return (name_key(name), name)


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

    def fields(self) -> CriterionBase:
        """The editable fields, for filling in the edit form."""
        from models.tables import CRITERION_FIELDS, CriterionBase

        with stored_text():
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

    def fields(self) -> CandidateBase:
        """The editable fields, for filling in the edit form."""
        from models.tables import CANDIDATE_FIELDS, CandidateBase

        with stored_text():
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

    def fields(self) -> KpiBase:
        """The editable fields, for filling in the edit form."""
        from models.tables import KPI_FIELDS, KpiBase

        with stored_text():
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


# --- reading ----------------------------------------------------------------------------------


def _where(sql: str, column: str, row_id: int | None) -> tuple[str, tuple[Any, ...]]:
    """`sql` narrowed to one row of `column`, when `row_id` is given."""
    return (f"{sql} WHERE {column} = ?", (row_id,)) if row_id is not None else (sql, ())


def read_method(execute: Execute) -> ScoringMethod:
    rows = list(execute("SELECT scoring_method FROM workshop ORDER BY id LIMIT 1", ()))
    value = rows[0][0] if rows else None
    return _METHOD.get(value or "", ScoringMethod.WEIGHTED)


def read_criteria(execute: Execute, criterion_id: int | None = None) -> list[CriterionRow]:
    """Criteria in the room's order (one, given its id)."""
    sql, parameters = _where(
        "SELECT id, name, weight, kind, wsjf_part, description, position FROM criterion",
        "id",
        criterion_id,
    )
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
        for row in execute(f"{sql} ORDER BY position, id", parameters)
    ]


_ENDS = (
    "JOIN flow ON flow.id = {link}.flow_id "
    "JOIN system AS source ON source.id = flow.source_id "
    "JOIN system AS target ON target.id = flow.target_id "
    "JOIN data_object AS object ON object.id = flow.data_object_id"
)


def read_candidates(execute: Execute, candidate_id: int | None = None) -> list[CandidateRow]:
    """Candidates by name (one, given its id), each with its flows, scores and KPIs: four
    queries in all."""
    heads = _where("SELECT id, name, description, phase, notes FROM candidate", "id", candidate_id)
    flows = _where(
        "SELECT candidate_flow.candidate_id, candidate_flow.flow_id, source.name, target.name, "
        "object.name, flow.manual_hours_per_week FROM candidate_flow "
        + _ENDS.format(link="candidate_flow"),
        "candidate_flow.candidate_id",
        candidate_id,
    )
    scores = _where(
        "SELECT candidate_id, criterion_id, value, rationale FROM score",
        "candidate_id",
        candidate_id,
    )
    kpis = _where(
        "SELECT kpi_candidate.candidate_id, kpi.name FROM kpi_candidate "
        "JOIN kpi ON kpi.id = kpi_candidate.kpi_id",
        "kpi_candidate.candidate_id",
        candidate_id,
    )
    members: dict[int, list[tuple[str, int, str, str, float | None]]] = {}
    for owner, flow_id, source, target, data_object, hours in execute(*flows):
        members.setdefault(owner, []).append(
            (flow_ref(source, target, data_object), flow_id, source, target, hours)
        )
    given: dict[int, dict[int, int]] = {}
    why: dict[int, dict[int, str]] = {}
    for owner, criterion_id, value, rationale in execute(*scores):
        given.setdefault(owner, {})[criterion_id] = value
        if rationale:
            why.setdefault(owner, {})[criterion_id] = rationale
    measured: dict[int, list[str]] = {}
    for owner, kpi in execute(*kpis):
        measured.setdefault(owner, []).append(kpi)
    rows = []
    for row_id, name, description, phase, notes in execute(*heads):
        flow_rows = sorted(members.get(row_id, ()), key=lambda item: sort_key(item[0]))
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
                systems=tuple(sorted(systems.values(), key=sort_key)),
                kpis=tuple(sorted(measured.get(row_id, ()), key=sort_key)),
            )
        )
    return sorted(rows, key=lambda row: sort_key(row.name))


def read_kpis(execute: Execute, kpi_id: int | None = None) -> list[KpiRow]:
    """KPIs by name (one, given its id), with their candidates and data objects."""
    heads = _where(
        "SELECT id, name, unit, baseline, target, owner, description FROM kpi", "id", kpi_id
    )
    candidates = _where(
        "SELECT kpi_candidate.kpi_id, candidate.id, candidate.name FROM kpi_candidate "
        "JOIN candidate ON candidate.id = kpi_candidate.candidate_id",
        "kpi_candidate.kpi_id",
        kpi_id,
    )
    objects = _where(
        "SELECT kpi_data_object.kpi_id, data_object.id, data_object.name FROM kpi_data_object "
        "JOIN data_object ON data_object.id = kpi_data_object.data_object_id",
        "kpi_data_object.kpi_id",
        kpi_id,
    )
    linked: dict[int, list[tuple[int, str]]] = {}
    for owner, row_id, name in execute(*candidates):
        linked.setdefault(owner, []).append((row_id, name))
    informed: dict[int, list[tuple[int, str]]] = {}
    for owner, row_id, name in execute(*objects):
        informed.setdefault(owner, []).append((row_id, name))
    rows = []
    for row_id, name, unit, baseline, target, owner, description in execute(*heads):
        by_candidate = sorted(linked.get(row_id, ()), key=lambda item: sort_key(item[1]))
        by_object = sorted(informed.get(row_id, ()), key=lambda item: sort_key(item[1]))
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
    return sorted(rows, key=lambda row: sort_key(row.name))


def read_priorities(execute: Execute) -> Priorities:
    """The method, criteria, candidates and KPIs in one read (no writes: works read-only)."""
    return Priorities(
        method=read_method(execute),
        criteria=read_criteria(execute),
        candidates=read_candidates(execute),
        kpis=read_kpis(execute),
    )


def read_roadmap(execute: Execute, board: Priorities) -> list[PhaseRow]:
    """Phases in ascending order, the unphased candidates last (only when there are any).

    Within a phase, candidates follow the ranking (incomplete ones after, by name)."""
    order = {
        name_key(item.name): place
        for place, item in enumerate(
            rank(board.candidates_data(), board.criteria_data(), board.method)
        )
    }
    flow_hours = {
        flow_id: hours
        for flow_id, hours in execute("SELECT id, manual_hours_per_week FROM flow", ())
    }
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
                flows=tuple(sorted(flows, key=sort_key)),
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
