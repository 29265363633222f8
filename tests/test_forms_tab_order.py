"""Forms never drop what was typed (issue 13, part 4).

Every form, opened on the demo: the focus order is the order on screen (top to bottom, then
left to right), the first field has the focus on opening and the buttons come last; tabbing
through every field and typing into each text field, then ctrl+s, puts every typed value in
the file. A value the save cannot keep is named beside its field, and a letter typed where no
text goes is said in the error line.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pilot_support import SIZE, demo, settle, type_text, until
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from tui.app import SeamworkApp
from tui.dialogs.entity_form import EntityForm
from tui.widgets.form_field import FormField

Opener = Callable[[Any], EntityForm[Any]]


def _meeting_id(workshop: Any) -> int:
    from storage.queries.meetings import list_meetings

    with workshop.session() as session:
        return list_meetings(session)[-1].id


def _check(workshop: Any) -> EntityForm[Any]:
    from storage.queries.scenarios import list_checks
    from tui.dialogs.check_form import CheckForm

    with workshop.session() as session:
        return CheckForm(workshop, list_checks(session)[0])


def _answer(workshop: Any) -> EntityForm[Any]:
    from storage.queries.meetings import all_minutes
    from tui.dialogs.session_forms import AnswerForm

    with workshop.session() as session:
        question = next(m for m in all_minutes(session) if m.kind == "parked")
    return AnswerForm(workshop, question=question)


def _form(module: str, name: str, **kwargs: Any) -> Opener:
    def make(workshop: Any) -> EntityForm[Any]:
        from importlib import import_module

        extra = {k: (v(workshop) if callable(v) else v) for k, v in kwargs.items()}
        return getattr(import_module(f"tui.dialogs.{module}"), name)(workshop, **extra)

    return make


FORMS: dict[str, Opener] = {
    "system": _form("system_form", "SystemForm"),
    "flow": _form("flow_form", "FlowForm"),
    "data object": _form("data_object_form", "DataObjectForm"),
    "scenario": _form("scenario_form", "ScenarioForm"),
    "check": _check,
    "candidate": _form("candidate_form", "CandidateForm"),
    "criterion": _form("criterion_form", "CriterionForm"),
    "kpi": _form("kpi_form", "KpiForm"),
    "workshop": _form("workshop_form", "WorkshopForm"),
    "session": _form("session_forms", "MeetingForm", today="2026-05-01"),
    "attendee": _form("session_forms", "AttendeeForm", meeting_id=_meeting_id),
    "agenda": _form("session_forms", "AgendaForm", meeting_id=_meeting_id),
    "decision": _form("session_forms", "MinuteForm", kind="decision", meeting_id=_meeting_id),
    "action": _form("session_forms", "MinuteForm", kind="action", meeting_id=_meeting_id),
    "question": _form("session_forms", "MinuteForm", kind="parked", meeting_id=_meeting_id),
    "answer": _answer,
}

# Values a field takes that free text would not fit (distinct enough to find in the file).
TYPED: dict[str, str] = {
    "date": "2031-07-15",
    "due": "2031-07-16",
    "phase": "8",
    "minutes": "47",
    "baseline": "123.5",
    "target": "67.25",
    "volume_per_day": "4321",
    "manual_hours_per_week": "17.25",
}
# Choices a save needs (the ends of a flow; an action, so the answer keeps its due date), as
# the index of the option to take.
CHOSEN: dict[str, dict[str, int]] = {
    "flow": {"source": 0, "target": 3, "data_object": 4},
    "answer": {"kind": 1},
}


def file_texts(path: Path) -> list[str]:
    """Every value in every table of the workshop file, as text (JSON lists opened up)."""
    found: list[str] = []
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for row in db.execute(f'select * from "{table}"'):  # noqa: S608 (names from the file)
                for value in row:
                    found.append(str(value))
                    if isinstance(value, str) and value.startswith("["):
                        try:
                            found += [str(item) for item in json.loads(value)]
                        except ValueError:
                            pass
    return found


def screen_order(chain: list[Widget]) -> list[Widget]:
    return sorted(chain, key=lambda w: (w.region.y, w.region.x))


def names(widgets: list[Widget]) -> list[str]:
    return [str(w.id) for w in widgets]


async def opened(pilot: Any, app: SeamworkApp, name: str) -> EntityForm[Any]:
    await settle(pilot)
    form = FORMS[name](app.workshop)
    app.push_screen(form)
    await until(pilot, lambda: app.screen is form)
    await settle(pilot)
    return form


@pytest.mark.parametrize("name", list(FORMS))
async def test_tab_follows_the_screen_and_every_typed_value_is_saved(tmp_path, name):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    typed: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, app, name)
        chain = list(form.focus_chain)
        assert names(chain) == names(screen_order(chain)), "tab order is not the screen's"
        assert [w.id for w in chain[-2:]] == ["cancel", "save"], "the buttons come last"
        assert app.focused is chain[0], "the first field on screen has the focus"
        fields = {f.widget: f.field for f in form.query(FormField)}
        for field, index in CHOSEN.get(name, {}).items():
            select = form.query_one(f"#{field}", Select)
            select.value = [v for _, v in select._options if v != Select.NULL][index]
        for step, widget in enumerate(chain):
            assert app.focused is widget, f"tab {step} reached {app.focused!r}, not {widget!r}"
            field = fields.get(widget)
            if field is not None and isinstance(widget, (Input, TextArea)):
                value = TYPED.get(field, f"typed {name} {field}")
                typed[field] = value
                await type_text(pilot, value)
            await pilot.press("tab")
        assert app.focused is chain[0], "tab comes back round to the first field"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: app.screen is not form, timeout=10)
    assert typed, "the form has no text field"
    stored = file_texts(path)
    for field, value in typed.items():
        assert any(value in text for text in stored), f"{field}: {value!r} is not in the file"


async def test_a_letter_typed_on_a_button_is_said_not_dropped(tmp_path):
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, app, "check")
        form.query_one("#save", Button).focus()
        await pilot.press("x")
        line = form.query_one(f"#{form.BOX.error}", Label)
        assert line.display
        assert "the focus is on the Save button" in str(line.render())
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # back to Owner
        assert isinstance(app.focused, Input) and app.focused.id == "owner"
        assert not line.display, "the sentence goes once the focus moves on"


async def test_a_due_date_for_a_decision_is_named_not_dropped(tmp_path):
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, app, "answer")
        await pilot.press(*"Keep Looker", "tab", "tab", "tab", *"2031-01-02", "ctrl+s")
        await settle(pilot)
        assert app.screen is form, "nothing was saved"
        due = form.query_one("#field-due", FormField)
        assert due.error.startswith("Due ")
        assert app.focused is form.query_one("#due")


async def test_an_error_names_the_field_as_the_form_labels_it(tmp_path):
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, app, "agenda")
        await pilot.press("tab", *"30", "ctrl+s")  # no item typed
        await settle(pilot)
        assert form.query_one("#field-title", FormField).error == "Item is required."
