"""A key never means two things silently (issue 13, part 5).

From every screen and with the focus on each of its focusable widgets in turn, each screen key
(1 … 6) shows its screen, or does the one other thing documented for where it was pressed,
visibly: a digit typed into a text box (a filter) appears in it. The score matrix scores only
in scoring mode (enter on a score), which it shows; test_tui_priorities covers that mode.
"""

from __future__ import annotations

import pytest
from pilot_support import SIZE, demo, settle
from textual.widgets import Input, TextArea

from tui.app import SCREEN_KEYS, SeamworkApp

MODES = list(SCREEN_KEYS)


def scores(app: SeamworkApp) -> object:
    """Every candidate's scores as the file holds them (a screen key must change none)."""
    from storage.queries.priorities import load_priorities

    assert app.workshop is not None
    with app.workshop.session() as session:
        return [(c.id, sorted(c.scores.items())) for c in load_priorities(session).candidates]


@pytest.mark.parametrize("mode", MODES)
async def test_every_screen_key_works_from_every_focus_position(tmp_path, mode):
    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.switch_mode(mode)
        await settle(pilot)
        count = len(app.screen.focus_chain)
        assert count, f"{mode}: nothing to focus"
        before = scores(app)
        for position in range(count):
            for target, (key, _) in SCREEN_KEYS.items():
                await app.switch_mode(mode)
                await settle(pilot)
                widget = app.screen.focus_chain[position]
                widget.focus()
                await settle(pilot, lambda w=widget: app.focused is w)  # type: ignore[misc]
                where = f"{mode}, focus on {widget!r}, key {key}"
                text = widget.value if isinstance(widget, Input) else None
                await pilot.press(key)
                await settle(pilot)
                if isinstance(widget, (Input, TextArea)):  # typed, and seen where it was typed
                    assert app.current_mode == mode, where
                    assert isinstance(widget, Input) and widget.value == f"{text}{key}", where
                else:
                    assert app.current_mode == target, where
                    assert not app.screen.is_modal, where
        assert scores(app) == before, "a screen key changed a score"


async def test_in_scoring_mode_a_digit_scores_visibly_and_escape_gives_the_keys_back(tmp_path):
    """The matrix's other meaning for 1–5, where it is pressed: only after enter, framed and
    titled "Scoring", the cell changes and a notice says so; escape, then 1 is the Overview."""
    from tui.screens.priorities import PrioritiesScreen

    app = SeamworkApp(demo(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot, lambda: isinstance(app.screen, PrioritiesScreen))
        screen = app.screen
        assert isinstance(screen, PrioritiesScreen)
        matrix = screen.matrix
        assert app.focused is matrix and not matrix.scoring
        candidate, criterion = matrix.candidate_id, matrix.criterion_id
        assert candidate is not None and criterion is not None
        old = matrix.rows_shown[candidate].scores.get(criterion)
        digit = "1" if old != 1 else "2"
        await pilot.press("enter")
        assert matrix.scoring and str(matrix.border_title).startswith("Scoring")
        assert "esc done" in str(screen.status.content)  # the key hints say so too
        await pilot.press(digit)
        await settle(pilot)
        assert app.current_mode == "priorities"
        assert matrix.rows_shown[candidate].scores.get(criterion) == int(digit)
        await pilot.press("escape")
        assert not matrix.scoring and matrix.border_title is None
        await pilot.press("1")
        await settle(pilot)
        assert app.current_mode == "overview"
