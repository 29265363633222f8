"""The first frame: what waits until it is out (`WorkshopApp.after_paint`), and the Overview
styled once for it (`WorkshopApp._size_classes`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.css.stylesheet as textual_stylesheet
from pilot_support import demo, settle, until

from tui.app import SeamworkApp
from tui.screens.overview import OverviewScreen
from tui.widgets.key_bar import KeyBar
from tui.workshop_app import WorkshopApp


async def test_the_peeks_the_key_bar_and_the_opening_wait_for_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
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
        assert {"peek", "kept", "keys", "open"} <= set(names), seen
        assert all(after for name, after in seen if name != "frame"), seen
        assert app.screen.query_one(KeyBar).is_mounted
        # Later, `after_paint` work runs at once (after the frame it would have waited for).
        ran: list[str] = []
        app.after_paint(ran.append, "now")
        await settle(pilot)
        assert ran == ["now"]


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
