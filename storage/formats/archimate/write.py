"""The workshop as ArchiMate: an Open Group exchange file, or Archi's CSV trio.

Systems are application components, data objects are data objects, and each flow is a Flow
relationship from its source to its target named after its data object, plus an access
relationship from the source (write) and from the target (read) to that data object, once per
pair: the model says what the flow carries both ways ArchiMate people draw it. What ArchiMate
has no place for (a system's owner and lifecycle, a flow's frequency, mechanism, state...)
travels as properties named as `model.SYSTEM_LABELS` and its siblings say, which the importer
reads back: export then import gives the same systems, data objects and flows.

Identifiers are derived from names (`id-` and a hash), so exporting the same workshop twice
gives the same file, and Archi's CSV import, which matches by ID, updates the elements a
previous import made instead of adding copies.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from models.names import name_key
from storage.formats.archimate.model import (
    DATA_OBJECT_LABELS,
    FLOW_LABELS,
    SYSTEM_LABELS,
)
from storage.formats.seamwork_json.write import (
    export_data_objects,
    export_flows,
    export_systems,
    export_workshop,
)

EXCHANGE_NAMESPACE = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    "http://www.opengroup.org/xsd/archimate/3.0/ "
    "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd"
)
# What XML 1.0 cannot carry (a file an older version wrote may hold some): left out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The exchange format's property types for the fields that are not text.
_TYPES = {"criticality": "number", "volume_per_day": "number",
          "manual_hours_per_week": "number", "monitored": "boolean"}  # fmt: skip


def identifier(*parts: str) -> str:
    """A stable xs:ID for what `parts` name: "id-" and 32 hex digits of their hash."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return "id-" + digest.hexdigest()[:32]


def _value(value: Any) -> str | None:
    """A field as a property's value; None when unknown or empty (no property at all)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Concept:
    """An element or relationship as both writers need it."""

    def __init__(
        self,
        ident: str,
        kind: str,
        name: str,
        documentation: str = "",
        properties: Iterable[tuple[str, str, str]] = (),
        source: str = "",
        target: str = "",
        access: str = "",
    ) -> None:
        self.id, self.kind, self.name, self.documentation = ident, kind, name, documentation
        self.properties = list(properties)  # (label, type, value)
        self.source, self.target, self.access = source, target, access


def _properties(row: dict[str, Any], labels: dict[str, str]) -> list[tuple[str, str, str]]:
    found = []
    for field, label in labels.items():
        value = _value(row.get(field))
        if value is not None:
            found.append((label, _TYPES.get(field, "string"), value))
    return found


def concepts(session: Session) -> tuple[str, list[_Concept], list[_Concept]]:
    """The workshop's name, its elements and its relationships, in a stable order."""
    systems = export_systems(session)
    objects = export_data_objects(session)
    flows = export_flows(session)
    system_ids = {name_key(row["name"]): identifier("system", name_key(row["name"]))
                  for row in systems}  # fmt: skip
    object_ids = {name_key(row["name"]): identifier("data object", name_key(row["name"]))
                  for row in objects}  # fmt: skip
    elements = [
        _Concept(system_ids[name_key(row["name"])], "ApplicationComponent", row["name"],
                 row["notes"] or "", _properties(row, SYSTEM_LABELS))
        for row in systems
    ]  # fmt: skip
    for row in objects:
        properties = _properties(row, DATA_OBJECT_LABELS)
        properties += [
            (f"Definition ({item['department']})", "string", item["text"])
            for item in row["definitions"]
        ]
        elements.append(
            _Concept(object_ids[name_key(row["name"])], "DataObject", row["name"],
                     row["definition"] or "", properties)
        )  # fmt: skip
    relationships: list[_Concept] = []
    accesses: dict[tuple[str, str, str], _Concept] = {}
    for row in flows:
        source, target = system_ids[name_key(row["source"])], system_ids[name_key(row["target"])]
        data = object_ids[name_key(row["data_object"])]
        relationships.append(
            _Concept(identifier("flow", source, target, data), "Flow", row["data_object"],
                     row["notes"] or "", _properties(row, FLOW_LABELS), source, target)
        )  # fmt: skip
        for system, access in ((source, "Write"), (target, "Read")):
            key = (system, data, access)
            if key not in accesses:
                accesses[key] = _Concept(identifier("access", *key), "Access", "", source=system,
                                         target=data, access=access)  # fmt: skip
    relationships.extend(accesses.values())
    name = export_workshop(session)["name"] or "Seamwork workshop"
    return name, elements, relationships


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def render_exchange(session: Session) -> bytes:
    """The workshop as an ArchiMate 3.1 Model Exchange File (the model, without views)."""
    from lxml import etree

    name, elements, relationships = concepts(session)
    ns = "{" + EXCHANGE_NAMESPACE + "}"
    root = etree.Element(ns + "model", nsmap={None: EXCHANGE_NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", identifier("model", name))
    etree.SubElement(root, ns + "name").text = _text(name)

    definitions: dict[tuple[str, str], str] = {}
    for concept in (*elements, *relationships):
        for label, kind, _ in concept.properties:
            definitions.setdefault((label, kind), f"propid-{len(definitions) + 1}")

    def describe(node: Any, concept: _Concept) -> None:
        if concept.name:
            etree.SubElement(node, ns + "name").text = _text(concept.name)
        if concept.documentation:
            etree.SubElement(node, ns + "documentation").text = _text(concept.documentation)
        if concept.properties:
            holder = etree.SubElement(node, ns + "properties")
            for label, kind, value in concept.properties:
                prop = etree.SubElement(holder, ns + "property")
                prop.set("propertyDefinitionRef", definitions[(label, kind)])
                etree.SubElement(prop, ns + "value").text = _text(value)

    if elements:
        holder = etree.SubElement(root, ns + "elements")
        for concept in elements:
            node = etree.SubElement(holder, ns + "element")
            node.set("identifier", concept.id)
            node.set(f"{{{XSI}}}type", concept.kind)
            describe(node, concept)
    if relationships:
        holder = etree.SubElement(root, ns + "relationships")
        for concept in relationships:
            node = etree.SubElement(holder, ns + "relationship")
            node.set("identifier", concept.id)
            node.set("source", concept.source)
            node.set("target", concept.target)
            node.set(f"{{{XSI}}}type", concept.kind)
            if concept.access:
                node.set("accessType", concept.access)
            describe(node, concept)
    if definitions:
        holder = etree.SubElement(root, ns + "propertyDefinitions")
        for (label, kind), ident in definitions.items():
            node = etree.SubElement(holder, ns + "propertyDefinition")
            node.set("identifier", ident)
            node.set("type", kind)
            etree.SubElement(node, ns + "name").text = _text(label)
    body = etree.tostring(root, xml_declaration=False, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(body)


# --- Archi's CSV --------------------------------------------------------------------------------

ELEMENTS_HEADER = ("ID", "Type", "Name", "Documentation", "Specialization")
RELATIONS_HEADER = ("ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization")
PROPERTIES_HEADER = ("ID", "Key", "Value")


def _csv(rows: Iterable[Iterable[str]]) -> bytes:
    """Rows as Archi writes them: every cell quoted, commas, CRLF between rows, UTF-8."""
    lines = (",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    return "\r\n".join(lines).encode("utf-8")


def render_archi_csv(session: Session) -> dict[str, bytes]:
    """The workshop as Archi's CSV export (elements.csv, relations.csv, properties.csv), which
    Archi's "Import CSV data into selected model" reads."""
    name, elements, relationships = concepts(session)
    model_id = identifier("model", name)
    element_rows = [ELEMENTS_HEADER, (model_id, "ArchimateModel", _text(name), "", "")]
    element_rows += [(c.id, c.kind, _text(c.name), _text(c.documentation), "") for c in elements]
    relation_rows = [RELATIONS_HEADER]
    relation_rows += [
        (c.id, c.kind + "Relationship", _text(c.name), _text(c.documentation), c.source,
         c.target, "")
        for c in relationships
    ]  # fmt: skip
    property_rows = [PROPERTIES_HEADER]
    for concept in (*elements, *relationships):
        property_rows += [
            (concept.id, label, _text(value)) for label, _, value in concept.properties
        ]
        if concept.access:
            property_rows.append((concept.id, "Access_Type", concept.access))
    return {
        "elements.csv": _csv(element_rows),
        "relations.csv": _csv(relation_rows),
        "properties.csv": _csv(property_rows),
    }
