"""The Overview keeps its cursor on the same finding when an edit elsewhere reloads the
findings, driven through the real app on the demo."""

from __future__ import annotations

from pilot_support import settle
from workshop_templates import new_demo

from tui.app import SeamworkApp
from tui.screens.overview import OverviewScreen

SIZE = (120, 36)
EARLIER = ("Mintsoft WMS", "ShipStation", "Sales orders")  # FLOW-NO-ERROR-HANDLING, 2nd warning


async def test_the_cursor_stays_on_its_finding_when_an_earlier_one_is_resolved(tmp_path):
    """On FLOW-NO-OWNER for Akeneo PIM -> Shopify, the room gives an earlier flow its error
    handling: that finding goes, every later one moves up a row, and the cursor (and what enter
    would jump to) stays on the FLOW-NO-OWNER finding, not on the one that took its old place."""
    from storage.queries.flows import list_flows, update_flow

    path = new_demo(tmp_path / "demo.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen) and screen.readiness is not None
        table = screen.table
        for row in range(table.row_count):
            table.move_cursor(row=row)
            item = screen.selected
            assert item is not None
            if item.finding.code == "FLOW-NO-OWNER":
                break
        await settle(pilot)
        chosen = screen.selected
        assert chosen is not None and chosen.finding.code == "FLOW-NO-OWNER"

        assert app.workshop is not None
        with app.workshop.session() as session:
            flow = next(
                f for f in list_flows(session) if (f.source, f.target, f.data_object) == EARLIER
            )
            update_flow(session, flow_id=flow.id, data={"error_handling": "Alert and retry"})
        app.workshop_changed("flow")
        await settle(pilot)

        now = screen.selected
        assert now is not None
        assert now.finding == chosen.finding


async def test_a_four_digit_count_stays_apart_from_its_code(tmp_path, monkeypatch):
    """5,000 flows give 1,714 FLOW-NO-ERROR-HANDLING findings: the summary reads
    "FLOW-NO-ERROR-HANDLING 1714", never "FLOW-NO-ERROR-HANDLING1714"."""
    import tui.screens.overview as overview_module

    app = SeamworkApp(new_demo(tmp_path / "demo.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        counts = [("blocker", "SOT-CONFLICT", 6), ("warning", "FLOW-NO-ERROR-HANDLING", 1714)]
        monkeypatch.setattr(overview_module, "code_counts", lambda findings: counts)
        screen._show_summary()
        await settle(pilot)
        text = str(screen.query_one("#overview-summary").render())
        assert "FLOW-NO-ERROR-HANDLING 1714" in text
        assert "SOT-CONFLICT" in text and " 6" in text


def test_the_help_names_every_screen_enter_can_go_to():
    """Enter goes to candidates and KPIs too (PHASE-SYSTEM-NOT-LIVE names a candidate)."""
    from tui.app import ENTITY_MODES

    text = " ".join(OverviewScreen.HELP.split())
    assert "candidate or KPI on Priorities" in text
    assert set(ENTITY_MODES) == {"system", "flow", "data_object", "candidate", "kpi"}


async def test_c_offers_only_the_codes_the_severity_filter_can_show(tmp_path):
    """With only warnings shown, c lists warning codes (no SOT-CONFLICT, a blocker here), so
    no pick ends in an empty table; with only info and no info findings, c says so."""
    from storage.queries.meetings import all_minutes, set_minute_closed
    from storage.workshop_file import open_workshop
    from tui.dialogs.pick_name import PickNameDialog

    path = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(path) as workshop, workshop.session() as session:
        for minute in all_minutes(session):  # answer the parked questions: no info findings
            if minute.kind == "parked" and not minute.closed:
                set_minute_closed(session, minute_id=minute.id, closed=True)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PickNameDialog)
        assert "SOT-CONFLICT" not in dialog.names
        assert {"FLOW-NO-OWNER", "DEF-CONFLICT", "SCENARIO-GAP"} <= set(dialog.names)
        await pilot.press("escape")
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
