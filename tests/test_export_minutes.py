"""Session minutes in the exports: the summary's section (md, html), "changes since" the
previous session by default, and the session tables of csv and xlsx (actions ready for a
tracker's CSV import). User text stays text in every format.

The workshop is built once per engine (`shared_at`) with the clock pinned for the whole module
(what is overdue, and since when changes are counted, depend on today); the one test that
picks another session takes its own."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from interchange_files import doc, import_file
from openpyxl import load_workbook

from storage.formats.export import export
from storage.queries.meetings import list_meetings, set_current_meeting
from storage.workshop_file import open_workshop

SCRIPT = "<script>alert(1)</script>"
NOW = "2026-03-10T09:00:00+00:00"


def person(name: str, present: bool | None, role: str = "") -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "role": role, "organisation": "Acme"}
    if present is not None:
        entry["present"] = present
    return entry


SESSIONS = [
    {
        "date": "2026-03-02",
        "title": "Day one",
        "attendees": [person("Ana Ruiz", True, "Finance director"), person("Sam Lee", True)],
        "actions": [
            {"text": "Send the Xero API limits", "owner": "Sam Lee", "due": "2026-03-06",
             "concerns": [{"flow": "Xero -> Looker: Revenue"}]},
            {"text": "Already done", "owner": "Ana Ruiz", "done": True},
        ],
    },
    {
        "date": "2026-03-09",
        "title": "Day two | *review*",
        "attendees": [
            person("Ana Ruiz", True, "Finance director"),
            person("Bo Chen", False),
            person("Cy Diaz", None),
            person(SCRIPT, True),
        ],
        "agenda": [{"title": "Systems inventory", "minutes": 30}, {"title": "[red]AOB[/"}],
        "decisions": [{"text": "Xero owns invoices", "by": "Ana Ruiz",
                       "concerns": [{"system": "Xero"}]}],
        "actions": [
            {"text": "=HYPERLINK(\"x\")", "owner": SCRIPT, "due": "2026-03-20"},
            {"text": "Late one\nsecond line", "owner": "Cy Diaz", "due": "2026-03-01"},
            {"text": "Closed one", "owner": "Bo Chen", "due": "2026-03-01", "done": True},
        ],
        "parking_lot": [
            {"text": "Do we keep Looker?", "concerns": [{"system": "Looker"}]},
            {"text": "Answered question", "answered": True},
        ],
    },
]  # fmt: skip
ESTATE: dict[str, Any] = {
    "systems": [{"name": "Xero"}, {"name": "Looker"}],
    "data_objects": [{"name": "Revenue"}],
    "flows": [{"source": "Xero", "target": "Looker", "data_object": "Revenue"}],
}


MINUTES = doc(workshop={"name": "Acme"}, **ESTATE, sessions=SESSIONS)


@pytest.fixture(scope="module")
def clock() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SEAMWORK_NOW", NOW)
        yield


@pytest.fixture(scope="module")
def workshop(clock: None, shared_at: Callable[..., str]) -> str:
    where = shared_at("w")
    import_file(where, MINUTES)
    return where


def exported(path: Path | str, fmt: str, destination: Path | None = None, **options: Any) -> Any:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return export(session, fmt, destination, **options)


def section(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_summary_has_the_current_sessions_minutes(workshop: str) -> None:
    text = exported(workshop, "md")
    minutes = section(text, "Session minutes")
    assert "**Session:** 2026-03-09 Day two \\| \\*review\\*" in minutes
    assert "**Present:** Ana Ruiz (Finance director, Acme); &lt;script>" in minutes
    assert "**Apologies:** Bo Chen (Acme)" in minutes
    assert "**Attendance not recorded:** Cy Diaz (Acme)" in minutes  # never "absent"
    assert "| Systems inventory | 30 min |" in minutes
    assert "| \\[red\\]AOB\\[/ | not boxed |" in minutes
    assert "| Xero owns invoices | Ana Ruiz | Xero |" in minutes
    actions = minutes.split("### Actions", 1)[1].split("###", 1)[0]
    assert '| =HYPERLINK("x") | &lt;script>alert(1)&lt;/script> | 2026-03-20 | open |' in actions
    assert "| Late one<br>second line | Cy Diaz | 2026-03-01 | overdue |" in actions
    assert "| Closed one | Bo Chen | 2026-03-01 | done |" in actions
    parked = minutes.split("### Parking lot", 1)[1].split("###", 1)[0]
    assert "| Do we keep Looker? | Looker |" in parked and "Answered question" not in parked
    assert "1 question parked here answered." in parked
    carried = minutes.split("### Open actions from earlier sessions", 1)[1]
    assert "| Send the Xero API limits | Sam Lee | 2026-03-06 | overdue | 2026-03-02 |" in carried
    assert "Already done" not in carried


def test_the_summary_shows_the_session_the_room_picked(
    workshop_at: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", NOW)
    workshop = workshop_at("w")  # its own: it picks another session
    import_file(workshop, MINUTES)
    with open_workshop(workshop) as opened, opened.session() as session:
        set_current_meeting(session, meeting_id=list_meetings(session)[0].id)
    text = exported(workshop, "md")
    assert "**Session:** 2026-03-02 Day one" in section(text, "Session minutes")
    assert "Open actions from earlier sessions" not in text
    assert "## Changes since" not in text  # no session before the first


def test_changes_default_to_the_previous_sessions_day_unless_a_date_is_given(
    workshop: str,
) -> None:
    from datetime import UTC, datetime

    text = exported(workshop, "md")
    assert "| Session | 2 | 0 | 0 |" in section(text, "Changes since 2026-03-02")
    later = exported(workshop, "md", since=datetime(2026, 4, 1, tzinfo=UTC))
    assert "## Changes since 2026-04-01" in later and "Changes since 2026-03-02" not in later


def test_the_html_summary_escapes_the_minutes(workshop: str, tmp_path: Path) -> None:
    page = exported(workshop, "html", tmp_path / "s.html").read_text("utf-8")
    assert "<h2" in page and ">Session minutes</h2>" in page
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r"<td[^>]*>overdue</td>", page)
    assert ">Changes since 2026-03-02</h2>" in page


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_the_session_tables_and_actions_a_tracker_imports(
    workshop: str, tmp_path: Path
) -> None:
    folder = exported(workshop, "csv", tmp_path / "out")
    actions = read_csv(folder / "actions.csv")
    assert list(actions[0]) == [
        "Summary", "Description", "Assignee", "Due date", "Status", "Session date", "Session",
        "Concerns",
    ]  # fmt: skip
    assert actions[0] == {
        "Summary": "Send the Xero API limits",
        "Description": "Send the Xero API limits",
        "Assignee": "Sam Lee",
        "Due date": "2026-03-06",
        "Status": "Open",
        "Session date": "2026-03-02",
        "Session": "Day one",
        "Concerns": "Xero -> Looker: Revenue",
    }
    assert actions[1]["Status"] == "Done" and actions[1]["Due date"] == ""
    formula = actions[2]
    assert formula["Summary"] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
    late = actions[3]
    assert (late["Summary"], late["Description"]) == ("Late one", "Late one\nsecond line")
    attendees = read_csv(folder / "attendees.csv")
    assert [(a["name"], a["present"]) for a in attendees[2:5]] == [
        ("Ana Ruiz", "true"),
        ("Bo Chen", "false"),
        ("Cy Diaz", ""),  # not recorded: empty, never "false"
    ]
    decisions = read_csv(folder / "decisions.csv")
    assert [(d["text"], d["by"], d["concerns"]) for d in decisions] == [
        ("Xero owns invoices", "Ana Ruiz", "Xero")
    ]
    parked = read_csv(folder / "parking_lot.csv")
    assert [(p["text"], p["answered"]) for p in parked] == [
        ("Do we keep Looker?", "false"),
        ("Answered question", "true"),
    ]
    sessions = read_csv(folder / "sessions.csv")
    assert [(s["date"], s["open_actions"], s["open_questions"]) for s in sessions] == [
        ("2026-03-02", "1", "0"),
        ("2026-03-09", "2", "1"),
    ]
    agenda = read_csv(folder / "agenda.csv")
    assert [(a["title"], a["minutes"]) for a in agenda] == [
        ("Systems inventory", "30"),
        ("[red]AOB[/", ""),
    ]


def test_xlsx_has_the_session_sheets(workshop: str, tmp_path: Path) -> None:
    book = load_workbook(exported(workshop, "xlsx", tmp_path / "w.xlsx"), read_only=True)
    rows = list(book["Actions"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Summary", "Description", "Assignee", "Due date", "Status")
    assert rows[1][:5] == ("Send the Xero API limits", "Send the Xero API limits", "Sam Lee",
                           "2026-03-06", "Open")  # fmt: skip
    assert len(rows) == 6
    assert {"Sessions", "Attendees", "Agenda", "Decisions", "Parking lot"} <= set(book.sheetnames)


def test_a_workshop_without_sessions_has_no_minutes_and_empty_session_tables(
    shared_at: Callable[..., str], tmp_path: Path
) -> None:
    path = shared_at("estate")
    import_file(path, doc(**ESTATE))
    text = exported(path, "md")
    assert "Session minutes" not in text and "Changes since" not in text
    folder = exported(path, "csv", tmp_path / "out")
    assert read_csv(folder / "actions.csv") == []
    header = (folder / "actions.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header == "Summary,Description,Assignee,Due date,Status,Session date,Session,Concerns"
