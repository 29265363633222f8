"""A whole workshop as plain validated values, for the pure rules (findings, later scoring).

Rules take this rather than a session so they stay pure and are tested without a file;
`storage.snapshot.load_snapshot` builds it from an open workshop.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.tables import SystemBase, WorkshopBase


@dataclass(frozen=True)
class WorkshopData:
    """One workshop: its details and its systems (sorted by name). Grows with each entity."""

    workshop: WorkshopBase
    systems: tuple[SystemBase, ...] = ()
