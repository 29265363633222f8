"""CSV and xlsx exports read back; formulas neutralised; failed exports leave nothing behind.

What the tables hold is read from the workshop on both engines (`shared_at`); where an export
goes and how a failed write is undone are the destination's matters, the same code whatever
the workshop lives on, so those tests read the file (`demo_file`)."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from export_files import (
    FORMULAS,
    SCRIPT,
    add_priorities,
    fill_hostile,
    priority_demo,
    shared_priority_demo,
)
from openpyxl import load_workbook

from storage import atomic
from storage.errors import ExportError
from storage.formats.csv import neutralise
from storage.formats.export import FORMATS, TEXT_FORMATS, default_destination, export
from storage.workshop_file import open_workshop

TABLES = [
    "workshop", "systems", "data_objects", "definitions", "flows", "scenarios", "checks",
    "criteria", "candidates", "scores", "kpis", "sessions", "attendees", "agenda", "decisions",
    "actions", "parking_lot", "findings",
]  # fmt: skip
SHEETS = [
    "Workshop", "Systems", "Data objects", "Definitions", "Flows", "Scenarios", "Checks",
    "Criteria", "Candidates", "Scores", "KPIs", "Sessions", "Attendees", "Agenda", "Decisions",
    "Actions", "Parking lot", "Findings",
]  # fmt: skip


def write(path: Path | str, fmt: str, destination: Path, **options: object) -> str | Path:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return export(session, fmt, destination, **options)  # type: ignore[arg-type]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def hostile(shared_at: Callable[..., str]) -> str:
    where = shared_at("hostile")
    fill_hostile(where)
    add_priorities(where)
    return where


@pytest.fixture(scope="module")
def demo(shared_at: Callable[..., str]) -> str:
    return shared_priority_demo(shared_at)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return priority_demo(tmp_path_factory.mktemp("demo"))


def test_formula_prefixes_are_neutralised() -> None:
    for text in ("=1+1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    for text in ("Shopify", "", "a=b", "'quoted", " =x"):
        assert neutralise(text) == text


def test_default_destinations_follow_design_md() -> None:
    workshop = Path("/w/acme.seamwork")
    assert default_destination(workshop, "html") == Path("/w/acme.html")
    assert default_destination(workshop, "xlsx") == Path("/w/acme.xlsx")
    assert default_destination(workshop, "csv") == Path("/w/acme-csv")
    assert default_destination(workshop, "csv", csv_zip=True) == Path("/w/acme-csv.zip")
    for fmt in TEXT_FORMATS:
        assert default_destination(workshop, fmt) is None
    assert default_destination(workshop, "archimate-xml") == Path("/w/acme.xml")
    assert default_destination(workshop, "archi-csv") == Path("/w/acme-archi")
    assert set(FORMATS) == {"md", "html", "csv", "xlsx", "json", "mermaid", "archimate-xml",
                            "archi-csv"}  # fmt: skip


def test_csv_folder_has_a_file_per_table_and_no_live_formulas(hostile: str, tmp_path: Path) -> None:
    folder = tmp_path / "h-csv"
    assert write(hostile, "csv", folder, audience="team") == folder  # notes hold a formula too
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    cells = []
    for file in folder.iterdir():
        rows = read_csv(file.read_bytes())
        assert rows and len({len(row) for row in rows}) == 1  # a header, rectangular
        cells += [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert SCRIPT in cells  # only spreadsheet syntax is touched; text is kept as typed
    systems = read_csv((folder / "systems.csv").read_bytes())
    assert systems[0][:4] == ["name", "category", "category_label", "vendor"]
    flows = read_csv((folder / "flows.csv").read_bytes())
    assert flows[1][:3] == [SCRIPT, "'" + FORMULAS[0], "Orders | `code`"]
    assert flows[1][flows[0].index("notes")] == "'+44 20 7946 0000"


def test_csv_zip_holds_the_same_files(
    demo: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both exports stamp exported_at: pin the clock so a second boundary between them is no diff.
    monkeypatch.setenv("SEAMWORK_NOW", "2026-03-02T09:00:00+00:00")
    folder, archive = tmp_path / "d-csv", tmp_path / "d.zip"
    write(demo, "csv", folder)
    assert write(demo, "csv", archive) == archive
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == sorted(f"{t}.csv" for t in TABLES)
        for name in opened.namelist():
            assert opened.read(name) == (folder / name).read_bytes()
    other = tmp_path / "d-zip"
    assert write(demo, "csv", other, csv_zip=True) == other  # csv_zip: a zip whatever the name
    assert zipfile.is_zipfile(other)


def test_csv_values_are_the_files_own(demo: str, tmp_path: Path) -> None:
    folder = tmp_path / "d-csv"
    write(demo, "csv", folder, since=None)
    flows = read_csv((folder / "flows.csv").read_bytes())
    header, rows = flows[0], flows[1:]
    assert len(rows) == 24
    row = dict(zip(header, rows[1], strict=True))
    assert row["frequency"] in ("daily", "hourly", "weekly", "real-time", "on-demand", "ad-hoc")
    assert row["monitored"] in ("true", "false")
    candidates = read_csv((folder / "candidates.csv").read_bytes())
    names = [r[1] for r in candidates[1:]]
    assert {"Test order capture", "Test stock sync"} <= set(names)
    scores = read_csv((folder / "scores.csv").read_bytes())
    assert ["Test order capture", "Operational impact", "5", ""] in scores


def test_a_csv_export_replaces_its_earlier_folder_but_nothing_else(
    demo_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "d-csv"
    folder.mkdir()
    (folder / "old.csv").write_text("stale", encoding="utf-8")
    write(demo_file, "csv", folder)
    assert not (folder / "old.csv").exists() and (folder / "flows.csv").exists()

    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        write(demo_file, "csv", precious)
    assert str(caught.value) == (
        f'Cannot write "{precious}": the folder holds files that are not CSV; choose another.'
    )
    assert [p.name for p in precious.iterdir()] == ["letter.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d-csv", "documents"]


def test_xlsx_has_every_sheet_frozen_filtered_and_sized(hostile: str, tmp_path: Path) -> None:
    target = tmp_path / "h.xlsx"
    assert write(hostile, "xlsx", target) == target
    book = load_workbook(target)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width >= 8
        assert sheet["A1"].font.bold
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    systems = book["Systems"]
    names = [cell.value for cell in systems["A"]][1:]
    assert SCRIPT in names and "'" + FORMULAS[0] in names
    assert [cell.value for cell in systems[1]][:4] == [
        "name",
        "category",
        "category_label",
        "vendor",
    ]
    flows = book["Flows"]
    header = [cell.value for cell in flows[1]]
    values = [cell.value for cell in flows[2]]
    # the room never said: not recorded, never a 0 or False a spreadsheet would sum
    assert values[header.index("volume_per_day")] == "not recorded"
    assert values[header.index("monitored")] == "not recorded"


def test_xlsx_of_the_demo_has_its_rows(demo: str, tmp_path: Path) -> None:
    target = tmp_path / "d.xlsx"
    write(demo, "xlsx", target)
    book = load_workbook(target, read_only=True)

    def rows(title: str) -> int:
        return sum(1 for _ in book[title].iter_rows(values_only=True))

    assert (rows("Flows"), rows("Systems"), rows("Checks")) == (25, 11, 331)
    flows = list(book["Flows"].iter_rows(values_only=True))
    header = flows[0]
    by_ref = {row[:3]: dict(zip(header, row, strict=True)) for row in flows[1:]}
    recorded = by_ref[("Shopify", "Sage X3", "Sales orders")]
    assert (recorded["volume_per_day"], recorded["monitored"]) == (400, True)  # numbers stay
    unknown = by_ref[("Akeneo PIM", "Shopify", "Products")]
    assert (unknown["frequency"], unknown["volume_per_day"], unknown["monitored"]) == (
        "not recorded",
        "not recorded",
        "not recorded",
    )


WRITTEN = [("html", "x.html"), ("xlsx", "x.xlsx"), ("md", "x.md"), ("csv", "x-csv"),
           ("csv", "x.zip")]  # fmt: skip


@pytest.mark.parametrize(("fmt", "name"), WRITTEN)
def test_an_unwritable_folder_fails_in_one_sentence_leaving_nothing(
    demo_file: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep", encoding="utf-8")
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError) as caught:
            write(demo_file, fmt, folder / name)
        assert str(caught.value) == f'Cannot write "{folder / name}": permission denied.'
        assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(("fmt", "name"), WRITTEN)
def test_a_failure_while_writing_keeps_the_old_export_and_no_temporary(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    target = tmp_path / name
    write(demo_file, fmt, target)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    old = target.read_bytes() if target.is_file() else (target / "flows.csv").read_bytes()

    def full_disk(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(ExportError) as caught:
        write(demo_file, fmt, target)
    assert str(caught.value) == f'Cannot write "{target}": the disk is full.'
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    now = target.read_bytes() if target.is_file() else (target / "flows.csv").read_bytes()
    assert now == old


def test_a_missing_folder_or_a_folder_as_a_file_is_one_sentence(
    demo_file: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nope" / "x.html"
    with pytest.raises(ExportError, match=r'^Cannot write ".*x\.html": the folder ".*nope" '):
        write(demo_file, "html", missing)
    with pytest.raises(ExportError) as caught:
        write(demo_file, "xlsx", tmp_path)
    assert str(caught.value) == f'Cannot write "{tmp_path}": it is a folder; give a file name.'
    with pytest.raises(ExportError) as caught:
        write(demo_file, "pdf", tmp_path / "x.pdf")
    assert str(caught.value).startswith('Unknown export format "pdf"; available: md, html')
    assert list(tmp_path.iterdir()) == []


def test_client_tables_leave_out_the_notes_and_say_codes_as_labels(
    demo: str, tmp_path: Path
) -> None:
    """The client's copy (the default) has no `notes` column; the team's has them. Codes that
    do not read as words have a label column beside them."""
    client, team = tmp_path / "client-csv", tmp_path / "team-csv"
    write(demo, "csv", client)
    write(demo, "csv", team, audience="team")
    for name in ("workshop", "systems", "flows", "candidates"):
        assert "notes" not in read_csv((client / f"{name}.csv").read_bytes())[0], name
        assert "notes" in read_csv((team / f"{name}.csv").read_bytes())[0], name
    systems = read_csv((client / "systems.csv").read_bytes())
    sage = dict(zip(systems[0], next(row for row in systems if row[0] == "Sage X3"), strict=True))
    assert (sage["category"], sage["category_label"]) == ("erp", "ERP")
    assert (sage["hosting"], sage["hosting_label"]) == ("on-premise", "On-premise")
    assert (sage["api"], sage["api_label"]) == ("soap", "SOAP")
    flows = read_csv((client / "flows.csv").read_bytes())
    header = flows[0]
    for column in ("frequency", "mechanism", "state", "approach"):
        assert header[header.index(column) + 1] == f"{column}_label"
    labels = {(row[header.index("mechanism")], row[header.index("mechanism_label")])
              for row in flows[1:]}  # fmt: skip
    assert ("ipaas", "iPaaS") in labels and ("api", "API") in labels
