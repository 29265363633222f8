"""What a step (one committed transaction) is called in the history and the undo toast.

Pure: the label is worked out from the step's audit rows, generically, so every kind of edit is
named without each screen or query saying so. The most important row names the step (a
system before its flows, a flow before its checks, the last row deleted in a cascade, which is
the one the cascade began from); the rest are counted: "delete system Shopify with 2 flows and
3 more changes". A storage function may add a verb ("paste 3 systems") or a label of its own.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Entity words in a sentence: (singular, plural).
WORDS: dict[str, tuple[str, str]] = {
    "workshop": ("workshop details", "workshop details"),
    "system": ("system", "systems"),
    "data_object": ("data object", "data objects"),
    "definition": ("definition", "definitions"),
    "flow": ("flow", "flows"),
    "scenario": ("scenario", "scenarios"),
    "scenario_check": ("check", "checks"),
    "criterion": ("criterion", "criteria"),
    "candidate": ("candidate", "candidates"),
    "candidate_flow": ("candidate flow", "candidate flows"),
    "score": ("score", "scores"),
    "kpi": ("KPI", "KPIs"),
    "kpi_candidate": ("KPI link", "KPI links"),
    "kpi_data_object": ("KPI link", "KPI links"),
    "meeting": ("session", "sessions"),
    "attendee": ("attendee", "attendees"),
    "agenda_item": ("agenda item", "agenda items"),
    "minute": ("minute", "minutes"),
    "minute_concern": ("minute link", "minute links"),
}

# Which row names a step: the first entity of this list that the step touched. Tables a later
# version adds come after the named entities and before the links and answers.
RANK: tuple[str, ...] = (
    "system",
    "data_object",
    "flow",
    "scenario",
    "candidate",
    "kpi",
    "criterion",
    "meeting",
    "workshop",
    "?",
    "minute",
    "attendee",
    "agenda_item",
    "definition",
    "scenario_check",
    "score",
    "candidate_flow",
    "kpi_candidate",
    "kpi_data_object",
    "minute_concern",
)
VERBS = {"create": "add", "update": "edit", "delete": "delete"}
# Fields that change as a side effect of another: never the one an edit is named after.
_QUIET = frozenset({"id", "updated_at", "position", "title_key", "department_key", "library_key"})
_SHORT = 24


@dataclass(frozen=True)
class StepRow:
    """An audit row as the label needs it; `before`/`after` only matter for an edit."""

    entity: str
    name: str
    action: str
    before: str | None = None
    after: str | None = None


def word(entity: str, count: int = 1) -> str:
    singular, plural = WORDS.get(entity, (entity.replace("_", " "),) * 2)
    if entity not in WORDS:
        plural = singular + "s"
    return singular if count == 1 else plural


def _rank(entity: str) -> int:
    return RANK.index(entity) if entity in RANK else RANK.index("?")


def primary_index(rows: Sequence[StepRow], prefer: str | None = None) -> int:
    """The row that names the step: of the best-ranked entity (`prefer` first), the last one
    deleted, else the first."""
    best = min(rows, key=lambda row: (row.entity != prefer, _rank(row.entity))).entity
    indexes = [i for i, row in enumerate(rows) if row.entity == best]
    deleted = [i for i in indexes if rows[i].action == "delete"]
    return deleted[-1] if deleted else indexes[0]


def _decode(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _value(value: Any) -> str | None:
    """A value short enough to say in the label, or None."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str) and value and len(value) <= _SHORT and "\n" not in value:
        return value
    return None


def _subject(row: StepRow) -> str:
    if row.entity == "workshop":
        return word("workshop")
    return f"{word(row.entity)} {row.name}".rstrip()


def _named(row: StepRow, verb: str | None) -> str:
    """The primary row on its own: "add system Xero", "set status of check … to gap"."""
    if row.entity == "score" and verb is None:
        return f"{'clear score' if row.action == 'delete' else 'score'} {row.name}".rstrip()
    if row.action == "update" and verb is None:
        before, after = _decode(row.before), _decode(row.after)
        changed = [k for k in after if k not in _QUIET and before.get(k) != after.get(k)]
        if len(changed) == 1:
            field = changed[0].removesuffix("_id").replace("_", " ")
            shown = _value(after.get(changed[0]))
            if shown is not None and not changed[0].endswith("_id"):
                return f"set {field} of {_subject(row)} to {shown}"
            return f"edit {field} of {_subject(row)}"
    return f"{verb or VERBS.get(row.action, row.action)} {_subject(row)}"


def _count(count: int, entity: str) -> str:
    return f"{count} {word(entity, count)}"


def step_label(
    rows: Sequence[StepRow], *, verb: str | None = None, prefer: str | None = None
) -> str:
    """A sentence fragment naming what the step did, e.g. "delete flow Shopify -> Sage X3:
    Sales orders", "paste 5 systems", "add data object Stock with 2 definitions"."""
    if not rows:
        return "no change"
    kinds = {(row.entity, row.action) for row in rows}
    if len(rows) > 1 and len(kinds) == 1:
        ((entity, action),) = kinds
        return f"{verb or VERBS.get(action, action)} {_count(len(rows), entity)}"
    index = primary_index(rows, prefer)
    primary = rows[index]
    label = _named(primary, verb)
    others = [row for i, row in enumerate(rows) if i != index]
    alike = Counter(row.entity for row in others if row.action == primary.action)
    rest = sum(1 for row in others if row.action != primary.action)
    same = alike.pop(primary.entity, 0)
    if same:
        label += f" and {same} other {word(primary.entity, same)}"
    if alike:
        ordered = sorted(alike.items(), key=lambda item: _rank(item[0]))
        label += " with " + ", ".join(_count(count, entity) for entity, count in ordered)
    if rest:
        label += f" and {rest} more change" + ("" if rest == 1 else "s")
    return label
