"""ArchiMate exports (`seamwork export -f archimate-xml | archi-csv`): the exchange file's
structure (no Open Group schema ships in a package we can install, so the rules the schema
holds are checked here), Archi's CSV as Archi writes it, and export then import giving the same
systems, data objects and flows.

The round trips read the workshop on both engines (the demo once per engine, `shared_at`);
where an export goes by default (beside the file) and what it refuses to replace are the
file's matters (`demo_file`), the server's default is the working folder (test_export_cli)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as run
from lxml import etree

EXCHANGE = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"a": EXCHANGE}
# xs:ID is an NCName: a letter or underscore first, then letters, digits, '.', '-', '_'.
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
ELEMENT_TYPES = {"ApplicationComponent", "DataObject"}
RELATIONSHIP_TYPES = {"Flow", "Access"}


@pytest.fixture
def demo_file(make_demo: Callable[..., Path]) -> Path:
    return make_demo()


@pytest.fixture(scope="module")
def demo(shared_at: Callable[..., str]) -> str:
    return shared_at("demo", demo=True)


def estate(capsys: pytest.CaptureFixture[str], workshop: Path | str) -> Any:
    document = json.loads(run(capsys, "export", workshop, "-f", "json")[1])
    return {key: document[key] for key in ("systems", "data_objects", "flows")}


def test_the_exchange_file_has_the_structure_the_schema_requires(
    capsys: pytest.CaptureFixture[str], demo_file: Path
) -> None:
    code, out, _ = run(capsys, "export", demo_file, "-f", "archimate-xml")
    path = demo_file.with_name("demo.xml")  # beside the workshop by default
    assert (code, out) == (0, f"Wrote {path}.\n")
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
    assert root.tag == f"{{{EXCHANGE}}}model"
    assert root.get(f"{{{XSI}}}schemaLocation", "").startswith(EXCHANGE + " ")
    assert root.findtext("a:name", namespaces=NS) == "Northwind Wholesale integration workshop"
    # the model's children in the schema's order
    children = [etree.QName(child).localname for child in root]
    assert children == ["name", "elements", "relationships", "propertyDefinitions"]

    identifiers = [node.get("identifier") for node in root.iter() if node.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    assert all(NCNAME.match(ident) for ident in identifiers)

    elements = root.findall("a:elements/a:element", NS)
    kinds = [node.get(f"{{{XSI}}}type") for node in elements]
    assert set(kinds) == ELEMENT_TYPES
    assert (kinds.count("ApplicationComponent"), kinds.count("DataObject")) == (10, 9)
    for node in elements:  # a name first, then documentation, then properties
        tags = [etree.QName(child).localname for child in node]
        assert tags[0] == "name" and tags == sorted(tags, key=["name", "documentation",
                                                              "properties"].index)  # fmt: skip

    element_ids = {node.get("identifier") for node in elements}
    relationships = root.findall("a:relationships/a:relationship", NS)
    assert {node.get(f"{{{XSI}}}type") for node in relationships} == RELATIONSHIP_TYPES
    for node in relationships:
        assert node.get("source") in element_ids and node.get("target") in element_ids
        if node.get(f"{{{XSI}}}type") == "Access":
            assert node.get("accessType") in {"Read", "Write"}
    flows = [node for node in relationships if node.get(f"{{{XSI}}}type") == "Flow"]
    assert len(flows) == 24

    definitions = {
        node.get("identifier"): node.findtext("a:name", namespaces=NS)
        for node in root.findall("a:propertyDefinitions/a:propertyDefinition", NS)
    }
    refs = {node.get("propertyDefinitionRef") for node in root.iter(f"{{{EXCHANGE}}}property")}
    assert refs == set(definitions)
    assert {"Owner", "Lifecycle", "Frequency", "Mechanism", "State"} <= set(definitions.values())


def test_a_flow_is_a_flow_named_after_its_data_object_with_write_and_read_access(
    capsys: pytest.CaptureFixture[str], make_workshop: Callable[..., Path], tmp_path: Path
) -> None:
    source = tmp_path / "estate.json"
    source.write_text(
        json.dumps(
            {
                "format": "seamwork/1",
                "systems": [{"name": "Shopify"}, {"name": "Sage X3", "lifecycle": "live"}],
                "data_objects": [{"name": "Sales order"}],
                "flows": [
                    {
                        "source": "Shopify",
                        "target": "Sage X3",
                        "data_object": "Sales order",
                        "frequency": "hourly",
                        "monitored": False,
                        "notes": "Via Celigo",
                    }
                ],
            }
        ),  # fmt: skip
        encoding="utf-8",
    )
    workshop = make_workshop()
    assert run(capsys, "import", workshop, source)[0] == 0
    out = tmp_path / "estate.xml"
    assert run(capsys, "export", workshop, "-f", "archimate-xml", "-o", out)[0] == 0
    root = etree.parse(str(out)).getroot()
    names = {
        node.get("identifier"): node.findtext("a:name", namespaces=NS)
        for node in root.findall("a:elements/a:element", NS)
    }
    found = []
    for node in root.findall("a:relationships/a:relationship", NS):
        properties = {
            prop.get("propertyDefinitionRef"): prop.findtext("a:value", namespaces=NS)
            for prop in node.findall("a:properties/a:property", NS)
        }
        found.append(
            (
                node.get(f"{{{XSI}}}type"),
                names[node.get("source")],
                names[node.get("target")],
                node.findtext("a:name", namespaces=NS),
                node.get("accessType"),
                node.findtext("a:documentation", namespaces=NS),
                sorted(properties.values()),
            )
        )
    assert found == [
        ("Flow", "Shopify", "Sage X3", "Sales order", None, "Via Celigo", ["false", "hourly"]),
        ("Access", "Shopify", "Sales order", None, "Write", None, []),
        ("Access", "Sage X3", "Sales order", None, "Read", None, []),
    ]


def test_archi_csv_is_written_as_archi_writes_it(
    capsys: pytest.CaptureFixture[str], demo_file: Path
) -> None:
    code, out, _ = run(capsys, "export", demo_file, "-f", "archi-csv")
    folder = demo_file.with_name("demo-archi")
    assert (code, out) == (0, f"Wrote {folder}.\n")
    assert sorted(path.name for path in folder.iterdir()) == [
        "elements.csv",
        "properties.csv",
        "relations.csv",
    ]
    elements = (folder / "elements.csv").read_bytes().decode("utf-8").split("\r\n")
    assert elements[0] == '"ID","Type","Name","Documentation","Specialization"'
    assert re.match(r'^"id-[0-9a-f]{32}","ArchimateModel","Northwind Wholesale', elements[1])
    relations = (folder / "relations.csv").read_bytes().decode("utf-8")
    assert relations.startswith(
        '"ID","Type","Name","Documentation","Source","Target","Specialization"\r\n'
    )
    rows = list(csv.DictReader(io.StringIO(relations, newline="")))
    assert {row["Type"] for row in rows} == {"FlowRelationship", "AccessRelationship"}
    properties = list(
        csv.DictReader(io.StringIO((folder / "properties.csv").read_bytes().decode("utf-8")))
    )
    access = {row["ID"] for row in rows if row["Type"] == "AccessRelationship"}
    assert {row["ID"] for row in properties if row["Key"] == "Access_Type"} == access


@pytest.mark.parametrize(("fmt", "destination"), [("archimate-xml", "x.xml"), ("archi-csv", "x")])
def test_export_then_import_gives_the_same_systems_data_objects_and_flows(
    capsys: pytest.CaptureFixture[str], demo: str, tmp_path: Path, fmt: str, destination: str
) -> None:
    out = tmp_path / destination
    assert run(capsys, "export", demo, "-f", fmt, "-o", out)[0] == 0
    first = out.read_bytes() if out.is_file() else (out / "relations.csv").read_bytes()
    copy = tmp_path / "copy.seamwork"
    code, _, err = run(capsys, "import", copy, out)
    assert (code, err) == (0, "")
    assert estate(capsys, copy) == estate(capsys, demo)
    # and the same workshop exports to the same bytes (identifiers come from names)
    assert run(capsys, "export", demo, "-f", fmt, "-o", out)[0] == 0
    again = out.read_bytes() if out.is_file() else (out / "relations.csv").read_bytes()
    assert again == first


def test_an_archi_csv_export_does_not_replace_a_folder_of_other_files(
    capsys: pytest.CaptureFixture[str], demo_file: Path
) -> None:
    folder = demo_file.with_name("demo-archi")
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "export", demo_file, "-f", "archi-csv")
    assert code == 2 and "not CSV" in err
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


AWKWARD = {
    "format": "seamwork/1",
    "systems": [
        {"name": 'Sage "X3", UK; EU', "notes": "Line one\nLine two, with ; and \t tab"},
        {"name": "R&D <lab> ünïcödé 東京", "vendor": "A, B & C", "criticality": 2},
    ],
    "data_objects": [
        {"name": "Order = total", "definition": "=SUM(A1) is text here",
         "definitions": [{"department": "Sales; EMEA", "text": 'Say "hi"'}]},
    ],
    "flows": [
        {"source": 'Sage "X3", UK; EU', "target": "R&D <lab> ünïcödé 東京",
         "data_object": "Order = total", "manual_hours_per_week": 2.5, "volume_per_day": 0,
         "monitored": False, "notes": "Quotes \" and commas , and\nlines"},
    ],
}  # fmt: skip


@pytest.mark.parametrize(("fmt", "destination"), [("archimate-xml", "x.xml"), ("archi-csv", "x")])
def test_awkward_text_survives_the_round_trip(
    capsys: pytest.CaptureFixture[str],
    fresh_at: Callable[[str], str],
    tmp_path: Path,
    fmt: str,
    destination: str,
) -> None:
    source = tmp_path / "awkward.json"
    source.write_text(json.dumps(AWKWARD, ensure_ascii=False), encoding="utf-8")
    original = fresh_at("original")
    assert run(capsys, "import", original, source)[0] == 0
    out = tmp_path / destination
    assert run(capsys, "export", original, "-f", fmt, "-o", out)[0] == 0
    copy = tmp_path / "copy.seamwork"
    code, _, err = run(capsys, "import", copy, out)
    assert (code, err) == (0, "")
    assert estate(capsys, copy) == estate(capsys, original)
