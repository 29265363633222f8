"""At a projector's 80x24 and 100x30 nothing that carries meaning is cut off (issue 13): the
behaviour behind the snapshots in tests/test_snapshots_sizes.py, checked on the real app."""

from __future__ import annotations

import pytest
from pilot_support import demo_workshop, settle, until
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from tui.app import SeamworkApp
from tui.widgets.key_bar import KeyBar, columns_that_fit

pytestmark = pytest.mark.usefixtures("fixed_place")

SMALL = [(80, 24), (100, 30)]
SCREENS = {
    "1": "overview-screen",
    "2": "systems-screen",
    "3": "flows-screen",
    "4": "scenarios-screen",
    "5": "priorities-screen",
    "6": "session-screen",
}


async def goto(pilot: Pilot[None], key: str) -> None:
    await settle(pilot)
    await pilot.press(key)
    await until(pilot, lambda: pilot.app.screen.id == SCREENS[key])
    await settle(pilot)


def test_the_key_bar_takes_as_many_columns_as_fit() -> None:
    assert columns_that_fit([10, 10, 10, 10], 40) == 4
    assert columns_that_fit([10, 10, 10, 10], 39) == 3  # two rows: 10 + 10 + 10
    assert columns_that_fit([10, 10, 10, 10], 29) == 2
    assert columns_that_fit([12, 5, 12, 5], 17) == 2  # a column is as wide as its widest key
    assert columns_that_fit([12, 5, 5, 12], 17) == 1
    assert columns_that_fit([30, 30], 10) == 1


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36)], ids=str)
async def test_no_key_is_cut_or_drawn_over_on_any_screen(size: tuple[int, int]) -> None:
    """Every key of every screen's bar lies whole inside the terminal, none overlapping
    another (the palette key was drawn over "Quit" at 80 columns, and the last keys cut)."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=size) as pilot:
        for key in SCREENS:
            await goto(pilot, key)
            bar = app.screen.query_one(KeyBar)
            keys = [key for key in bar.query(FooterKey) if key.display]  # (on show)
            assert len(keys) > 3, key
            regions = [k.region for k in keys]
            for footer_key, region in zip(keys, regions, strict=True):
                assert region.width >= footer_key.get_content_width(region.size, region.size)
                assert region.right <= size[0] and region.bottom <= size[1], (key, footer_key)
            for index, region in enumerate(regions):
                for other in regions[index + 1 :]:
                    assert not region.overlaps(other), (key, region, other)


@pytest.mark.parametrize("size", SMALL, ids=str)
async def test_the_cost_criterion_shows_beside_the_others(size: tuple[int, int]) -> None:
    """Every criterion of the score matrix is on screen without scrolling, the cost one too
    (at 100x30 the matrix showed four of six); the names are cut instead, whole in Picked."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=size) as pilot:
        await goto(pilot, "5")
        matrix = app.screen.matrix  # type: ignore[attr-defined]
        assert matrix.max_scroll_x == 0
        heads = [str(column.label).strip() for column in matrix.columns.values()]
        assert heads[-1] == "EC"  # effort and complexity: the cost criterion
        detail = app.screen.detail_content().plain  # type: ignore[attr-defined]
        assert "Customer master alignment" in detail


@pytest.mark.parametrize("size", SMALL, ids=str)
async def test_owner_and_note_of_a_check_are_on_screen(size: tuple[int, int]) -> None:
    """At 100x30 the checklist shows its Owner, UAT and Note columns (the per-flow panel gives
    way); at 80x24 they scroll, and the detail under the table says them in full."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=size) as pilot:
        await goto(pilot, "4")
        screen = app.screen
        assert not screen.query_one("#scenarios-summary").display or size[0] >= 120
        table = screen.query_one("#checks-table")
        assert table.size.height >= 5, "no rows left to review"
        if size[0] >= 100:
            assert table.max_scroll_x == 0
        else:
            assert table.max_scroll_x > 0 and table.show_horizontal_scrollbar
        await pilot.press("g")  # a gap, then back to it: the detail says what was recorded
        await pilot.press("up", "e")
        await settle(pilot)
        from textual.widgets import Input

        app.screen.query_one("#owner", Input).value = "Ops lead"
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = screen.query_one("#scenarios-detail").render()
        assert "Owner: Ops lead" in str(detail)


async def test_a_system_cut_by_a_narrow_table_is_whole_in_the_strip_under_it() -> None:
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "2")
        table = app.screen.query_one("#systems-table")
        assert table.max_scroll_x > 0 and table.show_horizontal_scrollbar  # a visible marker
        detail = str(app.screen.query_one("#system-detail").render())
        assert detail.startswith("Akeneo PIM")
        assert "API not recorded" in detail and "criticality not recorded" in detail
        await pilot.press("down")
        await settle(pilot)
        detail = str(app.screen.query_one("#system-detail").render())
        assert "Amazon Seller Central" in detail and "criticality 4 of 5" in detail


@pytest.mark.parametrize("size", SMALL, ids=str)
async def test_each_readiness_code_sits_whole_on_a_line(size: tuple[int, int]) -> None:
    """Beside the workshop panel at 80 columns the codes broke across lines
    ("FLOW-NO-ERROR-HANDL" / "ING4"); stacked, each code and its count share a line."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=size) as pilot:
        await goto(pilot, "1")
        await until(pilot, lambda: app.screen.readiness is not None)  # type: ignore[attr-defined]
        summary = app.screen.query_one("#overview-summary")
        lines = [strip.text for strip in summary.render_lines(summary.region.reset_offset)]
        readiness = app.screen.readiness  # type: ignore[attr-defined]
        for code in {found.finding.code for found in readiness.findings}:
            assert any(code in line for line in lines), (code, lines)


async def test_a_notice_does_not_cover_the_highlighted_row() -> None:
    """A saved edit's notice sits over the strip under the table, not over the row."""
    app = SeamworkApp(demo_workshop())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await goto(pilot, "2")
        table = app.screen.query_one("#systems-table")
        for _ in range(9):
            await pilot.press("down")  # the last row: the one nearest the notices
        await settle(pilot)
        app.notify("Saved “Xero”.")
        await until(pilot, lambda: bool(app.screen.query(Toast)))
        await settle(pilot)
        top = table.region.y + 1 + table.cursor_row - round(table.scroll_y)  # under the header
        row = Region(table.region.x, top, table.region.width, 1)
        assert table.region.contains_region(row)
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(row), (toast.region, row)
