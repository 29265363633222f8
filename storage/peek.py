"""A first look at a workshop's rows using only the standard library.

SQLModel and SQLAlchemy take most of a second to import; a consultant opening a file in front
of a client should see the inventory at once. The first screen shows these rows, read-only,
while the full storage layer loads in the background, then replaces them with its own query
(same columns, same order as `storage.queries.systems.list_systems`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.readiness import Readiness
from storage.check_rows import (
    CHECK_COLUMNS,
    PROGRESS_SQL,
    PROGRESS_STATUSES,
    CheckProgress,
    CheckRow,
    check_row,
    progress_of,
)
from storage.findings_cache import cache_key, recall, where
from storage.flow_rows import FLOW_COLUMNS, FlowRow, flow_row
from storage.priority_rows import PhaseRow, Priorities, read_priorities, read_roadmap
from storage.probe import connect_readonly

PEEK_LIMIT = 500


@dataclass(frozen=True)
class PeekSystem:
    """The columns the Systems table shows, nothing more."""

    id: int
    name: str
    category: str | None  # None: not recorded
    vendor: str
    owner: str
    lifecycle: str | None
    api: str | None
    criticality: int | None


def peek_systems(path: Path, *, limit: int = PEEK_LIMIT) -> list[PeekSystem]:
    """The first `limit` systems by name, or [] if the file cannot be read this way."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return []
    try:
        rows = connection.execute(
            "SELECT id, name, category, vendor, owner, lifecycle, api, criticality FROM system "
            "ORDER BY lower(name), name_key LIMIT ?",
            (limit,),
        ).fetchall()
    except sqlite3.Error:
        return []
    finally:
        connection.close()
    return [PeekSystem(*row) for row in rows]


_ENDS = (
    "JOIN system AS source ON source.id = flow.source_id "
    "JOIN system AS target ON target.id = flow.target_id "
    "JOIN data_object AS object ON object.id = flow.data_object_id "
)
_FLOWS = (
    f"SELECT {', '.join(FLOW_COLUMNS)} FROM flow {_ENDS}"
    "ORDER BY source.name_key, target.name_key, object.name_key, flow.id LIMIT ?"
)


def peek_flows(path: Path, *, limit: int) -> tuple[list[FlowRow], int] | None:
    """The first `limit` flows in the Flows screen's first order (by source, target and data
    object, as `storage.queries.flows.list_flows`), and how many there are; None if the file
    cannot be read this way."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute(_FLOWS, (limit,)).fetchall()
        (total,) = connection.execute("SELECT count(*) FROM flow").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return [flow_row(row) for row in rows], total


_FLOW_CHECKS = (
    f"SELECT {', '.join(CHECK_COLUMNS)} FROM scenario_check "
    f"JOIN flow ON flow.id = scenario_check.flow_id {_ENDS}"
    "JOIN scenario ON scenario.id = scenario_check.scenario_id "
    "WHERE scenario_check.flow_id = ? AND scenario.retired = 0 "
    "ORDER BY lower(scenario.category), scenario.title_key, scenario_check.id"
)


@dataclass(frozen=True)
class PeekChecklist:
    """What the Scenarios screen opens on: every flow's progress, and the checklist of the
    first flow with checks (`flow_id` None when no flow has any)."""

    progress: CheckProgress
    flow_id: int | None
    checks: tuple[CheckRow, ...]


def peek_checklist(path: Path) -> PeekChecklist | None:
    """As `storage.queries.scenarios.check_progress` and `list_checks(flow_id=…)` read them,
    with the standard library; None if the file cannot be read this way."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return None
    try:
        progress = progress_of(connection.execute(PROGRESS_SQL, PROGRESS_STATUSES).fetchall())
        flow_id = next((flow.flow_id for flow in progress.flows if flow.total), None)
        rows = connection.execute(_FLOW_CHECKS, (flow_id,)).fetchall() if flow_id else []
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return PeekChecklist(progress, flow_id, tuple(check_row(row) for row in rows))


def peek_priorities(path: Path) -> tuple[Priorities, list[PhaseRow]] | None:
    """The Priorities screen's board and roadmap, read as `storage.queries.priorities` reads
    them (the same SQL, `storage.priority_rows`), with the standard library; None if the
    file cannot be read this way."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return None

    def execute(sql: str, parameters: tuple[Any, ...]) -> list[Any]:
        return connection.execute(sql, parameters).fetchall()

    try:
        board = read_priorities(execute)
        return board, read_roadmap(execute, board)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


@dataclass(frozen=True)
class PeekOverview:
    """What the Overview screen shows before storage loads: the workshop and its counts.

    The counts are worked out as `storage.queries.readiness.Counts` works them out (checks of
    retired scenarios left out), so the numbers do not change when the full read replaces them.
    `candidates` and `kpis` are None when the file has no such table.
    """

    name: str
    client: str
    facilitator: str
    systems: int
    data_objects: int
    flows: int
    checks: int
    reviewed: int
    gaps: int
    candidates: int | None = None
    kpis: int | None = None


def peek_overview(path: Path) -> PeekOverview | None:
    """The workshop's details and counts, or None if the file cannot be read this way."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return None
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }

        def count(table: str) -> int | None:
            if table not in tables:
                return None
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        row = connection.execute(
            "SELECT name, client, facilitator FROM workshop ORDER BY id LIMIT 1"
        ).fetchone()
        name, client, facilitator = row if row else ("", "", "")
        checks = reviewed = gaps = 0
        if {"scenario_check", "scenario"} <= tables:
            checks, reviewed, gaps = connection.execute(
                "SELECT count(*), coalesce(sum(c.status != 'open'), 0), "
                "coalesce(sum(c.status = 'gap'), 0) FROM scenario_check c "
                "JOIN scenario s ON s.id = c.scenario_id WHERE NOT s.retired"
            ).fetchone()
        return PeekOverview(
            name=name or "",
            client=client or "",
            facilitator=facilitator or "",
            systems=count("system") or 0,
            data_objects=count("data_object") or 0,
            flows=count("flow") or 0,
            checks=int(checks),
            reviewed=int(reviewed),
            gaps=int(gaps),
            candidates=count("candidate"),
            kpis=count("kpi"),
        )
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def peek_readiness(path: Path) -> Readiness | None:
    """The readiness the file keeps for its present state (`storage.findings_cache`), or None
    when it keeps none that is current (or the file cannot be read this way)."""
    try:
        connection = connect_readonly(path, snapshot=True)
    except sqlite3.Error:
        return None
    try:

        def execute(sql: str, parameters: tuple[Any, ...]) -> Iterable[Any]:
            return connection.execute(sql, parameters)

        key = cache_key(execute)
        return recall(execute, key, where(path)) if key is not None else None
    finally:
        connection.close()
