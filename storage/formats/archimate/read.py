"""Read an Archi model, an ArchiMate exchange file or Archi's CSV export into a `Model`.

XML is parsed by lxml with entities left unresolved, no DTD loaded and no network, and a file
that declares a DOCTYPE is refused before parsing: an ArchiMate file never needs one, and a
declared entity is how XML bombs (billion laughs) and external-entity reads (XXE) begin.

What was checked against Archi's own code (its CSV exporter and constants): the CSV files are
`elements.csv` ("ID","Type","Name","Documentation","Specialization"), `relations.csv` (...,
"Source","Target","Specialization") and `properties.csv` ("ID","Key","Value"), each with an
optional prefix; the delimiter is a comma, semicolon or tab; the encoding UTF-8, UTF-8 with a
byte order mark, or the platform's ("ANSI": cp1252 on Windows); the first row of elements.csv
is the model itself (type "ArchimateModel"); an access relationship's type travels as the
property "Access_Type" (Write, Read, Access or ReadWrite), and Archi's model file stores it as
`accessType` 0 (the default, left out), 1, 2, 3 in that order. Specialization is not mapped.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from storage.errors import ImportValidationError
from storage.formats.archimate.model import Element, Mapped, Model, Relationship, to_document

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
ARCHI_NAMESPACE = "http://www.archimatetool.com/archimate"
MAX_BYTES = 200 * 1024 * 1024  # a model far larger than any client's; refused unread past it

# Archi's accessType attribute and the exchange format's, as `Model` holds them.
ARCHI_ACCESS = {None: "write", "0": "write", "1": "read", "2": "access", "3": "readwrite"}
EXCHANGE_ACCESS = {None: "write", "Write": "write", "Read": "read", "Access": "access",
                   "ReadWrite": "readwrite"}  # fmt: skip
CSV_ACCESS = {"Write": "write", "Read": "read", "Access": "access", "ReadWrite": "readwrite"}
ACCESS_TYPE_PROPERTY = "Access_Type"
# Archi's other attributes that its CSV writes as properties: not the client's properties.
CSV_SPECIAL_PROPERTIES = frozenset({"Influence_Strength", "Directed", "Junction_Type"})
ARCHI_VIEWS = frozenset({"ArchimateDiagramModel", "SketchModel", "CanvasModel"})
RELATIONSHIP_SUFFIX = "Relationship"


def _bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImportValidationError(f"Cannot read {path.name}: {exc.strerror or exc}.") from None
    if len(data) > MAX_BYTES:
        raise ImportValidationError(
            f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; is it really one model?"
        )
    return data


# --- XML ---------------------------------------------------------------------------------------


def _archive_model(path: Path) -> bytes:
    """`model.xml` from an Archi archive (a model with images is saved as a zip of it and the
    images), refused past the size limit before it is inflated."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("model.xml")
            if info.file_size > MAX_BYTES:
                raise ImportValidationError(
                    f"The model in {path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
                    "is it really one model?"
                )
            with archive.open(info) as handle:
                return handle.read(MAX_BYTES + 1)
    except (KeyError, zipfile.BadZipFile, OSError):
        raise ImportValidationError(
            "The file is a zip but not an Archi archive (no model.xml in it)."
        ) from None


def _parse_xml(path: Path) -> Any:
    """The root element of the XML file at `path` (or in Archi's archive), parsed without
    entities, DTDs or network."""
    from lxml import etree

    data = _bytes(path)
    if data.startswith(b"PK\x03\x04"):
        data = _archive_model(path)
    if re.search(rb"<!DOCTYPE|<!ENTITY", data) or re.search(
        "<!DOCTYPE|<!ENTITY".encode("utf-16-le"), data
    ):
        raise ImportValidationError(
            "The file declares a DOCTYPE or entities, which an ArchiMate file never needs; it is "
            "refused unread, for safety."
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise ImportValidationError(f"The file is not well-formed XML{line}.") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ImportValidationError(
            "The file declares a DOCTYPE, which an ArchiMate file never needs; it is refused."
        )
    return root


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _xsi_type(node: Any) -> str:
    """The type an `xsi:type` names, without its prefix ("archimate:Flow..." -> "Flow...")."""
    return str(node.get(XSI_TYPE, "")).rpartition(":")[2]


def _relationship_type(name: str) -> str:
    """ArchiMate's name for a relationship type: Archi's "FlowRelationship" is "Flow"."""
    return name.removesuffix(RELATIONSHIP_SUFFIX) if name != RELATIONSHIP_SUFFIX else name


def _text_of(node: Any) -> str:
    return "".join(node.itertext()) if node is not None else ""


def _add_element(model: Model, element: Element, path: Path) -> None:
    if not element.id:
        raise ImportValidationError(f'The element "{element.name}" has no identifier.')
    if element.id in model.elements:
        raise _twice(element.id, element.where)
    model.elements[element.id] = element


def _twice(identifier: str, where: str | None) -> ImportValidationError:
    message = f'the identifier "{identifier}" appears twice.'
    return (
        ImportValidationError(message, where)
        if where
        else ImportValidationError(message[:1].upper() + message[1:])
    )


def read_archi_model(path: Path) -> Model:
    """Archi's own file (.archimate): `<element xsi:type="archimate:...">` in folders; the
    relationships are elements too, with `source` and `target`; views are diagram models."""
    root = _parse_xml(path)
    if _local(root.tag) != "model" or not str(root.tag).startswith("{" + ARCHI_NAMESPACE):
        raise ImportValidationError("The file is not an Archi model.")
    model = Model()
    seen: set[str] = set()
    for node in root.iter("element"):
        kind = _xsi_type(node)
        identifier = node.get("id", "")
        if kind in ARCHI_VIEWS:
            model.views += 1
            continue
        documentation = _text_of(node.find("documentation"))
        properties = [
            (prop.get("key", ""), prop.get("value", "")) for prop in node.findall("property")
        ]
        name = node.get("name", "")
        if node.get("source") is not None or kind.endswith(RELATIONSHIP_SUFFIX):
            if identifier in seen or identifier in model.elements:
                raise _twice(identifier, None)
            seen.add(identifier)
            relationship_type = _relationship_type(kind)
            model.relationships.append(
                Relationship(
                    id=identifier,
                    type=relationship_type,
                    source=node.get("source", ""),
                    target=node.get("target", ""),
                    name=name,
                    documentation=documentation,
                    access=_access(
                        ARCHI_ACCESS, node.get("accessType"), relationship_type, identifier
                    ),  # fmt: skip
                    properties=properties,
                )
            )
            continue
        if identifier in seen:
            raise _twice(identifier, None)
        _add_element(
            model,
            Element(identifier, kind, name, documentation, properties),
            path,
        )
    return model


def _access(
    table: dict[str | None, str], value: str | None, kind: str, identifier: str
) -> str | None:
    if kind != "Access":
        return None
    if value not in table:
        raise ImportValidationError(
            f'The access relationship "{identifier}" has an access type "{value}" that '
            "ArchiMate does not know."
        )
    return table[value]


def read_exchange(path: Path) -> Model:
    """The Open Group's Model Exchange File Format, 3.x: `elements`, `relationships`, their
    names per language (the first is taken), and properties through `propertyDefinitions`."""
    root = _parse_xml(path)
    namespace = str(root.tag)[1:].partition("}")[0] if str(root.tag).startswith("{") else ""
    if _local(root.tag) != "model" or not namespace.startswith(
        "http://www.opengroup.org/xsd/archimate/"
    ):
        raise ImportValidationError("The file is not an ArchiMate exchange file.")
    ns = "{" + namespace + "}"
    definitions: dict[str, str] = {}
    for node in root.iter(ns + "propertyDefinition"):
        definitions[node.get("identifier", "")] = _first_text(node, ns + "name")

    def properties_of(node: Any) -> list[tuple[str, str]]:
        found = []
        holder = node.find(ns + "properties")
        for prop in holder.findall(ns + "property") if holder is not None else ():
            ref = prop.get("propertyDefinitionRef", "")
            if ref not in definitions:
                raise ImportValidationError(
                    f'A property of "{node.get("identifier", "")}" refers to a property '
                    f'definition "{ref}" that is not in the file.'
                )
            found.append((definitions[ref], _first_text(prop, ns + "value")))
        return found

    model = Model()
    seen: set[str] = set()
    elements = root.find(ns + "elements")
    for node in elements.findall(ns + "element") if elements is not None else ():
        identifier = node.get("identifier", "")
        if identifier in seen:
            raise _twice(identifier, None)
        seen.add(identifier)
        _add_element(
            model,
            Element(
                identifier,
                _xsi_type(node),
                _first_text(node, ns + "name"),
                _first_text(node, ns + "documentation"),
                properties_of(node),
            ),
            path,
        )
    relationships = root.find(ns + "relationships")
    for node in relationships.findall(ns + "relationship") if relationships is not None else ():
        identifier = node.get("identifier", "")
        if identifier in seen:
            raise _twice(identifier, None)
        seen.add(identifier)
        kind = _relationship_type(_xsi_type(node))
        model.relationships.append(
            Relationship(
                id=identifier,
                type=kind,
                source=node.get("source", ""),
                target=node.get("target", ""),
                name=_first_text(node, ns + "name"),
                documentation=_first_text(node, ns + "documentation"),
                access=_access(EXCHANGE_ACCESS, node.get("accessType"), kind, identifier),
                properties=properties_of(node),
            )
        )
    model.views = sum(1 for _ in root.iter(ns + "view"))
    return model


def _first_text(node: Any, tag: str) -> str:
    """The first of a name's or documentation's languages that says something."""
    for child in node.findall(tag):
        text = _text_of(child)
        if text.strip():
            return text
    return ""


# --- CSV ---------------------------------------------------------------------------------------

ELEMENTS, RELATIONS, PROPERTIES = "elements.csv", "relations.csv", "properties.csv"
DELIMITERS = (",", ";", "\t")


def csv_files(path: Path) -> tuple[Path, Path, Path]:
    """The elements, relations and properties files of the export at `path` (its folder, or
    its elements file), with the prefix the export was given ("acme-elements.csv")."""
    if path.is_dir():
        found = sorted(child for child in path.iterdir() if child.name.lower().endswith(ELEMENTS))
        if not found:
            raise ImportValidationError(f"{path} holds no elements.csv.")
        if len(found) > 1:
            names = ", ".join(child.name for child in found)
            raise ImportValidationError(
                f"{path} holds more than one Archi CSV export ({names}); import one of the "
                "elements files."
            )
        path = found[0]
    prefix = path.name[: -len(ELEMENTS)]
    return path, path.with_name(prefix + RELATIONS), path.with_name(prefix + PROPERTIES)


def _decode(path: Path) -> str:
    """Archi's encodings: UTF-8 with or without a byte order mark, else the platform's (cp1252
    on Windows; latin-1 takes every byte that cp1252 leaves undefined)."""
    data = _bytes(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _rows(path: Path, required: tuple[str, ...]) -> tuple[dict[str, int], list[list[str]]]:
    """The header's columns (by name, any case) and the rows of one CSV file, in the delimiter
    whose header has the `required` columns."""
    text = _decode(path)
    first = text.split("\n", 1)[0]
    for delimiter in sorted(DELIMITERS, key=first.count, reverse=True):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        header = [cell.strip().lower() for cell in rows[0]] if rows else []
        wanted = (*required, "Name", "Documentation", "Key", "Value")
        columns = {name: header.index(name.lower()) for name in wanted if name.lower() in header}
        if all(name in columns for name in required):
            return columns, rows[1:]
    missing = [name for name in required if name.lower() not in first.lower()]
    what = ", ".join(required[:-1]) + f" and {required[-1]} columns"
    detail = f"no {missing[0]} column" if missing else "no columns it can tell apart"
    raise ImportValidationError(
        f"{path.name} has {detail} (an Archi CSV export has {what}), so it is not one."
    )


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row):
        return ""
    value = row[index]
    if value.startswith('="') and value.endswith('"'):  # Archi's "Excel compatible" option
        value = value[2:-1]
    return value


def read_archi_csv(path: Path) -> Model:
    """Archi's CSV export: elements, then relations (whose ends must be in elements.csv or be
    relations), then properties (Archi's access types among them)."""
    elements_file, relations_file, properties_file = csv_files(path)
    model = Model(container=elements_file.name)
    columns, rows = _rows(elements_file, ("ID", "Type", "Name"))
    rows_of: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{elements_file.name} row {number}"
        identifier = _cell(row, columns, "ID").strip()
        kind = _cell(row, columns, "Type").strip()
        if kind == "ArchimateModel":
            rows_of[identifier] = where
            continue
        if not identifier:
            raise ImportValidationError("the element has no ID.", where)
        if identifier in rows_of:
            raise ImportValidationError(
                f'the ID "{identifier}" appears twice (see {rows_of[identifier]}).', where
            )
        rows_of[identifier] = where
        model.elements[identifier] = Element(
            identifier,
            kind,
            _cell(row, columns, "Name"),
            _cell(row, columns, "Documentation"),
            where=where,
        )
    relations: dict[str, Relationship] = {}
    if relations_file.exists():
        columns, rows = _rows(relations_file, ("ID", "Type", "Source", "Target"))
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{relations_file.name} row {number}"
            identifier = _cell(row, columns, "ID").strip()
            if not identifier:
                raise ImportValidationError("the relationship has no ID.", where)
            if identifier in rows_of:
                raise ImportValidationError(
                    f'the ID "{identifier}" appears twice (see {rows_of[identifier]}).', where
                )
            rows_of[identifier] = where
            kind = _relationship_type(_cell(row, columns, "Type").strip())
            relations[identifier] = Relationship(
                id=identifier,
                type=kind,
                source=_cell(row, columns, "Source").strip(),
                target=_cell(row, columns, "Target").strip(),
                name=_cell(row, columns, "Name"),
                documentation=_cell(row, columns, "Documentation"),
                access="write" if kind == "Access" else None,  # Archi's default
                where=where,
            )
        model.relationships = list(relations.values())
    if properties_file.exists():
        columns, rows = _rows(properties_file, ("ID", "Key", "Value"))
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            where = f"{properties_file.name} row {number}"
            identifier = _cell(row, columns, "ID").strip()
            key, value = _cell(row, columns, "Key"), _cell(row, columns, "Value")
            owner: Element | Relationship | None = model.elements.get(identifier) or relations.get(
                identifier
            )
            if owner is None:
                if identifier in rows_of:  # the model's own properties
                    continue
                raise ImportValidationError(
                    f'the property "{key}" belongs to "{identifier}", which is not in '
                    f"{elements_file.name} or {relations_file.name}.",
                    where,
                )
            if isinstance(owner, Relationship) and key == ACCESS_TYPE_PROPERTY:
                if owner.type == "Access":
                    if value.strip() not in CSV_ACCESS:
                        raise ImportValidationError(
                            f'the access type "{value}" is not one of Archi\'s '
                            "(Write, Read, Access, ReadWrite).",
                            where,
                        )
                    owner.access = CSV_ACCESS[value.strip()]
                continue
            if key in CSV_SPECIAL_PROPERTIES:
                continue
            owner.properties.append((key, value))
    return model


# --- as import sources ---------------------------------------------------------------------------

LABELS = {
    "archimate": "Archi model",
    "exchange": "ArchiMate exchange file",
    "archi-csv": "Archi CSV export",
}
READERS = {"archimate": read_archi_model, "exchange": read_exchange, "archi-csv": read_archi_csv}


def read_mapped(path: Path, kind: str) -> Mapped:
    """The ArchiMate source of `kind` ("archimate", "exchange", "archi-csv") at `path`, mapped
    to a `seamwork/1` document (`storage.formats.sources` makes it a `Source`)."""
    return to_document(READERS[kind](path))
