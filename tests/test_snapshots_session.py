"""Snapshots of the Session screen, the capture line and the agenda timer in the header.

Each test builds its workshop through storage in a fresh `tmp_path` (the working directory, so
the header reads `acme.seamwork`), with `SEAMWORK_NOW` pinned at 2026-11-25 09:00 UTC.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_SYSTEMS, write_workshop
from pilot_support import cleared, demo_workshop, settle, type_text, until
from textual.pilot import Pilot

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


def session_workshop(*, running_since: str | None = None) -> Path:
    """A workshop with an earlier session (an overdue action carried) and today's session."""
    from storage.queries import meetings as m
    from storage.queries.systems import update_workshop
    from storage.workshop_file import open_workshop

    path = write_workshop(Path("acme.seamwork"), SAMPLE_SYSTEMS)
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Acme integration workshop"})
        old = m.create_meeting(session, data={"date": "2026-11-18", "title": "Kick-off"})
        m.create_minute(
            session,
            meeting_id=old.id,
            data={"kind": "action", "text": "Send the API limits", "due": "2026-11-20"},
            who="Sam Lee",
        )
        day = m.create_meeting(
            session, data={"date": "2026-11-25", "title": "Day two: order to cash"}
        )
        for name, role, present in (
            ("Ana Ruiz", "Finance director", True),
            ("Sam Lee", "IT lead", None),
            ("Jo Park", "Operations", False),
        ):
            m.create_attendee(
                session,
                meeting_id=day.id,
                data={"name": name, "role": role, "organisation": "Acme", "present": present},
            )
        for title, box in (("Systems inventory", 30), ("Order to cash", 45), ("Wrap-up", 10)):
            m.create_agenda_item(session, meeting_id=day.id, data={"title": title, "minutes": box})
        if running_since is not None:
            m.save_agenda_clocks(
                session,
                meeting_id=day.id,
                clocks=[(120.0, running_since, False), (0.0, None, False), (0.0, None, False)],
            )
        m.create_minute(
            session,
            meeting_id=day.id,
            data={"kind": "decision", "text": "Sage owns the customer record"},
            who="Ana Ruiz",
            concerns=[("system", 1)],
        )
        m.create_minute(
            session,
            meeting_id=day.id,
            data={"kind": "action", "text": "Map VAT codes", "due": "2026-12-01"},
            who="Sam Lee",
        )
        done = m.create_minute(
            session, meeting_id=day.id, data={"kind": "action", "text": "Book the UAT room"}
        )
        m.set_minute_closed(session, minute_id=done.id, closed=True)
        m.create_minute(
            session, meeting_id=day.id, data={"kind": "parked", "text": "Do we keep Looker?"}
        )
    return path


async def on_session(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("6")
    await until(pilot, lambda: pilot.app.screen.id == "session-screen")
    await settle(pilot)


def test_session_screen_100x30(snap_compare):
    """The agenda ▶ on Systems inventory (32:00 spent, 2:00 over in red), attendees present /
    unknown / apologies, a decision about Shopify, the carried action marked ↪ 2026-11-18 and
    overdue, the done action last and dimmed, one parked question."""
    path = session_workshop(running_since="2026-11-25T08:30:00+00:00")
    assert snap_compare(SeamworkApp(path), terminal_size=(100, 30), run_before=cleared(on_session))


def test_session_screen_140x42(snap_compare):
    """The same session with room to spare: every column whole, the header's clock in red."""
    path = session_workshop(running_since="2026-11-25T08:30:00+00:00")
    assert snap_compare(SeamworkApp(path), terminal_size=(140, 42), run_before=cleared(on_session))


def test_session_screen_with_no_session(snap_compare):
    """No session yet: one sentence saying so and that n (or a) adds one; no empty grid."""
    path = write_workshop(Path("acme.seamwork"))
    assert snap_compare(SeamworkApp(path), terminal_size=(100, 30), run_before=cleared(on_session))


def test_capture_line_open_on_flows(snap_compare):
    """On Flows, ctrl+n: the grammar hint, "about: flow …" of the highlighted flow, the line
    typed, and the sentence saying the kind is missing, in red."""

    async def open_line(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: pilot.app.screen.query("#capture-line"))
        await type_text(pilot, "Xero owns invoices")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=(120, 36), run_before=cleared(open_line)
    )


def test_header_shows_the_over_running_timer_on_systems(snap_compare):
    """The Systems screen's header: ▶ Systems inventory  -2:00 over, in the error colour."""
    path = session_workshop(running_since="2026-11-25T08:30:00+00:00")

    async def on_systems(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await until(pilot, lambda: "over" in str(pilot.app._clock_shown))

    assert snap_compare(SeamworkApp(path), terminal_size=(120, 36), run_before=cleared(on_systems))
