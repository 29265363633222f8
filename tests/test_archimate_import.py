"""ArchiMate imports (storage.formats.archimate): one mapping rule per test, on the hand-made
Acme model in tests/fixtures/archi/ (an Archi model, the same as an exchange file and as Archi's
CSV export), and each kind of bad input refused in one sentence with nothing written."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as run
from seamwork_files import digest

from storage.errors import ImportValidationError
from storage.formats.sources import ARCHI, ARCHI_CSV, EXCHANGE, Source, read_source, sniff

FIXTURES = Path(__file__).parent / "fixtures" / "archi"
ARCHI_MODEL = FIXTURES / "acme.archimate"
EXCHANGE_FILE = FIXTURES / "acme-exchange.xml"
CSV_FOLDER = FIXTURES / "acme-csv"
ARCHI_NS = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' + (
    'xmlns:archimate="http://www.archimatetool.com/archimate"'
)


@pytest.fixture(scope="module")
def acme() -> Source:
    return read_source(ARCHI_MODEL)


def system(source: Source, name: str) -> dict[str, Any]:
    return next(item for item in source.document["systems"] if item["name"] == name)


def data_object(source: Source, name: str) -> dict[str, Any]:
    return next(item for item in source.document["data_objects"] if item["name"] == name)


def flows(source: Source) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(f["source"], f["target"], f["data_object"]): f for f in source.document["flows"]}


def archi_model(tmp_path: Path, body: str, name: str = "model.archimate") -> Path:
    """A small Archi model file holding `body` (elements and relationships) in one folder."""
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<archimate:model {ARCHI_NS} name="T" id="m">'
        f'<folder name="All" id="f" type="application">{body}</folder></archimate:model>\n',
        encoding="utf-8",
    )
    return path


def component(ident: str, name: str) -> str:
    return f'<element xsi:type="archimate:ApplicationComponent" name="{name}" id="{ident}"/>'


def data(ident: str, name: str) -> str:
    return f'<element xsi:type="archimate:DataObject" name="{name}" id="{ident}"/>'


def relation(ident: str, kind: str, source: str, target: str, extra: str = "") -> str:
    return (
        f'<element xsi:type="archimate:{kind}Relationship" id="{ident}" source="{source}" '
        f'target="{target}" {extra}/>'
    )


# --- telling the formats apart -----------------------------------------------------------------


def test_each_format_is_told_by_its_content_not_its_name(tmp_path: Path) -> None:
    shutil.copy(ARCHI_MODEL, tmp_path / "model.txt")
    shutil.copy(EXCHANGE_FILE, tmp_path / "model.archimate")
    assert sniff(tmp_path / "model.txt") == ARCHI
    assert sniff(tmp_path / "model.archimate") == EXCHANGE
    assert sniff(CSV_FOLDER) == ARCHI_CSV
    assert sniff(CSV_FOLDER / "acme-elements.csv") == ARCHI_CSV
    assert read_source(tmp_path / "model.txt").label == "Archi model"


# --- the mapping rules, on the Archi model -----------------------------------------------------


def test_components_become_systems_with_fields_from_properties_and_synonyms(acme: Source) -> None:
    shopify = system(acme, "Shopify")
    assert {key: shopify[key] for key in shopify if key != "notes"} == {
        "name": "Shopify",
        "owner": "Head of e-commerce",  # "Business owner"
        "vendor": "Shopify",
        "lifecycle": "live",  # "Lifecycle status": "Live"
        "hosting": "saas",
        "criticality": 5,
        "api": "rest",
        "category": "e-commerce",  # from the second "SHOPIFY"
    }


def test_documentation_and_other_properties_go_to_notes(acme: Source) -> None:
    # "Lifecycle": "production" reads as a spreadsheet's cell would (models.sheet_columns):
    # live, an obvious synonym; a value no field takes stays text (Shopify's "Licence" below)
    assert system(acme, "Sage X3") == {
        "name": "Sage X3",
        "owner": "Finance",
        "category": "erp",
        "lifecycle": "live",
        "notes": "The ERP.",
    }


def test_what_the_model_does_not_say_is_left_out(acme: Source) -> None:
    assert system(acme, "Looker") == {"name": "Looker"}
    assert system(acme, "Mintsoft") == {"name": "Mintsoft", "category": "warehouse"}


def test_two_components_with_one_name_merge_and_the_mapping_says_so(acme: Source) -> None:
    names = [item["name"] for item in acme.document["systems"]]
    assert sorted(names) == ["Looker", "Mintsoft", "Sage X3", "Shopify"]
    # the second one's documentation is kept; its different vendor too, as text
    assert system(acme, "Shopify")["notes"] == (
        "Web shop for retail customers.\n\nAlso the B2B store.\n\n"
        "Licence: Shopify Plus\nVendor: Shopify Inc."
    )
    assert (
        '2 application components named "Shopify"',
        "one entry (merged by name, as JSON imports merge)",
    ) in acme.mapping


def test_data_objects_take_documentation_fields_and_department_definitions(acme: Source) -> None:
    assert data_object(acme, "Sales order") == {
        "name": "Sales order",
        "owner": "Sales",
        "sensitivity": "personal",
        "source_of_truth": "Sage X3",
        "definitions": [{"department": "Finance", "text": "An order that has been invoiced"}],
        "definition": "An order a customer placed.\n\nRetention: 7 years",
    }
    assert data_object(acme, "Invoice") == {"name": "Invoice", "sensitivity": "financial"}


def test_a_source_of_truth_must_name_a_system_of_the_model(tmp_path: Path) -> None:
    path = archi_model(
        tmp_path,
        component("a", "ERP") + '<element xsi:type="archimate:DataObject" name="Stock" id="d">'
        '<property key="System of record" value="Nowhere"/></element>',
    )
    assert data_object(read_source(path), "Stock") == {
        "name": "Stock",
        "definition": "System of record: Nowhere",
    }


def test_a_flow_named_after_a_data_object_carries_it_with_its_fields(acme: Source) -> None:
    assert flows(acme)["Shopify", "Sage X3", "Sales order"] == {
        "source": "Shopify",
        "target": "Sage X3",
        "data_object": "Sales order",
        "frequency": "hourly",
        "mechanism": "ipaas",  # "iPaaS"
        "monitored": True,  # "yes"
        "volume_per_day": 400,
        "notes": "Orders every 15 minutes.\n\nMiddleware: Celigo",
    }


def test_a_data_object_associated_to_the_relationship_is_what_it_carries(acme: Source) -> None:
    assert ("Mintsoft", "Shopify", "Stock") in flows(acme)


def test_access_relationships_tell_the_data_object_when_nothing_else_does(acme: Source) -> None:
    # Sage X3 writes Invoice (Archi's default access, no attribute), Looker reads it
    # (accessType="1"); the serving relationship names nothing, so the flow carries Invoice.
    assert flows(acme)["Sage X3", "Looker", "Invoice"]["notes"] == "Nightly extract."


def test_serving_goes_from_the_serving_component_to_the_served_one(tmp_path: Path) -> None:
    path = archi_model(
        tmp_path,
        component("a", "ERP") + component("b", "Shop") + data("d", "Price")
        + relation("r", "Serving", "a", "b", 'name="Price"'),
    )  # fmt: skip
    source = read_source(path)
    assert list(flows(source)) == [("ERP", "Shop", "Price")]
    assert ("Serving", "flows, from the serving component to the served one") in source.mapping


def test_read_write_and_readwrite_access_all_count(tmp_path: Path) -> None:
    path = archi_model(
        tmp_path,
        component("a", "ERP") + component("b", "Shop") + data("d", "Price")
        + relation("r", "Triggering", "a", "b")
        + relation("w", "Access", "a", "d", 'accessType="3"')  # read and write
        + relation("x", "Access", "b", "d", 'accessType="3"'),
    )  # fmt: skip
    assert list(flows(read_source(path))) == [("ERP", "Shop", "Price")]


def test_unspecified_access_or_the_wrong_way_round_infers_nothing(tmp_path: Path) -> None:
    path = archi_model(
        tmp_path,
        component("a", "ERP") + component("b", "Shop") + data("d", "Price")
        + relation("r", "Flow", "a", "b")
        + relation("w", "Access", "a", "d", 'accessType="1"')  # the source only reads
        + relation("x", "Access", "b", "d", 'accessType="2"'),  # unspecified access
    )  # fmt: skip
    assert list(flows(read_source(path))) == [("ERP", "Shop", "Unspecified")]


def test_no_data_object_named_gives_unspecified_which_the_check_flags(
    acme: Source, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    found = flows(acme)
    assert found["Shopify", "Mintsoft", "Unspecified"] == {
        "source": "Shopify",
        "target": "Mintsoft",
        "data_object": "Unspecified",
    }
    # a name that is no data object's is kept in the notes, not lost
    assert found["Sage X3", "Mintsoft", "Unspecified"]["notes"] == "Named in the model: Pick list"
    assert data_object(acme, "Unspecified")["definition"].startswith("Created by the ArchiMate")

    target = tmp_path / "acme.seamwork"
    assert run(capsys, "import", target, ARCHI_MODEL)[0] == 0
    _, out, _ = run(capsys, "check", target, "-f", "json")
    flagged = [
        finding
        for finding in json.loads(out)["findings"]
        if finding["code"] == "SOT-MISSING" and "Unspecified" in finding["subjects"]
    ]
    assert flagged


def test_several_data_objects_written_and_read_give_unspecified_and_say_which(
    tmp_path: Path,
) -> None:
    path = archi_model(
        tmp_path,
        component("a", "ERP") + component("b", "Shop") + data("d", "Price") + data("e", "Stock")
        + relation("r", "Flow", "a", "b")
        + relation("w1", "Access", "a", "d") + relation("w2", "Access", "a", "e")
        + relation("r1", "Access", "b", "d", 'accessType="1"')
        + relation("r2", "Access", "b", "e", 'accessType="1"'),
    )  # fmt: skip
    (flow,) = read_source(path).document["flows"]
    assert flow["data_object"] == "Unspecified"
    assert "more than one data object (Price, Stock)" in flow["notes"]


def test_everything_else_is_skipped_and_counted_by_kind(acme: Source) -> None:
    assert acme.skipped == {
        "business elements": 3,
        "other application elements": 1,
        "technology elements": 1,
        "motivation elements": 1,
        "other relationships": 2,  # a realization, an association between other elements
        "flow, serving or triggering relationships not between two application components": 1,
        "relationships from a system to itself": 1,  # Shopify -> SHOPIFY, merged
        "views": 2,
    }
    assert acme.lines()[-1].startswith("Skipped: 3 business elements, ")


def test_unnamed_components_are_skipped_with_their_flows(tmp_path: Path) -> None:
    path = archi_model(
        tmp_path, component("a", "ERP") + component("b", "") + relation("r", "Flow", "a", "b")
    )
    source = read_source(path)
    assert source.document["flows"] == []
    assert source.skipped["unnamed elements"] == 1


# --- the three formats agree -------------------------------------------------------------------


def exported_estate(capsys: pytest.CaptureFixture[str], workshop: Path | str, source: Path) -> Any:
    code, _, err = run(capsys, "import", workshop, source)
    assert (code, err) == (0, "")
    document = json.loads(run(capsys, "export", workshop, "-f", "json")[1])
    return {key: document[key] for key in ("systems", "data_objects", "flows")}


def test_the_model_as_exchange_file_and_as_archi_csv_imports_to_the_same_workshop(
    capsys: pytest.CaptureFixture[str], fresh_at: Callable[[str], str], tmp_path: Path
) -> None:
    """The model imported into a new workshop (a file, or on the server) holds what the
    exchange file and Archi's CSV give in files."""
    expected = exported_estate(capsys, fresh_at("archi"), ARCHI_MODEL)
    assert len(expected["flows"]) == 5
    assert exported_estate(capsys, tmp_path / "exchange.seamwork", EXCHANGE_FILE) == expected
    assert exported_estate(capsys, tmp_path / "csv.seamwork", CSV_FOLDER) == expected
    elements = CSV_FOLDER / "acme-elements.csv"
    assert exported_estate(capsys, tmp_path / "csv2.seamwork", elements) == expected


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(",", "utf-8"), ("\t", "cp1252"), (";", "utf-8-sig")]
)
def test_archi_csv_in_any_of_archis_delimiters_and_encodings(
    tmp_path: Path, delimiter: str, encoding: str
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    for part in ("elements", "relations", "properties"):
        text = (CSV_FOLDER / f"acme-{part}.csv").read_text(encoding="utf-8-sig")
        text = text.replace('";"', f'"{delimiter}"').replace("Sage X3", "Sage X3 Café")
        (folder / f"{part}.csv").write_text(text, encoding=encoding, newline="")
    source = read_source(folder)
    assert data_object(source, "Sales order")["source_of_truth"] == "Sage X3 Café"
    assert ("Sage X3 Café", "Looker", "Invoice") in flows(source)


def test_archi_csv_without_relations_or_properties_still_imports(tmp_path: Path) -> None:
    (tmp_path / "elements.csv").write_text(
        '"ID","Type","Name","Documentation"\r\n"m","ArchimateModel","T",""\r\n'
        '"a","ApplicationComponent","ERP","The ledger"',
        encoding="utf-8",
    )
    assert read_source(tmp_path).document["systems"] == [{"name": "ERP", "notes": "The ledger"}]


# --- bad inputs: one sentence, exit 2, nothing written -----------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<archimate:model xmlns:archimate="http://www.archimatetool.com/archimate" name="&lol3;" id="m"/>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="m"><name>&secret;</name>
</model>
"""


def _replace(source: Path, old: str, new: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / source.name
        text = source.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return make


def _csv_copy(part: str, old: str, new: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        copy = folder / "acme-csv"
        shutil.copytree(CSV_FOLDER, copy)
        path = copy / f"acme-{part}.csv"
        text = path.read_text(encoding="utf-8-sig")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8-sig", newline="")
        return copy

    return make


def _text(name: str, text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


BAD = {
    "xml that is not archimate": (
        _text("other.xml", '<?xml version="1.0"?><catalog><book/></catalog>'),
        "other.xml is XML but not an ArchiMate model (its root element is <catalog>).",
    ),
    "malformed xml": (
        _replace(ARCHI_MODEL, "</archimate:model>", "</archimate:mod>"),
        "The file is not well-formed XML (line 89).",
    ),
    "archi relationship to a missing element": (
        _replace(ARCHI_MODEL, 'target="id-looker"', 'target="x9"'),
        'The relationship "id-r3" names a target "x9" that is not in the model.',
    ),
    "exchange relationship to a missing element": (
        _replace(EXCHANGE_FILE, 'source="id-sage"', 'source="x9"'),
        'The relationship "id-r3" names a source "x9" that is not in the model.',
    ),
    "csv relationship to a missing element": (
        _csv_copy("relations", '"id-sage";"id-looker"', '"id-sage";"x9"'),
        'acme-relations.csv row 5: the relationship "id-r3" names a target "x9" that is not '
        "in acme-elements.csv.",
    ),
    "csv without a name column": (
        _csv_copy("elements", '"Name"', '"Label"'),
        "acme-elements.csv has no Name column (an Archi CSV export has ID, Type and Name "
        "columns), so it is not one.",
    ),
    "a billion laughs": (
        _text("bomb.archimate", BILLION_LAUGHS),
        "The file declares a DOCTYPE or entities, which an ArchiMate file never needs; it is "
        "refused unread, for safety.",
    ),
    "an external entity": (
        _text("xxe.xml", XXE),
        "The file declares a DOCTYPE or entities, which an ArchiMate file never needs; it is "
        "refused unread, for safety.",
    ),
}


@pytest.mark.parametrize("existing", [False, True], ids=["new workshop", "existing workshop"])
@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_source_is_one_sentence_exit_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    make_workshop: Callable[..., Path],
    case: str,
    existing: bool,
) -> None:
    make, sentence = BAD[case]
    source = make(tmp_path)
    workshop = make_workshop(name="kept") if existing else tmp_path / "new" / "w.seamwork"
    before = (digest(workshop), os.stat(workshop).st_mtime_ns) if existing else None

    code, out, err = run(capsys, "import", workshop, source)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.endswith(f"{sentence}\n")
    assert err.startswith(f"seamwork: {source}")
    if existing:
        assert (digest(workshop), os.stat(workshop).st_mtime_ns) == before
    else:
        assert not workshop.exists() and not workshop.parent.exists()


def test_the_readers_refuse_with_a_sentence_too(tmp_path: Path) -> None:
    """The app calls `read_source` directly: the same sentences, as ImportValidationError."""
    with pytest.raises(ImportValidationError, match="names a target"):
        read_source(_replace(ARCHI_MODEL, 'target="id-looker"', 'target="x9"')(tmp_path))


def test_map_is_refused_for_archimate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "import", tmp_path / "w.seamwork", ARCHI_MODEL, "--map", "a=b")
    assert code == 2 and "--map applies to spreadsheets" in err
    assert not (tmp_path / "w.seamwork").exists()


def test_an_archi_archive_with_images_reads_as_the_model(tmp_path: Path) -> None:
    """Archi saves a model holding images as a zip of model.xml and images/."""
    import zipfile

    archive = tmp_path / "with-images.archimate"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(ARCHI_MODEL, "model.xml")
        out.writestr("images/logo.png", b"\x89PNG not really")
    assert sniff(archive) == ARCHI
    assert read_source(archive).document == read_source(ARCHI_MODEL).document


def test_the_preview_shows_the_first_elements_and_what_they_become(acme: Source) -> None:
    assert acme.preview[0] == ["Type", "Name", "Becomes"]
    assert ["BusinessActor", "Customer", "skipped"] in acme.preview
    assert ["ApplicationComponent", "Shopify", "system"] in acme.preview
    assert ["DataObject", "Sales order", "data object"] in acme.preview


def test_an_archimate_2_exchange_file_is_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(
        '<?xml version="1.0"?><model xmlns="http://www.opengroup.org/xsd/archimate" '
        'identifier="m"/>',
        encoding="utf-8",
    )
    with pytest.raises(ImportValidationError, match="ArchiMate 2.1 exchange file"):
        sniff(path)
