"""JSON interchange: `format: "seamwork/1"`, the file users keep, diff, and move between machines.

Export is deterministic (keys in the documented order, entities sorted by name, criteria in
the room's order) so an exported file can live in version control and export -> import ->
export is byte-identical.

Import validates the whole document before it writes anything: first the JSON itself, then the
format, then every value (pydantic, unknown keys forbidden: nothing is dropped silently), then
what needs the open workshop (duplicates, later references between entities). Only then is it
written, in one transaction. Every error is one sentence naming the path of the bad value.

Each top-level key is a `Section`; a later entity (scenarios, checks, ...) is added by writing
one more section and listing it in `SECTIONS`, in the order it must be written. Sections that
refer to earlier ones by name (flows name systems and data objects) check those names in their
`check`, against the file and the workshop together, so a bad reference writes nothing.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    create_model,
    field_validator,
)
from pydantic import Field as PydanticField
from sqlalchemy import Table
from sqlmodel import Session, col, select

from models.names import clean_name, name_key
from models.snapshot import flow_ref, split_flow_ref
from models.tables import (
    CANDIDATE_FIELDS,
    CHECK_FIELDS,
    CRITERION_FIELDS,
    DATA_OBJECT_FIELDS,
    FLOW_FIELDS,
    KPI_FIELDS,
    SCENARIO_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    TEXT_MAX,
    Candidate,
    CandidateBase,
    CandidateFlow,
    Check,
    CheckBase,
    Criterion,
    CriterionBase,
    DataObject,
    DataObjectBase,
    Definition,
    DefinitionBase,
    Flow,
    FlowBase,
    Kpi,
    KpiBase,
    KpiCandidate,
    KpiDataObject,
    Scenario,
    ScenarioBase,
    Score,
    SystemBase,
    Workshop,
    WorkshopBase,
)
from models.tables import System as SystemRow
from models.validation import message_for
from storage.audit import utc_now
from storage.errors import ImportValidationError
from storage.queries.priorities import list_criteria, load_priorities
from storage.queries.snapshot import (
    read_checks,
    read_data_objects,
    read_flows,
    read_scenarios,
    read_systems,
    read_workshop,
)

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


class WorkshopIn(WorkshopBase):
    """The `workshop` object of a file: any subset of the details, nothing else."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


def _whole_number(value: Any) -> Any:
    """In a file a whole number is a JSON integer: `true`, 3.0 or "3" are mistakes (pydantic
    would coerce them)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def _flag(value: Any) -> Any:
    """In a file a flag is `true` or `false`: pydantic would read 1 or "yes" as true."""
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


class SystemIn(SystemBase):
    """One entry of `systems`: a name and any other fields, nothing unknown."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("criticality", mode="before")
    @classmethod
    def _criticality(cls, value: Any) -> Any:
        return _whole_number(value)


def _reference(value: Any) -> str:
    """A name that refers to another entry, with messages about the field, not "Name"."""
    try:
        return clean_name(value)
    except ValueError as exc:
        raise ValueError(str(exc).removeprefix("Name ").rstrip(".")) from None


class DefinitionIn(DefinitionBase):
    """One department's definition inside a data object: both keys, the text not empty."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    text: str

    @field_validator("text")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("Text is required.")
        return value


class DataObjectIn(DataObjectBase):
    """One entry of `data_objects`; `source_of_truth` names a system, null or omitted for none."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    source_of_truth: str | None = None
    definitions: list[DefinitionIn] = PydanticField(default_factory=list)

    @field_validator("source_of_truth", mode="before")
    @classmethod
    def _system_name(cls, value: Any) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            raise ValueError("must be a system name or null")
        return _reference(value)


class FlowIn(FlowBase):
    """One entry of `flows`: its ends and data object by name, and any fields.

    Numbers and flags must have their JSON type: pydantic would read "400" as 400 or 1 as
    true, which in a file is a mistake rather than a value.
    """

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    source: str
    target: str
    data_object: str

    @field_validator("source", "target", "data_object", mode="before")
    @classmethod
    def _name(cls, value: Any) -> str:
        return _reference(value)

    @field_validator("volume_per_day", mode="before")
    @classmethod
    def _volume(cls, value: Any) -> Any:
        return _whole_number(value)

    @field_validator("manual_hours_per_week", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number")
        return value

    @field_validator("monitored", mode="before")
    @classmethod
    def _monitored(cls, value: Any) -> Any:
        return _flag(value)


class ScenarioIn(ScenarioBase):
    """One entry of `scenarios`: a title and any other fields, nothing unknown."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("retired", mode="before")
    @classmethod
    def _retired(cls, value: Any) -> Any:
        return _flag(value)


def _flow_reference(value: Any) -> str:
    """`SOURCE -> TARGET: OBJECT` as text; which flow it names is checked against the names."""
    if not isinstance(value, str):
        raise ValueError("must be text")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ValueError("is required")
    return text


def _timestamp(value: Any) -> str | None:
    """An ISO 8601 date and time with its offset, kept as UTC to the second."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a date and time as text, e.g. 2025-03-11T10:15:00+00:00")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            "must be an ISO 8601 date and time, e.g. 2025-03-11T10:15:00+00:00"
        ) from None
    if moment.tzinfo is None:
        raise ValueError("must include a time zone offset, e.g. 2025-03-11T10:15:00+00:00")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class CheckIn(CheckBase):
    """One entry of `checks`: a flow (`S -> T: O`) and a scenario title, and any fields.

    `updated_at` omitted means "now" for a check the import creates or changes.
    """

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    flow: str
    scenario: str
    updated_at: str | None = None

    @field_validator("flow", mode="before")
    @classmethod
    def _flow(cls, value: Any) -> str:
        return _flow_reference(value)

    @field_validator("scenario", mode="before")
    @classmethod
    def _scenario(cls, value: Any) -> str:
        return _reference(value)

    @field_validator("uat", mode="before")
    @classmethod
    def _uat(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError("UAT must be true or false.")
        return value

    @field_validator("updated_at", mode="before")
    @classmethod
    def _updated_at(cls, value: Any) -> str | None:
        return _timestamp(value)


@dataclass
class ImportSummary:
    """What an import did, per section key: how many entries were created, updated, unchanged."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    workshop_updated: bool = False

    def count(self, key: str, outcome: Literal["created", "updated", "unchanged"]) -> None:
        counts: dict[str, int] = getattr(self, outcome)
        counts[key] = counts.get(key, 0) + 1

    def sentence(self) -> str:
        """One line for the command line and the TUI's notification."""
        parts = []
        for section in SECTIONS:
            if section.plural is None:
                continue
            created = self.created.get(section.key, 0)
            updated = self.updated.get(section.key, 0)
            unchanged = self.unchanged.get(section.key, 0)
            total = created + updated + unchanged
            if not total:
                continue
            noun = section.singular if total == 1 else section.plural
            detail = ", ".join(
                f"{n} {label}"
                for n, label in ((created, "new"), (updated, "updated"), (unchanged, "unchanged"))
                if n
            )
            parts.append(f"{total} {noun} ({detail})")
        text = "Imported " + ", ".join(parts) if parts else "Imported no entries"
        if self.workshop_updated:
            text += "; workshop details updated"
        return text + "."


@dataclass(frozen=True)
class Section:
    """One top-level key of the file: its pydantic type, how it is exported, checked, written.

    `check` runs for every section before any `apply`, against the validated document and the
    open workshop, and raises `ImportValidationError`; `apply` writes without committing.
    """

    key: str
    annotation: Any
    default: Any
    export: Callable[[Session], Any]
    check: Callable[[Session, Any], None]
    apply: Callable[[Session, Any, ImportSummary], None]
    singular: str | None = None
    plural: str | None = None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --- workshop -------------------------------------------------------------------------------


def _export_workshop(session: Session) -> dict[str, Any]:
    workshop = read_workshop(session)
    return {key: _plain(getattr(workshop, key)) for key in WORKSHOP_KEYS}


def _check_nothing(session: Session, document: Any) -> None:
    """Sections whose values pydantic has already fully checked."""


def _apply_workshop(session: Session, document: Any, summary: ImportSummary) -> None:
    given: WorkshopIn | None = document.workshop
    if given is None or not given.model_fields_set:
        return
    row = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if row is None:
        row = Workshop.model_validate(read_workshop(session).model_dump())
        session.add(row)
    for key in sorted(given.model_fields_set):
        value = getattr(given, key)
        if getattr(row, key) != value:
            setattr(row, key, value)
            summary.workshop_updated = True


WORKSHOP_SECTION = Section(
    key="workshop",
    annotation=WorkshopIn | None,
    default=None,
    export=_export_workshop,
    check=_check_nothing,
    apply=_apply_workshop,
)


# --- systems --------------------------------------------------------------------------------


def _export_systems(session: Session) -> list[dict[str, Any]]:
    return [
        {key: _plain(getattr(row, key)) for key in SYSTEM_KEYS} for row in read_systems(session)
    ]


def _check_systems(session: Session, document: Any) -> None:
    """Names are unique case-insensitively, so two entries for one system are a mistake."""
    seen: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(document.systems):
        key = name_key(item.name)
        if key in seen:
            first_index, first_name = seen[key]
            message = f'"{item.name}" appears twice.'
            if first_name != item.name:
                message = (
                    f'"{item.name}" appears twice (names ignore case; see systems[{first_index}]).'
                )
            raise ImportValidationError(message, f"systems[{index}].name")
        seen[key] = (index, item.name)


def _take_fields(row: Any, item: Any, fields: Iterable[str]) -> bool:
    """Give `row` the fields of `fields` that `item` sets; True when any changed."""
    changed = False
    for key in sorted(item.model_fields_set & set(fields)):
        value = getattr(item, key)
        if _plain(getattr(row, key)) != _plain(value):
            setattr(row, key, value)
            changed = True
    return changed


def _apply_systems(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name: a known system takes the fields given, an unknown one is created."""
    existing = {row.name_key: row for row in session.exec(select(SystemRow)).all()}
    for item in document.systems:
        row = existing.get(name_key(item.name))
        if row is None:
            row = SystemRow.model_validate(item.model_dump())
            row.set_name_key()
            session.add(row)
            summary.count("systems", "created")
            continue
        changed = _merge_fields(row, item, item.model_fields_set)
        if changed:
            session.add(row)
        summary.count("systems", "updated" if changed else "unchanged")


SYSTEMS_SECTION = Section(
    key="systems",
    annotation=list[SystemIn],
    default=PydanticField(default_factory=list),
    export=_export_systems,
    check=_check_systems,
    apply=_apply_systems,
    singular="system",
    plural="systems",
)


# --- references between sections -----------------------------------------------------------


def _system_keys(session: Session, document: Any) -> set[str]:
    """Systems a later section may name: those in the workshop and those in the file."""
    known = set(session.exec(select(SystemRow.name_key)).all())
    return known | {name_key(item.name) for item in document.systems}


def _data_object_keys(session: Session, document: Any) -> set[str]:
    known = set(session.exec(select(DataObject.name_key)).all())
    return known | {name_key(item.name) for item in document.data_objects}


def _ids(session: Session, model: Any) -> dict[str, int]:
    """name_key -> id for every row of `model`, after flushing what earlier sections added."""
    session.flush()
    return {key: row_id for key, row_id in session.exec(select(model.name_key, model.id)).all()}


# --- data objects ---------------------------------------------------------------------------


def _export_data_objects(session: Session) -> list[dict[str, Any]]:
    result = []
    for obj in read_data_objects(session):
        values = {
            "name": obj.name,
            "owner": obj.owner,
            "source_of_truth": obj.source_of_truth,
            "sensitivity": _plain(obj.sensitivity),
            "definition": obj.definition,
            "definitions": [
                {"department": item.department, "text": item.text} for item in obj.definitions
            ],
        }
        result.append({key: values[key] for key in DATA_OBJECT_KEYS})
    return result


def _check_data_objects(session: Session, document: Any) -> None:
    """Names unique, departments unique per object, sources of truth known systems."""
    seen: dict[str, tuple[int, str]] = {}
    systems = _system_keys(session, document)
    for index, item in enumerate(document.data_objects):
        where = f"data_objects[{index}]"
        key = name_key(item.name)
        if key in seen:
            first_index, first_name = seen[key]
            message = f'"{item.name}" appears twice.'
            if first_name != item.name:
                message = (
                    f'"{item.name}" appears twice (names ignore case; '
                    f"see data_objects[{first_index}])."
                )
            raise ImportValidationError(message, f"{where}.name")
        seen[key] = (index, item.name)
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


def _apply_data_objects(session: Session, document: Any, summary: ImportSummary) -> None:
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
        if row is None:
            row = DataObject.model_validate({key: getattr(item, key) for key in DATA_OBJECT_FIELDS})
            row.source_of_truth_id = sot_id
            row.set_name_key()
            session.add(row)
            session.flush()
        else:
            changed = _merge_fields(row, item, DATA_OBJECT_FIELDS)
            if "source_of_truth" in given and row.source_of_truth_id != sot_id:
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
            elif (current.department, current.text) != (definition.department, definition.text):
                current.department, current.text = definition.department, definition.text
                session.add(current)
                changed = True
        summary.count("data_objects", _outcome(created, changed))


DATA_OBJECTS_SECTION = Section(
    key="data_objects",
    annotation=list[DataObjectIn],
    default=PydanticField(default_factory=list),
    export=_export_data_objects,
    check=_check_data_objects,
    apply=_apply_data_objects,
    singular="data object",
    plural="data objects",
)


# --- flows ----------------------------------------------------------------------------------


def _number(value: float) -> int | float:
    """Hours as people write them: 6, not 6.0 (and back to 6.0 on import: the same value)."""
    return int(value) if float(value).is_integer() else value


def _export_flows(session: Session) -> list[dict[str, Any]]:
    result = []
    for flow in read_flows(session):
        values: dict[str, Any] = {
            "source": flow.source,
            "target": flow.target,
            "data_object": flow.data_object,
        }
        values.update({key: _plain(getattr(flow.fields, key)) for key in FLOW_FIELDS})
        values["manual_hours_per_week"] = _number(values["manual_hours_per_week"])
        result.append({key: values[key] for key in FLOW_KEYS})
    return result


def _flow_key(item: Any) -> tuple[str, str, str]:
    return (name_key(item.source), name_key(item.target), name_key(item.data_object))


def _check_flows(session: Session, document: Any) -> None:
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
        key = _flow_key(item)
        if key in seen:
            ref = flow_ref(item.source, item.target, item.data_object)
            raise ImportValidationError(f'"{ref}" appears twice (see flows[{seen[key]}]).', where)
        seen[key] = index


def _apply_flows(session: Session, document: Any, summary: ImportSummary) -> None:
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
        source, target, data_object = _flow_key(item)
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
            summary.count("flows", "created")
            continue
        changed = _take_fields(row, item, FLOW_FIELDS)
        if changed:
            session.add(row)
        summary.count("flows", "updated" if changed else "unchanged")


FLOWS_SECTION = Section(
    key="flows",
    annotation=list[FlowIn],
    default=PydanticField(default_factory=list),
    export=_export_flows,
    check=_check_flows,
    apply=_apply_flows,
    singular="flow",
    plural="flows",
)


# --- scenarios ------------------------------------------------------------------------------


def _export_scenarios(session: Session) -> list[dict[str, Any]]:
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
        result.append({key: values[key] for key in SCENARIO_KEYS})
    return result


def _check_scenarios(session: Session, document: Any) -> None:
    """Titles are unique case-insensitively, so two entries for one scenario are a mistake."""
    seen: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(document.scenarios):
        key = name_key(item.title)
        if key in seen:
            first_index, first_title = seen[key]
            message = f'"{item.title}" appears twice.'
            if first_title != item.title:
                message = (
                    f'"{item.title}" appears twice (titles ignore case; '
                    f"see scenarios[{first_index}])."
                )
            raise ImportValidationError(message, f"scenarios[{index}].title")
        seen[key] = (index, item.title)


def _apply_scenarios(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by title: a known scenario takes the fields given, an unknown one is created.

    Files name scenarios by title only, so a new one is the workshop's own until the library
    is next ensured, which recognises library entries by their title.
    """
    if not document.scenarios:
        return
    existing = {row.title_key: row for row in session.exec(select(Scenario)).all()}
    for item in document.scenarios:
        row = existing.get(name_key(item.title))
        if row is None:
            row = Scenario.model_validate({key: getattr(item, key) for key in SCENARIO_FIELDS})
            row.set_title_key()
            existing[row.title_key] = row
            session.add(row)
            summary.count("scenarios", "created")
            continue
        changed = False
        for key in sorted(item.model_fields_set & set(SCENARIO_FIELDS)):
            value = getattr(item, key)
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        if changed:
            row.set_title_key()
            session.add(row)
        summary.count("scenarios", "updated" if changed else "unchanged")


SCENARIOS_SECTION = Section(
    key="scenarios",
    annotation=list[ScenarioIn],
    default=PydanticField(default_factory=list),
    export=_export_scenarios,
    check=_check_scenarios,
    apply=_apply_scenarios,
    singular="scenario",
    plural="scenarios",
)


# --- checks ---------------------------------------------------------------------------------


def _export_checks(session: Session) -> list[dict[str, Any]]:
    result = []
    for check in read_checks(session):
        values = {
            "flow": check.flow,
            "scenario": check.scenario,
            "status": _plain(check.status),
            "note": check.note,
            "owner": check.owner,
            "uat": check.uat,
            "updated_at": check.updated_at,
        }
        result.append({key: values[key] for key in CHECK_KEYS})
    return result


FlowKey = tuple[str, str, str]


def _flow_ids(session: Session) -> dict[FlowKey, int]:
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


def _resolve_flow(ref: str, known: set[FlowKey]) -> list[FlowKey]:
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
    return set(_flow_ids(session)) | {_flow_key(item) for item in document.flows}


def _check_checks(session: Session, document: Any) -> None:
    """Each check names a known flow and scenario, and no (flow, scenario) pair appears twice."""
    if not document.checks:
        return
    flows = _known_flows(session, document)
    titles = set(session.exec(select(Scenario.title_key)).all()) | {
        name_key(item.title) for item in document.scenarios
    }
    seen: dict[tuple[FlowKey, str], int] = {}
    for index, item in enumerate(document.checks):
        where = f"checks[{index}]"
        found = _resolve_flow(item.flow, flows)
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
        pair = (flow, name_key(item.scenario))
        if pair in seen:
            raise ImportValidationError(
                f'"{item.scenario}" on "{item.flow}" appears twice (see checks[{seen[pair]}]).',
                where,
            )
        seen[pair] = index


def _apply_checks(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by (flow, scenario): a known check takes the fields given.

    A check the import creates or changes without an `updated_at` of its own is stamped now.
    """
    if not document.checks:
        return
    session.flush()
    flow_ids = _flow_ids(session)
    table: Table = Scenario.__table__  # type: ignore[attr-defined]
    scenario_ids: dict[str, int] = {
        key: row_id
        for key, row_id in session.connection().execute(sa.select(table.c.title_key, table.c.id))
    }
    existing = {(row.flow_id, row.scenario_id): row for row in session.exec(select(Check)).all()}
    known = set(flow_ids)
    now = utc_now()
    for item in document.checks:
        (flow_key,) = _resolve_flow(item.flow, known)  # checked before anything was written
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
            summary.count("checks", "created")
            continue
        changed = _take_fields(row, item, CHECK_FIELDS)
        if item.updated_at is not None and row.updated_at != item.updated_at:
            row.updated_at = item.updated_at
            changed = True
        elif changed and item.updated_at is None:
            row.updated_at = now
        if changed:
            session.add(row)
        summary.count("checks", "updated" if changed else "unchanged")


CHECKS_SECTION = Section(
    key="checks",
    annotation=list[CheckIn],
    default=PydanticField(default_factory=list),
    export=_export_checks,
    check=_check_checks,
    apply=_apply_checks,
    singular="check",
    plural="checks",
)


# --- criteria -------------------------------------------------------------------------------


def _score_value(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number from {SCORE_MIN} to {SCORE_MAX}")
    return value


FileScore = Annotated[int, BeforeValidator(_score_value), PydanticField(ge=SCORE_MIN, le=SCORE_MAX)]


class CriterionIn(CriterionBase):
    """One entry of `criteria`: a name and any other fields, nothing unknown."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        return _whole_number(value)


def _export_criteria(session: Session) -> list[dict[str, Any]]:
    """In the room's order (the order matters to people, so the file keeps it)."""
    return [
        {
            "name": row.name,
            "weight": row.weight,
            "kind": _plain(row.kind),
            "wsjf_part": _plain(row.wsjf_part),
            "description": row.description,
        }
        for row in list_criteria(session)
    ]


def _check_unique_names(items: Sequence[Any], section: str) -> None:
    """Names are unique case-insensitively, so two entries for one thing are a mistake."""
    seen: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(items):
        key = name_key(item.name)
        if key in seen:
            first_index, first_name = seen[key]
            message = f'"{item.name}" appears twice.'
            if first_name != item.name:
                message = (
                    f'"{item.name}" appears twice (names ignore case; '
                    f"see {section}[{first_index}])."
                )
            raise ImportValidationError(message, f"{section}[{index}].name")
        seen[key] = (index, item.name)


def _check_criteria(session: Session, document: Any) -> None:
    _check_unique_names(document.criteria, "criteria")


def _apply_criteria(session: Session, document: Any, summary: ImportSummary) -> None:
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
            summary.count("criteria", "created")
            continue
        changed = _merge_fields(row, item, CRITERION_FIELDS)
        summary.count("criteria", "updated" if changed else "unchanged")
    workshop = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if workshop is not None and not workshop.criteria_seeded:
        workshop.criteria_seeded = True
        session.add(workshop)


def _merge_fields(row: Any, item: Any, fields: Iterable[str]) -> bool:
    """Give `row` the fields `item` sets; True when any changed (the name key follows)."""
    changed = _take_fields(row, item, fields)
    if changed:
        row.set_name_key()
    return changed


def _merge_named(
    session: Session, existing: dict[str, Any], item: Any, model: Any, fields: Sequence[str]
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
    changed = _merge_fields(row, item, fields)
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


def _outcome(created: bool, changed: bool) -> Literal["created", "updated", "unchanged"]:
    return "created" if created else "updated" if changed else "unchanged"


CRITERIA_SECTION = Section(
    key="criteria",
    annotation=list[CriterionIn],
    default=PydanticField(default_factory=list),
    export=_export_criteria,
    check=_check_criteria,
    apply=_apply_criteria,
    singular="criterion",
    plural="criteria",
)


# --- candidates -----------------------------------------------------------------------------


class CandidateIn(CandidateBase):
    """One entry of `candidates`: its flows by reference, scores and rationales by criterion
    name. Flows, scores and rationales merge: an import adds and changes, never removes."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    flows: list[str] = PydanticField(default_factory=list)
    scores: dict[str, FileScore] = PydanticField(default_factory=dict)
    rationales: dict[str, str] = PydanticField(default_factory=dict)

    @field_validator("phase", mode="before")
    @classmethod
    def _phase(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number from 1, or null")
        return value

    @field_validator("flows", mode="before")
    @classmethod
    def _flows(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value  # pydantic says "Must be a list."
        return [_flow_reference(item) if isinstance(item, str) else item for item in value]

    @field_validator("rationales")
    @classmethod
    def _rationales(cls, value: dict[str, str]) -> dict[str, str]:
        for key, text in value.items():
            if len(text) > TEXT_MAX:
                raise ValueError(
                    f'the rationale on "{key}" is too long (at most {TEXT_MAX:,} characters)'
                )
        return {key: text.strip() for key, text in value.items() if text.strip()}


def _export_candidates(session: Session) -> list[dict[str, Any]]:
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


def _criterion_keys(session: Session, document: Any) -> set[str]:
    known = set(session.exec(select(Criterion.name_key)).all())
    return known | {name_key(item.name) for item in document.criteria}


def _check_candidates(session: Session, document: Any) -> None:
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
            found = _resolve_flow(ref, flows)
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


def _apply_candidates(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name: fields given are taken; flows, scores and rationales are added to."""
    if not document.candidates:
        return
    session.flush()
    flow_ids = _flow_ids(session)
    known = set(flow_ids)
    criteria = _ids(session, Criterion)
    existing = {row.name_key: row for row in session.exec(select(Candidate)).all()}
    links = {(row.candidate_id, row.flow_id) for row in session.exec(select(CandidateFlow)).all()}
    scores = {
        (row.candidate_id, row.criterion_id): row for row in session.exec(select(Score)).all()
    }
    for item in document.candidates:
        row, created, changed = _merge_named(session, existing, item, Candidate, CANDIDATE_FIELDS)
        assert row.id is not None
        for ref in item.flows:
            (flow_key,) = _resolve_flow(ref, known)  # checked before anything was written
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
        summary.count("candidates", _outcome(created, changed))


CANDIDATES_SECTION = Section(
    key="candidates",
    annotation=list[CandidateIn],
    default=PydanticField(default_factory=list),
    export=_export_candidates,
    check=_check_candidates,
    apply=_apply_candidates,
    singular="candidate",
    plural="candidates",
)


# --- KPIs -----------------------------------------------------------------------------------


class KpiIn(KpiBase):
    """One entry of `kpis`: candidates and data objects by name (links are added to, never
    removed, by an import); baseline and target are JSON numbers or null."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    candidates: list[str] = PydanticField(default_factory=list)
    data_objects: list[str] = PydanticField(default_factory=list)

    @field_validator("baseline", "target", mode="before")
    @classmethod
    def _file_number(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("must be a number or null")
        return value

    @field_validator("candidates", "data_objects", mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [_reference(item) for item in value]


def _export_kpis(session: Session) -> list[dict[str, Any]]:
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


def _check_kpis(session: Session, document: Any) -> None:
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


def _apply_kpis(session: Session, document: Any, summary: ImportSummary) -> None:
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
        row, created, changed = _merge_named(session, existing, item, Kpi, KPI_FIELDS)
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
        summary.count("kpis", _outcome(created, changed))


KPIS_SECTION = Section(
    key="kpis",
    annotation=list[KpiIn],
    default=PydanticField(default_factory=list),
    export=_export_kpis,
    check=_check_kpis,
    apply=_apply_kpis,
    singular="KPI",
    plural="KPIs",
)


# Written in this order (later sections refer to earlier ones by name); exported in this order.
SECTIONS: tuple[Section, ...] = (
    WORKSHOP_SECTION,
    SYSTEMS_SECTION,
    DATA_OBJECTS_SECTION,
    FLOWS_SECTION,
    SCENARIOS_SECTION,
    CHECKS_SECTION,
    CRITERIA_SECTION,
    CANDIDATES_SECTION,
    KPIS_SECTION,
)


def _document_model(sections: Sequence[Section]) -> type[BaseModel]:
    fields: dict[str, Any] = {"format": (Literal["seamwork/1"], ...)}
    fields.update({section.key: (section.annotation, section.default) for section in sections})
    return create_model("Document", __config__=ConfigDict(extra="forbid"), **fields)


Document = _document_model(SECTIONS)


# --- export ---------------------------------------------------------------------------------


def export_document(session: Session) -> dict[str, Any]:
    """The workshop as plain JSON-ready data, keys and entries in their exported order."""
    return {"format": FORMAT, **{section.key: section.export(session) for section in SECTIONS}}


def export_json(session: Session) -> str:
    """The workshop as a `seamwork/1` file: the same workshop always gives the same bytes."""
    return json.dumps(export_document(session), indent=2, ensure_ascii=False) + "\n"


# --- import ---------------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers keys it saw twice (plain `json` keeps the last silently)."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    result.duplicates = []
    for key, value in pairs:
        if key in result:
            result.duplicates.append(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ImportValidationError(f"The file is not valid JSON: {name} is not a JSON number.")


def _is_text(value: str) -> bool:
    """JSON may escape half a surrogate pair (`"\\ud800"`); that is not text SQLite can store."""
    return not any("\ud800" <= char <= "\udfff" for char in value)


def _find_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """What pydantic cannot see, searched in file order: a repeated key, broken text.

    Returns the path and a sentence for the first one found.
    """
    if isinstance(value, str) and not _is_text(value):
        return path, "Contains an unpaired surrogate escape, which is not valid text."
    if isinstance(value, _Object):
        if value.duplicates:
            return path, f'The key "{value.duplicates[0]}" appears twice in one object.'
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if not _is_text(key):
                return where, "This key contains an unpaired surrogate escape."
            found = _find_problem(item, where)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_problem(item, f"{path}[{index}]")
            if found:
                return found
    return None


def _path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _sentence(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "This version of Seamwork does not know this key."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "Must be a JSON object."
    if kind == "list_type":
        return "Must be a list."
    return message_for(error)


def _first_error(exc: ValidationError) -> ImportValidationError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    message = _sentence(first)
    if len(errors) > 1:
        more = len(errors) - 1
        message = (
            f"{message.rstrip('.')} ({more} more problem{'s' if more > 1 else ''} in the file)."
        )
    return ImportValidationError(message, _path(first.get("loc", ())) or None)


def parse_document(text: str) -> BaseModel:
    """Validate a whole `seamwork/1` document without touching any workshop.

    Raises `ImportValidationError` for the first problem: not JSON (with line and column), not
    a Seamwork file, a wrong format, an unknown key, or a bad value (with its path).
    """
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = (exc.msg[:1].lower() + exc.msg[1:]).removesuffix(" at")  # "… at at line"
        raise ImportValidationError(
            f"The file is not valid JSON: {reason} at line {exc.lineno}, column {exc.colno}."
        ) from None
    if not isinstance(data, dict):
        raise ImportValidationError(
            f'The file is not a Seamwork file: it must be a JSON object with "format": "{FORMAT}".'
        )
    if "format" not in data:
        raise ImportValidationError(
            f'The file is not a Seamwork file: it has no "format" (expected "{FORMAT}").'
        )
    if data["format"] != FORMAT:
        shown = json.dumps(data["format"], ensure_ascii=False)
        raise ImportValidationError(
            f'{shown} is not a format this version of Seamwork reads (expected "{FORMAT}").',
            "format",
        )
    problem = _find_problem(data)
    if problem is not None:
        where, message = problem
        raise ImportValidationError(message, where or None)
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None


def import_document(session: Session, document: BaseModel) -> ImportSummary:
    """Merge a parsed document into the workshop in one transaction: all of it or nothing.

    Raises `ImportValidationError` for problems that need the workshop to see (duplicates,
    later unknown references), and `storage.audit.ReadOnlyError` on a read-only workshop.
    """
    summary = ImportSummary()
    try:
        for section in SECTIONS:
            section.check(session, document)
        for section in SECTIONS:
            section.apply(session, document, summary)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return summary


def import_json(session: Session, text: str) -> ImportSummary:
    """Validate `text` as a whole, then merge it by name; any error writes nothing."""
    return import_document(session, parse_document(text))


__all__ = [
    "CANDIDATE_KEYS",
    "CHECK_KEYS",
    "CRITERION_KEYS",
    "DATA_OBJECT_KEYS",
    "DEFINITION_KEYS",
    "FLOW_KEYS",
    "FORMAT",
    "KPI_KEYS",
    "SCENARIO_KEYS",
    "SECTIONS",
    "SYSTEM_KEYS",
    "WORKSHOP_KEYS",
    "CandidateIn",
    "CheckIn",
    "CriterionIn",
    "DataObjectIn",
    "DefinitionIn",
    "Document",
    "FlowIn",
    "ImportSummary",
    "ImportValidationError",
    "KpiIn",
    "ScenarioIn",
    "Section",
    "SystemIn",
    "WorkshopIn",
    "export_document",
    "export_json",
    "import_document",
    "import_json",
    "parse_document",
]
