"""Unknown is not an answer: which fields the room answers, and how many are still open.

A field the room has not answered is None (NULL in the file), never a default that reads as a
fact. These pure helpers name those fields per kind and count the questions still to ask, so the
Overview, the exports and the findings all agree on what "not recorded" means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from models.enums import describe

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


def count_missing(items: Iterable[Any], fields: Iterable[str]) -> int:
    """How many answers are still missing over `items`."""
    names = tuple(fields)
    return sum(len(missing(item, names)) for item in items)


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
