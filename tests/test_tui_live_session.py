"""A live session end to end, on the real app: what the room says goes into the file, undo
takes back exactly one step (also after a restart), and the JSON export holds what was said.

Time is `SEAMWORK_NOW`, pinned; nothing sleeps.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pilot_support import notified, settle, type_text, until
from test_tui_session import capture, focus, on_session, stored
from test_tui_workshop_details import fill, form_shown

from storage.formats.seamwork_json.document import export_json
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop
from tui.app import SeamworkApp
from tui.dialogs.session_forms import AgendaForm, AttendeeForm, MeetingForm
from tui.screens.flows import FlowsScreen
from tui.widgets.session_panels import AgendaPanel, AttendeesPanel

SIZE = (140, 42)
FLOW = "Shopify -> Xero: Invoices"
DETAILS = {
    "name": "Acme integration workshop",
    "client": "Acme Ltd",
    "facilitator": "J. Doe",
    "notes": "Order to cash first.",
}


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")


def a_flow_to_talk_about(path: Path) -> Path:
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("Shopify", "Xero"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Invoices"})
        create_flow(session, source="Shopify", target="Xero", data_object="Invoices")
    return path


def minutes_said(path: Path) -> list[tuple[str, str]]:
    return [(m.kind.value, m.text) for m in stored(path)[3]]


async def press_and_wait_for_toast(pilot, key: str, start: str) -> str:  # type: ignore[no-untyped-def]
    before = len(notified(pilot.app))
    await pilot.press(key)
    await settle(pilot, lambda: len(notified(pilot.app)) > before)
    message = notified(pilot.app)[-1].message
    assert message.startswith(start), message
    return message


async def test_a_live_session_from_details_to_export(make_workshop) -> None:
    path = a_flow_to_talk_about(make_workshop())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The workshop's details, from the Overview.
        await pilot.press("e")
        await form_shown(pilot)
        await fill(pilot, DETAILS)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.title == DETAILS["name"])

        # A session with three attendees and an agenda item whose timer runs.
        screen = await on_session(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm))
        await pilot.press("tab")
        await type_text(pilot, "Day one")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.data is not None and screen.data.meeting is not None)
        await focus(pilot, AttendeesPanel)
        for name in ("Ana Ruiz", "Sam Lee", "Jo Park"):
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, AttendeeForm))
            await type_text(pilot, name)
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: app.screen is screen)
        await focus(pilot, AgendaPanel)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AgendaForm))
        await type_text(pilot, "Order to cash")
        await pilot.press("tab")
        await type_text(pilot, "45")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen)
        await pilot.press("t")
        await settle(pilot, lambda: "Order to cash" in str(app.format_title(app.title, "")))
        assert stored(path)[2][0].started_at is not None

        # From the Flows screen, with the flow highlighted: a decision, an action, a question.
        await pilot.press("3")
        await settle(pilot, lambda: isinstance(app.screen, FlowsScreen))
        flows = app.screen
        assert isinstance(flows, FlowsScreen)
        await settle(pilot, lambda: flows.flow_table.selected is not None)
        assert flows.flow_table.selected is not None
        flow_id = flows.flow_table.selected.id
        await capture(pilot, "d: Xero owns invoices @Ana")
        await capture(pilot, "? Do we keep Looker?")
        await capture(pilot, 'a: Send the Xero API limits @"Sam Lee" 2026-12-18')  # undone next
        await settle(pilot, lambda: len(minutes_said(path)) == 3)
        for minute in stored(path)[3]:
            assert [(c.kind, c.entity_id) for c in minute.concerns] == [("flow", flow_id)]

        # Undo the action, then redo it.
        said = await press_and_wait_for_toast(pilot, "ctrl+z", "Undid:")
        assert "Send the Xero API limits" in said
        assert ("action", "Send the Xero API limits") not in minutes_said(path)
        await press_and_wait_for_toast(pilot, "ctrl+y", "Redid:")
        assert ("action", "Send the Xero API limits") in minutes_said(path)

    # Quit, reopen: undo still knows the last step.
    again = SeamworkApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = await press_and_wait_for_toast(pilot, "ctrl+z", "Undid:")
        assert "Send the Xero API limits" in said
        assert minutes_said(path) == [
            ("decision", "Xero owns invoices"),
            ("parked", "Do we keep Looker?"),
        ]

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        document = json.loads(export_json(session))
    assert {key: document["workshop"][key] for key in DETAILS} == DETAILS
    assert document["sessions"] == [
        {
            "date": "2026-11-25",
            "title": "Day one",
            "attendees": [
                {"name": name, "role": "", "organisation": "", "present": None}
                for name in ("Ana Ruiz", "Sam Lee", "Jo Park")
            ],
            "agenda": [{"title": "Order to cash", "minutes": 45}],
            "decisions": [
                {"text": "Xero owns invoices", "by": "Ana Ruiz", "concerns": [{"flow": FLOW}]}
            ],
            "actions": [],
            "parking_lot": [
                {"text": "Do we keep Looker?", "answered": False, "concerns": [{"flow": FLOW}]}
            ],
        }
    ]
