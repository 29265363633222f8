"""The Systems screen, driven through the real app on real workshop files."""

from __future__ import annotations

import os

import pytest
from conftest import SAMPLE_SYSTEMS, system_names
from pilot_support import app_at, never_opens, notified, palette, settle, type_text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from models.names import NAME_MAX
from tui.app import SeamworkApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.paste_systems import PasteSystemsDialog
from tui.dialogs.system_form import SystemForm
from tui.screens.systems import SystemsScreen
from tui.widgets.form_field import FormField
from tui.widgets.sortable_table import SortableTable

SIZE = (120, 36)


async def open_systems(pilot: Pilot[None]) -> None:
    """The first screen is the Overview: go to Systems (key 2) and wait for its rows."""
    await pilot.press("2")
    await settle(pilot)


async def open_add_form(pilot: Pilot[None]) -> None:
    """Systems, then `a`: the form for a new system."""
    await open_systems(pilot)
    await pilot.press("a")
    await settle(pilot)


def table(app: SeamworkApp) -> SortableTable:
    return app.get_screen_stack("systems")[0].query_one("#systems-table", SortableTable)


def shown_names(app: SeamworkApp) -> list[str]:
    """The Name column as displayed, top to bottom."""
    data = table(app)
    return [data.get_row_at(row)[0].plain for row in range(data.row_count)]


def shown_column(app: SeamworkApp, key: str) -> list[str]:
    data = table(app)
    return [cell.plain for cell in data.get_column(key)]


async def move_to(pilot: Pilot[None], app: SeamworkApp, name: str) -> None:
    """Put the row cursor on the system called `name`."""
    data = table(app)
    data.move_cursor(row=shown_names(app).index(name))
    await settle(pilot)


def form(app: SeamworkApp) -> SystemForm:
    assert isinstance(app.screen, SystemForm), app.screen
    return app.screen


def field_error(app: SeamworkApp, field: str) -> str:
    return form(app).query_one(f"#field-{field}", FormField).error


# --- Loading ----------------------------------------------------------------------------------


async def test_rows_appear_sorted_by_name_once_the_workshop_opens(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        assert isinstance(app.screen, SystemsScreen)
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
        assert shown_column(app, "category") == ["Warehouse", "ERP", "E-commerce", "Finance"]
        assert shown_column(app, "criticality")[0] == "●●●○○"
        assert str(app.screen.query_one("#systems-body").border_subtitle) == "4 systems"
        assert app.title == "acme"
        assert app.sub_title == str(path)


NeverOpens = never_opens()


async def test_rows_show_from_a_light_read_before_the_workshop_is_open(make_workshop):
    """Fast start: the rows are read with the standard library while storage loads."""
    path = make_workshop(SAMPLE_SYSTEMS)
    app = NeverOpens(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # before the workshop opens: Systems peeks too
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = app.screen
        assert app.workshop is None
        assert not table(app).loading
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
        assert "Opening the workshop" in str(screen.query_one("#systems-status").render())
        await pilot.press("e")  # edits the highlighted row, read from the file: kept for then
        await pilot.pause()
        assert app.keys.waiting and app.screen is screen
        assert not any("still opening" in n.message for n in notified(app))

        from storage.workshop_file import open_workshop

        app.workshop = open_workshop(path)
        app.workshop_changed("all")
        app.keys.release()  # what the open worker's success does
        await settle(pilot)
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
        assert "Opening the workshop" not in str(screen.query_one("#systems-status").render())
        assert isinstance(app.screen, SystemForm)  # the "e" typed while opening
        assert app.screen.query_one("#name", Input).value == "Mintsoft"


async def test_add_system_opens_at_once_while_the_file_opens_and_saves_once_open(make_workshop):
    """Issue 15: `2` and `a` at first paint give the Add system form at once, not when the
    file has opened; typing goes into it; a save asked for before the file is open says it
    waits, writes nothing, and goes ahead by itself as soon as the file is open."""
    path = make_workshop(SAMPLE_SYSTEMS)
    app = NeverOpens(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "a")
        await settle(pilot)
        assert app.workshop is None
        form = app.screen
        assert isinstance(form, SystemForm) and form.query_one("#name", Input).has_focus
        await type_text(pilot, "Early [b]bird")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # waiting, not refused, not closed
        assert "Saving as soon as the workshop has opened" in str(
            form.query_one(".entity-form--error").render()
        )
        assert "Early [b]bird" not in system_names(path)

        from storage.workshop_file import open_workshop
        from tui.messages import WorkshopLoaded

        app.workshop = open_workshop(path)
        for screen in app._all_screens():  # what the open worker's success does
            screen.post_message(WorkshopLoaded())
        app.keys.release()
        await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        assert isinstance(app.screen, SystemsScreen)
        await settle(pilot)
        assert "Early [b]bird" in shown_names(app)
    assert "Early [b]bird" in system_names(path)


# --- Add and edit -----------------------------------------------------------------------------


async def test_add_a_system_through_the_form(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(pilot)
        assert form(app).query_one("#name", Input).has_focus
        await type_text(pilot, "HubSpot")
        await pilot.press("tab")  # to Category; choose with the keyboard as a user would
        assert app.focused is form(app).query_one("#category", Select)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "crm")  # type-to-search in the open list
        await pilot.press("enter")
        await settle(pilot)
        assert form(app).query_one("#category", Select).value == "crm"
        await pilot.press("tab", "tab")  # lifecycle, then vendor
        await type_text(pilot, "HubSpot Inc")
        await pilot.press("tab")
        await type_text(pilot, "Sales director")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        assert shown_names(app) == ["HubSpot", "Mintsoft", "Sage X3", "Shopify", "Xero"]
        assert table(app).selected_key is not None
        assert table(app).get_row(table(app).selected_key)[0].plain == "HubSpot"
        assert any(n.message == "Added “HubSpot”." for n in notified(app))

    from storage.queries.systems import get_system
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        system = get_system(session, name="hubspot")
        assert system is not None
        assert (system.category, system.vendor, system.owner) == (
            "crm",
            "HubSpot Inc",
            "Sales director",
        )


async def test_edit_a_system_and_enter_on_the_last_field_saves(workshop_at):
    path = workshop_at("acme", systems=SAMPLE_SYSTEMS)  # a file, and on the server
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await move_to(pilot, app, "Xero")
        await pilot.press("e")
        await settle(pilot)
        name = form(app).query_one("#name", Input)
        assert name.value == "Xero"
        name.value = "Xero Accounting"
        form(app).query_one("#lifecycle", Select).value = "live"
        form(app).query_one("#notes", Input).focus()
        await type_text(pilot, "Kept for the Irish entity")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        assert "Xero Accounting" in shown_names(app)
        assert table(app).get_row(table(app).selected_key)[0].plain == "Xero Accounting"
        row = shown_names(app).index("Xero Accounting")
        assert shown_column(app, "lifecycle")[row] == "Live"

    from storage.queries.systems import get_system
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        system = get_system(session, name="Xero Accounting")
        assert system is not None
        assert system.notes == "Kept for the Irish entity"
        assert system.lifecycle == "live"
        assert get_system(session, name="Xero") is None


async def test_enter_on_a_row_edits_it_and_escape_cancels(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await move_to(pilot, app, "Shopify")
        await pilot.press("enter")
        await settle(pilot)
        assert form(app).query_one("#name", Input).value == "Shopify"
        form(app).query_one("#name", Input).value = "Changed my mind"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "Name is required."),
        ("   ", "Name is required."),
        ("sage x3", 'A system named "Sage X3" already exists.'),
        (
            "x" * (NAME_MAX + 5),
            f"Name is too long ({NAME_MAX + 5} characters; at most {NAME_MAX}).",
        ),
        (
            "Shop\u202eify",
            "Name cannot contain invisible formatting characters such as U+202E "
            "(RIGHT-TO-LEFT OVERRIDE).",
        ),
        ("Shop\ufffe", "Name contains a non-character, U+FFFE, which no export can carry."),
    ],
    ids=["empty", "blank", "duplicate", "too-long", "bidi-override", "non-character"],
)
async def test_the_form_shows_the_error_next_to_the_name_and_writes_nothing(
    make_workshop, typed, expected
):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(pilot)
        form(app).query_one("#name", Input).value = typed
        form(app).query_one("#vendor", Input).value = "Someone"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SystemForm), "the form stays open"
        assert field_error(app, "name") == expected
        name_field = form(app).query_one("#field-name", FormField)
        assert name_field.has_class("-invalid")
        label = name_field.query_one(".form-field--error")
        assert label.display and label.render().plain == expected  # type: ignore[union-attr]
        assert field_error(app, "vendor") == ""
        assert form(app).query_one("#name", Input).has_focus
        # Correcting the name clears the message and saves.
        form(app).query_one("#name", Input).value = "Brand new"
        await settle(pilot)
        assert field_error(app, "name") == ""
        await pilot.press("escape")
        await settle(pilot)
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


async def test_an_escape_sequence_in_notes_is_refused_next_to_the_field(make_workshop):
    """Forms hold free text to the rule imports use: no control characters (issue 12)."""
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(pilot)
        form(app).query_one("#name", Input).value = "Brand new"
        form(app).query_one("#notes", Input).value = "\x1b]0;pwned\x07\x1b[2J"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SystemForm), "the form stays open"
        assert field_error(app, "notes") == (
            "Notes: contains a control character, U+001B, which no export can carry."
        )
        await pilot.press("escape")
        await settle(pilot)
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


async def test_editing_into_a_duplicate_name_is_refused_next_to_the_field(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await move_to(pilot, app, "Xero")
        await pilot.press("e")
        await settle(pilot)
        form(app).query_one("#name", Input).value = "SHOPIFY"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert field_error(app, "name") == 'A system named "Shopify" already exists.'
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


# --- Filter and sort --------------------------------------------------------------------------


async def test_filter_as_you_type_and_escape_restores_all(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        screen = app.screen
        filter_input = screen.query_one("#systems-filter", Input)
        assert not filter_input.display
        await pilot.press("slash")
        assert filter_input.display and filter_input.has_focus
        await pilot.press("s")  # typed into the filter, not a sort
        await settle(pilot)
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]  # "s" is in "rest"
        await pilot.press("a")
        await settle(pilot)
        assert shown_names(app) == ["Sage X3"]
        assert str(screen.query_one("#systems-body").border_subtitle) == "1 of 4 systems"
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "finance")  # matches an owner and a category
        await settle(pilot)
        assert shown_names(app) == ["Sage X3", "Xero"]
        await type_text(pilot, "zzz")
        await settle(pilot)
        assert table(app).row_count == 0
        empty = screen.query_one("#systems-empty")
        assert empty.display
        assert "No systems match" in empty.render().plain  # type: ignore[union-attr]
        await pilot.press("escape")
        await settle(pilot)
        assert not filter_input.display
        assert filter_input.value == ""
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
        assert str(screen.query_one("#systems-body").border_subtitle) == "4 systems"
        assert table(app).has_focus


async def test_enter_keeps_the_filter_and_escape_from_the_table_clears_it(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await pilot.press("slash")
        await type_text(pilot, "xero")
        await pilot.press("enter")
        await settle(pilot)
        assert table(app).has_focus
        assert shown_names(app) == ["Xero"]
        await pilot.press("escape")
        await settle(pilot)
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


async def test_filter_text_is_literal_not_a_wildcard(make_workshop):
    systems = [*SAMPLE_SYSTEMS, {"name": "100% Cotton"}, {"name": "under_score"}]
    app = SeamworkApp(make_workshop(systems))
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await pilot.press("slash", "percent_sign")
        await settle(pilot)
        assert shown_names(app) == ["100% Cotton"]


async def test_sort_by_the_cursor_column_then_reverse(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        data = table(app)
        assert data.columns[next(iter(data.columns))].label.plain == "Name ▲"
        await pilot.press("right", "right")  # Category, Vendor
        assert data.cursor_column_key == "vendor"
        await pilot.press("s")
        await settle(pilot)
        assert shown_column(app, "vendor") == ["Access Group", "Sage", "Shopify", "Xero"]
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
        labels = [column.label.plain for column in data.ordered_columns]
        assert labels[:3] == ["Name  ", "Category  ", "Vendor ▲"]
        await pilot.press("s")
        await settle(pilot)
        assert shown_column(app, "vendor") == ["Xero", "Shopify", "Sage", "Access Group"]
        assert data.ordered_columns[2].label.plain == "Vendor ▼"
        status = app.screen.query_one("#systems-status").render().plain  # type: ignore[union-attr]
        assert "Sorted by Vendor ▼ descending" in status
        # Criticality sorts as a number, most critical last when ascending.
        await pilot.press("right", "right", "right", "right", "s")
        await settle(pilot)
        assert shown_names(app) == ["Xero", "Mintsoft", "Sage X3", "Shopify"]
        # Sorting keeps the highlighted system highlighted.
        await move_to(pilot, app, "Sage X3")
        await pilot.press("s")
        await settle(pilot)
        assert shown_names(app) == ["Shopify", "Sage X3", "Mintsoft", "Xero"]
        assert data.get_row(data.selected_key)[0].plain == "Sage X3"


async def test_clicking_a_header_sorts_by_that_column(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        data = table(app)
        owner = data.ordered_columns[3]
        x = sum(column.get_render_width(data) for column in data.ordered_columns[:3]) + 2
        assert owner.key.value == "owner"
        await pilot.click(data, offset=(x, 0))
        await settle(pilot)
        assert data.sort_column == "owner" and not data.descending
        assert shown_column(app, "owner") == [
            "CFO",
            "Finance director",
            "Head of e-commerce",
            "Operations",
        ]
        await pilot.click(data, offset=(x, 0))
        await settle(pilot)
        assert data.descending
        assert shown_column(app, "owner")[0] == "Operations"


# --- Delete -----------------------------------------------------------------------------------


async def test_delete_asks_first_and_cancelling_keeps_the_system(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await move_to(pilot, app, "Sage X3")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.query_one("#confirm-question").render().plain == (  # type: ignore[union-attr]
            "Delete the system Sage X3?"
        )
        await pilot.press("enter")  # Cancel has the focus: a stray enter deletes nothing
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        assert "Sage X3" in shown_names(app)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "Sage X3" in shown_names(app)
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


async def test_delete_confirmed_removes_the_system(workshop_at):
    path = workshop_at("acme", systems=SAMPLE_SYSTEMS)  # a file, and on the server
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await move_to(pilot, app, "Sage X3")
        await pilot.press("d")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert shown_names(app) == ["Mintsoft", "Shopify", "Xero"]
        assert any(n.message == "Deleted “Sage X3”." for n in notified(app))
        await move_to(pilot, app, "Xero")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert shown_names(app) == ["Mintsoft", "Shopify"]
    assert system_names(path) == ["Mintsoft", "Shopify"]


async def test_the_empty_workshop_says_what_to_press(make_workshop):
    app = SeamworkApp(make_workshop())
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        empty = app.screen.query_one("#systems-empty")
        assert empty.display
        assert empty.render().plain == (  # type: ignore[union-attr]
            "No systems yet — press a to add one, or p to paste from a spreadsheet."
        )
        assert not table(app).display
        await pilot.press("d")  # nothing to delete: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        await pilot.press("a")
        await settle(pilot)
        form(app).query_one("#name", Input).value = "First"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not empty.display
        assert shown_names(app) == ["First"]
        assert table(app).has_focus


# --- Paste ------------------------------------------------------------------------------------

SPREADSHEET = "\n".join(
    [
        "Magento\tecommerce\tHead of e-commerce\tAdobe\tretiring",
        "Amazon Seller Central\tMarketplace\tMarketplace manager\tAmazon\tlive",
        "Mintsoft\twarehouse\tOperations\tAccess Group\tlive",  # already in the workshop
        "Xero Practice\taccounting\tFinance\tXero\tplanned",
        "Royal Mail Click & Drop\tcourier\tWarehouse lead\tRoyal Mail\tlive",
        "",
        "HubSpot\tCRM\tSales director\tHubSpot\tin implementation",
        "Psychic hotline\ttelepathy\tNobody\tMystic Meg\tlive",  # unknown category
        "Akeneo\tPIM\tProduct team\tAkeneo\tplanned",
        "Stripe\tpayments\tFinance\tStripe\tlive",
        "Power BI\treporting\tFinance\tMicrosoft\tlive",
    ]
)


async def paste_into(pilot: Pilot[None], text: str) -> PasteSystemsDialog:
    app = pilot.app
    dialog = app.screen
    assert isinstance(dialog, PasteSystemsDialog), dialog
    area = dialog.query_one("#paste-text", TextArea)
    assert area.has_focus
    app.post_message(events.Paste(text))  # what the terminal sends for ctrl+shift+v / cmd+v
    await settle(pilot)
    return dialog


async def test_paste_ten_rows_creates_eight_and_they_survive_reopening(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = await paste_into(pilot, SPREADSHEET)
        counts = dialog.query_one("#paste-counts").render().plain  # type: ignore[union-attr]
        assert counts == (
            "8 to create, 1 duplicate, 1 rejected  ·  "
            "reading columns: name, category, owner, vendor, lifecycle"
        )
        preview = dialog.query_one("#paste-preview")
        statuses = [cell.plain for cell in preview.get_column("status")]  # type: ignore[attr-defined]
        assert statuses.count("✓ create") == 8
        reasons = [cell.plain for cell in preview.get_column("reason")]  # type: ignore[attr-defined]
        assert 'unknown category "telepathy"' in reasons
        assert "already in the workshop" in reasons
        assert str(dialog.query_one("#create").label) == "Create 8 systems"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        assert len(shown_names(app)) == 12
        assert any(n.message == "Created 8 systems." for n in notified(app))

    reopened = SeamworkApp(path)
    async with reopened.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        names = shown_names(reopened)
        assert len(names) == 12
        assert {"Magento", "Power BI", "Royal Mail Click & Drop", "HubSpot"} <= set(names)
        assert "Psychic hotline" not in names
        row = names.index("HubSpot")
        assert shown_column(reopened, "category")[row] == "CRM"
        assert shown_column(reopened, "lifecycle")[row] == "Implementing"


async def test_paste_from_the_command_palette_with_a_header_row(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await palette(pilot, "Paste systems")
        dialog = await paste_into(pilot, "Vendor\tSystem\tType\nAdobe\tMagento\tWeb shop\n")
        assert dialog.query_one("#paste-counts").render().plain == (  # type: ignore[union-attr]
            "1 to create, 0 duplicates, 0 rejected  ·  header row: vendor, name, category"
        )
        await pilot.click("#create")
        await settle(pilot)
    assert "Magento" in system_names(path)


async def test_paste_with_nothing_to_create_cannot_create(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        await pilot.press("p")
        await settle(pilot)
        dialog = await paste_into(pilot, "Xero\tfinance\nNope\tnonsense\n")
        assert dialog.query_one("#create").disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PasteSystemsDialog)
        await pilot.press("escape")
        await settle(pilot)
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


# --- User text is data ------------------------------------------------------------------------

MARKUP_NAMES = ("[bold]x[/]", "[@click=app.quit]go", "a\\[b", "[red]", "[/")


async def test_markup_in_names_is_shown_literally_everywhere(make_workshop):
    path = make_workshop([{"name": name, "owner": name} for name in MARKUP_NAMES])
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        assert sorted(shown_names(app)) == sorted(MARKUP_NAMES)
        assert sorted(shown_column(app, "owner")) == sorted(MARKUP_NAMES)
        for name in MARKUP_NAMES:
            # The confirmation names it literally, and showing it runs nothing.
            await move_to(pilot, app, name)
            await pilot.press("d")
            await settle(pilot)
            question = app.screen.query_one("#confirm-question").render().plain  # type: ignore[union-attr]
            assert question == f"Delete the system {name}?"
            await pilot.press("escape")
            await settle(pilot)
            assert app.is_running
        # The form shows it as typed.
        await move_to(pilot, app, "[@click=app.quit]go")
        await pilot.press("e")
        await settle(pilot)
        assert form(app).query_one("#name", Input).value == "[@click=app.quit]go"
        await pilot.press("escape")
        await settle(pilot)
        # Notifications quote it literally.
        await move_to(pilot, app, "[bold]x[/]")
        await pilot.press("d", "y")
        await settle(pilot)
        assert any(n.message == "Deleted “[bold]x[/]”." for n in notified(app))
        assert all(not n.markup for n in notified(app))
        # The paste preview too.
        await pilot.press("p")
        await settle(pilot)
        dialog = await paste_into(pilot, "[@click=app.quit]go\n[b]new[/b]\terp\n")
        names = [cell.plain for cell in dialog.query_one("#paste-preview").get_column("name")]  # type: ignore[attr-defined]
        assert names == ["[@click=app.quit]go", "[b]new[/b]"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "[b]new[/b]" in shown_names(app)
        assert app.is_running


# --- Read-only ----------------------------------------------------------------------------------


async def test_a_read_only_file_refuses_edits_and_says_why(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    before = path.read_bytes()
    os.chmod(path, 0o400)
    try:
        app = SeamworkApp(path)
        async with app.run_test(size=SIZE) as pilot:
            await open_systems(pilot)
            assert app.read_only_reason
            assert "READ-ONLY" in app.sub_title
            status = app.screen.query_one("#systems-status").render().plain  # type: ignore[union-attr]
            assert status.startswith("READ-ONLY")
            assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
            for key in ("a", "e", "enter", "d", "p"):
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, SystemsScreen), key
            refusals = [n for n in notified(app) if "cannot" in n.message]
            assert [n.message.rsplit("cannot ", 1)[1] for n in refusals] == [
                "add systems.",
                "edit systems.",
                "edit systems.",
                "delete systems.",
                "paste systems.",
            ]
            assert all("read-only" in n.message for n in refusals)
            # The palette's "Add system" is refused the same way.
            await palette(pilot, "Add system")
            assert isinstance(app.screen, SystemsScreen)
        assert path.read_bytes() == before
    finally:
        os.chmod(path, 0o600)
    assert system_names(path) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]


async def test_a_write_refused_by_storage_is_shown_in_the_form(make_workshop):
    """If the file turns read-only under an open form, storage refuses and the form says so."""
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(pilot)
        assert app.workshop is not None
        app.workshop.read_only_reason = "the file is read-only"
        form(app).query_one("#name", Input).value = "Late arrival"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SystemForm)
        error = form(app).query_one("#form-error").render().plain  # type: ignore[union-attr]
        assert "read-only" in error and "not saved" in error
    assert "Late arrival" not in system_names(path)


async def test_control_sequences_an_older_file_holds_are_never_drawn(make_workshop):
    """An older version let ESC sequences into free text: the table shows the rest of the text,
    and no line the app draws carries ESC or CSI to the terminal (issue 12)."""
    import sqlite3

    from textual.geometry import Region

    path = make_workshop(SAMPLE_SYSTEMS)
    connection = sqlite3.connect(path)
    connection.execute(
        "UPDATE system SET vendor = 'Ven\x1b]0;pwned\x07dor\x9b2J' WHERE name = 'Shopify'"
    )
    connection.commit()
    connection.close()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_systems(pilot)
        # Rich keeps ESC and CSI in the cell (it drops only BEL and a few others) ...
        assert "Ven\x1b]0;pwneddor\x9b2J" in shown_column(app, "vendor")
        data = table(app)
        drawn = data.render_lines(Region(0, 0, data.size.width, data.size.height))
        text = "".join(segment.text for strip in drawn for segment in strip)  # ... not drawn
        assert "Ven]0;pwneddor2J" in text
        assert not any(char in text for char in "\x1b\x07\x9b")


# --- Unknown is not an answer -----------------------------------------------------------------


async def test_a_form_left_blank_stores_unknown_shown_as_a_dim_dash_and_can_go_back(
    make_workshop,
):
    """Saving the form with only a name records nothing else: the table shows a dim "—"
    (the muted style, not text) and the file holds NULL. Choosing a category is an answer;
    choosing the blank "— unknown" again takes it back."""
    import sqlite3

    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_add_form(pilot)
        category = form(app).query_one("#category", Select)
        assert category.is_blank()  # starts unknown: no "other" preselected
        await type_text(pilot, "Payroll")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        row = table(app).get_row(table(app).selected_key)
        assert [cell.plain for cell in row] == ["Payroll", "—", "", "", "—", "—", "—"]
        assert row[1].style and row[1].style != table(app).get_row_at(0)[0].style  # dim

        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab", "enter")  # to Category, open the list
        await settle(pilot)
        await type_text(pilot, "hr")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        row = table(app).get_row(table(app).selected_key)
        assert row[1].plain == "HR"

        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab", "enter", "home", "enter")  # the blank choice: unknown again
        await settle(pilot)
        assert form(app).query_one("#category", Select).is_blank()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert table(app).get_row(table(app).selected_key)[1].plain == "—"
    connection = sqlite3.connect(path)
    try:
        stored = connection.execute(
            "SELECT category, lifecycle, hosting, api, criticality FROM system WHERE name = ?",
            ("Payroll",),
        ).fetchone()
    finally:
        connection.close()
    assert stored == (None, None, None, None, None)
