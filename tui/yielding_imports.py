"""The file's imports, in a background thread, stepping aside while the room presses keys.

The file opens in a thread after the first frame; most of that is importing SQLAlchemy, SQLModel
and the tables (a third of a second of CPU). Python runs one thread at a time, so a key pressed
meanwhile (`2`, then `a` for "Add system") had its screen built at half speed, sharing the
interpreter with those imports. Here they are imported a package at a time, and before each
the thread waits while a key came in the last `TURN` seconds, so what the key asks for is built
first. The waits are capped at `MOST` seconds in all, so that typing without a pause still lets
the file open (edits wait for it). (Waiting inside the import system instead, between any two
modules, would hold its global lock and stall the keys' own imports.)
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence

TURN = 0.25  # seconds after a key during which the imports wait
MOST = 1.0  # seconds they may wait in all
STEP = 0.01

# What opening the file imports, in an order each can be imported in, about 20 to 120 ms of
# CPU each on a 2-core laptop (python -X importtime -c "import storage.workshop_file").
OPENING = (
    "pydantic",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlmodel",
    "models.tables",
    "storage.workshop_file",
)


class StepAside:
    """Called between two pieces of a thread's work: waits while `last_input()` (a
    `time.monotonic` reading of the latest key) is less than `TURN` seconds old, so that
    the event loop's thread has the interpreter to itself; `most` seconds in all."""

    def __init__(self, last_input: Callable[[], float], most: float | None = None) -> None:
        self.last_input = last_input
        self.most = MOST if most is None else most
        self.waited = 0.0

    def __call__(self) -> None:
        while self.waited < self.most and time.monotonic() - self.last_input() < TURN:
            began = time.monotonic()
            time.sleep(STEP)  # the event loop's thread runs meanwhile
            self.waited += time.monotonic() - began  # as long as it took (a loaded machine)


def import_stepping_aside(
    last_input: Callable[[], float], modules: Sequence[str] = OPENING
) -> float:
    """Import `modules` in turn, stepping aside (`StepAside`) before each. The seconds
    waited."""
    step_aside = StepAside(last_input)
    for name in modules:
        step_aside()
        importlib.import_module(name)
    return step_aside.waited
