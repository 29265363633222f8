"""Check a validated document against itself and the open workshop, before anything is written.

Each function raises `ImportValidationError` naming the path of the first problem: a name given
twice, or a reference (a flow's ends, a check's flow, a candidate's criteria) to something
neither the workshop nor the file holds. Later sections refer to earlier ones by name, so the
file and the workshop are searched together and a bad reference writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table
from sqlmodel import Session, col, select

from models.names import name_key
from models.snapshot import flow_ref, split_flow_ref
from models.tables import Attendee, Candidate, Criterion, DataObject, Flow, Kpi, Meeting, Scenario
from models.tables import System as SystemRow
from storage.errors import ImportValidationError


def check_nothing(session: Session, document: Any) -> None:
    """Sections whose values pydantic has already fully checked."""


def _check_unique_names(items: Sequence[Any], section: str, field: str = "name") -> None:
    """Names (or titles) are unique case-insensitively, so two entries for one thing are a
    mistake; the second is named, and the first too when only case tells them apart."""
    seen: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(items):
        value = getattr(item, field)
        key = name_key(value)
        if key in seen:
            first_index, first_value = seen[key]
            message = f'"{value}" appears twice.'
            if first_value != value:
                message = (
                    f'"{value}" appears twice ({field}s ignore case; see {section}[{first_index}]).'
                )
            raise ImportValidationError(message, f"{section}[{index}].{field}")
        seen[key] = (index, value)


# --- references between sections ----------------------------------------------------------------


def _system_keys(session: Session, document: Any) -> set[str]:
    """Systems a later section may name: those in the workshop and those in the file."""
    known = set(session.exec(select(SystemRow.name_key)).all())
    return known | {name_key(item.name) for item in document.systems}


def _data_object_keys(session: Session, document: Any) -> set[str]:
    known = set(session.exec(select(DataObject.name_key)).all())
    return known | {name_key(item.name) for item in document.data_objects}


FlowKey = tuple[str, str, str]


def flow_key(item: Any) -> tuple[str, str, str]:
    return (name_key(item.source), name_key(item.target), name_key(item.data_object))


def workshop_flows(session: Session) -> dict[FlowKey, int]:
    """(source, target, data object) name keys -> id for every flow in the workshop."""
    systems: Table = SystemRow.__table__  # type: ignore[attr-defined]
    source, target = systems.alias("source"), systems.alias("target")
    obj: Table = DataObject.__table__  # type: ignore[attr-defined]
    flow: Table = Flow.__table__  # type: ignore[attr-defined]
    columns = (source.c.name_key, target.c.name_key, obj.c.name_key, flow.c.id)
    statement = sa.select(*columns).select_from(
        flow.join(source, source.c.id == flow.c.source_id)
        .join(target, target.c.id == flow.c.target_id)
        .join(obj, obj.c.id == flow.c.data_object_id)
    )
    return {(row[0], row[1], row[2]): row[3] for row in session.connection().execute(statement)}


def resolve_flow(ref: str, known: set[FlowKey]) -> list[FlowKey]:
    """The flows among `known` that `ref` can name: one, or none, or (when names themselves
    hold " -> " or ": ") more than one."""
    found: list[FlowKey] = []
    for source, target, data_object in split_flow_ref(ref):
        key = (name_key(source), name_key(target), name_key(data_object))
        if key in known and key not in found:
            found.append(key)
    return found


def _known_flows(session: Session, document: Any) -> set[FlowKey]:
    """Flows a check may name: those in the workshop and those in the file."""
    return set(workshop_flows(session)) | {flow_key(item) for item in document.flows}


def _criterion_keys(session: Session, document: Any) -> set[str]:
    known = set(session.exec(select(Criterion.name_key)).all())
    return known | {name_key(item.name) for item in document.criteria}


# --- sections -----------------------------------------------------------------------------------


def check_systems(session: Session, document: Any) -> None:
    _check_unique_names(document.systems, "systems")


def check_data_objects(session: Session, document: Any) -> None:
    """Names unique, departments unique per object, sources of truth known systems."""
    _check_unique_names(document.data_objects, "data_objects")
    systems = _system_keys(session, document)
    for index, item in enumerate(document.data_objects):
        where = f"data_objects[{index}]"
        if item.source_of_truth is not None and name_key(item.source_of_truth) not in systems:
            raise ImportValidationError(
                f'no system named "{item.source_of_truth}".', f"{where}.source_of_truth"
            )
        departments: set[str] = set()
        for position, definition in enumerate(item.definitions):
            department = name_key(definition.department)
            if department in departments:
                raise ImportValidationError(
                    f'"{definition.department}" appears twice.',
                    f"{where}.definitions[{position}].department",
                )
            departments.add(department)


def check_flows(session: Session, document: Any) -> None:
    """Ends and data objects must exist (in the workshop or earlier in the file), ends differ,
    and no flow appears twice."""
    systems = _system_keys(session, document)
    objects = _data_object_keys(session, document)
    seen: dict[tuple[str, str, str], int] = {}
    for index, item in enumerate(document.flows):
        where = f"flows[{index}]"
        for end in ("source", "target"):
            name = getattr(item, end)
            if name_key(name) not in systems:
                raise ImportValidationError(f'no system named "{name}".', f"{where}.{end}")
        if name_key(item.data_object) not in objects:
            raise ImportValidationError(
                f'no data object named "{item.data_object}".', f"{where}.data_object"
            )
        if name_key(item.source) == name_key(item.target):
            raise ImportValidationError(
                "Source and target must be different systems.", f"{where}.target"
            )
        key = flow_key(item)
        if key in seen:
            ref = flow_ref(item.source, item.target, item.data_object)
            raise ImportValidationError(f'"{ref}" appears twice (see flows[{seen[key]}]).', where)
        seen[key] = index


def _one_flow(item: Any, index: int, flows: set[FlowKey]) -> FlowKey | None:
    """The flow a scenario entry is added for (None: the library), checked to be known."""
    if item.flow is None:
        return None
    where = f"scenarios[{index}].flow"
    found = resolve_flow(item.flow, flows)
    if not found:
        raise ImportValidationError(f'no flow "{item.flow}".', where)
    if len(found) > 1:
        raise ImportValidationError(
            f'"{item.flow}" could name {len(found)} flows, because names in it contain '
            '" -> " or ": "; rename one of them.',
            where,
        )
    return found[0]


def check_scenarios(session: Session, document: Any) -> None:
    """Titles are unique case-insensitively, so two entries for one scenario are a mistake;
    the flow a one-flow scenario names is known (in the workshop or the file)."""
    _check_unique_names(document.scenarios, "scenarios", "title")
    if any(item.flow is not None for item in document.scenarios):
        flows = _known_flows(session, document)
        for index, item in enumerate(document.scenarios):
            _one_flow(item, index, flows)


def _scenario_flows(session: Session, document: Any, flows: set[FlowKey]) -> dict[str, FlowKey]:
    """Title key -> the one flow a scenario is for, as it will be after the import."""
    ids = {row_id: key for key, row_id in workshop_flows(session).items()}
    result: dict[str, FlowKey] = {}
    for title_key, flow_id in session.exec(select(Scenario.title_key, Scenario.flow_id)).all():
        if flow_id is not None and flow_id in ids:
            result[title_key] = ids[flow_id]
    for index, item in enumerate(document.scenarios):
        if "flow" in item.model_fields_set:
            key = _one_flow(item, index, flows)
            if key is None:
                result.pop(name_key(item.title), None)
            else:
                result[name_key(item.title)] = key
    return result


def check_checks(session: Session, document: Any) -> None:
    """Each check names a known flow and scenario, and no (flow, scenario) pair appears twice."""
    if not document.checks:
        return
    flows = _known_flows(session, document)
    titles = set(session.exec(select(Scenario.title_key)).all()) | {
        name_key(item.title) for item in document.scenarios
    }
    one_flow = _scenario_flows(session, document, flows)
    seen: dict[tuple[FlowKey, str], int] = {}
    for index, item in enumerate(document.checks):
        where = f"checks[{index}]"
        found = resolve_flow(item.flow, flows)
        if not found:
            raise ImportValidationError(f'no flow "{item.flow}".', f"{where}.flow")
        if len(found) > 1:
            raise ImportValidationError(
                f'"{item.flow}" could name {len(found)} flows, because names in it contain '
                '" -> " or ": "; rename one of them.',
                f"{where}.flow",
            )
        flow = found[0]
        if name_key(item.scenario) not in titles:
            raise ImportValidationError(
                f'no scenario titled "{item.scenario}".', f"{where}.scenario"
            )
        own = one_flow.get(name_key(item.scenario))
        if own is not None and own != flow:
            raise ImportValidationError(
                f'"{item.scenario}" is a scenario for another flow only.', f"{where}.flow"
            )
        pair = (flow, name_key(item.scenario))
        if pair in seen:
            raise ImportValidationError(
                f'"{item.scenario}" on "{item.flow}" appears twice (see checks[{seen[pair]}]).',
                where,
            )
        seen[pair] = index


def check_criteria(session: Session, document: Any) -> None:
    _check_unique_names(document.criteria, "criteria")


def check_candidates(session: Session, document: Any) -> None:
    """Names unique; each flow, and each criterion a score or rationale names, known (in the
    workshop or the file), each once; a rationale explains a score the entry gives."""
    if not document.candidates:
        return
    _check_unique_names(document.candidates, "candidates")
    flows = _known_flows(session, document)
    criteria = _criterion_keys(session, document)
    for index, item in enumerate(document.candidates):
        where = f"candidates[{index}]"
        seen_flows: dict[FlowKey, int] = {}
        for position, ref in enumerate(item.flows):
            path = f"{where}.flows[{position}]"
            found = resolve_flow(ref, flows)
            if not found:
                raise ImportValidationError(f'no flow "{ref}".', path)
            if len(found) > 1:
                raise ImportValidationError(
                    f'"{ref}" could name {len(found)} flows, because names in it contain '
                    '" -> " or ": "; rename one of them.',
                    path,
                )
            if found[0] in seen_flows:
                raise ImportValidationError(
                    f'"{ref}" appears twice (see {where}.flows[{seen_flows[found[0]]}]).', path
                )
            seen_flows[found[0]] = position
        scored: set[str] = set()
        for part in ("scores", "rationales"):
            seen: dict[str, str] = {}
            for name in getattr(item, part):
                path = f"{where}.{part}.{name}"
                key = name_key(name)
                if key not in criteria:
                    raise ImportValidationError(f'no criterion named "{name}".', path)
                if key in seen:
                    raise ImportValidationError(
                        f'"{name}" appears twice (names ignore case; see "{seen[key]}").', path
                    )
                seen[key] = name
                if part == "scores":
                    scored.add(key)
                elif key not in scored:
                    raise ImportValidationError(
                        f'"{name}" has no score in this entry to explain.', path
                    )


def check_kpis(session: Session, document: Any) -> None:
    """Names unique; every candidate and data object named is known, and named once."""
    if not document.kpis:
        return
    _check_unique_names(document.kpis, "kpis")
    candidates = set(session.exec(select(Candidate.name_key)).all()) | {
        name_key(item.name) for item in document.candidates
    }
    objects = _data_object_keys(session, document)
    for index, item in enumerate(document.kpis):
        for part, known, noun in (
            ("candidates", candidates, "candidate"),
            ("data_objects", objects, "data object"),
        ):
            seen: dict[str, int] = {}
            for position, name in enumerate(getattr(item, part)):
                path = f"kpis[{index}].{part}[{position}]"
                key = name_key(name)
                if key not in known:
                    raise ImportValidationError(f'no {noun} named "{name}".', path)
                if key in seen:
                    raise ImportValidationError(
                        f'"{name}" appears twice (see kpis[{index}].{part}[{seen[key]}]).', path
                    )
                seen[key] = position


def _candidate_keys(session: Session, document: Any) -> set[str]:
    known = set(session.exec(select(Candidate.name_key)).all())
    return known | {name_key(item.name) for item in document.candidates}


def _kpi_keys(session: Session, document: Any) -> set[str]:
    known = set(session.exec(select(Kpi.name_key)).all())
    return known | {name_key(item.name) for item in document.kpis}


def _workshop_attendees(session: Session) -> dict[tuple[str, str], set[str]]:
    """(date, title key) of each session in the workshop -> its attendees' name keys."""
    statement = select(Meeting.date, Meeting.title_key, Attendee.name_key).join(
        Attendee, col(Attendee.meeting_id) == col(Meeting.id)
    )
    result: dict[tuple[str, str], set[str]] = {}
    for date, title_key, attendee in session.exec(statement).all():
        result.setdefault((date, title_key), set()).add(attendee)
    return result


CONCERN_NOUNS = {"system": "system", "data_object": "data object", "candidate": "candidate",
                 "kpi": "KPI"}  # fmt: skip


def check_sessions(session: Session, document: Any) -> None:
    """Sessions unique by date and title; attendees unique by name within a session; whoever
    decided or owns an action an attendee of that same session (in the file or the workshop);
    everything a minute concerns known (in the workshop or the file), each once."""
    if not document.sessions:
        return
    names = {
        "system": _system_keys(session, document),
        "data_object": _data_object_keys(session, document),
        "candidate": _candidate_keys(session, document),
        "kpi": _kpi_keys(session, document),
    }
    flows = _known_flows(session, document)
    known_attendees = _workshop_attendees(session)
    seen_sessions: dict[tuple[str, str], int] = {}
    for index, item in enumerate(document.sessions):
        where = f"sessions[{index}]"
        key = (item.date, name_key(item.title))
        if key in seen_sessions:
            what = f'"{item.title}" on {item.date}' if item.title else f"{item.date} (untitled)"
            raise ImportValidationError(
                f"{what} appears twice (see sessions[{seen_sessions[key]}]).", f"{where}.title"
            )
        seen_sessions[key] = index
        _check_unique_names(item.attendees, f"{where}.attendees")
        attendees = known_attendees.get(key, set()) | {name_key(a.name) for a in item.attendees}
        for part, who in (("decisions", "by"), ("actions", "owner"), ("parking_lot", None)):
            for position, minute in enumerate(getattr(item, part)):
                path = f"{where}.{part}[{position}]"
                named = getattr(minute, who) if who else None
                if named is not None and name_key(named) not in attendees:
                    raise ImportValidationError(
                        f'no attendee named "{named}" in this session.', f"{path}.{who}"
                    )
                _check_concerns(minute.concerns, f"{path}.concerns", names, flows)


def _check_concerns(
    concerns: Sequence[Any], where: str, names: dict[str, set[str]], flows: set[FlowKey]
) -> None:
    seen: dict[tuple[str, Any], int] = {}
    for position, concern in enumerate(concerns):
        kind, name = concern.kind, concern.name
        path = f"{where}[{position}].{kind}"
        if kind == "flow":
            found = resolve_flow(name, flows)
            if not found:
                raise ImportValidationError(f'no flow "{name}".', path)
            if len(found) > 1:
                raise ImportValidationError(
                    f'"{name}" could name {len(found)} flows, because names in it contain '
                    '" -> " or ": "; rename one of them.',
                    path,
                )
            key: tuple[str, Any] = (kind, found[0])
        else:
            if name_key(name) not in names[kind]:
                raise ImportValidationError(f'no {CONCERN_NOUNS[kind]} named "{name}".', path)
            key = (kind, name_key(name))
        if key in seen:
            raise ImportValidationError(f'"{name}" appears twice (see {where}[{seen[key]}]).', path)
        seen[key] = position
