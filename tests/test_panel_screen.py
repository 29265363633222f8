"""A focus move on a main screen restyles only what it can change (tui.screens.panel_screen):
the look is Textual's, rule for rule, and a move inside one panel leaves the panel alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widgets import Input, Label

from tui.screens.panel_screen import PanelScreen, focus_within_changed

CSS = """
.panel { border: round red; }
.panel:focus-within { border: round green; }
.panel:focus-within Label { color: green; }
Label { color: red; }
"""
GREEN, RED = Color.parse("green"), Color.parse("red")


class Panels(PanelScreen):
    """Two panels of two inputs and a label each."""

    def compose(self) -> ComposeResult:
        for side in ("left", "right"):
            with Vertical(id=side, classes="panel"):
                yield Input(id=f"{side}-1")
                yield Input(id=f"{side}-2")
                yield Label(side, id=f"{side}-label")


class PanelsApp(App[None]):
    CSS = CSS

    def on_mount(self) -> None:
        self.push_screen(Panels())


def looks(app: App[Any]) -> dict[str, tuple[Color, Color]]:
    """Each panel's border colour and its label's text colour, as styled now."""
    screen = app.screen
    return {
        side: (
            screen.query_one(f"#{side}").styles.border_top[1],
            screen.query_one(f"#{side}-label", Label).styles.color,
        )
        for side in ("left", "right")
    }


async def test_the_panel_holding_focus_is_styled_as_textual_styles_it() -> None:
    app = PanelsApp()
    async with app.run_test() as pilot:
        app.screen.query_one("#left-1").focus()
        await pilot.pause()
        assert looks(app) == {"left": (GREEN, GREEN), "right": (RED, RED)}
        app.screen.query_one("#right-2").focus()  # across panels: both change
        await pilot.pause()
        assert looks(app) == {"left": (RED, RED), "right": (GREEN, GREEN)}
        app.screen.query_one("#right-1").focus()  # within one: neither changes
        await pilot.pause()
        assert looks(app) == {"left": (RED, RED), "right": (GREEN, GREEN)}
        app.screen.set_focus(None)  # out of both
        await pilot.pause()
        assert looks(app) == {"left": (RED, RED), "right": (RED, RED)}


async def test_a_move_within_a_panel_restyles_none_of_it() -> None:
    app = PanelsApp()
    async with app.run_test() as pilot:
        screen = app.screen
        screen.query_one("#left-1").focus()
        await pilot.pause()
        restyled: list[DOMNode] = []
        apply = app.stylesheet.apply

        def counted(node: DOMNode, **kwargs: Any) -> None:
            restyled.append(node)
            apply(node, **kwargs)

        app.stylesheet.apply = counted  # type: ignore[method-assign]
        screen.query_one("#left-2").focus()
        await pilot.pause()
        # Textual itself restyles the two inputs for `:focus` (and their parts); the panel
        # and its label, whose `:focus-within` did not change, are not restyled.
        assert restyled
        assert screen.query_one("#left") not in restyled
        assert screen.query_one("#left-label") not in restyled


async def test_what_a_move_restyles() -> None:
    app = PanelsApp()
    async with app.run_test():
        screen = app.screen
        left, right = screen.query_one("#left"), screen.query_one("#right")
        left_1, left_2 = screen.query_one("#left-1", Input), screen.query_one("#left-2", Input)
        right_1 = screen.query_one("#right-1", Input)
        label = {side: screen.query_one(f"#{side}-label") for side in ("left", "right")}
        assert focus_within_changed(left_2, left_1) == []
        assert set(focus_within_changed(right_1, left_1)) == {
            left,
            label["left"],
            right,
            label["right"],
        }
        # Into the screen from nowhere: the screen's own `:focus-within` changed too, so every
        # widget a `:focus-within` rule may style is restyled (as Textual does).
        assert set(focus_within_changed(left_1, None)) == {
            left,
            label["left"],
            right,
            label["right"],
        }


async def test_a_screen_left_before_its_key_bar_came_mounts_it_when_it_shows_again(
    tmp_path: Path, real_key_bar_delay: float
) -> None:
    """`3` then `4` at once: the Flows key bar, due a moment after Flows showed, is not built
    while Scenarios is on show; it is mounted when Flows shows again. One that stays on show
    gets its key bar `KEY_BAR_AFTER` later."""
    from pilot_support import demo, settle, until

    from tui.app import SeamworkApp
    from tui.screens.flows import FlowsScreen
    from tui.screens.scenarios import ScenariosScreen
    from tui.widgets.key_bar import KeyBar

    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("3", "4")
        flows = app._screen_stacks["flows"][0]
        assert isinstance(flows, FlowsScreen) and isinstance(app.screen, ScenariosScreen)
        await until(pilot, lambda: flows._key_bar_due)  # its moment came while away
        assert not flows.query(KeyBar)
        scenarios = app.screen
        await until(pilot, lambda: scenarios.query(KeyBar))  # this one stayed on show
        await pilot.press("3")
        await until(pilot, lambda: flows.query(KeyBar))
        assert not flows.key_bar_coming
