"""Full garbage collections wait for a quiet moment while the app runs (`tui.collector`)."""

from __future__ import annotations

import gc

from pilot_support import settle, until

from tui import collector
from tui.app import SeamworkApp
from tui.collector import HELD, OVERDUE, QUIET, due


def garbage() -> None:
    """Enough cycles for CPython's young collections to run a few times."""
    for _ in range(50_000):
        cycle: list[object] = []
        cycle.append(cycle)


def test_a_full_collection_waits_for_quiet_or_for_too_long():
    assert not due(now=100.0, last_input=99.0, last_full=90.0, pending=5)  # busy
    assert due(now=100.0, last_input=100.0 - QUIET, last_full=90.0, pending=5)  # quiet
    assert due(now=100.0, last_input=99.9, last_full=100.0 - OVERDUE, pending=5)  # overdue
    assert not due(now=100.0, last_input=0.0, last_full=0.0, pending=0)  # nothing to do


async def test_the_app_holds_full_collections_and_runs_them_when_quiet(make_workshop, monkeypatch):
    monkeypatch.setattr(collector, "QUIET", 0.2)
    before = gc.get_threshold()
    app = SeamworkApp(make_workshop())
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.get_threshold() == (before[0], before[1], HELD)
        garbage()
        await until(pilot, lambda: app.collector.collections >= 1)
        quiet_since = app.collector.last_input
        await pilot.press("2")
        assert app.collector.last_input > quiet_since  # a key: the room is busy
        ran = app.collector.collections  # no await from here: the timer cannot run between
        garbage()
        assert gc.get_count()[2] > 0  # young collections ran, the full one waited
        app.collector.touched()
        assert not app.collector.collect_if_due()
        assert app.collector.collections == ran
        await until(pilot, lambda: app.collector.collections == ran + 1)
        assert gc.get_count()[2] == 0
    assert gc.get_threshold() == before  # CPython's own again once the app has gone
