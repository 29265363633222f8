"""The Scenarios screen (key 4), driven through the real app on real workshop files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_support import app_at, never_opens, notified, settle
from textual.pilot import Pilot
from textual.widgets import ProgressBar
from workshop_templates import cached, new_demo

from models.enums import CheckStatus
from tui.app import SeamworkApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.scenario_library import ScenarioLibraryScreen
from tui.screens.scenarios import ALL_FLOWS, ScenariosScreen

SIZE = (120, 36)
ORDERS = ("Shopify", "Sage X3", "Sales orders")
STOCK = ("Mintsoft WMS", "Shopify", "Stock")


def flow_id(path: Path | str, ref: tuple[str, str, str]) -> int:
    from storage.queries.scenarios import check_progress
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        for flow in check_progress(session).flows:
            if (flow.source, flow.target, flow.data_object) == ref:
                return flow.flow_id
    raise LookupError(ref)


def demo(tmp_path: Path) -> Path:
    """The demo, with the library applied to its order and stock flows (built once)."""
    return cached(tmp_path / "demo.seamwork", write_reviewable_demo)


@pytest.fixture
def reviewable(engine: str, workshop_at: Any, tmp_path: Path) -> str:
    """`demo(tmp_path)` as a file, and on the server: the demo's copy given the library there."""
    if engine == "file":
        return str(demo(tmp_path))
    where = str(workshop_at("demo", demo=True))
    apply_to_orders_and_stock(where)
    return where


def write_reviewable_demo(path: Path) -> None:
    new_demo(path)
    apply_to_orders_and_stock(path)


def apply_to_orders_and_stock(path: Path | str) -> None:
    from storage.queries.scenarios import apply_library
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        for ref in (ORDERS, STOCK):
            apply_library(session, flow_id=flow_id(path, ref))


def checks_of(path: Path, flow: int) -> list:
    from storage.queries.scenarios import list_checks
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return list_checks(session, flow_id=flow)


def statuses(path: Path | str, flow: int | None = None) -> dict[int, CheckStatus]:
    from storage.queries.scenarios import list_checks
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return {check.id: check.status for check in list_checks(session, flow_id=flow)}


def screen(app: SeamworkApp) -> ScenariosScreen:
    found = app.get_screen_stack("scenarios")[0]
    assert isinstance(found, ScenariosScreen)
    return found


def shown_ids(app: SeamworkApp) -> list[int]:
    return [int(key) for key in screen(app)._checks]


async def open_scenarios(pilot: Pilot[None]) -> ScenariosScreen:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    return screen(pilot.app)  # type: ignore[arg-type]


async def open_flow(pilot: Pilot[None], flow: int) -> ScenariosScreen:
    """The Scenarios screen showing `flow`'s checklist."""
    shown = await open_scenarios(pilot)
    shown.show_flow(flow)
    await settle(pilot)
    return shown


def reviewed(found: dict[int, CheckStatus]) -> tuple[int, int]:
    done = sum(status != CheckStatus.OPEN for status in found.values())
    return done, sum(status == CheckStatus.GAP for status in found.values())


async def test_walking_a_checklist_records_every_status(reviewable):
    path = reviewable  # a file, and on the server
    orders = flow_id(path, ORDERS)
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_flow(pilot, orders)
        ids = shown_ids(app)
        assert len(ids) > 5
        assert set(ids) == set(statuses(path, orders))
        bar = shown.query_one("#scenarios-bar", ProgressBar)
        assert bar.total == len(ids)
        assert bar.progress == reviewed(statuses(path, orders))[0]
        summary_before = shown.summary_text
        count_before = str(shown.query_one("#scenarios-count").render())
        for key in "hgrnh":
            await pilot.press(key)
            await settle(pilot)
        assert shown.table.cursor_row == 5
        found = statuses(path, orders)
        done, gaps = reviewed(found)
        assert bar.progress == done
        assert shown.summary_text != summary_before
        assert f"{done}/{len(ids)} · {gaps} gap" in shown.summary_text
        count = str(shown.query_one("#scenarios-count").render())
        assert count != count_before
        noun = "gap" if gaps == 1 else "gaps"
        assert count == f"{done} of {len(ids)} reviewed · {gaps} {noun}"
    expected = [
        CheckStatus.HANDLED,
        CheckStatus.GAP,
        CheckStatus.ACCEPTED_RISK,
        CheckStatus.NOT_APPLICABLE,
        CheckStatus.HANDLED,
    ]
    found = statuses(path, orders)  # the file reopened after the app closed it
    assert [found[check] for check in ids[:5]] == expected


async def test_a_load_whose_news_comes_late_does_not_undo_newer_marks(tmp_path):
    """The kill -9 trial's one failure (CI, once): a load finished before the next key, its
    news queued behind that key. Shown then, its page put a marked row back to its old status
    and the cursor back on it, so the next key marked that row again; the last frame showed one
    status while the file held another. Here the late news is delivered by hand."""
    from textual.worker import Worker, WorkerState

    path = demo(tmp_path)
    orders = flow_id(path, ORDERS)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_flow(pilot, orders)
        ids = shown_ids(app)
        await pilot.press("n")
        await settle(pilot)
        stale = shown._loading
        assert stale is not None and stale.state == WorkerState.SUCCESS
        await pilot.press("g")
        await settle(pilot)
        assert shown.table.cursor_row == 2
        shown.post_message(Worker.StateChanged(stale, WorkerState.SUCCESS))
        await settle(pilot)
        assert shown.table.cursor_row == 2, "the old page moved the cursor back"
        assert shown.checklist.checks[str(ids[1])].status == CheckStatus.GAP
        await pilot.press("h")
        await settle(pilot)
    found = statuses(path, orders)
    assert [found[check] for check in ids[:3]] == [
        CheckStatus.NOT_APPLICABLE,
        CheckStatus.GAP,
        CheckStatus.HANDLED,
    ]


async def test_o_reopens_and_enter_records_a_note(tmp_path):
    from textual.widgets import Checkbox, Input

    from tui.dialogs.check_form import CheckForm

    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenarios(pilot)
        first = shown_ids(app)[0]
        await pilot.press("g", "up", "o", "up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckForm)
        app.screen.query_one("#owner", Input).value = "Ops lead"
        app.screen.query_one("#uat", Checkbox).value = True
        app.screen.query_one("#note", Input).value = "Amendments re-sent by the connector"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ScenariosScreen)
    from storage.queries.scenarios import get_check
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        check = get_check(session, check_id=first)
    assert check.status == CheckStatus.OPEN
    assert (check.owner, check.uat) == ("Ops lead", True)
    assert check.note == "Amendments re-sent by the connector"


async def test_gaps_only_shows_the_gaps_of_every_flow(tmp_path):
    from storage.queries.scenarios import list_checks, set_check_status
    from storage.workshop_file import open_workshop

    path = demo(tmp_path)
    with open_workshop(path) as workshop, workshop.session() as session:
        for ref in (ORDERS, STOCK):
            check = list_checks(session, flow_id=flow_id(path, ref))[1]
            set_check_status(session, check_id=check.id, status="gap")
        gaps = [check.id for check in list_checks(session, only_gaps=True)]
    assert len(gaps) >= 2
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_scenarios(pilot)
        before = shown.flow_id
        await pilot.press("G")
        await settle(pilot)
        assert shown.flow_id == ALL_FLOWS
        assert shown_ids(app) == gaps
        await pilot.press("h")  # handled: no longer a gap, so it leaves the view
        await settle(pilot)
        assert shown_ids(app) == gaps[1:]
        await pilot.press("G")
        await settle(pilot)
        assert shown.flow_id == before
        assert len(shown_ids(app)) > len(gaps)


async def test_applying_the_library_twice_adds_nothing_the_second_time(tmp_path):
    path = new_demo(tmp_path / "demo.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_scenarios(pilot)
        shown.show_flow(flow_id(path, ORDERS))
        await settle(pilot)
        existing = len(shown_ids(app))
        await pilot.press("l")
        await settle(pilot)
        added = len(shown_ids(app)) - existing
        assert len(shown_ids(app)) > 0
        assert len(statuses(path)) == len(shown_ids(app)) + (
            len(statuses(path)) - len(statuses(path, flow_id(path, ORDERS)))
        )
        await pilot.press("l")
        await settle(pilot)
        assert len(shown_ids(app)) == existing + added
        messages = [str(n.message) for n in notified(app)]
        assert any(message.startswith("Nothing to add") for message in messages)


async def test_retiring_a_scenario_with_checks_asks_first_and_keeps_them(tmp_path):
    path = demo(tmp_path)
    before = statuses(path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_scenarios(pilot)
        title = shown.highlighted().scenario
        await pilot.press("L")
        await settle(pilot)
        library = app.screen
        assert isinstance(library, ScenarioLibraryScreen)
        table = library.query_one("#library-table")
        key = next(k for k, row in library.rows.items() if row.title == title)
        table.move_cursor(row=table.get_row_index(key))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert title in app.screen.question.plain
        await pilot.press("y")
        await settle(pilot)
        assert library.rows.get(key) is None  # retired: hidden until t
        await pilot.press("t")
        await settle(pilot)
        assert library.rows[key].retired
        await pilot.press("escape")
        await settle(pilot)
        assert shown.highlighted().scenario != title
    from storage.queries.scenarios import list_checks
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        kept = {c.id: c.status for c in list_checks(session, include_retired=True)}
    assert kept == before


async def test_markup_in_scenario_titles_is_shown_literally(tmp_path):
    from storage.queries.scenarios import create_scenario

    path = demo(tmp_path)
    from storage.queries.scenarios import apply_library
    from storage.workshop_file import open_workshop

    title = "[b]Refund[/] [@click=x]"
    with open_workshop(path) as workshop, workshop.session() as session:
        create_scenario(
            session,
            data={
                "title": title,
                "category": "[b]odd[/b",
                "description": "[/]",
                "question": "[bold]why?",
                "data_objects": ["Sales orders"],
            },
        )
        apply_library(session, flow_id=flow_id(path, ORDERS))
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_scenarios(pilot)
        shown.show_flow(flow_id(path, ORDERS))
        await settle(pilot)
        table = shown.table
        cells = [table.get_row_at(row) for row in range(table.row_count)]
        row = next(i for i, c in enumerate(cells) if c[1].plain == title)
        assert cells[row][0].plain == "[b]odd[/b"
        table.move_cursor(row=row)
        await settle(pilot)
        detail = str(shown.query_one("#scenarios-detail").render())
        assert "[bold]why?" in detail
        assert title in detail


async def test_read_only_file_refuses_status_keys(tmp_path):
    path = demo(tmp_path)
    before = statuses(path)
    path.chmod(0o444)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenarios(pilot)
        assert shown_ids(app)
        await pilot.press("h", "g", "l")
        await settle(pilot)
        messages = [str(n.message) for n in notified(app)]
        assert any("read-only" in message for message in messages)
    assert statuses(path) == before


async def test_palette_show_gaps_goes_to_the_gaps_of_every_flow(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenarios(pilot)
        await pilot.press("2")
        await app.run_action("goto('scenarios', 'show_gaps')")
        await settle(pilot)
        shown = screen(app)
        assert shown.filter == "gaps"
        assert all(statuses(path)[check] == CheckStatus.GAP for check in shown_ids(app))


async def test_a_adds_a_scenario_for_this_flow_and_P_promotes_it(tmp_path):
    """Issue 13.3: one line adds a scenario to the flow shown; it is on no other flow until P
    promotes it; both are undo steps."""
    from pilot_support import type_text

    from storage.queries.scenarios import apply_library, get_scenario_by_title
    from storage.workshop_file import open_workshop
    from tui.dialogs.flow_scenario import FlowScenarioDialog

    path = demo(tmp_path)
    orders, stock = flow_id(path, ORDERS), flow_id(path, STOCK)
    title = "Order keyed [red]twice[/]"  # user text, never markup

    def found() -> tuple[str | None, int] | None:
        with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
            row = get_scenario_by_title(session, title=title)
            return None if row is None else (row.flow, row.checks)

    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_flow(pilot, orders)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, FlowScenarioDialog))
        await type_text(pilot, "#sales")
        await pilot.press("enter")  # no title: refused in a sentence, the line kept
        await settle(pilot)
        assert isinstance(app.screen, FlowScenarioDialog)
        assert "Title" in str(app.screen.query_one("#flow-scenario-error").render())
        await pilot.press("home")
        await type_text(pilot, title + " ")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ScenariosScreen))
        ref = "Shopify -> Sage X3: Sales orders"
        assert found() == (ref, 1)
        check = shown.highlighted()
        assert check is not None and check.scenario == title and check.category == "sales"
        assert check.one_flow

        with open_workshop(path) as workshop, workshop.session() as session:
            assert apply_library(session, flow_id=stock) == 0  # not on the stock flow

        await pilot.press("ctrl+z")
        await settle(pilot)
        assert found() is None
        await pilot.press("ctrl+y")
        await settle(pilot, lambda: shown.highlighted() is not None)
        assert found() == (ref, 1)

        for row, key in enumerate(shown._checks):  # the cursor back on the redone check
            if shown._checks[key].scenario == title:
                shown.table.move_cursor(row=row)
        await settle(pilot)
        assert shown.highlighted().scenario == title
        await pilot.press("P")
        await settle(pilot)
        assert found() == (None, 1)
        assert any("is in the library now" in n.message for n in notified(app))
    with open_workshop(path) as workshop, workshop.session() as session:
        apply_library(session)
    promoted = found()
    assert promoted is not None and promoted[0] is None and promoted[1] > 1  # every order flow
    assert title not in {check.scenario for check in checks_of(path, stock)}


async def test_a_reload_asked_for_a_row_keeps_it_through_the_reload_that_follows(tmp_path):
    """Adding a check reloads onto it and then posts the change, which reloads again before the
    first load lands: the second must not put the cursor back on the row it sat on before (CI
    saw the new check lost that way)."""
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_flow(pilot, flow_id(path, ORDERS))
        ids = shown_ids(app)
        before, wanted = shown.checklist.key(), str(ids[-1])
        assert before != wanted
        shown.reload(wanted)
        shown.reload()  # as WorkshopChanged does, the first load still running
        await settle(pilot)
        assert shown.checklist.key() == wanted
        shown.reload()  # once shown, a plain reload keeps the row under the cursor
        await settle(pilot)
        assert shown.checklist.key() == wanted


async def test_the_library_says_where_each_scenario_applies_in_full(tmp_path):
    """A one-flow scenario reads "only" and its flow, not "every flow"; the hint under the
    table holds the highlighted scenario's whole scope, which the column cuts at 36 characters."""
    from storage.queries.scenarios import add_flow_scenario
    from storage.workshop_file import open_workshop

    path = demo(tmp_path)
    with open_workshop(path) as workshop, workshop.session() as session:
        add_flow_scenario(session, flow_id=flow_id(path, ORDERS), title="[b]Deal won twice")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_scenarios(pilot)
        await pilot.press("L")
        await settle(pilot)
        library = app.screen
        assert isinstance(library, ScenarioLibraryScreen)
        table = library.query_one("#library-table")
        hint = library.query_one("#library-hint")
        key = next(k for k, row in library.rows.items() if row.title == "[b]Deal won twice")
        table.move_cursor(row=table.get_row_index(key))
        await settle(pilot)
        whole = "only Shopify -> Sage X3: Sales orders"
        assert str(hint.render()).endswith(f"[b]Deal won twice: {whole}")
        assert table.get_row(key)[2].plain == whole[:36] + "…"
        wide = next(k for k, row in library.rows.items() if len(", ".join(row.data_objects)) > 36)
        table.move_cursor(row=table.get_row_index(wide))
        await settle(pilot)
        assert str(hint.render()).endswith(", ".join(library.rows[wide].data_objects))


NeverOpens = never_opens()


async def test_the_checklist_shows_before_the_file_opens_and_a_key_then_waits(tmp_path):
    """Issue 15: the first visit shows the first flow's checklist and every flow's progress
    at once, read with the standard library; a status typed meanwhile waits for the file,
    then is recorded."""
    from storage.queries.scenarios import check_progress
    from storage.workshop_file import open_workshop

    path = demo(tmp_path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        flows = check_progress(session).flows
    first = next(flow for flow in flows if flow.total)  # what storage would open on
    app = NeverOpens(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot, lambda: bool(screen(app)._checks))
        shown = screen(app)
        assert app.workshop is None and shown.flow_id == first.flow_id
        assert shown_ids(app) == [check.id for check in checks_of(path, first.flow_id)]
        assert f"▶ {first.source} → " in shown.summary_text  # the flow on show, marked
        assert "10/35 · 1 gap" in shown.summary_text  # and every flow's progress
        assert "Opening the workshop" in str(shown.status.render())
        top = shown_ids(app)[0]
        await pilot.press("g")  # a gap, typed before the file is open: it waits
        await pilot.pause()
        assert statuses(path, first.flow_id)[top] is CheckStatus.OPEN

        app.workshop = open_workshop(path)
        app.workshop_changed("all")
        app.keys.release()  # what the open worker's success does
        await settle(pilot, lambda: statuses(path, first.flow_id)[top] is CheckStatus.GAP)
        assert shown_ids(app) == [check.id for check in checks_of(path, first.flow_id)]


async def test_flows_without_checks_say_how_to_add_them(tmp_path):
    """Before the library is applied the checklist is empty: it says so (with `l`), on the
    screen's first visit and with gaps only, and nothing goes wrong."""
    from storage.demo import generated_document, write_demo
    from tui.widgets.checklist_view import EMPTY_ALL

    path = write_demo(
        tmp_path / "w.seamwork", generated_document(systems=6, data_objects=2, flows=5)
    )
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        shown = await open_scenarios(pilot)
        await settle(pilot)
        empty = shown.query_one("#checks-empty")
        assert empty.display and str(empty.render()) == EMPTY_ALL
        await pilot.press("G")
        await settle(pilot)
        assert empty.display and "No gaps recorded" in str(empty.render())
        assert not [n for n in notified(app) if "went wrong" in str(n.message)]
