"""What a captured minute is about: the row under the cursor of the screen it was typed on.

A screen (or a list dialog) that shows entities a minute may concern answers
`capture_concern()` with (kind, id, label) for its highlighted row, or None. The capture line
asks whatever is showing, so no screen needs to know about the others: Flows answers with a
flow (or a data object, on its data-object view), Systems with a system, Priorities with the
picked candidate, the KPI list with a KPI.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.content import Content

# (kind, id, label): kind as storage names it ("flow", "data_object" …), label readable.
Concern = tuple[str, int, str]

WORDS: dict[str, str] = {
    "system": "system",
    "data_object": "data object",
    "flow": "flow",
    "candidate": "candidate",
    "kpi": "KPI",
}


@runtime_checkable
class CapturesConcern(Protocol):
    def capture_concern(self) -> Concern | None:
        """The entity under the cursor, for a minute captured now; None when there is none."""
        ...


def concern_of(target: object) -> Concern | None:
    return target.capture_concern() if isinstance(target, CapturesConcern) else None


def about(concern: Concern | None) -> Content:
    """ "about: flow Shopify -> Xero: Invoices", or that it concerns nothing in particular."""
    if concern is None:
        return Content.assemble(("about: ", "$text-muted"), ("nothing selected", "italic"))
    kind, _, label = concern
    return Content.assemble(
        ("about: ", "$text-muted"), (f"{WORDS.get(kind, kind)} ", "$text-muted"), (label, "bold")
    )
