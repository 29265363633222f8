"""The weights panel: one line per criterion, a cursor, and + / - to change the weight.

Each line shows the criterion's column code (as in the score matrix), its name, its weight as
five pips and a digit, and whether it is a benefit or a cost. The panel does not save: it posts
`WeightsList.Changed`; the screen saves, then shows the weight (`set_weight`) and re-ranks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

WEIGHT_MIN, WEIGHT_MAX = 0, 5  # models.scoring's bounds; kept here so the panel imports light


@dataclass(frozen=True)
class WeightLine:
    id: int
    code: str
    name: str
    weight: int
    cost: bool = False


def pips(weight: int) -> str:
    """ "●●●○○" for 3: readable from the back of the room."""
    weight = max(WEIGHT_MIN, min(WEIGHT_MAX, weight))
    return "●" * weight + "○" * (WEIGHT_MAX - weight)


def weight_lines(
    lines: Sequence[WeightLine], cursor: int | None, width: int, focused: bool = True
) -> Content:
    """The panel's text: code, name (cut to fit), pips, digit and kind; the cursor line lit."""
    if not lines:
        return Content.styled("No criteria — press a to add one.", "italic $text-muted")
    code_width = max(len(line.code) for line in lines) + 1
    tail = 1 + WEIGHT_MAX + 2 + 2 + 7  # " ●●●●● 5  benefit"
    # A narrow panel cuts the names, then drops them (the codes stay: the matrix's heads); a
    # line that wrapped would push the last criteria out of the panel.
    name_width = max(0, width - code_width - tail)
    if name_width < 4:
        name_width = 0
    out: list[Content] = []
    for index, line in enumerate(lines):
        name = line.name if len(line.name) <= name_width else line.name[: name_width - 1] + "…"
        name = name if name_width else ""
        muted = line.weight == 0
        row = Content.assemble(
            (line.code.ljust(code_width), "bold $text-accent"),
            (name.ljust(name_width), "$text-muted" if muted else ""),
            " ",
            (pips(line.weight), "$text-muted" if muted else "bold $text-primary"),
            (f" {line.weight}", "bold"),
            ("  cost   " if line.cost else "  benefit", "$text-warning" if line.cost else ""),
        )
        if index == cursor and focused:
            row = row.stylize("reverse")
        out.append(row)
    return Content("\n").join(out)


class WeightsList(Widget, can_focus=True):
    """Criteria with their weights; `cursor` is the highlighted line."""

    DEFAULT_CSS = """
    WeightsList {
        height: auto;
        width: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", tooltip="The criterion above", id="weights.up", show=False),
        Binding(
            "down", "move(1)", "Down", tooltip="The criterion below", id="weights.down", show=False
        ),
        Binding(
            "plus,equals_sign,right",
            "change(1)",
            "Weight +",
            key_display="+",
            tooltip="Weigh the criterion more; the ranking follows at once",
            id="weights.more",
        ),
        Binding(
            "minus,underscore,left",
            "change(-1)",
            "Weight −",
            key_display="-",
            tooltip="Weigh the criterion less (0: it does not count)",
            id="weights.less",
        ),
    ]

    @dataclass
    class Changed(Message):
        """The user changed a criterion's weight."""

        weights: WeightsList
        criterion_id: int
        weight: int

        @property
        def control(self) -> WeightsList:
            return self.weights

    @dataclass
    class Highlighted(Message):
        weights: WeightsList
        criterion_id: int | None

        @property
        def control(self) -> WeightsList:
            return self.weights

    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: tuple[WeightLine, ...] = ()
        # Weights asked for (criterion id -> weight) that the screen has not shown yet: a
        # second + before the first is saved steps on from the first, not from what is shown.
        self.asked: dict[int, int] = {}

    def show(self, lines: Sequence[WeightLine], select: int | None = None) -> None:
        """Show `lines`; the cursor goes to the criterion `select` if given."""
        self.lines = tuple(lines)
        self.asked = {}
        ids = [line.id for line in self.lines]
        if select is not None and select in ids:
            self.cursor = ids.index(select)
        else:
            self.cursor = max(0, min(self.cursor, len(self.lines) - 1))
        self.refresh(layout=True)

    @property
    def criterion_id(self) -> int | None:
        return self.lines[self.cursor].id if self.lines else None

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.lines) - 1))

    def watch_cursor(self) -> None:
        self.refresh()
        self.post_message(self.Highlighted(self, self.criterion_id))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Content:
        return weight_lines(self.lines, self.cursor, self.size.width or 40, self.has_focus)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_change(self, step: int) -> None:
        if not self.lines:
            return
        line = self.lines[self.cursor]
        now = self.asked.get(line.id, line.weight)
        weight = max(WEIGHT_MIN, min(WEIGHT_MAX, now + step))
        if weight == now:
            self.app.bell()
            return
        self.asked[line.id] = weight  # shown once saved (`set_weight`), never before
        self.post_message(self.Changed(self, line.id, weight))

    def set_weight(self, criterion_id: int, weight: int) -> None:
        """Show a weight the screen has saved."""
        if self.asked.get(criterion_id) == weight:
            del self.asked[criterion_id]
        self.lines = tuple(
            WeightLine(line.id, line.code, line.name, weight, line.cost)
            if line.id == criterion_id
            else line
            for line in self.lines
        )
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        self.cursor = event.y
