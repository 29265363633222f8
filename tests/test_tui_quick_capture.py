"""Quick capture, driven through the real app on real workshop files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SAMPLE_SYSTEMS, write_workshop
from pilot_support import notified, palette, palette_hits, settle, type_text
from textual.pilot import Pilot
from textual.widgets import Input
from workshop_templates import cached

from models.quick_capture import GRAMMAR_HELP, ParseError, parse_capture
from tui.app import SeamworkApp
from tui.commands import open_quick_capture, palette_commands
from tui.dialogs.help import HelpScreen
from tui.dialogs.quick_capture import CreateMissingDialog, QuickCaptureDialog
from tui.screens.systems import SystemsScreen
from tui.widgets.sortable_table import SortableTable

SIZE = (120, 36)


def make_estate(path: Path) -> Path:
    """The sample systems and one data object, "Sales orders"; no flows yet (built once)."""
    return cached(path, write_estate)


def write_estate(path: Path) -> None:
    from storage.queries.data_objects import create_data_object
    from storage.workshop_file import open_workshop

    write_workshop(path, SAMPLE_SYSTEMS)
    with open_workshop(path) as workshop, workshop.session() as session:
        create_data_object(session, data={"name": "Sales orders"})


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    return make_estate(tmp_path / "acme.seamwork")


def contents(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(systems, data objects, flows as `S -> T: O`) in the file, read afresh."""
    from storage.queries.data_objects import list_data_objects
    from storage.queries.flows import list_flows
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return (
            [system.name for system in list_systems(session)],
            [row.name for row in list_data_objects(session)],
            [row.ref for row in list_flows(session)],
        )


def dialog(app: SeamworkApp) -> QuickCaptureDialog:
    screen = app.screen
    assert isinstance(screen, QuickCaptureDialog), screen
    return screen


def feedback(app: SeamworkApp) -> str:
    return dialog(app).feedback.render().plain  # type: ignore[union-attr]


def log_lines(app: SeamworkApp) -> list[str]:
    text = dialog(app).query_one("#capture-log-lines").render().plain  # type: ignore[union-attr]
    return [line for line in text.splitlines() if line]


async def open_dialog(pilot: Pilot[None]) -> QuickCaptureDialog:
    app = pilot.app
    assert isinstance(app, SeamworkApp) and app.workshop is not None
    app.push_screen(QuickCaptureDialog(app.workshop))
    await settle(pilot)
    assert dialog(app).input.has_focus
    return dialog(app)


async def type_line(pilot: Pilot[None], line: str, *, enter: bool = True) -> None:
    await type_text(pilot, line)
    if enter:
        await pilot.press("enter")
    await settle(pilot)


# --- Capturing --------------------------------------------------------------------------------


async def test_a_flow_between_existing_systems_typed_in_another_case(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Opened from the command palette, as a facilitator would without the Flows screen.
        await palette(pilot, "Quick capture")
        assert isinstance(app.screen, QuickCaptureDialog)

        await type_line(pilot, "shopify -> SAGE x3: sales ORDERS, real-time via api", enter=False)
        # Before enter, the preview already shows the workshop's own spellings.
        assert "Shopify → Sage X3: Sales orders · Real-time · API" in feedback(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog), "no question: nothing new to create"
        assert log_lines(app) == ["✓ Shopify → Sage X3: Sales orders · Real-time · API"]
        assert dialog(app).input.value == ""
        assert dialog(app).input.has_focus

    systems, objects, flows = contents(estate)
    assert systems == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
    assert objects == ["Sales orders"]
    assert flows == ["Shopify -> Sage X3: Sales orders"]

    from storage.queries.flows import list_flows
    from storage.workshop_file import open_workshop

    with open_workshop(estate, read_only=True) as workshop, workshop.session() as session:
        (flow,) = list_flows(session)
        assert (flow.frequency, flow.mechanism, flow.direction) == ("real-time", "api", "one-way")


async def test_missing_systems_and_data_object_are_created_after_one_confirmation(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await type_line(pilot, "Magento -> ERP: Returns, daily via file by Customer service")
        question = app.screen
        assert isinstance(question, CreateMissingDialog)
        shown = question.query_one("#capture-new-question").render().plain  # type: ignore[union-attr]
        assert shown == (
            'Create the systems "Magento" and "ERP" and the data object "Returns" '
            "for Magento -> ERP: Returns?"
        )
        await pilot.press("enter")  # enter confirms
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog)
        assert log_lines(app) == [
            "✓ Magento → ERP: Returns · Daily · File · by Customer service   "
            "new system Magento, system ERP, data object Returns"
        ]
        assert dialog(app).input.value == ""

    systems, objects, flows = contents(estate)
    assert systems == ["ERP", "Magento", "Mintsoft", "Sage X3", "Shopify", "Xero"]
    assert objects == ["Returns", "Sales orders"]
    assert flows == ["Magento -> ERP: Returns"]


@pytest.mark.parametrize("key", ["escape", "n"])
async def test_cancelling_the_confirmation_creates_nothing_and_keeps_the_line(estate, key):
    before = contents(estate)
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        line = "Shopify -> ERP: Sales orders"
        await type_line(pilot, line)
        assert isinstance(app.screen, CreateMissingDialog)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog)
        assert dialog(app).input.value == line
        assert dialog(app).input.has_focus
        assert "Nothing was created" in feedback(app)
        assert log_lines(app) == []
    assert contents(estate) == before


@pytest.mark.parametrize(
    "line",
    [
        "Shopify to ERP sales orders",
        "Shopify -> ERP",
        "Shopify -> : Sales orders",
        "Shopify -> Xero: Payments, sometimes",
        "Shopify -> Xero: Payments via carrier pigeon",
        'Shopify -> "Xero: Payments',
    ],
)
async def test_an_unparseable_line_says_what_was_expected_and_creates_nothing(estate, line):
    with pytest.raises(ParseError) as expected:
        parse_capture(line)
    before = contents(estate)
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await type_line(pilot, line)
        assert isinstance(app.screen, QuickCaptureDialog), "no question, no new screen"
        assert feedback(app) == str(expected.value)
        assert dialog(app).feedback.has_class("-error")
        assert dialog(app).input.value == line, "the line stays, to be corrected"
        assert log_lines(app) == []
        # Typing again takes the stale message away.
        await pilot.press("backspace")
        assert not dialog(app).feedback.has_class("-error")
    assert contents(estate) == before


async def test_the_dialog_stays_open_for_the_next_line_and_screens_update(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # Systems underneath; the first screen is the Overview
        await settle(pilot)
        await open_dialog(pilot)
        await type_line(pilot, "Shopify -> Sage X3: Sales orders")
        await type_line(pilot, "Sage X3 <-> Xero: Invoices, nightly")
        assert isinstance(app.screen, CreateMissingDialog)
        await pilot.press("y")
        await settle(pilot)
        await type_line(pilot, "Stripe -> Xero: sales orders")
        assert isinstance(app.screen, CreateMissingDialog)
        await pilot.press("y")
        await settle(pilot)
        assert log_lines(app) == [
            "✓ Shopify → Sage X3: Sales orders",
            "✓ Sage X3 ↔ Xero: Invoices · Daily   new data object Invoices",
            "✓ Stripe → Xero: Sales orders   new system Stripe",
        ]
        title = dialog(app).query_one("#capture-log-title").render().plain  # type: ignore[union-attr]
        assert title == "Captured in this session · 3"
        # The same flow again is not added twice, and the line clears for the next one.
        await type_line(pilot, "shopify -> sage x3: SALES ORDERS")
        assert feedback(app).startswith("Already recorded: Shopify → Sage X3: Sales orders.")
        assert dialog(app).input.value == ""
        assert len(log_lines(app)) == 3
        # The screen underneath heard about the new system.
        systems_table = app.get_screen_stack("systems")[0].query_one(SortableTable)
        names = [systems_table.get_row_at(row)[0].plain for row in range(systems_table.row_count)]
        assert "Stripe" in names
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)

    assert contents(estate)[2] == [
        "Sage X3 -> Xero: Invoices",
        "Shopify -> Sage X3: Sales orders",
        "Stripe -> Xero: Sales orders",
    ]


async def test_markup_in_the_line_is_shown_and_stored_literally(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await type_line(pilot, "[bold]x[/] -> [red]Y: [@click=app.quit]Z", enter=False)
        assert "[bold]x[/] → [red]Y: [@click=app.quit]Z" in feedback(app)
        await pilot.press("enter")
        await settle(pilot)
        question = app.screen.query_one("#capture-new-question").render().plain  # type: ignore[union-attr]
        assert '"[bold]x[/]" and "[red]Y"' in question
        assert 'the data object "[@click=app.quit]Z"' in question
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert log_lines(app)[0].startswith("✓ [bold]x[/] → [red]Y: [@click=app.quit]Z")
        # An error quoting the line is literal too.
        await type_line(pilot, "Shopify -> Xero: Stock, [red]sometimes[/]")
        assert feedback(app).startswith('Unknown frequency "[red]sometimes[/]"')
        assert app.is_running

    systems, objects, flows = contents(estate)
    assert "[bold]x[/]" in systems and "[red]Y" in systems
    assert "[@click=app.quit]Z" in objects
    assert flows == ["[bold]x[/] -> [red]Y: [@click=app.quit]Z"]


async def test_help_shows_the_grammar_literally(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        extra = app.screen.query_one("#help-extra").render().plain  # type: ignore[union-attr]
        assert extra == GRAMMAR_HELP
        keys = app.screen.query_one("#help-screen-keys").render().plain  # type: ignore[union-attr]
        assert "enter" in keys and "Capture" in keys
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog)
        assert app.screen.query_one(Input).has_focus


# --- Read-only --------------------------------------------------------------------------------


async def test_a_read_only_file_refuses_quick_capture(estate):
    before = estate.read_bytes()
    os.chmod(estate, 0o400)
    try:
        app = SeamworkApp(estate)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("2")  # Systems; the first screen is the Overview
            await settle(pilot)
            assert app.read_only_reason
            names = [command.name for command in palette_commands(app)]
            assert "Quick capture" not in names
            open_quick_capture(app)  # what the palette entry runs, were it offered
            await settle(pilot)
            assert isinstance(app.screen, SystemsScreen)
            assert any("cannot capture flows" in n.message for n in notified(app))
            assert await palette_hits(pilot, "Quick capture") == []
        assert estate.read_bytes() == before
    finally:
        os.chmod(estate, 0o600)


async def test_a_write_refused_by_storage_is_said_in_the_dialog(estate):
    """If the file turns read-only while the dialog is open, storage refuses; nothing is made."""
    before = contents(estate)
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        assert app.workshop is not None
        app.workshop.read_only_reason = "the file is read-only"
        await type_line(pilot, "Shopify -> Sage X3: Sales orders")
        assert isinstance(app.screen, QuickCaptureDialog)
        assert "read-only" in feedback(app) and "Nothing was created" in feedback(app)
        assert dialog(app).feedback.has_class("-error")
        assert log_lines(app) == []
    assert contents(estate) == before
