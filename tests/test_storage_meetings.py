"""Sessions, attendees, the agenda and the minutes, on real workshop files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import engines
import pytest
from sqlmodel import select

from models.enums import MinuteKind
from models.tables import Audit, MinuteConcern, Workshop
from storage.errors import FieldError, InvalidInput, NotFoundError
from storage.probe import HEAD_REVISION
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow, delete_flow
from storage.queries.meetings import (
    Concern,
    answer_parked,
    create_agenda_item,
    create_attendee,
    create_meeting,
    create_minute,
    current_meeting,
    delete_agenda_item,
    delete_attendee,
    delete_meeting,
    get_minute,
    list_agenda,
    list_attendees,
    list_meetings,
    list_minutes,
    move_agenda_item,
    save_agenda_clocks,
    set_current_meeting,
    set_minute_closed,
    update_attendee,
    update_meeting,
    update_minute,
)
from storage.queries.systems import create_system, delete_system
from storage.workshop_file import open_workshop

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def workshop(workshop_at: Any):
    with open_workshop(workshop_at("w")) as opened:
        yield opened


def _flow(session) -> int:
    for name in ("Shopify", "Xero"):
        create_system(session, data={"name": name})
    create_data_object(session, data={"name": "Invoices"})
    flow = create_flow(session, source="Shopify", target="Xero", data_object="Invoices")
    assert flow.id is not None
    return flow.id


def test_no_session_yet_is_none(workshop) -> None:
    with workshop.session() as session:
        assert current_meeting(session) is None
        assert list_meetings(session) == []


def test_a_new_session_becomes_current_and_the_pick_is_kept(workshop) -> None:
    with workshop.session() as session:
        first = create_meeting(session, data={"date": "2026-03-02", "title": "Day one"})
        second = create_meeting(session, data={"date": "2026-03-09", "title": "Day two"})
        assert current_meeting(session) == second
        set_current_meeting(session, meeting_id=first.id)
        assert current_meeting(session) == first
        assert [m.label for m in list_meetings(session)] == [
            "2026-03-02 Day one",
            "2026-03-09 Day two",
        ]
        delete_meeting(session, meeting_id=first.id)
        assert current_meeting(session) == second  # the pick went with it: the latest


@pytest.mark.parametrize(
    ("data", "field"),
    [({"date": "2026-02-30"}, "date"), ({"date": ""}, "date"), ({"date": "next tuesday"}, "date")],
)
def test_a_session_needs_a_real_date(workshop, data, field) -> None:
    with workshop.session() as session, pytest.raises(InvalidInput) as caught:
        create_meeting(session, data=data)
    assert field in caught.value.fields
    with workshop.session() as session:
        assert list_meetings(session) == []


def test_two_sessions_on_one_day_need_different_titles(workshop) -> None:
    with workshop.session() as session:
        create_meeting(session, data={"date": "2026-03-02", "title": "Finance"})
        with pytest.raises(FieldError, match="already exists"):
            create_meeting(session, data={"date": "2026-03-02", "title": "FINANCE"})
        other = create_meeting(session, data={"date": "2026-03-02", "title": "Sales"})
        with pytest.raises(FieldError):
            update_meeting(session, meeting_id=other.id, data={"title": "finance"})


def test_attendees_presence_stays_unknown_until_said(workshop) -> None:
    with workshop.session() as session:
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        ana = create_attendee(
            session, meeting_id=meeting.id, data={"name": "Ana Ruiz", "role": "Finance director"}
        )
        assert ana.present is None
        update_attendee(session, attendee_id=ana.id, data={"present": False})
        with pytest.raises(FieldError, match="already on"):
            create_attendee(session, meeting_id=meeting.id, data={"name": "ana ruiz"})
        (row,) = list_attendees(session, meeting_id=meeting.id)
        assert (row.name, row.role, row.present) == ("Ana Ruiz", "Finance director", False)


def test_agenda_items_keep_their_order_and_timer(workshop) -> None:
    with workshop.session() as session:
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        for title, minutes in (("Inventory", 30), ("Flows", None), ("Priorities", 20)):
            create_agenda_item(
                session, meeting_id=meeting.id, data={"title": title, "minutes": minutes}
            )
        items = list_agenda(session, meeting_id=meeting.id)
        assert [item.minutes for item in items] == [30, None, 20]
        move_agenda_item(session, item_id=items[2].id, offset=-1)
        move_agenda_item(session, item_id=items[0].id, offset=-1)  # already first: stays
        assert [i.title for i in list_agenda(session, meeting_id=meeting.id)] == [
            "Inventory",
            "Priorities",
            "Flows",
        ]
        save_agenda_clocks(
            session,
            meeting_id=meeting.id,
            clocks=[
                (1800.0, None, True),
                (12.5, "2026-03-02T10:00:00+00:00", False),
                (0, None, False),
            ],
        )
        delete_agenda_item(session, item_id=items[1].id)
    with workshop.session() as session:
        first, second = list_agenda(session, meeting_id=meeting.id)
        assert (first.spent_seconds, first.done) == (1800.0, True)
        assert (second.title, second.started_at) == ("Priorities", "2026-03-02T10:00:00+00:00")


def test_an_agenda_item_needs_a_whole_time_box(workshop) -> None:
    with workshop.session() as session:
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        with pytest.raises(InvalidInput) as caught:
            create_agenda_item(session, meeting_id=meeting.id, data={"title": "X", "minutes": 2.5})
        assert "minutes" in caught.value.fields


def test_minutes_name_who_and_what_they_concern(workshop) -> None:
    with workshop.session() as session:
        flow_id = _flow(session)
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        create_attendee(session, meeting_id=meeting.id, data={"name": "Ana Ruiz"})
        decision = create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "decision", "text": "Xero owns invoices"},
            who="ana",  # the one attendee whose name starts so
            concerns=[("flow", flow_id)],
        )
        assert decision.who == "Ana Ruiz"
        assert decision.concerns == (Concern("flow", flow_id, "Shopify -> Xero: Invoices"),)
        action = create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "action", "text": "Send the API limits", "due": "2026-03-06"},
            who="Sam Lee",  # not on the list: added, presence not recorded
        )
        assert (action.who, action.due, action.closed) == ("Sam Lee", "2026-03-06", False)
        names = {a.name: a.present for a in list_attendees(session, meeting_id=meeting.id)}
        assert names == {"Ana Ruiz": None, "Sam Lee": None}
        question = create_minute(
            session, meeting_id=meeting.id, data={"kind": "parked", "text": "Keep Looker?"}
        )
        assert (question.who, question.due) == (None, None)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "decision", "text": "x", "due": "2026-03-06"}, ""),
        ({"kind": "action", "text": "x", "due": "2026-13-01"}, "due"),
        ({"kind": "action", "text": "  "}, "text"),
        ({"kind": "minutes", "text": "x"}, "kind"),
    ],
)
def test_bad_minutes_are_refused_and_nothing_is_written(workshop, data, field) -> None:
    with workshop.session() as session:
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        with pytest.raises(InvalidInput) as caught:
            create_minute(session, meeting_id=meeting.id, data=data, who="Nobody Yet")
        assert field in caught.value.fields
        assert list_minutes(session, meeting_id=meeting.id) == []
        assert list_attendees(session, meeting_id=meeting.id) == []


def test_a_concern_that_is_gone_writes_nothing(workshop) -> None:
    with workshop.session() as session:
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        with pytest.raises(NotFoundError):
            create_minute(
                session,
                meeting_id=meeting.id,
                data={"kind": "decision", "text": "x"},
                concerns=[("flow", 999)],
            )
        assert list_minutes(session, meeting_id=meeting.id) == []


def test_open_actions_are_carried_into_later_sessions(workshop) -> None:
    with workshop.session() as session:
        first = create_meeting(session, data={"date": "2026-03-02"})
        open_action = create_minute(
            session, meeting_id=first.id, data={"kind": "action", "text": "Open one"}
        )
        done = create_minute(
            session, meeting_id=first.id, data={"kind": "action", "text": "Done one"}
        )
        create_minute(session, meeting_id=first.id, data={"kind": "decision", "text": "Old"})
        set_minute_closed(session, minute_id=done.id, closed=True)
        second = create_meeting(session, data={"date": "2026-03-09"})
        create_minute(session, meeting_id=second.id, data={"kind": "decision", "text": "New"})
        rows = list_minutes(session, meeting_id=second.id)
        assert [(r.text, r.carried) for r in rows] == [("Open one", True), ("New", False)]
        assert rows[0].meeting_date == "2026-03-02"
        set_minute_closed(session, minute_id=open_action.id, closed=True)
        assert [r.text for r in list_minutes(session, meeting_id=second.id)] == ["New"]


def test_answering_a_question_records_what_it_became(workshop) -> None:
    with workshop.session() as session:
        flow_id = _flow(session)
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        question = create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "parked", "text": "Who owns invoices?"},
            concerns=[("flow", flow_id)],
        )
        decision = answer_parked(
            session,
            minute_id=question.id,
            data={"kind": "decision", "text": "Xero owns invoices"},
            who="Ana",
        )
        assert decision.kind is MinuteKind.DECISION
        assert [c.kind for c in decision.concerns] == ["flow"]
        assert get_minute(session, minute_id=question.id).closed
        with pytest.raises(FieldError):
            answer_parked(session, minute_id=decision.id, data={"kind": "action", "text": "x"})


def test_deleting_what_a_minute_concerns_unlinks_it_through_the_audit(workshop) -> None:
    with workshop.session() as session:
        flow_id = _flow(session)
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        minute = create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "decision", "text": "Xero owns invoices"},
            concerns=[("flow", flow_id), ("system", 2)],
        )
        delete_flow(session, flow_id=flow_id)
        assert [c.kind for c in get_minute(session, minute_id=minute.id).concerns] == ["system"]
        delete_system(session, system_id=2)
        assert get_minute(session, minute_id=minute.id).concerns == ()
        gone = session.exec(
            select(Audit).where(Audit.entity == "minute_concern", Audit.action == "delete")
        ).all()
        assert len(gone) == 2
        assert session.exec(select(MinuteConcern)).all() == []


def test_removing_an_attendee_keeps_the_minutes_they_were_named_in(workshop) -> None:
    with workshop.session() as session:
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        minute = create_minute(
            session, meeting_id=meeting.id, data={"kind": "action", "text": "x"}, who="Sam"
        )
        (sam,) = list_attendees(session, meeting_id=meeting.id)
        delete_attendee(session, attendee_id=sam.id)
        assert get_minute(session, minute_id=minute.id).who is None
        update_minute(session, minute_id=minute.id, who="Ana")
        assert get_minute(session, minute_id=minute.id).who == "Ana"


def test_deleting_a_session_takes_its_records_and_keeps_the_file_consistent(workshop) -> None:
    with workshop.session() as session:
        flow_id = _flow(session)
        meeting = create_meeting(session, data={"date": "2026-03-02"})
        create_attendee(session, meeting_id=meeting.id, data={"name": "Ana"})
        create_agenda_item(session, meeting_id=meeting.id, data={"title": "Inventory"})
        create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "decision", "text": "x"},
            who="Ana",
            concerns=[("flow", flow_id)],
        )
        delete_meeting(session, meeting_id=meeting.id)
        workshop_row = session.exec(select(Workshop)).one()
        assert workshop_row.current_meeting_id is None
        deleted = {
            row.entity for row in session.exec(select(Audit).where(Audit.action == "delete")).all()
        }
        assert deleted == {"meeting", "attendee", "agenda_item", "minute", "minute_concern"}
    with workshop.engine.connect() as connection:
        assert engines.foreign_key_problems(connection) == []
        for table in ("meeting", "attendee", "agenda_item", "minute", "minute_concern"):
            assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").one() == (0,)


@pytest.mark.files_only("a file the last release wrote, upgraded in place")
def test_a_revision_0004_file_opens_with_no_sessions(tmp_path: Path) -> None:
    """The demo as the last release wrote it (committed, schema 0004) opens at head: its
    flows kept, no sessions, the current session unknown rather than invented."""
    path = tmp_path / "old.seamwork"
    shutil.copy(FIXTURES / "rev0004-demo.seamwork", path)
    with open_workshop(path) as opened, opened.session() as session:
        assert list_meetings(session) == []
        assert current_meeting(session) is None
        assert session.exec(select(Workshop)).one().current_meeting_id is None
        flow_count = session.connection().exec_driver_sql("SELECT count(*) FROM flow").scalar()
        assert flow_count == 24
        meeting = create_meeting(session, data={"date": "2026-03-02", "title": "Day one"})
        assert current_meeting(session) == meeting
    connection = sqlite3.connect(path)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        assert revision == (HEAD_REVISION,)
    finally:
        connection.close()
