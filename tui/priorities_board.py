"""The Priorities board in memory: what was loaded, the edits made since, and their ranking.

Each edit method here changes the board in memory and returns the `Edit` that writes the same
change to the file, so what is shown and what is saved cannot drift apart. The Priorities
screen commits that `Edit` before it draws anything (a kill must not lose a score the screen
showed), and puts the board back as it was (`restore`) when the file refuses it. What the
panels draw (ranking lines, chart points, matrix cells, weight lines) is derived here with
models' pure rules. No widgets; storage only inside the saves, imported when they run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from models.enums import ScoringMethod
from models.scoring import quadrant, value_effort
from tui.widgets.ranking import RankLine
from tui.widgets.score_matrix import MatrixColumn, MatrixRow, criterion_codes
from tui.widgets.value_effort import ChartPoint
from tui.widgets.weights import WeightLine

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.scoring import CriterionData, Ranked
    from storage.queries.priorities import CandidateRow, CriterionRow, PhaseRow, Priorities

Save = Callable[["Session"], object]


@dataclass(frozen=True)
class Kept:
    """The board's state before an edit, to go back to if the file refuses the edit."""

    data: Priorities
    overrides: dict[int, int]


@dataclass(frozen=True)
class Edit:
    """An edit already made in memory: `save` writes it; `entity` names the table it changes."""

    save: Save
    entity: str


class Board:
    """Criteria, candidates and phases as loaded, weights typed since (`overrides`, until the
    next load), and `ranked`, the ranking as of the last `rerank`."""

    def __init__(self, data: Priorities, phases: Sequence[PhaseRow] = ()) -> None:
        self.data = data
        self.phases = tuple(phases)
        self.overrides: dict[int, int] = {}  # criterion id -> weight typed, not yet reloaded
        names = [row.name for row in data.criteria]
        ids = [row.id for row in data.criteria]
        self.codes = dict(zip(ids, criterion_codes(names), strict=True))  # column codes
        self.ranked: list[Ranked] = []
        self.rerank()

    def keep(self) -> Kept:
        """The state to `restore` if the edit about to be made cannot be saved."""
        return Kept(self.data, dict(self.overrides))

    def restore(self, kept: Kept) -> None:
        """Go back to `kept` (the file refused an edit) and rank again."""
        self.data, self.overrides = kept.data, dict(kept.overrides)
        self.rerank()

    # Reading ---------------------------------------------------------------------------------

    @property
    def method(self) -> str:
        return str(self.data.method)

    def weight(self, criterion: CriterionRow) -> int:
        return self.overrides.get(criterion.id, criterion.weight)

    def weights(self) -> dict[int, float]:
        return {c.id: float(self.weight(c)) for c in self.data.criteria}

    def criteria_data(self) -> list[CriterionData]:
        """The criteria as the rules see them, with the weights typed but not yet reloaded."""
        return self.data.criteria_data(self.weights())

    @property
    def weighted(self) -> bool:
        """Whether any criterion carries weight (else every score is 0)."""
        return any(c.weight > 0 for c in self.criteria_data())

    def rerank(self) -> None:
        """Rank again in memory, the weights typed included."""
        self.ranked = self.data.ranking(self.weights())

    def candidate(self, candidate_id: int | None) -> CandidateRow | None:
        if candidate_id is None:
            return None
        return next((c for c in self.data.candidates if c.id == candidate_id), None)

    def criterion(self, criterion_id: int | None) -> CriterionRow | None:
        if criterion_id is None:
            return None
        return next((c for c in self.data.criteria if c.id == criterion_id), None)

    def ranked_as(self, candidate: CandidateRow) -> Ranked | None:
        return next((r for r in self.ranked if r.name == candidate.name), None)

    def candidate_phases(self) -> list[int | None]:
        return [c.phase for c in self.data.candidates]

    def scored_on(self, criterion_id: int) -> int:
        """How many candidates have a score on the criterion."""
        return sum(1 for c in self.data.candidates if criterion_id in c.scores)

    def _by_name(self) -> dict[str, CandidateRow]:
        return {c.name: c for c in self.data.candidates}

    def ranks(self) -> dict[int, int | None]:
        """Candidate id -> rank (None: incomplete)."""
        by_name = self._by_name()
        return {by_name[r.name].id: r.rank for r in self.ranked if r.name in by_name}

    # What the panels draw --------------------------------------------------------------------

    def rank_lines(self) -> list[RankLine]:
        by_name = self._by_name()
        codes = {c.name: self.codes.get(c.id, c.name) for c in self.data.criteria}
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

    def chart_points(self) -> tuple[list[ChartPoint], list[str]]:
        """The complete candidates, numbered by rank, with their place on the 2×2; and the
        names of those not plotted (incomplete)."""
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

    def matrix_columns(self) -> list[MatrixColumn]:
        return [
            MatrixColumn(c.id, self.codes[c.id], c.name, self.weight(c) > 0, str(c.kind) == "cost")
            for c in self.data.criteria
        ]

    def matrix_rows(self) -> list[MatrixRow]:
        return [MatrixRow(c.id, c.name, dict(c.scores), c.phase) for c in self.data.candidates]

    def weight_lines(self) -> list[WeightLine]:
        return [
            WeightLine(c.id, self.codes[c.id], c.name, self.weight(c), str(c.kind) == "cost")
            for c in self.data.criteria
        ]

    # Edits: made here at once, saved by the returned `Edit` ----------------------------------

    def _put(self, row: CandidateRow) -> None:
        """Put `row` in place of the candidate with its id."""
        candidates = [row if c.id == row.id else c for c in self.data.candidates]
        self.data = replace(self.data, candidates=candidates)

    def score(self, candidate_id: int, criterion_id: int, value: int | None) -> Edit:
        """Score a candidate on a criterion 1–5, or clear the score (`value` None)."""
        row = self.candidate(candidate_id)
        if row is not None:
            scores = dict(row.scores)
            if value is None:
                scores.pop(criterion_id, None)
            else:
                scores[criterion_id] = value
            self._put(replace(row, scores=scores))

        def save(session: Session) -> None:
            from storage.queries.priorities import set_score

            set_score(session, candidate_id=candidate_id, criterion_id=criterion_id, value=value)

        return Edit(save, "score")

    def explain(self, candidate_id: int, criterion_id: int, score: int, text: str) -> Edit:
        """Record why the room gave `score` (the rationale; empty removes it)."""
        row = self.candidate(candidate_id)
        if row is not None:
            rationales = {k: v for k, v in row.rationales.items() if k != criterion_id}
            if text:
                rationales[criterion_id] = text
            self._put(replace(row, rationales=rationales))

        def save(session: Session) -> None:
            from storage.queries.priorities import set_score

            set_score(
                session,
                candidate_id=candidate_id,
                criterion_id=criterion_id,
                value=score,
                rationale=text,
            )

        return Edit(save, "score")

    def weigh(self, criterion_id: int, weight: int) -> Edit:
        self.overrides[criterion_id] = weight

        def save(session: Session) -> None:
            from storage.queries.priorities import set_weight

            set_weight(session, criterion_id=criterion_id, weight=weight)

        return Edit(save, "criterion")

    def switch_method(self) -> Edit:
        """Rank by the other method: weighted score or WSJF."""
        method = "wsjf" if self.method == "weighted" else "weighted"
        self.data = replace(self.data, method=ScoringMethod(method))

        def save(session: Session) -> None:
            from storage.queries.priorities import set_scoring_method

            set_scoring_method(session, method=method)

        return Edit(save, "workshop_method")

    def move(self, candidate_id: int, phase: int | None) -> Edit:
        """Put a candidate in `phase` (None: unphased)."""
        row = self.candidate(candidate_id)
        if row is not None:
            self._put(replace(row, phase=phase))

        def save(session: Session) -> None:
            from storage.queries.priorities import set_phase

            set_phase(session, candidate_id=candidate_id, phase=phase)

        return Edit(save, "candidate")
