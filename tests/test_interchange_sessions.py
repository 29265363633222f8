"""JSON interchange of sessions: design.md's shape, merge by date and title, whole-file
validation naming the path, and byte-identical round trips."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from engines import table_count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interchange_files import (
    assert_refused,
    doc,
    export_file,
    import_file,
    valid_names,
    valid_texts,
)

from models.enums import MinuteKind
from models.names import name_key
from models.tables import AgendaItemBase, AttendeeBase
from storage.formats.seamwork_json.keys import (
    ACTION_KEYS,
    AGENDA_KEYS,
    ATTENDEE_KEYS,
    CONCERN_KEYS,
    DECISION_KEYS,
    PARKED_KEYS,
    SESSION_KEYS,
)
from storage.queries.meetings import (
    CONCERN_KINDS,
    create_attendee,
    create_meeting,
    create_minute,
    current_meeting,
    list_agenda,
    list_attendees,
    list_meetings,
    list_minutes,
    set_current_meeting,
)
from storage.workshop_file import open_workshop

# design.md's sessions example, verbatim: the documented shape of the file.
DESIGN_SESSIONS = """{
  "sessions": [{"date": "2026-03-02", "title": "Day one: order to cash",
    "attendees": [{"name": "Ana Ruiz", "role": "Finance director", "organisation": "Acme",
                   "present": true}],
    "agenda": [{"title": "Systems inventory", "minutes": 30}],
    "decisions": [{"text": "Xero owns invoices", "by": "Ana Ruiz",
                   "concerns": [{"system": "Xero"}]}],
    "actions": [{"text": "Send the Xero API limits", "owner": "Sam Lee", "due": "2026-03-06",
                 "done": false, "concerns": [{"flow": "Xero -> Looker: Revenue"}]}],
    "parking_lot": [{"text": "Do we keep Looker?", "answered": false, "concerns": []}]}]
}"""

# What the example refers to: Xero, Looker and the flow of revenue between them.
ESTATE: dict[str, Any] = {
    "systems": [{"name": "Xero"}, {"name": "Looker"}],
    "data_objects": [{"name": "Revenue"}],
    "flows": [{"source": "Xero", "target": "Looker", "data_object": "Revenue"}],
    "candidates": [{"name": "Reporting"}],
    "kpis": [{"name": "Close days"}],
}
MINUTE_TABLES = ("meeting", "attendee", "agenda_item", "minute", "minute_concern", "audit")


def design_sessions() -> list[dict[str, Any]]:
    """The example, with Sam Lee on the list: the owner of an action is one of the session's
    attendees (the example leaves him out, which an import refuses)."""
    sessions: list[dict[str, Any]] = json.loads(DESIGN_SESSIONS)["sessions"]
    sessions[0]["attendees"].append({"name": "Sam Lee"})
    return sessions


# --- shape ----------------------------------------------------------------------------------


def test_keys_follow_design_md() -> None:
    (example,) = json.loads(DESIGN_SESSIONS)["sessions"]
    assert tuple(example) == SESSION_KEYS
    assert tuple(example["attendees"][0]) == ATTENDEE_KEYS
    assert tuple(example["agenda"][0]) == AGENDA_KEYS
    assert tuple(example["decisions"][0]) == DECISION_KEYS
    assert tuple(example["actions"][0]) == ACTION_KEYS
    assert tuple(example["parking_lot"][0]) == PARKED_KEYS
    assert set(ATTENDEE_KEYS) == set(AttendeeBase.model_fields)
    assert set(AGENDA_KEYS) == set(AgendaItemBase.model_fields)
    assert CONCERN_KEYS == CONCERN_KINDS


def test_the_design_example_imports_and_exports_as_documented(place: Any) -> None:
    path = place("w")
    summary = import_file(path, doc(**ESTATE, sessions=design_sessions()))
    assert summary.created["sessions"] == 1
    assert summary.sentence().endswith("1 KPI (1 new), 1 session (1 new).")
    data = json.loads(export_file(path))
    assert list(data)[-1] == "sessions"
    (session,) = data["sessions"]
    expected = json.loads(DESIGN_SESSIONS)["sessions"][0]
    expected["attendees"].append(
        {"name": "Sam Lee", "role": "", "organisation": "", "present": None}
    )
    assert session == expected
    with open_workshop(path, read_only=True) as workshop, workshop.session() as db:
        meeting = current_meeting(db)
        assert meeting is not None and meeting.label == "2026-03-02 Day one: order to cash"
        rows = list_minutes(db, meeting_id=meeting.id)
        assert [(row.kind, row.who) for row in rows] == [
            (MinuteKind.DECISION, "Ana Ruiz"),
            (MinuteKind.ACTION, "Sam Lee"),
            (MinuteKind.PARKED, None),
        ]
        assert rows[1].concerns[0].label == "Xero -> Looker: Revenue"


def test_a_workshop_without_sessions_has_no_sessions_key(place: Any) -> None:
    """Files of workshops that never met stay exactly as the last version wrote them."""
    path = place("w")
    import_file(path, doc(**ESTATE))
    text = export_file(path)
    assert "sessions" not in json.loads(text)
    assert import_file(place("copy"), text).created.get("sessions") is None


def test_unknown_presence_time_box_owner_and_due_date_are_null(place: Any) -> None:
    path = place("w")
    session = {
        "date": "2026-03-02",
        "attendees": [{"name": "Ana"}, {"name": "Bo", "present": None}, {"name": "Cy",
                                                                         "present": False}],
        "agenda": [{"title": "Inventory"}],
        "actions": [{"text": "Call the bank"}],
    }  # fmt: skip
    import_file(path, doc(sessions=[session]))
    (exported,) = json.loads(export_file(path))["sessions"]
    assert [a["present"] for a in exported["attendees"]] == [None, None, False]
    assert exported["agenda"] == [{"title": "Inventory", "minutes": None}]
    assert exported["actions"] == [
        {"text": "Call the bank", "owner": None, "due": None, "done": False, "concerns": []}
    ]
    assert exported["title"] == "" and exported["decisions"] == []


# --- merge ----------------------------------------------------------------------------------


def test_sessions_merge_by_date_and_title_adding_and_never_removing(place: Any) -> None:
    path = place("w")
    import_file(path, doc(**ESTATE, sessions=design_sessions()))
    with open_workshop(path) as workshop, workshop.session() as db:
        first = list_meetings(db)[0]
        later = create_meeting(db, data={"date": "2026-03-09", "title": "Day two"})
        set_current_meeting(db, meeting_id=later.id)
        create_attendee(db, meeting_id=first.id, data={"name": "Kept Here"})
        create_minute(
            db, meeting_id=first.id, data={"kind": "decision", "text": "Only in the workshop"}
        )
    again = {
        "date": "2026-03-02",
        "title": "DAY ONE: order to cash",  # the same session: titles ignore case
        "attendees": [
            {"name": "ana ruiz", "present": False},  # merged by name: presence taken
            {"name": "Sam Lee"},
            {"name": "New Person", "role": "CTO"},
        ],
        "agenda": [{"title": "Systems inventory", "minutes": 45}, {"title": "Wrap-up"}],
        "actions": [
            {"text": "Send the Xero API limits", "owner": "Sam Lee", "done": True,
             "concerns": [{"system": "Looker"}]},
            {"text": "A new action", "owner": "Kept Here", "due": "2026-03-20"},
        ],
    }  # fmt: skip
    summary = import_file(path, doc(sessions=[again]))
    assert summary.updated == {"sessions": 1}
    with open_workshop(path, read_only=True) as workshop, workshop.session() as db:
        assert [m.label for m in list_meetings(db)] == [
            "2026-03-02 DAY ONE: order to cash",
            "2026-03-09 Day two",
        ]
        assert current_meeting(db) == list_meetings(db)[1]  # an import picks no session
        meeting_id = list_meetings(db)[0].id
        people = {a.name: a.present for a in list_attendees(db, meeting_id=meeting_id)}
        assert people == {
            "ana ruiz": False,
            "Sam Lee": None,
            "Kept Here": None,
            "New Person": None,
        }
        agenda = [(i.title, i.minutes) for i in list_agenda(db, meeting_id=meeting_id)]
        assert agenda == [("Systems inventory", 45), ("Wrap-up", None)]
        minutes = {row.text: row for row in list_minutes(db, meeting_id=meeting_id)}
        assert set(minutes) == {
            "Xero owns invoices",
            "Send the Xero API limits",
            "Do we keep Looker?",
            "Only in the workshop",
            "A new action",
        }
        action = minutes["Send the Xero API limits"]
        assert (action.closed, action.due, action.who) == (True, "2026-03-06", "Sam Lee")
        assert [c.label for c in action.concerns] == ["Xero -> Looker: Revenue", "Looker"]
        assert minutes["A new action"].who == "Kept Here"  # named from the workshop's list
    assert import_file(path, doc(sessions=[again])).unchanged == {"sessions": 1}


# --- validation -----------------------------------------------------------------------------


def bad(**changes: Any) -> str:
    """The design example with Sam Lee listed, one part changed: `actions__0__owner=...`."""
    sessions = design_sessions()
    for key, value in changes.items():
        *parents, last = key.split("__")
        target: Any = sessions[0]
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return doc(sessions=sessions)


BAD: dict[str, tuple[str, str, str]] = {
    "owner not an attendee": (
        bad(actions=[{"text": "x"}, {"text": "Send it", "owner": "Sam"}]),
        "sessions[0].actions[1].owner",
        'sessions[0].actions[1].owner: no attendee named "Sam" in this session.',
    ),
    "decided by nobody there": (
        bad(decisions__0__by="Zed"),
        "sessions[0].decisions[0].by",
        'sessions[0].decisions[0].by: no attendee named "Zed" in this session.',
    ),
    "due not a date": (
        bad(actions__0__due="next Friday"),
        "sessions[0].actions[0].due",
        "sessions[0].actions[0].due: Due must be a date such as 2026-03-02, not 'next Friday'.",
    ),
    "due not in the calendar": (
        bad(actions__0__due="2026-02-30"),
        "sessions[0].actions[0].due",
        "sessions[0].actions[0].due: Due must be a date such as 2026-03-02, not '2026-02-30'.",
    ),
    "session date not a date": (
        bad(date="2 March"),
        "sessions[0].date",
        "sessions[0].date: Date must be a date such as 2026-03-02, not '2 March'.",
    ),
    "unknown system": (
        bad(decisions__0__concerns=[{"system": "Sage"}]),
        "sessions[0].decisions[0].concerns[0].system",
        'sessions[0].decisions[0].concerns[0].system: no system named "Sage".',
    ),
    "unknown flow": (
        bad(actions__0__concerns=[{"flow": "Looker -> Xero: Revenue"}]),
        "sessions[0].actions[0].concerns[0].flow",
        'sessions[0].actions[0].concerns[0].flow: no flow "Looker -> Xero: Revenue".',
    ),
    "unknown kpi": (
        bad(parking_lot__0__concerns=[{"kpi": "Close days"}, {"kpi": "Open days"}]),
        "sessions[0].parking_lot[0].concerns[1].kpi",
        'sessions[0].parking_lot[0].concerns[1].kpi: no KPI named "Open days".',
    ),
    "unknown kind of concern": (
        bad(decisions__0__concerns=[{"process": "Order to cash"}]),
        "sessions[0].decisions[0].concerns[0].process",
        "sessions[0].decisions[0].concerns[0].process: "
        "This version of Seamwork does not know this key.",
    ),
    "a concern naming two things": (
        bad(decisions__0__concerns=[{"system": "Xero", "candidate": "Reporting"}]),
        "sessions[0].decisions[0].concerns[0]",
        'sessions[0].decisions[0].concerns[0]: Name exactly one thing: {"system": NAME}, '
        '{"data_object": NAME}, {"flow": "SOURCE -> TARGET: OBJECT"}, {"candidate": NAME} '
        'or {"kpi": NAME}.',
    ),
    "a concern twice": (
        bad(decisions__0__concerns=[{"system": "Xero"}, {"system": "XERO"}]),
        "sessions[0].decisions[0].concerns[1].system",
        'sessions[0].decisions[0].concerns[1].system: "XERO" appears twice '
        "(see sessions[0].decisions[0].concerns[0]).",
    ),
    "attendee twice": (
        bad(attendees=[{"name": "Ana Ruiz"}, {"name": "ana ruiz"}, {"name": "Sam Lee"}]),
        "sessions[0].attendees[1].name",
        'sessions[0].attendees[1].name: "ana ruiz" appears twice (names ignore case; '
        "see sessions[0].attendees[0]).",
    ),
    "presence as text": (
        bad(attendees__0__present="yes"),
        "sessions[0].attendees[0].present",
        "sessions[0].attendees[0].present: Present must be true or false.",
    ),
    "time box as text": (
        bad(agenda__0__minutes="30"),
        "sessions[0].agenda[0].minutes",
        "sessions[0].agenda[0].minutes: Minutes must be a whole number.",
    ),
    "empty decision": (
        bad(decisions__0__text="  "),
        "sessions[0].decisions[0].text",
        "sessions[0].decisions[0].text: Text is required.",
    ),
    "unknown session key": (
        bad(notes="x"),
        "sessions[0].notes",
        "sessions[0].notes: This version of Seamwork does not know this key.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_import_names_the_path_and_writes_nothing(place: Any, case: str) -> None:
    text, where, message = BAD[case]
    path = place("w")
    import_file(path, doc(**ESTATE))
    assert_refused(path, text, where, message, ("system", "flow", *MINUTE_TABLES))


def test_a_session_twice_is_refused_and_nothing_of_the_file_is_written(place: Any) -> None:
    path = place("w")
    import_file(path, doc(**ESTATE))
    sessions = [*design_sessions(), {"date": "2026-03-02", "title": "day ONE: order to cash"}]
    text = doc(systems=[{"name": "Brand new"}], sessions=sessions)
    message = (
        'sessions[1].title: "day ONE: order to cash" on 2026-03-02 appears twice (see sessions[0]).'
    )
    assert_refused(path, text, "sessions[1].title", message, ("system", *MINUTE_TABLES))
    assert table_count(path, "meeting") == 0 and table_count(path, "system") == 2


def test_the_good_parts_of_the_bad_cases_are_good(place: Any) -> None:
    summary = import_file(place("w"), doc(**ESTATE, sessions=json.loads(bad())["sessions"]))
    assert summary.created["sessions"] == 1


# --- round trips ----------------------------------------------------------------------------


def test_the_demo_sessions_round_trip_byte_identical(workshop_at: Any, place: Any) -> None:

    demo = workshop_at("demo", demo=True)
    first = export_file(demo)
    data = json.loads(first)
    assert [s["date"] for s in data["sessions"]] == ["2025-03-11", "2025-03-18"]  # newest last
    assert import_file(place("copy"), first).created["sessions"] == 2
    assert export_file(place("copy")) == first


names = valid_names(16)
text = valid_texts(30).filter(str.strip) | st.sampled_from(
    ["<b>x</b>", "=1+1", "| a |", "*b*", "Break", "Break"]
)
concerns = st.lists(
    st.sampled_from(
        [
            {"system": "Xero"},
            {"system": "Looker"},
            {"data_object": "Revenue"},
            {"flow": "Xero -> Looker: Revenue"},
            {"candidate": "Reporting"},
            {"kpi": "Close days"},
        ]
    ),
    unique_by=lambda item: json.dumps(item),
    max_size=3,
)


@st.composite
def sessions(draw: st.DrawFn) -> list[dict[str, Any]]:
    dates = draw(st.lists(st.dates().map(str), min_size=1, max_size=3))
    result = []
    seen: set[tuple[str, str]] = set()
    for date in dates:
        title = draw(st.just("") | names)
        if (date, name_key(title)) in seen:
            continue
        seen.add((date, name_key(title)))
        people = draw(st.lists(names, max_size=4, unique_by=name_key))
        who = st.none() | st.sampled_from(people) if people else st.none()
        result.append(
            {
                "date": date,
                "title": title,
                "attendees": [
                    {"name": name, "role": draw(valid_texts(10)),
                     "present": draw(st.none() | st.booleans())}
                    for name in people
                ],
                "agenda": [
                    {"title": title, "minutes": draw(st.none() | st.integers(1, 600))}
                    for title in draw(st.lists(names | st.just("Break"), max_size=3))
                ],
                "decisions": [
                    {"text": draw(text), "by": draw(who), "concerns": draw(concerns)}
                    for _ in range(draw(st.integers(0, 2)))
                ],
                "actions": [
                    {"text": draw(text), "owner": draw(who),
                     "due": draw(st.none() | st.dates().map(str)), "done": draw(st.booleans()),
                     "concerns": draw(concerns)}
                    for _ in range(draw(st.integers(0, 3)))
                ],
                "parking_lot": [
                    {"text": draw(text), "answered": draw(st.booleans()),
                     "concerns": draw(concerns)}
                    for _ in range(draw(st.integers(0, 2)))
                ],
            }
        )  # fmt: skip
    return sorted(result, key=lambda s: s["date"])


@pytest.mark.files_only(
    "hypothesis: dozens of workshops a run; the server's round trip is the demo's"
)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(drawn=sessions())
def test_any_sessions_round_trip_byte_identical(drawn: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, copy = Path(folder) / "a.seamwork", Path(folder) / "b.seamwork"
        import_file(source, doc(**ESTATE, sessions=drawn))
        first = export_file(source)
        assert len(json.loads(first)["sessions"]) == len(drawn)
        import_file(copy, first)
        assert export_file(copy) == first
        assert import_file(copy, first).unchanged == {
            "systems": 2,
            "data_objects": 1,
            "flows": 1,
            "candidates": 1,
            "kpis": 1,
            "sessions": len(drawn),
        }
