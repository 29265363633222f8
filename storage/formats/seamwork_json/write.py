"""Write the open workshop as `seamwork/1` data, one function per top-level key.

The output is deterministic: keys in the documented order (`schema`'s key tuples), entities
sorted by name, criteria in the room's order, so an exported file can live in version control
and export -> import -> export is byte-identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from sqlmodel import Session

from models.enums import CheckStatus, MinuteKind
from models.names import flow_ref
from models.tables import FLOW_FIELDS
from storage.boundary import boundary
from storage.formats.indented_json import dumps_indented
from storage.formats.seamwork_json.keys import (
    ACTION_KEYS,
    AGENDA_KEYS,
    ATTENDEE_KEYS,
    CHECK_KEYS,
    DATA_OBJECT_KEYS,
    DECISION_KEYS,
    FLOW_KEYS,
    FORMAT,
    KPI_KEYS,
    PARKED_KEYS,
    SCENARIO_KEYS,
    SESSION_KEYS,
    SYSTEM_KEYS,
    WORKSHOP_KEYS,
    plain,
)
from storage.queries.meetings import Concern, load_sessions
from storage.queries.priorities import list_criteria, load_priorities
from storage.queries.snapshot import (
    check_rows,
    read_data_objects,
    read_flows,
    read_scenarios,
    read_systems,
    read_workshop,
)


def export_workshop(session: Session) -> dict[str, Any]:
    workshop = read_workshop(session)
    return {key: plain(getattr(workshop, key)) for key in WORKSHOP_KEYS}


def export_systems(session: Session) -> list[dict[str, Any]]:
    return [{key: plain(getattr(row, key)) for key in SYSTEM_KEYS} for row in read_systems(session)]


def export_data_objects(session: Session) -> list[dict[str, Any]]:
    result = []
    for obj in read_data_objects(session):
        values = {
            "name": obj.name,
            "owner": obj.owner,
            "source_of_truth": obj.source_of_truth,
            "sensitivity": plain(obj.sensitivity),
            "definition": obj.definition,
            "definitions": [
                {"department": item.department, "text": item.text} for item in obj.definitions
            ],
        }
        result.append({key: values[key] for key in DATA_OBJECT_KEYS})
    return result


def _number(value: float | None) -> int | float | None:
    """Hours as people write them: 6, not 6.0 (and back to 6.0 on import: the same value);
    null when not recorded."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def export_flows(session: Session) -> list[dict[str, Any]]:
    result = []
    for flow in read_flows(session):
        values: dict[str, Any] = {
            "source": flow.source,
            "target": flow.target,
            "data_object": flow.data_object,
        }
        values.update({key: plain(getattr(flow.fields, key)) for key in FLOW_FIELDS})
        values["manual_hours_per_week"] = _number(values["manual_hours_per_week"])
        result.append({key: values[key] for key in FLOW_KEYS})
    return result


def export_scenarios(session: Session) -> list[dict[str, Any]]:
    result = []
    for scenario in read_scenarios(session):
        values = {
            "title": scenario.title,
            "category": scenario.category,
            "description": scenario.description,
            "question": scenario.question,
            "data_objects": list(scenario.data_objects),
            "retired": scenario.retired,
        }
        entry = {key: values[key] for key in SCENARIO_KEYS}
        if scenario.flow is not None:  # added for one flow only: named only then
            entry["flow"] = scenario.flow
        result.append(entry)
    return result


def export_checks(session: Session) -> list[dict[str, Any]]:
    """Straight from the stored rows (`check_rows`): each flow's reference is made once, not
    per check, and a status is checked against the vocabulary as a `CheckData` would be."""
    found = check_rows(session)
    refs = {flow: flow_ref(*names) for flow, names in found.flows.items()}
    titles, status = found.titles, _STATUS_VALUES
    order = [CHECK_FIELDS.index(key) for key in CHECK_KEYS]
    if order == list(range(len(CHECK_FIELDS))):  # the file's order is the fields' order
        return [
            dict(zip(CHECK_KEYS, (refs[flow], titles[scenario], status[state], note, owner,
                                  bool(uat), updated), strict=True))
            for flow, scenario, state, note, owner, uat, updated in found.rows
        ]  # fmt: skip
    result = []
    for flow, scenario, state, note, owner, uat, updated in found.rows:
        values = (refs[flow], titles[scenario], status[state], note, owner, bool(uat), updated)
        result.append({key: values[index] for key, index in zip(CHECK_KEYS, order, strict=True)})
    return result


# What `export_checks` builds each entry from, in this order.
CHECK_FIELDS = ("flow", "scenario", "status", "note", "owner", "uat", "updated_at")
# Each stored status as the file writes it; one the vocabulary does not hold is a KeyError, as
# reading it as `CheckStatus` would be.
_STATUS_VALUES = {status.value: status.value for status in CheckStatus}


def export_criteria(session: Session) -> list[dict[str, Any]]:
    """In the room's order (the order matters to people, so the file keeps it)."""
    return [
        {
            "name": row.name,
            "weight": row.weight,
            "kind": plain(row.kind),
            "wsjf_part": plain(row.wsjf_part),
            "description": row.description,
        }
        for row in list_criteria(session)
    ]


def export_candidates(session: Session) -> list[dict[str, Any]]:
    board = load_priorities(session)
    names = {row.id: row.name for row in board.criteria}
    result = []
    for row in board.candidates:
        values: dict[str, Any] = {
            "name": row.name,
            "description": row.description,
            "phase": row.phase,
            "notes": row.notes,
            "flows": list(row.flows),
            "scores": {names[key]: row.scores[key] for key in names if key in row.scores},
        }
        rationales = {names[key]: row.rationales[key] for key in names if key in row.rationales}
        if rationales:
            values["rationales"] = rationales
        result.append(values)
    return result


def export_kpis(session: Session) -> list[dict[str, Any]]:
    result = []
    for row in load_priorities(session).kpis:
        values = {
            "name": row.name,
            "unit": row.unit,
            "baseline": None if row.baseline is None else _number(row.baseline),
            "target": None if row.target is None else _number(row.target),
            "owner": row.owner,
            "description": row.description,
            "candidates": list(row.candidates),
            "data_objects": list(row.data_objects),
        }
        result.append({key: values[key] for key in KPI_KEYS})
    return result


def _concerns(concerns: tuple[Concern, ...]) -> list[dict[str, str]]:
    """`[{"system": NAME}, {"flow": "S -> T: O"}, ...]` in the order they were recorded."""
    return [{concern.kind: concern.label} for concern in concerns]


def export_sessions(session: Session) -> list[dict[str, Any]]:
    """Oldest first (newest last), by date, then the order they were added. Unknown presence,
    time box, who and due date are null; the agenda's timers are the room's, not the file's."""
    result = []
    for record in load_sessions(session):
        values: dict[str, Any] = {
            "date": record.meeting.date,
            "title": record.meeting.title,
            "attendees": [
                {key: getattr(row, key) for key in ATTENDEE_KEYS} for row in record.attendees
            ],
            "agenda": [{key: getattr(row, key) for key in AGENDA_KEYS} for row in record.agenda],
            "decisions": [
                dict(zip(DECISION_KEYS, (row.text, row.who, _concerns(row.concerns)), strict=True))
                for row in record.of_kind(MinuteKind.DECISION)
            ],
            "actions": [
                dict(
                    zip(
                        ACTION_KEYS,
                        (row.text, row.who, row.due, row.closed, _concerns(row.concerns)),
                        strict=True,
                    )
                )
                for row in record.of_kind(MinuteKind.ACTION)
            ],
            "parking_lot": [
                dict(zip(PARKED_KEYS, (row.text, row.closed, _concerns(row.concerns)), strict=True))
                for row in record.of_kind(MinuteKind.PARKED)
            ],
        }
        result.append({key: values[key] for key in SESSION_KEYS})
    return result


# The top-level keys in file order, each with its writer and whether it is left out when empty
# (`document.Section.omit_empty`). `document.SECTIONS` lists the same (a test keeps them so):
# here, exporting loads none of the import side (its pydantic models, checks and merges).
EXPORTED: tuple[tuple[str, Callable[[Session], Any], bool], ...] = (
    ("workshop", export_workshop, False),
    ("systems", export_systems, False),
    ("data_objects", export_data_objects, False),
    ("flows", export_flows, False),
    ("scenarios", export_scenarios, False),
    ("checks", export_checks, False),
    ("criteria", export_criteria, False),
    ("candidates", export_candidates, False),
    ("kpis", export_kpis, False),
    ("sessions", export_sessions, True),
)


def export_document(session: Session) -> dict[str, Any]:
    """The workshop as plain JSON-ready data, keys and entries in their exported order."""
    document: dict[str, Any] = {"format": FORMAT}
    for key, export, omit_empty in EXPORTED:
        value = export(session)
        if omit_empty and not value:
            continue
        document[key] = value
    return document


# DEL and C1 controls, which `json.dumps` leaves raw without `ensure_ascii`. Imports refuse them
# now, but a file an older version wrote may hold some; escaped, the file still says exactly the
# same and a terminal it is printed to does not act on them.
_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


@boundary
def export_json(session: Session) -> str:
    """The workshop as a `seamwork/1` file: the same workshop always gives the same bytes,
    `json.dumps(export_document(session), indent=2, ensure_ascii=False)`'s (a test compares
    them), written faster: each key's value by `dumps_indented`, the checks (nine tenths of a
    large file) straight from their stored rows (`_checks_text`)."""
    parts = [f"{encode_basestring('format')}: {dumps_indented(FORMAT, 2, level=1)}"]
    for key, export, omit_empty in EXPORTED:
        if export is export_checks:
            text = _checks_text(session, level=1)
            if omit_empty and text == "[]":
                continue
        else:
            value = export(session)
            if omit_empty and not value:
                continue
            text = dumps_indented(value, 2, level=1)
        parts.append(f"{encode_basestring(key)}: {text}")
    text = "{\n  " + ",\n  ".join(parts) + "\n}\n"
    if text.isascii() and "\x7f" not in text:  # both asked at C speed: none of them to escape
        return text
    return _RAW_CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _checks_text(session: Session, *, level: int) -> str:
    """`dumps_indented(export_checks(session), 2, level=level)`, without a dict per check: each
    flow's reference, scenario's title and status is encoded once, the rest of a check (note,
    owner, updated_at, as stored) by the C string encoder, into one template per check."""
    found = check_rows(session)
    if not found.rows:
        return "[]"
    items, keys = " " * (2 * (level + 1)), " " * (2 * (level + 2))
    lines = [f"{keys}{encode_basestring(key).replace('%', '%%')}: %s" for key in CHECK_KEYS]
    template = "{\n" + ",\n".join(lines) + f"\n{items}}}"
    refs = {flow: encode_basestring(flow_ref(*names)) for flow, names in found.flows.items()}
    titles = {scenario: _scalar(title) for scenario, title in found.titles.items()}
    status = {stored: encode_basestring(value) for stored, value in _STATUS_VALUES.items()}
    text, dumps, order = encode_basestring, json.dumps, _CHECK_ORDER
    if order == tuple(range(len(CHECK_FIELDS))):
        entries = [
            template % (
                refs[flow], titles[scenario], status[state],
                text(note) if type(note) is str else dumps(note),
                text(owner) if type(owner) is str else dumps(owner),
                "true" if uat else "false",
                text(updated) if type(updated) is str else dumps(updated),
            )
            for flow, scenario, state, note, owner, uat, updated in found.rows
        ]  # fmt: skip
    else:
        entries = []
        for flow, scenario, state, note, owner, uat, updated in found.rows:
            values = (refs[flow], titles[scenario], status[state], _scalar(note),
                      _scalar(owner), "true" if uat else "false", _scalar(updated))  # fmt: skip
            entries.append(template % tuple(values[index] for index in order))
    return f"[\n{items}" + f",\n{items}".join(entries) + f"\n{' ' * (2 * level)}]"


def _scalar(value: Any) -> str:
    """One stored value as the file writes it."""
    return encode_basestring(value) if type(value) is str else dumps_indented(value)


# Where each of `CHECK_KEYS` is among `CHECK_FIELDS`.
_CHECK_ORDER = tuple(CHECK_FIELDS.index(key) for key in CHECK_KEYS)
