"""Importing a file in the app (issue 16): the palette's "Import a file…" (m on the Overview)
asks for a path, reads it in a worker, previews the import, and writes only on ctrl+s."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interchange_files import export_file
from pilot_support import (
    SIZE,
    app_at,
    demo,
    notified,
    on_systems,
    palette,
    settle,
    type_text,
    until,
)
from seamwork_files import table_count
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import SeamworkApp
from tui.dialogs.help import HelpScreen
from tui.dialogs.import_file import ImportPathDialog, ImportPreviewDialog, resolve
from tui.widgets.form_field import FormField
from tui.widgets.table import Table

SOURCE: dict[str, Any] = {
    "format": "seamwork/1",
    "systems": [
        {"name": "Shopify", "vendor": "Shopify Inc.", "criticality": 5},  # merged: vendor changes
        {"name": "Salesforce", "category": "crm", "lifecycle": "planned"},  # new
    ],
}


def write_source(folder: Path, name: str = "source.json", data: Any = SOURCE) -> Path:
    path = folder / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def system_names(path: Path | str) -> set[str]:
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return {system.name for system in list_systems(session)}


async def ask_path(pilot: Pilot[None], typed: str) -> ImportPathDialog:
    """The palette's "Import a file…", then `typed` into its path and enter."""
    await settle(pilot)
    await palette(pilot, "Import a file…")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportPathDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportPathDialog)
    await settle(pilot, lambda: dialog.focused is dialog.query_one("#import-path"))
    await type_text(pilot, typed)
    await pilot.press("enter")
    await settle(pilot)
    return dialog


def plan_rows(dialog: ImportPreviewDialog) -> list[list[str]]:
    table = dialog.query_one("#import-plan", Table)
    return [[cell.plain for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_import_through_the_palette_previews_then_writes_and_systems_shows_it(
    workshop_at, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # a server workshop's folder is the working folder
    path = workshop_at("demo", demo=True)  # a file, and on the server
    write_source(tmp_path)
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        await ask_path(pilot, "source.json")  # relative to the workshop's folder
        preview = app.screen
        assert isinstance(preview, ImportPreviewDialog)
        assert preview.read.source.label == "seamwork/1 JSON"
        assert plan_rows(preview) == [["Systems", "1", "1", "–"]]
        assert "Salesforce" not in system_names(path)  # nothing written before ctrl+s
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, ImportPreviewDialog))
        assert notified(app)[-1].message == "Imported 2 systems (1 new, 1 updated)."
        await on_systems(pilot)
        table = app.screen.query_one("#systems-table")
        names = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        assert "Salesforce" in names
    assert "Salesforce" in system_names(path)


async def test_escape_on_the_preview_writes_nothing(tmp_path):
    path = demo(tmp_path)
    write_source(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await ask_path(pilot, "source.json")
        assert isinstance(app.screen, ImportPreviewDialog)
        steps, before = table_count(path, "step"), export_file(path)
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.is_modal
    # The workshop as it was: every row (its whole export) and no step in its history. (The
    # file's bytes are the app's: it keeps the findings and checkpoints as it closes.)
    assert export_file(path) == before
    assert table_count(path, "step") == steps


async def test_a_bad_file_says_why_under_the_path_and_writes_nothing(tmp_path):
    path = demo(tmp_path)
    write_source(tmp_path, "bad.json", {"format": "seamwork/1", "systems": [{"nmae": "X"}]})
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        steps = table_count(path, "step")
        dialog = await ask_path(pilot, "bad.json")
        assert app.screen is dialog  # no preview
        error = dialog.query_one("#field-path", FormField).error
        assert error == "systems[0].name: Name is required (1 more problem in the file)."
        dialog.query_one("#import-path", Input).value = "missing.json"
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.query_one("#field-path", FormField).error == (
            f"{tmp_path / 'missing.json'} does not exist."
        )
        assert table_count(path, "step") == steps


async def test_markup_in_the_file_is_shown_as_typed(tmp_path):
    path = demo(tmp_path)
    names = ["[bold]", "[@click=app.quit]x[/]", "[red]Red"]
    write_source(tmp_path, data={"format": "seamwork/1", "systems": [{"name": n} for n in names]})
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await ask_path(pilot, "source.json")
        preview = app.screen
        assert isinstance(preview, ImportPreviewDialog)
        assert plan_rows(preview) == [["Systems", "3", "–", "–"]]
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not app.screen.is_modal)
        await on_systems(pilot)
        table = app.screen.query_one("#systems-table")
        shown = {table.get_row_at(row)[0].plain for row in range(table.row_count)}
        assert set(names) <= shown
        assert app.is_running  # [@click=app.quit] did not quit


async def test_ctrl_z_undoes_the_whole_import_as_one_step(tmp_path):
    path = demo(tmp_path)
    before = system_names(path)
    write_source(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await ask_path(pilot, "source.json")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not app.screen.is_modal)
        assert system_names(path) == before | {"Salesforce"}
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert system_names(path) == before
        assert notified(app)[-1].message.startswith("Undid: import ")  # one step, named so
        await on_systems(pilot)
        table = app.screen.query_one("#systems-table")
        shown = {table.get_row_at(row)[0].plain for row in range(table.row_count)}
        assert "Salesforce" not in shown
    from storage.queries.systems import get_system
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        shopify = get_system(session, name="Shopify")
        assert shopify is not None and shopify.vendor == "Shopify"  # the merge undone too


async def test_m_on_the_overview_opens_it_and_the_help_lists_it(tmp_path):
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = str(app.screen.query_one("#help-screen-keys", Static).render())
        assert "m" in keys.split() and "Import" in keys
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot, lambda: isinstance(app.screen, ImportPathDialog))
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.is_modal


async def test_a_read_only_workshop_says_why_it_cannot_import(tmp_path):
    path = demo(tmp_path)
    path.chmod(0o400)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Import a file…")
        assert not isinstance(app.screen, ImportPathDialog)
        message = notified(app)[-1].message
        assert message.startswith("This workshop is open read-only (") and message.endswith(
            "so you cannot import files into it."
        )


def test_paths_are_relative_to_the_workshop_folder_and_tilde_is_home(tmp_path):
    assert resolve(" source.json ", tmp_path) == tmp_path / "source.json"
    assert resolve("/abs/x.json", tmp_path) == Path("/abs/x.json")
    assert resolve("~/x.json", tmp_path) == Path.home() / "x.json"


async def test_the_path_completes_a_name_in_the_workshop_folder(tmp_path):
    from tui.dialogs.import_file import PathSuggester

    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "apps.xlsx").write_text("")
    (tmp_path / ".hidden.json").write_text("")
    suggest = PathSuggester(tmp_path)
    assert await suggest.get_suggestion("cli") == "clients/"
    assert await suggest.get_suggestion("clients/a") == "clients/apps.xlsx"
    assert await suggest.get_suggestion(".h") == ".hidden.json"
    assert await suggest.get_suggestion("nothing") is None


async def test_any_source_shows_its_mapping_first_rows_and_skipped_as_typed(tmp_path, monkeypatch):
    """A source of another kind (as the spreadsheet and Archi readers make them): its label,
    the mapping, the first rows and what was skipped, every part shown literally."""
    from storage.formats import sources

    path = demo(tmp_path)
    sheet = tmp_path / "apps.csv"
    sheet.write_text("stand-in", encoding="utf-8")

    def read(found: Path, options: object = None) -> sources.Source:
        return sources.Source(
            path=found,
            kind=sources.CSV,
            label="spreadsheet of systems",
            document={"format": "seamwork/1", "systems": [{"name": "[@click=app.quit]CRM"}]},
            mapping=[("[b]Application[/b]", "name"), ("Comments", "notes"), ("Cost", "skipped")],
            preview=[["[b]Application[/b]", "Comments", "Cost"], ["[@click=app.quit]CRM", "x"]],
            skipped={"empty rows": 2},
        )

    monkeypatch.setattr(sources, "read_source", read)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await ask_path(pilot, "apps.csv")
        preview = app.screen
        assert isinstance(preview, ImportPreviewDialog)
        read_as = str(preview.query_one("#import-read-as", Static).render())
        assert read_as == f"Read as spreadsheet of systems from {sheet}"
        mapping = preview.query_one("#import-mapping", Table)
        assert [[c.plain for c in mapping.get_row_at(r)] for r in range(mapping.row_count)] == [
            ["[b]Application[/b]", "name"],
            ["Comments", "notes"],
            ["Cost", "skipped"],
        ]
        rows = preview.query_one("#import-first-rows", Table)
        assert [str(column.label) for column in rows.columns.values()] == [
            "[b]Application[/b]",
            "Comments",
            "Cost",
        ]
        assert [c.plain for c in rows.get_row_at(0)] == ["[@click=app.quit]CRM", "x", ""]
        assert str(preview.query_one("#import-skipped", Static).render()) == "2 empty rows."
        assert plan_rows(preview) == [["Systems", "1", "–", "–"]]
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not app.screen.is_modal)
        assert app.is_running
    assert "[@click=app.quit]CRM" in system_names(path)


async def test_an_import_refused_after_the_preview_says_why_in_the_preview(tmp_path, monkeypatch):
    """The workshop can change between the preview and ctrl+s (another edit, a full disk):
    the import's sentence is shown in the preview, which stays open, and nothing is written."""
    from storage.errors import ImportValidationError
    from storage.formats.seamwork_json import document

    path = demo(tmp_path)
    write_source(tmp_path)

    def refuse(session: object, parsed: object, **options: object) -> None:
        raise ImportValidationError('systems[1].name: "Salesforce" is in the file twice.')

    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await ask_path(pilot, "source.json")
        preview = app.screen
        assert isinstance(preview, ImportPreviewDialog)
        monkeypatch.setattr(document, "import_document", refuse)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is preview
        assert str(preview.query_one("#import-result", Static).render()) == (
            '✖ systems[1].name: "Salesforce" is in the file twice. Nothing was written.'
        )
    assert "Salesforce" not in system_names(path)


async def test_the_read_runs_in_a_worker_showing_progress_and_escape_leaves_it(
    tmp_path, monkeypatch
):
    """While a slow file is read the dialog says so and keys still act: escape closes it, and
    the read, once done, neither opens a preview nor writes."""
    import threading

    from storage.formats import sources

    path = demo(tmp_path)
    write_source(tmp_path)
    release = threading.Event()
    real = sources.read_source

    def slow(found: Path, options: object = None) -> sources.Source:
        release.wait(WAIT_READ)
        return real(found)

    monkeypatch.setattr(sources, "read_source", slow)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Import a file…")
        dialog = app.screen
        assert isinstance(dialog, ImportPathDialog)
        await settle(pilot, lambda: dialog.focused is dialog.query_one("#import-path"))
        await type_text(pilot, "source.json")
        await pilot.press("enter")
        await until(pilot, lambda: dialog.reading)
        assert dialog.query_one("#import-progress").display
        step = str(dialog.query_one("#import-step", Static).render())
        assert step == f"Reading {tmp_path / 'source.json'}…"
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.is_modal)
        release.set()
        await settle(pilot)
        assert not isinstance(app.screen, ImportPreviewDialog)
    assert "Salesforce" not in system_names(path)


WAIT_READ = 30.0  # seconds the stand-in slow read waits at most for the test to release it
