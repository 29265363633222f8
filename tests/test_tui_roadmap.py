"""The roadmap view of the Priorities screen with the demo's long flow and KPI lines (they wrap
at 120 columns) and a very long candidate name, driven through the real app."""

from __future__ import annotations

from pathlib import Path

from pilot_support import settle
from rich.cells import cell_len
from test_tui_priorities import SIZE, open_priorities
from textual.widgets import Static
from workshop_templates import new_demo

from tui.app import SeamworkApp
from tui.screens.priorities import ROADMAP
from tui.widgets.roadmap import RoadmapView

LONG = ("[bold]x " + "a very long candidate name that goes on and on " * 3)[:110]


def demo_with_long_candidate(tmp_path: Path) -> Path:
    """The demo (phases 1-3 with long flow lists) plus an unphased candidate named `LONG`."""
    from storage.queries import priorities as P
    from storage.workshop_file import open_workshop

    path = tmp_path / "demo.seamwork"
    new_demo(path)
    with open_workshop(path) as opened, opened.session() as session:
        P.create_candidate(session, data={"name": LONG, "phase": None}, flow_ids=[])
    return path


def rendered_rows(roadmap: RoadmapView) -> list[str]:
    text = roadmap.query_one("#roadmap-text", Static)
    return [text.render_line(y).text for y in range(text.size.height)]


async def test_the_picked_candidate_scrolls_into_view_below_wrapped_lines(tmp_path):
    """Down to the last candidate: its line is on screen, although the flow and KPI lines above
    it take two or three rows each at this width."""
    app = SeamworkApp(demo_with_long_candidate(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        assert screen.view == ROADMAP
        roadmap = screen.roadmap
        for _ in range(len(roadmap.text.order)):
            await pilot.press("down")
        await settle(pilot)
        assert roadmap.selected == roadmap.text.order[-1]
        rows = rendered_rows(roadmap)
        picked = next(y for y, row in enumerate(rows) if "▸" in row)
        top = round(roadmap.scroll_y)
        assert top <= picked < top + roadmap.scrollable_content_region.height, (picked, top)


async def test_a_very_long_name_stays_on_one_line_and_leaves_the_others_alone(tmp_path):
    """The unphased group holds Returns and a 110-character name: each candidate is one row,
    the long name cut with "…", and Returns' rank and hours sit on its own row."""
    app = SeamworkApp(demo_with_long_candidate(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("v", "v")
        await settle(pilot)
        rows = rendered_rows(screen.roadmap)
        returns = next(row for row in rows if "Returns" in row)
        assert "#" in returns and "h/week" in returns
        long_row = next(row for row in rows if "[bold]x a very long" in row)
        assert "…" in long_row and "h/week" in long_row
        width = screen.roadmap.scrollable_content_region.width
        assert all(cell_len(row.rstrip()) <= width for row in rows)
