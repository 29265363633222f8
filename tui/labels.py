"""How stored vocabulary values read on screen ("e-commerce" -> "E-commerce", "rest" -> "REST").

Files, the command line and filters keep the lower-case values; only the TUI shows these.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from rich.style import Style
from rich.text import Text

from models.enums import Api, Approach, Category, FlowState, Frequency, Hosting, Mechanism

_SPECIAL: dict[str, str] = {
    Category.ERP: "ERP",
    Category.CRM: "CRM",
    Category.HR: "HR",
    Category.BI: "BI",
    Category.PSA: "PSA",
    Category.PIM: "PIM",
    Hosting.SAAS: "SaaS",
    Api.REST: "REST",
    Api.SOAP: "SOAP",
    Api.GRAPHQL: "GraphQL",
    Frequency.ON_DEMAND: "On demand",
    Frequency.AD_HOC: "Ad hoc",
    Mechanism.API: "API",
    Mechanism.IPAAS: "iPaaS",
    Approach.IPAAS: "iPaaS",
    FlowState.PARTIAL: "Partly automated",
}

CRITICALITY_LABELS = {
    1: "1 · minor",
    2: "2 · low",
    3: "3 · medium",
    4: "4 · high",
    5: "5 · critical",
}


def label(value: str | StrEnum) -> str:
    """The display label for one vocabulary value (unknown values are shown as stored)."""
    special = _SPECIAL.get(str(value))
    if special is not None:
        return special
    text = str(value)
    return text[:1].upper() + text[1:]


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
