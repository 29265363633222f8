"""Correctness at scale (issue 15): the real app on a generated workshop of 500 systems, 5,000
flows, 50 data objects, 200 candidates x 10 criteria and 55,000 scenario checks, each screen
checked against what storage reads from the file. Not timed: scripts/bench.py times it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pilot_support import SIZE, settle, type_text, until
from textual.pilot import Pilot
from workshop_templates import cached

from tui.app import SeamworkApp

L = {"systems": 500, "data_objects": 50, "flows": 5000, "candidates": 200, "criteria": 10}
WAIT = 120.0  # building a screen of 5,000 rows on a loaded machine


def build(path: Path) -> None:
    from storage.demo import generated_document, write_demo
    from storage.queries.scenarios import apply_library
    from storage.workshop_file import open_workshop

    write_demo(path, generated_document(**L))
    with open_workshop(path) as workshop, workshop.session() as session:
        apply_library(session)


def stored(path: Path, read: Any) -> Any:
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return read(session)


def table_keys(table: Any) -> set[str]:
    return {str(key.value) for key in table.rows}


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_every_screen_of_a_5000_flow_workshop_shows_what_the_file_holds(tmp_path):
    from storage.queries.flows import interface_matrix, list_flows
    from storage.queries.priorities import load_priorities
    from storage.queries.readiness import load_readiness
    from storage.queries.scenarios import check_progress
    from tui.screens.flows import FlowsScreen
    from tui.screens.matrix import MatrixScreen
    from tui.screens.overview import OverviewScreen
    from tui.screens.priorities import PrioritiesScreen
    from tui.screens.scenarios import ScenariosScreen
    from tui.screens.systems import SystemsScreen

    path = cached(tmp_path / "L.seamwork", build, "generated-L")
    readiness = stored(path, load_readiness)
    everyone = stored(path, list_flows)
    assert len(everyone) == 5000
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        # The Overview: every finding storage reports, blockers first.
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        await until(pilot, lambda: overview.table.row_count == len(readiness.findings), WAIT)
        assert overview.readiness == readiness
        codes = [overview.table.get_row_at(row)[1].plain for row in range(5)]
        assert codes == [item.finding.code for item in readiness.findings[:5]]

        # Flows: all 5,000 with their badges; a filter typed; escape.
        await press(pilot, "3")
        flows = app.screen
        assert isinstance(flows, FlowsScreen)
        table = flows.flow_table.table
        await until(
            pilot,
            lambda: table.row_count == 5000 and not flows.flow_table.findings_pending,
            WAIT,
        )
        assert table_keys(table) == {str(row.id) for row in everyone}
        await press(pilot, "slash")
        await type_text(pilot, "System 0042")
        want = {str(row.id) for row in stored(path, lambda s: list_flows(s, text="System 0042"))}
        assert 0 < len(want) < 100
        await until(pilot, lambda: table_keys(table) == want, WAIT)
        assert all("System 0042" in flows.flows[key].ref for key in table_keys(table))
        await press(pilot, "escape")
        await until(pilot, lambda: table.row_count == 5000, WAIT)

        # The interface matrix: the systems in flows, every flow counted.
        await press(pilot, "m")
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen)
        await until(pilot, lambda: matrix.page is not None, WAIT)
        expected = stored(path, interface_matrix)
        assert matrix.grid.labels == expected.systems
        assert matrix.page is not None and matrix.page.total == 5000
        await press(pilot, "escape")

        # Scenarios: the checks the file holds.
        await press(pilot, "4")
        scenarios = app.screen
        assert isinstance(scenarios, ScenariosScreen)
        progress = stored(path, check_progress)
        assert progress.total == 55_000
        await until(pilot, lambda: scenarios.progress is not None, WAIT)
        assert scenarios.progress == progress
        said = str(scenarios.summary.border_subtitle)
        assert "reviewed" in said and "55000" in "".join(c for c in said if c.isdigit())

        # Priorities: the ranking storage works out; a weight changed, saved and re-ranked.
        await press(pilot, "5")
        priorities = app.screen
        assert isinstance(priorities, PrioritiesScreen)
        board = stored(path, load_priorities)
        await until(pilot, lambda: priorities.ranked_names()[:1] != [], WAIT)
        assert priorities.ranked_names() == [r.name for r in board.ranking()]
        first = board.criteria[0]
        await press(pilot, "tab")
        await press(pilot, "minus" if first.weight > 0 else "plus")
        changed = first.weight - 1 if first.weight > 0 else 1
        after = stored(path, load_priorities)
        assert after.criteria[0].weight == changed
        assert priorities.ranked_names() == [r.name for r in after.ranking()]
        await settle(pilot, timeout=WAIT)
        assert priorities.ranked_names() == [r.name for r in after.ranking()]

        # Systems: all 500 rows.
        await press(pilot, "2")
        systems = app.screen
        assert isinstance(systems, SystemsScreen)
        await until(pilot, lambda: systems.table.row_count == 500, WAIT)

        # The Session screen opens on this workshop too, and the Overview still agrees.
        await press(pilot, "6")
        await until(pilot, lambda: type(app.screen).__name__ == "SessionScreen", WAIT)
        await press(pilot, "1")
        assert app.screen is overview
        now = stored(path, load_readiness)
        await until(pilot, lambda: overview.readiness == now, WAIT)
