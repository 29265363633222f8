"""What the pilot tests share: the terminal size, the demo workshop, and waits for the app.

Waiting is always for a condition, never for a fixed time, so a test is as fast as the machine
allows and no slower a machine makes it fail:

- `settle(pilot)`: the app is quiet (every worker finished and every queued message handled,
  twice in a row, since a handled result may start another worker); `settle(pilot, condition)`
  also waits for something the test needs to see.
- `until(pilot, condition)`: poll for `condition` (a dialog mounted, a row shown, a timer
  fired), e.g. `await until(pilot, lambda: isinstance(pilot.app.screen, SystemForm))`.
- `type_text(pilot, text)`: type `text` key by key into whatever has focus.
- `palette(pilot, command)`: run a command palette entry, once the search has found it.
- `notified(app)`: every notification raised so far, although toasts expire after seconds.

Timeouts are generous (`WAIT`) because they only matter when something is wrong: a wait that
holds returns at once. Snapshot modules also use the `fixed_place` and `cursors_do_not_blink`
fixtures of `conftest.py`, with
`pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")`, and pass
`run_before=cleared(steps)` so no notification is in the picture (see `cleared`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from time import monotonic
from typing import Any, TypeVar

from textual.app import App
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerState
from workshop_templates import new_demo

SIZE = (120, 36)
ScreenT = TypeVar("ScreenT", bound=Screen[Any])
WAIT = 60.0  # seconds before a wait gives up; only reached when the app never gets there


def demo(folder: Path) -> Path:
    """The demo workshop as `demo.seamwork` in `folder` (a copy of the once-built template)."""
    return new_demo(folder / "demo.seamwork")


def demo_workshop() -> Path:
    """The demo as `demo.seamwork` in the working directory, named relatively, so a snapshot's
    header reads the same on every machine (with `fixed_place`)."""
    return demo(Path())


def app_at(where: str | Path) -> Any:
    """The real app on the workshop at `where` (a path, or a server URL as `workshop_at` gives),
    as `seamwork WHERE` opens it."""
    from storage.location import parse_location
    from tui.app import SeamworkApp

    return SeamworkApp(parse_location(where))


def _describe(condition: Callable[[], object]) -> str:
    code = getattr(condition, "__code__", None)
    if code is None:
        return repr(condition)
    return f"{code.co_name} at {Path(code.co_filename).name}:{code.co_firstlineno}"


async def until(pilot: Pilot[None], condition: Callable[[], object], timeout: float = WAIT) -> None:
    """Pause until `condition()` holds (dialogs mount, rows load, timers fire: later on a busy
    machine); fail after `timeout` seconds saying which condition never held."""
    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            raise AssertionError(
                f"the app did not get there in {timeout:g} s: {_describe(condition)}"
            )
        await pilot.pause(0.02)


def _working(pilot: Pilot[None]) -> list[object]:
    """Workers still to finish, screens with a redraw timed a frame after an edit (the
    Priorities screen ranks a frame after a score is drawn), and keys the app holds back
    until a screen is built."""
    busy: list[object] = [
        worker
        for worker in pilot.app.workers
        if worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
    ]
    busy += [s for s in pilot.app.screen_stack if getattr(s, "ranking_soon", False)]
    return busy + (
        ["keys held back"] if getattr(getattr(pilot.app, "keys", None), "waiting", False) else []
    )


async def settle(
    pilot: Pilot[None], condition: Callable[[], object] | None = None, timeout: float = WAIT
) -> None:
    """Wait until the app is quiet and, if given, `condition()` holds.

    Quiet: no worker pending or running and every queued message handled, seen twice in a row
    (a worker's result, once handled, may start the next worker or post another message). A
    worker that fails or is cancelled counts as finished: the app reports those itself.
    """
    deadline = monotonic() + timeout
    quiet = 0
    while quiet < 2:
        running = [w for w in pilot.app.workers if w.state == WorkerState.RUNNING]
        if running:
            left = max(deadline - monotonic(), 0.1)
            done = asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
            try:  # shielded: giving up on a worker must not cancel it
                await asyncio.wait_for(asyncio.shield(done), left)
            except TimeoutError:
                pass  # reported below, with what is still running
        await pilot.pause()
        if _working(pilot) or (condition is not None and not condition()):
            quiet = 0
            if monotonic() > deadline:
                waiting = _working(pilot) or [_describe(condition)]  # type: ignore[arg-type]
                raise AssertionError(f"the app did not settle in {timeout:g} s: {waiting}")
        else:
            quiet += 1


def notified(app: App[object]) -> list[Notification]:
    """Every notification `app` has raised, oldest first, including those whose toast has
    gone (kept by conftest's `notification_history`; `app._notifications` forgets them)."""
    return list(app._notifications.__dict__.get("history", ()))


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` into whatever has focus, as a fast typist or a paste-like burst does: every
    key reaches the app through its driver, as `pilot.press` sends them, but without Pilot's
    three waits for idleness (and a frame drawn) after each key; then wait for the app to
    settle. (The app keeps keys in order however fast they come: tui/key_gate.py.)"""
    from textual import events
    from textual.keys import _character_to_key

    app = pilot.app
    driver = app._driver
    assert driver is not None
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)
    await settle(pilot)


async def palette(pilot: Pilot[None], command: str) -> None:
    """Open the command palette (ctrl+p), type `command` and run it with enter once the search
    has put it first; then wait for the app to settle."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await type_text(pilot, command)

    def found() -> bool:
        hits = pilot.app.screen.query_one(CommandList)
        if hits.highlighted is None:
            return False
        option = hits.get_option_at_index(hits.highlighted)
        return str(getattr(getattr(option, "hit", None), "text", "")) == command

    await until(pilot, found)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))
    await settle(pilot)


async def palette_hits(pilot: Pilot[None], search: str) -> list[str]:
    """Open the command palette, type `search` and return the commands it offers once the
    search has finished (the palette is left open)."""
    from textual.command import Command, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await type_text(pilot, search)
    await until(pilot, lambda: pilot.app.screen.has_class("-ready"))
    await settle(pilot)
    hits = pilot.app.screen.query_one(CommandList)
    options = [hits.get_option_at_index(index) for index in range(hits.option_count)]
    return [str(option.hit.text) for option in options if isinstance(option, Command)]


def cleared(run_before: Callable[[Pilot[None]], Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """`run_before` for `snap_compare`, ending with the app settled and its notifications gone.

    A toast lives for a few seconds, so whether it is still in the picture would depend on how
    long the steps before it took on this machine. No snapshot is about a toast; one that
    were would pin the toast's timeout instead of using this.
    """

    async def run(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        await settle(pilot)

        # Each screen's key bar comes a moment after it shows (`PanelScreen.mount_key_bar_soon`).
        def bars_up() -> bool:
            return not any(getattr(s, "key_bar_coming", False) for s in pilot.app.screen_stack)

        await until(pilot, bars_up)
        pilot.app.clear_notifications()
        await pilot.pause()
        await settle(pilot)

    return run


async def shown(pilot: Pilot[None], key: str, kind: type[ScreenT]) -> ScreenT:
    """Press a screen's key (once the app is quiet) and return that screen once it shows."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot, lambda: isinstance(pilot.app.screen, kind))
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def on_systems(pilot: Pilot[None]) -> None:
    """Go to Systems (key 2; the first screen is the Overview) and wait for its rows."""
    await settle(pilot)
    await pilot.press("2")
    await until(pilot, lambda: pilot.app.screen.id == "systems-screen")
    await settle(pilot)


def never_opens() -> type:
    """`SeamworkApp` with the file still opening: the open worker never finishes (screens
    show what they peek; keys that edit wait). Made on first use: importing the app here
    would import it for every test."""
    from tui.app import SeamworkApp

    class NeverOpens(SeamworkApp):
        def _open_workshop(self):  # type: ignore[no-untyped-def, override]
            return None

    return NeverOpens
