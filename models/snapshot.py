"""A whole workshop as plain validated values, for the pure rules (findings, later scoring).

Rules take this rather than a session so they stay pure and are tested without a file;
`storage.snapshot.load_snapshot` builds it from an open workshop. Entities refer to each other
by name here, as in files, never by database id.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import Direction, Sensitivity
from models.tables import FlowBase, SystemBase, WorkshopBase


def flow_ref(source: str, target: str, data_object: str) -> str:
    """How a flow is named in files, findings and on the command line."""
    return f"{source} -> {target}: {data_object}"


@dataclass(frozen=True)
class DefinitionData:
    department: str
    text: str


@dataclass(frozen=True)
class DataObjectData:
    """A data object with its source of truth named (None when nobody has said yet)."""

    name: str
    owner: str = ""
    source_of_truth: str | None = None
    sensitivity: Sensitivity = Sensitivity.INTERNAL
    definition: str = ""
    definitions: tuple[DefinitionData, ...] = ()


@dataclass(frozen=True)
class FlowData:
    """A flow with its ends and data object named; `fields` holds everything a person edits."""

    source: str
    target: str
    data_object: str
    fields: FlowBase

    @property
    def ref(self) -> str:
        return flow_ref(self.source, self.target, self.data_object)

    @property
    def two_way(self) -> bool:
        return self.fields.direction == Direction.TWO_WAY


@dataclass(frozen=True)
class WorkshopData:
    """One workshop: its details and entities, each sorted by name. Grows with each entity."""

    workshop: WorkshopBase
    systems: tuple[SystemBase, ...] = ()
    data_objects: tuple[DataObjectData, ...] = ()
    flows: tuple[FlowData, ...] = ()
