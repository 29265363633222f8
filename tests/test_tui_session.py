"""The Session screen (key 6), the agenda timer in the header and the capture line (ctrl+n),
driven through the real app on real workshop files.

Time is `SEAMWORK_NOW`: pinned, and moved on by the tests to see the timer run, never slept.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import app_at, notified, settle, shown, type_text, until
from textual.pilot import Pilot
from textual.widgets import Header, Input, Static

from models.minutes_capture import GRAMMAR_HELP
from tui.app import SeamworkApp
from tui.dialogs.capture_line import CaptureLine
from tui.dialogs.help import HelpScreen
from tui.dialogs.session_forms import AttendeeForm, MeetingForm
from tui.screens.flows import FlowsScreen
from tui.screens.session import SessionScreen
from tui.widgets.session_panels import (
    ActionsPanel,
    AgendaPanel,
    AttendeesPanel,
    DecisionsPanel,
    SessionPanel,
)

SIZE = (140, 42)
T0 = "2026-11-25T09:00:00+00:00"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", T0)


def at(monkeypatch: pytest.MonkeyPatch, minutes: float) -> None:
    """Move the pinned clock to `minutes` after 09:00."""
    whole, seconds = divmod(int(minutes * 60), 60)
    monkeypatch.setenv(
        "SEAMWORK_NOW", f"2026-11-25T{9 + whole // 60:02}:{whole % 60:02}:{seconds:02}+00:00"
    )


def with_session(path: Path | str, *, agenda: bool = True, minutes: bool = True) -> Path | str:
    """A session today ("Day two"), an earlier one with an open action, agenda and minutes."""
    from storage.queries import meetings as m
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        old = m.create_meeting(session, data={"date": "2026-11-18", "title": "Kick-off"})
        m.create_minute(
            session,
            meeting_id=old.id,
            data={"kind": "action", "text": "Send the Xero API limits", "due": "2026-11-20"},
            who="Sam Lee",
        )
        meeting = m.create_meeting(session, data={"date": "2026-11-25", "title": "Day two"})
        for name, present in (("Ana Ruiz", True), ("Sam Lee", None), ("Jo Park", False)):
            m.create_attendee(
                session, meeting_id=meeting.id, data={"name": name, "present": present}
            )
        if agenda:
            for title, box in (("Systems inventory", 30), ("Order to cash", 45)):
                m.create_agenda_item(
                    session, meeting_id=meeting.id, data={"title": title, "minutes": box}
                )
        if minutes:
            m.create_minute(
                session,
                meeting_id=meeting.id,
                data={"kind": "action", "text": "Map VAT codes", "due": "2026-12-01"},
                who="Sam",
            )
            m.create_minute(
                session, meeting_id=meeting.id, data={"kind": "parked", "text": "Keep Looker?"}
            )
    return path


def stored(path: Path | str):  # type: ignore[no-untyped-def]
    """(sessions, attendees, agenda, minutes) of the current session, read afresh."""
    from storage.queries import meetings as m
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        meeting = m.current_meeting(session)
        if meeting is None:
            return m.list_meetings(session), [], [], []
        return (
            m.list_meetings(session),
            m.list_attendees(session, meeting_id=meeting.id),
            m.list_agenda(session, meeting_id=meeting.id),
            m.list_minutes(session, meeting_id=meeting.id),
        )


def header_text(app: SeamworkApp) -> str:
    title = app.screen.query_one(Header).query_one("HeaderTitle", Static)
    return str(title.render())


def cells(panel: SessionPanel) -> list[str]:  # type: ignore[type-arg]
    table = panel.table
    if not table.display:
        return []
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def on_session(pilot: Pilot[None]) -> SessionScreen:
    await settle(pilot)
    await pilot.press("6")
    await until(pilot, lambda: isinstance(pilot.app.screen, SessionScreen))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen)
    return screen


async def on_flows(pilot: Pilot[None]) -> FlowsScreen:
    return await shown(pilot, "3", FlowsScreen)


async def focus(pilot: Pilot[None], panel: type[SessionPanel]) -> SessionPanel:  # type: ignore[type-arg]
    found = pilot.app.screen.query_one(panel)
    found.focus_rows()
    await settle(pilot)
    return found


async def test_add_a_session_with_three_attendees_and_mark_presence(make_workshop):
    path = make_workshop()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_session(pilot)
        assert screen.query_one("#session-none").display
        assert "No session yet" in str(screen.query_one("#session-none", Static).render())
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm))
        assert app.screen.query_one("#date", Input).value == "2026-11-25"  # today, typed in
        await pilot.press("tab")
        await type_text(pilot, "Day one")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.data is not None and screen.data.meeting is not None)
        await focus(pilot, AttendeesPanel)
        for name, role in (("Ana Ruiz", "Finance"), ("Sam Lee", "IT"), ("Jo Park", "Ops")):
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, AttendeeForm))
            await type_text(pilot, name)
            await pilot.press("tab")
            await type_text(pilot, role)
            await pilot.press("ctrl+s")
            await settle(pilot, lambda: not isinstance(app.screen, AttendeeForm))
        await settle(pilot)
        meetings, attendees, _, _ = stored(path)
        assert [(m.date, m.title) for m in meetings] == [("2026-11-25", "Day one")]
        assert [(a.name, a.role, a.present) for a in attendees] == [
            ("Ana Ruiz", "Finance", None),
            ("Sam Lee", "IT", None),
            ("Jo Park", "Ops", None),
        ]
        panel = screen.query_one(AttendeesPanel)
        assert all(
            row.split(" | ")[1] == "unknown" for row in cells(panel)
        )  # never shown as absent
        panel.table.move_cursor(row=0)
        await pilot.press("space")  # present
        await settle(pilot)
        panel.table.move_cursor(row=2)
        await pilot.press("x", "x")  # present, then apologies
        await settle(pilot)
        _, attendees, _, _ = stored(path)
        assert [a.present for a in attendees] == [True, None, False]
        assert cells(panel)[2].split(" | ")[1] == "apologies"


async def test_agenda_items_and_the_timer_in_every_header(make_workshop, monkeypatch):
    path = with_session(make_workshop(), agenda=False)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_session(pilot)
        await focus(pilot, AgendaPanel)
        for title, box in (("Systems inventory", "30"), ("Order to cash", "45")):
            await pilot.press("a")
            await until(pilot, lambda: app.screen is not screen)
            await type_text(pilot, title)
            await pilot.press("tab")
            await type_text(pilot, box)
            await pilot.press("enter")  # the last field saves
            await settle(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert [(i.title, i.minutes) for i in stored(path)[2]] == [
            ("Systems inventory", 30),
            ("Order to cash", 45),
        ]
        await pilot.press("t")
        await settle(pilot, lambda: "Systems inventory" in header_text(app))
        assert "▶ Systems inventory  30:00 left" in header_text(app)
        at(monkeypatch, 5)
        app._tick()
        assert "25:00 left" in header_text(app)
        await pilot.press("p")
        await settle(pilot, lambda: "paused" in header_text(app))
        assert stored(path)[2][0].spent_seconds == 300 and stored(path)[2][0].started_at is None
        at(monkeypatch, 20)
        app._tick()
        assert "⏸ Systems inventory  25:00 left  paused" in header_text(app)
        await pilot.press("p")  # resume at 09:20
        await settle(pilot, lambda: "▶" in header_text(app))
        at(monkeypatch, 48.5)  # 5 + 28.5 minutes: 3:30 over
        await pilot.press("2")  # the header on every screen
        await settle(pilot)
        app._tick()
        assert "▶ Systems inventory  -3:30 over" in header_text(app)
        agenda_row = screen.query_one(AgendaPanel)
        await pilot.press("6")
        await settle(pilot)
        screen._tick()
        assert "-3:30 over" in cells(agenda_row)[0]
        await pilot.press("t")  # done; the next starts
        await settle(pilot, lambda: "Order to cash" in header_text(app))
        items = stored(path)[2]
        assert items[0].done and items[0].spent_seconds == pytest.approx(33.5 * 60)
        assert items[1].started_at is not None


async def test_the_timer_continues_after_a_restart(make_workshop, monkeypatch):
    path = with_session(make_workshop())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_session(pilot)
        await pilot.press("t")
        await settle(pilot, lambda: "30:00 left" in header_text(app))
    at(monkeypatch, 12)
    again = SeamworkApp(path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: "Systems inventory" in header_text(again))
        assert again.current_mode == "overview"  # not only on the Session screen
        assert "▶ Systems inventory  18:00 left" in header_text(again)


def open_line(app: SeamworkApp) -> CaptureLine | None:
    """The capture line over the screen showing, if it is open."""
    found = app.screen.query(CaptureLine)
    return found.first() if found else None


async def capture(pilot: Pilot[None], line: str) -> CaptureLine:
    assert isinstance(pilot.app, SeamworkApp)
    app = pilot.app
    await pilot.press("ctrl+n")
    await until(pilot, lambda: open_line(app) is not None)
    dialog = open_line(app)
    assert dialog is not None
    await type_text(pilot, line)
    await pilot.press("enter")
    await settle(pilot)
    return dialog


def without_sessions(path: Path) -> Path:
    """The demo's flows with none of its sessions: capturing must start today's session."""
    from storage.queries import meetings as m
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        for meeting in m.list_meetings(session):
            m.delete_meeting(session, meeting_id=meeting.id)
    return path


async def test_capture_from_the_flows_screen_links_the_flow_and_jumps_back(make_demo):
    path = without_sessions(make_demo())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        flows = await on_flows(pilot)
        flows.flows_table.move_cursor(row=2)
        await settle(pilot)
        flow = flows.flow_table.selected
        assert flow is not None
        await pilot.press("ctrl+n")
        await until(pilot, lambda: open_line(app) is not None)
        about = str(app.screen.query_one("#capture-line-about", Static).render())
        assert about == f"about: flow {flow.ref}"
        await type_text(pilot, "d: Xero owns invoices @Ana")
        await pilot.press("enter")
        await settle(pilot, lambda: open_line(app) is None)
        assert app.screen is flows and app.focused is flows.flows_table  # the focus is back
        said = [n.message for n in notified(app)]
        assert any("Recorded decision “Xero owns invoices”, by Ana" in m for m in said), said
        assert any("no session yet" in m and "2026-11-25" in m for m in said), said
        await capture(pilot, "a: Send limits @Sam fri")
        await capture(pilot, "? Keep Looker?")
        meetings, attendees, _, minutes = stored(path)
        assert [(m.date, m.title) for m in meetings] == [("2026-11-25", "")]  # today, untitled
        assert [(m.kind.value, m.text, m.who, m.due) for m in minutes] == [
            ("decision", "Xero owns invoices", "Ana", None),
            ("action", "Send limits", "Sam", "2026-11-27"),  # the next Friday
            ("parked", "Keep Looker?", None, None),
        ]
        assert all(
            [(c.kind, c.entity_id) for c in m.concerns] == [("flow", flow.id)] for m in minutes
        )
        screen = await on_session(pilot)
        decisions = screen.query_one(DecisionsPanel)
        assert [row[:60] for row in cells(decisions)] == [
            f"Xero owns invoices | Ana | {flow.ref}"[:60]  # a long flow name is cut with …
        ]
        await focus(pilot, DecisionsPanel)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, FlowsScreen))
        assert flows.flow_table.selected is not None
        assert flows.flow_table.selected.id == flow.id


async def test_a_bad_line_says_why_keeps_the_text_and_writes_nothing(make_workshop):
    path = make_workshop()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await capture(pilot, "x: lunch order")
        assert open_line(app) is dialog  # still open, saying why
        feedback = str(dialog.query_one("#capture-line-feedback", Static).render())
        assert feedback.startswith('Start the line with "d:"') and feedback.count(".") >= 1
        assert dialog.query_one(Input).value == "x: lunch order"
        await type_text(pilot, " due fri")
        await pilot.press("escape")
        await settle(pilot)
        assert open_line(app) is None
    assert stored(path) == ([], [], [], [])


async def test_the_line_lies_over_the_screen_and_keeps_the_keys_it_is_typed_with(make_demo):
    """Typed letters, digits and / go into the line, not to the Flows screen behind it (no
    filter, no screen switch, the table the same size); tab stays; f1 explains the line;
    ctrl+n again takes the row now highlighted and keeps the text; escape gives the focus
    back to the table."""
    app = SeamworkApp(make_demo())
    async with app.run_test(size=SIZE) as pilot:
        flows = await on_flows(pilot)
        table = flows.flows_table
        table.move_cursor(row=2)
        await settle(pilot)
        size, rows = table.size, table.row_count
        await pilot.press("ctrl+n")
        await until(pilot, lambda: open_line(app) is not None)
        line = open_line(app)
        assert line is not None
        await type_text(pilot, "a: check 2 flows / m v")
        await settle(pilot)
        assert line.input.value == "a: check 2 flows / m v"
        assert (app.current_mode, flows.filter_text, table.row_count) == ("flows", "", rows)
        assert (table.size, table.cursor_row) == (size, 2)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is line.input
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        box = app.screen.query_one("#help-box")
        assert str(box.border_title) == "Help · Capture a minute"
        assert str(app.screen.query_one("#help-extra", Static).render()) == GRAMMAR_HELP
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is flows)
        assert app.focused is line.input
        table.focus()  # as a click on the table would
        table.move_cursor(row=4)
        await settle(pilot)
        selected = flows.flow_table.selected
        assert selected is not None
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert open_line(app) is line and len(flows.query(CaptureLine)) == 1
        assert app.focused is line.input and line.input.value == "a: check 2 flows / m v"
        about = str(line.query_one("#capture-line-about", Static).render())
        assert about == f"about: flow {selected.ref}"
        await pilot.press("escape")
        await settle(pilot, lambda: open_line(app) is None)
        assert app.focused is table and table.cursor_row == 4
    assert all("check 2 flows" not in minute.text for minute in stored(app.path)[3])


async def test_enter_pressed_twice_records_once_and_escape_waits_for_the_save(workshop_at):
    path = with_session(workshop_at("acme"))  # a file, and on the server
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await until(pilot, lambda: open_line(app) is not None)
        await type_text(pilot, "d: Once only")
        await pilot.press("enter", "enter", "escape")
        await settle(pilot, lambda: open_line(app) is None)
        assert [n.message for n in notified(app) if "Once only" in n.message] == [
            "Recorded decision “Once only”."
        ]
    said = [m.text for m in stored(path)[3] if m.text == "Once only"]
    assert said == ["Once only"]


async def test_a_minute_about_a_candidate_leaves_the_board_as_it_is(make_demo):
    """The board shows no minutes: capturing one on Priorities links the picked candidate and
    does not load the board again."""
    from tui.screens.priorities import PrioritiesScreen

    path = make_demo()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await shown(pilot, "5", PrioritiesScreen)
        assert screen.board is not None
        board, picked = screen.board, screen.capture_concern()
        assert picked is not None
        await capture(pilot, "d: Phase it first")
        await settle(pilot)
        assert screen.board is board
    (minute,) = [m for m in stored(path)[3] if m.text == "Phase it first"]
    assert [(c.kind, c.entity_id) for c in minute.concerns] == [("candidate", picked[1])]


async def test_capture_stays_out_of_dialogs(make_workshop):
    app = SeamworkApp(make_workshop())
    async with app.run_test(size=SIZE) as pilot:
        await on_session(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm))
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, MeetingForm)


async def test_toggling_actions_done_and_carried_actions(make_workshop):
    path = with_session(make_workshop())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_session(pilot)
        actions = await focus(pilot, ActionsPanel)
        rows = cells(actions)
        # Carried: the mark comes out of the text's width (the Due column stays whole).
        assert rows[0].startswith("☐ | Send the Xero API li… ↪ 2026-11-18 | 2026-11-20 overdue")
        assert "2026-11-20 overdue" in rows[0]
        assert rows[1].startswith("☐ | Map VAT codes") and "overdue" not in rows[1]
        actions.table.move_cursor(row=1)
        await pilot.press("space")  # Map VAT codes, done: done ones come last, dimmed
        await settle(pilot)
        assert cells(actions)[-1].startswith("✓ | Map VAT codes")
        assert [m.closed for m in stored(path)[3] if m.text == "Map VAT codes"] == [True]
        await pilot.press("x")  # the cursor stayed on it: open again
        await settle(pilot)
        assert not any(m.closed for m in stored(path)[3])
        actions.table.move_cursor(row=0)
        await pilot.press("space")  # the carried one, done: no longer carried here
        await settle(pilot)
        assert [row.split(" | ")[1] for row in cells(actions)] == ["Map VAT codes"]
        assert screen.is_mounted


async def test_markup_in_session_text_is_shown_literally(make_workshop):
    from storage.queries import meetings as m
    from storage.workshop_file import open_workshop

    path = make_workshop()
    with open_workshop(path) as workshop, workshop.session() as session:
        meeting = m.create_meeting(session, data={"date": "2026-11-25", "title": "[bold]Day[/]"})
        m.create_attendee(session, meeting_id=meeting.id, data={"name": "[red]Ana"})
        m.create_minute(
            session, meeting_id=meeting.id, data={"kind": "decision", "text": "[@click=app.quit]go"}
        )
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_session(pilot)
        assert "[bold]Day[/]" in str(screen.query_one("#session-title", Static).render())
        assert cells(screen.query_one(AttendeesPanel))[0].startswith("[red]Ana")
        assert cells(screen.query_one(DecisionsPanel))[0].startswith("[@click=app.quit]go")
        await capture(pilot, "d: [/] and [b]bold[/b] @Ana")
        assert any("“[/] and [b]bold[/b]”" in n.message for n in notified(app))
        assert app.is_running


async def test_help_lists_the_keys_and_the_capture_grammar(make_workshop):
    app = SeamworkApp(with_session(make_workshop()))
    async with app.run_test(size=SIZE) as pilot:
        await on_session(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        extra = str(app.screen.query_one("#help-extra", Static).render())
        assert extra == GRAMMAR_HELP
        keys = str(app.screen.query_one("#help-screen-keys", Static).render())
        for said in ("Next item", "Pause", "Done", "Answer", "New session", "Sessions"):
            assert said in keys
        assert "ctrl+n" in str(app.screen.query_one("#help-global-keys", Static).render())


async def test_answer_a_parked_question_with_a_decision(make_workshop):
    path = with_session(make_workshop())
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_session(pilot)
        await focus(pilot, screen.query_one("#session-parked", SessionPanel).__class__)
        await pilot.press("r")
        await until(pilot, lambda: app.screen is not screen)
        await type_text(pilot, "Looker stays for a year")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is screen)
        minutes = stored(path)[3]
        assert [(m.kind.value, m.text, m.closed) for m in minutes if m.kind.value != "action"] == [
            ("parked", "Keep Looker?", True),
            ("decision", "Looker stays for a year", False),
        ]


async def test_two_marks_before_any_redraw_each_start_from_the_last(make_workshop):
    """x x with no time between (a loaded machine): the second x starts from what the first
    committed (apologies), not from the row as it was drawn (present twice, in CI once)."""
    path = make_workshop()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_session(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MeetingForm))
        await pilot.press("tab")
        await type_text(pilot, "Day one")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: screen.data is not None and screen.data.meeting is not None)
        await focus(pilot, AttendeesPanel)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, AttendeeForm))
        await type_text(pilot, "Ana Ruiz")
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not isinstance(app.screen, AttendeeForm))
        await settle(pilot)
        screen.action_mark()  # both in one turn of the event loop: no redraw between
        screen.action_mark()
        await settle(pilot)
        _, attendees, _, _ = stored(path)
        assert [a.present for a in attendees] == [False]
        assert cells(screen.query_one(AttendeesPanel))[0].split(" | ")[1] == "apologies"
