"""First pages read ahead (tui.read_ahead): the Scenarios and Priorities screens show theirs in
their first frame without reading, never a page the workshop has changed since, and the
Priorities screen still gives a workshop without criteria its default ones."""

from __future__ import annotations

from time import monotonic

import pytest
from pilot_support import settle
from workshop_templates import new_demo

from tui.app import SeamworkApp
from tui.collector import QUIET
from tui.read_ahead import ReadAhead


def test_a_page_is_handed_out_once_and_never_stale():
    ahead = ReadAhead()
    assert ahead.wanted(("a", "b")) == ("a", "b")
    ahead.keep("a", ahead.generation, "page a")
    assert ahead.wanted(("a", "b")) == ("b",)
    read_at = ahead.generation
    ahead.changed()  # an edit while b was being read
    ahead.keep("b", read_at, "page b")
    assert ahead.wanted(("a", "b")) == ("a", "b")  # a is stale, b never kept
    ahead.keep("a", ahead.generation, "page a again")
    assert ahead.take("a") == "page a again"
    assert ahead.take("a") is None  # once
    assert ahead.wanted(("a", "b")) == ("b",)  # the screen is built: never read again
    ahead.keep("a", ahead.generation, "late")
    assert ahead.take("a") is None
    assert ahead.take("b") is None and ahead.wanted(("a", "b")) == ()


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each screen's own reads, by name, as they happen."""
    from tui.screens import priorities, scenarios

    done: list[str] = []
    checklist, board = scenarios.read_checklist, priorities.read_board

    def read_checklist(*args, **kwargs):
        done.append("scenarios")
        return checklist(*args, **kwargs)

    def read_board(*args, **kwargs):
        done.append("priorities")
        return board(*args, **kwargs)

    monkeypatch.setattr(scenarios, "read_checklist", read_checklist)
    monkeypatch.setattr(priorities, "read_board", read_board)
    return done


async def test_the_first_visits_show_the_pages_read_ahead_without_reading(tmp_path, monkeypatch):
    from storage.queries.priorities import load_priorities
    from storage.queries.scenarios import check_progress, list_checks
    from tui.screens.priorities import PrioritiesScreen
    from tui.screens.scenarios import ScenariosScreen

    path = new_demo(tmp_path / "w.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: not app.ahead.wanted(app.READ_AHEAD))
        done = reads(monkeypatch)  # from here on: the reads the ahead pages leave out
        assert app.workshop is not None
        with app.workshop.session() as session:
            progress = check_progress(session)
            first = next(flow for flow in progress.flows if flow.total)
            checks = [str(check.id) for check in list_checks(session, flow_id=first.flow_id)]
            ranked = [candidate.name for candidate in load_priorities(session).candidates]

        await pilot.press("4")
        await settle(pilot)
        scenarios = app.screen
        assert isinstance(scenarios, ScenariosScreen)
        assert list(scenarios.checklist.checks) == checks
        assert scenarios.flow_id == first.flow_id
        assert f"{first.reviewed}/{first.total} · {first.gaps} gap" in scenarios.summary_text

        await pilot.press("5")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, PrioritiesScreen)
        assert sorted(board.ranked_names()) == sorted(ranked)
        assert done == []  # neither screen read anything of its own

        app.workshop_changed("check")  # once built, each reloads itself
        await settle(pilot)
        assert done == ["scenarios", "priorities"] or done == ["priorities", "scenarios"]


async def test_a_page_an_edit_made_stale_is_read_again_once_quiet(tmp_path, monkeypatch):
    from storage.queries.systems import create_system

    path = new_demo(tmp_path / "w.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: not app.ahead.wanted(app.READ_AHEAD))
        assert app.workshop is not None
        with app.workshop.session() as session:
            create_system(session, data={"name": "Added meanwhile"})
        app.workshop_changed("system")
        assert app.ahead.wanted(app.READ_AHEAD) == app.READ_AHEAD  # stale: none handed out

        app.collector.last_input = monotonic() - QUIET  # quiet: the findings, then the pages
        await settle(pilot, lambda: not app.ahead.wanted(app.READ_AHEAD))
        done = reads(monkeypatch)
        await pilot.press("4")
        await settle(pilot)
        assert done == []


async def test_a_workshop_not_yet_given_criteria_still_gets_the_default_ones(tmp_path, monkeypatch):
    import sqlite3

    from storage.queries.priorities import delete_criterion, list_criteria
    from storage.workshop_file import open_workshop

    path = new_demo(tmp_path / "w.seamwork")
    with open_workshop(path) as workshop, workshop.session() as session:
        for criterion in list_criteria(session):
            delete_criterion(session, criterion_id=criterion.id)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE workshop SET criteria_seeded = 0")  # as a new workshop
    connection.close()
    app = SeamworkApp(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, lambda: not app.ahead.wanted(app.READ_AHEAD))
        done = reads(monkeypatch)
        await pilot.press("5")
        await settle(pilot)
        assert done == ["priorities"]  # nothing read ahead: the screen seeds, then reads
        assert app.screen.data is not None and app.screen.data.criteria
