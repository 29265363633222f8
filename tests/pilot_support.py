"""What the snapshot tests share: the size, the demo workshop and waits for the app to settle.

A snapshot module also uses the `fixed_place` and `cursors_do_not_blink` fixtures of
`conftest.py`, with `pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

SIZE = (120, 36)


def demo_workshop() -> Path:
    """The demo workshop, written as `demo.seamwork` in the working directory."""
    from storage.demo import write_demo

    path = Path("demo.seamwork")
    write_demo(path)
    return path


async def still(pilot: Pilot[None], rounds: int = 3) -> None:
    """Wait until the workshop is open and its rows are shown (workers done, screen painted)."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Pause until `condition` holds (dialogs mount a little later on a busy machine)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app did not get there")


async def on_systems(pilot: Pilot[None]) -> None:
    """Go to Systems (key 2; the first screen is the Overview) and wait for its rows."""
    await still(pilot)
    await pilot.press("2")
    await still(pilot)
