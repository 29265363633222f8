"""The exception-scenario checklist as the Scenarios screen shows it: table rows, the
highlighted check told in full, and the per-flow progress.

Pure functions over `storage.queries.scenarios` rows. Scenario titles, owners and notes are data,
never markup: cells are `Text`, and templates fill them in as variables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.content import Content

from models.enums import CheckStatus
from tui.widgets.content_lines import LazyLines

if TYPE_CHECKING:
    from storage.check_rows import CheckProgress, CheckRow, FlowProgress

ALL_FLOWS = 0
NOTE_WIDTH = 9
SUMMARY_WIDTH = 28  # the per-flow panel's text

# status -> (symbol and label, theme variable for its colour)
STATUS_LOOK: dict[CheckStatus, tuple[str, str]] = {
    CheckStatus.OPEN: ("○ Open", ""),
    CheckStatus.HANDLED: ("✔ Handled", "text-success"),
    CheckStatus.GAP: ("✖ Gap", "text-error"),
    CheckStatus.ACCEPTED_RISK: ("▲ Risk", "text-warning"),
    CheckStatus.NOT_APPLICABLE: ("– N/A", ""),
}


def flow_ref(source: str, target: str, data_object: str) -> str:
    return f"{source} → {target}: {data_object}"


def status_label(status: CheckStatus) -> str:
    return STATUS_LOOK[status][0]


def progress_label(total: int, reviewed: int, gaps: int) -> str:
    """ "12 of 30 reviewed · 3 gaps"."""
    noun = "gap" if gaps == 1 else "gaps"
    return f"{reviewed} of {total} reviewed · {gaps} {noun}"


def truncate(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def status_styles(variables: Mapping[str, str]) -> dict[CheckStatus, Style]:
    """Each status's style in the theme whose CSS `variables` are given."""
    styles: dict[CheckStatus, Style] = {}
    for status, (_, variable) in STATUS_LOOK.items():
        colour = variables.get(variable, "") if variable else ""
        if colour.startswith("#"):
            styles[status] = Style.parse(f"bold {colour}")
        elif status == CheckStatus.NOT_APPLICABLE:
            styles[status] = Style(dim=True, italic=True)
        else:
            styles[status] = Style(dim=True)
    return styles


def status_cell(status: CheckStatus, styles: Mapping[CheckStatus, Style]) -> Text:
    return Text(status_label(status), style=styles[status])


HEADERS = ("Scenario", "Status", "Owner", "UAT", "Note")  # after "Flow" or "Category"


@dataclass(frozen=True)
class CheckCells:
    """The checklist's rows as the table takes them (`Table.add_keyed_rows`): (key, cells)
    per check, and the width each column needs, its header included."""

    rows: tuple[tuple[str, list[Text]], ...]
    widths: tuple[int, ...]


def check_rows(
    checks: Iterable[CheckRow], all_flows: bool, styles: Mapping[CheckStatus, Style]
) -> CheckCells:
    """(key, cells) per check: its flow (all flows) or category, named once per group, then
    scenario, status, owner, UAT and note.

    Cells with the same text are one `Text`, built once (nothing changes a cell in place:
    marking a check puts a new one there): all flows at 5,000 flows is 55,000 checks of a
    few dozen scenarios, and a `Text` a cell took 1.4 s before the table saw a row."""
    first = "Flow" if all_flows else "Category"
    widths = [len(title) for title in (first, *HEADERS)]
    made: dict[tuple[int, str], Text] = {}

    def cell(column: int, text: str, style: str | Style = "") -> Text:
        found = made.get((column, text))
        if found is None:
            found = made[(column, text)] = Text(text, style=style)
            widths[column] = max(widths[column], found.cell_len)
        return found

    statuses = {status: Text(status_label(status), style=styles[status]) for status in styles}
    shown: set[CheckStatus] = set()
    uat = cell(4, "✓", "bold")
    rows: list[tuple[str, list[Text]]] = []
    last_flow: int | None = None
    last_category: str | None = None
    for check in checks:
        new_flow = check.flow_id != last_flow
        if all_flows:
            ref = flow_ref(check.source, check.target, check.data_object) if new_flow else ""
            group = cell(0, truncate(ref, 30), "bold")
        else:
            new_group = new_flow or check.category != last_category
            category = check.category[:1].upper() + check.category[1:] if new_group else ""
            group = cell(0, category, "bold")
        last_flow, last_category = check.flow_id, check.category
        cells = [
            group,
            cell(1, truncate(check.scenario, 24)),
            statuses[check.status],
            cell(3, truncate(check.owner, 10)),
            uat if check.uat else cell(4, ""),
            cell(5, truncate(check.note, NOTE_WIDTH)),
        ]
        rows.append((str(check.id), cells))
        shown.add(check.status)
    widths[2] = max([widths[2], *(statuses[status].cell_len for status in shown)])
    return CheckCells(tuple(rows), tuple(widths))


def recorded(check: CheckRow) -> str:
    """ "Owner: Ops · UAT ✓ · Note: …" for what was recorded, on a line of its own."""
    parts = []
    if check.owner:
        parts.append(f"Owner: {check.owner}")
    if check.uat:
        parts.append("UAT ✓")
    if check.note:
        parts.append(f"Note: {' '.join(check.note.split())}")
    return " · ".join(parts) + "\n" if parts else ""


def check_detail(check: CheckRow) -> Content:
    """The highlighted check: its scenario and flow, what was recorded (second, so a short
    terminal still shows the owner and note a narrow table cuts), the question to ask the
    room and the scenario's description."""
    return Content.from_markup(
        "[b]$title[/b] [$text-muted]· $category · $flow[/]\n"
        "$recorded"
        "[b $text-accent]Ask the room:[/b $text-accent] [i]$question[/i]\n"
        "[$text-muted]$description[/]",
        title=check.scenario,
        category=check.category,
        flow=flow_ref(check.source, check.target, check.data_object),
        description=check.description or "—",
        question=check.question or "—",
        recorded=recorded(check),
    )


class SummaryLines(LazyLines):
    """Each flow with checks, the one shown marked, with a meter of checks reviewed and its
    gaps; then how many flows have no checks yet: one `Content` per line, two a flow. Each
    line is built when first asked for: the panel shows thirty of 10,000 at 5,000 flows, and
    building them all held the screen's first visit back ~60 ms."""

    def __init__(self, progress: CheckProgress, flow_id: int) -> None:
        super().__init__()
        self._flows = [flow for flow in progress.flows if flow.total]
        self._flow_id = flow_id
        bare = len(progress.flows) - len(self._flows)
        self._tail: list[Content] = []
        if bare:
            noun = "flow has" if bare == 1 else "flows have"
            # Two lines: the panel draws each line unwrapped (`ContentLines`), and 33 columns
            # hold "5000 flows have no checks yet" but not the key after it.
            self._tail += [
                Content(""),
                Content.assemble((f"{bare} {noun} no checks yet", "$text-muted")),
                Content.assemble(("(l)", "$text-muted")),
            ]
        if not self._flows and not self._tail:
            self._tail = [Content.assemble(("No checks yet", "$text-muted"))]
        # The widest line's cells, without building the lines: a meter line is "  ", ten
        # cells of meter, then " 3/11 · 2 gaps".
        meters = (13 + len(f"{f.reviewed}/{f.total} · {f.gaps} gaps") for f in self._flows)
        tails = (line.cell_length for line in self._tail)
        self.width = max(SUMMARY_WIDTH, *meters, *tails)

    def __len__(self) -> int:
        return 2 * len(self._flows) + len(self._tail)

    def line(self, index: int) -> Content:
        if index >= 2 * len(self._flows):
            return self._tail[index - 2 * len(self._flows)]
        flow = self._flows[index // 2]
        return self._line(flow) if index % 2 == 0 else self._meter(flow)

    def _line(self, flow: FlowProgress) -> Content:
        ref = flow_ref(flow.source, flow.target, flow.data_object)
        current = flow.flow_id == self._flow_id
        head = "bold $text-primary" if current else "bold"
        marker = "▶ " if current else "  "
        return Content.assemble((marker + truncate(ref, SUMMARY_WIDTH - 2), head))

    @staticmethod
    def _meter(flow: FlowProgress) -> Content:
        filled = round(10 * flow.reviewed / flow.total)
        meter = "▰" * filled + "▱" * (10 - filled)
        gaps = f"{flow.gaps} gap" + ("" if flow.gaps == 1 else "s")
        return Content.assemble(
            "  ",
            (meter, "$text-success" if flow.reviewed == flow.total else "$text-primary"),
            f" {flow.reviewed}/{flow.total}",
            " · ",
            (gaps, "bold $text-error" if flow.gaps else "$text-muted"),
        )


def shown_progress(progress: CheckProgress, flow_id: int) -> tuple[int, int, int]:
    """(checks, reviewed, gaps) of the flow shown, or of every flow."""
    if flow_id == ALL_FLOWS:
        return progress.total, progress.reviewed, progress.gaps
    for flow in progress.flows:
        if flow.flow_id == flow_id:
            return flow.total, flow.reviewed, flow.gaps
    return 0, 0, 0
