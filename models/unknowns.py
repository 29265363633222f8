"""Unknown is not an answer: which fields the room answers, and how many are still open.

A field the room has not answered is None (NULL in the file), never a default that reads as a
fact. These pure helpers name those fields per kind and count the questions still to ask, so the
Overview, the exports and the findings all agree on what "not recorded" means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from models.enums import describe

if TYPE_CHECKING:
    from models.snapshot import WorkshopData

NOT_RECORDED = "not recorded"
"""How exports and sentences say that a field is unknown."""

SYSTEM_ANSWERS: tuple[str, ...] = ("category", "lifecycle", "hosting", "api", "criticality")
DATA_OBJECT_ANSWERS: tuple[str, ...] = ("sensitivity",)
FLOW_ANSWERS: tuple[str, ...] = (
    "frequency",
    "mechanism",
    "direction",
    "state",
    "approach",
    "monitored",
    "volume_per_day",
    "manual_hours_per_week",
)


def _value(item: Any, field: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(field)
    return getattr(item, field, None)


def missing(item: Any, fields: Iterable[str]) -> tuple[str, ...]:
    """The fields of `item` (a model, a row or a mapping) that are still unknown."""
    return tuple(field for field in fields if _value(item, field) is None)


def said(value: StrEnum | None, unknown: str = NOT_RECORDED) -> str:
    """A vocabulary answer in words (`describe`), or `unknown` when nobody has said."""
    return unknown if value is None else describe(value)


def plain(value: Any, unknown: str = NOT_RECORDED) -> Any:
    """A value for a table export: the stored value, an enumeration's value, or `unknown`."""
    if value is None:
        return unknown
    if isinstance(value, StrEnum):
        return value.value
    return value


@dataclass(frozen=True)
class Unanswered:
    """The questions still to ask: how many answers are missing per kind, and the first
    entity (kind, name) with one, systems first, then data objects, then flows."""

    systems: int = 0
    data_objects: int = 0
    flows: int = 0
    first: tuple[str, str] | None = None

    @property
    def total(self) -> int:
        return self.systems + self.data_objects + self.flows


def unanswered(data: WorkshopData) -> Unanswered:
    """Count the answers `data` is missing (see the `*_ANSWERS` fields), in the order the
    snapshot holds the entities (by name)."""
    first: tuple[str, str] | None = None
    systems = data_objects = flows = 0
    for system in data.systems:
        gaps = len(missing(system, SYSTEM_ANSWERS))
        systems += gaps
        if gaps and first is None:
            first = ("system", system.name)
    for obj in data.data_objects:
        gaps = len(missing(obj, DATA_OBJECT_ANSWERS))
        data_objects += gaps
        if gaps and first is None:
            first = ("data_object", obj.name)
    for flow in data.flows:
        gaps = len(missing(flow.fields, FLOW_ANSWERS))
        flows += gaps
        if gaps and first is None:
            first = ("flow", flow.ref)
    return Unanswered(systems, data_objects, flows, first)
