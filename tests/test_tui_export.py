"""The Export dialog (ctrl+e, and "Export" in the palette), driven through the real app."""

from __future__ import annotations

import os
import threading
from html.parser import HTMLParser
from pathlib import Path

import engines
import pytest
from pilot_support import SIZE, WAIT, app_at, demo, palette, settle, type_text, until
from textual.pilot import Pilot
from textual.widgets import Input, ProgressBar, Select

from tui.app import SeamworkApp
from tui.dialogs.export import ExportDialog, parse_since
from tui.widgets.form_field import FormField


async def open_dialog(pilot: Pilot[None]) -> ExportDialog:
    await settle(pilot)
    await pilot.press("ctrl+e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


def set_input(dialog: ExportDialog, widget_id: str, value: str) -> None:
    dialog.query_one(f"#{widget_id}", Input).value = value


def error_of(dialog: ExportDialog, field: str) -> str:
    return dialog.query_one(f"#field-{field}", FormField).error


async def start_export(pilot: Pilot[None]) -> None:
    await settle(pilot)  # what was typed (or set) is taken in first
    await pilot.press("ctrl+s")


async def run_export(pilot: Pilot[None]) -> None:
    await start_export(pilot)
    await settle(pilot)


async def test_export_markdown_then_html_and_the_path_is_shown(workshop_at, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a server workshop's exports go to the working folder
    path = workshop_at("demo", demo=True)  # a file, and on the server
    on_server = engines.is_server(path)

    def beside(name: str) -> Path:
        """Where the dialog puts `name`: beside the file, or in the working folder."""
        return Path(name) if on_server else tmp_path / name

    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        destination = dialog.query_one("#destination", Input)
        assert destination.value == str(beside("demo.md"))  # prefilled beside the workshop
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
        set_input(dialog, "destination", str(beside("demo.md")))
        dialog._suggested = str(beside("demo.md"))
        dialog.query_one("#format", Select).value = "html"
        await settle(pilot)
        assert destination.value == str(beside("demo.html"))
        await run_export(pilot)
        page = (tmp_path / "demo.html").read_text(encoding="utf-8")
        HTMLParser().feed(page)
        assert "<html" in page and "Northwind" in page
        assert dialog.result_text == f"✔ Wrote {beside('demo.html')}"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportDialog)


async def test_a_bad_date_is_refused_beside_the_field_and_nothing_is_written(tmp_path):
    path = demo(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#since", Input).focus()
        await type_text(pilot, "2026-13-40")
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


async def test_the_team_copy_keeps_the_notes_the_client_copy_leaves_out(tmp_path):
    """ "For" picks the audience: the client's copy (the default) has no internal notes, the
    team's has them; json is the whole file, so the choice is greyed out for it."""
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        audience = dialog.query_one("#audience", Select)
        assert audience.value == "client" and not audience.disabled
        set_input(dialog, "destination", str(tmp_path / "client.md"))
        await run_export(pilot)
        audience.value = "team"
        set_input(dialog, "destination", str(tmp_path / "team.md"))
        await run_export(pilot)
        dialog.query_one("#format", Select).value = "json"
        await settle(pilot)
        assert audience.disabled
    client = (tmp_path / "client.md").read_text(encoding="utf-8")
    team = (tmp_path / "team.md").read_text(encoding="utf-8")
    note = "Split deliveries create a second shipment by hand."  # a flow's note in the demo
    assert note not in client and "Team notes" not in client
    assert note in team and "## Team notes (internal)" in team


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
            await settle(pilot)
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
        await palette(pilot, "Export")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#format", Select).value = "csv"
        await settle(pilot)
        assert dialog.query_one("#destination", Input).value == str(tmp_path / "demo-csv")
        dialog.query_one("#csv", Select).value = "zip"
        await settle(pilot)
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


class SteppedExport:
    """A stand-in for `storage.formats.export.export` that reports each step and takes the next only
    when the test lets it (`allow`), so what a test sees mid-export never depends on timing."""

    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.calls: list[int] = []
        self.finished = threading.Event()
        self._go = threading.Semaphore(0)

    def allow(self, steps: int = 1) -> None:
        for _ in range(steps):
            self._go.release()

    def __call__(self, session, fmt, destination=None, *, progress=None, **options):  # type: ignore[no-untyped-def]
        try:
            for step in range(self.steps):
                if progress is not None:
                    progress(step, self.steps, f"Step {step + 1} of {self.steps}")
                self.calls.append(step)
                if not self._go.acquire(timeout=WAIT):
                    raise TimeoutError("the test never let the export take its next step")
            destination.write_text("done", encoding="utf-8")
            if progress is not None:
                progress(self.steps, self.steps, "Done")
            return destination
        finally:
            self.finished.set()


async def test_progress_shows_step_by_step_and_the_dialog_stays_responsive(tmp_path, monkeypatch):
    import storage.formats.export
    import tui.dialogs.export

    export = SteppedExport(6)
    monkeypatch.setattr(storage.formats.export, "export", export)
    # Every step reaches the bar: the throttle is for 5,000-flow exports, not for six steps.
    monkeypatch.setattr(tui.dialogs.export, "PROGRESS_EVERY", 0)
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        out = tmp_path / "slow.md"
        set_input(dialog, "destination", str(out))
        await start_export(pilot)
        bar = dialog.query_one("#export-bar", ProgressBar)
        await until(pilot, lambda: bar.total == 6 and bar.progress == 0)
        export.allow()  # one step done, the second under way
        await until(pilot, lambda: bar.progress == 1)
        assert dialog.running
        assert str(dialog.query_one("#export-step").render()) == "Step 2 of 6"
        focused = dialog.focused
        await pilot.press("tab")  # the dialog answers keys while the export runs
        assert dialog.focused is not focused and dialog.running
        export.allow(5)
        await settle(pilot, lambda: not dialog.running)
        assert bar.progress == bar.total == 6
        assert out.read_text(encoding="utf-8") == "done"
        assert dialog.result_text == f"✔ Wrote {out}"


async def test_escape_during_an_export_stops_it_and_closes(tmp_path, monkeypatch):
    import storage.formats.export

    export = SteppedExport(100)
    monkeypatch.setattr(storage.formats.export, "export", export)
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        out = tmp_path / "stopped.md"
        set_input(dialog, "destination", str(out))
        await start_export(pilot)
        export.allow()
        await until(pilot, lambda: export.calls == [0, 1])
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExportDialog))
        export.allow(100)  # free to go on: it must stop at its next step of its own accord
        await until(pilot, export.finished.is_set)
        await settle(pilot)
    assert export.calls == [0, 1]  # stopped at its next step, not run to the end
    assert not out.exists()


async def test_a_field_error_wraps_under_its_narrow_field_and_is_read_in_full(tmp_path):
    """The date field is a third of the dialog wide; its sentence wraps there, never clipped."""
    from textual.widgets import Label

    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#since", Input).focus()
        await type_text(pilot, "2026-13-40")
        await pilot.press("enter")
        await settle(pilot)
        label = dialog.query_one("#field-since .form-field--error", Label)
        field = dialog.query_one("#field-since", FormField)
        assert label.region.right <= field.region.right
        shown = " ".join(label.render_line(y).text.strip() for y in range(label.size.height))
        assert shown == "2026-13-40 is not a date in the calendar; type it as YYYY-MM-DD."


async def test_every_export_format_is_offered_and_the_archimate_ones_write_a_model(tmp_path):
    """The dialog offers each format the command line has, ArchiMate's two included, and
    writes them beside the workshop (NAME.xml, NAME-archi/)."""
    from storage.formats.export import FORMATS
    from tui.dialogs.export import FORMAT_CHOICES

    assert [value for _, value in FORMAT_CHOICES] == list(FORMATS)
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        destination = dialog.query_one("#destination", Input)
        dialog.query_one("#format", Select).value = "archimate-xml"
        await settle(pilot)
        assert destination.value == str(tmp_path / "demo.xml")
        await run_export(pilot)
        model = (tmp_path / "demo.xml").read_text(encoding="utf-8")
        assert "http://www.opengroup.org/xsd/archimate/3.0/" in model and "Sage X3" in model
        dialog.query_one("#format", Select).value = "archi-csv"
        await settle(pilot)
        assert destination.value == str(tmp_path / "demo-archi")
        await run_export(pilot)
        assert sorted(p.name for p in (tmp_path / "demo-archi").iterdir()) == [
            "elements.csv",
            "properties.csv",
            "relations.csv",
        ]
        assert dialog.result_text == f"✔ Wrote {tmp_path / 'demo-archi'}"
