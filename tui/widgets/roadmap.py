"""The phased roadmap: each phase with its candidates, the flows they cover, the manual hours a
week they remove and the KPIs that should move, phases ascending and the unphased last.

`RoadmapView` scrolls; up and down pick a candidate (lit), so the screen's phase keys move the
one the room is talking about and the picture follows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from models.phases import phase_label
from tui.widgets.matrix_grid import truncate

if TYPE_CHECKING:
    from storage.queries.priorities import KpiRow, PhaseRow

ARROW = " → "
NAME_WIDTH = 48  # longer candidate names are cut with "…" so each candidate stays on one row


def number(value: float | None) -> str:
    """12 -> "12", 2.5 -> "2.5", None -> "?"."""
    if value is None:
        return "?"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def kpi_text(kpi: KpiRow) -> str:
    """ "Order error rate: 3.2 → 0.5 %" (baseline → target unit)."""
    unit = f" {kpi.unit}" if kpi.unit else ""
    text = f"{kpi.name}: {number(kpi.baseline)}{ARROW}{number(kpi.target)}{unit}"
    return f"{text} ({kpi.owner})" if kpi.owner else text


def hours(value: float) -> str:
    return f"{number(round(value, 1))} h/week"


def known_hours(value: float, flows: int, unknown: int) -> str:
    """ "6 h/week", "6 h/week (1 flow not recorded)", or "not recorded" when no flow says: an
    unknown is never summed as 0."""
    if unknown and unknown == flows:
        return "not recorded"
    if not unknown:
        return hours(value)
    return f"{hours(value)} ({unknown} flow{'' if unknown == 1 else 's'} not recorded)"


def show_ref(ref: str) -> str:
    """Flows read with an arrow on screen; files keep `S -> T: O`."""
    return ref.replace(" -> ", ARROW, 1)


@dataclass(frozen=True)
class RoadmapText:
    content: Content
    order: tuple[int, ...]  # candidate ids in the order shown
    lines: Mapping[int, int]  # candidate id -> its line


def roadmap_content(
    phases: Sequence[PhaseRow],
    ranks: Mapping[int, int | None],
    selected: int | None = None,
) -> RoadmapText:
    """The roadmap as text; `ranks` maps candidate ids to their rank (None: incomplete)."""
    if not phases or not any(phase.candidates for phase in phases):
        empty = Content.styled(
            "No candidates yet — press a to add one or g for suggestions; then [ and ] put "
            "them in phases.",
            "italic $text-muted",
        )
        return RoadmapText(empty, (), {})
    lines: list[Content] = []
    order: list[int] = []
    where: dict[int, int] = {}
    for phase in phases:
        if not phase.candidates:
            continue
        if lines:
            lines.append(Content(""))
        title = f" {phase_label(phase.phase)} "
        n = len(phase.candidates)
        facts = (
            f"{n} candidate{'' if n == 1 else 's'} · {len(phase.flows)} "
            f"flow{'' if len(phase.flows) == 1 else 's'} · manual work removed: "
            f"{known_hours(phase.manual_hours, len(phase.flows), phase.hours_unknown)}"
        )
        style = "bold reverse $text-primary" if phase.phase is not None else "bold reverse"
        lines.append(Content.assemble((title, style), "  ", (facts, "bold")))
        width = min(NAME_WIDTH, max(len(c.name) for c in phase.candidates))
        for candidate in phase.candidates:
            rank = ranks.get(candidate.id)
            rank_text = f"#{rank}" if rank is not None else "incomplete"
            count = len(candidate.flows)
            line = Content.assemble(
                ("  ▸ " if candidate.id == selected else "    ", "bold $text-accent"),
                (truncate(candidate.name, width).ljust(width), "bold"),
                "  ",
                (rank_text.ljust(12), "$text-warning" if rank is None else "$text-accent"),
                (f"{count} flow{'' if count == 1 else 's'}".ljust(9), "$text-muted"),
                (
                    known_hours(candidate.manual_hours, count, candidate.hours_unknown).rjust(12),
                    "$text-muted",
                ),
            )
            if candidate.id == selected:
                line = line.stylize("reverse", 2)
            where[candidate.id] = len(lines)
            order.append(candidate.id)
            lines.append(line)
        if phase.flows:
            lines.append(
                Content.assemble(
                    ("    Flows  ", "bold $text-muted"),
                    " · ".join(show_ref(ref) for ref in phase.flows),
                )
            )
        if phase.kpis:
            lines.append(
                Content.assemble(
                    ("    KPIs   ", "bold $text-muted"),
                    " · ".join(kpi_text(kpi) for kpi in phase.kpis),
                )
            )
        elif phase.phase is not None:
            lines.append(
                Content.styled(
                    "    KPIs   none linked yet — what will this phase move?",
                    "italic $text-warning",
                )
            )
    return RoadmapText(Content("\n").join(lines), tuple(order), where)


class RoadmapView(VerticalScroll, can_focus=True):
    """The roadmap text in a scrolling panel, with a candidate cursor."""

    DEFAULT_CSS = """
    RoadmapView {
        height: 1fr;
        & > Static { width: 1fr; height: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up", "move(-1)", "Previous", tooltip="The candidate above", id="roadmap.up", show=False
        ),
        Binding(
            "down", "move(1)", "Next", tooltip="The candidate below", id="roadmap.down", show=False
        ),
    ]

    @dataclass
    class Selected(Message):
        roadmap: RoadmapView
        candidate_id: int

        @property
        def control(self) -> RoadmapView:
            return self.roadmap

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.phases: tuple[PhaseRow, ...] = ()
        self.ranks: Mapping[int, int | None] = {}
        self.selected: int | None = None
        self.text = RoadmapText(Content(""), (), {})

    def compose(self) -> ComposeResult:
        yield Static("", id="roadmap-text")

    def show(
        self,
        phases: Sequence[PhaseRow],
        ranks: Mapping[int, int | None],
        selected: int | None = None,
    ) -> None:
        self.phases, self.ranks = tuple(phases), dict(ranks)
        self.select(selected)

    def select(self, candidate_id: int | None) -> None:
        self.selected = candidate_id
        self.text = roadmap_content(self.phases, self.ranks, candidate_id)
        self.query_one("#roadmap-text", Static).update(self.text.content)
        line = self.text.lines.get(candidate_id) if candidate_id is not None else None
        if line is not None:
            self.call_after_refresh(self._scroll_to_line, line)

    def _scroll_to_line(self, line: int) -> None:
        """Bring text line `line` into view. The flow and KPI lines above it wrap, so count the
        rows each takes at the width shown, not one row per line."""
        width = self.query_one("#roadmap-text", Static).content_region.width
        lines = self.text.content.split("\n", allow_blank=True)[:line]
        row = sum(len(text.wrap(width)) for text in lines) if width > 0 else line
        self.scroll_to_region(Region(0, row, 1, 1), animate=False, force=True)

    def action_move(self, step: int) -> None:
        order = list(self.text.order)
        if not order:
            return
        index = order.index(self.selected) + step if self.selected in order else 0
        chosen = order[max(0, min(len(order) - 1, index))]
        self.select(chosen)
        self.post_message(self.Selected(self, chosen))

    @property
    def plain(self) -> str:
        return self.text.content.plain
