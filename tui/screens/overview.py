"""The Overview screen (key 1, the first screen): the workshop, its counts, its readiness check.

It paints from a standard-library read of the file (`storage.peek.peek_overview`: the name, the
client, the counts) while storage loads, then works out every finding in a thread worker
(`storage.queries.readiness.load_readiness`; about 0.2 s on 5,000 flows) and lists them: counts per
code, and a table to filter by severity (b, w, i) or code (c). Enter on a finding shows the
entity it concerns on its own screen (`SeamworkApp.jump_to`); when a finding concerns several
(a flow, its data object and a system), enter asks which, the first one highlighted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker, WorkerState

from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.widgets.table import Table

if TYPE_CHECKING:
    from storage.peek import PeekOverview
    from storage.queries.readiness import Readiness, ReadinessFinding, Subject
    from storage.workshop_file import WorkshopFile
    from tui.app import SeamworkApp

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


def verdict(counts: dict[str, int], mapped: bool = True) -> Content:
    """One line a client can read: ready or not, and why. Nothing mapped is not "ready"."""
    blockers, warnings = counts["blocker"], counts["warning"]
    if not mapped and not blockers and not warnings:
        return Content.styled(NOTHING_YET, "bold $text-muted")
    if blockers:
        return Content.styled(
            f"⛔ Not ready: {plural(blockers, 'blocker')} to resolve before go-live.",
            "bold $text-error",
        )
    if warnings:
        return Content.styled(
            f"✔ No blockers · {plural(warnings, 'warning')} to review.", "bold $text-warning"
        )
    return Content.styled("✔ Ready: no blockers, no warnings.", "bold $text-success")


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
_NOT_SIMPLE = re.compile(r"[^\u0020-\u02ff\u0370-\u0482\u048a-\u10ff\u2010-\u2027\u2030-\u205e]")


def clip(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis. Rich's own truncation measures every
    grapheme, which took 0.6 s for the 6,000 findings of a 5,000-flow workshop."""
    width = max(1, width)
    text = text[: width * 2 + 1]  # no character is wider than two cells
    if _NOT_SIMPLE.search(text) is None:
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
class FindingsPage:
    """The rows one filter shows: keys are indexes into `Readiness.findings`."""

    request: int
    keys: tuple[str, ...]
    cells: tuple[tuple[Text, ...], ...]
    widths: tuple[int, ...]
    select: str | None
    every_row: RowCache  # every finding's cells, for the next filter of the same findings


@dataclass(frozen=True)
class RowCache:
    """Cells for every finding of one readiness at one width: filters only pick from them."""

    readiness: Readiness | None = None
    message_width: int = 0
    styles: CellStyles | None = None
    cells: tuple[tuple[Text, ...], ...] = ()


@dataclass(frozen=True)
class Loaded:
    """A worker's result: the readiness read by storage, or the first look at the file."""

    readiness: Readiness | None = None
    peek: PeekOverview | None = None


class OverviewScreen(Screen[None]):
    """The workshop at a glance and the readiness check (key 1)."""

    HELP_TITLE = "Overview"
    HELP = (
        "The workshop at a glance: who it is for, what has been mapped, and the readiness check "
        "— every finding, blockers first, with how many of each code. b, w and i show only the "
        "blockers, warnings or info (press again for all); c shows one code; escape clears the "
        "filter. Enter on a finding shows what it concerns on its own screen: a system on "
        "Systems, a flow or data object on Flows, a candidate or KPI on Priorities. When a "
        "finding concerns several things, "
        "enter asks which one. ctrl+e exports the session summary."
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "overview--blocker",
        "overview--warning",
        "overview--info",
        "overview--muted",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "jump",
            "Go to",
            tooltip="Show what the highlighted finding concerns, on its screen",
            id="overview.jump",
        ),
        Binding(
            "b",
            "severity('blocker')",
            "Blockers",
            tooltip="Only blockers; again for all",
            id="overview.blockers",
        ),
        Binding(
            "w",
            "severity('warning')",
            "Warnings",
            tooltip="Only warnings; again for all",
            id="overview.warnings",
        ),
        Binding(
            "i",
            "severity('info')",
            "Info",
            tooltip="Only info findings; again for all",
            id="overview.info",
        ),
        Binding(
            "c", "pick_code", "Code", tooltip="Only the findings of one code", id="overview.code"
        ),
        Binding(
            "escape",
            "clear_filter",
            "Show all",
            tooltip="Clear the severity and code filters",
            id="overview.clear_filter",
        ),
    ]

    AUTO_FOCUS = "#findings-table"

    def __init__(self) -> None:
        super().__init__(id="overview-screen")
        self.readiness: Readiness | None = None
        self.severity: str | None = None
        self.code: str | None = None
        self._stale = True
        self._requests = 0
        self._shown_request = -1
        self._rows = RowCache()

    @property
    def seamwork(self) -> SeamworkApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="overview-top"):
            with Vertical(id="overview-workshop", classes="panel") as workshop:
                workshop.border_title = "Workshop"
                yield Static(self._details_from_probe(), id="overview-details")
            with Vertical(id="overview-readiness", classes="panel") as readiness:
                readiness.border_title = "Readiness check"
                yield Static(Content.styled(CHECKING, "italic $text-muted"), id="overview-summary")
        with Vertical(id="overview-findings", classes="panel") as findings:
            findings.border_title = "Findings"
            yield Table(id="findings-table", cursor_type="row", zebra_stripes=True)
            yield Static(CHECKING, id="findings-empty", markup=False)
            yield Static("", id="finding-detail")
        yield Static("", id="overview-status", classes="status-line")

    @property
    def table(self) -> Table:
        return self.query_one("#findings-table", Table)

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount, Footer())  # after the first frame (fast start)
        for key, title in COLUMNS:
            self.table.add_column(title, key=key)
        self.table.display = False
        self.query_one("#finding-detail").display = False
        if self.seamwork.workshop is not None:
            self.reload()
        else:
            self._peek(self.seamwork.path)
        self._show_status()

    def _details_from_probe(self) -> Content:
        name = getattr(self.app, "info", None)
        workshop = getattr(name, "workshop_name", None) or ""
        return Content.styled(workshop, "bold") if workshop else Content("")

    # Loading ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _peek(self, path: Path) -> Loaded:
        """The workshop and its counts straight from the file (stdlib only) while storage
        loads: the screen has its numbers before SQLModel is even imported."""
        from storage.peek import peek_overview

        return Loaded(peek=peek_overview(path))

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, _: WorkshopChanged) -> None:
        """Any edit may change a finding: reload now if on show, else when next shown."""
        self._stale = True
        if self.is_current:
            self.reload()

    def on_screen_resume(self) -> None:
        if self._stale and self.seamwork.workshop is not None:
            self.reload()

    def reload(self) -> None:
        workshop = self.seamwork.workshop
        if workshop is None:
            return
        self._stale = False
        self._load(workshop)
        self._show_status(checking=True)

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _load(self, workshop: WorkshopFile) -> Loaded:
        from storage.queries.readiness import load_readiness

        with workshop.session() as session:
            return Loaded(readiness=load_readiness(session))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Failures bubble on to the app, which handles every worker's errors in one place.
        if event.state != WorkerState.SUCCESS:
            return
        result = event.worker.result
        if isinstance(result, Loaded):
            if result.readiness is not None:
                self._show_readiness(result.readiness)
            elif result.peek is not None and self.readiness is None:
                self._show_peek(result.peek)
        elif isinstance(result, FindingsPage) and result.request == self._requests:
            self._show_page(result)

    # The workshop panel ----------------------------------------------------------------------

    def _show_peek(self, peek: PeekOverview) -> None:
        self._show_details(
            peek.name,
            peek.client,
            peek.facilitator,
            (peek.systems, peek.data_objects, peek.flows),
            (peek.checks, peek.reviewed, peek.gaps),
            peek.candidates,
        )

    def _show_details(
        self,
        name: str,
        client: str,
        facilitator: str,
        entities: tuple[int, int, int],
        checks: tuple[int, int, int],
        candidates: int | None,
    ) -> None:
        systems, objects, flows = entities
        total, reviewed, gaps = checks

        def fact(title: str, value: str) -> Content:
            return Content.assemble((title.ljust(13), "$text-muted"), value)

        def number(title: str, value: int, width: int = 14) -> Content:
            return Content.assemble((title.ljust(width), "$text-muted"), (f"{value:>5}", "bold"))

        lines = [
            Content.styled(name or "Untitled workshop", "bold"),
            fact("Client", client or "—"),
            fact("Facilitator", facilitator or "—"),
            Content(""),
            Content.assemble(number("Systems", systems), "    ", number("Flows", flows, 10)),
        ]
        second = number("Data objects", objects)
        if candidates:  # only once prioritisation has started
            second = Content.assemble(second, "    ", number("Candidates", candidates, 10))
        lines.append(second)
        if total:
            lines.append(
                Content.assemble(
                    ("Checks".ljust(14), "$text-muted"),
                    (f"{reviewed:>5}", "bold"),
                    f" of {total} reviewed · ",
                    (plural(gaps, "gap"), "bold $text-warning" if gaps else ""),
                )
            )
        else:
            lines.append(
                Content.assemble(
                    ("Checks".ljust(14), "$text-muted"), ("    —", "bold"), " none applied yet"
                )
            )
        self.query_one("#overview-details", Static).update(Content("\n").join(lines))

    # The readiness panel and the table -------------------------------------------------------

    def _show_readiness(self, readiness: Readiness) -> None:
        # The highlighted finding, read while the rows' keys still index the findings shown.
        identity = self._selected_identity()
        self.readiness = readiness
        counts = readiness.counts
        self._show_details(
            readiness.name,
            readiness.client,
            readiness.facilitator,
            (counts.systems, counts.data_objects, counts.flows),
            (counts.checks, counts.reviewed, counts.gaps),
            counts.candidates,
        )
        self._show_summary()
        self._fill(identity=identity)
        self._shown_request = -1  # until the new rows show, no row is a finding to jump to

    def _show_summary(self) -> None:
        readiness = self.readiness
        if readiness is None:
            return
        findings = readiness.findings
        counts = severity_counts(findings)
        totals = Content("  ·  ").join(
            Content.assemble(
                (f"{mark} ", self._severity_style(severity)),
                (str(counts[severity]), "bold"),
                f" {one if counts[severity] == 1 else many}",
            )
            for severity, mark, one, many in SEVERITIES
        )
        mapped = bool(readiness.counts.systems or readiness.counts.flows)
        lines = [verdict(counts, mapped), totals, Content("")]
        entries = code_counts(findings)
        if entries:
            width = self.query_one("#overview-summary").size.width or 60
            # A space before the count however many digits it has (1,714 warnings happen).
            count_width = 1 + max(3, *(len(str(n)) for _, _, n in entries))
            entry_width = 2 + CODE_WIDTH + count_width
            columns = max(1, min(3, (width + 2) // (entry_width + 2)))
            rows = -(-len(entries) // columns)
            cells = [
                Content.assemble(
                    (f"{MARKS.get(severity, '•')} ", self._severity_style(severity)),
                    code.ljust(CODE_WIDTH),
                    (f"{n:>{count_width}}", "bold"),
                )
                for severity, code, n in entries
            ]
            for row in range(rows):
                parts = [cells[i] for i in range(row, len(cells), rows)]
                lines.append(Content("  ").join(parts))
        else:
            lines.append(
                Content.styled(NO_FINDINGS, "$text-success")
                if mapped
                else Content.styled("No findings.", "$text-muted")
            )
        self.query_one("#overview-summary", Static).update(Content("\n").join(lines))

    @staticmethod
    def _severity_style(severity: str) -> str:
        return {
            "blocker": "bold $text-error",
            "warning": "bold $text-warning",
            "info": "bold $text-primary",
        }.get(severity, "bold")

    def _cell_styles(self) -> CellStyles:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"overview--{name}", partial=True)

        return CellStyles(**{name: style(name) for name in CellStyles.__dataclass_fields__})

    def _fill(self, select: str | None = None, *, identity: object = None) -> None:
        """Show the findings the filter lets through, building the rows in a worker (there may
        be thousands), keeping the cursor on the same finding (`identity`, when the findings
        were just replaced; else the highlighted one)."""
        readiness = self.readiness
        if readiness is None:
            return
        self._requests += 1
        keep = select
        if keep is None and self.table.row_count and self._shown_request >= 0:
            keep = self._selected_finding_key()
        width = self.query_one("#overview-findings").content_region.width or (
            self.app.size.width - 6
        )
        self._build(
            self._requests,
            readiness,
            self.severity,
            self.code,
            self._cell_styles(),
            width,
            keep,
            identity if identity is not None else self._selected_identity(),
            self._rows,
        )

    # `description` spares the decorator a repr() of its arguments on the UI thread: of
    # thousands of findings and their cells, that took 0.7 s.
    @work(
        thread=True,
        exclusive=True,
        group="overview-rows",
        exit_on_error=False,
        description="overview rows",
    )
    def _build(
        self,
        request: int,
        readiness: Readiness,
        severity: str | None,
        code: str | None,
        styles: CellStyles,
        width: int,
        select: str | None,
        identity: object,
        rows: RowCache,
    ) -> FindingsPage:
        findings = readiness.findings
        indexes = [
            index
            for index, item in enumerate(findings)
            if (severity is None or str(item.finding.severity) == severity)
            and (code is None or item.finding.code == code)
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
            or rows.styles != styles
        ):
            every = tuple(tuple(finding_cells(item, styles, message_width)) for item in findings)
            rows = RowCache(readiness, message_width, styles, every)
        cells = tuple(rows.cells[index] for index in indexes)
        # The columns fill the panel: no cell is measured again (thousands of them, each
        # clipped to its column already).
        widths = [severity_width, code_width, max(10, message_width), SUBJECTS_WIDTH]
        keys = tuple(str(index) for index in indexes)
        if identity is not None:  # the same finding after a reload, wherever it is now
            for index in indexes:
                if readiness.findings[index].finding == identity:
                    select = str(index)
                    break
        return FindingsPage(request, keys, cells, tuple(widths), select, rows)

    def _selected_finding_key(self) -> str | None:
        table = self.table
        if not table.display or table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _selected_identity(self) -> object:
        """The highlighted finding itself (its index changes when the workshop does)."""
        item = self.selected
        return item.finding if item is not None else None

    @property
    def selected(self) -> ReadinessFinding | None:
        """The highlighted finding, if any."""
        key = self._selected_finding_key()
        readiness = self.readiness
        if key is None or readiness is None or self._shown_request < 0:
            return None
        index = int(key)
        return readiness.findings[index] if index < len(readiness.findings) else None

    def _show_page(self, page: FindingsPage) -> None:
        self._rows = page.every_row
        table = self.table
        old_row = table.cursor_row
        table.clear()
        table.add_keyed_rows(zip(page.keys, page.cells, strict=True), page.widths)
        self._shown_request = page.request
        has_rows = bool(page.keys)
        table.display = has_rows
        self.query_one("#finding-detail").display = has_rows
        empty = self.query_one("#findings-empty", Static)
        empty.display = not has_rows
        if has_rows:
            target = min(old_row, table.row_count - 1)
            if page.select is not None and page.select in page.keys:
                target = page.keys.index(page.select)
            table.move_cursor(row=target)
            if self.focused is None:
                table.focus()
        elif self.readiness is not None and self.readiness.findings:
            empty.update("No findings match the filter — press escape to show them all.")
        else:
            counts = self.readiness.counts if self.readiness is not None else None
            empty.update(
                NO_FINDINGS if counts and (counts.systems or counts.flows) else NOTHING_YET
            )
        self._show_count(len(page.keys))
        self._show_detail()
        self._show_status()
        self.refresh_bindings()

    def _show_count(self, shown: int) -> None:
        total = len(self.readiness.findings) if self.readiness is not None else 0
        body = self.query_one("#overview-findings")
        filtered = self.severity is not None or self.code is not None
        body.border_subtitle = (
            f"{shown} of {plural(total, 'finding')}" if filtered else plural(total, "finding")
        )

    def _show_detail(self) -> None:
        strip = self.query_one("#finding-detail", Static)
        item = self.selected
        if item is None:
            strip.update("")
            return
        finding = item.finding
        severity = str(finding.severity)
        head = Content.assemble(
            (f"{MARKS.get(severity, '•')} {finding.code}  ", self._severity_style(severity)),
            " ".join(finding.message.split()),
        )
        concerns = Content(", ").join(
            Content.assemble((f"{self._kind_label(s)} ", "$text-muted"), (s.name, "bold"))
            for s in item.subjects
        )
        go = "enter: go to it" if len(item.subjects) == 1 else "enter: choose which to show"
        tail = Content.assemble(
            ("Concerns ", "$text-muted"), concerns, ("   " + go, "italic $text-muted")
        )
        strip.update(Content("\n").join([head, tail]))

    @staticmethod
    def _kind_label(subject: Subject) -> str:
        from_kind = {
            "system": "system",
            "data_object": "data object",
            "flow": "flow",
            "candidate": "candidate",
            "kpi": "KPI",
        }
        return from_kind.get(subject.kind or "", "")

    @on(DataTable.RowHighlighted, "#findings-table")
    def _highlighted(self) -> None:
        self._show_detail()

    def on_resize(self, _: events.Resize) -> None:
        self._show_summary()

    def _show_status(self, checking: bool = False) -> None:
        parts: list[Content | str] = []
        if self.seamwork.workshop is None:
            parts.append("Opening the workshop…")
        elif checking or self.readiness is None:
            parts.append(CHECKING)
        else:
            if self.severity is not None:
                parts.append(
                    Content.from_markup(
                        "Only [b]$what[/b]",
                        what=dict((s, many) for s, _, _, many in SEVERITIES)[self.severity],
                    )
                )
            if self.code is not None:
                parts.append(Content.from_markup("Code [b]$code[/b]", code=self.code))
            if parts:
                parts.append("esc shows all")
            else:
                parts.append("All findings, blockers first")
            parts.append("b w i severity · c code · enter go to · ctrl+e export")
        reason = self.seamwork.read_only_reason
        if reason:
            parts.insert(0, Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        self.query_one("#overview-status", Static).update(Content("  ·  ").join(parts))

    # Filtering -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "jump":
            return True if self.selected is not None else None
        if action == "clear_filter":
            return self.severity is not None or self.code is not None
        if action in ("severity", "pick_code"):
            return self.readiness is not None
        return True

    def action_severity(self, severity: str) -> None:
        self.severity = None if self.severity == severity else severity
        self._filter_changed()

    def action_pick_code(self) -> None:
        from tui.dialogs.pick_name import PickNameDialog

        if self.readiness is None:
            return
        # Only codes the severity filter can show: any other pick would empty the table.
        codes = list(
            dict.fromkeys(
                code
                for severity, code, _ in code_counts(self.readiness.findings)
                if self.severity is None or severity == self.severity
            )
        )
        if not codes:
            self.notify("No findings of that severity, so no code to pick.", markup=False)
            return

        def picked(code: str | None) -> None:
            if code is not None:
                self.code = code
                self._filter_changed()

        self.app.push_screen(PickNameDialog("Findings of code", codes, current=self.code), picked)

    def action_clear_filter(self) -> None:
        if self.severity is None and self.code is None:
            return
        self.severity = None
        self.code = None
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._fill()
        self._show_status()
        self.refresh_bindings()

    # Going to what a finding concerns --------------------------------------------------------

    @on(DataTable.RowSelected, "#findings-table")
    def _row_chosen(self) -> None:
        self.action_jump()

    def action_jump(self) -> None:
        item = self.selected
        if item is None:
            return
        if len(item.subjects) == 1:
            self._go(item.subjects[0])
            return
        if not item.subjects:
            self.notify("This finding names nothing to show.", markup=False)
            return
        from tui.dialogs.pick_name import PickNameDialog

        labels = {subject.label: subject for subject in item.subjects}

        def picked(label: str | None) -> None:
            if label is not None:
                self._go(labels[label])

        first = next(iter(labels))
        self.app.push_screen(
            PickNameDialog(
                "Go to",
                list(labels),
                current=first,
                hint=f"This {item.finding.code} finding concerns several things; show which?",
            ),
            picked,
        )

    def _go(self, subject: Subject) -> None:
        if subject.kind is None:
            self.notify(
                f"Nothing called “{subject.name}” is in the workshop any more.", markup=False
            )
            return
        self.call_later(self.seamwork.jump_to, subject.kind, subject.name)
