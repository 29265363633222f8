"""The Priorities screen's panels, drawn from a `Board` (tui/priorities_board.py).

On the left one of three views (`show_view`): the score matrix over the ranked list, the
value × effort chart, or the phased roadmap. On the right, beside the first two, the weights
panel and, under it, the picked candidate with the criterion under the cursor explained (the
chart's legend beside the chart). A candidate picked in any view (`selected`) is the one the
others light. The view draws and picks; edits are the screen's: the score matrix and the
weights panel post their messages on to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Static

from models.phases import phase_label
from tui.widgets.content_lines import ContentLines
from tui.widgets.detail_text import DetailText
from tui.widgets.ranking import RankingLines, score_text
from tui.widgets.roadmap import RoadmapView, hours, known_hours, show_ref
from tui.widgets.score_matrix import ScoreMatrix
from tui.widgets.value_effort import ValueEffortChart, legend_content
from tui.widgets.weights import WeightsList
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from storage.queries.priorities import CandidateRow, CriterionRow
    from tui.priorities_board import Board

SCORES, CHART, ROADMAP = "scores", "chart", "roadmap"
VIEWS: tuple[str, ...] = (SCORES, CHART, ROADMAP)
VIEW_TITLES = {SCORES: "Scores", CHART: "Value × effort", ROADMAP: "Roadmap"}
METHOD_TITLES = {"weighted": "weighted score (0–100)", "wsjf": "WSJF (cost of delay ÷ job size)"}
SHOWN_FLOWS = 8  # the picked candidate's flows listed before "… and 3 more"


def candidate_detail(
    board: Board, candidate: CandidateRow, criterion: CriterionRow | None
) -> Content:
    """The picked candidate: phase, rank, score and stability, flows, hours and KPIs; and the
    criterion under the cursor with its weight, kind, description, score and rationale."""
    lines: list[Content] = [Content.styled(candidate.name, "bold")]
    ranked = board.ranked_as(candidate)
    facts = [phase_label(candidate.phase)]
    if ranked is not None and ranked.rank is not None and ranked.score is not None:
        facts.append(f"#{ranked.rank} · {score_text(ranked.score, board.method)}")
        facts.append("fragile" if ranked.fragile_on else "stable")
    elif ranked is not None:
        facts.append("incomplete")
    n = len(candidate.flows)
    facts.append(f"{n} flow{'' if n == 1 else 's'}")
    if candidate.hours_unknown:
        facts.append(known_hours(candidate.manual_hours, n, candidate.hours_unknown))
    elif candidate.manual_hours:
        facts.append(hours(candidate.manual_hours))
    lines.append(Content.styled(" · ".join(facts), "$text-muted"))
    if candidate.kpis:
        lines.append(Content.assemble(("KPIs: ", "bold"), ", ".join(candidate.kpis)))
    if criterion is not None:
        lines.append(Content(""))
        kind = "cost" if str(criterion.kind) == "cost" else "benefit"
        lines.append(
            Content.assemble(
                (board.codes.get(criterion.id, ""), "bold $text-accent"),
                " ",
                (criterion.name, "bold"),
            )
        )
        lines.append(Content.styled(f"weight {board.weight(criterion)} · {kind}", "$text-muted"))
        if criterion.description:
            lines.append(Content(criterion.description))
        score = candidate.scores.get(criterion.id)
        lines.append(
            Content.assemble(
                ("Score: ", "bold"),
                (str(score), "bold $text-accent")
                if score is not None
                else ("none yet", "italic $text-warning"),
            )
        )
        rationale = candidate.rationales.get(criterion.id)
        if rationale:
            lines.append(Content.styled(rationale, "italic"))
    if candidate.flows:
        lines.append(Content(""))
        lines.append(Content.styled("Flows", "bold"))
        lines += [Content(f"• {show_ref(ref)}") for ref in candidate.flows[:SHOWN_FLOWS]]
        if len(candidate.flows) > SHOWN_FLOWS:
            more = len(candidate.flows) - SHOWN_FLOWS
            lines.append(Content.styled(f"… and {more} more", "$text-muted"))
    return Content("\n").join(lines)


def next_view(view: str) -> str:
    """The view `v` shows after `view`."""
    return VIEWS[(VIEWS.index(view) + 1) % len(VIEWS)]


def view_tabs(view: str) -> Content:
    """The panels' title: the three views, the one shown lit, and the key that cycles them."""
    tabs = Content("  ").join(
        Content.styled(f" {VIEW_TITLES[v]} ", "bold reverse")
        if v == view
        else Content.styled(VIEW_TITLES[v], "not bold $text-muted")
        for v in VIEWS
    )
    return tabs + Content.styled("  (v)", "not bold $text-muted")


def _title(
    panel: Widget, title: Content | str | None = None, *, subtitle: str | None = None
) -> None:
    """Set `panel`'s border title and subtitle (those given) when they differ from what it
    shows: Textual redraws the whole panel on every set, changed or not."""
    if title is not None and panel.border_title != panel.render_str(title).markup:
        panel.border_title = title
    if subtitle is not None and panel.border_subtitle != panel.render_str(subtitle).markup:
        panel.border_subtitle = subtitle


class BoardView(Horizontal):
    """The three views and the side panels; `board` is None until the first load."""

    DEFAULT_CSS = """
    BoardView {
        height: 1fr;
        #priorities-left { width: 1fr; }
        #scores-view { height: 1fr; }
        #matrix-empty {
            height: 1fr;
            width: 1fr;
            content-align: center middle;
            color: $text-muted;
            text-style: italic;
        }
        #ranking { width: 1fr; height: 1fr; }
        #priorities-side { width: 46; }
    }
    """

    app = getters.app(WorkshopApp)
    matrix = getters.query_one("#score-matrix", ScoreMatrix)
    weights = getters.query_one("#weights", WeightsList)
    chart = getters.query_one("#value-effort", ValueEffortChart)
    roadmap = getters.query_one("#roadmap-view", RoadmapView)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.board: Board | None = None
        self.selected: int | None = None  # the picked candidate's id
        self.view = SCORES

    def compose(self) -> ComposeResult:
        with Vertical(id="priorities-left"):
            with Vertical(id="scores-view"):
                with Vertical(id="matrix-panel", classes="panel priorities-panel") as panel:
                    panel.border_title = "Score matrix"
                    yield ScoreMatrix(id="score-matrix")
                    yield Static("", id="matrix-empty", markup=False)
                with Vertical(id="ranking-panel", classes="panel priorities-panel"):
                    yield ContentLines(id="ranking")  # 200 candidates: only what shows is drawn
            with Vertical(id="chart-view", classes="panel priorities-panel") as chart:
                chart.border_title = "Value × effort"
                yield ValueEffortChart(id="value-effort")
            yield RoadmapView(id="roadmap-view", classes="panel priorities-panel")
        with Vertical(id="priorities-side"):
            with Vertical(id="weights-panel", classes="panel priorities-panel") as weights:
                weights.border_title = "Weights"
                weights.border_subtitle = "+ / - change"
                yield WeightsList(id="weights")
            with VerticalScroll(id="detail-panel", classes="panel priorities-panel"):
                yield DetailText("", id="priorities-detail")

    def on_mount(self) -> None:
        self.query_one("#chart-view").display = False
        self.roadmap.display = False
        self.query_one("#matrix-empty").display = False
        self.query_one("#ranking-panel").can_focus = False
        self.query_one("#detail-panel").can_focus = False
        self.show_titles()

    # Drawing ---------------------------------------------------------------------------------

    def show(self, board: Board, select: int | None = None, criterion: int | None = None) -> None:
        """Draw a board just loaded. Pick candidate `select`, else keep the pick if it is still
        there, else pick the first; highlight `criterion` in the weights panel if given."""
        self.board = board
        ids = [row.id for row in board.data.candidates]
        if select is None and self.view == SCORES and self.matrix.candidate_id in ids:
            # The matrix's cursor is the pick: a key may have moved it since its highlight
            # was told here. Drawing the older pick put the cursor back a row, and the next
            # digits scored a row already scored (a fault trial under load, SIGTERM).
            select = self.matrix.candidate_id
        if select is not None:
            self.selected = select
        elif self.selected not in ids:
            self.selected = ids[0] if ids else None
        self.show_matrix()
        self.weights.show(board.weight_lines(), select=criterion)
        self.redraw()
        self.roadmap.show(board.phases, board.ranks(), self.selected)

    def show_matrix(self) -> None:
        board = self.board
        if board is None:
            return
        rows = board.matrix_rows()
        matrix = self.matrix
        matrix.read_only = bool(self.app.read_only_reason)
        matrix.show(board.matrix_columns(), rows, (self.selected, None))
        empty = self.query_one("#matrix-empty", Static)
        empty.display = not rows
        empty.can_focus = not rows  # tab can leave the weights: a here adds a candidate
        matrix.display = bool(rows)
        if not rows:
            empty.update(
                "No candidates yet — press a to add one, g to have flows grouped into "
                "suggestions, or mark flows on the Flows screen (space) and press k there."
            )

    def show_column(self, criterion_id: int) -> None:
        """A criterion's weight went to or from 0: its column in the matrix follows."""
        board = self.board
        if board is not None:
            for column in board.matrix_columns():
                if column.id == criterion_id:
                    self.matrix.set_column(column)

    def show_weights(self) -> None:
        if self.board is not None:
            self.weights.show(self.board.weight_lines())

    def redraw(self) -> None:
        """Draw what the ranking moves: the ranked list, the chart, the detail, the titles."""
        self.show_ranking()
        self.show_chart()
        self.show_detail()
        self.show_titles()

    def ranking_lines(self, width: int, selected: int | None) -> RankingLines:
        board = self.board
        if board is None:
            return RankingLines([], "weighted", width, selected)
        lines = board.rank_lines()
        return RankingLines(lines, board.method, width, selected, weighted=board.weighted)

    def ranking_content(self, width: int, selected: int | None) -> Content:
        return Content("\n").join(list(self.ranking_lines(width, selected)))

    def show_ranking(self) -> None:
        panel = self.query_one("#ranking-panel")
        width = panel.content_region.width or max(40, self.app.size.width - 56)
        lines = self.ranking_lines(width, self.selected)
        self.query_one("#ranking", ContentLines).set_lines(lines, width)

    def show_chart(self) -> None:
        if self.view == CHART:
            points = self.board.chart_points()[0] if self.board is not None else []
            self.chart.show(points, self.selected)

    def show_detail(self) -> None:
        """Beside the matrix: the picked candidate and the criterion under the cursor; beside
        the chart: the legend."""
        detail = self.query_one("#priorities-detail", DetailText)
        panel = self.query_one("#detail-panel")
        width = panel.content_region.width or 40
        if self.view == CHART:
            _title(panel, "Legend")
            points, not_plotted = self.board.chart_points() if self.board is not None else ([], [])
            detail.update(legend_content(points, not_plotted, width, self.selected))
            return
        _title(panel, "Picked")
        detail.update(self.detail_content())  # laid out again only if its height changes

    def detail_content(self) -> Content:
        board = self.board
        candidate = board.candidate(self.selected) if board is not None else None
        if board is None or candidate is None:
            return Content.styled("Nothing picked.", "italic $text-muted")
        criterion_id = self.matrix.criterion_id if self.view == SCORES else None
        if self.screen.focused is self.weights:
            criterion_id = self.weights.criterion_id
        return candidate_detail(board, candidate, board.criterion(criterion_id))

    def show_titles(self) -> None:
        """The panels' titles and subtitles, each set only when it changes: setting one
        redraws its panel whole, and the matrix's redrew 200 candidates' cells on every
        weight pressed (~30 ms of each)."""
        tabs = view_tabs(self.view)
        method = self.board.method if self.board is not None else "weighted"
        matrix = self.query_one("#matrix-panel")
        chart = self.query_one("#chart-view")
        for panel in (matrix, chart, self.roadmap):
            _title(panel, tabs)
        _title(
            self.query_one("#ranking-panel"),
            Content.assemble(
                "Ranking · ", (METHOD_TITLES.get(method, method), "$text-accent"), "  (w)"
            ),
        )
        _title(chart, subtitle="numbers are ranks · value from benefits, effort from costs")
        board = self.board
        if board is not None:
            complete = sum(1 for r in board.ranked if r.rank is not None)
            total = len(board.ranked)
            _title(
                matrix,
                subtitle=(
                    f"{complete} of {total} scored · ◌ incomplete · enter to score"
                    if total
                    else "enter to score"
                ),
            )
            candidates = board.data.candidates
            phased = sum(1 for c in candidates if c.phase is not None)
            _title(
                self.roadmap,
                subtitle=f"{phased} of {len(candidates)} candidates phased · [ ] move · p pick",
            )

    def show_view(self, view: str) -> None:
        """Show one of the views and give it the focus."""
        self.view = view
        self.query_one("#scores-view").display = view == SCORES
        self.query_one("#chart-view").display = view == CHART
        self.roadmap.display = view == ROADMAP
        self.query_one("#priorities-side").display = view != ROADMAP
        if view == SCORES:
            if self.selected is not None:
                self.matrix.select_candidate(self.selected)
            self.matrix.focus()
        elif view == CHART:
            self.show_chart()
            self.chart.focus()
        else:
            board = self.board
            phases, ranks = (board.phases, board.ranks()) if board is not None else ((), {})
            self.roadmap.show(phases, ranks, self.selected)
            self.roadmap.focus()
        self.show_detail()
        self.show_titles()

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_ranking)

    # Picking ---------------------------------------------------------------------------------

    def pick(self, candidate_id: int | None) -> None:
        if candidate_id is None or candidate_id == self.selected:
            return
        self.selected = candidate_id
        self.show_ranking()
        self.show_detail()

    def select_candidate(self, candidate_id: int) -> None:
        """Pick a candidate and put every view's cursor on it."""
        self.pick(candidate_id)
        self.matrix.select_candidate(candidate_id)
        self.roadmap.select(candidate_id)

    @on(DataTable.CellHighlighted, "#score-matrix")
    def _cell_highlighted(self) -> None:
        candidate_id = self.matrix.candidate_id
        if candidate_id != self.selected:
            self.pick(candidate_id)
        else:
            self.show_detail()

    @on(ValueEffortChart.Selected)
    @on(RoadmapView.Selected)
    def _picked(self, event: ValueEffortChart.Selected | RoadmapView.Selected) -> None:
        self.pick(event.candidate_id)

    @on(WeightsList.Highlighted)
    @on(events.DescendantFocus)
    def _explain(self) -> None:
        """Another criterion highlighted, or the focus moved: the detail follows."""
        self.show_detail()
