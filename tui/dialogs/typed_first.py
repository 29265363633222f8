"""Keys typed before ctrl+s are in what it saves (issue 12, defect 8).

A dialog's ctrl+s is a priority binding, so a focused field cannot swallow it. The app runs a
priority binding as soon as it reads the key, but it hands every other key to the focused
widget's own message queue, to be handled later. A burst (a paste, fast typing on a loaded
machine) can therefore reach ctrl+s while the name's last letters still wait in the input's
queue: the form saved "Race0" of "Race05abcdefghij", closed, and the letters then ran as
commands on the screen behind. `after_typed` queues the save behind those keys instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def after_typed(screen: Screen[Any], act: Callable[[], object]) -> None:
    """Run `act` once the widget focused on `screen` has handled every key already sent to
    it, and only if `screen` is still the one showing (a second ctrl+s in the same burst,
    say, finds the dialog closed by the first and does nothing)."""

    def run() -> None:
        if screen.is_active:
            act()

    focused = screen.focused
    if focused is None or focused is screen or not focused.call_later(run):
        run()
