"""The ranked list as text: rank, name, score with a bar, phase, and the stability mark.

Pure presentation of `models.scoring.Ranked` results (the ranking itself is computed in models):
an incomplete candidate reads "incomplete — missing: …" and never shows a zero score or bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content

from models.phases import phase_label
from tui.widgets.content_lines import LazyLines

BLOCKS = " ▏▎▍▌▋▊▉█"  # eighths of a cell
BAR_WIDTH = 20
PHASE_WIDTH = 9  # "Phase 12", "Unphased"
FRAGILE = "⚠ fragile: "
STABLE = "✓ stable"
MARK_MAX = 26
NAME_FLOOR = 16  # a name's cells before the mark gets its room


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar `width` cells long filled to `fraction` (0..1), to an eighth of a cell."""
    fraction = max(0.0, min(1.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (BLOCKS[part] if part else "")
    return text.ljust(width)


def score_text(score: float, method: str) -> str:
    """Weighted scores to one decimal (0–100); WSJF to two (a ratio)."""
    return f"{score:.2f}" if method == "wsjf" else f"{score:.1f}"


@dataclass(frozen=True)
class RankLine:
    """One candidate of the ranking, ready to show."""

    id: int
    rank: int | None
    name: str
    score: float | None
    phase: int | None
    missing: tuple[str, ...] = ()
    fragile_on: tuple[str, ...] = ()  # criterion codes whose ±20% move changes the rank


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class RankingLines(LazyLines):
    """The ranked list, one candidate a line, `width` cells wide; `selected` (an id) is lit.
    Each line is built when first asked for: a panel shows twenty of 200 candidates, and
    building all of them held each weight's redraw back ~50 ms at 5,000 flows.

    Bars are scaled to 100 for weighted scores and to the best score for WSJF (a ratio with no
    fixed top)."""

    def __init__(
        self,
        lines: Sequence[RankLine],
        method: str,
        width: int,
        selected: int | None = None,
        *,
        weighted: bool = True,
    ) -> None:
        super().__init__()
        self._ranked, self._method, self._width, self._selected = lines, method, width, selected
        self._notes: list[Content] = []
        if not lines:
            self._notes.append(
                Content.styled(
                    "The ranking appears here once there are candidates to score.",
                    "italic $text-muted",
                )
            )
            return
        scores = [line.score for line in lines if line.score is not None]
        self._top = 100.0 if method != "wsjf" else max([*scores, 0.0]) or 1.0
        self._rank_width = rank_width = max(2, len(str(len(lines)))) + 1
        self._score_width = max((len(score_text(s, method)) for s in scores), default=4)
        marks = [len(FRAGILE) + len(" ".join(line.fragile_on)) for line in lines if line.fragile_on]
        mark_width = max(len(STABLE), min(MARK_MAX, max(marks, default=0)))
        fixed = rank_width + self._score_width + 1 + 2 + PHASE_WIDTH + 2
        longest = max(len(line.name) for line in lines)
        # The room goes to a name's first NAME_FLOOR cells, then the mark, then the rest of
        # the name, then the bar: with ten criteria the marks once took the names' room and
        # 200 candidates all read "Candidate…". A mark left too little room is cut with "…".
        name_width = max(10, min(longest, NAME_FLOOR, width - fixed - len(STABLE) - 8 - 1))
        mark_space = max(len(STABLE), min(mark_width, width - fixed - name_width - 8 - 1))
        extra = max(0, width - fixed - name_width - mark_space - 8 - 1)
        grown = min(extra, longest - name_width)
        self._name_width, extra = name_width + grown, extra - grown
        self._bar_width = 8 + min(extra, BAR_WIDTH - 8)
        self._mark_room = max(len(STABLE), width - fixed - self._name_width - 1 - self._bar_width)
        if not weighted:  # every score is 0 and the order is only the names': say why
            self._notes.append(Content(""))
            self._notes.append(
                Content.styled(
                    "No criterion has a weight yet, so every score is 0 and the order is by "
                    "name: give a criterion a weight (tab to the weights, then +).",
                    "italic $text-warning",
                )
            )
        if marks:
            self._notes.append(Content(""))
            self._notes.append(
                Content.styled(
                    "fragile: its rank changes if one of those weights moves 20%",
                    "italic $text-muted",
                )
            )

    def __len__(self) -> int:
        return len(self._ranked) + len(self._notes)

    def line(self, index: int) -> Content:
        if index >= len(self._ranked):
            return self._notes[index - len(self._ranked)]
        return self._line(self._ranked[index])

    def _line(self, line: RankLine) -> Content:
        rank_width, name_width = self._rank_width, self._name_width
        rank = (str(line.rank) if line.rank is not None else "–").rjust(rank_width - 1) + " "
        name = _cut(line.name, name_width).ljust(name_width)
        if line.score is None:
            missing = ", ".join(line.missing) or "a score"
            room = self._width - rank_width - name_width - 2
            row = Content.assemble(
                (rank, "$text-muted"),
                (name, ""),
                "  ",
                (_cut(f"incomplete — missing: {missing}", room), "italic $text-warning"),
            )
        else:
            if line.fragile_on:
                mark = Content.assemble(
                    ("⚠ fragile: ", "$text-warning"),
                    (" ".join(line.fragile_on), "bold $text-warning"),
                )
            else:
                mark = Content.styled("✓ stable", "$text-success")
            if mark.cell_length > self._mark_room:
                mark = mark.truncate(self._mark_room, ellipsis=True)
            row = Content.assemble(
                (rank, "bold"),
                (name, "bold"),
                " ",
                (score_text(line.score, self._method).rjust(self._score_width), "bold"),
                " ",
                (bar(line.score / self._top, self._bar_width), "$text-primary"),
                "  ",
                (phase_label(line.phase).ljust(PHASE_WIDTH), "$text-muted"),
                "  ",
                mark,
            )
        if line.id == self._selected:
            row = row.stylize("underline")
        return row
