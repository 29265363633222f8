"""The Export dialog (ctrl+e, and "Export" in the palette), driven through the real app."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import pytest
from pilot_support import SIZE, demo, settle, until
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select

from tui.app import SeamworkApp
from tui.dialogs.export import ExportDialog, parse_since
from tui.widgets.form_field import FormField


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


async def start_export(pilot: Pilot[None]) -> None:
    await pilot.pause()  # what was typed (or set) is taken in first
    await pilot.press("ctrl+s")


async def run_export(pilot: Pilot[None]) -> None:
    await start_export(pilot)
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


def slow_export(steps: int, pause: float, calls: list[int]):  # type: ignore[no-untyped-def]
    """A stand-in for `storage.formats.export.export` that takes its time and reports each step."""
    import time

    def export(session, fmt, destination=None, *, since=None, csv_zip=False, progress=None):  # type: ignore[no-untyped-def]
        for step in range(steps):
            if progress is not None:
                progress(step, steps, f"Step {step + 1} of {steps}")
            calls.append(step)
            time.sleep(pause)
        destination.write_text("done", encoding="utf-8")
        if progress is not None:
            progress(steps, steps, "Done")
        return destination

    return export


async def test_progress_shows_step_by_step_and_the_dialog_stays_responsive(tmp_path, monkeypatch):
    import storage.formats.export

    calls: list[int] = []
    monkeypatch.setattr(storage.formats.export, "export", slow_export(6, 0.15, calls))
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        out = tmp_path / "slow.md"
        set_input(dialog, "destination", str(out))
        await start_export(pilot)
        bar = dialog.query_one("#export-bar", ProgressBar)
        await until(pilot, lambda: bar.total == 6 and 1 <= bar.progress < 6)
        assert dialog.running
        step = str(dialog.query_one("#export-step").render())
        assert step.startswith("Step ") and step.endswith(" of 6")
        focused = dialog.focused
        await pilot.press("tab")  # the dialog answers keys while the export runs
        assert dialog.focused is not focused and dialog.running
        await settle(pilot)
        assert bar.progress == bar.total == 6
        assert out.read_text(encoding="utf-8") == "done"
        assert dialog.result_text == f"✔ Wrote {out}"


async def test_escape_during_an_export_stops_it_and_closes(tmp_path, monkeypatch):
    import storage.formats.export

    calls: list[int] = []
    monkeypatch.setattr(storage.formats.export, "export", slow_export(100, 0.05, calls))
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        out = tmp_path / "stopped.md"
        set_input(dialog, "destination", str(out))
        await start_export(pilot)
        await until(pilot, lambda: len(calls) >= 2)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        await settle(pilot)
        await pilot.pause(0.2)
    assert len(calls) < 100  # stopped at its next step, not run to the end
    assert not out.exists()


async def test_a_field_error_wraps_under_its_narrow_field_and_is_read_in_full(tmp_path):
    """The date field is a third of the dialog wide; its sentence wraps there, never clipped."""
    from textual.widgets import Label

    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#since", Input).focus()
        await pilot.press(*"2026-13-40", "enter")
        await settle(pilot)
        label = dialog.query_one("#field-since .form-field--error", Label)
        field = dialog.query_one("#field-since", FormField)
        assert label.region.right <= field.region.right
        shown = " ".join(label.render_line(y).text.strip() for y in range(label.size.height))
        assert shown == "2026-13-40 is not a date in the calendar; type it as YYYY-MM-DD."
