"""ctrl+z and ctrl+y in the real app: an edit made through a form goes from the screen and comes
back, a toast says what; refusals are sentences; the History dialog lists the changes."""

from __future__ import annotations

import os

from conftest import SAMPLE_SYSTEMS, system_names
from pilot_support import SIZE, app_at, notified, palette, settle, type_text, until
from textual.pilot import Pilot

from tui.app import SeamworkApp
from tui.dialogs.history import HistoryDialog
from tui.dialogs.system_form import SystemForm
from tui.screens.systems import SystemsScreen
from tui.widgets.sortable_table import SortableTable
from tui.widgets.table import Table


def shown_names(app: SeamworkApp) -> list[str]:
    table = app.get_screen_stack("systems")[0].query_one("#systems-table", SortableTable)
    return [table.get_row_at(row)[0].plain for row in range(table.row_count)]


def messages(app: SeamworkApp) -> list[str]:
    return [str(n.message) for n in notified(app)]


async def add_through_the_form(pilot: Pilot[None], name: str) -> None:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, SystemForm))
    await type_text(pilot, name)
    await pilot.press("ctrl+s")
    await settle(pilot, lambda: isinstance(pilot.app.screen, SystemsScreen))


async def test_an_edit_made_in_a_form_is_undone_and_redone(workshop_at):
    path = workshop_at("acme", systems=SAMPLE_SYSTEMS)  # a file, and on the server
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await add_through_the_form(pilot, "HubSpot")
        assert "HubSpot" in shown_names(app)

        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "HubSpot" not in shown_names(app))
        assert shown_names(app) == ["Mintsoft", "Sage X3", "Shopify", "Xero"]
        assert messages(app)[-1] == "Undid: add system HubSpot"

        await pilot.press("ctrl+y")
        await settle(pilot, lambda: "HubSpot" in shown_names(app))
        assert messages(app)[-1] == "Redid: add system HubSpot"
    assert system_names(path) == ["HubSpot", "Mintsoft", "Sage X3", "Shopify", "Xero"]


async def test_presses_in_a_row_each_undo_one_change_in_order(make_workshop):
    """Keys pressed faster than the workers finish are not refused: each undoes one step."""
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await add_through_the_form(pilot, "HubSpot")
        await add_through_the_form(pilot, "Stripe")
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot, lambda: len(shown_names(app)) == 4)
        assert messages(app)[-2:] == ["Undid: add system Stripe", "Undid: add system HubSpot"]
    assert "HubSpot" not in system_names(path)


async def test_nothing_to_undo_is_a_sentence(make_workshop):
    app = SeamworkApp(make_workshop())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: "There is nothing to undo." in messages(app))
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: "There is nothing to redo." in messages(app))


async def test_undo_is_refused_read_only_with_a_sentence(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    os.chmod(path, 0o400)
    try:
        app = SeamworkApp(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+z")
            sentence = "This workshop is open read-only (the file is read-only), so undo is off."
            await settle(pilot, lambda: sentence in messages(app))
    finally:
        os.chmod(path, 0o600)
    assert len(system_names(path)) == 4


async def test_the_history_lists_changes_newest_first_and_marks_undone(make_workshop):
    app = SeamworkApp(make_workshop(SAMPLE_SYSTEMS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await add_through_the_form(pilot, "HubSpot")
        await palette(pilot, "History")
        assert isinstance(app.screen, HistoryDialog)
        table = app.screen.query_one(Table)
        first = [cell.plain for cell in table.get_row_at(0)]
        assert first[1:] == ["unknown", "add system HubSpot", ""]  # no name set in tests

        await pilot.press("ctrl+z")  # works over the history, which follows
        await settle(pilot, lambda: table.get_row_at(0)[2].plain == "Undid: add system HubSpot")
        assert [cell.plain for cell in table.get_row_at(1)][2:] == [
            "add system HubSpot",
            "undone",
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SystemsScreen)
        assert "HubSpot" not in shown_names(app)


async def test_ctrl_z_right_after_a_digit_undoes_that_score(tmp_path):
    """ctrl+z right after a digit undoes that score: it was committed before it was shown,
    so the step undone is the one the room just saw, not the one before it."""
    from test_tui_priorities import OI, criterion_names, open_priorities, scores_by_name, workshop

    path = workshop(tmp_path)
    before = scores_by_name(path, "Order to cash")[criterion_names(path)[OI]]
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + OI, animate=False)
        await pilot.press("enter", "2")  # scoring mode, then the digit
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: any(m.startswith("Undid: ") for m in messages(app)))
        assert messages(app)[-1] == "Undid: score Order to cash (Operational impact)"
    assert before != 2
    assert scores_by_name(path, "Order to cash")[criterion_names(path)[OI]] == before


async def test_in_a_form_undo_says_to_close_it_first(make_workshop):
    path = make_workshop(SAMPLE_SYSTEMS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await add_through_the_form(pilot, "HubSpot")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, SystemForm))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert messages(app)[-1] == "Close this dialog first, then undo."
        assert isinstance(app.screen, SystemForm)
    assert "HubSpot" in system_names(path)
