"""Quick capture keeps up (issue 13): forgiving names, tab, a live preview, pasted blocks.

Driven through the real app on real files: a professional-services estate where the room says
"Mission Control" for "Mission Control PSA" and "Salesforce" for "Salesforce Sales Cloud".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_workshop
from pilot_support import settle, type_text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button
from workshop_templates import cached

from models.enums import Approach, FlowState
from tui.app import SeamworkApp
from tui.dialogs.quick_capture import CreateMissingDialog, DidYouMeanDialog, QuickCaptureDialog

SIZE = (120, 36)

SYSTEMS = (
    "Mission Control PSA",
    "Salesforce Sales Cloud",
    "Xero",
    "BambooHR",
    "Sage X3",
    "Sage Intacct",
)
OBJECTS = ("Won opportunities", "Invoices", "Employees")


def write_estate(path: Path) -> None:
    from storage.queries.data_objects import create_data_object
    from storage.workshop_file import open_workshop

    write_workshop(path, [{"name": name} for name in SYSTEMS])
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in OBJECTS:
            create_data_object(session, data={"name": name})


@pytest.fixture
def estate(tmp_path: Path) -> Path:
    return cached(tmp_path / "services.seamwork", write_estate)


def contents(path: Path) -> tuple[list[str], list[str], list[str]]:
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


async def open_dialog(pilot: Pilot[None]) -> QuickCaptureDialog:
    app = pilot.app
    await settle(pilot)
    assert isinstance(app, SeamworkApp) and app.workshop is not None
    app.push_screen(QuickCaptureDialog(app.workshop))
    await settle(pilot)
    assert dialog(app).input.has_focus
    return dialog(app)


async def test_mission_control_is_mission_control_psa_and_salesforce_its_sales_cloud(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, "salesforce -> Mission Control: won opportunities, real-time")
        await settle(pilot)
        assert (
            "Salesforce Sales Cloud → Mission Control PSA: Won opportunities · Real-time"
            in feedback(app)
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog), "nothing new: no question"
        await type_text(pilot, "MissionControl-PSA -> xero: Invoices via native connector")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog)
    systems, _, flows = contents(estate)
    assert sorted(systems) == sorted(SYSTEMS), "no system was made up"
    assert flows == [
        "Mission Control PSA -> Xero: Invoices",
        "Salesforce Sales Cloud -> Mission Control PSA: Won opportunities",
    ]
    from storage.queries.flows import list_flows
    from storage.workshop_file import open_workshop

    with open_workshop(estate, read_only=True) as workshop, workshop.session() as session:
        invoices = list_flows(session)[0]
        assert invoices.approach == Approach.CONNECTOR


async def test_a_misspelling_offers_the_existing_system_as_the_default(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, "Mision Control PSA -> Xero: Invoices")
        await settle(pilot)
        assert "did you mean Mission Control PSA?" in feedback(app)
        await pilot.press("enter")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, DidYouMeanDialog)
        text = question.query_one("#capture-near-question").render().plain  # type: ignore[union-attr]
        assert text == 'Did you mean "Mission Control PSA" for "Mision Control PSA"?'
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "capture-near-existing"
        await pilot.press("enter")  # the default: the existing system
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog), "no question about new names"
        assert dialog(app).input.value == ""
    systems, _, flows = contents(estate)
    assert "Mision Control PSA" not in systems
    assert flows == ["Mission Control PSA -> Xero: Invoices"]


async def test_keeping_a_misspelling_as_typed_is_the_one_question(estate):
    """n ("keep as typed") is the answer to create that name: no second question for it."""
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, "Mision Control PSA -> Xero: Invoices")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DidYouMeanDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog), "asked twice about one name"
        assert dialog(app).input.value == ""
    systems, _, flows = contents(estate)
    assert "Mision Control PSA" in systems
    assert flows == ["Mision Control PSA -> Xero: Invoices"]


async def test_keeping_a_misspelling_still_asks_about_another_new_name(estate):
    """The line also names a data object nobody has mentioned: that one is asked about."""
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, "Mision Control PSA -> Xero: Credit notes")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DidYouMeanDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CreateMissingDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert dialog(app).input.value == "Mision Control PSA -> Xero: Credit notes"
    assert contents(estate)[2] == []


async def test_a_start_that_fits_two_names_is_refused_naming_both(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        await type_text(pilot, "Sage -> Xero: Invoices")
        await settle(pilot)
        assert "Sage (Sage Intacct or Sage X3?)" in feedback(app)
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app) == (
            'Which "Sage": Sage Intacct or Sage X3? Type more of the name, or press tab at it.'
        )
        # Quoted, the name is taken as typed: a new system, asked about first.
        dialog(app).input.value = '"Sage" -> Xero: Invoices'
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CreateMissingDialog)
        await pilot.press("escape")
        await settle(pilot)
    assert contents(estate)[2] == []


async def test_tab_completes_names_and_adds_the_arrow_and_colon(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        capture = await open_dialog(pilot)
        await type_text(pilot, "sal")
        await pilot.press("tab")
        assert capture.input.value == "Salesforce Sales Cloud -> "
        await type_text(pilot, "mis")
        await pilot.press("tab")
        assert capture.input.value == "Salesforce Sales Cloud -> Mission Control PSA: "
        await type_text(pilot, "won")
        await pilot.press("tab")
        assert capture.input.value == (
            "Salesforce Sales Cloud -> Mission Control PSA: Won opportunities, "
        )
        assert capture.input.has_focus, "tab completes; it does not move focus"
        # After the data object, tab completes a detail word.
        await type_text(pilot, "dai")
        await pilot.press("tab")
        await type_text(pilot, " con")
        await pilot.press("tab")
        assert capture.input.value.endswith("Won opportunities, daily connector")
        # Where several names fit, tab goes as far as they agree, then cycles through them.
        capture.input.value = ""
        await type_text(pilot, "Xero -> sa")
        await pilot.press("tab")
        assert capture.input.value == "Xero -> Sage Intacct"
        await pilot.press("tab")
        assert capture.input.value == "Xero -> Sage X3"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert 'Expected ":"' in feedback(app)
    assert contents(estate)[2] == []


async def test_tab_after_a_new_data_object_adds_the_comma_and_enter_records_it(estate):
    """A data object the workshop does not have yet, typed whole: tab moves on to the details
    (", "), as after a completed name; nothing is completed into it."""
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        capture = await open_dialog(pilot)
        await type_text(pilot, "Xero -> sal")
        await pilot.press("tab")
        await type_text(pilot, "Credit notes")
        await pilot.press("tab")
        assert capture.input.value == "Xero -> Salesforce Sales Cloud: Credit notes, "
        await pilot.press("tab")  # nothing to complete: the line stays as it is
        assert capture.input.value == "Xero -> Salesforce Sales Cloud: Credit notes, "
        await type_text(pilot, "dai")
        await pilot.press("tab")
        assert capture.input.value.endswith("Credit notes, daily")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CreateMissingDialog)  # a new name: one question
        await pilot.press("enter")
        await settle(pilot)
    assert "Xero -> Salesforce Sales Cloud: Credit notes" in contents(estate)[2]


async def test_each_detail_and_an_unplaceable_word_show_before_enter(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        capture = await open_dialog(pilot)
        line = "Mission Control -> Xero: Invoices, daily via native gizmo connector"
        await type_text(pilot, line)
        await settle(pilot)
        shown = feedback(app)
        assert "Mission Control PSA → Xero: Invoices · Daily · approach connector" in shown
        assert "not understood: native gizmo" in shown
        # In a colour of its own: the unplaced words carry the error style, the details theirs.
        visual = capture.feedback.visual
        styles = {visual.plain[span.start : span.end]: str(span.style) for span in visual.spans}  # type: ignore[union-attr]
        assert "$text-error" in styles["native gizmo"]
        assert styles["Daily"] != styles["approach connector"]
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app).startswith('Not understood: "native gizmo"')
        assert capture.input.value == line
        # Typing fixes it, and the preview follows every key.
        for _ in range(len(" gizmo connector")):
            await pilot.press("backspace")
        await type_text(pilot, " connector, currently manual # ask about VAT")
        await settle(pilot)
        shown = feedback(app)
        assert "not understood" not in shown
        assert "state manual" in shown and "# ask about VAT" in shown
        await pilot.press("enter")
        await settle(pilot)
    from storage.queries.flows import list_flows
    from storage.workshop_file import open_workshop

    with open_workshop(estate, read_only=True) as workshop, workshop.session() as session:
        (flow,) = list_flows(session)
        assert flow.ref == "Mission Control PSA -> Xero: Invoices"
        assert (flow.approach, flow.state, flow.notes) == (
            Approach.CONNECTOR,
            FlowState.MANUAL,
            "ask about VAT",
        )


PASTED = """\
Salesforce -> Mission Control: Won opportunities, real-time via api
Mission Control -> Xero: Invoices, daily via native connector
BambooHR -> Mission Control: Employees, daily via file
Mission Control -> Xero: Timesheets, weekly, currently manual
Mission Control -> Salesforce: Project status, daily # for account managers
"""


async def test_five_pasted_lines_are_five_flows_confirmed_together(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        capture = await open_dialog(pilot)
        app.post_message(events.Paste(PASTED))
        await settle(pilot)
        batch = capture.query_one("#capture-batch").render().plain  # type: ignore[union-attr]
        assert len(batch.splitlines()) == 5
        assert "Mission Control PSA → Xero: Timesheets" in batch
        assert "5 lines pasted" in feedback(app)
        await pilot.press("enter")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, CreateMissingDialog)
        text = question.query_one("#capture-new-question").render().plain  # type: ignore[union-attr]
        assert text == ('Create the data objects "Timesheets", "Project status" for these 5 flows?')
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog)
        assert len(capture.captured) == 5
        assert not capture.query_one("#capture-batch").display
    systems, objects, flows = contents(estate)
    assert sorted(systems) == sorted(SYSTEMS)
    assert "Timesheets" in objects and "Project status" in objects
    assert len(flows) == 5


async def test_a_bad_line_in_a_paste_records_none_of_them(estate):
    app = SeamworkApp(estate)
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot)
        app.post_message(events.Paste("Xero -> BambooHR: Employees\nXero BambooHR Invoices\n"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert feedback(app).startswith("Line 2: Expected")
        await pilot.press("escape")  # drops the pasted lines, keeps the dialog
        await settle(pilot)
        assert isinstance(app.screen, QuickCaptureDialog)
        assert dialog(app).pending == []
        app.post_message(events.Paste("Xero\n"))  # one line pastes into the line, once
        await settle(pilot)
        assert dialog(app).input.value == "Xero"
    assert contents(estate)[2] == []
