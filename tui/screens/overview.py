"""The Overview screen (key 1, the first screen): the workshop, its counts, its readiness check.

It paints from a standard-library read of the file (`storage.peek.peek_overview`: the name, the
client, the counts, and the findings the file keeps for its present state,
`storage.peek.peek_readiness`) while storage loads, then reads the findings in a thread worker
(`storage.queries.readiness.load_readiness`: kept ones read back, else worked out, most of a
second on 5,000 flows) and lists them, when on show: counts per code, and a table to filter by
severity (b, w, i) or code (c). Enter on a finding shows the
entity it concerns on its own screen (`SeamworkApp.jump_to`); when a finding concerns several
(a flow, its data object and a system), enter asks which, the first one highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker

from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.screens.panel_screen import PanelScreen
from tui.widgets.finding_cells import CHECKING, SEVERITIES, Filter, code_counts
from tui.widgets.findings_view import FindingsView
from tui.widgets.overview_panels import questions_to_ask, readiness_summary, workshop_details
from tui.widgets.status_line import StatusLine
from tui.widgets.table import Table
from tui.worker_results import worker_result
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from models.readiness import Counts, Readiness, ReadinessFinding, Subject
    from models.unknowns import Unanswered
    from storage.peek import PeekOverview
    from storage.workshop_file import WorkshopFile


__all__ = ["OverviewScreen", "code_counts"]  # code_counts: looked up here, so tests can swap it


@dataclass(frozen=True)
class Loaded:
    """A worker's result: the readiness read by storage, or the first look at the file."""

    readiness: Readiness | None = None
    peek: PeekOverview | None = None
    kept: Readiness | None = None  # with `peek`: the readiness the file keeps, when current


class OverviewScreen(PanelScreen):
    """The workshop at a glance and the readiness check (key 1)."""

    SHOWN_BEFORE_OPEN = True  # from the standard library's read (storage.peek)

    app = getters.app(WorkshopApp)

    HELP_TITLE = "Overview"
    HELP = (
        "The workshop at a glance: who it is for, what has been mapped, and the readiness check "
        "— every finding, blockers first, with how many of each code. b, w and i show only the "
        "blockers, warnings or info (press again for all); c shows one code; escape clears the "
        "filter. Enter on a finding shows what it concerns on its own screen: a system on "
        "Systems, a flow or data object on Flows, a candidate or KPI on Priorities. When a "
        "finding concerns several things, "
        "enter asks which one. e edits the workshop's own details: its name (the header and "
        "every export are titled with it), client, facilitator and engagement notes. The "
        "workshop panel counts the questions still to ask (answers not recorded yet, per kind); "
        "u goes to the first system, data object or flow missing one. ctrl+e "
        "exports the session summary; m imports a file (a preview first, then ctrl+s)."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "jump",
            "Go to",
            tooltip="Show what the highlighted finding concerns, on its screen",
            id="overview.jump",
        ),
        Binding(
            "u",
            "questions",
            "Questions",
            tooltip="Go to the first system, data object or flow with an answer still missing",
            id="overview.questions",
        ),
        Binding(
            "e",
            "edit_details",
            "Details",
            tooltip="Edit the workshop's name, client, facilitator and notes",
            id="overview.edit_details",
        ),
        # Not in the key bar (the snapshots of every size keep their rows): the help lists
        # it, and the palette's "Import a file…" names it.
        Binding(
            "m",
            "import_file",
            "Import",
            tooltip="Merge a file (JSON, Archi model, spreadsheet) into the workshop, previewed",
            id="overview.import",
            show=False,
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

    findings = getters.query_one(FindingsView)
    table = getters.query_one("#findings-table", Table)
    status = getters.query_one("#overview-status", StatusLine)

    def __init__(self) -> None:
        super().__init__(id="overview-screen")
        self.readiness: Readiness | None = None
        self.severity: str | None = None
        self.code: str | None = None
        self._stale = True
        self._loading: Worker[Loaded] | None = None  # only its readiness is shown
        self._kept: Readiness | None = None  # the file's kept findings, read before storage
        self._kept_skipped = False  # not read: another screen was on show (`_peek_kept`)

    def compose(self) -> ComposeResult:
        yield Header()
        # Scrolls when a small terminal cannot show the panels stacked (seamwork.tcss).
        with VerticalScroll(id="overview-body", can_focus=False):
            with Horizontal(id="overview-top"):
                with Vertical(id="overview-workshop", classes="panel") as workshop:
                    workshop.border_title = "Workshop"
                    yield Static(self._details_from_probe(), id="overview-details")
                with Vertical(id="overview-readiness", classes="panel") as readiness:
                    readiness.border_title = "Readiness check"
                    yield Static(
                        Content.styled(CHECKING, "italic $text-muted"), id="overview-summary"
                    )
            findings = FindingsView(id="overview-findings", classes="panel")
            findings.border_title = "Findings"
            yield findings
        yield StatusLine(id="overview-status")

    def on_mount(self) -> None:
        # The key bar a moment after the first frame: a key pressed as it shows (`2`) is
        # handled first, not after building the bar (20 ms, and Textual imports a widget).
        self.mount_key_bar_soon()
        if self.app.workshop is not None:
            self.reload()
        else:
            if self.app.peek_path is not None:
                # Its counts a moment after the name: the first frame does not wait for them.
                self.app.after_paint(self._peek, self.app.peek_path)
                self.app.after_paint(self._peek_kept, self.app.peek_path)
        self._show_status()

    def _details_from_probe(self) -> Content:
        name = getattr(self.app, "info", None)
        workshop = getattr(name, "workshop_name", None) or ""
        return Content.styled(workshop, "bold") if workshop else Content("")

    @property
    def selected(self) -> ReadinessFinding | None:
        """The highlighted finding, if any."""
        return self.findings.selected

    # Loading ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _peek(self, path: Path) -> Loaded:
        """The workshop and its counts straight from the file (stdlib only) while storage
        loads: the screen has its numbers before SQLModel is even imported."""
        from storage.peek import peek_overview

        return Loaded(peek=peek_overview(path))

    @work(thread=True, exclusive=True, group="overview-kept", exit_on_error=False)
    def _peek_kept(self, path: Path) -> Loaded:
        """The findings the file keeps for its present state, if it does: after the first
        frame, since reading them back holds the interpreter for a moment (40 ms for the
        6,000 findings of a 5,000-flow workshop); after the keys pressed meanwhile, and not
        at all while another screen is on show (`2` at first paint: Systems is built first;
        they are read when the Overview shows again, if the file has not opened by then)."""
        from tui.yielding_imports import StepAside

        StepAside(lambda: self.app.last_key)()
        if self.app.screen_from_thread() is not self:
            self._kept_skipped = True
            return Loaded()
        from storage.peek import peek_readiness

        return Loaded(kept=peek_readiness(path))

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        """Loaded now if on show; otherwise when next shown (thousands of findings to lay out
        would hold up the screen the user went to meanwhile)."""
        self._stale = True
        if self.is_current:
            self.reload()

    def on_workshop_changed(self, _: WorkshopChanged) -> None:
        """Any edit may change a finding: reload now if on show, else when next shown."""
        self._stale = True
        if self.is_current:
            self.reload()

    def on_screen_resume(self) -> None:
        if self._stale and self.app.workshop is not None:
            self.reload()
        elif self.readiness is None and self._kept is not None:
            self._show_readiness(self._kept)
        elif self._kept_skipped and self.app.peek_path is not None:
            self._kept_skipped = False
            self._peek_kept(self.app.peek_path)

    def reload(self) -> None:
        workshop = self.app.workshop
        if workshop is None:
            return
        self._stale = False
        self._loading = self._load(workshop)
        self._show_status(checking=True)

    @work(thread=True, exclusive=True, group="overview", exit_on_error=False)
    def _load(self, workshop: WorkshopFile) -> Loaded:
        from storage.queries.readiness import load_readiness

        with workshop.session() as session:
            return Loaded(readiness=load_readiness(session))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        result = worker_result(self.app, event, Loaded)
        if result is None:
            return
        if result.readiness is not None:
            if event.worker is not self._loading:
                return  # an older load's, queued before a newer one began (worker_result)
            if result.readiness != self.readiness:  # the same as the file's kept one: shown
                self._show_readiness(result.readiness)
            self._show_status()
        elif self.readiness is None and result.kept is not None:
            self._kept = result.kept
            if self.is_current:  # else when next shown, as `on_workshop_loaded` says
                self._show_readiness(result.kept)
        elif result.peek is not None and self.readiness is None:
            peek = result.peek
            self._show_details(peek.name, peek.client, peek.facilitator, peek)

    # Showing ---------------------------------------------------------------------------------

    def _show_details(
        self,
        name: str,
        client: str,
        facilitator: str,
        counts: Counts | PeekOverview,
        unanswered: Unanswered | None = None,
    ) -> None:
        details = workshop_details(name, client, facilitator, counts)
        if unanswered is not None and (counts.systems or counts.data_objects):
            details = Content("\n").join((details, questions_to_ask(unanswered)))
        self.query_one("#overview-details", Static).update(details)

    def _show_readiness(self, readiness: Readiness) -> None:
        self.readiness = readiness
        self._show_details(
            readiness.name,
            readiness.client,
            readiness.facilitator,
            readiness.counts,
            readiness.unanswered,
        )
        self._show_summary()
        self.findings.show(readiness, Filter(self.severity, self.code))

    def _show_summary(self) -> None:
        if self.readiness is not None:
            summary = self.query_one("#overview-summary", Static)
            entries = code_counts(self.readiness.findings)
            summary.update(readiness_summary(self.readiness, entries, summary.size.width or 60))

    def on_resize(self, _: events.Resize) -> None:
        self._show_summary()

    @on(FindingsView.Shown)
    def _findings_shown(self) -> None:
        self._show_status()
        self.refresh_bindings()

    def _show_status(self, checking: bool = False) -> None:
        parts: list[Content | str] = []
        if self.app.workshop is None:
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
            keys = "b w i severity · c code · enter go to · e details"
            exports = getattr(self.app, "exports_here", True)
            parts.append(f"{keys} · ctrl+e export" if exports else keys)
        self.status.say(*parts)

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
        if self.readiness is not None:
            self.findings.show(self.readiness, Filter(self.severity, self.code))
        self._show_status()
        self.refresh_bindings()

    # The workshop's own details --------------------------------------------------------------

    def action_questions(self) -> None:
        """Go to the first entity with an answer still missing (the "still to ask" line)."""
        if self.readiness is None:
            self.notify("Still reading the workshop; try again in a moment.", markup=False)
            return
        first = self.readiness.unanswered.first
        if first is None:
            self.notify("Every question has an answer: nothing is left unrecorded.", markup=False)
            return
        kind, name = first
        self.call_later(self.app.jump_to, kind, name)

    def action_import_file(self) -> None:
        from tui.dialogs.import_file import open_import

        open_import(self.app)

    def action_edit_details(self) -> None:
        from tui.dialogs.workshop_form import edit_workshop_details

        edit_workshop_details(self.app)

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
        self.call_later(self.app.jump_to, subject.kind, subject.name)
