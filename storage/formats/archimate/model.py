"""One ArchiMate model, however it was stored, and the rules that map it to `seamwork/1`.

The three readers (`read`) fill a `Model` with what the file holds, spelled as ArchiMate spells
it (element types such as "ApplicationComponent", relationship types such as "Flow"); this module
alone decides what becomes what, so an Archi model, its exchange file and its CSV export import
to the same workshop:

- an application component is a system; its documentation goes to notes; a property whose key
  names a system field (as a spreadsheet's header would: `models.sheet_columns`, synonyms
  included) sets that field when its value is valid for it (as a cell's would), and any other
  property is kept in notes as "key: value";
- a data object is a data object; documentation is its definition, other properties are added
  to the definition as "key: value" lines (a data object has no notes);
- a flow, serving or triggering relationship between two application components is a flow.
  Its data object is the one the relationship is named after, or the data objects associated
  to the relationship, or else the one data object the source writes and the target reads
  (access relationships), or else "Unspecified", created so that the room sees the gap (the
  check reports it: no source of truth).
- "A serves B" becomes a flow from A to B: the serving component provides what B uses, so the
  data it answers with moves from A to B (a request's data moving the other way is a second
  flow the model does not show). The mapping line says so, so the room can turn one round.

Everything else is counted in `skipped` by kind. Entries with the same name (ignoring case) are
merged, as a JSON import merges by name, and the mapping says which. Nothing is invented: a
field the model does not give is left out of the document, so a merge keeps what the workshop
already knew.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models.names import clean_name, name_key
from models.sheet_columns import DATA_OBJECTS, FLOWS, SYSTEMS, NoMatch, match_header, match_value
from storage.errors import ImportValidationError

COMPONENT = "ApplicationComponent"
DATA_OBJECT = "DataObject"
FLOW_TYPES = ("Flow", "Serving", "Triggering")
ACCESS_TYPES = ("write", "read", "readwrite", "access")  # Archi's accessType 0, 1, 3, 2
UNSPECIFIED = "Unspecified"
UNSPECIFIED_DEFINITION = (
    "Created by the ArchiMate import: the model names no data object for the flows that carry "
    "it. Replace it with what they really carry."
)


@dataclass
class Element:
    """An element as the file has it; `where` names it in messages ('elements.csv row 4')."""

    id: str
    type: str
    name: str
    documentation: str = ""
    properties: list[tuple[str, str]] = field(default_factory=list)
    where: str | None = None


@dataclass
class Relationship:
    """A relationship as the file has it; `access` is one of `ACCESS_TYPES` for Access only."""

    id: str
    type: str
    source: str
    target: str
    name: str = ""
    documentation: str = ""
    access: str | None = None
    properties: list[tuple[str, str]] = field(default_factory=list)
    where: str | None = None


@dataclass
class Model:
    """What a reader found. `container` ends "not in ..." messages ("the model", "elements.csv")."""

    elements: dict[str, Element] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    views: int = 0
    container: str = "the model"


@dataclass
class Mapped:
    document: dict[str, Any]
    mapping: list[tuple[str, str]]
    skipped: dict[str, int]
    preview: list[list[str]] = field(default_factory=list)


PREVIEW_ROWS = 20
BECOMES = {COMPONENT: "system", "DataObject": "data object"}


def preview(model: Model) -> list[list[str]]:
    """The first elements as the file has them, and what each becomes, for the app's preview."""
    rows = [["Type", "Name", "Becomes"]]
    for element in list(model.elements.values())[:PREVIEW_ROWS]:
        rows.append([element.type, element.name, BECOMES.get(element.type, "skipped")])
    return rows


# --- what ArchiMate's other elements are, for the skipped counts ----------------------------

LAYERS: dict[str, frozenset[str]] = {
    "business elements": frozenset(
        "BusinessActor BusinessRole BusinessCollaboration BusinessInterface BusinessProcess "
        "BusinessFunction BusinessInteraction BusinessEvent BusinessService BusinessObject "
        "Contract Representation Product".split()
    ),
    "other application elements": frozenset(
        "ApplicationCollaboration ApplicationInterface ApplicationFunction "
        "ApplicationInteraction ApplicationProcess ApplicationEvent ApplicationService".split()
    ),
    "technology elements": frozenset(
        "Node Device SystemSoftware TechnologyCollaboration TechnologyInterface Path "
        "CommunicationNetwork TechnologyFunction TechnologyProcess TechnologyInteraction "
        "TechnologyEvent TechnologyService Artifact".split()
    ),
    "physical elements": frozenset("Equipment Facility DistributionNetwork Material".split()),
    "motivation elements": frozenset(
        "Stakeholder Driver Assessment Goal Outcome Principle Requirement Constraint Meaning "
        "Value".split()
    ),
    "strategy elements": frozenset("Resource Capability ValueStream CourseOfAction".split()),
    "implementation and migration elements": frozenset(
        "WorkPackage Deliverable ImplementationEvent Plateau Gap".split()
    ),
}


def _layer(element_type: str) -> str:
    for noun, types in LAYERS.items():
        if element_type in types:
            return noun
    return "other elements"  # locations, groupings, junctions


# --- property keys and values -----------------------------------------------------------------

# The property each Seamwork field is written as by `write` (and read back by the tables below).
SYSTEM_LABELS: dict[str, str] = {
    "category": "Category",
    "vendor": "Vendor",
    "owner": "Owner",
    "lifecycle": "Lifecycle",
    "hosting": "Hosting",
    "api": "API",
    "criticality": "Criticality",
}
DATA_OBJECT_LABELS: dict[str, str] = {
    "owner": "Owner",
    "sensitivity": "Sensitivity",
    "source_of_truth": "Source of truth",
}
FLOW_LABELS: dict[str, str] = {
    "frequency": "Frequency",
    "mechanism": "Mechanism",
    "direction": "Direction",
    "state": "State",
    "approach": "Approach",
    "owner": "Owner",
    "error_handling": "Error handling",
    "security": "Security",
    "monitored": "Monitored",
    "volume_per_day": "Volume per day",
    "manual_hours_per_week": "Manual hours per week",
}
DEFINITION_KEY = re.compile(r"^\s*definition\s*\((.+)\)\s*$", re.IGNORECASE)


# The fields a property may set, by kind: what `write` writes (the names a sheet's header
# could also give, such as "name" or a flow's "source", are the model's own, not properties).
PROPERTY_FIELDS: dict[str, frozenset[str]] = {
    SYSTEMS: frozenset(SYSTEM_LABELS),
    DATA_OBJECTS: frozenset(DATA_OBJECT_LABELS),
    FLOWS: frozenset(FLOW_LABELS),
}


def property_value(kind: str, key: str, text: str) -> tuple[str | None, Any]:
    """The field of `kind` a property keyed `key` sets, and the value `text` gives it: the
    same names, synonyms and values as a spreadsheet's headers and cells
    (`models.sheet_columns`), so a model and an inventory read alike. (None, None) for a key
    that names no field; (field, None) for a value that is none of the field's."""
    name = match_header(kind, key)
    if name not in PROPERTY_FIELDS[kind]:
        return None, None
    try:
        return name, match_value(name, text)
    except NoMatch:
        return name, None


# --- building the document --------------------------------------------------------------------


@dataclass
class _Entry:
    """One system, data object or flow as it is being built from one or more model entries."""

    values: dict[str, Any]
    texts: list[str] = field(default_factory=list)  # documentation, one per merged entry
    lines: list[str] = field(default_factory=list)  # "key: value" kept as text
    merged: int = 1

    def text(self) -> str:
        parts = [part for part in self.texts if part]
        if self.lines:
            parts.append("\n".join(self.lines))
        return "\n\n".join(parts)


class _Mapping:
    """The mapping lines, each once, in the order first met."""

    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], None] = {}

    def add(self, source: str, target: str) -> None:
        self.pairs.setdefault((source, target), None)


def _name(element: Element) -> str:
    try:
        return clean_name(element.name)
    except ValueError as exc:
        raise _problem(element.where, f'the element "{element.id}": {exc}') from None


def _problem(where: str | None, message: str) -> ImportValidationError:
    """One sentence, after the file's row when there is one ('relations.csv row 7: ...')."""
    if where:
        return ImportValidationError(message, where)
    return ImportValidationError(message[:1].upper() + message[1:])


def _take_properties(
    entry: _Entry,
    properties: list[tuple[str, str]],
    kind: str,
    mapping: _Mapping,
    *,
    rest: str,
    check: Callable[[str, Any], bool] | None = None,
) -> None:
    """Set the fields `properties` name, when valid; keep the rest as "key: value" lines."""
    for key, raw in properties:
        value = raw.strip()
        if not value:
            continue
        name, parsed = property_value(kind, key, value)
        if name and parsed is not None and (check is None or check(name, parsed)):
            if name not in entry.values:
                entry.values[name] = parsed
                mapping.add(f"property {key.strip()}", name.replace("_", " "))
                continue
            if entry.values[name] == parsed:
                continue
        entry.lines.append(f"{key.strip()}: {value}")
        mapping.add(f"property {key.strip()}", rest)


def to_document(model: Model) -> Mapped:
    """Map `model` to a `seamwork/1` document by the rules above.

    Raises `ImportValidationError` for a relationship whose end is not in the model, or an
    element whose name cannot be a name (one sentence naming the element or row).
    """
    mapping = _Mapping()
    skipped: dict[str, int] = {}

    def skip(noun: str, count: int = 1) -> None:
        skipped[noun] = skipped.get(noun, 0) + count

    elements = model.elements
    relationship_ids = {relationship.id for relationship in model.relationships}
    for relationship in model.relationships:
        for end, ref in (("source", relationship.source), ("target", relationship.target)):
            if ref not in elements and ref not in relationship_ids:
                raise _problem(
                    relationship.where,
                    f'the relationship "{relationship.id}" names a {end} "{ref}" that is not '
                    f"in {model.container}.",
                )

    # Systems and data objects, merged by name; `key_of` maps an element id to its entry's key.
    systems: dict[str, _Entry] = {}
    objects: dict[str, _Entry] = {}
    key_of: dict[str, str] = {}
    object_elements: list[tuple[Element, str]] = []
    for element in elements.values():
        if element.type not in (COMPONENT, DATA_OBJECT):
            skip(_layer(element.type))
            continue
        if not element.name.strip():
            skip("unnamed elements")
            continue
        name = _name(element)
        key = name_key(name)
        key_of[element.id] = key
        component = element.type == COMPONENT
        entries = systems if component else objects
        mapping.add(element.type, "systems" if component else "data objects")
        entry = entries.get(key)
        if entry is None:
            entry = entries[key] = _Entry({"name": name})
        else:
            entry.merged += 1
        entry.texts.append(element.documentation.strip())
        if element.documentation.strip():
            mapping.add("documentation", "notes (systems), definition (data objects)")
        if component:
            _take_properties(entry, element.properties, SYSTEMS, mapping, rest="notes")
        else:
            object_elements.append((element, key))
    # Data objects' properties after every system is known: a source of truth names one.
    system_keys = set(systems)
    for element, key in object_elements:
        _object_properties(objects[key], element, mapping, system_keys, systems)

    # Which data objects each component writes and reads, and which are associated to a
    # relationship (an association drawn from a flow to a data object).
    writes: dict[str, set[str]] = {}
    reads: dict[str, set[str]] = {}
    associated: dict[str, list[str]] = {}
    for relationship in model.relationships:
        source = elements.get(relationship.source)
        target = elements.get(relationship.target)
        if relationship.type == "Access":
            if (
                source is not None
                and target is not None
                and source.type == COMPONENT
                and target.type == DATA_OBJECT
                and source.id in key_of
                and target.id in key_of
            ):
                system, data = key_of[source.id], key_of[target.id]
                if relationship.access in ("write", "readwrite"):
                    writes.setdefault(system, set()).add(data)
                if relationship.access in ("read", "readwrite"):
                    reads.setdefault(system, set()).add(data)
                continue
        elif relationship.type == "Association":
            ends = (relationship.source, relationship.target)
            for flow_end, data_end in (ends, ends[::-1]):
                other = elements.get(data_end)
                if flow_end in relationship_ids and other is not None and other.id in key_of:
                    if other.type == DATA_OBJECT:
                        associated.setdefault(flow_end, []).append(key_of[other.id])
                        break
            else:
                skip("other relationships")
            continue
        elif relationship.type in FLOW_TYPES:
            continue
        skip("other relationships")

    flows: dict[tuple[str, str, str], _Entry] = {}
    unspecified = 0
    for relationship in model.relationships:
        if relationship.type not in FLOW_TYPES:
            continue
        source = elements.get(relationship.source)
        target = elements.get(relationship.target)
        if (
            source is None
            or target is None
            or source.type != COMPONENT
            or target.type != COMPONENT
            or source.id not in key_of
            or target.id not in key_of
        ):
            skip("flow, serving or triggering relationships not between two application components")
            continue
        ends = (key_of[source.id], key_of[target.id])
        if ends[0] == ends[1]:
            skip("relationships from a system to itself")
            continue
        mapping.add(relationship.type, _FLOW_MAPPING[relationship.type])
        remarks: list[str] = []
        carried = _carried(relationship, objects, associated, writes, reads, ends, systems, mapping,
                           remarks)  # fmt: skip
        if not carried:
            unspecified += 1
            carried = [name_key(UNSPECIFIED)]
            if carried[0] not in objects:
                objects[carried[0]] = _Entry(
                    {"name": UNSPECIFIED}, texts=[UNSPECIFIED_DEFINITION], merged=0
                )
        for data in dict.fromkeys(carried):
            flow_key = (*ends, data)
            entry = flows.get(flow_key)
            if entry is None:
                entry = flows[flow_key] = _Entry(
                    {
                        "source": systems[ends[0]].values["name"],
                        "target": systems[ends[1]].values["name"],
                        "data_object": objects[data].values["name"],
                    }
                )
            else:
                entry.merged += 1
            entry.texts.append(relationship.documentation.strip())
            entry.lines.extend(remarks)
            if relationship.documentation.strip():
                mapping.add("relationship documentation", "flow notes")
            _take_properties(entry, relationship.properties, FLOWS, mapping, rest="notes")
    if unspecified:
        mapping.add(
            f"{unspecified} relationships naming no data object",
            f'flows of "{UNSPECIFIED}", a data object created for them (check them)',
        )
    if model.views:
        skip("views", model.views)

    for what, entries in (("application components", systems), ("data objects", objects)):
        for entry in entries.values():
            if entry.merged > 1:
                mapping.add(f'{entry.merged} {what} named "{entry.values["name"]}"',
                            "one entry (merged by name, as JSON imports merge)")  # fmt: skip
    for entry in flows.values():
        if entry.merged > 1:
            values = entry.values
            mapping.add(
                f'{entry.merged} relationships from "{values["source"]}" to "{values["target"]}"'
                f' carrying "{values["data_object"]}"',
                "one flow (merged)",
            )

    document: dict[str, Any] = {
        "format": "seamwork/1",
        "systems": [_finish(entry, "notes") for entry in systems.values()],
        "data_objects": [_finish(entry, "definition") for entry in objects.values()],
        "flows": [_finish(entry, "notes") for entry in flows.values()],
    }
    return Mapped(document, [*mapping.pairs], skipped, preview(model))


_FLOW_MAPPING = {
    "Flow": "flows",
    "Triggering": "flows, from the triggering component to the triggered one",
    "Serving": "flows, from the serving component to the served one",
}


def _object_properties(
    entry: _Entry,
    element: Element,
    mapping: _Mapping,
    system_keys: set[str],
    systems: dict[str, _Entry],
) -> None:
    """A data object's properties: its fields, per-department definitions ("Definition
    (Sales)"), and the rest as lines of its definition."""
    plain: list[tuple[str, str]] = []
    for key, raw in element.properties:
        found = DEFINITION_KEY.match(key)
        text = raw.strip()
        if found and text:
            try:
                department = clean_name(found.group(1))
            except ValueError:
                plain.append((key, raw))
                continue
            definitions = entry.values.setdefault("definitions", [])
            if all(name_key(item["department"]) != name_key(department) for item in definitions):
                definitions.append({"department": department, "text": text})
                mapping.add(f"property {key.strip()}", f"the definition of {department}")
                continue
        plain.append((key, raw))

    def known_system(name: str, value: Any) -> bool:
        return name != "source_of_truth" or name_key(value) in system_keys

    before = entry.values.get("source_of_truth")
    _take_properties(entry, plain, DATA_OBJECTS, mapping, rest="definition",
                     check=known_system)  # fmt: skip
    truth = entry.values.get("source_of_truth")
    if truth is not None and truth is not before:  # spelled as the system is
        entry.values["source_of_truth"] = systems[name_key(truth)].values["name"]


def _carried(
    relationship: Relationship,
    objects: dict[str, _Entry],
    associated: dict[str, list[str]],
    writes: dict[str, set[str]],
    reads: dict[str, set[str]],
    ends: tuple[str, str],
    systems: dict[str, _Entry],
    mapping: _Mapping,
    remarks: list[str],
) -> list[str]:
    """The keys of the data objects a flow relationship carries (empty: none named)."""
    name = relationship.name.strip()
    if name and name_key(name) in objects:
        mapping.add(f"{relationship.type} relationship's name", "the flow's data object")
        return [name_key(name)]
    if name:  # not lost: it says something about the flow
        remarks.append(f"Named in the model: {name}")
    if relationship.id in associated:
        mapping.add("data object associated to a relationship", "the flow's data object")
        return associated[relationship.id]
    both = sorted(writes.get(ends[0], set()) & reads.get(ends[1], set()))
    if len(both) == 1:
        mapping.add("Access", "the flow's data object (what the source writes, the target reads)")
        return both
    if both:
        names = ", ".join(objects[key].values["name"] for key in both)
        remarks.append(
            f"{systems[ends[0]].values['name']} writes and {systems[ends[1]].values['name']} "
            f"reads more than one data object ({names}); the model does not say which this is."
        )
    return []


def _finish(entry: _Entry, text_field: str) -> dict[str, Any]:
    """An entry's values with its text; empty text left out (unknown, not blank)."""
    values = dict(entry.values)
    text = entry.text()
    if text:
        values[text_field] = text
    return values
