"""Edge cases of the Priorities screen met in use: an empty workshop, driven through the real
app on real files."""

from __future__ import annotations

from pilot_support import settle, type_text
from test_tui_priorities import SIZE, board, open_priorities
from workshop_templates import new_demo, new_workshop

from tui.app import SeamworkApp
from tui.dialogs.candidate_form import CandidateForm


async def test_tab_leaves_the_weights_so_a_adds_the_first_candidate(tmp_path):
    """No candidates yet: after tab to the weights, tab goes back to the (empty) matrix side,
    where a adds a candidate rather than another criterion."""
    app = SeamworkApp(new_workshop(tmp_path / "new.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert screen.focused is screen.weights
        await pilot.press("tab")
        await settle(pilot)
        assert screen.focused is not screen.weights
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        await type_text(pilot, "Order to cash")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.focused is screen.matrix  # enter, then digits score the new candidate
        await pilot.press("enter", "4")
        await settle(pilot)
    row = board(tmp_path / "new.seamwork").candidate("Order to cash")
    assert row is not None and list(row.scores.values()) == [4]


def test_deleting_a_criterion_says_what_goes_in_good_english():
    from tui.screens.priorities import scores_going

    assert scores_going(0) == "No candidate has a score on it yet."
    assert scores_going(1).startswith("The 1 score given on it goes with it.")
    assert scores_going(6).startswith("The 6 scores given on it go with it.")


def test_criterion_codes_are_made_of_letters_even_when_names_hold_brackets():
    """The matrix header and weights panel show codes; "[B[" for a name typed with brackets
    reads as garbage, "BO" (its words' first letters) does not."""
    from tui.widgets.score_matrix import criterion_codes

    codes = criterion_codes(["[bold]Ops impact", "(Revenue) closeness", "— / —", "Cost"])
    assert codes == ["BI", "RC", "?", "Co"]


async def test_help_lists_the_keys_of_the_matrix_and_the_weights(tmp_path):
    """The digits, 0, + and - are keys of the screen's widgets, not of the screen: the help's
    key table still lists them (arrow keys are left out as noise)."""
    from tui.dialogs.help import HelpScreen

    app = SeamworkApp(new_workshop(tmp_path / "new.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        await open_priorities(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-screen-keys").render().plain  # type: ignore[union-attr]
        lines = {line.split()[0]: line for line in keys.splitlines()}
        assert "Score" in lines["1"] and "2 3 4 5" in lines["1"]
        assert "Clear" in lines["0"]
        assert "Weight +" in lines["+"] and "Weight −" in lines["-"]
        assert "up" not in lines and "↑" not in lines


async def test_candidate_names_stay_when_the_matrix_scrolls_to_the_last_criterion(tmp_path):
    """Fourteen criteria do not fit beside the names: end scrolls to the last one, and every
    row still says which candidate it scores."""
    from storage.queries import priorities as P
    from storage.workshop_file import open_workshop

    path = new_demo(tmp_path / "demo.seamwork")
    with open_workshop(path) as opened, opened.session() as session:
        for i in range(8):
            P.create_criterion(
                session, data={"name": f"Extra criterion {i}", "weight": 2, "kind": "benefit"}
            )
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        matrix = screen.matrix
        assert screen.focused is matrix
        await pilot.press("end")
        await settle(pilot)
        assert matrix.scroll_x > 0
        rows = [matrix.render_line(y).text for y in range(1, 1 + matrix.row_count)]
        names = [row.name for row in board(path).candidates]
        for row, name in zip(rows, sorted(names), strict=True):
            assert name[:15] in row, (name, row)


async def test_make_candidate_from_one_flow_says_it_not_them(tmp_path):
    """k with nothing marked takes the highlighted flow: the hint is singular."""
    from tui.dialogs.pick_name import PickNameDialog
    from tui.screens.flows import FlowsScreen

    app = SeamworkApp(new_demo(tmp_path / "demo.seamwork"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FlowsScreen)
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PickNameDialog)
        assert dialog.hint == "A new candidate of this flow, or add it to an existing one."


async def test_with_no_weight_left_the_ranking_says_why_all_score_zero(tmp_path):
    path = new_demo(tmp_path / "demo.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("tab")
        for criterion in range(len(board(path).criteria)):
            if criterion:
                await pilot.press("down")
            await pilot.press(*["minus"] * 5)
        await settle(pilot)
        assert "No criterion has a weight yet, so every score is 0" in screen.ranking_text
        await pilot.press("plus")
        await settle(pilot)
        assert "No criterion has a weight yet" not in screen.ranking_text


async def test_a_score_the_file_refuses_is_never_drawn(tmp_path):
    """The candidate went from the file behind the screen's back: the digit says why in one
    sentence, no "Scored" notice comes, the cell keeps what the file held, and the board
    reads the file again (the row goes)."""
    from pilot_support import notified
    from test_tui_priorities import OI, workshop

    from storage.queries.priorities import delete_candidate

    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + OI, animate=False)
        candidate, criterion = screen.matrix.candidate_id, screen.matrix.criterion_id
        shown = screen.matrix.rows_shown[candidate].scores[criterion]
        assert app.workshop is not None
        with app.workshop.session() as session:
            delete_candidate(session, candidate_id=candidate)
        await pilot.press("enter", "1" if shown != 1 else "2")
        row = screen.matrix.rows_shown.get(candidate)  # gone already if the reload was quick
        assert row is None or row.scores[criterion] == shown
        await settle(pilot, lambda: candidate not in screen.matrix.rows_shown)
        notices = notified(app)
        assert [n.severity for n in notices] == ["error"]
        assert "Scored" not in {n.title for n in notices}
