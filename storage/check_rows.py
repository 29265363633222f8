"""Checks and the review's progress as the Scenarios screen shows them, readable without
SQLAlchemy.

`storage.queries.scenarios` reads these with its joined queries; `storage.peek.peek_checklist`
reads the first flow's checklist and every flow's progress with the standard library before
SQLAlchemy and SQLModel have loaded (the Scenarios screen's first visit while the file opens).
Both select `CHECK_COLUMNS` (checks) and `PROGRESS_COLUMNS` (progress), in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from models.enums import CheckStatus
from models.names import flow_ref

# A check's columns, as `table.column` of the check joined to its flow, the flow's ends
# ("source", "target": the system table), data object ("object") and scenario.
CHECK_COLUMNS = (
    "scenario_check.id",
    "scenario_check.flow_id",
    "scenario_check.scenario_id",
    "source.name",
    "target.name",
    "object.name",
    "scenario.title",
    "scenario.category",
    "scenario.description",
    "scenario.question",
    "scenario_check.status",
    "scenario_check.note",
    "scenario_check.owner",
    "scenario_check.uat",
    "scenario_check.updated_at",
    "scenario.retired",
    "scenario.flow_id",
)

_STATUS = {status.value: status for status in CheckStatus}

# Every flow's progress, in flow order, as `progress_of` reads it: the checks of scenarios not
# retired counted per flow first, then joined to the flows (grouping the joined rows instead
# took twice as long at 55,000 checks). Shared by `storage.queries.scenarios.check_progress`
# and `storage.peek.peek_checklist`; named parameters: `PROGRESS_STATUSES`.
PROGRESS_SQL = (
    "WITH active AS (SELECT scenario_check.flow_id AS flow_id, count(*) AS total, "
    "sum(CASE WHEN scenario_check.status != :open THEN 1 ELSE 0 END) AS reviewed, "
    "sum(CASE WHEN scenario_check.status = :gap THEN 1 ELSE 0 END) AS gaps "
    "FROM scenario_check JOIN scenario ON scenario.id = scenario_check.scenario_id "
    "WHERE NOT scenario.retired GROUP BY scenario_check.flow_id) "
    "SELECT flow.id, source.name, target.name, object.name, coalesce(active.total, 0), "
    "coalesce(active.reviewed, 0), coalesce(active.gaps, 0) FROM flow "
    "JOIN system AS source ON source.id = flow.source_id "
    "JOIN system AS target ON target.id = flow.target_id "
    "JOIN data_object AS object ON object.id = flow.data_object_id "
    "LEFT OUTER JOIN active ON active.flow_id = flow.id "
    "ORDER BY source.name_key, target.name_key, object.name_key, flow.id"
)
PROGRESS_STATUSES = {"open": CheckStatus.OPEN.value, "gap": CheckStatus.GAP.value}


@dataclass(frozen=True)
class CheckRow:
    """One scenario on one flow, as the checklist shows it."""

    id: int
    flow_id: int
    scenario_id: int
    source: str
    target: str
    data_object: str
    scenario: str  # the scenario's title
    category: str
    description: str
    question: str
    status: CheckStatus
    note: str
    owner: str
    uat: bool
    updated_at: str
    retired: bool  # the scenario is retired: the check is history
    one_flow: bool = False  # the scenario was added for this flow only (not promoted)

    @property
    def flow(self) -> str:
        """The flow as `SOURCE -> TARGET: OBJECT`."""
        return flow_ref(self.source, self.target, self.data_object)

    @property
    def reviewed(self) -> bool:
        """The room has said something about it (any status but open)."""
        return self.status is not CheckStatus.OPEN


@dataclass(frozen=True)
class FlowProgress:
    """How far one flow's checklist has got (checks of retired scenarios not counted)."""

    flow_id: int
    source: str
    target: str
    data_object: str
    total: int
    reviewed: int  # status other than open
    gaps: int

    @property
    def flow(self) -> str:
        return flow_ref(self.source, self.target, self.data_object)

    @property
    def open(self) -> int:
        return self.total - self.reviewed


@dataclass(frozen=True)
class CheckProgress:
    """Every flow's progress (flows without checks included, with zero totals) and the sums."""

    flows: tuple[FlowProgress, ...]
    total: int
    reviewed: int
    gaps: int

    @property
    def open(self) -> int:
        return self.total - self.reviewed

    def for_flow(self, flow_id: int) -> FlowProgress | None:
        return next((item for item in self.flows if item.flow_id == flow_id), None)


def check_row(values: Sequence[Any]) -> CheckRow:
    """A row of `CHECK_COLUMNS` (in that order) as a `CheckRow`."""
    return CheckRow(
        id=values[0],
        flow_id=values[1],
        scenario_id=values[2],
        source=values[3],
        target=values[4],
        data_object=values[5],
        scenario=values[6],
        category=values[7],
        description=values[8],
        question=values[9],
        status=_STATUS[values[10]],
        note=values[11],
        owner=values[12],
        uat=bool(values[13]),
        updated_at=values[14],
        retired=bool(values[15]),
        one_flow=values[16] is not None,
    )


def progress_of(rows: Iterable[Sequence[Any]]) -> CheckProgress:
    """The progress from rows of flow id, source, target, data object, checks, reviewed and
    gaps (one a flow, in flow order), with the sums."""
    flows = tuple(
        FlowProgress(
            flow_id=row[0],
            source=row[1],
            target=row[2],
            data_object=row[3],
            total=int(row[4]),
            reviewed=int(row[5]),
            gaps=int(row[6]),
        )
        for row in rows
    )
    return CheckProgress(
        flows=flows,
        total=sum(item.total for item in flows),
        reviewed=sum(item.reviewed for item in flows),
        gaps=sum(item.gaps for item in flows),
    )
