"""ACTION-OVERDUE and PARKED-OPEN: pure rules on hand-made minutes, then on real files and
through `seamwork check` (text and JSON), with the date pinned by SEAMWORK_NOW."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli as run
from workshop_templates import new_demo, open_new

from models.enums import MinuteKind
from models.findings import Finding, Severity, action_overdue, find_all, parked_open
from models.snapshot import MinuteData, WorkshopData
from models.tables import WorkshopBase
from storage.queries.meetings import create_meeting, create_minute, set_minute_closed
from storage.queries.readiness import load_readiness
from storage.queries.snapshot import load_snapshot
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop


def minutes(*items: MinuteData, today: str | None = "2026-03-10") -> WorkshopData:
    return WorkshopData(workshop=WorkshopBase(name="W"), minutes=items, today=today)


def action(text: str = "Send the Xero API limits", **fields: object) -> MinuteData:
    values: dict[str, object] = {
        "who": "Sam Lee",
        "due": "2026-03-06",
        "session": "2026-03-02",
        "concerns": ("Xero -> Looker: Revenue",),
        **fields,
    }
    return MinuteData(MinuteKind.ACTION, text, **values)  # type: ignore[arg-type]


def test_an_open_action_past_its_due_date_is_a_warning_a_client_can_read() -> None:
    (finding,) = action_overdue(minutes(action()))
    assert finding == Finding(
        "ACTION-OVERDUE",
        Severity.WARNING,
        "Action \u201cSend the Xero API limits\u201d (Sam Lee) was due 2026-03-06 and is still "
        "open.",
        ("Xero -> Looker: Revenue",),
    )


@pytest.mark.parametrize(
    "item",
    [
        action(closed=True),  # done
        action(due="2026-03-10"),  # due today: not late yet
        action(due="2026-03-11"),
        action(due=None),  # no due date said: never overdue
        MinuteData(MinuteKind.DECISION, "Xero owns invoices", "2026-03-02"),
    ],
)
def test_what_is_not_overdue(item: MinuteData) -> None:
    assert list(action_overdue(minutes(item))) == []


def test_the_date_is_the_callers_and_unknown_means_nothing_is_overdue() -> None:
    assert list(action_overdue(minutes(action(), today=None))) == []
    assert list(action_overdue(minutes(action(), today="2026-03-06"))) == []
    assert len(list(action_overdue(minutes(action(), today="2026-03-07")))) == 1


def test_an_overdue_action_nobody_owns_says_so_and_long_text_is_shortened() -> None:
    (finding,) = action_overdue(minutes(action("x" * 200, who=None, concerns=())))
    assert "(nobody named)" in finding.message
    assert "x" * 79 + "\u2026" in finding.message and "x" * 80 not in finding.message
    assert finding.subjects == ()


def test_an_open_parking_lot_question_is_information() -> None:
    question = MinuteData(
        MinuteKind.PARKED, "Do we keep Looker?", "2026-03-02", concerns=("Looker",)
    )
    answered = MinuteData(MinuteKind.PARKED, "Who owns it?", "2026-03-02", closed=True)
    (finding,) = parked_open(minutes(question, answered))
    assert finding.severity is Severity.INFO
    assert finding.message == (
        "The question \u201cDo we keep Looker?\u201d, parked on 2026-03-02, is still open; "
        "answer it with a decision or an action."
    )
    assert finding.subjects == ("Looker",)
    codes = [f.code for f in find_all(minutes(question, action()))]
    assert codes == ["ACTION-OVERDUE", "PARKED-OPEN"]  # warnings before information


# --- on real files ----------------------------------------------------------------------------


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", "2026-03-10T09:00:00+00:00")


def make_minutes(path: Path) -> None:
    with open_new(path) as workshop, workshop.session() as session:
        system = create_system(session, data={"name": "Xero"})
        meeting = create_meeting(session, data={"date": "2026-03-02", "title": "Day one"})
        create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "action", "text": "Send the Xero API limits", "due": "2026-03-06"},
            who="Sam Lee",
            concerns=[("system", system.id)],
        )
        done = create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "action", "text": "Done already", "due": "2026-03-03"},
        )
        set_minute_closed(session, minute_id=done.id, closed=True)
        create_minute(
            session,
            meeting_id=meeting.id,
            data={"kind": "parked", "text": "Do we keep Looker?"},
            concerns=[("system", system.id)],
        )


def test_the_snapshot_judges_by_the_clocks_date(tmp_path: Path, pinned: None) -> None:
    path = tmp_path / "w.seamwork"
    make_minutes(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_snapshot(session)
        assert data.today == "2026-03-10"
        assert [(m.kind, m.who, m.closed) for m in data.minutes] == [
            (MinuteKind.ACTION, "Sam Lee", False),
            (MinuteKind.ACTION, None, True),
            (MinuteKind.PARKED, None, False),
        ]
        readiness = load_readiness(session)
    codes = {item.finding.code: item.subjects for item in readiness.findings}
    assert [s.kind for s in codes["ACTION-OVERDUE"]] == ["system"]  # Enter on it shows Xero
    assert [s.name for s in codes["PARKED-OPEN"]] == ["Xero"]


def test_check_prints_both_codes_in_text_and_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, pinned: None
) -> None:
    path = tmp_path / "w.seamwork"
    make_minutes(path)
    code, out, err = run(capsys, "check", path)
    assert (code, err) == (0, "")  # warnings and information: no blocker
    assert out.splitlines() == [
        "warning  ACTION-OVERDUE: Action \u201cSend the Xero API limits\u201d (Sam Lee) was due "
        "2026-03-06 and is still open. [Xero]",
        "info     PARKED-OPEN: The question \u201cDo we keep Looker?\u201d, parked on 2026-03-02, "
        "is still open; answer it with a decision or an action. [Xero]",
        "2 findings: 0 blockers, 1 warning, 1 info.",
    ]
    code, out, err = run(capsys, "check", path, "-f", "json")
    data = json.loads(out)
    assert [(f["code"], f["severity"], f["subjects"]) for f in data["findings"]] == [
        ("ACTION-OVERDUE", "warning", ["Xero"]),
        ("PARKED-OPEN", "info", ["Xero"]),
    ]
    assert data["summary"] == {"blocker": 0, "warning": 1, "info": 1}


def test_the_demo_has_one_overdue_action_and_two_open_questions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")
    demo = new_demo(tmp_path / "demo.seamwork")
    code, out, _ = run(capsys, "check", demo, "-f", "json")
    found = [
        f for f in json.loads(out)["findings"] if f["code"] in ("ACTION-OVERDUE", "PARKED-OPEN")
    ]
    assert [(f["code"], f["subjects"]) for f in found] == [
        ("ACTION-OVERDUE", ["Mintsoft WMS", "Mintsoft WMS -> Shopify: Stock"]),
        ("PARKED-OPEN", ["Power BI"]),
        ("PARKED-OPEN", ["Returns"]),
    ]
    assert "(Gareth Lloyd) was due 2025-03-14" in found[0]["message"]


def test_the_minutes_findings_alone_replace_those_of_a_full_recount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a minute is captured, ticked off or deleted, replacing only the minutes' findings
    in the index (what a screen does) gives exactly what working out every finding gives."""
    from models.findings import MINUTE_CODES, findings_by_subject, replace_findings
    from storage.queries import meetings as m
    from storage.queries.readiness import findings_for
    from storage.queries.snapshot import minute_findings

    monkeypatch.setenv("SEAMWORK_NOW", "2026-11-25T09:00:00+00:00")
    demo = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(demo) as workshop, workshop.session() as session:
        index = findings_by_subject(findings_for(session))
        assert {f.code for found in index.values() for f in found} >= MINUTE_CODES
        meeting = m.current_meeting(session)
        assert meeting is not None
        flow = next(s for s in index if " -> " in s and s != "Mintsoft WMS -> Shopify: Stock")
        minutes = [minute for minute in m.all_minutes(session) if not minute.closed]
        edits = [
            lambda: m.create_minute(  # a new question about a flow with findings of its own
                session,
                meeting_id=meeting.id,
                data={"kind": "parked", "text": "Who owns it?"},
                concerns=[("flow", flow_id(session, flow))],
            ),
            lambda: m.set_minute_closed(session, minute_id=minutes[0].id, closed=True),
            lambda: m.delete_minute(session, minute_id=minutes[-1].id),
        ]
        for edit in edits:
            edit()
            replaced = replace_findings(index, MINUTE_CODES, minute_findings(session))
            index = findings_by_subject(findings_for(session))
            assert replaced == index
        assert any(f.code == "PARKED-OPEN" for f in index[flow])


def flow_id(session, ref: str) -> int:  # type: ignore[no-untyped-def]
    from storage.queries.flows import list_flows

    return next(row.id for row in list_flows(session) if row.ref == ref)
