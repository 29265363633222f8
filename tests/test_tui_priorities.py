"""The Priorities screen (key 5) and "make candidate" on the Flows screen, driven through the
real app on real workshop files; every test reads the file again after the app has closed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_support import app_at, never_opens, notified, settle, type_text
from textual.pilot import Pilot
from textual.widgets import SelectionList
from workshop_templates import cached, new_demo

from models.scoring import SCORING_HELP
from tui.app import SeamworkApp
from tui.dialogs.candidate_form import CandidateForm
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.criterion_form import CriterionForm
from tui.dialogs.help import HelpScreen
from tui.dialogs.kpi_form import KpiForm
from tui.dialogs.kpi_list import KpiListDialog
from tui.dialogs.pick_name import PickNameDialog
from tui.dialogs.rationale import RationaleDialog
from tui.dialogs.suggest_candidates import SuggestCandidatesDialog
from tui.screens.flows import MARK, FlowsScreen
from tui.screens.priorities import CHART, ROADMAP, SCORES, PrioritiesScreen
from tui.widgets.ranking import bar
from tui.widgets.score_matrix import ScoreMatrix, criterion_codes
from tui.widgets.value_effort import ChartPoint, draw_chart
from tui.widgets.weights import WeightsList

SIZE = (120, 36)
OI, CRF, MER, ERR, DR, EC = range(6)  # the default criteria, in order

# name -> (phase, scores by default criterion (None: not scored), data object of its flows)
CANDIDATES: dict[str, tuple[int | None, list[int | None], str]] = {
    "Order to cash": (1, [5, 5, 4, 4, 3, 3], "Sales orders"),
    "Stock sync": (1, [4, 4, 3, 4, 4, 1], "Stock"),
    "Month-end close": (2, [3, 4, 2, 3, 2, 4], "Invoices"),
    "[bold]Customer master": (None, [2, 2, 3, 3, None, 2], "Customers"),
}


def workshop(tmp_path: Path, candidates: dict = CANDIDATES) -> Path:  # type: ignore[type-arg]
    """The demo's systems and flows with the default criteria and exactly `candidates` (any
    candidates and KPIs the demo brings are removed, so the tests cannot drift with it); built
    once per `candidates` and copied."""
    return cached(
        tmp_path / "acme.seamwork",
        lambda template: write_board(template, candidates),
        f"priorities board {candidates!r}",
    )


@pytest.fixture
def board_workshop(engine: str, workshop_at: Any, tmp_path: Path) -> str:
    """`workshop(tmp_path)` as a file, and on the server: the demo's copy made the board there."""
    if engine == "file":
        return str(workshop(tmp_path))
    where = str(workshop_at("acme", demo=True))
    fill_board(where, CANDIDATES)
    return where


def write_board(path: Path, candidates: dict) -> None:  # type: ignore[type-arg]
    new_demo(path)
    fill_board(path, candidates)


def fill_board(path: Path | str, candidates: dict) -> None:  # type: ignore[type-arg]
    from models.scoring import DEFAULT_CRITERIA
    from storage.queries import priorities as P
    from storage.queries.flows import list_flows
    from storage.workshop_file import open_workshop

    with open_workshop(path) as opened, opened.session() as session:
        P.ensure_default_criteria(session)
        board = P.load_priorities(session)
        for kpi in board.kpis:
            P.delete_kpi(session, kpi_id=kpi.id)
        for candidate in board.candidates:
            P.delete_candidate(session, candidate_id=candidate.id)
        defaults = {c.name: c for c in DEFAULT_CRITERIA}
        for criterion in board.criteria:
            if criterion.name not in defaults:
                P.delete_criterion(session, criterion_id=criterion.id)
            else:
                P.set_weight(
                    session,
                    criterion_id=criterion.id,
                    weight=int(defaults[criterion.name].weight),
                )
        P.set_scoring_method(session, method="weighted")
        criteria = P.list_criteria(session)
        assert [c.name for c in criteria] == [c.name for c in DEFAULT_CRITERIA]
        flows = list_flows(session)
        for name, (phase, scores, data_object) in candidates.items():
            ids = [f.id for f in flows if f.data_object == data_object]
            row = P.create_candidate(session, data={"name": name, "phase": phase}, flow_ids=ids)
            for criterion, value in zip(criteria, scores, strict=True):
                if value is not None:
                    P.set_score(
                        session, candidate_id=row.id, criterion_id=criterion.id, value=value
                    )


def board(path: Path):  # type: ignore[no-untyped-def]
    from storage.queries.priorities import load_priorities
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as opened, opened.session() as session:
        return load_priorities(session)


def scores_by_name(path: Path, candidate: str) -> dict[str, int]:
    data = board(path)
    names = {c.id: c.name for c in data.criteria}
    row = data.candidate(candidate)
    assert row is not None
    return {names[k]: v for k, v in row.scores.items()}


async def open_priorities(pilot: Pilot[None]) -> PrioritiesScreen:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PrioritiesScreen)
    return screen


async def open_flows(pilot: Pilot[None]) -> FlowsScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FlowsScreen)
    return screen


def criterion_names(path: Path) -> list[str]:
    return [c.name for c in board(path).criteria]


# --- widgets on plain data --------------------------------------------------------------------


def test_codes_are_short_and_unique():
    names = [
        "Operational impact",
        "Closeness to revenue, fulfilment or financial control",
        "Manual effort removed",
        "Error and risk reduction",
        "Dependency readiness",
        "Effort and complexity",
        "Operational integrity",
        "X",
    ]
    codes = criterion_codes(names)
    assert codes[:6] == ["OI", "CRF", "MER", "ERR", "DR", "EC"]
    assert codes[6] == "OI2"
    assert len(set(codes)) == len(codes)


def test_numbered_criteria_keep_their_numbers_in_their_codes():
    """Criteria told apart by a number ("Criterion 00" ... "Criterion 10") were coded C0, then
    C02 for "Criterion 01", and so on: the column headed C02 was not criterion 02."""
    names = [f"Criterion {n:02}" for n in range(11)] + ["Risk 1", "Risk 2"]
    assert criterion_codes(names) == [f"C{n:02}" for n in range(11)] + ["R1", "R2"]


def test_bars_fill_to_an_eighth_of_a_cell():
    assert bar(1.0, 10) == "█" * 10
    assert bar(0.0, 10) == " " * 10
    assert bar(0.5, 10) == "█████     "
    assert bar(0.55, 10).startswith("█████▌")


def test_the_chart_has_its_axes_quadrants_and_every_point():
    points = [
        ChartPoint(1, "1", "A", 90, 10, "quick-win"),
        ChartPoint(2, "2", "B", 90, 10, "quick-win"),  # the same spot: both still shown
        ChartPoint(3, "3", "C", 20, 90, "money-pit"),
        ChartPoint(4, "4", "D", 50, 100, "big-bet"),
    ]
    text = draw_chart(points, 60, 20).plain
    for label in ("QUICK WINS", "BIG BETS", "FILL-INS", "MONEY PITS", "Value", "Effort"):
        assert label in text
    for marker in "1234":
        assert marker in text.replace("100", "").replace("50", "").replace("0", "")
    lines = text.splitlines()
    assert len(lines) == 20
    row_of = {m: next(i for i, line in enumerate(lines) if f"{m}" in line[6:]) for m in "13"}
    assert row_of["1"] < row_of["3"]  # higher value is higher up


# --- the screen -------------------------------------------------------------------------------


async def test_typing_scores_with_digits_saves_them(board_workshop):
    path = board_workshop  # a file, and on the server
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        matrix = screen.matrix
        assert app.focused is matrix
        assert "incomplete — missing: Dependency readiness" in screen.ranking_text
        screen.select_candidate("[bold]Customer master")
        matrix.move_cursor(column=1 + OI, animate=False)
        await pilot.press("enter")  # scoring mode, shown on the matrix
        assert matrix.scoring and matrix.has_class("-scoring")
        assert str(matrix.border_title).startswith("Scoring")
        await pilot.press("4", "3")  # OI = 4, then the cursor moves on: CRF = 3
        await pilot.press("right", "right", "5")  # DR: the missing score
        await settle(pilot)
        assert app.screen is screen  # the digits scored; they did not switch screens
        assert "incomplete" not in screen.ranking_text
        assert screen.matrix.criterion_id == board(path).criteria[EC].id  # moved on
        await pilot.press("left", "0")  # clears DR again
        await settle(pilot)
        assert "incomplete — missing: Dependency readiness" in screen.ranking_text
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("escape", "1")  # scoring ends: 1 is the Overview again
        await settle(pilot)
        assert not matrix.scoring and app.current_mode == "overview"
    names = criterion_names(path)
    scores = scores_by_name(path, "[bold]Customer master")
    assert scores[names[OI]] == 4
    assert scores[names[CRF]] == 3
    assert scores[names[DR]] == 5
    assert scores[names[MER]] == 3  # untouched


async def test_tab_leaves_the_matrix_and_digits_switch_screens_again(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, WeightsList)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, FlowsScreen)
    assert scores_by_name(path, "Order to cash") == dict(
        zip(criterion_names(path), CANDIDATES["Order to cash"][1], strict=True)
    )
    assert screen is not None


async def test_changing_a_weight_reorders_the_ranking_at_once(board_workshop):
    path = board_workshop  # a file, and on the server
    app = app_at(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        before = screen.ranked_names()
        assert before[:2] == ["Order to cash", "Stock sync"]
        await pilot.press("tab")  # the weights panel
        weights = screen.weights
        assert weights.criterion_id == board(path).criteria[OI].id
        # Dependency readiness is where Stock sync beats Order to cash (4 against 3).
        await pilot.press("down", "down", "down", "down")
        assert weights.criterion_id == board(path).criteria[DR].id
        await pilot.press("plus", "plus", "plus")  # 2 -> 5
        for _ in range(4):  # then lower Operational impact, where Order to cash leads
            await pilot.press("up")
        await pilot.press("minus", "minus", "minus", "minus", "minus")  # 5 -> 0
        # Re-ranked in memory at once, whether or not the saves have finished.
        assert screen.ranked_names()[:2] == ["Stock sync", "Order to cash"]
        assert screen.ranking_text.index("Stock sync") < screen.ranking_text.index("Order to cash")
        await settle(pilot)
        assert screen.ranked_names()[:2] == ["Stock sync", "Order to cash"]
        assert [line.weight for line in weights.lines][OI] == 0
    weights_saved = {c.name: c.weight for c in board(path).criteria}
    names = criterion_names(path)
    assert weights_saved[names[DR]] == 5
    assert weights_saved[names[OI]] == 0
    ranked = [r.name for r in board(path).ranking()]
    assert ranked[:2] == ["Stock sync", "Order to cash"]


async def test_a_weight_is_drawn_once_and_a_change_from_elsewhere_still_reloads(tmp_path):
    """Issue 15: a weight saved here is drawn from the board at once and not loaded again
    (that redrew all 200 candidates' scores a second time); a change made on another screen
    meanwhile still reloads the board."""
    from storage.queries.priorities import create_candidate

    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        loads: list[int] = []
        real = screen._load

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            loads.append(1)
            return real(*args, **kwargs)

        screen._load = counted  # type: ignore[method-assign]
        await pilot.press("tab", "minus")
        await settle(pilot)
        assert loads == []
        assert [line.weight for line in screen.weights.lines][OI] == 4
        assert {c.name: c.weight for c in board(path).criteria}[criterion_names(path)[OI]] == 4
        assert screen.ranked_names() == [r.name for r in board(path).ranking()]

        workshop_file = app.workshop
        assert workshop_file is not None
        with workshop_file.session() as session:
            create_candidate(session, data={"name": "Added elsewhere"})
        app.workshop_changed("candidate")
        await settle(pilot, lambda: "Added elsewhere" in screen.ranked_names())
        assert loads == [1]


async def test_the_scoring_method_switches_to_wsjf_and_is_saved(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert "WSJF" in str(screen.query_one("#ranking-panel").border_title)
        expected = [r.name for r in board(path).ranking()]
        assert screen.ranked_names() == expected
    assert str(board(path).method) == "wsjf"


async def test_move_a_candidate_to_another_phase(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("v", "v")
        assert screen.view == ROADMAP
        screen.select_candidate("Month-end close")
        await pilot.press("right_square_bracket")  # phase 2 -> 3
        await settle(pilot)
        text = screen.roadmap.plain
        assert text.index("Phase 3") < text.index("Month-end close") < text.index("Unphased")
        screen.select_candidate("[bold]Customer master")
        await pilot.press("left_square_bracket")  # unphased -> the last phase in use (3)
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PickNameDialog)
        await type_text(pilot, "phase 1")
        await pilot.press("enter")
        await settle(pilot)
        assert "Unphased" not in screen.roadmap.plain
    phases = {c.name: c.phase for c in board(path).candidates}
    assert phases["Month-end close"] == 3
    assert phases["[bold]Customer master"] == 1
    assert phases["Order to cash"] == 1


async def test_create_a_candidate_from_marked_flows(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        flows = await open_flows(pilot)
        table = flows.flows_table
        first = flows.flows[table.selected_key].ref
        await pilot.press("space")  # marks and moves down
        second = flows.flows[table.selected_key].ref
        await pilot.press("space")
        assert len(flows.marked) == 2
        assert table.get_cell_at((0, 0)).plain.startswith(MARK)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, PickNameDialog)  # candidates exist: new or existing?
        await pilot.press("enter")  # "New candidate…" is highlighted first
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CandidateForm)
        assert len(form.flow_ids()) == 2
        await type_text(pilot, "Returns")
        await pilot.press("tab", "2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is flows
        assert not flows.marked
        assert not table.get_cell_at((0, 0)).plain.startswith(MARK)
        await pilot.press("5")
        await settle(pilot)
        assert "Returns" in app.screen.ranked_names()  # type: ignore[attr-defined]
    row = board(path).candidate("Returns")
    assert row is not None
    assert set(row.flows) == {first, second}
    assert row.phase == 2


async def test_marked_flows_join_an_existing_candidate(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        flows = await open_flows(pilot)
        await pilot.press("end")  # the last flow: probably in no candidate yet
        ref = flows.flows[flows.flows_table.selected_key].ref
        await pilot.press("space", "k")
        await settle(pilot)
        await type_text(pilot, "month-end")
        await pilot.press("enter")
        await settle(pilot)
        assert not flows.marked
    row = board(path).candidate("Month-end close")
    assert row is not None and ref in row.flows


async def test_add_edit_and_delete_a_candidate(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        await type_text(pilot, "Stock sync")  # taken: refused beside the name
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CandidateForm)
        error = app.screen.query_one("#field-name").error  # type: ignore[attr-defined]
        assert error
        await pilot.press("ctrl+u")
        await type_text(pilot, "Returns")
        await pilot.press("tab")
        await type_text(pilot, "x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#field-phase").error  # type: ignore[attr-defined]
        await pilot.press("ctrl+u", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert "Returns" not in screen.ranked_names()
        screen.select_candidate("Month-end close")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+u")
        await type_text(pilot, "Record to report")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Record to report" in screen.ranked_names()
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Record to report" in dialog.question.plain
        await pilot.press("y")
        await settle(pilot)
        assert "Record to report" not in screen.ranked_names()
    names = {c.name for c in board(path).candidates}
    assert "Record to report" not in names and "Month-end close" not in names
    assert "Returns" not in names


async def test_add_a_criterion_from_the_weights_panel(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("tab", "a")
        await settle(pilot)
        assert isinstance(app.screen, CriterionForm)
        await type_text(pilot, "Customer experience")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Nobody has scored it yet: every candidate is incomplete until they do.
        assert screen.ranked_names()
        assert all(r.rank is None for r in screen.ranked)
        assert len(screen.matrix.columns) == 8
        assert screen.weights.lines[screen.weights.cursor].name == "Customer experience"
    assert "Customer experience" in criterion_names(path)


async def test_names_that_look_like_markup_are_shown_literally(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        assert "[bold]Customer master" in screen.ranking_text
        matrix = screen.query_one(ScoreMatrix)
        cell = matrix.get_cell(str(board(path).candidate("[bold]Customer master").id), "name")
        assert cell.plain.startswith("[bold]Customer master")
        await pilot.press("v")
        assert screen.view == CHART
        await pilot.press("v")
        assert "[bold]Customer master" in screen.roadmap.plain
        await pilot.press("v")
        assert screen.view == SCORES


async def test_help_shows_the_scoring_formulas(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_priorities(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        extra = str(app.screen.query_one("#help-extra").render())
        assert "cost of delay" in extra.lower()
        assert " ".join(SCORING_HELP.split()) == " ".join(extra.split())


async def test_a_new_workshop_gets_the_default_criteria(make_workshop):
    path = make_workshop()
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        assert len(screen.weights.lines) == 6
        assert "once there are candidates" in screen.ranking_text
        assert screen.query_one("#matrix-empty").display
    assert len(criterion_names(path)) == 6


async def test_accept_a_suggested_candidate(tmp_path):
    few = {name: spec for name, spec in CANDIDATES.items() if name == "Stock sync"}
    path = workshop(tmp_path, few)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SuggestCandidatesDialog)
        names = [s.name for s in dialog.suggestions]
        assert "Order to cash" in names
        first = dialog.suggestions[0]
        await pilot.press("y")
        await settle(pilot)
        assert dialog.status[0] == "accepted"
        if len(names) > 1:
            await pilot.press("n")
            assert dialog.status.get(1) == "rejected"
        await pilot.press("escape")
        await settle(pilot)
        assert first.name in screen.ranked_names()
    row = board(path).candidate(first.name)
    assert row is not None and set(row.flows) == set(first.flows)
    if len(names) > 1:
        assert board(path).candidate(names[1]) is None


async def test_add_a_kpi_linked_to_a_candidate_and_see_it_on_the_roadmap(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, KpiListDialog)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, KpiForm)
        await type_text(pilot, "Order error rate")
        await pilot.press("tab")
        await type_text(pilot, "lots")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.query_one("#field-baseline").error  # type: ignore[attr-defined]
        await pilot.press("ctrl+u")
        await type_text(pilot, "4.5")
        await pilot.press("tab", "1", "tab", "%")
        candidates = form.query_one("#kpi-candidates", SelectionList)
        candidates.select(board(path).candidate("Order to cash").id)  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KpiListDialog)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("v", "v")
        assert "Order error rate: 4.5 → 1 %" in screen.roadmap.plain
    kpi = board(path).kpis[0]
    assert (kpi.name, kpi.baseline, kpi.target, kpi.unit) == ("Order error rate", 4.5, 1.0, "%")
    assert kpi.candidates == ("Order to cash",)


async def test_a_read_only_file_shows_the_scores_but_refuses_edits(tmp_path):
    from seamwork_files import digest, make_read_only

    path = workshop(tmp_path)
    make_read_only(path)
    before = digest(path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        assert "Order to cash" in screen.ranked_names()
        ranking = screen.ranking_text
        await pilot.press("enter", "1", "2")  # scoring in the matrix: refused, nothing changes
        await pilot.press("tab", "minus", "minus")
        await settle(pilot)
        assert screen.ranking_text == ranking
        assert [line.weight for line in screen.weights.lines][OI] == 5
        assert any("read-only" in str(n.message) for n in notified(app))
    assert digest(path) == before


async def test_the_overview_can_jump_to_a_candidate_before_the_screen_has_loaded(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await app.jump_to("candidate", "Month-end close")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrioritiesScreen)
        assert screen.selected == board(path).candidate("Month-end close").id  # type: ignore[union-attr]
        assert screen.matrix.candidate_id == screen.selected


async def test_record_why_a_score_was_given(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + MER, animate=False)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RationaleDialog)
        await type_text(pilot, "[red]30 orders a day re-keyed")
        await pilot.press("enter")
        await settle(pilot)
        assert "[red]30 orders a day re-keyed" in screen.detail_content().plain
    data = board(path)
    row = data.candidate("Order to cash")
    assert row is not None
    assert row.rationales[data.criteria[MER].id] == "[red]30 orders a day re-keyed"
    assert row.scores[data.criteria[MER].id] == 4  # the score stays


def test_every_priorities_binding_has_a_description_a_tooltip_and_an_id():
    from textual.binding import Binding

    from tui.widgets.roadmap import RoadmapView
    from tui.widgets.value_effort import ValueEffortChart

    classes = [
        PrioritiesScreen,
        ScoreMatrix,
        WeightsList,
        ValueEffortChart,
        RoadmapView,
        KpiListDialog,
        SuggestCandidatesDialog,
        RationaleDialog,
        CandidateForm,
    ]
    owners: dict[str, type] = {}
    for cls in classes:
        for binding in Binding.make_bindings(cls.BINDINGS):
            assert binding.description and binding.tooltip and binding.id, (cls, binding)
            if cls is not CandidateForm:  # the forms share form.save / form.cancel
                assert owners.setdefault(binding.id, cls) is cls, binding.id
    keys = {b.key for b in Binding.make_bindings(FlowsScreen.BINDINGS)}
    assert {"space", "k"} <= keys


def test_a_point_on_the_split_is_drawn_on_its_quadrants_side():
    """Effort or value exactly 50 counts as high (models.scoring.quadrant): the marker must sit
    right of the vertical divider and above the horizontal one, never on the other side."""
    points = [ChartPoint(7, "7", "Edge", 50, 50, "big-bet")]
    lines = draw_chart(points, 60, 20).plain.splitlines()
    divider_x = next(i for i, ch in enumerate(lines[5]) if ch == "┊")
    divider_y = next(i for i, line in enumerate(lines) if "┼" in line)
    row = next(i for i, line in enumerate(lines) if "7" in line[6:])
    assert row < divider_y
    assert lines[row].index("7", 6) > divider_x


async def test_the_palette_makes_a_candidate_from_marked_flows(tmp_path):
    from tui.commands import palette_commands

    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.name: c for c in palette_commands(app)}
        for name in ("Make candidate from marked flows", "Suggest candidates", "KPIs", "Roadmap"):
            assert name in commands
        await app.run_action(commands["Roadmap"].action)
        await settle(pilot)
        assert isinstance(app.screen, PrioritiesScreen) and app.screen.view == ROADMAP
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("space")
        await app.run_action(commands["Make candidate from marked flows"].action)
        await settle(pilot)
        assert isinstance(app.screen, PickNameDialog)


async def test_delete_a_criterion_asks_naming_it_and_takes_its_scores(tmp_path):
    path = workshop(tmp_path)
    dr = board(path).criteria[DR]
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        assert "incomplete" in screen.ranking_text  # Customer master has no DR score
        await pilot.press("tab", *["down"] * DR, "d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dr.name in dialog.question.plain
        await pilot.press("n")
        await settle(pilot)
        assert len(screen.weights.lines) == 6
        await pilot.press("d", "y")
        await settle(pilot)
        assert len(screen.weights.lines) == 5
        assert "incomplete" not in screen.ranking_text  # nothing is missing any more
    assert dr.name not in criterion_names(path)


async def test_up_and_down_on_the_chart_pick_a_candidate(tmp_path):
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        await pilot.press("v")
        await settle(pilot)
        chart = screen.chart
        assert app.focused is chart
        plotted = [p.name for p in chart.points]
        assert plotted == [n for n in screen.ranked_names() if "Customer" not in n]
        await pilot.press("down")  # from the picked one (not plotted: incomplete) to the first
        assert screen.selected == board(path).candidate(plotted[0]).id  # type: ignore[union-attr]
        await pilot.press("down")
        assert screen.selected == board(path).candidate(plotted[1]).id  # type: ignore[union-attr]
        assert f"[{chart.points[1].marker}]" in chart.render().plain
        await pilot.press("v", "v")  # back on the scores: the matrix follows the pick
        assert screen.matrix.candidate_id == screen.selected


async def test_delete_a_kpi_from_the_list(tmp_path):
    from storage.queries.priorities import create_kpi
    from storage.workshop_file import open_workshop

    path = workshop(tmp_path)
    with open_workshop(path) as opened, opened.session() as session:
        create_kpi(session, data={"name": "Stock accuracy", "unit": "%", "baseline": 92})
        create_kpi(session, data={"name": "Dispatch time", "unit": "hours", "baseline": 30})
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_priorities(pilot)
        await pilot.press("k")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KpiListDialog)
        assert [k.name for k in dialog.kpis.values()] == ["Dispatch time", "Stock accuracy"]
        await pilot.press("d")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert "Dispatch time" in confirm.question.plain
        await pilot.press("y")
        await settle(pilot)
        assert [k.name for k in dialog.kpis.values()] == ["Stock accuracy"]
    assert [k.name for k in board(path).kpis] == ["Stock accuracy"]


async def test_a_digit_says_which_score_it_changed(tmp_path):
    # Someone reaching for "1" (Overview) while scoring scores instead: say so.
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + OI, animate=False)
        await pilot.press("enter", "1")
        await settle(pilot)
        notices = [n.message for n in notified(app)]
        assert len(notices) == 1
        assert notices[0].startswith("Order to cash · Operational impact: 5 → 1.")
        assert "Escape ends scoring; then 1–6 switch screens." in notices[0]


async def test_quitting_at_once_still_writes_the_score_just_typed(tmp_path):
    # The score is committed before it is shown: ctrl+q right after it finds it written.
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + OI, animate=False)
        await pilot.press("enter", "2")
        await pilot.press("ctrl+q")
    assert scores_by_name(path, "Order to cash")[criterion_names(path)[OI]] == 2


async def test_a_reload_keeps_the_cursor_where_a_key_just_moved_it(tmp_path):
    # Under load a reload's board can arrive after a key moved the matrix's cursor but before
    # the cursor's highlight reached the board view: drawing the older pick put the cursor back
    # a row, and the next digits scored the row already scored (a SIGTERM fault trial in CI).
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        matrix = screen.matrix
        screen.select_candidate("Order to cash")
        await settle(pilot)
        row = matrix.cursor_row
        matrix.move_cursor(row=row + 1, animate=False)  # the key's move, its highlight not told
        moved_to = matrix.candidate_id
        assert screen.board is not None
        screen.board_view.show(screen.board)  # the reload's board arrives now
        assert matrix.cursor_row == row + 1 and matrix.candidate_id == moved_to
        await settle(pilot)
        assert screen.board_view.selected == moved_to


def matrix_cells(matrix: ScoreMatrix) -> list[list[str]]:
    header = [str(column.label) for column in matrix.ordered_columns]
    dims = [bool(column.label.style or column.label.spans) for column in matrix.ordered_columns]
    rows = [[str(cell) for cell in matrix.get_row_at(i)] for i in range(matrix.row_count)]
    return [header, [str(d) for d in dims], *rows]


async def test_a_weight_to_and_from_0_redraws_its_column_as_a_whole_redraw_would(tmp_path):
    # Issue 15: the column is redrawn in place (not all rows again): its header greys, its
    # unscored cells read "–" not "·", the incomplete mark leaves a row missing only it.
    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        matrix = screen.matrix
        await pilot.press("tab", *["down"] * DR)
        assert screen.weights.criterion_id == board(path).criteria[DR].id
        await pilot.press(*["minus"] * 5)  # 2 -> 0
        await settle(pilot)
        drawn = matrix_cells(matrix)
        customer = next(r for r in drawn[2:] if "Customer master" in r[0])
        assert customer[0] == "[bold]Customer master" and customer[1 + DR].strip() == "–"
        assert drawn[1][1 + DR] == "True"  # the header greyed
        screen.board_view.show_matrix()  # the whole redraw: the same cells
        assert matrix_cells(matrix) == drawn
        await pilot.press("plus")  # 0 -> 1: counts again
        await settle(pilot)
        drawn = matrix_cells(matrix)
        customer = next(r for r in drawn[2:] if "Customer master" in r[0])
        assert customer[0].endswith(" ◌") and customer[1 + DR].strip() == "·"
        screen.board_view.show_matrix()
        assert matrix_cells(matrix) == drawn
    assert {c.name: c.weight for c in board(path).criteria}[criterion_names(path)[DR]] == 1


NeverOpens = never_opens()


async def test_the_board_shows_before_the_file_opens_and_a_score_then_waits(tmp_path):
    """Issue 15: the first visit shows the matrix, weights and ranking at once, read with
    the standard library; a score typed meanwhile waits for the file, then is saved."""
    path = workshop(tmp_path)
    app = NeverOpens(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        screen = app.screen
        assert isinstance(screen, PrioritiesScreen)
        await settle(pilot, lambda: screen.board is not None)
        assert app.workshop is None
        assert screen.ranked_names()[:2] == ["Order to cash", "Stock sync"]
        assert "Opening the workshop" in str(screen.status.render())
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + OI, animate=False)
        await pilot.press("enter", "2")  # scoring mode, then a score: both wait for the file
        await pilot.pause()
        assert scores_by_name(path, "Order to cash")[criterion_names(path)[OI]] == 5

        from storage.workshop_file import open_workshop

        app.workshop = open_workshop(path)
        app.workshop_changed("all")
        app.keys.release()  # what the open worker's success does
        await settle(
            pilot, lambda: scores_by_name(path, "Order to cash")[criterion_names(path)[OI]] == 2
        )
        assert "Opening the workshop" not in str(screen.status.render())


async def test_enter_then_a_digit_in_one_burst_scores_and_stays(tmp_path):
    """Enter and a digit read together (fast typing, a paste, keys held back): scoring mode
    begins with enter itself, so the digit scores rather than switching screens."""
    from textual import events

    path = workshop(tmp_path)
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_priorities(pilot)
        screen.select_candidate("Order to cash")
        screen.matrix.move_cursor(column=1 + OI, animate=False)
        await settle(pilot)
        app.post_message(events.Key("enter", None))
        app.post_message(events.Key("2", "2"))
        await settle(pilot)
        assert app.screen is screen and screen.matrix.scoring
    assert scores_by_name(path, "Order to cash")[criterion_names(path)[OI]] == 2
