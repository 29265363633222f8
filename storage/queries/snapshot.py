"""Read a whole workshop into plain values (`models.snapshot.WorkshopData`) without writing.

A handful of queries, one per table, whatever the size of the workshop: the rules and exports
read everything, so per-row queries would make `check` slow on large workshops.

The pure rules that read the whole snapshot are run from here too (`minute_findings`, `suggest`),
so the query modules they also touch (`priorities`) need not import this one back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Table
from sqlmodel import Session, col, select

from models.characters import stored_text
from models.enums import CheckStatus
from models.findings import MINUTE_RULES, Finding, find_all
from models.snapshot import (
    CheckData,
    DataObjectData,
    DefinitionData,
    FlowData,
    MinuteData,
    ScenarioData,
    WorkshopData,
    flow_ref,
    many_checks,
)
from models.tables import (
    FLOW_FIELDS,
    SYSTEM_FIELDS,
    WORKSHOP_FIELDS,
    Check,
    DataObject,
    DataObjectBase,
    Definition,
    Flow,
    FlowBase,
    Scenario,
    ScenarioBase,
    System,
    SystemBase,
    Workshop,
    WorkshopBase,
)
from storage.boundary import boundary
from storage.clock import today
from storage.queries.meetings import all_minutes, list_meetings
from storage.queries.priorities import Priorities, load_priorities

FLOW_TABLE: Table = Flow.__table__  # type: ignore[attr-defined]
SYSTEM_TABLE: Table = System.__table__  # type: ignore[attr-defined]
DATA_OBJECT_TABLE: Table = DataObject.__table__  # type: ignore[attr-defined]
DEFINITION_TABLE: Table = Definition.__table__  # type: ignore[attr-defined]
SCENARIO_TABLE: Table = Scenario.__table__  # type: ignore[attr-defined]
CHECK_TABLE: Table = Check.__table__  # type: ignore[attr-defined]

if TYPE_CHECKING:
    from models.processes import Suggestion

T = TypeVar("T")


@stored_text()
def read_workshop(session: Session) -> WorkshopBase:
    """The workshop's details; a file whose row was removed by hand reads as a default one.

    Unlike `storage.queries.systems.get_workshop` this never adds the row, so it works read-only.
    """
    row = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if row is None:
        return WorkshopBase(name="Workshop")
    return WorkshopBase.model_validate({field: getattr(row, field) for field in WORKSHOP_FIELDS})


def sort_key(name: str) -> tuple[str, str]:
    """How systems (and later every named entity) are ordered in exports: caseless, then exact."""
    return (name.casefold(), name)


def read_systems(session: Session) -> list[System]:
    return sorted(session.exec(select(System)).all(), key=lambda system: sort_key(system.name))


def _system_names(session: Session) -> dict[int, str]:
    statement = sa.select(SYSTEM_TABLE.c.id, SYSTEM_TABLE.c.name)
    return {row_id: name for row_id, name in session.connection().execute(statement)}


@stored_text()
def read_data_objects(session: Session) -> list[DataObjectData]:
    """Data objects with their source of truth named and definitions sorted by department."""
    systems = _system_names(session)
    definitions: dict[int, list[DefinitionData]] = {}
    table = DEFINITION_TABLE
    statement = sa.select(table.c.data_object_id, table.c.department, table.c.text)
    for object_id, department, text in session.connection().execute(statement):
        definitions.setdefault(object_id, []).append(DefinitionData(department, text))
    d = DATA_OBJECT_TABLE
    fields = tuple(DataObjectBase.model_fields)
    statement = sa.select(d.c.id, d.c.source_of_truth_id, *(d.c[name] for name in fields))
    result = []
    for row in session.connection().execute(statement):
        clean = DataObjectBase.model_validate(dict(zip(fields, row[2:], strict=True)))
        result.append(
            DataObjectData(
                name=clean.name,
                owner=clean.owner,
                source_of_truth=systems.get(row[1]) if row[1] is not None else None,
                sensitivity=clean.sensitivity,
                definition=clean.definition,
                definitions=tuple(
                    sorted(definitions.get(row[0], ()), key=lambda item: sort_key(item.department))
                ),
            )
        )
    return sorted(result, key=lambda obj: sort_key(obj.name))


def flow_sort_key(flow: FlowData) -> tuple[tuple[str, str], ...]:
    """Flows are ordered by source, then target, then data object, each caseless first."""
    return (sort_key(flow.source), sort_key(flow.target), sort_key(flow.data_object))


@stored_text()
def read_flows(session: Session) -> list[FlowData]:
    """Every flow with its ends and data object named, in `flow_sort_key` order."""
    systems = _system_names(session)
    d = DATA_OBJECT_TABLE
    objects = {
        row_id: name for row_id, name in session.connection().execute(sa.select(d.c.id, d.c.name))
    }
    f = FLOW_TABLE
    statement = sa.select(
        f.c.source_id, f.c.target_id, f.c.data_object_id, *(f.c[name] for name in FLOW_FIELDS)
    )
    flows = [
        FlowData(
            source=systems[row[0]],
            target=systems[row[1]],
            data_object=objects[row[2]],
            fields=FlowBase.model_validate(dict(zip(FLOW_FIELDS, row[3:], strict=True))),
        )
        for row in session.connection().execute(statement)
    ]
    return sorted(flows, key=flow_sort_key)


@stored_text()
def read_scenarios(session: Session) -> list[ScenarioData]:
    """Every scenario, retired ones included, sorted by title; a one-flow one names its flow."""
    table = SCENARIO_TABLE
    fields = tuple(ScenarioBase.model_fields)
    source, target = SYSTEM_TABLE.alias("source"), SYSTEM_TABLE.alias("target")
    f, d = FLOW_TABLE, DATA_OBJECT_TABLE
    statement = sa.select(
        *(table.c[name] for name in fields), source.c.name, target.c.name, d.c.name
    ).select_from(
        table.outerjoin(f, f.c.id == table.c.flow_id)
        .outerjoin(source, source.c.id == f.c.source_id)
        .outerjoin(target, target.c.id == f.c.target_id)
        .outerjoin(d, d.c.id == f.c.data_object_id)
    )
    result = []
    for row in session.connection().execute(statement):
        clean = ScenarioBase.model_validate(dict(zip(fields, row[: len(fields)], strict=True)))
        ends = row[len(fields) :]
        result.append(
            ScenarioData(
                title=clean.title,
                category=clean.category,
                description=clean.description,
                question=clean.question,
                data_objects=tuple(clean.data_objects),
                retired=clean.retired,
                flow=flow_ref(*ends) if ends[0] is not None else None,
            )
        )
    return sorted(result, key=lambda scenario: sort_key(scenario.title))


def check_sort_key(check: CheckData) -> tuple[tuple[str, str], ...]:
    """Checks are ordered by their flow (as flows are), then by scenario title."""
    return (
        sort_key(check.source),
        sort_key(check.target),
        sort_key(check.data_object),
        sort_key(check.scenario),
    )


_STATUS = {status.value: status for status in CheckStatus}


# The checks without their names (SQLite's joins cost more than looking the names up here),
# then each flow's names and each scenario's title, once.
_CHECKS_SQL = (
    "SELECT flow_id, scenario_id, status, note, owner, uat, updated_at FROM scenario_check"
)
_FLOW_NAMES_SQL = (
    "SELECT flow.id, source.name, target.name, data_object.name FROM flow "
    "JOIN system AS source ON source.id = flow.source_id "
    "JOIN system AS target ON target.id = flow.target_id "
    "JOIN data_object ON data_object.id = flow.data_object_id"
)
_SCENARIO_TITLES_SQL = "SELECT id, title FROM scenario"


@dataclass(frozen=True)
class CheckRows:
    """Every check as the file holds it, in `check_sort_key` order: `rows` are the driver's
    (flow id, scenario id, status, note, owner, uat, updated_at); `flows` names each flow
    (source, target, data object) and `titles` each scenario, once."""

    rows: list[tuple[Any, ...]]
    flows: dict[int, tuple[str, str, str]]
    titles: dict[int, str]


def check_rows(session: Session) -> CheckRows:
    """Every check, unnamed, sorted (see `CheckRows`), in three queries.

    Tens of thousands of rows: read as the driver's plain tuples (SQLAlchemy's row objects
    cost as much again as the query), without joins (SQLite's lookups cost more than the
    names looked up here), and sorted by a rank worked out once per flow and per scenario,
    not by `sort_key` tuples made for every check. A check whose flow or scenario is missing
    (foreign keys prevent it) is left out, as a join would."""
    driver = session.connection().connection.driver_connection
    assert driver is not None
    flows = {row[0]: row[1:] for row in driver.execute(_FLOW_NAMES_SQL)}
    titles: dict[int, str] = dict(driver.execute(_SCENARIO_TITLES_SQL).fetchall())
    rows = driver.execute(_CHECKS_SQL).fetchall()
    ranked = sorted(flows, key=lambda fid: tuple(sort_key(name) for name in flows[fid]))
    flow_rank = {fid: rank for rank, fid in enumerate(ranked)}
    ranked = sorted(titles, key=lambda sid: sort_key(titles[sid]))
    scenario_rank = {sid: rank for rank, sid in enumerate(ranked)}
    width = len(scenario_rank)
    try:
        rows.sort(key=lambda row: flow_rank[row[0]] * width + scenario_rank[row[1]])
    except KeyError:  # a check of no flow or scenario: as a join, without it
        rows = [row for row in rows if row[0] in flows and row[1] in titles]
        rows.sort(key=lambda row: flow_rank[row[0]] * width + scenario_rank[row[1]])
    return CheckRows(rows, flows, titles)


def read_checks(session: Session) -> list[CheckData]:
    """Every check, its flow and scenario named, in `check_sort_key` order (`check_rows`)."""
    found = check_rows(session)
    flows, titles, status = found.flows, found.titles, _STATUS
    return many_checks(
        (*flows[flow], titles[scenario], status[state], note, owner, bool(uat), updated)
        for flow, scenario, state, note, owner, uat, updated in found.rows
    )


def read_minutes(session: Session) -> list[MinuteData]:
    """Every session's minutes, oldest session first, each in the order it was recorded."""
    rows = all_minutes(session)
    if not rows:  # one query for a workshop without minutes
        return []
    titles = {meeting.id: meeting.title for meeting in list_meetings(session)}
    order = {meeting_id: index for index, meeting_id in enumerate(titles)}
    rows.sort(key=lambda row: (order[row.meeting_id], row.id))
    return [
        MinuteData(
            kind=row.kind,
            text=row.text,
            session=row.meeting_date,
            session_title=titles[row.meeting_id],
            who=row.who,
            due=row.due,
            closed=row.closed,
            concerns=tuple(concern.label for concern in row.concerns),
        )
        for row in rows
    ]


@boundary
@stored_text()
def load_snapshot(
    session: Session,
    *,
    board: Priorities | None = None,
    between: Callable[[], None] | None = None,
) -> WorkshopData:
    """Everything the pure rules read, as validated values, sorted by name (criteria in the
    room's order, minutes by session), judged as of `today()`. Pass the priorities `board`
    already loaded to save reading it again. `between` is called between the reads (a
    thread reading in the background steps aside there for the keys being typed)."""

    def read(reader: Callable[[Session], T]) -> T:
        if between is not None:
            between()
        return reader(session)

    if board is None:
        board = read(load_priorities)
    return WorkshopData(
        workshop=read(read_workshop),
        systems=tuple(
            SystemBase.model_validate({field: getattr(row, field) for field in SYSTEM_FIELDS})
            for row in read(read_systems)
        ),
        data_objects=tuple(read(read_data_objects)),
        flows=tuple(read(read_flows)),
        scenarios=tuple(read(read_scenarios)),
        checks=tuple(read(read_checks)),
        criteria=tuple(board.criteria_data()),
        candidates=tuple(board.candidates_data()),
        kpis=tuple(row.data() for row in board.kpis),
        minutes=tuple(read(read_minutes)),
        today=today(),
    )


def minute_findings(session: Session) -> list[Finding]:
    """The findings the minutes alone give (`MINUTE_RULES`), without reading the rest of the
    workshop: after a minute is captured, screens replace just these (`replace_findings`)."""
    data = WorkshopData(
        workshop=read_workshop(session), minutes=tuple(read_minutes(session)), today=today()
    )
    return find_all(data, MINUTE_RULES)


def suggest(session: Session) -> list[Suggestion]:
    """Groups of flows no candidate holds yet, by end-to-end process, for the room to accept."""
    from models.processes import suggest_candidates  # only here: check and exports need none

    return suggest_candidates(load_snapshot(session))
