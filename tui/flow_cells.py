"""The cells of the Flows screen's two tables, built off the UI thread.

Every cell is `Text` (names are data, never markup). A page of 5,000 flows is built in a worker:
repeated values share one `Text` (`SharedTexts`), the columns are measured once and fitted to
the room there is (`fit_cells`), and the colours come in as plain Rich styles (`CellStyles`),
read from the widget's component classes on the UI thread. Nothing here touches a widget or
imports storage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text

from models.enums import Sensitivity
from tui.labels import answer, label

if TYPE_CHECKING:
    from models.findings import Finding
    from storage.queries.data_objects import DataObjectRow
    from storage.queries.flows import FlowRow

FLOW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("route", "Source → Target"),
    ("data_object", "Data object"),
    ("frequency", "Frequency"),
    ("mechanism", "Mechanism"),
    ("state", "State"),
    ("owner", "Owner"),
    ("findings", "Findings"),
)

# Table column -> `storage.queries.flows.list_flows` sort; "findings" is sorted here, after
# the query.
FLOW_SORT: dict[str, str] = {
    "route": "source",
    "data_object": "data_object",
    "frequency": "frequency",
    "mechanism": "mechanism",
    "state": "state",
    "owner": "owner",
}

# When the table is wider than the screen, these give way first, down to these widths (the
# strip under the table shows the highlighted flow in full).
FLOW_SHRINK: tuple[tuple[str, int], ...] = (("owner", 12), ("route", 28), ("data_object", 12))

# The table says "Partial"; the strip under it and the form say "partly automated".
STATE_SHORT: dict[str, str] = {"partial": "Partial"}

OBJECT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Data object"),
    ("source_of_truth", "Source of truth"),
    ("owner", "Owner"),
    ("sensitivity", "Sensitivity"),
    ("flows", "Flows"),
    ("definitions", "Definitions"),
)

OBJECT_SHRINK: tuple[tuple[str, int], ...] = (("owner", 12), ("name", 16), ("source_of_truth", 14))

CELL_PADDING = 2  # DataTable's default: one cell either side of every column
SCROLLBAR = 2
CHUNK = 500  # rows built between two looks at whether the worker was cancelled

MARK = "◆ "  # before the route of a flow marked for "make candidate"

SEVERITY_MARKS: tuple[tuple[str, str], ...] = (("blocker", "⛔"), ("warning", "⚠"), ("info", "ℹ"))

FindingIndex = Mapping[str, Sequence["Finding"]]


def fit_widths(
    natural: Mapping[str, int], shrink: Sequence[tuple[str, int]], available: int
) -> dict[str, int]:
    """Column widths that fit in `available` cells (padding included): the columns in `shrink`
    give way in order, each no narrower than its floor. Others keep their natural width."""
    widths = dict(natural)
    excess = sum(widths.values()) + CELL_PADDING * len(widths) - available
    for key, floor in shrink:
        if excess <= 0:
            break
        cut = min(excess, max(0, widths[key] - floor))
        widths[key] -= cut
        excess -= cut
    return widths


def fit_cells(
    rows: list[list[Text]],
    columns: Sequence[tuple[str, str]],
    shrink: Sequence[tuple[str, int]],
    available: int,
) -> list[int]:
    """Truncate (with an ellipsis) the cells of the columns that must give way, in place, and
    return each column's width as the table will need it (the widest cell or the header).

    Cells may be shared between rows (one `Text` for every "Daily"): each distinct cell is
    measured, and truncated, once; truncating a shared cell to its column's width suits every
    row that shows it.
    """
    keys = [key for key, _ in columns]
    natural = [len(title) + 2 for _, title in columns]  # the header and its sort arrow
    seen: set[int] = set()
    for cells in rows:
        for index, cell in enumerate(cells):
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            if cell.cell_len > natural[index]:
                natural[index] = cell.cell_len
    fitted = fit_widths(dict(zip(keys, natural, strict=True)), shrink, available)
    widths = [fitted[key] for key in keys]
    narrowed = [(index, width) for index, width in enumerate(widths) if width < natural[index]]
    for cells in rows:
        for index, width in narrowed:
            if cells[index].cell_len > width:
                cells[index].truncate(width, overflow="ellipsis")
    return widths


class SharedTexts:
    """One `Text` per repeated cell value within a page, built on first use.

    A page of 5,000 flows holds a handful of distinct frequencies, states, owners and badges;
    sharing their `Text`s makes building and measuring the page several times cheaper. Cells
    are only read by the table, never changed, so sharing is safe.
    """

    def __init__(self) -> None:
        self._texts: dict[tuple[str, str], Text] = {}

    def get(self, kind: str, value: str, make: Callable[[], Text]) -> Text:
        key = (kind, value)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = make()
        return text


@dataclass(frozen=True)
class CellStyles:
    """Rich styles for table cells, read from a widget's component classes (theme colours)
    on the UI thread and handed to the worker that builds the cells."""

    blocker: Style = field(default_factory=Style)
    warning: Style = field(default_factory=Style)
    info: Style = field(default_factory=Style)
    ok: Style = field(default_factory=Style)
    muted: Style = field(default_factory=Style)
    arrow: Style = field(default_factory=Style)
    manual: Style = field(default_factory=Style)
    automated: Style = field(default_factory=Style)
    planned: Style = field(default_factory=Style)


# --- Flows -------------------------------------------------------------------------------------


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {severity: 0 for severity, _ in SEVERITY_MARKS}
    for finding in findings:
        counts[str(finding.severity)] = counts.get(str(finding.severity), 0) + 1
    return counts


def findings_badge(findings: Sequence[Finding], styles: CellStyles) -> Text:
    """ "⛔ 1 ⚠ 2": how many findings of each severity a row has; a quiet ✓ when none."""
    if not findings:
        return Text("✓", style=styles.ok)
    counts = severity_counts(findings)
    parts: list[Text] = []
    for severity, mark in SEVERITY_MARKS:
        if counts[severity]:
            parts.append(Text(f"{mark} {counts[severity]}", style=getattr(styles, severity)))
    return Text(" ").join(parts)


def badge_order(findings: Sequence[Finding]) -> tuple[int, int, int]:
    counts = severity_counts(findings)
    return (counts["blocker"], counts["warning"], counts["info"])


def _badge(findings: Sequence[Finding], styles: CellStyles, texts: SharedTexts) -> Text:
    counts = ",".join(str(n) for n in badge_order(findings)) if findings else ""
    return texts.get("findings", counts, partial(findings_badge, findings, styles))


def _key(value: StrEnum | None) -> str:
    """A shared-text key for an answer ("" for unknown, which no value spells)."""
    return "" if value is None else value.value


def flow_cells(
    row: FlowRow,
    findings: Sequence[Finding] | None,
    styles: CellStyles,
    shared: SharedTexts | None = None,
) -> list[Text]:
    """The table cells of one flow, every one `Text` (names are data, never markup).

    `findings` None means they are still being worked out: the badge says "…"."""
    texts = shared or SharedTexts()
    arrow = " ⇄ " if row.two_way else " → "
    state = "" if row.state is None else row.state.value
    state_style = {
        "manual": styles.manual,
        "automated": styles.automated,
        "planned": styles.planned,
    }.get(state, Style())
    if findings is None:
        badge = texts.get("findings", "pending", lambda: Text("…", style=styles.muted))
    else:
        badge = _badge(findings, styles, texts)
    return [
        Text.assemble(row.source, (arrow, styles.arrow), row.target),
        texts.get("object", row.data_object, lambda: Text(row.data_object)),
        texts.get("frequency", _key(row.frequency), lambda: answer(row.frequency, styles.muted)),
        texts.get("mechanism", _key(row.mechanism), lambda: answer(row.mechanism, styles.muted)),
        texts.get(
            "state",
            state,
            lambda: (
                Text(STATE_SHORT.get(state) or label(state), style=state_style)
                if state
                else answer(None, styles.muted)
            ),
        ),
        texts.get(
            "owner",
            row.owner,
            lambda: Text(row.owner) if row.owner.strip() else Text("—", style=styles.muted),
        ),
        badge,
    ]


@dataclass(frozen=True)
class FlowCells:
    """The rows of a flows page in the order shown, their cells and the columns' widths."""

    rows: tuple[FlowRow, ...]
    cells: tuple[tuple[Text, ...], ...]
    widths: tuple[int, ...]


def flows_table_cells(
    rows: list[FlowRow],
    findings: FindingIndex | None,
    styles: CellStyles,
    *,
    sort: str,
    descending: bool,
    room: int,
    cancelled: Callable[[], bool],
) -> FlowCells | None:
    """The cells of `rows`, fitted to `room` columns (None once `cancelled()` says so).

    Without findings (None) the badges say they are pending; with them, a "findings" sort
    orders the rows by their badges here, after the query."""
    none: tuple[Finding, ...] = ()
    if findings is not None and sort == "findings":
        rows = sorted(
            rows, key=lambda row: badge_order(findings.get(row.ref, none)), reverse=descending
        )
    shared = SharedTexts()
    cells: list[list[Text]] = []
    for start in range(0, len(rows), CHUNK):
        if cancelled():
            return None
        cells += [
            flow_cells(
                row,
                findings.get(row.ref, none) if findings is not None else None,
                styles,
                shared,
            )
            for row in rows[start : start + CHUNK]
        ]
    widths = fit_cells(cells, FLOW_COLUMNS, FLOW_SHRINK, room)
    return FlowCells(tuple(rows), tuple(tuple(row) for row in cells), tuple(widths))


def with_badges(shown: FlowCells, findings: FindingIndex, styles: CellStyles) -> FlowCells:
    """`shown` (built with its badges pending) with each row's findings badge."""
    shared = SharedTexts()
    none: tuple[Finding, ...] = ()
    cells = tuple(
        (*row_cells[:-1], _badge(findings.get(row.ref, none), styles, shared))
        for row, row_cells in zip(shown.rows, shown.cells, strict=True)
    )
    widest = max((cell[-1].cell_len for cell in cells), default=0)
    return FlowCells(shown.rows, cells, (*shown.widths[:-1], max(shown.widths[-1], widest)))


def marked_route(cell: Text, width: int) -> Text:
    """The route with the mark before it, cut to the column's width (which stays put)."""
    marked = Text.assemble((MARK, "bold"), cell)
    if marked.cell_len > width:
        marked.truncate(width, overflow="ellipsis")
    return marked


def with_marks(shown: FlowCells, marked: set[int]) -> list[Sequence[Text]]:
    """The cells of `shown` with the routes of the `marked` flows marked."""
    cells: list[Sequence[Text]] = list(shown.cells)
    if not marked:
        return cells
    width = shown.widths[0] if shown.widths else 0
    if not width:
        width = max((len(row[0]) for row in cells), default=0) + len(MARK)
    for index, row in enumerate(shown.rows):
        if row.id in marked:
            cells[index] = (marked_route(cells[index][0], width), *cells[index][1:])
    return cells


# --- Data objects ------------------------------------------------------------------------------


def object_cells(row: DataObjectRow, styles: CellStyles) -> list[Text]:
    definitions = Text(str(row.definitions) if row.definitions else "—")
    if not row.definitions:
        definitions.stylize(styles.muted)
    if row.def_conflict:
        definitions.append("  ⚠ disagree", style=styles.warning)
    return [
        Text(row.name),
        Text(row.source_of_truth)
        if row.source_of_truth
        else Text("— none", style=styles.warning if row.flows else styles.muted),
        Text(row.owner) if row.owner.strip() else Text("—", style=styles.muted),
        answer(row.sensitivity, styles.muted),
        Text(str(row.flows)) if row.flows else Text("0", style=styles.muted),
        definitions,
    ]


def _sensitivity_rank(row: DataObjectRow) -> int:
    """In the vocabulary's order, the unknown ones last."""
    if row.sensitivity is None:
        return len(Sensitivity)
    return list(Sensitivity).index(row.sensitivity)


# Table column -> how the data objects are ordered (there are tens of them: in Python).
OBJECT_SORT: dict[str, Callable[[DataObjectRow], Any]] = {
    "name": lambda row: (row.name.casefold(), row.name),
    "source_of_truth": lambda row: (
        row.source_of_truth is None,
        (row.source_of_truth or "").casefold(),
    ),
    "owner": lambda row: (not row.owner.strip(), row.owner.casefold()),
    "sensitivity": _sensitivity_rank,
    "flows": lambda row: row.flows,
    "definitions": lambda row: (row.def_conflict, row.definitions),
}
