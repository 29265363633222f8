"""The first frame: what waits until it is out (`WorkshopApp.after_paint`), and the Overview
styled once for it (`WorkshopApp._size_classes`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.css.stylesheet as textual_stylesheet
from pilot_support import demo, never_opens, settle, until

from storage.queries.readiness import load_readiness
from storage.workshop_file import open_workshop
from tui.app import SeamworkApp
from tui.screens.overview import OverviewScreen
from tui.screens.systems import SystemsScreen
from tui.widgets.key_bar import KeyBar
from tui.workshop_app import WorkshopApp


async def test_the_peeks_the_key_bar_and_the_opening_wait_for_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_key_bar_delay: float
) -> None:
    """Textual runs a first screen's `call_after_refresh` work before that screen is even
    sized: the peek's threads and the key bar shared the interpreter with the first frame."""
    seen: list[tuple[str, bool]] = []
    painted = WorkshopApp._painted

    def noting(name: str, original):  # type: ignore[no-untyped-def]
        def called(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            app = self if isinstance(self, WorkshopApp) else self.app
            seen.append((name, app._before_paint is None))
            return original(self, *args, **kwargs)

        return called

    monkeypatch.setattr(WorkshopApp, "_painted", noting("frame", painted))
    monkeypatch.setattr(OverviewScreen, "_peek", noting("peek", OverviewScreen._peek))
    monkeypatch.setattr(OverviewScreen, "_peek_kept", noting("kept", OverviewScreen._peek_kept))
    keys_mounted = KeyBar.on_mount

    def key_bar_mounted(self: KeyBar) -> None:  # (Textual passes the event to a wider one)
        seen.append(("keys", self.app._before_paint is None))
        keys_mounted(self)

    monkeypatch.setattr(KeyBar, "on_mount", key_bar_mounted)
    monkeypatch.setattr(WorkshopApp, "_open_workshop", noting("open", WorkshopApp._open_workshop))
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.workshop is not None)
        await settle(pilot)
        names = [name for name, _ in seen]
        assert names[0] == "frame", seen
        assert {"peek", "kept", "open"} <= set(names), seen
        assert all(after for name, after in seen if name != "frame"), seen
        await until(pilot, lambda: app.screen.query(KeyBar))  # `KEY_BAR_AFTER` the frame
        # Later, `after_paint` work runs at once (after the frame it would have waited for).
        assert ("keys", True) in seen
        ran: list[str] = []
        app.after_paint(ran.append, "now")
        await settle(pilot)
        assert ran == ["now"]


async def test_a_screen_pressed_at_first_paint_comes_before_the_overviews_extras(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_key_bar_delay: float
) -> None:
    """`2` as the name shows: the Overview builds no key bar while Systems is on show, nor
    reads the findings the file keeps if it has not begun to (its thread looks once keys
    pressed meanwhile are handled); it does both when it shows again."""
    read: list[str] = []
    import storage.peek

    peek_readiness = storage.peek.peek_readiness

    def reading(path):  # type: ignore[no-untyped-def]
        read.append("kept")
        return peek_readiness(path)

    monkeypatch.setattr(storage.peek, "peek_readiness", reading)
    path = demo(tmp_path)
    with open_workshop(path) as workshop, workshop.session() as session:
        load_readiness(session)  # the file keeps its findings, as after a quiet moment
    app = never_opens()(path)  # the file still opening throughout: the peeks are all there is
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        overview = app.get_screen_stack("overview")[0]
        assert isinstance(overview, OverviewScreen)
        # `KEY_BAR_AFTER` the frame it looked, found Systems on show, and waits for its turn.
        await until(pilot, lambda: overview._key_bar_due)
        assert not overview.query(KeyBar)
        overview._kept = overview.readiness = None  # as if its thread had not read them yet
        overview.findings.table.clear()
        before = len(read)
        await overview._peek_kept(path).wait()  # its thread, while Systems is on show
        assert len(read) == before  # not read
        await pilot.press("1")
        await until(pilot, lambda: overview.query(KeyBar))
        await until(pilot, lambda: overview.readiness is not None)  # the file's, read now
        assert len(read) == before + 1
        await until(pilot, lambda: overview.findings.table.row_count > 0)
        assert app.workshop is None


async def test_a_terminal_that_never_draws_still_opens_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No frame comes (a terminal of no size): the work waits `FIRST_PAINT_WAIT` at most."""
    monkeypatch.setattr(WorkshopApp, "_display", lambda self, screen, renderable: None)
    monkeypatch.setattr("tui.workshop_app.FIRST_PAINT_WAIT", 0.2)
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.workshop is not None)
        assert app._before_paint is None


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36)])
async def test_the_overview_is_styled_once_for_its_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """Its size classes are on before its widgets mount, so the first resize restyles none of
    them (it restyled all, about 10 ms of the first frame), and they are the ones Textual
    gives that size."""
    styled: list[object] = []
    apply = textual_stylesheet.Stylesheet.apply

    def counting(self, node, *args, **kwargs):  # type: ignore[no-untyped-def]
        styled.append(node)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet.Stylesheet, "apply", counting)
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        details = screen.query_one("#overview-details")
        assert styled.count(details) == 1
        width, height = size
        expected = screen._get_breakpoint_classes(width, app.HORIZONTAL_BREAKPOINTS) | (
            screen._get_breakpoint_classes(height, app.VERTICAL_BREAKPOINTS)
        )
        sizes = {name for _, name in [*app.HORIZONTAL_BREAKPOINTS, *app.VERTICAL_BREAKPOINTS]}
        assert set(screen.classes) & sizes == expected
        await pilot.resize_terminal(width - 30, height)  # a resize still moves them
        await settle(pilot)
        assert screen._get_breakpoint_classes(width - 30, app.HORIZONTAL_BREAKPOINTS) <= set(
            screen.classes
        )
