"""The workshop details form (name, client, facilitator, engagement notes), driven through the
real app: offered once on a file this launch created, `e` on the Overview, the palette command;
what it refuses, and names that look like markup shown as typed."""

from __future__ import annotations

from pathlib import Path

from pilot_support import SIZE, notified, palette, settle, type_text, until
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea
from textual.widgets._header import HeaderTitle

from tui.app import SeamworkApp
from tui.dialogs.workshop_form import WorkshopForm
from tui.screens.overview import OverviewScreen
from tui.widgets.form_field import FormField

DETAILS = {
    "name": "Northwind integration workshop",
    "client": "Northwind Wholesale Ltd",
    "facilitator": "Priya Shah",
    "notes": "Two days on site.\nOrder to cash first.",
}


def stored(path: Path) -> dict[str, str]:
    """The workshop's details in the file, read afresh (read-only)."""
    from storage.queries.systems import get_workshop
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        row = get_workshop(session)
        return {field: getattr(row, field) for field in DETAILS}


def form(app: SeamworkApp) -> WorkshopForm:
    screen = app.screen
    assert isinstance(screen, WorkshopForm), screen
    return screen


def header(app: SeamworkApp) -> str:
    """The header's title as it is drawn (plain text)."""
    return str(app.screen.query_one(HeaderTitle).render())


def details_panel(app: SeamworkApp) -> str:
    overview = app.get_screen_stack("overview")[0]
    assert isinstance(overview, OverviewScreen)
    return str(overview.query_one("#overview-details").render())


def error_of(app: SeamworkApp, field: str) -> str:
    return form(app).query_one(f"#field-{field}", FormField).error


async def form_shown(pilot: Pilot[None]) -> WorkshopForm:
    await until(pilot, lambda: isinstance(pilot.app.screen, WorkshopForm))
    await settle(pilot)
    return form(pilot.app)  # type: ignore[arg-type]


async def fill(pilot: Pilot[None], values: dict[str, str]) -> None:
    """Replace each field's value by typing it, key by key, after clearing the field."""
    screen = form(pilot.app)  # type: ignore[arg-type]
    for name, value in values.items():
        widget = screen.query_one(f"#{name}")
        widget.focus()
        if isinstance(widget, Input):
            widget.value = ""
        else:
            assert isinstance(widget, TextArea)
            widget.clear()
        await pilot.pause()
        for line_number, line in enumerate(value.split("\n")):
            if line_number:
                await pilot.press("enter")
            await type_text(pilot, line)


async def overview_settled(pilot: Pilot[None]) -> None:
    await settle(pilot, lambda: isinstance(pilot.app.screen, OverviewScreen))


async def test_a_new_file_is_offered_the_form_and_saving_retitles_everything(tmp_path):
    path = tmp_path / "client.seamwork"
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await form_shown(pilot)
        assert shown.new
        assert "A new workshop" in str(shown.query_one("#workshop-new-hint", Label).render())
        assert shown.query_one("#name", Input).value == "client"  # the file's name, so far
        assert app.focused is shown.query_one("#name")
        await fill(pilot, DETAILS)
        await pilot.press("ctrl+s")
        await overview_settled(pilot)
        await settle(pilot, lambda: DETAILS["client"] in details_panel(app))

        assert app.title == DETAILS["name"]
        assert header(app).startswith(DETAILS["name"])
        panel = details_panel(app)
        assert DETAILS["name"] in panel and DETAILS["facilitator"] in panel
        assert "Saved the details of “Northwind integration workshop”." in [
            n.message for n in notified(app)
        ]
    assert stored(path) == DETAILS


async def test_escape_skips_the_offer_and_it_is_not_made_again(tmp_path):
    path = tmp_path / "client.seamwork"
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await form_shown(pilot)
        await type_text(pilot, "typed, then skipped")
        await pilot.press("escape")
        await overview_settled(pilot)
        assert app.title == "client"
        assert "Client       not recorded" in details_panel(app)
    assert stored(path)["name"] == "client"

    again = SeamworkApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await overview_settled(pilot)
        await settle(pilot, lambda: again.workshop is not None)
        assert not isinstance(again.screen, WorkshopForm)


async def test_e_on_the_overview_edits_the_details_it_shows(make_demo):
    path = make_demo()
    before = stored(path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_settled(pilot)
        await settle(pilot, lambda: before["client"] in details_panel(app))
        await pilot.press("e")
        shown = await form_shown(pilot)
        assert not shown.new and not shown.query("#workshop-new-hint")
        assert {name: shown.value_of(name) for name in DETAILS} == before
        await fill(pilot, {"client": "Northwind Group plc"})
        await pilot.press("ctrl+s")
        await overview_settled(pilot)
        await settle(pilot, lambda: "Northwind Group plc" in details_panel(app))
        assert app.title == before["name"]
    assert stored(path) == {**before, "client": "Northwind Group plc"}


async def test_the_palette_command_opens_the_form_over_any_screen(make_workshop):
    path = make_workshop()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_settled(pilot)
        await pilot.press("2")
        await settle(pilot)
        await palette(pilot, "Edit workshop details")
        await form_shown(pilot)
        await fill(pilot, {"name": "Acme kick-off"})
        await pilot.press("enter")  # enter on a one-line field moves on; it does not save
        assert isinstance(app.screen, WorkshopForm)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.title == "Acme kick-off")
        assert app.current_mode == "systems"
        assert header(app).startswith("Acme kick-off")
    assert stored(path)["name"] == "Acme kick-off"


async def test_bad_input_is_told_beside_the_field_and_nothing_is_written(make_workshop):
    path = make_workshop()
    before = stored(path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_settled(pilot)
        await pilot.press("e")
        await form_shown(pilot)
        await fill(pilot, {"name": "", "client": "Changed"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WorkshopForm)
        assert error_of(app, "name") == "Workshop name is required."  # named as labelled
        assert error_of(app, "client") == ""
        assert app.focused is form(app).query_one("#name")

        await fill(pilot, {"name": "x" * 121})
        await settle(pilot)
        assert error_of(app, "name") == ""  # changing the field takes its error away
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "name") == "Workshop name is too long (121 characters; at most 120)."
        assert stored(path) == before

        await pilot.press("escape")
        await overview_settled(pilot)
        assert app.title == "acme"
    assert stored(path) == before


async def test_markup_looking_details_show_literally_everywhere(make_workshop):
    path = make_workshop()
    odd = {
        "name": "[bold]x [@click=app.quit]",
        "client": "[red]Acme[/",
        "facilitator": "[link=https://x]me",
        "notes": "[b]notes[/b]",
    }
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_settled(pilot)
        await pilot.press("e")
        await form_shown(pilot)
        await fill(pilot, odd)
        await pilot.press("ctrl+s")
        await overview_settled(pilot)
        await settle(pilot, lambda: odd["client"] in details_panel(app))

        assert app.is_running  # [@click=app.quit] did not quit
        assert header(app).startswith(odd["name"])
        panel = details_panel(app)
        assert odd["name"] in panel and odd["facilitator"] in panel
        assert f"Saved the details of “{odd['name']}”." in [n.message for n in notified(app)]

        await pilot.press("e")  # and the form shows them back as typed
        shown = await form_shown(pilot)
        assert {name: shown.value_of(name) for name in odd} == odd
    assert stored(path) == odd


async def test_a_read_only_file_says_why_the_details_cannot_be_edited(make_workshop):
    path = make_workshop()
    path.chmod(0o400)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await overview_settled(pilot)
        await settle(pilot, lambda: app.workshop is not None)
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, WorkshopForm)
        assert any("so you cannot edit the workshop details" in n.message for n in notified(app))
