"""The Priorities board in memory (tui/priorities_board.py), without the screen: an edit shows
at once, and the save it returns writes the same change to the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.priorities_board import Board, Edit


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    from storage.demo import write_demo

    return write_demo(tmp_path / "demo.seamwork")


def load(path: Path) -> Board:
    from storage.queries.priorities import load_priorities, roadmap
    from storage.workshop_file import open_workshop

    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_priorities(session)
        return Board(data, roadmap(session, board=data))


def save(path: Path, *edits: Edit) -> None:
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop:
        for edit in edits:
            with workshop.session() as session:
                edit.save(session)


def test_edits_show_at_once_and_their_saves_write_the_same(demo: Path):
    board = load(demo)
    method_before = board.data.method
    first, last = board.data.candidates[0], board.data.candidates[-1]
    criterion = board.data.criteria[0]
    edits = [
        board.score(first.id, criterion.id, None),
        board.weigh(criterion.id, 0),
        board.move(last.id, 7),
        board.switch_method(),
    ]
    board.rerank()
    assert [e.entity for e in edits] == ["score", "criterion", "candidate", "workshop_method"]
    scored, moved = board.candidate(first.id), board.candidate(last.id)
    assert scored is not None and criterion.id not in scored.scores
    assert moved is not None and moved.phase == 7
    assert board.weight(criterion) == 0
    save(demo, *edits)
    again = load(demo)
    # The file says what was shown: scores, phases, method, weight, and so the ranking.
    assert again.data.candidates == board.data.candidates
    assert again.data.method == board.data.method != method_before
    assert again.weight(again.data.criteria[0]) == 0
    assert again.ranked == board.ranked


def test_a_weight_typed_reranks_before_it_is_saved(demo: Path):
    board = load(demo)
    before = [r.name for r in board.ranked]
    for criterion in board.data.criteria[1:]:
        board.weigh(criterion.id, 0)  # only the first criterion counts
    board.rerank()
    after = [r.name for r in board.ranked]
    assert after != before
    assert [r.name for r in load(demo).ranked] == before  # nothing saved yet


def test_a_rationale_is_kept_with_its_score_and_an_empty_one_removes_it(demo: Path):
    board = load(demo)
    candidate = next(c for c in board.data.candidates if c.scores)
    criterion_id, score = next(iter(candidate.scores.items()))
    save(demo, board.explain(candidate.id, criterion_id, score, "[red]30 a day re-keyed"))
    row = load(demo).candidate(candidate.id)
    assert row is not None and row.rationales[criterion_id] == "[red]30 a day re-keyed"
    assert row.scores[criterion_id] == score
    board = load(demo)
    save(demo, board.explain(candidate.id, criterion_id, score, ""))
    row = load(demo).candidate(candidate.id)
    assert row is not None and criterion_id not in row.rationales


def test_what_the_panels_draw_follows_the_board(demo: Path):
    board = load(demo)
    ids = {c.id for c in board.data.candidates}
    assert {line.id for line in board.rank_lines()} == ids
    by_name = {c.name: c.id for c in board.data.candidates}
    points, not_plotted = board.chart_points()
    assert {p.id for p in points} | {by_name[name] for name in not_plotted} == ids
    assert [c.code for c in board.matrix_columns()] == [w.code for w in board.weight_lines()]
    assert board.ranks() == {by_name[r.name]: r.rank for r in board.ranked}
