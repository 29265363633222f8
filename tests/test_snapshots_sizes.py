"""Every screen and view on the demo at a projector's sizes: 80x24, 100x30 and 140x42 (issue 13).

What each size must keep (looked at in the SVGs, and checked by tests/test_tui_sizes.py):
nothing that carries meaning cut off. A table too wide for the terminal scrolls sideways with a
scrollbar, and the panel under it holds the highlighted row in full; the key bar wraps onto more
rows rather than losing keys; under 120 columns a side panel gives the main one its width (the
Scenarios per-flow panel hides, the Priorities side column narrows, the Overview panels stack
and scroll).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from pilot_support import cleared, demo_workshop, settle, until
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")

SIZES = [(80, 24), (100, 30), (140, 42)]


def keys(*pressed: str, screen: str | None = None) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press `pressed` once the app is quiet (and wait for `screen` to show, if named)."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        if screen is not None:
            await until(pilot, lambda: pilot.app.screen.id == screen)
            await settle(pilot)

    return run


VIEWS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "overview": keys("1", screen="overview-screen"),
    "workshop-details": keys("1", "e"),
    "systems": keys("2", screen="systems-screen"),
    "flows": keys("3", screen="flows-screen"),
    "data-objects": keys("3", "v", screen="flows-screen"),
    "interface-matrix": keys("3", "m"),
    "scenarios": keys("4", "h", "g", screen="scenarios-screen"),
    "priorities": keys("5", screen="priorities-screen"),
    "value-effort": keys("5", "v", screen="priorities-screen"),
    "roadmap": keys("5", "v", "v", screen="priorities-screen"),
    "session": keys("6", screen="session-screen"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_screen_at_a_projector_size(snap_compare, view: str, size: tuple[int, int]):
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=size, run_before=cleared(VIEWS[view])
    )
