"""The Priorities screen (key 5): score candidates, weigh criteria, see the ranking move live,
place candidates on a value-versus-effort chart and cut them into phases.

Three views, cycled with `v` (drawn by `BoardView`, tui/widgets/board_view.py):

- **Scores**: the score matrix (candidates × criteria; enter starts scoring mode, where the
  digits 1–5 score in place), the ranked list under it (bars, phase, stable / fragile), and
  beside both the weights panel (+ and -).
- **Chart**: the value-versus-effort 2×2 with the weights panel and a legend.
- **Roadmap**: phases ascending, unphased last, with their candidates, flows, manual hours
  removed and KPIs; `[` and `]` move the picked candidate a phase earlier or later
  (models/phases.py decides where to).

Nothing is shown before it is in the file: a score or a weight changes the `Board` in memory
(tui/priorities_board.py, models' pure rules) and the save it returns is committed at once, on
the UI thread, before the cell, the weight, the ranking or the notice change (issue 12: a score
shown, then written by a background thread, was lost to a kill 40 ms later). A commit takes a
few milliseconds (scripts/bench_score.py); keys pressed meanwhile wait in the app's queue, so
none is refused. Loads run in a worker. The dialogs for candidates and criteria are
tui/priorities_edits.py's. Nothing here builds SQL or imports storage at module level (the app
must start light).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Header
from textual.worker import Worker

from models.phases import phase_label, step_phase
from models.scoring import SCORING_HELP
from tui import priorities_edits as edits
from tui.concerns import Concern
from tui.messages import WorkshopChanged, WorkshopEdited, WorkshopLoaded
from tui.priorities_board import Board, Edit, Kept
from tui.priorities_edits import scores_going as scores_going  # where it was, for callers
from tui.screens.panel_screen import PanelScreen
from tui.widgets.board_view import (
    CHART,
    METHOD_TITLES,
    ROADMAP,
    SCORES,
    VIEW_TITLES,
    VIEWS,
    BoardView,
    next_view,
)
from tui.widgets.roadmap import RoadmapView
from tui.widgets.score_matrix import ScoreMatrix
from tui.widgets.status_line import StatusLine, key_hints
from tui.widgets.value_effort import ValueEffortChart
from tui.widgets.weights import WeightsList
from tui.worker_results import worker_result
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from textual.timer import Timer

    from models.scoring import Ranked
    from storage.queries.priorities import CandidateRow, PhaseRow, Priorities
    from storage.workshop_file import WorkshopFile

__all__ = ["CHART", "ROADMAP", "SCORES", "PrioritiesScreen", "scores_going"]

RANK_DELAY = 0.03  # seconds from a score drawn to the ranking and notice it changes


PEEKED = -1  # the generation of a board read before the file opened (`_peek`)


@dataclass(frozen=True)
class PrioritiesPage:
    """One load: everything the three views show, read in one go."""

    generation: int
    data: Priorities
    phases: tuple[PhaseRow, ...]


NAME = "priorities"  # the app's name for the screen (its mode)


def read_board(workshop: WorkshopFile, generation: int, seed: bool) -> PrioritiesPage:
    """Everything the board shows (in a thread); `seed`: give a workshop without criteria
    the default ones first."""
    from storage.queries.priorities import ensure_default_criteria, load_priorities, roadmap

    with workshop.session() as session:
        if seed:
            ensure_default_criteria(session)
        data = load_priorities(session)
        phases = tuple(roadmap(session, board=data))
    return PrioritiesPage(generation, data, phases)


def first_page(workshop: WorkshopFile) -> PrioritiesPage | None:
    """The board the screen opens on, read ahead (`tui.read_ahead`) without writing: None
    when the screen's first load would give the workshop its default criteria."""
    from storage.queries.priorities import needs_default_criteria

    with workshop.session() as session:
        if needs_default_criteria(session):
            return None
    return read_board(workshop, 0, seed=False)


class PrioritiesScreen(PanelScreen):
    """Scoring, weights, ranking, the 2×2 and the roadmap (key 5)."""

    SHOWN_BEFORE_OPEN = True  # from the standard library's read (storage.peek)
    # Sized as it mounts, its score table kept an empty scrollbar row at 100x30.
    SIZED_BEFORE_MOUNT = False

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Priorities"
    HELP = (
        "Score each candidate integration 1 to 5 on each criterion, weigh the criteria, and "
        "watch the ranking move. In the score matrix, enter on a score starts scoring mode "
        "(the matrix is framed and titled Scoring): the digits 1–5 then score the cell under "
        "the cursor (and move on to the next criterion), 0 or backspace clears it, r records "
        "why, and escape or enter ends it. Outside scoring mode 1–6 switch screens here as "
        "everywhere. tab moves the focus to the weights panel, where + and - (or left and "
        "right) change the highlighted criterion's weight. a / e / d add, edit and delete "
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

    board_view = getters.query_one(BoardView)
    matrix = getters.query_one("#score-matrix", ScoreMatrix)
    weights = getters.query_one("#weights", WeightsList)
    chart = getters.query_one("#value-effort", ValueEffortChart)
    roadmap = getters.query_one("#roadmap-view", RoadmapView)
    status = getters.query_one("#priorities-status", StatusLine)

    def __init__(self) -> None:
        super().__init__(id="priorities-screen")
        self.board: Board | None = None  # None until the first load
        self._seeded = False
        self._pick_when_loaded: str | None = None  # a candidate to pick once loaded
        self._criterion_to_select: int | None = None  # a criterion just saved
        self._edits = 0  # bumped by every local edit: loads begun before one are stale
        self._load_pending = False  # a load is under way (its page may be dropped as stale)
        # Entities whose next change is a weight saved here (`_weighed`): no reload needed.
        self._own_changes: dict[str, int] = {}
        self._soon: Timer | None = None  # `_rank_soon`'s
        self._soon_entities: set[str] = set()
        self._soon_notice: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield BoardView(id="priorities-main")
        yield StatusLine(id="priorities-status")

    def on_mount(self) -> None:
        self.matrix.save = self._score
        self.mount_key_bar_soon()  # a key pressed as the rows show comes first
        self._show_status()
        ahead = self.app.ahead.take(NAME)
        if isinstance(ahead, PrioritiesPage):
            self._seeded = True  # it has criteria (or is read-only): nothing to seed
            self._show_page(ahead)  # in the first frame, read from the open file
        elif self.app.workshop is not None:
            self.reload()
        elif self.app.peek_path is not None:
            self._peek(self.app.peek_path)

    # What the board shows (tests and the palette read these) --------------------------------

    @property
    def data(self) -> Priorities | None:
        return self.board.data if self.board is not None else None

    @property
    def ranked(self) -> list[Ranked]:
        return self.board.ranked if self.board is not None else []

    @property
    def selected(self) -> int | None:
        """The picked candidate's id."""
        return self.board_view.selected

    @property
    def ranking_text(self) -> str:
        return self.board_view.ranking_content(100, None).plain

    def ranked_names(self) -> list[str]:
        return [r.name for r in self.ranked]

    def detail_content(self) -> Content:
        return self.board_view.detail_content()

    def rerank(self) -> None:
        """Rank again in memory (weights typed included) and redraw what depends on it."""
        if self.board is not None:
            self.board.rerank()
            self.board_view.redraw()

    def _candidate(self, candidate_id: int | None) -> CandidateRow | None:
        return self.board.candidate(candidate_id) if self.board is not None else None

    def capture_concern(self) -> Concern | None:
        """The picked candidate, for a minute captured here."""
        found = self._candidate(self.selected)
        return ("candidate", found.id, found.name) if found is not None else None

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, event: WorkshopChanged) -> None:
        # The board shows no minutes: a decision captured here must not reload it.
        if event.entity in ("workshop", "session"):
            return
        if self._own_changes.get(event.entity, 0) and not self._load_pending:
            # A weight changed here: the board holds what was saved and is drawn already;
            # loading it again redrew all 200 candidates' scores a second time for nothing.
            self._own_changes[event.entity] -= 1
            return
        self._own_changes.clear()
        self.reload()

    def reload(self) -> None:
        workshop = self.app.workshop
        if workshop is None:
            return
        seed = not self._seeded and not workshop.read_only_reason
        self._seeded = True
        self._load_pending = True
        self._load(workshop, self._edits, seed)

    @work(thread=True, exclusive=True, group="priorities", exit_on_error=False)
    def _load(self, workshop: WorkshopFile, generation: int, seed: bool) -> PrioritiesPage:
        return read_board(workshop, generation, seed)

    @work(thread=True, exclusive=True, group="priorities-peek", exit_on_error=False)
    def _peek(self, path: Path) -> PrioritiesPage | None:
        """The board read with the standard library while the file opens (`storage.peek`):
        shown at once, the keys that edit it waiting for the file."""
        from storage.peek import peek_priorities

        peeked = peek_priorities(path)
        if peeked is None:
            return None
        return PrioritiesPage(PEEKED, peeked[0], tuple(peeked[1]))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "priorities-peek":
            peeked = worker_result(self.app, event, PrioritiesPage)
            if peeked is not None and self.board is None and self.app.workshop is None:
                self._show_page(peeked)  # until the file is open: its load then shows the same
            return
        page = worker_result(self.app, event, PrioritiesPage)  # failures go to the app
        # A load begun before an edit is stale: the edit told the app, which reloads again.
        if page is not None and page.generation == self._edits:
            self._load_pending = False
            self._show_page(page)

    def _show_page(self, page: PrioritiesPage) -> None:
        self.board = Board(page.data, page.phases)
        wanted = page.data.candidate(self._pick_when_loaded) if self._pick_when_loaded else None
        self._pick_when_loaded = None
        select = wanted.id if wanted is not None else None
        self.board_view.show(self.board, select, self._criterion_to_select)
        self._criterion_to_select = None
        self._show_status()
        self.refresh_bindings()

    def _show_status(self) -> None:
        parts: list[Content | str] = []
        if self.app.workshop is None:
            parts.append("Opening the workshop…")
        elif self.board is None:
            parts.append("Loading…")
        else:
            if self.focused is self.matrix and self.matrix.scoring:
                keys = [("1–5", "score"), ("0", "clear"), ("r", "why"), ("esc", "done")]
            elif self.focused is self.matrix:
                keys = [("enter", "score"), ("e", "edit"), ("1–6", "screens"), ("tab", "weights")]
            elif self.focused is self.query_one("#matrix-empty"):
                keys = [("a", "add a candidate"), ("g", "suggest"), ("tab", "weights")]
            elif self.focused is self.weights:
                keys = [("+ -", "weight"), ("↑ ↓", "criterion"), ("a e d", "criteria")]
            else:
                keys = [("↑ ↓", "pick"), ("[ ]", "phase")]
            keys.append(("v", VIEW_TITLES[next_view(self.view)]))
            parts.append(key_hints(keys))
        self.status.say(*parts)

    # Views -----------------------------------------------------------------------------------

    def action_next_view(self) -> None:
        self.view = next_view(self.view)

    def action_show_view(self, view: str) -> None:
        if view in VIEWS:
            self.view = view

    def watch_view(self, view: str) -> None:
        self.board_view.show_view(view)
        self._show_status()
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self._show_status()

    @on(DataTable.CellSelected, "#score-matrix")
    def _cell_chosen(self) -> None:
        """Enter on a candidate's name edits the candidate (on a score, the matrix starts or
        ends scoring mode itself)."""
        if self.matrix.criterion_id is None:
            self.action_edit()

    @on(ScoreMatrix.ScoringChanged)
    def _scoring_changed(self) -> None:
        self._show_status()

    # Saving ----------------------------------------------------------------------------------

    def _edit(
        self, make: Callable[[Board], Edit], *, draw: bool = True, drawn_whole: bool = False
    ) -> bool:
        """Make an edit on the board (`make`), commit it, then re-rank and draw it (`draw`
        False: the caller draws its part now, `_rank_soon` the rest). When the file refuses
        it, say why in one sentence, put the board back and read the file again: nothing the
        file does not hold is ever drawn. False then. `drawn_whole`: what is drawn is all the
        edit changed (a weight), so the reload every edit brings is skipped here."""
        board, workshop = self.board, self.app.workshop
        if board is None or workshop is None:
            return False
        from storage.errors import StorageError

        kept = board.keep()
        edit = make(board)
        self._edits += 1
        try:
            with workshop.session() as session:
                edit.save(session)
        except (StorageError, ValueError) as exc:  # gone meanwhile, read-only, out of range
            return self._refused(board, kept, str(exc))
        except Exception as exc:  # the file failed (a full disk, a lock held too long)
            reason = getattr(exc, "orig", None) or exc  # SQLAlchemy's wrapper names the SQL
            return self._refused(board, kept, f"Could not save: {reason}.")
        if draw:
            self.rerank()
            if drawn_whole:  # the board drawn now is all the file holds: not loaded again
                self._own_changes[edit.entity] = self._own_changes.get(edit.entity, 0) + 1
            self.app.post_message(WorkshopEdited(edit.entity))  # every screen reloads, this too
        else:
            self._rank_soon(edit.entity)
        return True

    def _rank_soon(
        self, entity: str | None = None, notice: Callable[[], None] | None = None
    ) -> None:
        """Re-rank, tell the other screens and say `notice` one frame from now, once for a
        run of scores typed: the ranking's redraw lays out and repaints the whole screen, so
        done at once it held the typed cell back ~40 ms (scripts/bench_score.py)."""
        if entity is not None:
            self._soon_entities.add(entity)
        if notice is not None:
            self._soon_notice = notice
        if self._soon is None:
            self._soon = self.set_timer(RANK_DELAY, self._rank_now)

    def _rank_now(self) -> None:
        entities, notice = self._soon_entities, self._soon_notice
        self._soon, self._soon_entities, self._soon_notice = None, set(), None
        self.rerank()
        for entity in sorted(entities):
            self.app.post_message(WorkshopEdited(entity))  # every screen reloads, this too
        if notice is not None:
            notice()

    @property
    def ranking_soon(self) -> bool:
        """True while a score is drawn but the ranking not yet (tests wait on it)."""
        return self._soon is not None

    def _refused(self, board: Board, kept: Kept, sentence: str) -> bool:
        board.restore(kept)
        self.board_view.show_matrix()
        self.board_view.show_weights()
        self.board_view.redraw()
        self.notify(sentence, severity="error", markup=False)
        self.reload()
        return False

    def _editable(self, doing: str) -> WorkshopFile | None:
        return self.app.editable_workshop(doing)

    # Scoring, weights, method, phases --------------------------------------------------------

    def _score(self, candidate: int, criterion: int, value: int | None) -> bool:
        """The matrix's `save`: commit one score typed; the matrix then draws it."""
        if self.board is None or self._editable("score candidates") is None:
            return False
        row = self.board.candidate(candidate)
        if not self._edit(lambda b: b.score(candidate, criterion, value), draw=False):
            return False
        if row is not None:
            self._rank_soon(notice=partial(self._say_scored, row, criterion, value))
        return True

    def _say_scored(self, row: CandidateRow, criterion_id: int, value: int | None) -> None:
        """Say what a digit changed: in the matrix the digits score, so someone reaching for
        a screen key sees at once that a score moved, and how to switch screens instead."""
        assert self.board is not None
        criterion = self.board.criterion(criterion_id)
        before = row.scores.get(criterion_id)
        said = "—" if value is None else str(value)
        was = "—" if before is None else str(before)
        self.app.clear_notifications()  # one notice, not a stack, when a row is typed
        self.notify(
            f"{row.name} · {criterion.name if criterion else ''}: {was} → {said}.  "
            "Escape ends scoring; then 1–6 switch screens.",
            title="Scored" if value is not None else "Score cleared",
            timeout=3,
            markup=False,
        )

    @on(WeightsList.Changed)
    def _weighed(self, event: WeightsList.Changed) -> None:
        board = self.board
        if board is None or self._editable("change weights") is None:
            self.board_view.show_weights()
            return
        criterion = board.criterion(event.criterion_id)
        counted = criterion is not None and board.weight(criterion) > 0
        if not self._edit(lambda b: b.weigh(event.criterion_id, event.weight), drawn_whole=True):
            return
        self.weights.set_weight(event.criterion_id, event.weight)
        if counted != (event.weight > 0):
            self.board_view.show_column(event.criterion_id)  # a weight of 0 greys its column

    def action_toggle_method(self) -> None:
        if self.board is None or self._editable("change the scoring method") is None:
            return
        if self._edit(Board.switch_method):
            self.notify(f"Ranking by {METHOD_TITLES[self.board.method]}.", markup=False)

    def action_phase(self, step: int) -> None:
        candidate = self._candidate(self.selected)
        if self.board is None or candidate is None or self._editable("move candidates") is None:
            return
        new = step_phase(candidate.phase, step, self.board.candidate_phases())
        if new == candidate.phase:
            self.app.bell()
            return
        self._set_phase(candidate, new)

    def action_pick_phase(self) -> None:
        candidate = self._candidate(self.selected)
        if self.board is None or candidate is None or self._editable("move candidates") is None:
            return
        phases = self.board.candidate_phases()
        edits.pick_phase(self, candidate, phases, picked=lambda p: self._set_phase(candidate, p))

    def _set_phase(self, candidate: CandidateRow, phase: int | None) -> None:
        if self.board is None:
            return
        if self._edit(lambda b: b.move(candidate.id, phase)):
            self.notify(f"“{candidate.name}” moved to {phase_label(phase).lower()}.", markup=False)

    # Candidates, criteria and rationales -----------------------------------------------------

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
        board = self.board
        if board is None:
            return
        if self._on_criteria():
            criterion = board.criterion(self.weights.criterion_id)
            workshop = self._editable("delete criteria") if criterion is not None else None
            if criterion is not None and workshop is not None:
                scored = board.scored_on(criterion.id)
                edits.delete_criterion(self, workshop, criterion, scored)
            return
        candidate = board.candidate(self.selected)
        workshop = self._editable("delete candidates") if candidate is not None else None
        if candidate is not None and workshop is not None:
            edits.delete_candidate(self, workshop, candidate)

    def open_candidate_form(
        self, candidate_id: int | None = None, flow_ids: tuple[int, ...] = ()
    ) -> None:
        workshop = self._editable("add or edit candidates")
        if workshop is None:
            return

        def saved(new_id: int) -> None:
            self.board_view.selected = new_id

        if not edits.edit_candidate(self, workshop, candidate_id, flow_ids, saved=saved):
            self.reload()

    def _criterion_form(self, criterion_id: int | None) -> None:
        workshop = self._editable("add or edit criteria")
        if workshop is None:
            return

        def saved(new_id: int) -> None:
            self._criterion_to_select = new_id

        edits.edit_criterion(self, workshop, criterion_id, saved=saved)

    def action_rationale(self) -> None:
        board = self.board
        if board is None or self.view != SCORES:
            return
        candidate = board.candidate(self.matrix.candidate_id)
        criterion = board.criterion(self.matrix.criterion_id)
        if candidate is None or criterion is None:
            return
        score = candidate.scores.get(criterion.id)
        if score is None:
            self.notify("Score it first (1–5), then say why.", markup=False)
            return
        if self._editable("record rationales") is None:
            return
        from tui.dialogs.rationale import RationaleDialog

        def typed(text: str | None) -> None:
            if text is not None:
                self._edit(lambda b: b.explain(candidate.id, criterion.id, score, text))

        why = candidate.rationales.get(criterion.id, "")
        self.app.push_screen(RationaleDialog(candidate.name, criterion.name, score, why), typed)

    # KPIs and suggestions --------------------------------------------------------------------

    def action_kpis(self, select: str | None = None) -> None:
        """The KPIs, to add, edit and delete; `select` (a KPI's name) highlighted."""
        if self.app.workshop is not None:
            from tui.dialogs.kpi_list import KpiListDialog

            self.app.push_screen(KpiListDialog(self.app.workshop, select=select))

    def action_suggest(self) -> None:
        workshop = self._editable("accept suggested candidates")
        if workshop is None:
            return
        from tui.dialogs.suggest_candidates import SuggestCandidatesDialog

        self.app.push_screen(SuggestCandidatesDialog(workshop))

    # For the palette, the Overview and tests -------------------------------------------------

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
        if kind == "kpi" and self.app.workshop is not None:
            self.action_kpis(select=name)
            return True
        return False

    def select_candidate(self, name: str) -> None:
        """Pick the candidate called `name` (the palette and tests use it)."""
        row = self.data.candidate(name) if self.data is not None else None
        if row is not None:
            self.board_view.select_candidate(row.id)
