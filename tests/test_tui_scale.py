"""Correctness at scale (issue 15's done-when): the real app on the generated L workshop (500
systems, 50 data objects, 5,000 flows, 200 candidates x 10 criteria, the scenario library
applied to every flow) shows, on every screen, what storage reads from the file.

One app run walks the screens as a facilitator would: the Overview's findings, Flows with all
5,000 rows and their badges, a typed filter and escape, the data objects, the interface
matrix, Scenarios, Priorities (the ranking, then a weight changed and saved), Systems,
Session, the history, and the Overview again. Each step compares what the user sees (table
rows, panel subtitles, status lines, the ranking's lines) with storage's own reading of the
file, never with the screens' private state, so it holds however the screens load, filter or
draw. Not timed: scripts/bench.py measures speed. Every wait is for a condition (a loaded
machine only makes it slower), and a condition that never holds fails showing what differs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pilot_support import SIZE, WAIT, palette, settle, type_text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable
from workshop_templates import cached

from tui.app import SeamworkApp

T = TypeVar("T")

L = {"systems": 500, "data_objects": 50, "flows": 5000, "candidates": 200, "criteria": 10}
SYSTEM = "System 0042"  # typed into the Flows filter
SEVERITY_ORDER = ("blocker", "warning", "info")


def build(path: Path) -> None:
    """The L workshop as scripts/bench.py builds it: generated, then the scenario library
    applied to every flow (55,000 checks)."""
    from storage.demo import generated_document, write_demo
    from storage.queries.scenarios import apply_library
    from storage.workshop_file import open_workshop

    write_demo(path, generated_document(**L))
    with open_workshop(path) as workshop, workshop.session() as session:
        apply_library(session)


def stored(path: Path, read: Callable[[Any], T]) -> T:
    """`read(session)` on a fresh read-only open of the file: what storage says now."""
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return read(session)


async def shows(pilot: Pilot[None], read: Callable[[], T], want: T) -> None:
    """Wait until the app is quiet and `read()` equals `want`; if it never does, fail with
    pytest's difference between the two rather than a bare timeout."""
    try:
        await settle(pilot, lambda: read() == want, timeout=WAIT)
    except AssertionError:
        assert read() == want
        raise


def subtitle(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector).border_subtitle)


def text_of(pilot: Pilot[None], selector: str) -> str:
    """The plain text a `Static` (a status line, a label) shows."""
    return pilot.app.screen.query_one(selector).render().plain  # type: ignore[union-attr]


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def rows_of(table: DataTable[Any]) -> list[list[str]]:
    """Every row of `table` as the plain text of its cells, top to bottom."""
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


def visible_lines(widget: Widget) -> list[str]:
    """The lines `widget` draws in its region on screen, as text (what the user reads)."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


def flow_triples(table: DataTable[Any]) -> list[tuple[str, str, str]]:
    """(source, target, data object) of each row of the flows table, from its cells."""
    route, data_object = table.get_column("route"), table.get_column("data_object")
    triples = []
    for route_cell, object_cell in zip(route, data_object, strict=True):
        source, _, target = re.split(r" ([→⇄]) ", str(route_cell.plain), maxsplit=1)
        triples.append((source, target, str(object_cell.plain)))
    return triples


def badge(findings: list[Any]) -> str:
    """A flow's findings badge as the Flows screen documents it: "⛔ 1 ⚠ 2", ✓ for none."""
    if not findings:
        return "✓"
    counts = Counter(str(finding.severity) for finding in findings)
    marks = (("blocker", "⛔"), ("warning", "⚠"), ("info", "ℹ"))  # noqa: RUF001
    return " ".join(f"{mark} {counts[s]}" for s, mark in marks if counts[s])


RANK_LINE = re.compile(r"^\s*(\d+) (.+?) +(\d+\.\d) ")  # rank, name (maybe cut), score


def ranking_rows(lines: list[str]) -> list[tuple[int, str, str]]:
    """(rank, name as drawn, score) of each ranked candidate's line, top to bottom."""
    return [(int(m[1]), m[2].strip(), m[3]) for line in lines if (m := RANK_LINE.match(line))]


def ranking_drawn(ranking: Widget) -> list[tuple[int, str, str]]:
    """Every line of the ranked list (200 candidates: more than the panel shows at once)."""
    return ranking_rows([line.plain for line in ranking.lines])  # type: ignore[attr-defined]


def ranking_of(board: Any, weights: dict[int, int] | None = None) -> list[tuple[int, str, str]]:
    """(rank, name, score to one decimal) of storage's ranking, as the list draws them."""
    return [(r.rank, r.name, f"{r.score:.1f}") for r in board.ranking(weights)]


def same_ranking(drawn: list[tuple[int, str, str]], want: list[tuple[int, str, str]]) -> bool:
    """`drawn` is `want` line for line: the same rank and score, and a name that is the
    candidate's, or its start cut with "…" where the panel is too narrow for it."""
    return len(drawn) == len(want) and all(
        (rank, score) == (want_rank, want_score) and want_name.startswith(name.rstrip("…"))
        for (rank, name, score), (want_rank, want_name, want_score) in zip(drawn, want, strict=True)
    )


async def ranking_matches(
    pilot: Pilot[None], ranking: Widget, want: list[tuple[int, str, str]]
) -> None:
    """Wait until the whole ranked list, and the part of it on screen, is `want`."""
    try:
        await settle(pilot, lambda: same_ranking(ranking_drawn(ranking), want), timeout=WAIT)
    except AssertionError:
        assert ranking_drawn(ranking) == want
        raise
    on_screen = ranking_rows(visible_lines(ranking))
    assert len(on_screen) >= 3 and same_ranking(on_screen, want[: len(on_screen)])


async def test_every_screen_of_a_5000_flow_workshop_shows_what_the_file_holds(tmp_path):
    from models.findings import findings_by_subject
    from storage.queries.data_objects import list_data_objects
    from storage.queries.flows import interface_matrix, list_flows
    from storage.queries.meetings import list_meetings
    from storage.queries.priorities import load_priorities
    from storage.queries.readiness import load_readiness
    from storage.queries.scenarios import check_progress, list_checks
    from storage.queries.systems import list_systems
    from storage.queries.undo import history
    from tui.dialogs.history import HistoryDialog
    from tui.screens.flows import FlowsScreen
    from tui.screens.matrix import MatrixScreen
    from tui.screens.overview import OverviewScreen
    from tui.screens.priorities import PrioritiesScreen
    from tui.screens.scenarios import ALL_FLOWS, ScenariosScreen
    from tui.screens.session import SessionScreen
    from tui.screens.systems import SystemsScreen

    path = cached(tmp_path / "L.seamwork", build, "generated-L")
    readiness = stored(path, load_readiness)
    flows = stored(path, list_flows)
    everyone = sorted((f.source, f.target, f.data_object) for f in flows)
    assert len(everyone) == L["flows"]
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        # 1. The Overview, the first screen: every finding storage reports, blockers first.
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        findings = overview.query_one("#findings-table", DataTable)
        await shows(pilot, lambda: findings.row_count, len(readiness.findings))
        assert subtitle(pilot, "#overview-findings") == f"{len(readiness.findings)} findings"
        shown = rows_of(findings)
        severities = [row[0].split()[-1].lower() for row in shown]
        assert severities == sorted(severities, key=SEVERITY_ORDER.index)  # blockers first
        assert severities[0] == "blocker"
        for row, item in zip(shown, readiness.findings, strict=True):
            finding = item.finding
            assert (row[0].split()[-1].lower(), row[1]) == (str(finding.severity), finding.code)
            assert " ".join(finding.message.split()).startswith(row[2].rstrip("…")), row
        assert "All findings, blockers first" in text_of(pilot, "#overview-status")

        # 2. Flows: all 5,000 rows, each with the badge of its findings in storage.
        await pilot.press("3")
        await shows(pilot, lambda: isinstance(app.screen, FlowsScreen), True)
        screen = app.screen
        table = screen.query_one("#flows-table", DataTable)
        await shows(pilot, lambda: subtitle(pilot, "#flows-body"), f"{L['flows']} flows")
        await shows(pilot, lambda: "…" in {c.plain for c in table.get_column("findings")}, False)
        assert sorted(flow_triples(table)) == everyone
        by_subject = findings_by_subject(item.finding for item in readiness.findings)
        badges = dict(zip(flow_triples(table), table.get_column("findings"), strict=True))
        assert {key: cell.plain for key, cell in badges.items()} == {
            (f.source, f.target, f.data_object): badge(by_subject.get(f.ref, [])) for f in flows
        }

        # ... "/" and a system's name typed: exactly the flows with that system at either end.
        ends = sorted(t for t in everyone if SYSTEM in (t[0], t[1]))
        assert 10 < len(ends) < 100
        await pilot.press("slash")
        await type_text(pilot, SYSTEM)
        await shows(pilot, lambda: sorted(flow_triples(table)), ends)
        assert subtitle(pilot, "#flows-body") == f"{len(ends)} of {L['flows']} flows"
        assert f"Filter “{SYSTEM}”" in text_of(pilot, "#flows-status")
        # ... escape: all of them again.
        await pilot.press("escape")
        await shows(pilot, lambda: subtitle(pilot, "#flows-body"), f"{L['flows']} flows")
        assert sorted(flow_triples(table)) == everyone
        assert "Filter" not in text_of(pilot, "#flows-status")

        # ... v: the data objects view, every one of them; v again: the flows.
        objects = sorted(row.name for row in stored(path, list_data_objects))
        assert len(objects) == L["data_objects"]
        await pilot.press("v")
        object_table = screen.query_one("#objects-table", DataTable)
        await shows(pilot, lambda: subtitle(pilot, "#flows-body"), f"{len(objects)} data objects")
        assert sorted(row[0] for row in rows_of(object_table)) == objects
        await pilot.press("v")
        await shows(pilot, lambda: subtitle(pilot, "#flows-body"), f"{L['flows']} flows")

        # 3. m: the interface matrix, the systems in flows and every flow in its cell.
        matrix = stored(path, interface_matrix)
        await pilot.press("m")
        await shows(pilot, lambda: isinstance(app.screen, MatrixScreen), True)
        total = f"{L['flows']} flows · {len(matrix.systems)} systems"
        await shows(pilot, lambda: subtitle(pilot, "#matrix-body"), total)
        grid = app.screen.query_one("#matrix-grid")
        assert grid.labels == matrix.systems  # type: ignore[attr-defined]
        labels, cells = grid.labels, grid.cells  # type: ignore[attr-defined]
        counts = {(labels[r], labels[c]): cell.text for (r, c), cell in cells.items()}
        assert counts == {key: str(len(cell.flow_ids)) for key, cell in matrix.cells.items()}
        hidden = L["systems"] - len(matrix.systems)
        said = "Every system takes part in a flow" if not hidden else f"{hidden} without flows"
        assert said in text_of(pilot, "#matrix-status")
        await pilot.press("escape")
        await shows(pilot, lambda: app.screen is screen, True)

        # 4. Scenarios: the checks storage counts, and the first flow's checks listed.
        progress = stored(path, check_progress)
        assert progress.total == 11 * L["flows"]
        first = next(flow for flow in progress.flows if flow.total)
        first_checks = stored(path, lambda s: list_checks(s, flow_id=first.flow_id))
        await pilot.press("4")
        await shows(pilot, lambda: isinstance(app.screen, ScenariosScreen), True)
        summed = [progress.reviewed, progress.total, progress.gaps]
        await shows(pilot, lambda: numbers(subtitle(pilot, "#scenarios-summary")), summed)
        checks = app.screen.query_one("#checks-table", DataTable)
        assert {str(key.value) for key in checks.rows} == {str(c.id) for c in first_checks}
        assert subtitle(pilot, "#scenarios-body") == f"{len(first_checks)} checks · this flow"
        assert numbers(text_of(pilot, "#scenarios-count")) == [0, first.total, 0]
        # ... every flow's checks, in storage's order (55,000 rows: once 6 s of frozen screen).
        every = [str(c.id) for c in stored(path, list_checks)]
        app.screen.show_flow(ALL_FLOWS)
        await shows(pilot, lambda: checks.row_count, len(every))
        assert [str(row.key.value) for row in checks.ordered_rows] == every
        assert subtitle(pilot, "#scenarios-body") == f"{len(every)} checks · all flows"
        app.screen.show_flow(first.flow_id)
        await shows(pilot, lambda: checks.row_count, len(first_checks))

        # 5. Priorities: the ranking storage works out, drawn in that order.
        await pilot.press("5")
        await shows(pilot, lambda: isinstance(app.screen, PrioritiesScreen), True)
        ranking = app.screen.query_one("#ranking")
        board = stored(path, load_priorities)
        before = ranking_of(board)
        assert len(before) == L["candidates"]
        await ranking_matches(pilot, ranking, before)

        # ... tab to the weights; + or - on a criterion whose weight reorders the candidates.
        def moved(criterion: Any, step: int) -> list[tuple[int, str, str]]:
            weights = {c.id: c.weight for c in board.criteria}
            weights[criterion.id] = criterion.weight + step
            return ranking_of(board, weights)

        index, criterion, step = next(
            (i, c, step)
            for i, c in enumerate(board.criteria)
            for step in ((1, -1) if c.weight < 5 else (-1,))
            if [name for _, name, _ in moved(c, step)] != [name for _, name, _ in before]
        )
        weights_panel = app.screen.query_one("#weights")
        await pilot.press("tab", *["down"] * index)
        await shows(pilot, lambda: weights_panel.criterion_id, criterion.id)  # type: ignore[attr-defined]
        await pilot.press("plus" if step > 0 else "minus")
        weight = criterion.weight + step

        def weight_shown() -> int:
            line = next(li for li in visible_lines(weights_panel) if criterion.name in li)
            return numbers(line.split(criterion.name, 1)[1])[0]

        await shows(pilot, weight_shown, weight)
        after = stored(path, load_priorities)  # saved: the file holds the new weight
        assert {c.name: c.weight for c in after.criteria}[criterion.name] == weight
        reranked = ranking_of(after)
        assert reranked == moved(criterion, step) != before
        await ranking_matches(pilot, ranking, reranked)

        # 6. Systems: all 500, by name.
        systems = [row.name for row in stored(path, list_systems)]
        assert len(systems) == L["systems"]
        await pilot.press("2")
        await shows(pilot, lambda: isinstance(app.screen, SystemsScreen), True)
        await shows(pilot, lambda: subtitle(pilot, "#systems-body"), f"{L['systems']} systems")
        system_table = app.screen.query_one("#systems-table", DataTable)
        assert [row[0] for row in rows_of(system_table)] == sorted(systems)

        # ... Session: the generated workshop has no session yet, and the screen says so.
        assert stored(path, list_meetings) == []
        await pilot.press("6")
        await shows(pilot, lambda: isinstance(app.screen, SessionScreen), True)
        await shows(pilot, lambda: app.screen.query_one("#session-none").display, True)
        assert text_of(pilot, "#session-none").startswith("No session yet")
        assert not app.screen.query_one("#session-panels").display

        # ... the history: the changes storage keeps, newest (the weight) first.
        steps = stored(path, lambda s: history(s, limit=200))
        await palette(pilot, "History")
        await shows(pilot, lambda: isinstance(app.screen, HistoryDialog), True)
        changes = app.screen.query_one("#history-table", DataTable)
        await shows(pilot, lambda: changes.row_count, len(steps))
        said = [row[2].rstrip("…") for row in rows_of(changes)]  # after When and Who
        assert all(step.label.startswith(s) for step, s in zip(steps, said, strict=True))
        assert criterion.name in said[0]
        await pilot.press("escape")

        # 1 again: the Overview still lists what storage reports after the weight change.
        await pilot.press("1")
        await shows(pilot, lambda: app.screen is overview, True)
        now = stored(path, load_readiness)
        await shows(pilot, lambda: findings.row_count, len(now.findings))
        assert subtitle(pilot, "#overview-findings") == f"{len(now.findings)} findings"
        codes = [row[1] for row in rows_of(findings)]
        assert codes == [item.finding.code for item in now.findings]


async def test_the_ranking_of_200_candidates_names_each_one(tmp_path):
    """The ranked list says which candidate is where: each line's name in full (at 120x36
    there is room for "Candidate 091" if the stability mark gives way first). It once cut
    every name to "Candidate…": the marks of ten criteria took the names' room."""
    from storage.queries.priorities import load_priorities
    from tui.screens.priorities import PrioritiesScreen

    path = cached(tmp_path / "L.seamwork", build, "generated-L")
    want = ranking_of(stored(path, load_priorities))
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, timeout=WAIT)
        await pilot.press("5")
        await shows(pilot, lambda: isinstance(app.screen, PrioritiesScreen), True)
        ranking = app.screen.query_one("#ranking")
        await settle(pilot, lambda: same_ranking(ranking_drawn(ranking), want), timeout=WAIT)
        on_screen = ranking_rows(visible_lines(ranking))
        assert len(on_screen) >= 3
        assert on_screen == want[: len(on_screen)]
