"""The Priorities screen (key 5): score candidates, weigh criteria, see the ranking move live,
place candidates on a value-versus-effort chart and cut them into phases.

Three views, cycled with `v`:

- **Scores**: the score matrix (candidates × criteria, digits 1–5 score in place), the ranked
  list under it (bars, phase, stable / fragile), and beside both the weights panel (+ and -).
- **Chart**: the value-versus-effort 2×2 with the weights panel and a legend.
- **Roadmap**: phases ascending, unphased last, with their candidates, flows, manual hours
  removed and KPIs; `[` and `]` move the picked candidate a phase earlier or later.

Edits show at once: a score or a weight re-ranks in memory (`Priorities.ranking(weights)`,
models' pure rules) and is saved in a background worker, one save after another in the order
typed; when the saves are done the screen reloads from the file. Loads run in a worker too.
Nothing here builds SQL or imports storage at module level (the app must start light).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from models.scoring import SCORING_HELP, quadrant, value_effort
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.widgets.ranking import RankLine, phase_text, ranking_content, score_text
from tui.widgets.roadmap import RoadmapView, hours, show_ref
from tui.widgets.score_matrix import MatrixColumn, MatrixRow, ScoreMatrix, criterion_codes
from tui.widgets.value_effort import ChartPoint, ValueEffortChart, legend_content
from tui.widgets.weights import WeightLine, WeightsList

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.scoring import CriterionData, Ranked
    from storage.queries.priorities import CandidateRow, CriterionRow, PhaseRow, Priorities
    from storage.workshop_file import WorkshopFile
    from tui.app import SeamworkApp

SCORES, CHART, ROADMAP = "scores", "chart", "roadmap"
VIEWS: tuple[str, ...] = (SCORES, CHART, ROADMAP)
VIEW_TITLES = {SCORES: "Scores", CHART: "Value × effort", ROADMAP: "Roadmap"}
METHOD_TITLES = {"weighted": "weighted score (0–100)", "wsjf": "WSJF (cost of delay ÷ job size)"}
NEW_PHASE = "new phase"
UNPHASED = "Unphased"


@dataclass(frozen=True)
class PrioritiesPage:
    """One load: everything the three views show, read in one go."""

    generation: int
    data: Priorities
    phases: tuple[PhaseRow, ...]


def scores_going(scored: int) -> str:
    """What deleting a criterion takes with it, for the confirmation ("1 score … goes")."""
    if scored == 0:
        return "No candidate has a score on it yet."
    if scored == 1:
        return (
            "The 1 score given on it goes with it. To keep it but leave the criterion out of "
            "the ranking, set its weight to 0 instead."
        )
    return (
        f"The {scored} scores given on it go with it. To keep them but leave the criterion out "
        "of the ranking, set its weight to 0 instead."
    )


class PrioritiesScreen(Screen[None]):
    """Scoring, weights, ranking, the 2×2 and the roadmap (key 5)."""

    HELP_TITLE = "Priorities"
    HELP = (
        "Score each candidate integration 1 to 5 on each criterion, weigh the criteria, and "
        "watch the ranking move. In the score matrix the digits 1–5 score the cell under the "
        "cursor (and move on to the next criterion), 0 or backspace clears it, r records why; "
        "while the matrix "
        "has the focus the digits score instead of switching screens: tab moves the focus to "
        "the weights panel, where + and - (or left and right) change the highlighted "
        "criterion's weight and 1–6 switch screens again. a / e / d add, edit and delete "
        "candidates, or criteria when the weights panel has the focus. v cycles the views: "
        "scores, the value × effort chart, the phased roadmap. [ and ] move the picked "
        "candidate a phase earlier or later, p picks its phase. w switches between weighted "
        "scoring and WSJF; k lists the KPIs; g suggests candidates from the flows. A fragile "
        "candidate's rank changes when one weight moves 20%: the codes after it name those "
        "criteria. Every change is saved at once."
    )
    # The formulas, each paragraph on one line so the help box wraps it to its own width.
    HELP_EXTRA = "\n\n".join(
        " ".join(paragraph.split()) for paragraph in SCORING_HELP.strip().split("\n\n")
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "next_view",
            "View",
            tooltip="Cycle the views: scores, value × effort chart, roadmap",
            id="priorities.view",
        ),
        Binding(
            "a",
            "add",
            "Add",
            tooltip="Add a candidate (a criterion when the weights panel has the focus)",
            id="priorities.add",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            tooltip="Edit the picked candidate (or the highlighted criterion)",
            id="priorities.edit",
            show=False,
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            tooltip="Delete the picked candidate (or criterion); asks first",
            id="priorities.delete",
        ),
        Binding(
            "left_square_bracket",
            "phase(-1)",
            "Phase",
            key_display="[ ]",
            tooltip="Move the picked candidate a phase earlier",
            id="priorities.earlier",
        ),
        Binding(
            "right_square_bracket",
            "phase(1)",
            "Later",
            key_display="]",
            tooltip="Move the picked candidate a phase later",
            id="priorities.later",
            show=False,
        ),
        Binding(
            "p",
            "pick_phase",
            "Phase",
            tooltip="Pick the candidate's phase (or unphased) from a list",
            id="priorities.phase",
            show=False,
        ),
        Binding(
            "w",
            "toggle_method",
            "Method",
            tooltip="Switch between weighted scoring and WSJF",
            id="priorities.method",
        ),
        Binding(
            "r",
            "rationale",
            "Why",
            tooltip="Record why the room gave the score under the cursor",
            id="priorities.rationale",
            show=False,
        ),
        Binding("k", "kpis", "KPIs", tooltip="Add, edit and delete the KPIs", id="priorities.kpis"),
        Binding(
            "g",
            "suggest",
            "Suggest",
            tooltip="Suggest candidates: flows grouped into end-to-end processes",
            id="priorities.suggest",
        ),
    ]

    AUTO_FOCUS = "#score-matrix"

    view: reactive[str] = reactive(SCORES, init=False)

    def __init__(self) -> None:
        super().__init__(id="priorities-screen")
        self.data: Priorities | None = None
        self.phases: tuple[PhaseRow, ...] = ()
        self.overrides: dict[int, int] = {}  # criterion id -> weight typed, not yet reloaded
        self.ranked: list[Ranked] = []
        self.selected: int | None = None  # the picked candidate's id
        self.codes: dict[int, str] = {}  # criterion id -> column code
        self._seeded = False
        self._pick_when_loaded: str | None = None  # a candidate to pick once loaded
        self._criterion_to_select: int | None = None  # a criterion just saved
        self._edits = 0  # bumped by every local edit: loads begun before one are stale
        self._pending = 0  # saves queued or running
        self._queue: list[tuple[Callable[[Session], object], str]] = []
        self._queue_lock = threading.Lock()
        self._save_lock = threading.Lock()

    @property
    def seamwork(self) -> SeamworkApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="priorities-main"):
            with Vertical(id="priorities-left"):
                with Vertical(id="scores-view"):
                    with Vertical(id="matrix-panel", classes="panel priorities-panel") as panel:
                        panel.border_title = "Score matrix"
                        yield ScoreMatrix(id="score-matrix")
                        yield Static("", id="matrix-empty", markup=False)
                    with VerticalScroll(id="ranking-panel", classes="panel priorities-panel"):
                        yield Static("", id="ranking")
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
                    yield Static("", id="priorities-detail")
        yield Static("", id="priorities-status", classes="status-line")

    @property
    def matrix(self) -> ScoreMatrix:
        return self.query_one("#score-matrix", ScoreMatrix)

    @property
    def weights(self) -> WeightsList:
        return self.query_one("#weights", WeightsList)

    @property
    def chart(self) -> ValueEffortChart:
        return self.query_one("#value-effort", ValueEffortChart)

    @property
    def roadmap(self) -> RoadmapView:
        return self.query_one("#roadmap-view", RoadmapView)

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount, Footer())
        self.query_one("#chart-view").display = False
        self.roadmap.display = False
        self.query_one("#matrix-empty").display = False
        self.query_one("#ranking-panel").can_focus = False
        self.query_one("#detail-panel").can_focus = False
        self._show_titles()
        self._show_status()
        self.seamwork.before_quit.append(self.write_queued)
        if self.seamwork.workshop is not None:
            self.reload()

    def on_unmount(self) -> None:
        if self.write_queued in self.seamwork.before_quit:
            self.seamwork.before_quit.remove(self.write_queued)

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        if event.entity != "workshop":
            self.reload()

    def reload(self) -> None:
        workshop = self.seamwork.workshop
        if workshop is None:
            return
        seed = not self._seeded and not workshop.read_only_reason
        self._seeded = True
        self._load(workshop, self._edits, seed)

    @work(thread=True, exclusive=True, group="priorities", exit_on_error=False)
    def _load(self, workshop: WorkshopFile, generation: int, seed: bool) -> PrioritiesPage:
        from storage.queries.priorities import ensure_default_criteria, load_priorities, roadmap

        with workshop.session() as session:
            if seed:
                ensure_default_criteria(session)
            data = load_priorities(session)
            phases = tuple(roadmap(session, board=data))
        return PrioritiesPage(generation, data, phases)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "priorities-save" and event.state in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            self._saved(worker.result if event.state == WorkerState.SUCCESS else None)
            return
        if worker.group != "priorities" or event.state != WorkerState.SUCCESS:
            return
        page = worker.result
        assert isinstance(page, PrioritiesPage)
        if page.generation != self._edits or self._pending:
            return  # an edit was made since the load began: its save reloads again
        self._show_page(page)

    def _show_page(self, page: PrioritiesPage) -> None:
        self.data = page.data
        self.phases = page.phases
        self.overrides = {}
        names = [row.name for row in page.data.criteria]
        ids_ = [row.id for row in page.data.criteria]
        self.codes = dict(zip(ids_, criterion_codes(names), strict=True))
        ids = [row.id for row in page.data.candidates]
        wanted = page.data.candidate(self._pick_when_loaded) if self._pick_when_loaded else None
        self._pick_when_loaded = None
        if wanted is not None:
            self.selected = wanted.id
        elif self.selected not in ids:
            self.selected = ids[0] if ids else None
        self._show_matrix()
        self._show_weights()
        self.rerank()
        self.roadmap.show(self.phases, self._ranks(), self.selected)
        self._show_titles()
        self._show_status()
        self.refresh_bindings()

    # Showing ---------------------------------------------------------------------------------

    def _weight(self, criterion: CriterionRow) -> int:
        return self.overrides.get(criterion.id, criterion.weight)

    def _show_matrix(self) -> None:
        data = self.data
        if data is None:
            return
        columns = [
            MatrixColumn(c.id, self.codes[c.id], c.name, self._weight(c) > 0, str(c.kind) == "cost")
            for c in data.criteria
        ]
        rows = [MatrixRow(c.id, c.name, dict(c.scores), c.phase) for c in data.candidates]
        matrix = self.matrix
        matrix.read_only = bool(self.seamwork.read_only_reason)
        matrix.show(columns, rows, (self.selected, None))
        empty = self.query_one("#matrix-empty", Static)
        empty.display = not rows
        empty.can_focus = not rows  # tab can leave the weights: a here adds a candidate
        matrix.display = bool(rows)
        if not rows:
            empty.update(
                "No candidates yet — press a to add one, g to have flows grouped into "
                "suggestions, or mark flows on the Flows screen (space) and press k there."
            )

    def _show_weights(self) -> None:
        data = self.data
        if data is None:
            return
        lines = [
            WeightLine(c.id, self.codes[c.id], c.name, self._weight(c), str(c.kind) == "cost")
            for c in data.criteria
        ]
        self.weights.show(lines, select=self._criterion_to_select)
        self._criterion_to_select = None

    def criteria_data(self) -> list[CriterionData]:
        """The criteria as the rules see them, with the weights typed but not yet reloaded."""
        assert self.data is not None
        return self.data.criteria_data(self._weights())

    def _weights(self) -> dict[int, float]:
        assert self.data is not None
        return {c.id: float(self._weight(c)) for c in self.data.criteria}

    def rerank(self) -> None:
        """Rank again in memory (weights typed included) and redraw what depends on it."""
        data = self.data
        if data is None:
            return
        self.ranked = data.ranking(self._weights())
        self._show_ranking()
        self._show_chart()
        self._show_detail()
        self._show_titles()

    def _candidate(self, candidate_id: int | None) -> CandidateRow | None:
        if self.data is None or candidate_id is None:
            return None
        return next((c for c in self.data.candidates if c.id == candidate_id), None)

    def _by_name(self) -> dict[str, CandidateRow]:
        return {c.name: c for c in self.data.candidates} if self.data else {}

    def _code_of_name(self) -> dict[str, str]:
        if self.data is None:
            return {}
        return {c.name: self.codes.get(c.id, c.name) for c in self.data.criteria}

    def _ranks(self) -> dict[int, int | None]:
        by_name = self._by_name()
        return {by_name[r.name].id: r.rank for r in self.ranked if r.name in by_name}

    def rank_lines(self) -> list[RankLine]:
        by_name = self._by_name()
        codes = self._code_of_name()
        lines = []
        for r in self.ranked:
            candidate = by_name.get(r.name)
            if candidate is None:
                continue
            lines.append(
                RankLine(
                    candidate.id,
                    r.rank,
                    r.name,
                    r.score,
                    candidate.phase,
                    r.missing,
                    tuple(codes.get(name, name) for name in r.fragile_on),
                )
            )
        return lines

    def _method(self) -> str:
        return str(self.data.method) if self.data is not None else "weighted"

    def _show_ranking(self) -> None:
        panel = self.query_one("#ranking-panel")
        width = panel.content_region.width or max(40, self.app.size.width - 56)
        self.query_one("#ranking", Static).update(self._ranking_content(width, self.selected))

    def _ranking_content(self, width: int, selected: int | None) -> Content:
        weighted = self.data is None or any(c.weight > 0 for c in self.criteria_data())
        return ranking_content(
            self.rank_lines(), self._method(), width, selected, weighted=weighted
        )

    def chart_points(self) -> tuple[list[ChartPoint], list[str]]:
        """The complete candidates, numbered by rank, with their place on the 2×2."""
        if self.data is None:
            return [], []
        criteria = self.criteria_data()
        by_name = self._by_name()
        data_by_name = {c.name: c for c in self.data.candidates_data()}
        points: list[ChartPoint] = []
        not_plotted: list[str] = []
        for r in self.ranked:
            candidate, data = by_name.get(r.name), data_by_name.get(r.name)
            if candidate is None or data is None:
                continue
            place = value_effort(data.scores, criteria)
            if place is None or r.rank is None:
                not_plotted.append(r.name)
                continue
            value, effort = place
            points.append(
                ChartPoint(
                    candidate.id, str(r.rank), r.name, value, effort, str(quadrant(value, effort))
                )
            )
        return points, not_plotted

    def _show_chart(self) -> None:
        if self.view != CHART:
            return
        points, _ = self.chart_points()
        self.chart.show(points, self.selected)

    def _show_detail(self) -> None:
        """Beside the matrix: the picked candidate and the criterion under the cursor; beside
        the chart: the legend."""
        detail = self.query_one("#priorities-detail", Static)
        panel = self.query_one("#detail-panel")
        width = panel.content_region.width or 40
        if self.view == CHART:
            panel.border_title = "Legend"
            points, not_plotted = self.chart_points()
            detail.update(legend_content(points, not_plotted, width, self.selected))
            return
        panel.border_title = "Picked"
        detail.update(self.detail_content())

    def detail_content(self) -> Content:
        candidate = self._candidate(self.selected)
        lines: list[Content] = []
        if candidate is None:
            return Content.styled("Nothing picked.", "italic $text-muted")
        ranked = next((r for r in self.ranked if r.name == candidate.name), None)
        lines.append(Content.styled(candidate.name, "bold"))
        facts = [phase_text(candidate.phase)]
        if ranked is not None and ranked.rank is not None and ranked.score is not None:
            facts.append(f"#{ranked.rank} · {score_text(ranked.score, self._method())}")
            facts.append("fragile" if ranked.fragile_on else "stable")
        elif ranked is not None:
            facts.append("incomplete")
        n = len(candidate.flows)
        facts.append(f"{n} flow{'' if n == 1 else 's'}")
        if candidate.manual_hours:
            facts.append(hours(candidate.manual_hours))
        lines.append(Content.styled(" · ".join(facts), "$text-muted"))
        if candidate.kpis:
            lines.append(Content.assemble(("KPIs: ", "bold"), ", ".join(candidate.kpis)))
        criterion_id = self.matrix.criterion_id if self.view == SCORES else None
        if self.focused is self.weights:
            criterion_id = self.weights.criterion_id
        criterion = next(
            (c for c in (self.data.criteria if self.data else []) if c.id == criterion_id), None
        )
        if criterion is not None:
            lines.append(Content(""))
            kind = "cost" if str(criterion.kind) == "cost" else "benefit"
            lines.append(
                Content.assemble(
                    (self.codes.get(criterion.id, ""), "bold $text-accent"),
                    " ",
                    (criterion.name, "bold"),
                )
            )
            lines.append(
                Content.styled(f"weight {self._weight(criterion)} · {kind}", "$text-muted")
            )
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
            lines += [Content(f"• {show_ref(ref)}") for ref in candidate.flows[:8]]
            if len(candidate.flows) > 8:
                more = len(candidate.flows) - 8
                lines.append(Content.styled(f"… and {more} more", "$text-muted"))
        return Content("\n").join(lines)

    def _show_titles(self) -> None:
        tabs = Content("  ").join(
            Content.styled(f" {VIEW_TITLES[v]} ", "bold reverse")
            if v == self.view
            else Content.styled(VIEW_TITLES[v], "not bold $text-muted")
            for v in VIEWS
        )
        tabs = tabs + Content.styled("  (v)", "not bold $text-muted")
        method = METHOD_TITLES.get(self._method(), self._method())
        matrix = self.query_one("#matrix-panel")
        ranking = self.query_one("#ranking-panel")
        chart = self.query_one("#chart-view")
        matrix.border_title = tabs
        chart.border_title = tabs
        self.roadmap.border_title = tabs
        ranking.border_title = Content.assemble("Ranking · ", (method, "$text-accent"), "  (w)")
        chart.border_subtitle = "numbers are ranks · value from benefits, effort from costs"
        if self.data is not None:
            complete = sum(1 for r in self.ranked if r.rank is not None)
            total = len(self.ranked)
            matrix.border_subtitle = (
                f"{complete} of {total} scored · ◌ incomplete · 1–5 score · 0 clears"
                if total
                else "1–5 score · 0 clears"
            )
            phased = sum(1 for c in self.data.candidates if c.phase is not None)
            self.roadmap.border_subtitle = (
                f"{phased} of {len(self.data.candidates)} candidates phased · [ ] move · p pick"
            )

    def _show_status(self) -> None:
        parts: list[Content | str] = []
        if self.seamwork.workshop is None:
            parts.append("Opening the workshop…")
        elif self.data is None:
            parts.append("Loading…")
        else:
            if self.focused is self.matrix:
                keys = [("1–5", "score"), ("0", "clear"), ("r", "why"), ("tab", "weights")]
            elif self.focused is self.query_one("#matrix-empty"):
                keys = [("a", "add a candidate"), ("g", "suggest"), ("tab", "weights")]
            elif self.focused is self.weights:
                keys = [("+ -", "weight"), ("↑ ↓", "criterion"), ("a e d", "criteria")]
            else:
                keys = [("↑ ↓", "pick"), ("[ ]", "phase")]
            keys.append(("v", VIEW_TITLES[VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]]))
            parts.append(
                Content("  ").join(
                    Content.assemble((key, "bold $text"), " ", text) for key, text in keys
                )
            )
            if self._pending:
                parts.append(Content.styled("saving…", "italic"))
        reason = self.seamwork.read_only_reason
        if reason:
            parts.insert(0, Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        self.query_one("#priorities-status", Static).update(Content("  ·  ").join(parts))

    # Views -----------------------------------------------------------------------------------

    def action_next_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]

    def action_show_view(self, view: str) -> None:
        if view in VIEWS:
            self.view = view

    def watch_view(self, view: str) -> None:
        self.query_one("#scores-view").display = view == SCORES
        self.query_one("#chart-view").display = view == CHART
        self.roadmap.display = view == ROADMAP
        self.query_one("#priorities-side").display = view != ROADMAP
        if view == SCORES:
            if self.selected is not None:
                self.matrix.select_candidate(self.selected)
            self.matrix.focus()
        elif view == CHART:
            self._show_chart()
            self.chart.focus()
        else:
            self.roadmap.show(self.phases, self._ranks(), self.selected)
            self.roadmap.focus()
        self._show_detail()
        self._show_titles()
        self._show_status()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self._show_status()
        self._show_detail()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_ranking)

    # Picking ---------------------------------------------------------------------------------

    def _pick(self, candidate_id: int | None) -> None:
        if candidate_id is None or candidate_id == self.selected:
            return
        self.selected = candidate_id
        self._show_ranking()
        self._show_detail()

    @on(DataTable.CellHighlighted, "#score-matrix")
    def _cell_highlighted(self) -> None:
        candidate_id = self.matrix.candidate_id
        if candidate_id != self.selected:
            self._pick(candidate_id)
        else:
            self._show_detail()

    @on(DataTable.CellSelected, "#score-matrix")
    def _cell_chosen(self) -> None:
        self.action_edit()

    @on(ValueEffortChart.Selected)
    def _chart_picked(self, event: ValueEffortChart.Selected) -> None:
        self._pick(event.candidate_id)

    @on(RoadmapView.Selected)
    def _roadmap_picked(self, event: RoadmapView.Selected) -> None:
        self._pick(event.candidate_id)

    @on(WeightsList.Highlighted)
    def _criterion_highlighted(self) -> None:
        self._show_detail()

    # Saving ----------------------------------------------------------------------------------

    def _queue_save(self, save: Callable[[Session], object], entity: str) -> None:
        """Save in the background, after every save queued before it."""
        workshop = self.seamwork.workshop
        if workshop is None:
            return
        self._edits += 1
        self._pending += 1
        with self._queue_lock:
            self._queue.append((save, entity))
        self._run_saves(workshop)
        self._show_status()

    @work(thread=True, group="priorities-save", exit_on_error=False)
    def _run_saves(self, workshop: WorkshopFile) -> tuple[list[str], set[str]]:
        """Run the queued saves in order; one sentence per save the storage refused."""
        from storage.errors import NotFoundError, ReadOnlyError

        return self._write(workshop, (NotFoundError, ReadOnlyError, ValueError))

    def _write(
        self, workshop: WorkshopFile, refused: tuple[type[Exception], ...]
    ) -> tuple[list[str], set[str]]:
        """Write every queued save in order, after any save already being written."""
        errors: list[str] = []
        entities: set[str] = set()
        with self._save_lock:
            with self._queue_lock:
                saves, self._queue = self._queue, []
            for save, entity in saves:
                try:
                    with workshop.session() as session:
                        save(session)
                    entities.add(entity)
                except refused as exc:
                    errors.append(str(exc))
        return errors, entities

    def write_queued(self) -> None:
        """Write what is still queued now, on the way out: a score typed a moment before
        ctrl+q must not be lost with the worker that would have written it."""
        from storage.errors import NotFoundError, ReadOnlyError

        workshop = self.seamwork.workshop
        if workshop is not None:
            self._write(workshop, (NotFoundError, ReadOnlyError, ValueError))

    def _saved(self, result: tuple[list[str], set[str]] | None) -> None:
        self._pending -= 1
        if result is None:  # the worker failed: the app has said so; show the file's state
            self._edits += 1
            self.reload()
            return
        errors, entities = result
        for error in errors:
            self.notify(error, severity="error", markup=False)
        if self._pending == 0:
            self._show_status()
            for entity in sorted(entities) or ["candidate"]:
                self.seamwork.workshop_changed(entity)  # this screen reloads too

    def _editable(self, doing: str) -> WorkshopFile | None:
        return self.seamwork.editable_workshop(doing)

    # Scoring, weights, method -----------------------------------------------------------------

    @on(ScoreMatrix.Scored)
    def _scored(self, event: ScoreMatrix.Scored) -> None:
        if self.data is None or self._editable("score candidates") is None:
            return
        candidate_id, criterion_id, value = event.candidate_id, event.criterion_id, event.value
        candidates = []
        for row in self.data.candidates:
            if row.id == candidate_id:
                self._say_scored(row, criterion_id, value)
                scores = dict(row.scores)
                if value is None:
                    scores.pop(criterion_id, None)
                else:
                    scores[criterion_id] = value
                row = replace(row, scores=scores)
            candidates.append(row)
        self.data = replace(self.data, candidates=candidates)
        self.rerank()

        def save(session: Session) -> None:
            from storage.queries.priorities import set_score

            set_score(session, candidate_id=candidate_id, criterion_id=criterion_id, value=value)

        self._queue_save(save, "score")

    def _say_scored(self, row: CandidateRow, criterion_id: int, value: int | None) -> None:
        """Say what a digit changed: in the matrix the digits score, so someone reaching for
        a screen key sees at once that a score moved, and how to switch screens instead."""
        assert self.data is not None
        criterion = next((c.name for c in self.data.criteria if c.id == criterion_id), "")
        before = row.scores.get(criterion_id)
        said = "—" if value is None else str(value)
        was = "—" if before is None else str(before)
        self.app.clear_notifications()  # one notice, not a stack, when a row is typed
        self.notify(
            f"{row.name} · {criterion}: {was} → {said}.  Tab, then 1–6, switches screens.",
            title="Scored" if value is not None else "Score cleared",
            timeout=3,
            markup=False,
        )

    @on(WeightsList.Changed)
    def _weighed(self, event: WeightsList.Changed) -> None:
        if self.data is None or self._editable("change weights") is None:
            self._show_weights()
            return
        criterion_id, weight = event.criterion_id, event.weight
        row = next(c for c in self.data.criteria if c.id == criterion_id)
        counted = self._weight(row) > 0
        self.overrides[criterion_id] = weight
        if counted != (weight > 0):
            self._show_matrix()  # a weight of 0 greys its column and changes what is missing
        self.rerank()

        def save(session: Session) -> None:
            from storage.queries.priorities import set_weight

            set_weight(session, criterion_id=criterion_id, weight=weight)

        self._queue_save(save, "criterion")

    def action_toggle_method(self) -> None:
        if self.data is None or self._editable("change the scoring method") is None:
            return
        method = "wsjf" if self._method() == "weighted" else "weighted"
        from models.enums import ScoringMethod

        self.data = replace(self.data, method=ScoringMethod(method))
        self.rerank()
        self.notify(f"Ranking by {METHOD_TITLES[method]}.", markup=False)

        def save(session: Session) -> None:
            from storage.queries.priorities import set_scoring_method

            set_scoring_method(session, method=method)

        self._queue_save(save, "workshop_method")

    # Phases ----------------------------------------------------------------------------------

    def _phases_in_use(self) -> list[int]:
        if self.data is None:
            return []
        return sorted({c.phase for c in self.data.candidates if c.phase is not None})

    def action_phase(self, step: int) -> None:
        candidate = self._candidate(self.selected)
        if candidate is None or self._editable("move candidates") is None:
            return
        used = self._phases_in_use()
        last = max(used, default=0)
        phase = candidate.phase
        new: int | None
        if step < 0:  # earlier: unphased goes to the last phase in use
            new = (last or 1) if phase is None else phase - 1
        else:  # later: at most one phase past the last in use; unphased stays
            new = None if phase is None else min(phase + 1, last + 1)
        if (new is not None and new < 1) or new == phase:
            self.app.bell()
            return
        self._set_phase(candidate, new)

    def action_pick_phase(self) -> None:
        candidate = self._candidate(self.selected)
        if candidate is None or self._editable("move candidates") is None:
            return
        from tui.dialogs.pick_name import PickNameDialog

        used = self._phases_in_use()
        last = max(used, default=0)
        names = [f"Phase {n}" for n in range(1, last + 1)]
        names.append(f"Phase {last + 1} ({NEW_PHASE})")
        names.append(UNPHASED)
        current = phase_text(candidate.phase)

        def picked(name: str | None) -> None:
            if name is None:
                return
            new = None if name == UNPHASED else int(name.split()[1])
            if new != candidate.phase:
                self._set_phase(candidate, new)

        self.app.push_screen(
            PickNameDialog(
                "Phase of candidate",
                names,
                current=current,
                hint=f"Which phase is “{candidate.name}” delivered in?",
            ),
            picked,
        )

    def _set_phase(self, candidate: CandidateRow, phase: int | None) -> None:
        assert self.data is not None
        self.data = replace(
            self.data,
            candidates=[
                replace(c, phase=phase) if c.id == candidate.id else c for c in self.data.candidates
            ],
        )
        self.rerank()
        self.notify(f"“{candidate.name}” moved to {phase_text(phase).lower()}.", markup=False)
        candidate_id = candidate.id

        def save(session: Session) -> None:
            from storage.queries.priorities import set_phase

            set_phase(session, candidate_id=candidate_id, phase=phase)

        self._queue_save(save, "candidate")

    # Candidates and criteria -----------------------------------------------------------------

    def _on_criteria(self) -> bool:
        return self.focused is self.weights

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ("edit", "delete"):
            if self._on_criteria():
                return True if self.weights.criterion_id is not None else None
            return True if self._candidate(self.selected) is not None else None
        if action in ("phase", "pick_phase"):
            return True if self._candidate(self.selected) is not None else None
        return True

    def action_add(self) -> None:
        if self._on_criteria():
            self._criterion_form(None)
        else:
            self.open_candidate_form()

    def action_edit(self) -> None:
        if self._on_criteria():
            self._criterion_form(self.weights.criterion_id)
        elif self.selected is not None:
            self.open_candidate_form(self.selected)

    def action_delete(self) -> None:
        if self._on_criteria():
            self._delete_criterion()
        else:
            self._delete_candidate()

    def open_candidate_form(
        self, candidate_id: int | None = None, flow_ids: tuple[int, ...] = ()
    ) -> None:
        workshop = self._editable("add or edit candidates")
        if workshop is None:
            return
        from storage.errors import NotFoundError
        from tui.dialogs.candidate_form import CandidateForm

        try:
            form = CandidateForm(workshop, candidate_id=candidate_id, flow_ids=flow_ids)
        except NotFoundError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            self.reload()
            return

        def saved(result: tuple[int, str] | None) -> None:
            if result is None:
                return
            self.selected = result[0]
            verb = "Saved" if candidate_id is not None else "Added"
            self.notify(f"{verb} “{result[1]}”.", markup=False)
            self.seamwork.workshop_changed("candidate")

        self.app.push_screen(form, saved)

    def _delete_candidate(self) -> None:
        candidate = self._candidate(self.selected)
        if candidate is None:
            return
        workshop = self._editable("delete candidates")
        if workshop is None:
            return
        from tui.dialogs.confirm import ConfirmDialog, ask_then_delete

        n = len(candidate.scores)
        dialog = ConfirmDialog(
            "Delete candidate",
            Content.from_markup("Delete the candidate [b]$name[/b]?", name=candidate.name),
            detail=(
                f"Its {n} score{'' if n == 1 else 's'} and its links to flows and KPIs go with "
                "it; the flows and KPIs themselves stay."
            ),
        )

        def delete(session: Session) -> None:
            from storage.queries.priorities import delete_candidate

            delete_candidate(session, candidate_id=candidate.id)

        ask_then_delete(
            self,
            dialog,
            workshop,
            delete,
            f"Deleted “{candidate.name}”.",
            lambda: self.seamwork.workshop_changed("candidate"),
        )

    def _criterion_form(self, criterion_id: int | None) -> None:
        workshop = self._editable("add or edit criteria")
        if workshop is None:
            return
        from tui.dialogs.criterion_form import CriterionForm

        def saved(result: tuple[int, str] | None) -> None:
            if result is None:
                return
            verb = "Saved" if criterion_id is not None else "Added"
            self.notify(f"{verb} the criterion “{result[1]}”.", markup=False)
            self._criterion_to_select = result[0]
            self.seamwork.workshop_changed("criterion")

        self.app.push_screen(CriterionForm(workshop, criterion_id=criterion_id), saved)

    def _delete_criterion(self) -> None:
        criterion_id = self.weights.criterion_id
        criterion = next(
            (c for c in (self.data.criteria if self.data else []) if c.id == criterion_id), None
        )
        if criterion is None:
            return
        workshop = self._editable("delete criteria")
        if workshop is None:
            return
        from tui.dialogs.confirm import ConfirmDialog, ask_then_delete

        candidates = self.data.candidates if self.data else []
        scored = sum(1 for c in candidates if criterion.id in c.scores)
        dialog = ConfirmDialog(
            "Delete criterion",
            Content.from_markup("Delete the criterion [b]$name[/b]?", name=criterion.name),
            detail=scores_going(scored),
        )

        def delete(session: Session) -> None:
            from storage.queries.priorities import delete_criterion

            delete_criterion(session, criterion_id=criterion.id)

        ask_then_delete(
            self,
            dialog,
            workshop,
            delete,
            f"Deleted the criterion “{criterion.name}”.",
            lambda: self.seamwork.workshop_changed("criterion"),
        )

    # Rationales ------------------------------------------------------------------------------

    def action_rationale(self) -> None:
        candidate = self._candidate(self.matrix.candidate_id)
        criterion_id = self.matrix.criterion_id
        criterion = next(
            (c for c in (self.data.criteria if self.data else []) if c.id == criterion_id), None
        )
        if candidate is None or criterion is None or self.view != SCORES:
            return
        score = candidate.scores.get(criterion.id)
        if score is None:
            self.notify("Score it first (1–5), then say why.", markup=False)
            return
        if self._editable("record rationales") is None:
            return
        from tui.dialogs.rationale import RationaleDialog

        def typed(text: str | None) -> None:
            if text is None or self.data is None:
                return
            candidate_id, criterion_id = candidate.id, criterion.id
            rationales = {k: v for k, v in candidate.rationales.items() if k != criterion_id}
            if text:
                rationales[criterion_id] = text
            self.data = replace(
                self.data,
                candidates=[
                    replace(c, rationales=rationales) if c.id == candidate_id else c
                    for c in self.data.candidates
                ],
            )
            self._show_detail()

            def save(session: Session) -> None:
                from storage.queries.priorities import set_score

                set_score(
                    session,
                    candidate_id=candidate_id,
                    criterion_id=criterion_id,
                    value=score,
                    rationale=text,
                )

            self._queue_save(save, "score")

        self.app.push_screen(
            RationaleDialog(
                candidate.name, criterion.name, score, candidate.rationales.get(criterion.id, "")
            ),
            typed,
        )

    # KPIs and suggestions --------------------------------------------------------------------

    def action_kpis(self) -> None:
        if self.seamwork.workshop is None:
            return
        from tui.dialogs.kpi_list import KpiListDialog

        self.app.push_screen(KpiListDialog(self.seamwork.workshop))

    def action_suggest(self) -> None:
        workshop = self._editable("accept suggested candidates")
        if workshop is None:
            return
        from tui.dialogs.suggest_candidates import SuggestCandidatesDialog

        self.app.push_screen(SuggestCandidatesDialog(workshop))

    # For tests and the palette ------------------------------------------------------------------

    def action_add_candidate(self) -> None:
        self.open_candidate_form()

    def show_entity(self, kind: str, name: str) -> bool:
        """Pick the candidate called `name`, or show the KPIs with `name` highlighted (the
        Overview's enter on a finding). Before the first load, the candidate is picked when
        the load arrives."""
        if kind == "candidate" and self.data is None:
            self._pick_when_loaded = name
            return True
        if self.data is None:
            return False
        if kind == "candidate":
            if self.data.candidate(name) is None:
                self.notify(f"There is no candidate “{name}” any more.", markup=False)
                return False
            if self.view == CHART:
                self.view = SCORES
            self.select_candidate(name)
            return True
        if kind == "kpi" and self.seamwork.workshop is not None:
            from tui.dialogs.kpi_list import KpiListDialog

            self.app.push_screen(KpiListDialog(self.seamwork.workshop, select=name))
            return True
        return False

    @property
    def ranking_text(self) -> str:
        return self._ranking_content(100, None).plain

    def ranked_names(self) -> list[str]:
        return [r.name for r in self.ranked]

    def select_candidate(self, name: str) -> None:
        """Pick the candidate called `name` (the palette and tests use it)."""
        row = self.data.candidate(name) if self.data is not None else None
        if row is None:
            return
        self._pick(row.id)
        self.matrix.select_candidate(row.id)
        self.roadmap.select(row.id)
