"""Escape reaches the app within ESCDELAY, not at Textual's next look at the keyboard.

A terminal sends escape as a single byte, which is also how arrow keys and the like begin;
Textual tells a lone escape from such a sequence by waiting ESCDELAY for more (25 ms here, see
`tui.cli`). But its keyboard thread looks at the clock only when its `select` returns, which
with nothing more typed is every 0.1 s: an escape waited up to 100 ms whatever ESCDELAY said,
most of the 160 ms the Flows filter took to clear. This driver caps that `select` at
`LOOK_EVERY`, so the wait ends when ESCDELAY does. (Textual builds the selector inside its
thread's loop, from its module's `selectors`: the driver hands it one with the cap.)
"""

from __future__ import annotations

import selectors
import types

import textual.drivers.linux_driver as linux_driver
from textual.drivers.linux_driver import LinuxDriver

LOOK_EVERY = 0.01  # seconds: the keyboard thread's longest wait between looks at the clock


class CappedSelector(selectors.SelectSelector):
    """`select` that returns at least every `LOOK_EVERY` seconds."""

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        return super().select(LOOK_EVERY if timeout is None else min(timeout, LOOK_EVERY))


_SELECTORS = types.SimpleNamespace(
    SelectSelector=CappedSelector,
    EVENT_READ=selectors.EVENT_READ,
    SelectorKey=selectors.SelectorKey,
)


class QuickEscapeDriver(LinuxDriver):
    """Textual's Linux driver whose keyboard thread looks at the clock every `LOOK_EVERY`."""

    def run_input_thread(self) -> None:
        real = linux_driver.selectors
        linux_driver.selectors = _SELECTORS  # type: ignore[assignment]  # read as it starts
        try:
            super().run_input_thread()
        finally:
            linux_driver.selectors = real
