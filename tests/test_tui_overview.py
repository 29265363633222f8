"""The Overview screen (key 1, the first screen), driven through the real app on the demo."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import engines
import pytest
from pilot_support import SIZE, app_at, demo, never_opens, settle, type_text, until
from textual.pilot import Pilot

from storage.location import parse_location
from tui.app import SeamworkApp
from tui.dialogs.pick_name import PickNameDialog
from tui.screens.flows import FlowsScreen
from tui.screens.overview import OverviewScreen
from tui.screens.systems import SystemsScreen

CONFLICT_FLOW = "Sage X3 -> Mintsoft WMS: Stock"


def expected(path: Path | str):  # type: ignore[no-untyped-def]
    """The readiness storage reports, read afresh: what the screen must show."""
    from storage.queries.readiness import load_readiness
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return load_readiness(session)


def overview(app: SeamworkApp) -> OverviewScreen:
    screen = app.get_screen_stack("overview")[0]
    assert isinstance(screen, OverviewScreen)
    return screen


def text_of(screen: OverviewScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def shown_codes(screen: OverviewScreen) -> list[str]:
    table = screen.table
    return [table.get_row_at(row)[1].plain for row in range(table.row_count)]


async def move_to(pilot: Pilot[None], screen: OverviewScreen, code: str, subject: str) -> None:
    """Put the cursor on the finding of `code` whose first subject is `subject`."""
    assert screen.readiness is not None
    for row in range(screen.table.row_count):
        key = screen.table.coordinate_to_cell_key((row, 0)).row_key.value
        item = screen.readiness.findings[int(key)]
        if item.finding.code == code and item.finding.subjects[0] == subject:
            screen.table.move_cursor(row=row)
            await settle(pilot)
            return
    raise LookupError((code, subject))


async def test_the_first_screen_shows_the_workshop_its_counts_and_findings(workshop_at):
    path = workshop_at("demo", demo=True)  # a file, and on the server
    want = expected(path)
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "overview"
        assert app.sub_title == str(parse_location(path))  # a server's without its password
        password = urlsplit(path).password if engines.is_server(path) else None
        assert password is None or password not in app.sub_title
        screen = overview(app)
        details = text_of(screen, "#overview-details")
        assert want.name in details and want.client in details and want.facilitator in details
        counts = want.counts
        assert counts.systems == 10 and counts.flows == 24  # the demo, as the screen shows it
        lines = {line.split()[0]: line for line in details.splitlines() if line.strip()}
        assert str(counts.systems) in lines["Systems"] and str(counts.flows) in lines["Systems"]
        assert str(counts.data_objects) in lines["Data"]
        assert f"{counts.reviewed} of {counts.checks} reviewed" in lines["Checks"]
        assert f"{counts.gaps} gaps" in lines["Checks"]
        assert counts.candidates and re.search(rf"Candidates +{counts.candidates}\b", details)
        # Every finding is in the table, in storage's order (blockers first), counted per code.
        findings = [item.finding for item in want.findings]
        assert len(findings) > 10
        assert shown_codes(screen) == [finding.code for finding in findings]
        severities = Counter(str(finding.severity) for finding in findings)
        assert severities["blocker"] and severities["warning"]
        summary = text_of(screen, "#overview-summary")
        blockers = severities["blocker"]
        assert f"Not ready: {blockers} blocker{'s' if blockers > 1 else ''} to resolve" in summary
        assert f"{severities['warning']} warnings" in summary
        assert f"{severities['info']} info" in summary  # the demo's open parking-lot questions
        marks = {"blocker": "⛔", "warning": "⚠", "info": "ℹ"}
        per_code = Counter((str(f.severity), f.code) for f in findings)
        assert ("blocker", "SCENARIO-GAP") in per_code and ("warning", "SCENARIO-GAP") in per_code
        for (severity, code), n in per_code.items():
            assert re.search(rf"{marks[severity]} {code} +{n}\b", summary), (severity, code, n)
        subtitle = str(screen.query_one("#overview-findings").border_subtitle)
        assert subtitle == f"{len(findings)} findings"
        detail = text_of(screen, "#finding-detail")
        first = findings[0]
        assert first.code in detail and first.message.split(";")[0] in detail


async def test_counts_show_from_a_light_read_before_the_workshop_is_open(tmp_path, monkeypatch):
    """The numbers come from the stdlib peek while storage is still loading."""
    path = demo(tmp_path)
    opened = []

    def never_opens(self: SeamworkApp) -> None:
        opened.append(True)

    monkeypatch.setattr(SeamworkApp, "_open_workshop", never_opens)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        details = text_of(screen, "#overview-details")
        assert "Northwind" in details and "24" in details and "of 330 reviewed" in details
        assert "Checking readiness" in text_of(screen, "#overview-summary")
        assert "Opening the workshop" in text_of(screen, "#overview-status")
        assert screen.table.row_count == 0
        assert opened


async def test_severity_and_code_filters(tmp_path):
    path = demo(tmp_path)
    findings = [item.finding for item in expected(path).findings]
    total = len(findings)

    def codes(severity: str | None = None, code: str | None = None) -> list[str]:
        return [
            f.code
            for f in findings
            if (severity is None or f.severity == severity) and (code is None or f.code == code)
        ]

    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        await pilot.press("b")
        await settle(pilot)
        blockers = codes("blocker")
        assert 0 < len(blockers) < total
        assert shown_codes(screen) == blockers
        subtitle = str(screen.query_one("#overview-findings").border_subtitle)
        assert subtitle == f"{len(blockers)} of {total} findings"
        await pilot.press("w")
        await settle(pilot)
        assert shown_codes(screen) == codes("warning")
        await pilot.press("w")  # again: all
        await settle(pilot)
        assert screen.table.row_count == total
        await pilot.press("i")
        await settle(pilot)
        assert shown_codes(screen) == codes("info") == ["PARKED-OPEN", "PARKED-OPEN"]
        await pilot.press("escape")
        await settle(pilot)
        assert screen.table.row_count == total
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PickNameDialog)
        await type_text(pilot, "SOT-M")
        await pilot.press("enter")
        await settle(pilot)
        assert shown_codes(screen) == ["SOT-MISSING"] == codes(code="SOT-MISSING")
        assert "Code SOT-MISSING" in text_of(screen, "#overview-status")
        await pilot.press("b")  # severity and code together
        await settle(pilot)
        assert screen.table.row_count == 0
        assert "No findings match" in text_of(screen, "#findings-empty")
        await pilot.press("escape")
        await settle(pilot)
        assert screen.table.row_count == total


async def test_enter_on_a_flow_finding_shows_that_flow_on_the_flows_screen(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        flow = "Sage X3 -> Akeneo PIM: Products"
        await move_to(pilot, screen, "FLOW-NO-ERROR-HANDLING", flow)
        await pilot.press("enter")  # one subject: straight there
        await settle(pilot)
        assert app.current_mode == "flows"
        flows = app.screen
        assert isinstance(flows, FlowsScreen)
        assert flows.view == "flows"
        key = flows.flows_table.selected_key
        assert key is not None and flows.flows[key].ref == flow
        assert flows.flows_table.cursor_row > 0  # not merely the first row
        await pilot.press("1")
        await settle(pilot)
        assert app.screen is screen


async def test_enter_on_a_finding_with_several_subjects_asks_which_then_shows_the_system(
    tmp_path,
):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        await move_to(pilot, screen, "SOT-CONFLICT", CONFLICT_FLOW)
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickNameDialog)
        assert picker.names == [
            f"Flow · {CONFLICT_FLOW}",
            "Data object · Stock",
            "System · Mintsoft WMS",
        ]
        await type_text(pilot, "System")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "systems"
        systems = app.screen
        assert isinstance(systems, SystemsScreen)
        table = systems.table
        assert table.get_row_at(table.cursor_row)[0].plain == "Mintsoft WMS"
        assert table.cursor_row > 0


async def test_a_system_finding_clears_the_systems_filter_to_show_its_row(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "slash")
        await type_text(pilot, "Shop")
        await settle(pilot)
        systems = app.screen
        assert isinstance(systems, SystemsScreen)
        assert systems.table.row_count == 1
        await pilot.press("escape")  # back to the table, filter kept
        await pilot.press("1")
        await settle(pilot)
        await move_to(pilot, overview(app), "SOT-CONFLICT", CONFLICT_FLOW)
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "System")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is systems
        assert systems.filter_text == ""
        assert systems.table.row_count == 10
        assert systems.table.get_row_at(systems.table.cursor_row)[0].plain == "Mintsoft WMS"


async def test_a_data_object_finding_shows_the_data_objects_view(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await move_to(pilot, overview(app), "DEF-CONFLICT", "Stock in transit")
        await pilot.press("enter")
        await settle(pilot)
        flows = app.screen
        assert isinstance(flows, FlowsScreen)
        assert flows.view == "objects"
        key = flows.objects_table.selected_key
        assert key is not None and flows.objects[key].name == "Stock in transit"


async def test_findings_follow_an_edit(tmp_path):
    """WorkshopChanged reloads the readiness: fixing the conflict's flow removes the blocker."""
    from storage.queries.flows import delete_flow
    from storage.queries.readiness import entity_id

    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        before = shown_codes(screen)
        assert "SOT-CONFLICT" in before
        assert app.workshop is not None
        with app.workshop.session() as session:
            flow_id = entity_id(session, kind="flow", name=CONFLICT_FLOW)
            assert flow_id is not None
            delete_flow(session, flow_id=flow_id)
        app.workshop_changed("all")
        await settle(pilot)
        after = shown_codes(screen)
        assert "SOT-CONFLICT" not in after
        assert len(after) < len(before)
        assert str(screen.query_one("#overview-findings").border_subtitle) == (
            f"{len(after)} findings"
        )
        assert re.search(r"Flows +23\b", text_of(screen, "#overview-details"))


async def test_markup_in_names_is_shown_literally(tmp_path):
    from storage.queries.systems import update_workshop
    from storage.workshop_file import open_workshop

    path = demo(tmp_path)
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "[bold]Acme[/bold]", "client": "[red]x"})
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        details = text_of(overview(app), "#overview-details")
        assert "[bold]Acme[/bold]" in details and "[red]x" in details


async def test_a_candidate_finding_shows_the_candidate_on_the_priorities_screen(tmp_path):
    path = demo(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        assert screen.readiness is not None
        item = next(i for i in screen.readiness.findings if i.finding.code == "FLOW-NO-KPI")
        assert [s.kind for s in item.subjects] == ["flow", "candidate"]
        candidate = item.subjects[1].name
        await move_to(pilot, screen, "FLOW-NO-KPI", item.finding.subjects[0])
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "Candidate")
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "priorities"
        priorities = app.screen
        data = priorities.data  # type: ignore[attr-defined]
        assert data is not None
        row = data.candidate(candidate)
        assert row is not None and priorities.selected == row.id  # type: ignore[attr-defined]


async def test_an_empty_workshop_is_not_called_ready(make_workshop):
    app = SeamworkApp(make_workshop())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = overview(app)
        summary = text_of(screen, "#overview-summary")
        assert summary.startswith("Nothing to check yet") and "Ready" not in summary
        assert "Nothing to check yet" in text_of(screen, "#findings-empty")
        assert screen.table.row_count == 0
        await pilot.press("enter", "b")  # nothing to go to; an empty filter
        await settle(pilot)
        assert app.screen is screen


async def test_the_questions_still_to_ask_are_counted_and_u_goes_to_the_first(tmp_path):
    """The demo's honest unknowns are counted per kind on the Overview, and u shows the first
    entity missing an answer (Akeneo PIM: hosting, API and criticality) on its screen."""
    path = demo(tmp_path)
    want = expected(path).unanswered
    assert (want.systems, want.data_objects, want.flows) == (3, 1, 7)
    assert want.first == ("system", "Akeneo PIM")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        details = text_of(overview(app), "#overview-details")
        assert "Still to ask  11 answers · u goes to the first" in details
        assert "↳ Systems 3 · Data objects 1 · Flows 7" in details
        await pilot.press("2", "down", "down", "1")  # somewhere else on Systems first
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.current_mode == "systems"
        systems = app.screen
        assert isinstance(systems, SystemsScreen)
        table = systems.table
        assert table.get_row_at(table.cursor_row)[0].plain == "Akeneo PIM"


NeverOpens = never_opens()


async def test_findings_the_file_keeps_are_listed_before_storage_has_loaded(tmp_path):
    """Issue 15: the findings worked out last time are kept in the file with the change count
    they describe; while it still holds, the Overview lists them from a standard-library read,
    without waiting for storage. A file changed since shows none until they are worked out."""
    from storage.findings_cache import REMEMBERED

    path = demo(tmp_path)
    want = expected(path)  # read-only: nothing kept yet
    REMEMBERED.clear()  # nor remembered: the app below starts as a new process would
    app = NeverOpens(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.workshop is None and overview(app).readiness is None
        assert shown_codes(overview(app)) == []

    from storage.queries.readiness import load_readiness
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        load_readiness(session)  # works them out and keeps them
    REMEMBERED.clear()
    app = NeverOpens(path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        screen = overview(app)
        assert app.workshop is None and screen.readiness == want
        assert shown_codes(screen) == [item.finding.code for item in want.findings]
        assert "Opening the workshop" in text_of(screen, "#overview-status")


@pytest.mark.parametrize("read_only", [True, False])
async def test_a_read_only_view_in_a_browser_does_not_offer_export(
    make_demo, monkeypatch: pytest.MonkeyPatch, read_only: bool
) -> None:
    """An export is written on the machine serving the page: a read-only browser view refuses
    it (`action_export`), so its key is not offered either."""
    monkeypatch.setattr(SeamworkApp, "is_web", property(lambda app: True))
    app = SeamworkApp(make_demo(), read_only=read_only)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.workshop is not None)
        await settle(pilot)
        status = text_of(app.screen, "#overview-status")
        assert "e details" in status
        assert ("ctrl+e export" in status) is not read_only
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert (type(app.screen).__name__ == "ExportDialog") is not read_only
