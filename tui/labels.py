"""How stored vocabulary values read on screen ("e-commerce" -> "E-commerce", "rest" -> "REST").

The table itself is `models.labels` (the exports read it too); this module adds the TUI's
cells and choices.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from rich.style import Style
from rich.text import Text

from models.labels import CRITICALITY_LABELS, label

__all__ = ["CRITICALITY_LABELS", "UNKNOWN", "UNKNOWN_CHOICE", "answer", "label", "options"]

UNKNOWN = "—"
"""How a table cell shows a field the room has not answered (dim, in the table's muted style)."""


UNKNOWN_CHOICE = "— unknown"
"""The blank choice of a form's `Select`: nothing answered yet (stored as NULL)."""


def answer(value: Any, muted: Style, shown: Callable[[Any], str] | None = None) -> Text:
    """A table cell for one answer: `shown(value)` (the vocabulary label by default), or a dim
    "—" when it is unknown (None). Always `Text`: user data is never markup."""
    if value is None:
        return Text(UNKNOWN, style=muted)
    return Text((shown or label)(value))


def options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(label, value) pairs in declaration order, for a `Select`."""
    return [(label(member), member.value) for member in enum]


def criticality_meter(value: int) -> str:
    """Criticality as five pips, readable from the back of a room: 3 -> "●●●○○"."""
    value = max(0, min(5, value))
    return "●" * value + "○" * (5 - value)
