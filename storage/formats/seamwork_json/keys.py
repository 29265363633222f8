"""The `seamwork/1` format's name and each entry's keys in file order, without the models.

Exporting needs only these (and `plain`), so the pydantic models that check an imported file
(`schema`) are not built for it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

FORMAT = "seamwork/1"

# Key order in exported files, as design.md shows it. A test keeps these equal to the models'
# fields, so a new field cannot be left out of the file by accident.
WORKSHOP_KEYS: tuple[str, ...] = ("name", "client", "facilitator", "notes", "scoring_method")
SYSTEM_KEYS: tuple[str, ...] = (
    "name",
    "category",
    "vendor",
    "owner",
    "lifecycle",
    "hosting",
    "api",
    "criticality",
    "notes",
)
DATA_OBJECT_KEYS: tuple[str, ...] = (
    "name",
    "owner",
    "source_of_truth",
    "sensitivity",
    "definition",
    "definitions",
)
DEFINITION_KEYS: tuple[str, ...] = ("department", "text")
FLOW_KEYS: tuple[str, ...] = (
    "source",
    "target",
    "data_object",
    "frequency",
    "mechanism",
    "direction",
    "state",
    "approach",
    "owner",
    "error_handling",
    "security",
    "monitored",
    "volume_per_day",
    "manual_hours_per_week",
    "notes",
)
# design.md's example, plus "retired": a retired scenario keeps its checks in the file.
SCENARIO_KEYS: tuple[str, ...] = (
    "title",
    "category",
    "description",
    "question",
    "data_objects",
    "retired",
)
# design.md's example, plus "updated_at": when the room last changed the answer.
CHECK_KEYS: tuple[str, ...] = ("flow", "scenario", "status", "note", "owner", "uat", "updated_at")
# design.md's example, plus "wsjf_part": which part of WSJF a benefit feeds.
CRITERION_KEYS: tuple[str, ...] = ("name", "weight", "kind", "wsjf_part", "description")
# design.md's example; "rationales" ({criterion: why}) follows "scores" only when there is one.
CANDIDATE_KEYS: tuple[str, ...] = ("name", "description", "phase", "notes", "flows", "scores")
# design.md's example, plus "description": what exactly is measured.
KPI_KEYS: tuple[str, ...] = (
    "name",
    "unit",
    "baseline",
    "target",
    "owner",
    "description",
    "candidates",
    "data_objects",
)
# design.md's `sessions` example: a session, its attendees and agenda, and its minutes.
SESSION_KEYS: tuple[str, ...] = (
    "date",
    "title",
    "attendees",
    "agenda",
    "decisions",
    "actions",
    "parking_lot",
)
ATTENDEE_KEYS: tuple[str, ...] = ("name", "role", "organisation", "present")
AGENDA_KEYS: tuple[str, ...] = ("title", "minutes")
DECISION_KEYS: tuple[str, ...] = ("text", "by", "concerns")
ACTION_KEYS: tuple[str, ...] = ("text", "owner", "due", "done", "concerns")
PARKED_KEYS: tuple[str, ...] = ("text", "answered", "concerns")
# What a minute may concern, as the keys of a `concerns` entry (storage's CONCERN_KINDS).
CONCERN_KEYS: tuple[str, ...] = ("system", "data_object", "flow", "candidate", "kpi")


def plain(value: Any) -> Any:
    """A value as the file holds it: an enum member as its value, anything else as it is."""
    return value.value if isinstance(value, Enum) else value
