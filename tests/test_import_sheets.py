"""Spreadsheets as import sources (issue 16): a client's application inventory and interface
catalogue, and Seamwork's own xlsx export edited and imported back. Real files: the samples in
tests/fixtures/sheets/ and workbooks written here with openpyxl."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as run
from export_files import hostile_workshop, priority_demo, professional_services
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from storage.formats.sources import CSV, XLSX, ReadOptions, read_source, sniff

SHEETS = Path(__file__).parent / "fixtures" / "sheets"
INVENTORY = SHEETS / "inventory.xlsx"
CATALOGUE = SHEETS / "catalogue.csv"
CP1252 = SHEETS / "inventory-cp1252.csv"


def exported(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    code, out, err = run(capsys, "export", path, "-f", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def by_name(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["name"]: entry for entry in entries}


def workbook(path: Path, *sheets: tuple[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# --- a client's own sheets ----------------------------------------------------------------------


def test_an_inventory_workbook_reads_by_header_synonyms_under_its_title_row() -> None:
    assert sniff(INVENTORY) == XLSX
    source = read_source(INVENTORY)
    assert source.label == "spreadsheet of systems"
    assert source.mapping == [
        ("Application", "name"), ("Business owner", "owner"), ("Supplier", "vendor"),
        ("Type", "category"), ("Status", "lifecycle"), ("Deployment", "hosting"),
        ("API", "api"), ("Criticality", "criticality"), ("Comments", "notes"),
        ("Cost centre", "notes"),
    ]  # fmt: skip
    assert source.skipped == {"title row above the header": 1}
    assert source.preview[0][0] == "Application"
    assert source.preview[1][:2] == ["Sage X3", "Finance director"]
    assert len(source.preview) == 5  # the header and the four rows (the blank one skipped)
    systems = by_name(source.document["systems"])
    assert systems["Sage X3"] == {
        "name": "Sage X3", "owner": "Finance director", "vendor": "Sage", "category": "erp",
        "lifecycle": "live", "hosting": "on-premise", "api": "soap", "criticality": 5,
        "notes": "Heavily customised\nCost centre: FIN-01",
    }  # fmt: skip
    assert systems["Shopify"]["category"] == "e-commerce"
    assert systems["Shopify"]["hosting"] == "saas"
    assert systems["Shopify"]["api"] == "rest"


def test_values_that_match_no_choice_stay_unknown_and_are_kept_in_notes() -> None:
    source = read_source(INVENTORY)
    systems = by_name(source.document["systems"])
    assert "lifecycle" not in systems["Salesforce"]  # "Legacy" is not surely "retiring"
    assert systems["Salesforce"]["notes"] == "To be replaced?\nStatus: Legacy"
    planning = systems["Excel planning"]
    assert "category" not in planning and "hosting" not in planning
    assert "criticality" not in planning  # "Unknown" says nothing, and is not kept
    assert planning["notes"] == "Type: Spreadsheet\nDeployment: Laptop"
    assert source.kept_in_notes == 3
    assert (
        "Kept in notes: 3 values that match no valid choice; those fields stay unknown."
        in source.lines()
    )


def test_an_inventory_imports_by_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "acme.seamwork"
    code, out, err = run(capsys, "import", target, INVENTORY)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{INVENTORY}: read as spreadsheet of systems."
    assert out.splitlines()[-1] == f"{target}: Imported 4 systems (4 new)."
    systems = by_name(exported(capsys, target)["systems"])
    assert systems["Salesforce"]["lifecycle"] is None
    assert systems["Sage X3"]["criticality"] == 5


def test_an_interface_catalogue_with_semicolons_and_a_bom(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert CATALOGUE.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sniff(CATALOGUE) == CSV
    source = read_source(CATALOGUE)
    assert source.label == "spreadsheet of flows"
    assert source.mapping[:5] == [
        ("Source system", "source"), ("Target system", "target"),
        ("Data object", "data_object"), ("Frequency", "frequency"),
        ("Interface type", "mechanism"),
    ]  # fmt: skip
    flows = source.document["flows"]
    assert flows[0] == {
        "source": "Shopify", "target": "Sage X3", "data_object": "Sales order",
        "frequency": "real-time", "mechanism": "api", "direction": "one-way", "owner": "IT",
        "manual_hours_per_week": 0,
        # "1.200" is 1200 in Germany and 1.2 in England: kept, not guessed
        "notes": "Orders paid online\nVolume per day: 1.200\nMiddleware: none",
    }  # fmt: skip
    assert flows[1]["frequency"] == "daily"  # "Nightly"
    assert flows[1]["manual_hours_per_week"] == 6.5  # "6,5"
    assert flows[2]["notes"] == "Frequency: Every full moon\nInterface type: Fax"
    assert flows[3]["notes"] == "=A1"  # a client's text, read as it is
    # what the flows name is created by name, as the JSON import needs it present
    assert source.document["systems"] == [
        {"name": "Shopify"}, {"name": "Sage X3"}, {"name": "Looker"}
    ]  # fmt: skip
    assert [o["name"] for o in source.document["data_objects"]] == [
        "Sales order", "Stock", "Invoice"
    ]  # fmt: skip

    target = tmp_path / "acme.seamwork"
    code, out, err = run(capsys, "import", target, CATALOGUE)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        f"{target}: Imported 3 systems (3 new), 3 data objects (3 new), 4 flows (4 new)."
    )


def test_a_catalogue_merges_into_the_systems_a_workshop_has(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "acme.seamwork"
    assert run(capsys, "import", target, INVENTORY)[0] == 0
    code, out, _ = run(capsys, "import", target, CATALOGUE)
    assert code == 0
    systems = by_name(exported(capsys, target)["systems"])
    assert systems["Shopify"]["owner"] == "Head of e-commerce"  # kept: the sheet named it only
    assert "1 new, 2 unchanged" in out
    assert '  new system "Looker"' in out.splitlines()
    assert '  new flow "Shopify -> Sage X3: Sales order"' in out.splitlines()


def test_a_clients_notes_add_to_the_notes_the_room_typed_and_an_export_replaces_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A client's sheet knows nothing of the workshop's notes: its own are added under them
    (once: the same sheet again adds nothing), never in their place. Seamwork's export edited
    is the workshop's copy: its notes replace."""
    target = tmp_path / "acme.seamwork"
    room = {"format": "seamwork/1", "systems": [{"name": "Sage X3", "notes": "Typed in the room."}]}
    source = tmp_path / "room.json"
    source.write_text(json.dumps(room))
    assert run(capsys, "import", target, source)[0] == 0
    sheet = workbook(
        tmp_path / "apps.xlsx",
        ("Apps", [["Application", "Comments", "Cost centre"], ["Sage X3", "The ERP", "FIN-01"]]),
    )
    for _ in range(2):
        code, out, err = run(capsys, "import", target, sheet)
        assert (code, err) == (0, "")
        notes = by_name(exported(capsys, target)["systems"])["Sage X3"]["notes"]
        assert notes == "Typed in the room.\nThe ERP\nCost centre: FIN-01"
        if _ == 0:
            assert (
                out.splitlines()[-1]
                == '  system "Sage X3": notes added "The ERP Cost centre: FIN-01"'
            )
    assert out.splitlines()[-1].endswith("Imported 1 system (1 unchanged).")

    book = tmp_path / "acme.xlsx"
    assert run(capsys, "export", target, "-f", "xlsx", "--audience", "team", "-o", book)[0] == 0
    edited = load_workbook(book)
    systems = edited["Systems"]
    header = [cell.value for cell in systems[1]]
    systems.cell(row=2, column=header.index("notes") + 1).value = "Rewritten."
    edited.save(book)
    assert run(capsys, "import", target, book)[0] == 0
    assert by_name(exported(capsys, target)["systems"])["Sage X3"]["notes"] == "Rewritten."


def test_blank_rows_above_the_header_are_no_title(tmp_path: Path) -> None:
    path = _csv(tmp_path / "apps.csv", "\n,,\nApplication,Owner\nXero,Finance\n")
    source = read_source(path)
    assert source.skipped == {}
    assert source.document["systems"] == [{"name": "Xero", "owner": "Finance"}]


def test_a_windows_1252_csv_reads_its_accents() -> None:
    with pytest.raises(UnicodeDecodeError):
        CP1252.read_bytes().decode("utf-8")
    systems = read_source(CP1252).document["systems"]
    assert systems[0] == {
        "name": "Kassensystem Zürich", "vendor": "Café Soft GmbH", "owner": "Zoé Müller",
        "hosting": "on-premise", "notes": "Kosten 1.200 € / Jahr – Lizenz",
    }  # fmt: skip
    assert systems[1]["owner"] == "Åsa Öberg"


def test_map_overrides_the_headers_matching(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    options = ReadOptions(
        column_map={"cost centre": "vendor", "Supplier": "skip", "Comments": "owner",
                    "Business owner": "notes"}
    )  # fmt: skip
    source = read_source(INVENTORY, options)
    assert ("Cost centre", "vendor") in source.mapping
    assert ("Supplier", "skip") in source.mapping
    sage = by_name(source.document["systems"])["Sage X3"]
    assert sage["vendor"] == "FIN-01"
    assert sage["owner"] == "Heavily customised"
    assert sage["notes"] == "Finance director"

    target = tmp_path / "acme.seamwork"
    code, out, err = run(
        capsys, "import", target, INVENTORY, "--map", "Cost centre=skip", "--map", "Type=notes"
    )
    assert (code, err) == (0, "")
    systems = by_name(exported(capsys, target)["systems"])
    assert systems["Sage X3"]["category"] is None
    assert systems["Sage X3"]["notes"] == "ERP\nComments: Heavily customised"


def test_map_to_an_unknown_field_is_one_sentence_listing_the_valid_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "acme.seamwork"
    code, out, err = run(capsys, "import", target, INVENTORY, "--map", "Supplier=seller")
    assert code == 2 and out == ""
    assert err == (
        f'seamwork: {INVENTORY}: --map "Supplier=seller": "seller" is not a field; the fields '
        "are api, approach, category, criticality, data_object, direction, error_handling, "
        "frequency, hosting, lifecycle, manual_hours_per_week, mechanism, monitored, name, "
        "owner, security, source, state, target, vendor, volume_per_day, and notes or skip.\n"
    )
    assert not target.exists()
    code, _, err = run(capsys, "import", target, INVENTORY, "--map", "Price=notes")
    assert code == 2
    assert err.startswith(f"seamwork: {INVENTORY}: --map names a column the sheet does not ")
    assert not target.exists()


def test_a_workbook_with_an_inventory_and_a_catalogue_reads_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "landscape.xlsx",
        ("Cover", [["Acme landscape"], ["Prepared for the workshop"]]),
        ("Applications", [["Application", "Hosting"], ["Shopify", "SaaS"], ["Sage X3", "On prem"]]),
        ("Interfaces", [["From", "To", "Payload", "Schedule"],
                        ["Shopify", "Sage X3", "Orders", "Real time"],
                        ["Sage X3", "Xero", "Invoices", "Nightly"]]),
        ("More systems", [["System", "Owner"], ["Looker", "BI team"]]),
    )  # fmt: skip
    source = read_source(path)
    assert (
        source.label == 'spreadsheet of systems and flows (sheets "Applications" and "Interfaces")'
    )
    assert source.skipped == {"other sheets": 2}  # the cover, and a second inventory
    assert ("Applications: Hosting", "hosting") in source.mapping
    assert ("Interfaces: Payload", "data_object") in source.mapping
    assert source.document["systems"] == [
        {"name": "Shopify", "hosting": "saas"}, {"name": "Sage X3", "hosting": "on-premise"},
        {"name": "Xero"},
    ]  # fmt: skip
    target = tmp_path / "acme.seamwork"
    code, out, _ = run(capsys, "import", target, path)
    assert code == 0
    assert out.splitlines()[-1] == (
        f"{target}: Imported 3 systems (3 new), 2 data objects (2 new), 2 flows (2 new)."
    )


# --- bad inputs: one sentence, exit 2, nothing written ------------------------------------------


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "no name column": (
        lambda folder: workbook(
            folder / "bad.xlsx", ("Costs", [["Cost centre", "Budget"], ["FIN-01", 100]])
        ),
        'sheet "Costs": the header in row 1 has neither a name column '
        '("Application", "System", "Name") for systems, or source and target columns '
        '("Source system", "From"; "Target system", "To") for flows.',
    ),
    "two header rows": (
        lambda folder: workbook(
            folder / "bad.xlsx",
            (
                "Interfaces",
                [
                    ["Interface", None, "Details", None],
                    ["Source system", "Module", "Target system", "Data object"],
                    ["Shopify", "Orders", "Sage X3", "Sales order"],
                ],
            ),
        ),
        'sheet "Interfaces": row 1 looks like a second header row above '
        "the header in row 2; keep one header row and import again.",
    ),
    "empty sheet": (
        lambda folder: workbook(folder / "bad.xlsx", ("Sheet1", [])),
        'sheet "Sheet1": the sheet is empty.',
    ),
    "empty csv": (
        lambda folder: _csv(folder / "bad.csv", "\r\n\r\n"),
        "the sheet is empty.",
    ),
    "blank name": (
        lambda folder: _csv(folder / "bad.csv", "Application,Owner\nShopify,Ops\n\n,Finance\n"),
        "row 4: the row has data but no name; fill it in or delete the row.",
    ),
    "blank flow end": (
        lambda folder: _csv(folder / "bad.csv", "From;To;Data\nShopify;;Orders\n"),
        "row 2: the row has data but no target; fill it in or delete the row.",
    ),
    "no data object column": (
        lambda folder: _csv(folder / "bad.csv", "From;To\nShopify;Sage X3\n"),
        'no data object column; name one with --map "COLUMN=data_object".',
    ),
    "duplicate flow rows": (
        lambda folder: _csv(
            folder / "bad.csv",
            "From,To,Data,Frequency\nShopify,Sage X3,Orders,"
            "Daily\nSage X3,Xero,Invoices,\nshopify,Sage X3, Orders,Hourly\n",
        ),
        'row 4: the flow "shopify -> Sage X3: Orders" is already in row 2.',
    ),
    "duplicate systems": (
        lambda folder: _csv(folder / "bad.csv", "System,Owner\nXero,Finance\nXERO,Ops\n"),
        'row 3: "XERO" is already in row 2.',
    ),
    "a flow to itself": (
        lambda folder: _csv(folder / "bad.csv", "From,To,Data\nXero,xero,Invoices\n"),
        'row 2: the source and target are the same system, "Xero".',
    ),
    "a control character in text": (
        lambda folder: workbook(
            folder / "bad.xlsx",
            ("Apps", [["Application", "Notes"], ["Xero", "ok"], ["Shopify", "bell\x9b31m"]]),
        ),
        'sheet "Apps", row 3: column "Notes": contains U+009B, a character no export can carry.',
    ),
    "a control character in csv text": (
        lambda folder: _csv(folder / "bad.csv", "Application,Notes\nXero,ok\nShopify,a\x1b[31m\n"),
        'row 3: column "Notes": contains U+001B, a character no export can carry.',
    ),
    "a control character in a name": (
        lambda folder: _csv(folder / "bad.csv", "Application\nShop\x07ify\n"),
        'row 2: column "Application": name cannot contain control characters or line breaks.',
    ),
    "a value under a blank header": (
        lambda folder: _csv(folder / "bad.csv", "Application,,Owner\nXero,Finance,Ana\n"),
        "row 2: a value in column 2, which has no header.",
    ),
    "the name column skipped": (
        lambda folder: _csv(folder / "bad.csv", "Application,Owner\nXero,Ana\n"),
        'the header in row 1 has neither a name column ("Application", '
        '"System", "Name") for systems, or source and target columns ("Source system", "From"; '
        '"Target system", "To") for flows.',
    ),
    "neither utf-8 nor windows-1252": (
        lambda folder: _bytes(folder / "bad.csv", b"Application\nCaf\xe9\x81\n"),
        "the file is neither UTF-8 nor Windows-1252 text (a bad byte at offset 16); "
        "save it as CSV UTF-8 and import that.",
    ),
    "a nul byte": (
        lambda folder: _bytes(folder / "bad.csv", b"Application,Notes\nXero,a\x00b\n"),
        'row 2: column "Notes": contains U+0000, a character no export can carry.',
    ),
    "a value without a header": (
        lambda folder: _csv(folder / "bad.csv", "Application,Owner\nXero,Finance,oops\n"),
        "row 2: a value in column 3, which has no header.",
    ),
    "no sheet of systems or flows": (
        lambda folder: workbook(folder / "bad.xlsx", ("A", [["Cost"], [1]]), ("B", [["x"]])),
        'no sheet has a header row with a name column ("Application", '
        '"System", "Name") for systems, or source and target columns ("Source system", "From"; '
        '"Target system", "To") for flows.',
    ),
    "not a workbook": (
        lambda folder: _zip(folder / "bad.xlsx"),
        "the file is not a workbook Seamwork can read (KeyError).",
    ),
    "an exported value edited to nonsense": (
        lambda folder: _edited_export(folder, lambda book: book["Flows"].cell(2, 4, "dayly")),
        'sheet "Flows", row 2: column "frequency": "dayly" is not one of '
        "real-time, hourly, daily, weekly, on-demand, ad-hoc.",
    ),
}


MAPS = {"the name column skipped": ["--map", "Application=skip"]}


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _zip(path: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return path


def _edited_export(folder: Path, edit: Callable[[Any], Any]) -> Path:
    from tui.cli import main

    demo = priority_demo(folder)
    path = folder / "demo.xlsx"
    assert main(["export", str(demo), "-f", "xlsx", "-o", str(path)]) == 0
    book = load_workbook(path)
    edit(book)
    book.save(path)
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_sheet_is_one_sentence_and_changes_nothing(
    case: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    make_demo: Callable[..., Path],
) -> None:
    make, sentence = BAD[case]
    folder = tmp_path / "in"
    folder.mkdir()
    source = make(folder)
    capsys.readouterr()
    workshop = make_demo("workshop")
    before = workshop.read_bytes()
    options = MAPS.get(case, [])
    code, out, err = run(capsys, "import", workshop, source, *options)
    assert (code, out, err) == (2, "", f"seamwork: {source}: {sentence}\n")
    assert workshop.read_bytes() == before
    fresh = tmp_path / "new" / "fresh.seamwork"
    assert run(capsys, "import", fresh, source, *options)[0] == 2
    assert not fresh.exists() and not fresh.parent.exists()


# --- Seamwork's own export, edited and imported back --------------------------------------------


def test_an_edited_export_imports_back_as_exactly_its_edits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    demo = tmp_path / "demo.seamwork"
    assert run(capsys, "demo", demo)[0] == 0
    before = exported(capsys, demo)
    sheet = tmp_path / "demo.xlsx"
    assert run(capsys, "export", demo, "-f", "xlsx", "-o", sheet)[0] == 0

    book = load_workbook(sheet)
    systems = book["Systems"]
    header = [cell.value for cell in systems[1]]
    row = next(r for r in systems.iter_rows(min_row=2) if r[0].value == "Shopify")
    old_owner = row[header.index("owner")].value
    row[header.index("owner")].value = "E-commerce team"
    flows = book["Flows"]
    columns = [cell.value for cell in flows[1]]
    new_flow = dict.fromkeys(columns, None) | {
        "source": "Shopify", "target": "Xero", "data_object": "Stock",
        "frequency": "Nightly", "mechanism": "ipaas", "monitored": "not recorded",
        "volume_per_day": 12,
    }  # fmt: skip
    flows.append([new_flow[column] for column in columns])
    book.save(sheet)

    code, out, err = run(capsys, "import", demo, sheet)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{sheet}: read as Seamwork export."
    assert "Skipped: 15 other sheets." in lines
    assert lines[-3:] == [
        f"{demo}: Imported 10 systems (1 updated, 9 unchanged), 9 data objects (9 unchanged), "
        "25 flows (1 new, 24 unchanged).",
        f'  system "Shopify": owner "{old_owner}" -> "E-commerce team"',
        '  new flow "Shopify -> Xero: Stock"',
    ]

    after = exported(capsys, demo)
    shopify = by_name(after["systems"])["Shopify"]
    assert shopify == by_name(before["systems"])["Shopify"] | {"owner": "E-commerce team"}
    added = [flow for flow in after["flows"] if flow not in before["flows"]]
    assert added == [
        {"source": "Shopify", "target": "Xero", "data_object": "Stock", "frequency": "daily",
         "mechanism": "ipaas", "direction": None, "state": None, "approach": None, "owner": "",
         "error_handling": "", "security": "", "monitored": None, "volume_per_day": 12,
         "manual_hours_per_week": None, "notes": ""}
    ]  # fmt: skip
    assert after == before | {
        "systems": after["systems"], "flows": after["flows"]
    }  # fmt: skip
    assert [s for s in after["systems"] if s["name"] != "Shopify"] == [
        s for s in before["systems"] if s["name"] != "Shopify"
    ]
    assert [f for f in after["flows"] if f not in added] == before["flows"]


def test_an_export_with_a_column_added_and_labels_deleted_is_still_read_as_the_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def edit(book: Any) -> None:
        systems = book["Systems"]
        systems.delete_cols(10)  # api_label
        systems.delete_cols(3)  # category_label
        systems.cell(1, systems.max_column + 1, "Reviewed by")
        systems.cell(2, systems.max_column, "Sam")
        systems.cell(3, 4).value = None  # a cleared owner is cleared
        systems.cell(3, 5).value = None  # a cleared lifecycle is unknown: no answer forgotten

    sheet = _edited_export(tmp_path, edit)
    capsys.readouterr()
    book = load_workbook(sheet)
    name, owner = book["Systems"].cell(3, 1).value, None
    demo = tmp_path / "demo.seamwork"
    before = by_name(exported(capsys, demo)["systems"])
    source = read_source(sheet)
    assert source.label == "Seamwork export"
    assert ("Systems: Reviewed by", "skip") in source.mapping
    code, out, err = run(capsys, "import", demo, sheet)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (f'  system "{name}": owner "{before[name]["owner"]}" -> ""')
    assert by_name(exported(capsys, demo)["systems"])[name]["owner"] == (owner or "")
    code, _, err = run(capsys, "import", demo, sheet, "--map", "Reviewed by=notes")
    assert code == 2
    assert err == (
        f"seamwork: {sheet}: it is a Seamwork export, read by its own headers; --map does not "
        "apply to it.\n"
    )


def _demo(folder: Path) -> Path:
    return priority_demo(folder)


def _hostile(folder: Path) -> Path:
    return hostile_workshop(folder / "hostile.seamwork")


def _services(folder: Path) -> Path:
    return professional_services(folder / "services.seamwork")


@pytest.mark.parametrize("audience", ["client", "team"])
@pytest.mark.parametrize("make", [_demo, _hostile, _services], ids=["demo", "hostile", "services"])
def test_an_unedited_export_imports_back_with_no_change(
    make: Callable[[Path], Path],
    audience: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    workshop = make(tmp_path)
    before = workshop.read_bytes()
    sheet = tmp_path / "export.xlsx"
    code, _, err = run(
        capsys, "export", workshop, "-f", "xlsx", "-o", sheet, "--audience", audience
    )
    assert (code, err) == (0, "")
    json_before = exported(capsys, workshop)
    code, out, err = run(capsys, "import", workshop, sheet)
    assert (code, err) == (0, "")
    summary = out.splitlines()[-1]
    assert " new" not in summary and "updated" not in summary, out
    assert exported(capsys, workshop) == json_before
    assert before  # the file itself records the import in its audit trail; its data is equal

    folder = tmp_path / "csv"
    assert (
        run(capsys, "export", workshop, "-f", "csv", "-o", folder, "--audience", audience)[0] == 0
    )
    for table in ("systems", "data_objects", "flows"):
        code, out, err = run(capsys, "import", workshop, folder / f"{table}.csv")
        assert (code, err) == (0, ""), err
        assert out.splitlines()[0] == f"{folder / f'{table}.csv'}: read as Seamwork export."
        summary = out.splitlines()[-1]
        assert " new" not in summary and "updated" not in summary, out
    assert exported(capsys, workshop) == json_before


def test_an_exported_workbook_copied_into_a_new_workshop_keeps_its_systems_and_flows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    demo = priority_demo(tmp_path)
    sheet = tmp_path / "team.xlsx"
    assert run(capsys, "export", demo, "-f", "xlsx", "-o", sheet, "--audience", "team")[0] == 0
    copy = tmp_path / "copy.seamwork"
    assert run(capsys, "import", copy, sheet)[0] == 0
    original, copied = exported(capsys, demo), exported(capsys, copy)
    assert copied["systems"] == original["systems"]
    assert copied["flows"] == original["flows"]
    # definitions are a sheet of their own, left alone
    assert [{**o, "definitions": []} for o in original["data_objects"]] == copied["data_objects"]


def test_changes_are_listed_for_json_imports_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make_demo: Callable[..., Path]
) -> None:
    demo = make_demo()
    source = tmp_path / "change.json"
    source.write_text(json.dumps({
        "format": "seamwork/1",
        "workshop": {"client": "Acme Wholesale"},
        "systems": [{"name": "Xero", "criticality": 1, "notes": "line one\nline two"},
                    {"name": "Pipedrive", "category": "crm"}],
    }), encoding="utf-8")  # fmt: skip
    before = exported(capsys, demo)
    old = by_name(before["systems"])["Xero"]
    code, out, _ = run(capsys, "import", demo, source)
    assert code == 0
    assert exported(capsys, demo)["workshop"]["client"] == "Acme Wholesale"
    assert out.splitlines()[1:] == [
        f'  workshop: client "{before["workshop"]["client"]}" -> "Acme Wholesale"',
        f'  system "Xero": criticality {old["criticality"]} -> 1',
        f'  system "Xero": notes "{" ".join(old["notes"].split())[:59].rstrip()}'
        + ("\u2026" if len(old["notes"]) > 60 else "")
        + '" -> "line one line two"',
        '  new system "Pipedrive"',
    ]


def test_an_import_lists_the_first_50_changes_and_how_many_more(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make_demo: Callable[..., Path]
) -> None:
    demo = make_demo()
    source = tmp_path / "many.json"
    systems = [{"name": f"System {number:03}"} for number in range(60)]
    source.write_text(json.dumps({"format": "seamwork/1", "systems": systems}), "utf-8")
    code, out, _ = run(capsys, "import", demo, source)
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == '  new system "System 000"'
    assert lines[50] == '  new system "System 049"'
    assert lines[51:] == ["  and 10 more"]


# Text a spreadsheet would run, an error value, spaces at the ends, line breaks, any script.
_TEXT = st.one_of(
    st.sampled_from(["", "=1+1", "+44 20", "-", "@SUM(A1)", "\tindented", "#N/A", " padded ",
                     "two\nlines", "Zürich “quoted” 日本語", "not recorded", "'quoted"]),
    st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=30).filter(
        lambda text: not (text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t"))
    ),
)  # fmt: skip


# Names as a client writes them, some starting as a formula would.
_NAME = st.tuples(
    st.sampled_from(["", "=", "+", "-", "@", "#"]),
    st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12),
).map("".join)


@st.composite
def _workshops(draw: st.DrawFn) -> dict[str, Any]:
    """A seamwork/1 document of systems, data objects and flows with any answers, or none."""

    def maybe(values: Any) -> Any:
        return draw(st.one_of(st.none(), values))

    count = draw(st.integers(min_value=2, max_value=4))
    names = [draw(_NAME) + f" {index}" for index in range(count)]
    systems = [
        {"name": name, "category": maybe(st.sampled_from(["erp", "hr", "e-commerce", "other"])),
         "vendor": draw(_TEXT), "owner": draw(_TEXT), "lifecycle": maybe(st.just("live")),
         "hosting": maybe(st.sampled_from(["saas", "on-premise"])),
         "api": maybe(st.sampled_from(["rest", "none"])),
         "criticality": maybe(st.integers(1, 5)), "notes": draw(_TEXT)}
        for name in names
    ]  # fmt: skip
    objects = [{"name": "Orders", "owner": draw(_TEXT), "source_of_truth": maybe(st.just(names[0])),
                "sensitivity": maybe(st.just("personal")), "definition": draw(_TEXT)}]  # fmt: skip
    flows = [
        {"source": names[0], "target": target, "data_object": "Orders",
         "frequency": maybe(st.sampled_from(["real-time", "daily", "ad-hoc"])),
         "mechanism": maybe(st.just("ipaas")), "direction": maybe(st.just("two-way")),
         "state": maybe(st.just("partial")), "approach": maybe(st.just("undecided")),
         "owner": draw(_TEXT), "error_handling": draw(_TEXT), "security": draw(_TEXT),
         "monitored": maybe(st.booleans()), "volume_per_day": maybe(st.integers(0, 10**9)),
         "manual_hours_per_week": maybe(st.decimals(0, 10_000, places=2).map(float)),
         "notes": draw(_TEXT)}
        for target in names[1:]
    ]  # fmt: skip
    return {"format": "seamwork/1", "systems": systems, "data_objects": objects, "flows": flows}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=_workshops(), audience=st.sampled_from(["client", "team"]))
def test_any_unedited_export_imports_back_with_no_change(
    document: dict[str, Any], audience: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tui.cli import main

    folder = tmp_path_factory.mktemp("roundtrip")
    source = folder / "source.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    workshop = folder / "w.seamwork"
    sheet = folder / "w.xlsx"
    assert main(["import", str(workshop), str(source)]) == 0
    assert (
        main(["export", str(workshop), "-f", "xlsx", "-o", str(sheet), "--audience", audience]) == 0
    )
    read = read_source(sheet)
    from storage.formats.seamwork_json.document import import_document, parse_document
    from storage.workshop_file import open_workshop

    with open_workshop(workshop) as opened, opened.session() as session:
        summary = import_document(session, parse_document(json.dumps(read.document)))
    assert summary.changes == []
    assert not summary.created and not summary.updated


def test_what_was_skipped_is_counted_in_good_english() -> None:
    from storage.formats.sources import counted

    assert counted(1, "other application elements") == "1 other application element"
    assert counted(3, "business elements") == "3 business elements"
    assert counted(1, "relationships from a system to itself") == (
        "1 relationship from a system to itself"
    )
    assert counted(1, "views") == "1 view" and counted(1, "other sheets") == "1 other sheet"
