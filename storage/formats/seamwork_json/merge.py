"""Merge a checked document into the open workshop, by name, without committing.

An entity the workshop knows takes the fields the file gives (others are kept); an unknown one
is created; links (a candidate's flows, a KPI's candidates), scores and definitions are added
to, never removed. Every function counts what it did in the `ImportSummary`, and records each
entry it created and each field it changed as a line a person reads; `check` has run for every
section first, so the names looked up here are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa
from sqlalchemy import Table
from sqlmodel import Session, col, select

from models.enums import MinuteKind
from models.names import flow_ref, name_key
from models.tables import (
    CANDIDATE_FIELDS,
    CHECK_FIELDS,
    CRITERION_FIELDS,
    DATA_OBJECT_FIELDS,
    FLOW_FIELDS,
    KPI_FIELDS,
    SCENARIO_FIELDS,
    AgendaItem,
    Attendee,
    Candidate,
    CandidateFlow,
    Check,
    Criterion,
    DataObject,
    Definition,
    Flow,
    Kpi,
    KpiCandidate,
    KpiDataObject,
    Meeting,
    Minute,
    MinuteConcern,
    Scenario,
    Score,
    Workshop,
)
from models.tables import System as SystemRow
from models.unknowns import DATA_OBJECT_ANSWERS, FLOW_ANSWERS, SYSTEM_ANSWERS
from storage.audit import utc_now
from storage.formats.seamwork_json.check import FlowKey, flow_key, resolve_flow, workshop_flows
from storage.formats.seamwork_json.keys import plain
from storage.formats.seamwork_json.schema import WorkshopIn
from storage.queries.snapshot import read_workshop

if TYPE_CHECKING:  # the summary is the document's: it names each section it counts
    from storage.formats.seamwork_json.document import ImportSummary


ANSWERS = frozenset(SYSTEM_ANSWERS + DATA_OBJECT_ANSWERS + FLOW_ANSWERS)


Diff = list[tuple[str, Any, Any]]  # (field, value before, value after) per field changed

# The free text a source adds to rather than replaces (`adding_notes`): a system's or flow's
# notes, a data object's definition.
ADDED_TEXT = frozenset({"notes", "definition"})
_adding_notes: ContextVar[bool] = ContextVar("adding_notes", default=False)


@contextmanager
def adding_notes(adding: bool) -> Iterator[None]:
    """Merge with the source's notes added under an entry's own rather than in their place.

    A client's spreadsheet or ArchiMate model gathers what fits no field into notes; it knows
    nothing of the notes the room typed, which it would otherwise replace. A Seamwork file
    (JSON, or its own export edited) is the workshop's whole copy: its notes replace."""
    token = _adding_notes.set(adding)
    try:
        yield
    finally:
        _adding_notes.reset(token)


def _added(before: Any, value: Any) -> Any:
    """`value` under `before`, unless `before` holds it already (a second import adds none)."""
    if not isinstance(before, str) or not isinstance(value, str) or not before.strip():
        return value
    if value.strip() in before:
        return before
    return f"{before.rstrip()}\n{value}"


def _take_fields(row: Any, item: Any, fields: Iterable[str], diff: Diff | None = None) -> bool:
    """Give `row` the fields of `fields` that `item` sets; True when any changed. Each change
    is added to `diff` when given."""
    changed = False
    for key in sorted(item.model_fields_set & set(fields)):
        value = getattr(item, key)
        if value is None and key in ANSWERS:
            continue  # an unknown in the file does not forget an answer the workshop has
        before = getattr(row, key)
        if key in ADDED_TEXT and _adding_notes.get():
            value = _added(before, value)
        if plain(before) != plain(value):
            setattr(row, key, value)
            changed = True
            if diff is not None:
                diff.append((key, plain(before), plain(value)))
    return changed


def _merge_fields(row: Any, item: Any, fields: Iterable[str], diff: Diff | None = None) -> bool:
    """Give `row` the fields `item` sets; True when any changed (the name key follows)."""
    changed = _take_fields(row, item, fields, diff)
    if changed:
        row.set_name_key()
    return changed


def _merge_named(
    session: Session,
    existing: dict[str, Any],
    item: Any,
    model: Any,
    fields: Sequence[str],
    diff: Diff | None = None,
) -> tuple[Any, bool, bool]:
    """The row of `model` named as `item` is, with whether it was created and whether it changed.

    A new row is made of `fields`, added and flushed (its id is wanted for its links); a known
    one takes the fields the item sets.
    """
    row = existing.get(name_key(item.name))
    if row is None:
        row = model.model_validate({key: getattr(item, key) for key in fields})
        row.set_name_key()
        existing[row.name_key] = row
        session.add(row)
        session.flush()
        return row, True, False
    changed = _merge_fields(row, item, fields, diff)
    if changed:
        session.add(row)
    return row, False, changed


def _link(session: Session, links: set[tuple[int, int]], model: Any, **ids: int) -> bool:
    """Add a `model` row joining `ids` unless `links` holds the pair already; True if added."""
    first, second = ids.values()
    if (first, second) in links:
        return False
    links.add((first, second))
    session.add(model(**ids))
    return True


def _flow_name(item: Any) -> str:
    return flow_ref(item.source, item.target, item.data_object)


def _system_name(session: Session, system_id: int | None) -> str | None:
    """A system's name by id, for a change line (None for none)."""
    if system_id is None:
        return None
    row = session.get(SystemRow, system_id)
    return row.name if row is not None else None


def _outcome(created: bool, changed: bool) -> Literal["created", "updated", "unchanged"]:
    return "created" if created else "updated" if changed else "unchanged"


def _ids(session: Session, model: Any) -> dict[str, int]:
    """name_key -> id for every row of `model`, after flushing what earlier sections added."""
    session.flush()
    return {key: row_id for key, row_id in session.exec(select(model.name_key, model.id)).all()}


# --- sections -----------------------------------------------------------------------------------


def apply_workshop(session: Session, document: Any, summary: ImportSummary) -> None:
    given: WorkshopIn | None = document.workshop
    if given is None or not given.model_fields_set:
        return
    row = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if row is None:
        row = Workshop.model_validate(read_workshop(session).model_dump())
        session.add(row)
    for key in sorted(given.model_fields_set):
        value = getattr(given, key)
        before = getattr(row, key)
        if before != value:
            setattr(row, key, value)
            summary.workshop_updated = True
            summary.changed_field("workshop", None, key, plain(before), plain(value))


def apply_systems(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name: a known system takes the fields given, an unknown one is created."""
    existing = {row.name_key: row for row in session.exec(select(SystemRow)).all()}
    for item in document.systems:
        row = existing.get(name_key(item.name))
        if row is None:
            row = SystemRow.model_validate(item.model_dump())
            row.set_name_key()
            session.add(row)
            summary.count("systems", "created", item.name)
            continue
        diff: Diff = []
        changed = _merge_fields(row, item, item.model_fields_set, diff)
        if changed:
            session.add(row)
        summary.count("systems", "updated" if changed else "unchanged", item.name, diff)


def apply_data_objects(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name; definitions merge by department (an import never removes any)."""
    systems = _ids(session, SystemRow)
    existing = {row.name_key: row for row in session.exec(select(DataObject)).all()}
    definitions: dict[tuple[int, str], Definition] = {
        (row.data_object_id, row.department_key): row
        for row in session.exec(select(Definition)).all()
    }
    for item in document.data_objects:
        row = existing.get(name_key(item.name))
        given = item.model_fields_set
        sot_id = systems[name_key(item.source_of_truth)] if item.source_of_truth else None
        created = row is None
        changed = False
        diff: Diff = []
        if row is None:
            row = DataObject.model_validate({key: getattr(item, key) for key in DATA_OBJECT_FIELDS})
            row.source_of_truth_id = sot_id
            row.set_name_key()
            session.add(row)
            session.flush()
        else:
            changed = _merge_fields(row, item, DATA_OBJECT_FIELDS, diff)
            if "source_of_truth" in given and row.source_of_truth_id != sot_id:
                before = _system_name(session, row.source_of_truth_id)
                diff.append(("source_of_truth", before, item.source_of_truth))
                row.source_of_truth_id = sot_id
                changed = True
            if changed:
                session.add(row)
        assert row.id is not None
        for definition in item.definitions:
            department_key = name_key(definition.department)
            current = definitions.get((row.id, department_key))
            if current is None:
                current = Definition(
                    data_object_id=row.id,
                    department=definition.department,
                    department_key=department_key,
                    text=definition.text,
                )
                definitions[(row.id, department_key)] = current
                session.add(current)
                changed = True
                if not created:
                    diff.append((f"{definition.department}'s definition", None, definition.text))
            elif (current.department, current.text) != (definition.department, definition.text):
                diff.append((f"{definition.department}'s definition", current.text,
                             definition.text))  # fmt: skip
                current.department, current.text = definition.department, definition.text
                session.add(current)
                changed = True
        summary.count("data_objects", _outcome(created, changed), item.name, diff)


def apply_flows(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by identity (source, target, data object): known flows take the fields given."""
    if not document.flows:
        return
    systems = _ids(session, SystemRow)
    objects = _ids(session, DataObject)
    existing = {
        (row.source_id, row.target_id, row.data_object_id): row
        for row in session.exec(select(Flow)).all()
    }
    for item in document.flows:
        source, target, data_object = flow_key(item)
        ids = (systems[source], systems[target], objects[data_object])
        row = existing.get(ids)
        if row is None:
            row = Flow(
                source_id=ids[0],
                target_id=ids[1],
                data_object_id=ids[2],
                **{key: getattr(item, key) for key in FLOW_FIELDS},
            )
            existing[ids] = row
            session.add(row)
            summary.count("flows", "created", _flow_name(item))
            continue
        diff: Diff = []
        changed = _take_fields(row, item, FLOW_FIELDS, diff)
        if changed:
            session.add(row)
        summary.count("flows", "updated" if changed else "unchanged", _flow_name(item), diff)


def apply_scenarios(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by title: a known scenario takes the fields given, an unknown one is created.

    Files name scenarios by title only, so a new one is the workshop's own until the library
    is next ensured, which recognises library entries by their title.
    """
    if not document.scenarios:
        return
    flow_ids: dict[FlowKey, int] = {}
    if any(item.flow is not None for item in document.scenarios):
        session.flush()  # the file's flows, added just before, have their ids
        flow_ids = workshop_flows(session)

    def flow_id(item: Any) -> int | None:
        if item.flow is None:
            return None
        (key,) = resolve_flow(item.flow, set(flow_ids))  # checked before anything was written
        return flow_ids[key]

    existing = {row.title_key: row for row in session.exec(select(Scenario)).all()}
    for item in document.scenarios:
        row = existing.get(name_key(item.title))
        if row is None:
            row = Scenario.model_validate({key: getattr(item, key) for key in SCENARIO_FIELDS})
            row.flow_id = flow_id(item)
            row.set_title_key()
            existing[row.title_key] = row
            session.add(row)
            summary.count("scenarios", "created", item.title)
            continue
        changed = False
        diff: Diff = []
        for key in sorted(item.model_fields_set & set(SCENARIO_FIELDS)):
            value = getattr(item, key)
            if getattr(row, key) != value:
                diff.append((key, plain(getattr(row, key)), plain(value)))
                setattr(row, key, value)
                changed = True
        if "flow" in item.model_fields_set and row.flow_id != flow_id(item):
            row.flow_id = flow_id(item)
            diff.append(("flow", None, item.flow))
            changed = True
        if changed:
            row.set_title_key()
            session.add(row)
        summary.count("scenarios", "updated" if changed else "unchanged", item.title, diff)


def apply_checks(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by (flow, scenario): a known check takes the fields given.

    A check the import creates or changes without an `updated_at` of its own is stamped now.
    """
    if not document.checks:
        return
    session.flush()
    flow_ids = workshop_flows(session)
    table: Table = Scenario.__table__  # type: ignore[attr-defined]
    scenario_ids: dict[str, int] = {
        key: row_id
        for key, row_id in session.connection().execute(sa.select(table.c.title_key, table.c.id))
    }
    existing = {(row.flow_id, row.scenario_id): row for row in session.exec(select(Check)).all()}
    known = set(flow_ids)
    now = utc_now()
    for item in document.checks:
        (flow_key,) = resolve_flow(item.flow, known)  # checked before anything was written
        ids = (flow_ids[flow_key], scenario_ids[name_key(item.scenario)])
        row = existing.get(ids)
        if row is None:
            row = Check(
                flow_id=ids[0],
                scenario_id=ids[1],
                updated_at=item.updated_at or now,
                **{key: getattr(item, key) for key in CHECK_FIELDS},
            )
            existing[ids] = row
            session.add(row)
            summary.count("checks", "created", f"{item.scenario} on {item.flow}")
            continue
        diff: Diff = []
        changed = _take_fields(row, item, CHECK_FIELDS, diff)
        if item.updated_at is not None and row.updated_at != item.updated_at:
            row.updated_at = item.updated_at
            changed = True
        elif changed and item.updated_at is None:
            row.updated_at = now
        if changed:
            session.add(row)
        summary.count(
            "checks", "updated" if changed else "unchanged", f"{item.scenario} on {item.flow}", diff
        )


def apply_criteria(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name; new criteria go after the workshop's, in file order. A file bringing
    criteria counts as the workshop's own set: the defaults are not added to it later."""
    if not document.criteria:
        return
    rows = session.exec(select(Criterion)).all()
    existing = {row.name_key: row for row in rows}
    position = max((row.position for row in rows), default=-1) + 1
    for item in document.criteria:
        row = existing.get(name_key(item.name))
        if row is None:
            row = Criterion.model_validate({key: getattr(item, key) for key in CRITERION_FIELDS})
            row.position = position
            position += 1
            row.set_name_key()
            existing[row.name_key] = row
            session.add(row)
            summary.count("criteria", "created", item.name)
            continue
        diff: Diff = []
        changed = _merge_fields(row, item, CRITERION_FIELDS, diff)
        summary.count("criteria", "updated" if changed else "unchanged", item.name, diff)
    workshop = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if workshop is not None and not workshop.criteria_seeded:
        workshop.criteria_seeded = True
        session.add(workshop)


def apply_candidates(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name: fields given are taken; flows, scores and rationales are added to."""
    if not document.candidates:
        return
    session.flush()
    flow_ids = workshop_flows(session)
    known = set(flow_ids)
    criteria = _ids(session, Criterion)
    existing = {row.name_key: row for row in session.exec(select(Candidate)).all()}
    links = {(row.candidate_id, row.flow_id) for row in session.exec(select(CandidateFlow)).all()}
    scores = {
        (row.candidate_id, row.criterion_id): row for row in session.exec(select(Score)).all()
    }
    for item in document.candidates:
        diff: Diff = []
        row, created, changed = _merge_named(
            session, existing, item, Candidate, CANDIDATE_FIELDS, diff
        )
        assert row.id is not None
        for ref in item.flows:
            (flow_key,) = resolve_flow(ref, known)  # checked before anything was written
            flow_id = flow_ids[flow_key]
            changed |= _link(session, links, CandidateFlow, candidate_id=row.id, flow_id=flow_id)
        rationales = {name_key(name): text for name, text in item.rationales.items()}
        for name, value in item.scores.items():
            key = name_key(name)
            ids = (row.id, criteria[key])
            score = scores.get(ids)
            if score is None:
                score = Score(
                    candidate_id=ids[0],
                    criterion_id=ids[1],
                    value=value,
                    rationale=rationales.get(key, ""),
                )
                scores[ids] = score
                session.add(score)
                changed = True
                continue
            rationale = rationales.get(key, score.rationale)
            if (score.value, score.rationale) != (value, rationale):
                score.value, score.rationale = value, rationale
                session.add(score)
                changed = True
        summary.count("candidates", _outcome(created, changed), item.name, diff)


def apply_kpis(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name: fields given are taken, links are added to."""
    if not document.kpis:
        return
    candidates = _ids(session, Candidate)
    objects = _ids(session, DataObject)
    existing = {row.name_key: row for row in session.exec(select(Kpi)).all()}
    linked = {(row.kpi_id, row.candidate_id) for row in session.exec(select(KpiCandidate)).all()}
    informed = {
        (row.kpi_id, row.data_object_id) for row in session.exec(select(KpiDataObject)).all()
    }
    for item in document.kpis:
        diff: Diff = []
        row, created, changed = _merge_named(session, existing, item, Kpi, KPI_FIELDS, diff)
        assert row.id is not None
        for name in item.candidates:
            candidate_id = candidates[name_key(name)]
            changed |= _link(
                session, linked, KpiCandidate, kpi_id=row.id, candidate_id=candidate_id
            )
        for name in item.data_objects:
            object_id = objects[name_key(name)]
            changed |= _link(
                session, informed, KpiDataObject, kpi_id=row.id, data_object_id=object_id
            )
        summary.count("kpis", _outcome(created, changed), item.name, diff)


def _occurrences(keys: Iterable[Any]) -> list[tuple[Any, int]]:
    """Each key with how many times it came before: the second "Break" on an agenda is
    ("break", 1), so entries that share a title or text still pair up one to one."""
    seen: dict[Any, int] = {}
    result = []
    for key in keys:
        result.append((key, seen.get(key, 0)))
        seen[key] = seen.get(key, 0) + 1
    return result


def _take(row: Any, values: dict[str, Any]) -> bool:
    """Give `row` the `values` that differ; True when any did."""
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _concern_ids(session: Session) -> Any:
    """A function (kind, name) -> id for what minutes may concern, after flushing."""
    session.flush()
    ids = {
        "system": _ids(session, SystemRow),
        "data_object": _ids(session, DataObject),
        "candidate": _ids(session, Candidate),
        "kpi": _ids(session, Kpi),
    }
    flow_ids = workshop_flows(session)
    known = set(flow_ids)

    def lookup(kind: str, name: str) -> int:
        if kind == "flow":
            (key,) = resolve_flow(name, known)  # checked before anything was written
            return flow_ids[key]
        return ids[kind][name_key(name)]

    return lookup


def _merge_minutes(
    session: Session,
    meeting_id: int,
    attendees: dict[str, Attendee],
    entries: Sequence[tuple[MinuteKind, Any, str | None]],
    concern_id: Any,
) -> bool:
    """Merge a session's minutes by kind and text (the nth of the same text pairs with the
    nth): a known minute takes the fields the file gives, concerns are added to."""
    rows = session.exec(
        select(Minute).where(col(Minute.meeting_id) == meeting_id).order_by(col(Minute.id))
    ).all()
    keys = _occurrences((MinuteKind(row.kind).value, row.text) for row in rows)
    existing = dict(zip(keys, rows, strict=True))
    concerns: dict[int, set[tuple[str, int]]] = {}
    if rows:
        ids = [row.id for row in rows]
        for link in session.exec(
            select(MinuteConcern).where(col(MinuteConcern.minute_id).in_(ids))
        ).all():
            for kind in ("system", "data_object", "flow", "candidate", "kpi"):
                value = getattr(link, f"{kind}_id")
                if value is not None:
                    concerns.setdefault(link.minute_id, set()).add((kind, value))
    changed = False
    wanted = _occurrences((kind.value, item.text) for kind, item, _ in entries)
    now = utc_now()
    for (kind, item, who_field), key in zip(entries, wanted, strict=True):
        given = item.model_fields_set
        values: dict[str, Any] = {}
        if who_field is not None and who_field in given:
            named = getattr(item, who_field)
            values["who_id"] = None if named is None else attendees[name_key(named)].id
        if kind is MinuteKind.ACTION:
            if "due" in given:
                values["due"] = item.due
            if "done" in given:
                values["closed"] = item.done
        elif kind is MinuteKind.PARKED and "answered" in given:
            values["closed"] = item.answered
        row = existing.get(key)
        if row is None:
            row = Minute(meeting_id=meeting_id, kind=kind, text=item.text, created_at=now, **values)
            session.add(row)
            session.flush()
            changed = True
        elif _take(row, values):
            session.add(row)
            changed = True
        assert row.id is not None
        linked = concerns.setdefault(row.id, set())
        for concern in item.concerns:
            pair = (concern.kind, concern_id(concern.kind, concern.name))
            if pair not in linked:
                linked.add(pair)
                session.add(MinuteConcern(minute_id=row.id, **{f"{pair[0]}_id": pair[1]}))
                changed = True
    return changed


def apply_sessions(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by date and title: attendees by name, the agenda by title, minutes by kind and
    text; fields the file gives are taken, nothing is removed. An import never changes which
    session is the current one."""
    if not document.sessions:
        return
    concern_id = _concern_ids(session)
    meetings = {(row.date, row.title_key): row for row in session.exec(select(Meeting)).all()}
    for item in document.sessions:
        key = (item.date, name_key(item.title))
        row = meetings.get(key)
        created = row is None
        changed = False
        if row is None:
            row = Meeting(date=item.date, title=item.title)
            row.set_name_key()
            meetings[key] = row
            session.add(row)
            session.flush()
        elif row.title != item.title:  # the same title but for case or spacing
            row.title = item.title
            row.set_name_key()
            session.add(row)
            changed = True
        assert row.id is not None
        attendees = {
            person.name_key: person
            for person in session.exec(
                select(Attendee).where(col(Attendee.meeting_id) == row.id)
            ).all()
        }
        for given in item.attendees:
            person = attendees.get(name_key(given.name))
            fields = {key: getattr(given, key) for key in given.model_fields_set | {"name"}}
            if person is None:
                person = Attendee(meeting_id=row.id, **given.model_dump())
                person.set_name_key()
                attendees[person.name_key] = person
                session.add(person)
                changed = True
            elif _take(person, fields):
                person.set_name_key()
                session.add(person)
                changed = True
        session.flush()
        items = session.exec(
            select(AgendaItem)
            .where(col(AgendaItem.meeting_id) == row.id)
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        ).all()
        agenda = dict(zip(_occurrences(name_key(i.title) for i in items), items, strict=True))
        position = max((i.position for i in items), default=0) + 1
        titles = _occurrences(name_key(given.title) for given in item.agenda)
        for given, title_key in zip(item.agenda, titles, strict=True):
            current = agenda.get(title_key)
            if current is None:
                session.add(AgendaItem(meeting_id=row.id, position=position, **given.model_dump()))
                position += 1
                changed = True
                continue
            fields = {key: getattr(given, key) for key in given.model_fields_set | {"title"}}
            if _take(current, fields):
                session.add(current)
                changed = True
        entries: list[tuple[MinuteKind, Any, str | None]] = [
            *((MinuteKind.DECISION, minute, "by") for minute in item.decisions),
            *((MinuteKind.ACTION, minute, "owner") for minute in item.actions),
            *((MinuteKind.PARKED, minute, None) for minute in item.parking_lot),
        ]
        changed |= _merge_minutes(session, row.id, attendees, entries, concern_id)
        summary.count("sessions", _outcome(created, changed), f"{item.date} {item.title}")
