"""The data objects view of the Flows screen and the data object form, on real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pilot_support import notified, palette, settle, type_text
from test_tui_flows import (
    ALL_REFS,
    SIZE,
    open_flows,
    shown_refs,
    stored_refs,
    write_flows_workshop,
)
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Select

from tui.app import SeamworkApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.data_object_form import DataObjectForm, DefinitionRow
from tui.screens.flows import FlowsScreen
from tui.widgets.form_field import FormField
from tui.widgets.sortable_table import SortableTable


def objects_table(app: SeamworkApp) -> SortableTable:
    return app.get_screen_stack("flows")[0].query_one("#objects-table", SortableTable)


def shown_objects(app: SeamworkApp) -> list[str]:
    data = objects_table(app)
    return [data.get_row_at(row)[0].plain for row in range(data.row_count)]


def cell(app: SeamworkApp, name: str, column: str) -> str:
    data = objects_table(app)
    return [c.plain for c in data.get_column(column)][shown_objects(app).index(name)]


def detail(app: SeamworkApp) -> str:
    screen = app.get_screen_stack("flows")[0]
    return screen.query_one("#object-detail").render().plain  # type: ignore[union-attr]


def title(app: SeamworkApp) -> str:
    """The panel's title as shown: the view on show first, the other one after."""
    screen = app.get_screen_stack("flows")[0]
    return Content.from_markup(str(screen.query_one("#flows-body").border_title)).plain


def count(app: SeamworkApp) -> str:
    screen = app.get_screen_stack("flows")[0]
    return str(screen.query_one("#flows-body").border_subtitle)


async def move_to(pilot: Pilot[None], app: SeamworkApp, name: str) -> None:
    objects_table(app).move_cursor(row=shown_objects(app).index(name))
    await settle(pilot)


def form(app: SeamworkApp) -> DataObjectForm:
    assert isinstance(app.screen, DataObjectForm), app.screen
    return app.screen


def stored_object(path: Path, name: str) -> tuple[Any, list[tuple[str, str]]]:
    from storage.queries.data_objects import get_data_object, get_data_object_row, list_definitions
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        found = get_data_object(session, name=name)
        assert found is not None and found.id is not None, name
        row = get_data_object_row(session, data_object_id=found.id)
        definitions = list_definitions(session, data_object_id=found.id)
        return row, [(d.department, d.text) for d in definitions]


def stored_names(path: Path) -> list[str]:
    from storage.queries.data_objects import list_data_objects
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return [row.name for row in list_data_objects(session)]


async def test_v_toggles_between_flows_and_data_objects(tmp_path):
    app = SeamworkApp(write_flows_workshop(tmp_path / "acme.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_flows(pilot)
        assert title(app) == " Flows   Data objects (v)"
        assert screen.query_one("#flows-view").display
        assert not screen.query_one("#objects-view").display
        await pilot.press("v")
        await settle(pilot)
        assert screen.view == "objects"
        assert title(app) == " Data objects   Flows (v)"
        assert not screen.query_one("#flows-view").display
        assert screen.query_one("#objects-view").display
        assert objects_table(app).has_focus
        assert shown_objects(app) == ["Invoices", "Sales orders", "Stock"]
        assert cell(app, "Stock", "source_of_truth") == "Mintsoft"
        assert cell(app, "Sales orders", "source_of_truth") == "— none"  # it flows: SOT-MISSING
        assert cell(app, "Sales orders", "flows") == "2"
        assert cell(app, "Sales orders", "sensitivity") == "Personal"
        assert count(app) == "3 data objects"
        await move_to(pilot, app, "Sales orders")
        assert "SOT-MISSING" in detail(app)
        # The same filter applies to both views.
        await pilot.press("slash")
        await type_text(pilot, "stock")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_objects(app) == ["Stock"]
        assert count(app) == "1 of 3 data objects"
        await pilot.press("v")
        await settle(pilot)
        assert screen.view == "flows"
        assert shown_refs(app) == ["Mintsoft -> Shopify: Stock"]
        await pilot.press("escape")
        await settle(pilot)
        assert shown_refs(app) == ALL_REFS


async def test_o_on_a_data_object_shows_its_flows(tmp_path):
    app = SeamworkApp(write_flows_workshop(tmp_path / "acme.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        await move_to(pilot, app, "Sales orders")
        await pilot.press("o")
        await settle(pilot)
        assert screen.view == "flows"
        assert shown_refs(app) == [
            "Sage X3 -> Mintsoft: Sales orders",
            "Shopify -> Sage X3: Sales orders",
        ]


async def test_the_palette_opens_the_data_objects_view(tmp_path):
    app = SeamworkApp(write_flows_workshop(tmp_path / "acme.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Data objects")
        assert isinstance(app.screen, FlowsScreen)
        assert app.screen.view == "objects"
        assert shown_objects(app) == ["Invoices", "Sales orders", "Stock"]


async def add_definition(pilot: Pilot[None], department: str, text: str) -> None:
    await pilot.press("ctrl+n")
    await settle(pilot)
    await type_text(pilot, department)
    await pilot.press("tab")
    await type_text(pilot, text)


async def test_add_a_data_object_whose_departments_disagree(tmp_path):
    path = write_flows_workshop(tmp_path / "acme.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert form(app).query_one("#name", Input).has_focus
        await type_text(pilot, "Stock in transit")
        await pilot.press("tab")
        await type_text(pilot, "Logistics")
        await pilot.press("tab")  # source of truth: open the list and type to choose
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "Sage")
        await pilot.press("enter")
        await settle(pilot)
        assert form(app).query_one("#source_of_truth", Select).value == "Sage X3"
        form(app).query_one("#definition", Input).value = "Lines shipped, not yet booked in."
        await add_definition(pilot, "Logistics", "Shipped by the supplier, not yet received")
        await add_definition(pilot, "Sales", "At the local hub, promised within 48 hours")
        assert len(form(app).definition_rows) == 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FlowsScreen)
        assert shown_objects(app) == ["Invoices", "Sales orders", "Stock", "Stock in transit"]
        assert objects_table(app).get_row(objects_table(app).selected_key)[0].plain == (
            "Stock in transit"
        )
        assert cell(app, "Stock in transit", "source_of_truth") == "Sage X3"
        assert cell(app, "Stock in transit", "definitions") == "2  ⚠ disagree"
        assert cell(app, "Stock", "definitions") == "—"
        text = detail(app)
        assert "⚠ Departments disagree" in text
        assert "Logistics" in text and "Shipped by the supplier, not yet received" in text
        assert "At the local hub, promised within 48 hours" in text
        assert any(n.message == "Added “Stock in transit”." for n in notified(app))

    row, definitions = stored_object(path, "Stock in transit")
    assert (row.owner, row.source_of_truth, row.def_conflict) == ("Logistics", "Sage X3", True)
    assert row.definition == "Lines shipped, not yet booked in."
    assert definitions == [
        ("Logistics", "Shipped by the supplier, not yet received"),
        ("Sales", "At the local hub, promised within 48 hours"),
    ]


def write_stock_in_transit(tmp_path: Path) -> Path:
    """A workshop whose one data object, Stock in transit, Logistics and Sales define apart."""
    objects = [
        {
            "name": "Stock in transit",
            "definitions": [
                {"department": "Logistics", "text": "Shipped, not received"},
                {"department": "Sales", "text": "Promisable in 48 hours"},
            ],
        }
    ]
    return write_flows_workshop(tmp_path / "acme.seamwork", data_objects=objects, flows=[])


async def test_edit_removes_a_definition_and_the_conflict_goes(tmp_path):
    path = write_stock_in_transit(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert cell(app, "Stock in transit", "definitions") == "2  ⚠ disagree"
        await pilot.press("e")
        await settle(pilot)
        rows = form(app).definition_rows
        assert [row.values for row in rows] == [
            ("Logistics", "Shipped, not received"),
            ("Sales", "Promisable in 48 hours"),
        ]
        await pilot.click(rows[1].query_one(".definition--remove"))
        await settle(pilot)
        assert len(form(app).definition_rows) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cell(app, "Stock in transit", "definitions") == "1"
        assert "disagree" not in detail(app)
    _, definitions = stored_object(path, "Stock in transit")
    assert definitions == [("Logistics", "Shipped, not received")]


async def test_a_definition_without_a_department_is_refused_and_nothing_is_written(tmp_path):
    path = write_flows_workshop(tmp_path / "acme.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form(app).query_one("#name", Input).value = "Returns"
        await add_definition(pilot, "", "Goods sent back")
        await add_definition(pilot, "Sales", "Credit notes")
        await add_definition(pilot, "sales", "Refunds")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DataObjectForm)
        errors = [row.error for row in form(app).query(DefinitionRow)]
        assert errors == [
            "Name the department that means this.",
            "",
            "Sales is listed twice; keep one definition per department.",
        ]
        # A duplicate name is refused under the name; still nothing is written.
        rows = form(app).definition_rows
        await pilot.click(rows[0].query_one(".definition--remove"))
        await pilot.click(rows[2].query_one(".definition--remove"))
        await settle(pilot)
        form(app).query_one("#name", Input).value = "STOCK"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form(app).query_one("#field-name", FormField).error == (
            'A data object named "Stock" already exists.'
        )
    assert stored_names(path) == ["Invoices", "Sales orders", "Stock"]


async def test_an_edit_with_a_refused_definition_writes_nothing(tmp_path):
    """The object and its definitions are saved together: the reason shows on the refused row
    and the file keeps the object's fields and every definition as they were."""
    path = write_stock_in_transit(tmp_path)
    before = stored_object(path, "Stock in transit")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form(app).query_one("#owner", Input).value = "Operations"
        rows = form(app).definition_rows
        rows[0].query_one(".definition--text", Input).value = "In the lorry"
        await pilot.click(rows[1].query_one(".definition--remove"))
        await add_definition(pilot, "Finance", "Paid for, not received")
        await add_definition(pilot, "LOGISTICS", "Listed again")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DataObjectForm), "the form stays open"
        assert [row.error for row in form(app).definition_rows] == [
            "",
            "",
            "Logistics is listed twice; keep one definition per department.",
        ]
        refused = form(app).definition_rows[2]
        assert refused.has_class("-invalid") and refused.has_focus_within
        assert not form(app).query_one("#field-owner", FormField).error
        assert stored_object(path, "Stock in transit") == before
        # Fixing the row saves everything at once.
        await pilot.click(refused.query_one(".definition--remove"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FlowsScreen)
    row, definitions = stored_object(path, "Stock in transit")
    assert row.owner == "Operations"
    assert definitions == [("Finance", "Paid for, not received"), ("Logistics", "In the lorry")]


async def test_delete_lists_the_flows_that_go_and_needs_confirming(tmp_path):
    path = write_flows_workshop(tmp_path / "acme.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        await move_to(pilot, app, "Sales orders")
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        question = dialog.query_one("#confirm-question").render().plain  # type: ignore[union-attr]
        assert question == "Delete the data object Sales orders?"
        headings = [label.render().plain for label in dialog.query(".confirm-heading")]  # type: ignore[attr-defined]
        items = [static.render().plain for static in dialog.query(".confirm-items")]  # type: ignore[attr-defined]
        assert headings == ["These 2 flows are deleted with it:"]
        assert items == ["• Sage X3 -> Mintsoft: Sales orders\n• Shopify -> Sage X3: Sales orders"]
        await pilot.press("escape")
        await settle(pilot)
        assert stored_names(path) == ["Invoices", "Sales orders", "Stock"]
        assert stored_refs(path) == ALL_REFS
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert shown_objects(app) == ["Invoices", "Stock"]
        await pilot.press("v")
        await settle(pilot)
        assert screen.view == "flows"
        assert shown_refs(app) == ["Mintsoft -> Shopify: Stock", "Sage X3 -> Xero: Invoices"]
    assert stored_names(path) == ["Invoices", "Stock"]
    assert stored_refs(path) == ["Mintsoft -> Shopify: Stock", "Sage X3 -> Xero: Invoices"]


async def test_markup_in_department_definitions_is_shown_literally(tmp_path):
    objects = [
        {
            "name": "[b]Stock[/b]",
            "owner": "[@click=app.quit]ops",
            "definitions": [
                {"department": "[red]Sales", "text": "[@click=app.quit]x"},
                {"department": "Logistics", "text": "[/]"},
            ],
        }
    ]
    path = write_flows_workshop(tmp_path / "acme.seamwork", data_objects=objects, flows=[])
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_flows(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert shown_objects(app) == ["[b]Stock[/b]"]
        assert cell(app, "[b]Stock[/b]", "owner") == "[@click=app.quit]ops"
        text = detail(app)
        assert "[red]Sales" in text and "[@click=app.quit]x" in text and "[/]" in text
        await pilot.press("e")
        await settle(pilot)
        assert form(app).query_one("#name", Input).value == "[b]Stock[/b]"
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
