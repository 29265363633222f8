"""The Export dialog (ctrl+e, and "Export" in the palette), driven through the real app."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select

from tui.app import SeamworkApp
from tui.dialogs.export import ExportDialog, parse_since
from tui.widgets.form_field import FormField

SIZE = (120, 36)


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def demo(tmp_path: Path) -> Path:
    from storage.demo import write_demo

    path = tmp_path / "demo.seamwork"
    write_demo(path)
    return path


async def open_dialog(pilot: Pilot[None]) -> ExportDialog:
    await settle(pilot)
    await pilot.press("ctrl+e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


def set_input(dialog: ExportDialog, widget_id: str, value: str) -> None:
    dialog.query_one(f"#{widget_id}", Input).value = value


def error_of(dialog: ExportDialog, field: str) -> str:
    return dialog.query_one(f"#field-{field}", FormField).error


async def run_export(pilot: Pilot[None]) -> None:
    await pilot.pause()  # what was typed (or set) is taken in first
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_export_markdown_then_html_and_the_path_is_shown(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        destination = dialog.query_one("#destination", Input)
        assert destination.value == str(tmp_path / "demo.md")  # prefilled beside the workshop
        out = tmp_path / "summary.md"
        set_input(dialog, "destination", str(out))
        await run_export(pilot)
        assert app.screen is dialog  # stays open to show the result
        markdown = out.read_text(encoding="utf-8")
        assert markdown.startswith("# ") and "```mermaid" in markdown
        assert dialog.result_text == f"✔ Wrote {out}"
        bar = dialog.query_one("#export-bar", ProgressBar)
        assert bar.total and bar.progress == bar.total
        # html: the destination follows the format while it has not been edited by hand...
        set_input(dialog, "destination", str(tmp_path / "demo.md"))
        dialog._suggested = str(tmp_path / "demo.md")
        dialog.query_one("#format", Select).value = "html"
        await pilot.pause()
        assert destination.value == str(tmp_path / "demo.html")
        await run_export(pilot)
        page = (tmp_path / "demo.html").read_text(encoding="utf-8")
        HTMLParser().feed(page)
        assert "<html" in page and "Northwind" in page
        assert dialog.result_text == f"✔ Wrote {tmp_path / 'demo.html'}"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)


async def test_a_bad_date_is_refused_beside_the_field_and_nothing_is_written(tmp_path):
    path = demo(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#since", Input).focus()
        await pilot.press(*"2026-13-40")
        await pilot.press("enter")
        await settle(pilot)
        assert error_of(dialog, "since") == (
            "2026-13-40 is not a date in the calendar; type it as YYYY-MM-DD."
        )
        assert dialog.focused is dialog.query_one("#since", Input)
        set_input(dialog, "since", "last week")
        await run_export(pilot)
        assert error_of(dialog, "since").startswith("Type the date as YYYY-MM-DD")
        assert dialog.result_text == ""
    after = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.seamwork"))
    assert after == [p for p in before if not p.startswith("demo.seamwork")]
    assert not (tmp_path / "demo.md").exists()


async def test_a_good_date_adds_the_changes_since_then(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        set_input(dialog, "since", "2000-01-01")
        await run_export(pilot)
        assert error_of(dialog, "since") == ""
        assert "Changes since" in (tmp_path / "demo.md").read_text(encoding="utf-8")


@pytest.mark.skipif(os.name != "posix", reason="permission bits")
async def test_an_unwritable_destination_is_one_sentence_and_leaves_nothing(tmp_path):
    path = demo(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    app = SeamworkApp(path)
    try:
        async with app.run_test(size=SIZE) as pilot:
            dialog = await open_dialog(pilot)
            dialog.query_one("#format", Select).value = "html"
            await pilot.pause()
            set_input(dialog, "destination", str(locked / "summary.html"))
            await run_export(pilot)
            message = dialog.result_text
            assert message == f'✖ Cannot write "{locked / "summary.html"}": permission denied.'
            assert dialog.query_one("#export-result").has_class("-error")
            assert app.screen is dialog
            set_input(dialog, "destination", str(tmp_path / "nowhere" / "summary.html"))
            await run_export(pilot)
            assert "does not exist" in dialog.result_text
            assert dialog.result_text.count(".") >= 1 and "\n" not in dialog.result_text
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


async def test_an_empty_destination_is_refused_beside_the_field(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        set_input(dialog, "destination", "  ")
        await run_export(pilot)
        assert error_of(dialog, "destination").startswith("Say where to write the export")
        assert dialog.result_text == ""


async def test_a_read_only_workshop_exports_and_the_palette_opens_the_dialog(tmp_path):
    path = demo(tmp_path)
    path.chmod(0o400)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.read_only_reason
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#format", Select).value = "csv"
        await pilot.pause()
        assert dialog.query_one("#destination", Input).value == str(tmp_path / "demo-csv")
        dialog.query_one("#csv", Select).value = "zip"
        await pilot.pause()
        assert dialog.query_one("#destination", Input).value == str(tmp_path / "demo-csv.zip")
        await run_export(pilot)
        assert (tmp_path / "demo-csv.zip").is_file()
        assert dialog.result_text == f"✔ Wrote {tmp_path / 'demo-csv.zip'}"


def test_dates_are_read_strictly():
    assert parse_since("") is None
    since = parse_since(" 2026-11-01 ")
    assert since is not None and (since.year, since.month, since.day) == (2026, 11, 1)
    assert since.tzinfo is not None and (since.hour, since.minute) == (0, 0)
    for bad in ("2026-11-1", "01/11/2026", "2026-02-30", "tomorrow"):
        with pytest.raises(ValueError):
            parse_since(bad)
