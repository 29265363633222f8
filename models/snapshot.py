"""A whole workshop as plain validated values, for the pure rules (findings, later scoring).

Rules take this rather than a session so they stay pure and are tested without a file;
`storage.queries.snapshot.load_snapshot` builds it from an open workshop. Entities refer to each
other by name here, as in files, never by database id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from models.enums import CheckStatus, Direction, MinuteKind, Sensitivity
from models.names import FLOW_ARROW, FLOW_COLON, flow_ref, name_key
from models.scoring import CandidateData, CriterionData, KpiData
from models.tables import FlowBase, SystemBase, WorkshopBase


def split_flow_ref(ref: str) -> list[tuple[str, str, str]]:
    """Every way to read `ref` as `SOURCE -> TARGET: OBJECT`, names stripped and non-empty.

    Names may themselves hold " -> " or ": ", so a reference can be ambiguous; the caller
    keeps the reading that names an existing flow. Returns [] when there is none.
    """
    readings: list[tuple[str, str, str]] = []
    start = ref.find(FLOW_ARROW)
    while start != -1:
        source, rest = ref[:start].strip(), ref[start + len(FLOW_ARROW) :]
        colon = rest.find(FLOW_COLON)
        while colon != -1:
            target = rest[:colon].strip()
            data_object = rest[colon + len(FLOW_COLON) :].strip()
            if source and target and data_object:
                readings.append((source, target, data_object))
            colon = rest.find(FLOW_COLON, colon + 1)
        start = ref.find(FLOW_ARROW, start + 1)
    return readings


@dataclass(frozen=True)
class DefinitionData:
    department: str
    text: str


@dataclass(frozen=True)
class DataObjectData:
    """A data object with its source of truth named (None when nobody has said yet)."""

    name: str
    owner: str = ""
    source_of_truth: str | None = None
    sensitivity: Sensitivity | None = None  # None: not recorded
    definition: str = ""
    definitions: tuple[DefinitionData, ...] = ()


@dataclass(frozen=True)
class FlowData:
    """A flow with its ends and data object named; `fields` holds everything a person edits."""

    source: str
    target: str
    data_object: str
    fields: FlowBase

    @property
    def ref(self) -> str:
        return flow_ref(self.source, self.target, self.data_object)

    @property
    def two_way(self) -> bool:
        return self.fields.direction == Direction.TWO_WAY


@dataclass(frozen=True)
class ScenarioData:
    """An exception scenario of the workshop; `data_objects` empty means every flow."""

    title: str
    category: str = "other"
    description: str = ""
    question: str = ""
    data_objects: tuple[str, ...] = ()
    retired: bool = False
    flow: str | None = None  # `S -> T: O` for a scenario added for that one flow only


class CheckData(NamedTuple):
    """One scenario on one flow: the flow by its ends and data object, the scenario by title.

    A named tuple, not a frozen dataclass as the rest are: a workshop holds tens of thousands
    and every export and check reads them all, and a tuple is made straight from a row of the
    file (`many_checks`, in C) where a dataclass sets each of its nine fields in Python: three
    times as long for the 55,000 checks of a 5,000-flow workshop. Immutable and hashable all
    the same."""

    source: str
    target: str
    data_object: str
    scenario: str
    status: CheckStatus = CheckStatus.OPEN
    note: str = ""
    owner: str = ""
    uat: bool = False
    updated_at: str = ""

    @property
    def flow(self) -> str:
        """The flow as `SOURCE -> TARGET: OBJECT`."""
        return flow_ref(self.source, self.target, self.data_object)


CHECK_FIELDS: tuple[str, ...] = CheckData._fields


def many_checks(values: Iterable[tuple[Any, ...]]) -> list[CheckData]:
    """`[CheckData(*row) for row in values]`, each made straight from its row (TypeError for
    a row of another length)."""
    return list(map(CheckData._make, values))


@dataclass(frozen=True)
class MinuteData:
    """One line of a session's minutes: a decision, an action or a parking-lot question.

    `session` is the session's date (ISO), `who` the attendee named (who decided, who owns the
    action; None when nobody was), `due` an action's ISO date (None: not said), `closed` an
    action done or a question answered, `concerns` what it is about (systems, data objects,
    candidates and KPIs by name, flows as `S -> T: O`).
    """

    kind: MinuteKind
    text: str
    session: str
    session_title: str = ""
    who: str | None = None
    due: str | None = None
    closed: bool = False
    concerns: tuple[str, ...] = ()

    @property
    def is_open_action(self) -> bool:
        return self.kind is MinuteKind.ACTION and not self.closed

    def overdue(self, today: str | None) -> bool:
        """An open action due before `today`: see `past_due`."""
        return self.is_open_action and past_due(self.due, today)


def past_due(due: str | None, today: str | None) -> bool:
    """Whether an ISO date `due` is before `today` (ISO dates compare as text); never when
    either is unknown. Whether the action is still open is the caller's question."""
    return due is not None and today is not None and due < today


@dataclass(frozen=True)
class WorkshopData:
    """One workshop: its details and entities, each sorted by name. Grows with each entity.

    The first phase of the rollout is the lowest phase number any candidate has
    (`first_phase`); `phase_one_flows` holds the flows (as `S -> T: O`) of its candidates,
    which the SCENARIO-GAP and PHASE-SYSTEM-NOT-LIVE rules treat as due first.
    `first_phase_flows` can name more flows directly (kept for callers that have no
    candidates); rules read `phase_one_flows`, which includes them.

    `minutes` holds every session's minutes, oldest session first; `today` is the date
    ACTION-OVERDUE judges by, given by the caller (storage passes the clock's date), so the
    rules never read a clock.
    """

    workshop: WorkshopBase
    systems: tuple[SystemBase, ...] = ()
    data_objects: tuple[DataObjectData, ...] = ()
    flows: tuple[FlowData, ...] = ()
    scenarios: tuple[ScenarioData, ...] = ()
    checks: tuple[CheckData, ...] = ()
    first_phase_flows: frozenset[str] = frozenset()
    criteria: tuple[CriterionData, ...] = ()
    candidates: tuple[CandidateData, ...] = ()
    kpis: tuple[KpiData, ...] = ()
    minutes: tuple[MinuteData, ...] = ()
    today: str | None = None  # ISO date the rules judge "overdue" by; None: nothing is

    @property
    def first_phase(self) -> int | None:
        """The lowest phase number in use by a candidate; None when nothing is phased."""
        phases = [c.phase for c in self.candidates if c.phase is not None]
        return min(phases) if phases else None

    @property
    def first_phase_candidates(self) -> tuple[CandidateData, ...]:
        """The candidates in the first phase, in the order given (by name)."""
        first = self.first_phase
        if first is None:
            return ()
        return tuple(c for c in self.candidates if c.phase == first)

    @property
    def phase_one_flows(self) -> frozenset[str]:
        """The flows due in the first phase: those of its candidates and `first_phase_flows`."""
        flows = {ref for candidate in self.first_phase_candidates for ref in candidate.flows}
        return frozenset(flows) | self.first_phase_flows

    def candidates_with_flow(self) -> dict[str, list[CandidateData]]:
        """Each flow in a candidate (by `name_key` of its ref) with the candidates holding it."""
        result: dict[str, list[CandidateData]] = {}
        for candidate in self.candidates:
            for ref in candidate.flows:
                result.setdefault(name_key(ref), []).append(candidate)
        return result
