"""The score matrix: candidates down, criteria across, one 1–5 score a cell, typed in place.

A cell-cursor `Table`. The digits score only in scoring mode (issue 13: `5` then `1`, meant
as "Overview", silently changed a score): enter on a score starts it, and the matrix shows it
(an accent border titled "Scoring"); then 1–5 score the cell under the cursor (and the cursor
moves on to the next criterion, so a row is scored by typing five digits), 0, backspace or
delete clear it, and escape, enter or leaving the matrix end it. Outside scoring mode the
digits are screen keys, as everywhere else. The matrix does not save: it
calls the screen's `save` (a `Saver`) in the key's own handler, and shows the score and moves
on only once that says the score is in the file, so the cell, the cursor and the commit are one
frame and a burst of digits scores one cell after another.

Column headers are short codes (see `criterion_codes`); the weights panel beside the matrix
lists the same codes with the criteria's full names, so the columns stay narrow enough for six
or more criteria at 120 columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.reactive import reactive
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from tui.widgets.table import Table

NAME_COLUMN = "name"
NAME_WIDTH = 28
MIN_NAME_WIDTH = 12  # shorter still, a name says too little to score against
# Commits one score (None: cleared) for a candidate on a criterion; True once it is in the file.
Saver = Callable[[int, int, int | None], bool]

MISSING = "·"  # a criterion that counts (weight > 0) and has no score yet
UNUSED = "–"  # a criterion with weight 0 and no score: it does not count
INCOMPLETE_MARK = "◌"


def criterion_codes(names: Sequence[str]) -> list[str]:
    """Short, unique column codes: initials of the first words ("Operational impact" -> "OI"),
    numbers whole ("Risk 12" -> "R12"), made unique with a digit when two criteria share
    them."""
    codes: list[str] = []
    small = {"and", "or", "of", "to", "the", "a", "an", "for", "/", "&"}
    for name in names:
        # Letters and digits only: a name typed as "[bold]Ops" gives "B", not "[".
        spaced = name.replace("/", " ").replace("-", " ").split()
        bare = ("".join(ch for ch in w if ch.isalnum()) for w in spaced)
        words = [w for w in bare if w]
        significant = [w for w in words if w.casefold() not in small] or words or ["?"]
        # A number is kept whole: "Criterion 01" and "Criterion 02" are C01 and C02, not C0
        # and a made-up C02.
        code = "".join(w if w.isdigit() else w[0] for w in significant[:3]).upper()
        if len(code) == 1 and len(significant[0]) > 1:
            code = significant[0][:2].capitalize()
        base, n = code, 2
        while code in codes:
            code = f"{base}{n}"
            n += 1
        codes.append(code)
    return codes


@dataclass(frozen=True)
class MatrixColumn:
    """One criterion: its id, code, full name and whether it counts (weight > 0)."""

    id: int
    code: str
    name: str
    counts: bool = True
    cost: bool = False


@dataclass(frozen=True)
class MatrixRow:
    """One candidate: id, name and its scores by criterion id."""

    id: int
    name: str
    scores: Mapping[int, int] = field(default_factory=dict)
    phase: int | None = None


class ScoreMatrix(Table):
    """Candidates × criteria; row keys are candidate ids, column keys criterion ids."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "score-matrix--missing",
        "score-matrix--incomplete",
        "score-matrix--low",
        "score-matrix--high",
    }

    DEFAULT_CSS = """
    ScoreMatrix {
        &.-scoring {
            border: heavy $accent;
            border-title-color: $text-accent;
            border-title-style: bold;
        }
        & > .score-matrix--missing { color: $text-warning; text-style: bold; }
        & > .score-matrix--incomplete { color: $text-warning; }
        & > .score-matrix--low { color: $text-muted; }
        & > .score-matrix--high { color: $text-success; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "score(1)",
            "Score",
            key_display="1-5",
            tooltip="Score the cell 1 (low) to 5 (high); the cursor moves on",
            id="matrix.score",
        ),
        *(
            Binding(
                str(n),
                f"score({n})",
                "Score",
                tooltip="Score the cell 1 (low) to 5 (high); the cursor moves on",
                id="matrix.score",
                show=False,
            )
            for n in range(2, 6)
        ),
        Binding(
            "0,backspace,delete",
            "score(0)",
            "Clear",
            key_display="0",
            tooltip="Clear the cell's score",
            id="matrix.clear",
            show=False,
        ),
        Binding(
            "escape",
            "stop_scoring",
            "Done",
            key_display="esc",
            tooltip="Stop scoring: the digits switch screens again",
            id="matrix.done",
        ),
    ]

    SCORING_TITLE = "Scoring · 1–5 score · 0 clears · esc done"

    scoring: reactive[bool] = reactive(False, init=False)

    class ScoringChanged(Message):
        """Scoring mode started or ended (the screen's key hints follow it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, id=id)
        self.fixed_columns = 1  # the names stay when many criteria scroll sideways
        self.columns_shown: tuple[MatrixColumn, ...] = ()
        self.rows_shown: dict[int, MatrixRow] = {}
        self.read_only = False
        self.save: Saver | None = None  # the screen's: commits a score, True once in the file
        self.name_width = NAME_WIDTH  # narrower on a narrow terminal, so every criterion shows

    # Showing ---------------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        if not self.is_mounted:
            return Style()
        return self.get_component_rich_style(f"score-matrix--{name}", partial=True)

    def _incomplete(self, row: MatrixRow) -> bool:
        return any(c.counts and c.id not in row.scores for c in self.columns_shown)

    def name_cell(self, row: MatrixRow) -> Text:
        width = self.name_width
        name = row.name if len(row.name) <= width else row.name[: width - 1] + "…"
        text = Text(name)
        if self._incomplete(row):
            text.append(f" {INCOMPLETE_MARK}", style=self._style("incomplete"))
        return text

    def score_cell(self, row: MatrixRow, column: MatrixColumn) -> Text:
        value = row.scores.get(column.id)
        if value is None:
            if column.counts:
                return Text(MISSING.center(3), style=self._style("missing"))
            return Text(UNUSED.center(3), style=self._style("low"))
        good = 6 - value if column.cost else value
        style = self._style("high") if good >= 4 else self._style("low") if good <= 2 else Style()
        return Text(str(value).center(3), style=style)

    def on_resize(self) -> None:
        """Cut the names shorter when the criteria would not all fit (the cost criterion was
        the one a 100-column terminal lost); the picked candidate's panel names it in full."""
        others = sum(
            column.get_render_width(self)
            for key, column in self.columns.items()
            if key.value != NAME_COLUMN
        )
        mark = 2 if any(self._incomplete(row) for row in self.rows_shown.values()) else 0
        room = self.scrollable_content_region.width - others - 2 * self.cell_padding - mark
        # Criteria that would not fit even so scroll sideways beside whole names; and a size
        # met while the screen is laid out (or torn down) must not cut them for a frame.
        width = NAME_WIDTH if room < MIN_NAME_WIDTH else min(NAME_WIDTH, room)
        if width != self.name_width:
            self.name_width = width
            for row in self.rows_shown.values():
                self.update_cell(str(row.id), NAME_COLUMN, self.name_cell(row), update_width=True)

    def show(
        self,
        columns: Sequence[MatrixColumn],
        rows: Sequence[MatrixRow],
        select: tuple[int | None, int | None] = (None, None),
    ) -> None:
        """Show `rows` × `columns`; the cursor goes to (candidate id, criterion id) when given,
        otherwise stays where it was."""
        old = self.cursor_coordinate
        self.columns_shown = tuple(columns)
        self.rows_shown = {row.id: row for row in rows}
        self.clear(columns=True)
        self.add_column(Text("Candidate"), key=NAME_COLUMN)
        for column in columns:
            self.add_column(self.column_label(column), key=str(column.id))
        for row in rows:
            cells = [self.name_cell(row), *(self.score_cell(row, c) for c in columns)]
            self.add_row(*cells, key=str(row.id))
        if not rows:
            return
        candidate_id, criterion_id = select
        row_index, column_index = old.row, old.column
        if candidate_id is not None:
            try:
                row_index = self.get_row_index(str(candidate_id))
            except RowDoesNotExist:
                pass
        if criterion_id is not None:
            ids = [c.id for c in columns]
            if criterion_id in ids:
                column_index = ids.index(criterion_id) + 1
        if columns and column_index < 1:
            column_index = 1
        self.cursor_coordinate = Coordinate(row_index, column_index)

    @staticmethod
    def column_label(column: MatrixColumn) -> Text:
        label = Text(column.code.center(3))
        if not column.counts:
            label.stylize(Style(dim=True))  # a weight of 0: it does not count
        return label

    def set_column(self, column: MatrixColumn) -> None:
        """Show a criterion that now counts, or no longer does (its weight went to or from 0):
        its header and its unscored cells, and the rows whose incomplete mark that moves.
        Rebuilding all 200 rows for it held the weight's redraw back ~130 ms at 5,000 flows."""
        index = next((i for i, c in enumerate(self.columns_shown) if c.id == column.id), None)
        if index is None:
            return
        was_incomplete = {key: self._incomplete(row) for key, row in self.rows_shown.items()}
        shown = list(self.columns_shown)
        shown[index] = column
        self.columns_shown = tuple(shown)
        key = str(column.id)
        self.columns[ColumnKey(key)].label = self.column_label(column)
        for candidate_id, row in self.rows_shown.items():
            if column.id not in row.scores:
                self.update_cell(str(candidate_id), key, self.score_cell(row, column))
            if self._incomplete(row) != was_incomplete[candidate_id]:
                self.update_cell(
                    str(candidate_id), NAME_COLUMN, self.name_cell(row), update_width=True
                )
        self._clear_caches()  # the header row is drawn from a cache the label is not part of
        self.refresh()

    def set_score(self, candidate_id: int, criterion_id: int, value: int | None) -> None:
        """Show one changed score (and the row's incomplete mark) without redrawing the rest."""
        row = self.rows_shown.get(candidate_id)
        column = next((c for c in self.columns_shown if c.id == criterion_id), None)
        if row is None or column is None:
            return
        scores = dict(row.scores)
        if value is None:
            scores.pop(criterion_id, None)
        else:
            scores[criterion_id] = value
        row = MatrixRow(row.id, row.name, scores, row.phase)
        self.rows_shown[candidate_id] = row
        key = str(candidate_id)
        self.update_cell(key, str(criterion_id), self.score_cell(row, column))
        self.update_cell(key, NAME_COLUMN, self.name_cell(row))

    # Where the cursor is ---------------------------------------------------------------------

    @property
    def candidate_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(str(row_key.value))

    @property
    def criterion_id(self) -> int | None:
        column = self.cursor_column
        if self.row_count == 0 or column < 1 or column > len(self.columns_shown):
            return None
        return self.columns_shown[column - 1].id

    def select_candidate(self, candidate_id: int) -> None:
        try:
            row = self.get_row_index(str(candidate_id))
        except RowDoesNotExist:
            return
        self.move_cursor(row=row, animate=False)

    # Scoring ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Scoring keys only in scoring mode: otherwise they fall through (digits to the app's
        screen keys, enter to the table's select, escape to the screen)."""
        if action in ("score", "stop_scoring"):
            return self.scoring and bool(self.columns_shown and self.row_count)
        return True

    def start_scoring(self) -> None:
        """Scoring mode, on a score cell (from the name column, the first criterion's)."""
        if not (self.columns_shown and self.row_count):
            return
        if self.cursor_column < 1:
            self.move_cursor(column=1, animate=False)
        self.scoring = True

    def action_stop_scoring(self) -> None:
        self.scoring = False

    def action_select_cursor(self) -> None:
        """Enter on a score starts scoring mode (or ends it) here, at once; on a name it is
        the table's select (the screen edits the candidate). The screen once started it on
        hearing of the select, a message later: a digit typed straight after enter (a burst,
        or keys held while the file opened) reached the matrix first and switched screens."""
        if self.scoring:
            self.scoring = False
        elif self.criterion_id is not None:
            self.start_scoring()
        else:
            super().action_select_cursor()

    def watch_scoring(self, scoring: bool) -> None:
        self.set_class(scoring, "-scoring")
        self.border_title = self.SCORING_TITLE if scoring else None
        self.refresh_bindings()
        self.post_message(self.ScoringChanged())

    def on_blur(self) -> None:
        self.scoring = False  # tab, a click elsewhere, another screen: the digits are keys again

    def action_score(self, value: int) -> None:
        candidate_id, criterion_id = self.candidate_id, self.criterion_id
        if candidate_id is None:
            return
        if criterion_id is None:
            if self.columns_shown:  # on the name column: score the first criterion
                self.move_cursor(column=1, animate=False)
                criterion_id = self.columns_shown[0].id
            else:
                return
        # The cell changes once the screen has saved the score: never before.
        if self.save is None or not self.save(candidate_id, criterion_id, value or None):
            return
        self.set_score(candidate_id, criterion_id, value or None)
        if value and self.cursor_column < len(self.columns_shown):
            self.move_cursor(column=self.cursor_column + 1, animate=False)
