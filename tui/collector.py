"""Python's full garbage collections wait for a quiet moment.

A workshop of 5,000 flows keeps a few million objects alive (table rows and their cells, the
findings); a full collection walks all of them, 200-300 ms on a 2-core laptop, and CPython
starts one by itself whenever enough new objects have survived, which after a table reload
is during the next key press or two: the room sees the app stall at random. So while the app
runs, the young generations are collected as CPython always does, but full collections wait
until nobody has pressed a key or moved the mouse for `QUIET` seconds, or, in a session that
never goes quiet, until `OVERDUE` seconds have passed since the last one. Memory is reclaimed
as before (most objects are freed the moment they are dropped; only cycles wait).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from time import monotonic

QUIET = 2.0  # seconds without a key or mouse event before a full collection may run
OVERDUE = 60.0  # seconds after which it runs even in a session that never goes quiet
HELD = 1_000_000  # CPython's third threshold while held: never reached in practice


def due(now: float, last_input: float, last_full: float, pending: int) -> bool:
    """Whether to run a full collection now: there is something to collect (`pending` young
    collections since the last full one), and the room is quiet or it is overdue."""
    if pending <= 0:
        return False
    return now - last_input >= QUIET or now - last_full >= OVERDUE


@dataclass
class Collector:
    """Holds CPython's own full collections back while the app runs, and runs them when due."""

    last_input: float = field(default_factory=monotonic)
    last_full: float = field(default_factory=monotonic)
    _saved: tuple[int, ...] | None = None
    collections: int = 0  # full collections run so far (for tests and benchmarks)

    def hold(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle = self._saved[0], self._saved[1]
            gc.set_threshold(young, middle, HELD)

    def release(self) -> None:
        """CPython's own thresholds again (when the app exits: tests run many apps)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def touched(self) -> None:
        """A key or mouse event: the room is busy."""
        self.last_input = monotonic()

    def collect_if_due(self) -> bool:
        now = monotonic()
        if not due(now, self.last_input, self.last_full, gc.get_count()[2]):
            return False
        gc.collect()
        self.last_full = monotonic()
        self.collections += 1
        return True
