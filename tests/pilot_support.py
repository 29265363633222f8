"""What the pilot tests share: the terminal size, the demo workshop, and waits for the app.

Snapshot modules also use the `fixed_place` and `cursors_do_not_blink` fixtures of
`conftest.py`, with `pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from workshop_templates import new_demo

SIZE = (120, 36)


def demo(folder: Path) -> Path:
    """The demo workshop as `demo.seamwork` in `folder` (a copy of the once-built template)."""
    return new_demo(folder / "demo.seamwork")


def demo_workshop() -> Path:
    """The demo as `demo.seamwork` in the working directory, named relatively, so a snapshot's
    header reads the same on every machine (with `fixed_place`)."""
    return demo(Path())


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Wait until the workshop is open and its rows are shown (workers done, screen painted)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Pause until `condition` holds (dialogs mount a little later on a busy machine)."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


async def on_systems(pilot: Pilot[None]) -> None:
    """Go to Systems (key 2; the first screen is the Overview) and wait for its rows."""
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
