"""The readiness findings as the Overview shows them: counted, and cut into table cells.

Pure functions over `storage.queries.readiness` values, run in a thread worker for the table (a
5,000-flow workshop has 6,000 findings): `build_page` filters the findings, builds the cells
of every finding once per width (`RowCache`, reused by the next filter) and picks the row the
cursor goes to. Messages and names are data, never markup: every cell is a `Text`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    from models.readiness import Readiness, ReadinessFinding, Subject

SEVERITIES: tuple[tuple[str, str, str, str], ...] = (
    # severity, mark, singular, plural
    ("blocker", "⛔", "blocker", "blockers"),
    ("warning", "⚠", "warning", "warnings"),
    ("info", "ℹ", "info", "info"),
)
MARKS = {severity: mark for severity, mark, _, _ in SEVERITIES}
COLUMNS: tuple[tuple[str, str], ...] = (
    ("severity", "Severity"),
    ("code", "Code"),
    ("message", "Finding"),
    ("subjects", "Concerns"),
)
SUBJECTS_WIDTH = 34  # the "Concerns" column at most; the strip under the table says it all
CODE_WIDTH = 22  # FLOW-NO-ERROR-HANDLING
CELL_PADDING = 2
SCROLLBAR = 2
CHECKING = "Checking readiness…"
NO_FINDINGS = "✔ No findings: nothing in this workshop needs attention."
NOTHING_YET = "Nothing to check yet — add systems (key 2) and flows (key 3)."
KIND_LABELS = {
    "system": "system",
    "data_object": "data object",
    "flow": "flow",
    "candidate": "candidate",
    "kpi": "KPI",
}


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def severity_counts(findings: Sequence[ReadinessFinding]) -> dict[str, int]:
    counts = {severity: 0 for severity, *_ in SEVERITIES}
    for item in findings:
        counts[str(item.finding.severity)] = counts.get(str(item.finding.severity), 0) + 1
    return counts


def code_counts(findings: Sequence[ReadinessFinding]) -> list[tuple[str, str, int]]:
    """(severity, code, count), blockers first, then by count (most first) and code."""
    order = {severity: rank for rank, (severity, *_) in enumerate(SEVERITIES)}
    counts = Counter((str(item.finding.severity), item.finding.code) for item in findings)
    return sorted(
        ((severity, code, n) for (severity, code), n in counts.items()),
        key=lambda entry: (order.get(entry[0], 9), -entry[2], entry[1]),
    )


def severity_style(severity: str) -> str:
    """The style of a severity's mark and name (theme variables)."""
    return {
        "blocker": "bold $text-error",
        "warning": "bold $text-warning",
        "info": "bold $text-primary",
    }.get(severity, "bold")


def kind_label(subject: Subject) -> str:
    return KIND_LABELS.get(subject.kind or "", "")


def finding_detail(item: ReadinessFinding) -> Content:
    """The strip under the table: the finding in full, what it concerns, what enter does."""
    finding = item.finding
    severity = str(finding.severity)
    head = Content.assemble(
        (f"{MARKS.get(severity, '•')} {finding.code}  ", severity_style(severity)),
        " ".join(finding.message.split()),
    )
    concerns = Content(", ").join(
        Content.assemble((f"{kind_label(s)} ", "$text-muted"), (s.name, "bold"))
        for s in item.subjects
    )
    go = "enter: go to it" if len(item.subjects) == 1 else "enter: choose which to show"
    tail = Content.assemble(
        ("Concerns ", "$text-muted"), concerns, ("   " + go, "italic $text-muted")
    )
    return Content("\n").join([head, tail])


# Cells ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellStyles:
    """Rich styles for the table's cells (theme colours), read on the UI thread."""

    blocker: Style = field(default_factory=Style)
    warning: Style = field(default_factory=Style)
    info: Style = field(default_factory=Style)
    muted: Style = field(default_factory=Style)


# Characters one cell wide for certain: Latin, Greek, Cyrillic and the like, and general
# punctuation (the “quotes” and – dashes of messages). Text made only of these is clipped by
# slicing; anything else (CJK, emoji, combining marks) is measured by Rich.
# Compiled on first use (`re` keeps it), in the worker that builds the rows: 1 ms less before
# the first frame.
_NOT_SIMPLE = r"[^\u0020-\u02ff\u0370-\u0482\u048a-\u10ff\u2010-\u2027\u2030-\u205e]"


def clip(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis. Rich's own truncation measures every
    grapheme, which took 0.6 s for the 6,000 findings of a 5,000-flow workshop."""
    width = max(1, width)
    text = text[: width * 2 + 1]  # no character is wider than two cells
    if re.search(_NOT_SIMPLE, text) is None:
        return text if len(text) <= width else text[: width - 1] + "…"
    clipped = Text(text)
    clipped.truncate(width, overflow="ellipsis")
    return clipped.plain


def finding_cells(item: ReadinessFinding, styles: CellStyles, message_width: int) -> list[Text]:
    """One row: every cell `Text` (messages and names are data, never markup)."""
    finding = item.finding
    severity = str(finding.severity)
    style = getattr(styles, severity, Style())
    message = Text(clip(" ".join(finding.message.split()), max(10, message_width)))
    names = [subject.name for subject in item.subjects]
    if names:
        more = f" +{len(names) - 1}" if len(names) > 1 else ""
        concerns = Text(clip(names[0], SUBJECTS_WIDTH - len(more)))
        concerns.append(more, style=styles.muted)
    else:
        concerns = Text("—", style=styles.muted)
    return [
        Text(f"{MARKS.get(severity, '•')} {severity.capitalize()}", style=style),
        Text(finding.code, style=Style(bold=True)),
        message,
        concerns,
    ]


@dataclass(frozen=True)
class RowCache:
    """Cells for every finding of one readiness at one width: filters only pick from them."""

    readiness: Readiness | None = None
    message_width: int = 0
    styles: CellStyles | None = None
    cells: tuple[tuple[Text, ...], ...] = ()


@dataclass(frozen=True)
class FindingsPage:
    """The rows one filter shows: keys are indexes into `Readiness.findings`."""

    request: int
    keys: tuple[str, ...]
    cells: tuple[tuple[Text, ...], ...]
    widths: tuple[int, ...]
    select: str | None
    every_row: RowCache  # every finding's cells, for the next filter of the same findings


@dataclass(frozen=True)
class Filter:
    """Which findings to show: of one severity, of one code (None: any)."""

    severity: str | None = None
    code: str | None = None

    def __bool__(self) -> bool:
        return self.severity is not None or self.code is not None


def build_page(
    request: int,
    readiness: Readiness,
    shown: Filter,
    styles: CellStyles,
    width: int,
    select: tuple[str | None, object],
    rows: RowCache,
) -> FindingsPage:
    """The rows `shown` lets through, `width` cells wide, reusing `rows` where it fits. The
    cursor goes to the finding equal to `select[1]` (the one highlighted before a reload),
    else to the key `select[0]`."""
    findings = readiness.findings
    indexes = [
        index
        for index, item in enumerate(findings)
        if (shown.severity is None or str(item.finding.severity) == shown.severity)
        and (shown.code is None or item.finding.code == shown.code)
    ]
    # Widths that do not depend on the filter (room for a scrollbar kept), so every
    # filter of the same findings reuses the cells built once.
    severity_width = max(
        len("Severity"),
        *(Text(f"{mark} {name.capitalize()}").cell_len for name, mark, _, _ in SEVERITIES),
    )
    code_width = max([CODE_WIDTH, *(len(item.finding.code) for item in findings)])
    room = width - SCROLLBAR
    message_width = room - severity_width - code_width - SUBJECTS_WIDTH - CELL_PADDING * 4
    if (
        rows.readiness is not readiness
        or rows.message_width != message_width
        or (rows.styles != styles)
    ):
        every = tuple(tuple(finding_cells(item, styles, message_width)) for item in findings)
        rows = RowCache(readiness, message_width, styles, every)
    cells = tuple(rows.cells[index] for index in indexes)
    # The columns fill the panel: no cell is measured again (thousands of them, each
    # clipped to its column already).
    widths = (severity_width, code_width, max(10, message_width), SUBJECTS_WIDTH)
    keys = tuple(str(index) for index in indexes)
    key, identity = select
    if identity is not None:  # the same finding after a reload, wherever it is now
        key = next((str(i) for i in indexes if findings[i].finding == identity), key)
    return FindingsPage(request, keys, cells, widths, key, rows)
