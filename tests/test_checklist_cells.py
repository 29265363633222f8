"""The checklist's table cells (tui.widgets.checklist_cells.check_rows): built once per text,
sized to what they hold, user text kept literal."""

from __future__ import annotations

from rich.style import Style

from models.enums import CheckStatus
from storage.check_rows import CheckRow
from tui.widgets.checklist_cells import check_rows, status_label

STYLES = {status: Style(bold=True) for status in CheckStatus}


def check(id: int, flow: int, scenario: str, status: CheckStatus, **fields: object) -> CheckRow:
    values: dict[str, object] = {
        "id": id,
        "flow_id": flow,
        "scenario_id": id,
        "source": "Shopify",
        "target": "Sage X3",
        "data_object": "Orders",
        "scenario": scenario,
        "category": "sales",
        "description": "",
        "question": "",
        "status": status,
        "note": "",
        "owner": "",
        "uat": False,
        "updated_at": "",
        "retired": False,
    }
    return CheckRow(**{**values, **fields})  # type: ignore[arg-type]


def test_cells_with_the_same_text_are_built_once_and_columns_fit_what_is_shown():
    checks = [
        check(1, 1, "Duplicate [b]order[/b]", CheckStatus.OPEN),
        check(2, 1, "Late update", CheckStatus.GAP, owner="Ops", uat=True),
        check(3, 2, "Duplicate [b]order[/b]", CheckStatus.OPEN, note="see minutes"),
    ]
    cells = check_rows(checks, True, STYLES)
    rows = dict(cells.rows)
    assert list(rows) == ["1", "2", "3"]
    assert rows["1"][1] is rows["3"][1]  # one Text for one scenario title
    assert rows["1"][2] is rows["3"][2]  # and for one status
    assert rows["1"][1].plain == "Duplicate [b]order[/b]"  # literal, never markup
    assert [cell.plain for cell in rows["2"]] == ["", "Late update", "✖ Gap", "Ops", "✓", ""]
    assert rows["1"][0].plain == rows["3"][0].plain == "Shopify → Sage X3: Orders"  # per flow
    for column, width in enumerate(cells.widths):
        widest = max(row[column].cell_len for row in rows.values())
        header = ("Flow", "Scenario", "Status", "Owner", "UAT", "Note")[column]
        assert width == max(widest, len(header))
    # A status no check shows does not widen its column ("✔ Handled" is the widest).
    assert cells.widths[2] == max(len(status_label(CheckStatus.GAP)), len("Status"))


def test_one_flow_names_each_category_once():
    checks = [
        check(1, 1, "A", CheckStatus.OPEN),
        check(2, 1, "B", CheckStatus.OPEN),
        check(3, 1, "C", CheckStatus.OPEN, category="finance"),
    ]
    rows = dict(check_rows(checks, False, STYLES).rows)
    assert [rows[key][0].plain for key in ("1", "2", "3")] == ["Sales", "", "Finance"]


def test_no_checks_give_no_rows_and_the_headers_widths():
    """A filter that keeps nothing (gaps only, none recorded) is an empty table, not an error."""
    cells = check_rows([], True, STYLES)
    assert cells.rows == ()
    assert cells.widths == tuple(
        len(h) for h in ("Flow", "Scenario", "Status", "Owner", "UAT", "Note")
    )
