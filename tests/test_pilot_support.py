"""The waits every pilot test relies on: they wait for what they say, and fail saying why."""

from __future__ import annotations

import threading

import pytest
from pilot_support import notified, settle, until
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Label


class Slow(App[None]):
    """A worker whose result is shown, and which starts a second one when it is."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release
        self.steps: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label("", id="out")

    def on_mount(self) -> None:
        self.first()

    @work(thread=True)
    def first(self) -> None:
        self.release.wait(30)
        self.call_from_thread(self.shown, "first")

    @work(thread=True)
    def second(self) -> None:
        self.call_from_thread(self.shown, "second")

    def shown(self, step: str) -> None:
        self.steps.append(step)
        self.query_one("#out", Label).update(step)
        if step == "first":
            self.second()


async def test_settle_waits_for_workers_and_the_ones_their_results_start() -> None:
    release = threading.Event()
    app = Slow(release)
    async with app.run_test() as pilot:
        release.set()
        await settle(pilot)
        assert app.steps == ["first", "second"]


async def test_settle_gives_up_saying_what_still_runs_and_leaves_it_running() -> None:
    release = threading.Event()
    app = Slow(release)
    async with app.run_test() as pilot:
        with pytest.raises(AssertionError, match="did not settle in 0.3 s.*first"):
            await settle(pilot, timeout=0.3)
        assert [worker.is_running for worker in app.workers] == [True]
        release.set()
        await settle(pilot)
        assert app.steps == ["first", "second"]


async def test_until_names_the_condition_that_never_held() -> None:
    app = Slow(threading.Event())
    async with app.run_test() as pilot:
        with pytest.raises(AssertionError, match=r"<lambda> at test_pilot_support\.py:\d+"):
            await until(pilot, lambda: app.steps == ["never"], timeout=0.2)
        app.release.set()


async def test_notified_keeps_notifications_after_they_expire() -> None:
    app = Slow(threading.Event())
    async with app.run_test() as pilot:
        app.notify("gone soon", timeout=0.01)
        app.notify("still here", timeout=600)  # outlives a loaded run
        await until(pilot, lambda: [n.message for n in app._notifications] == ["still here"])
        assert [n.message for n in notified(app)] == ["gone soon", "still here"]
        app.release.set()
