"""The value-versus-effort 2×2, drawn in the terminal: axes, four labelled quadrants, and the
candidates plotted by number, with a legend.

Value (up) and effort (across) run 0–100 and are split at 50 (models.scoring.value_effort and
quadrant decide both): quick wins top left, big bets top right, fill-ins bottom left, money
pits bottom right. Two candidates on one spot are shown side by side ("1,3"), never hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from models.scoring import QUADRANT_SPLIT

# quadrant value -> (title, style)
QUADRANTS: dict[str, tuple[str, str]] = {
    "quick-win": ("QUICK WINS", "$text-success"),
    "big-bet": ("BIG BETS", "$text-primary"),
    "fill-in": ("FILL-INS", "$text-muted"),
    "money-pit": ("MONEY PITS", "$text-error"),
}

SINGULAR = {
    "quick-win": "quick win",
    "big-bet": "big bet",
    "fill-in": "fill-in",
    "money-pit": "money pit",
}

LEFT = 6  # the value axis' labels
SPLIT = QUADRANT_SPLIT  # where the dividing lines are
MIN_WIDTH, MIN_HEIGHT = 30, 10


@dataclass(frozen=True)
class ChartPoint:
    """One plotted candidate: its marker (the rank), name, position and quadrant."""

    id: int
    marker: str
    name: str
    value: float
    effort: float
    quadrant: str


def draw_chart(
    points: Sequence[ChartPoint], width: int, height: int, selected: int | None = None
) -> Content:
    """The chart, `width` × `height` cells (axes included)."""
    width, height = max(width, MIN_WIDTH), max(height, MIN_HEIGHT)
    plot_w = width - LEFT - 2  # the arrow and a margin on the right
    plot_h = height - 3  # the effort axis, its numbers and its title
    grid: list[list[tuple[str, str]]] = [[(" ", "")] * width for _ in range(height)]

    def put(x: int, y: int, text: str, style: str = "") -> None:
        for i, char in enumerate(text):
            if 0 <= x + i < width and 0 <= y < height:
                grid[y][x + i] = (char, style)

    mid_x = LEFT + plot_w // 2
    mid_y = plot_h // 2
    axis = "$text-muted"
    for y in range(plot_h):
        put(LEFT - 1, y, "│", axis)
        put(mid_x, y, "┊", axis)
    for x in range(LEFT, LEFT + plot_w):
        put(x, mid_y, "┈", axis)
        put(x, plot_h, "─", axis)
    put(mid_x, mid_y, "┼", axis)
    put(LEFT - 1, plot_h, "└", axis)
    put(mid_x, plot_h, "┴", axis)
    put(LEFT - 1, mid_y, "┤", axis)
    put(LEFT + plot_w, plot_h, "▶", axis)
    put(LEFT - 1, 0, "▲", axis)
    put(0, 0, "100", axis)
    put(1, mid_y, "50", axis)
    put(2, plot_h - 1, "0", axis)
    put(0, 1, "Value", "bold")
    put(LEFT - 1, plot_h + 1, "0", axis)
    put(mid_x - 1, plot_h + 1, "50", axis)
    put(LEFT + plot_w - 3, plot_h + 1, "100", axis)
    title = "Effort →"
    put(LEFT + plot_w - len(title), plot_h + 2, title, "bold")

    label_cells: set[tuple[int, int]] = set()
    bottom = plot_h - 1
    for quadrant, (x0, y0) in {
        "quick-win": (LEFT + 1, 0),
        "big-bet": (LEFT + plot_w, 0),  # right-aligned
        "fill-in": (LEFT + 1, bottom),
        "money-pit": (LEFT + plot_w, bottom),
    }.items():
        label, style = QUADRANTS[quadrant]
        x = x0 - len(label) if x0 == LEFT + plot_w else x0
        put(x, y0, label, f"bold {style}")
        label_cells.update((x + i, y0) for i in range(-1, len(label) + 1))

    taken: set[tuple[int, int]] = set()
    right_end = LEFT + plot_w - 1
    for point in points:
        text = point.marker
        selected_point = point.id == selected
        if selected_point:
            text = f"[{text}]"
        high_effort = point.effort >= SPLIT
        high_value = point.value >= SPLIT
        # Each half of an axis holds its half of the scale, so a point always sits on the side
        # of the dividing lines its quadrant says (exactly 50 counts as high, as in models).
        if high_effort:
            share = (min(100.0, point.effort) - SPLIT) / SPLIT
            x_min, x_max = mid_x + 1, right_end - len(text) + 1
        else:
            share = max(0.0, point.effort) / SPLIT
            x_min, x_max = LEFT, mid_x - len(text)
        x = max(x_min, min(x_max, x_min + round(share * (x_max - x_min))))
        if high_value:
            share = (min(100.0, point.value) - SPLIT) / SPLIT
            y_min, y_max = 0, mid_y - 1
            y = y_max - round(share * (y_max - y_min))
        else:
            share = max(0.0, point.value) / SPLIT
            y_min, y_max = mid_y + 1, bottom
            y = y_max - round(share * (y_max - y_min))

        def clash(x: int, y: int, text: str = text) -> bool:
            cells = [(x + i, y) for i in range(-1, len(text) + 1)]
            return any(cell in taken or cell in label_cells for cell in cells)

        if clash(x, y):  # a label or another point: the nearest free spot in its quadrant
            options = [
                (x + dx, y + dy)
                for dy in (0, 1, -1, 2, -2)
                for dx in (1, 2, 3, -1, -2, -3, 4, 5, 6)
                if y_min <= y + dy <= y_max and x_min <= x + dx <= x_max
            ]
            x, y = next(((a, b) for a, b in options if not clash(a, b)), (x, y))
        style = f"bold reverse {QUADRANTS.get(point.quadrant, ('', ''))[1]}".strip()
        if selected_point:
            style = "bold reverse $text-accent"
        put(x, y, text, style)
        taken.update((x + i, y) for i in range(len(text)))

    lines = []
    for row in grid:
        parts: list[tuple[str, str]] = []
        for char, style in row:
            if parts and parts[-1][1] == style:
                parts[-1] = (parts[-1][0] + char, style)
            else:
                parts.append((char, style))
        lines.append(Content.assemble(*parts).rstrip())
    return Content("\n").join(lines)


def legend_content(
    points: Sequence[ChartPoint],
    not_plotted: Sequence[str],
    width: int,
    selected: int | None = None,
) -> Content:
    """The numbers on the chart with their names, quadrants and value/effort, best first."""
    if not points and not not_plotted:
        return Content.styled("No candidates yet.", "italic $text-muted")
    lines: list[Content] = []
    marker_width = max((len(p.marker) for p in points), default=1) + 1
    name_width = max(8, width - marker_width - 20)
    if points:
        head = " " * (marker_width + name_width + 1) + "quadrant".ljust(10) + "val/eff"
        lines.append(Content.styled(head, "italic $text-muted"))
    for point in points:
        _, style = QUADRANTS.get(point.quadrant, ("", ""))
        label = SINGULAR.get(point.quadrant, point.quadrant)
        name = point.name if len(point.name) <= name_width else point.name[: name_width - 1] + "…"
        line = Content.assemble(
            (point.marker.rjust(marker_width - 1) + " ", "bold"),
            (name.ljust(name_width), "bold" if point.id == selected else ""),
            " ",
            (label.ljust(10), style),
            (f"{point.value:3.0f}/{point.effort:<3.0f}", "$text-muted"),
        )
        if point.id == selected:
            line = line.stylize("reverse")
        lines.append(line)
    if not_plotted:
        lines.append(Content(""))
        lines.append(Content.styled("Not plotted (incomplete):", "italic $text-warning"))
        for name in not_plotted:
            lines.append(Content.styled(f"  {name}", "$text-muted"))
    return Content("\n").join(lines)


class ValueEffortChart(Widget, can_focus=True):
    """The 2×2 chart, redrawn to its size; up and down pick a candidate (lit on the chart)."""

    DEFAULT_CSS = """
    ValueEffortChart {
        width: 1fr;
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up",
            "move(-1)",
            "Previous",
            tooltip="The candidate ranked above",
            id="chart.up",
            show=False,
        ),
        Binding(
            "down",
            "move(1)",
            "Next",
            tooltip="The candidate ranked below",
            id="chart.down",
            show=False,
        ),
    ]

    @dataclass
    class Selected(Message):
        chart: ValueEffortChart
        candidate_id: int

        @property
        def control(self) -> ValueEffortChart:
            return self.chart

    selected: reactive[int | None] = reactive(None, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points: tuple[ChartPoint, ...] = ()

    def show(self, points: Sequence[ChartPoint], selected: int | None = None) -> None:
        self.points = tuple(points)
        self.set_reactive(ValueEffortChart.selected, selected)
        self.refresh()

    def watch_selected(self) -> None:
        self.refresh()

    def render(self) -> Content:
        return draw_chart(self.points, self.size.width, self.size.height, self.selected)

    def action_move(self, step: int) -> None:
        ids = [point.id for point in self.points]
        if not ids:
            return
        index = ids.index(self.selected) + step if self.selected in ids else 0
        self.selected = ids[max(0, min(len(ids) - 1, index))]
        self.post_message(self.Selected(self, self.selected))
