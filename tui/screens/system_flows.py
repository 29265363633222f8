"""One system's flows: what comes in, what goes out (key f on the Systems screen).

A two-way flow moves data both ways, so it is listed in both tables, marked "↔". Rows come
from `storage.queries.flows.flows_for_system` in a thread worker, with the findings about each flow;
the screen reloads when the workshop changes and says so if the system has gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from tui.labels import UNKNOWN, answer, criticality_meter, label
from tui.messages import WorkshopChanged, WorkshopLoaded
from tui.screens.panel_screen import PanelScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.table import Table
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from models.findings import Finding
    from storage.queries.flows import FlowRow
    from storage.workshop_file import WorkshopFile

COLUMNS: tuple[str, ...] = ("Data object", "Frequency", "Mechanism", "State", "Findings")


@dataclass(frozen=True)
class SideRow:
    """One flow as seen from the system: the other end, and how the data moves."""

    other: str
    two_way: bool
    data_object: str
    frequency: str
    mechanism: str
    state: str
    blockers: int
    warnings: int

    @property
    def findings(self) -> int:
        return self.blockers + self.warnings


@dataclass(frozen=True)
class SystemFlowsPage:
    """One load; `details` is None when the system no longer exists."""

    name: str
    details: tuple[str, ...] | None
    inbound: tuple[SideRow, ...] = ()
    outbound: tuple[SideRow, ...] = ()


def known(value: object) -> str:
    """A stored answer as text, "" when it is unknown (None): never the word "None"."""
    return "" if value is None else str(value)


def side_row(row: FlowRow, other: str, findings: Mapping[str, Sequence[Finding]]) -> SideRow:
    severities = [str(finding.severity) for finding in findings.get(row.ref, ())]
    return SideRow(
        other=other,
        two_way=row.two_way,
        data_object=row.data_object,
        frequency=known(row.frequency),
        mechanism=known(row.mechanism),
        state=known(row.state),
        blockers=severities.count("blocker"),
        warnings=len(severities) - severities.count("blocker"),
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class SystemFlowsScreen(PanelScreen):
    """The inbound and outbound flows of the system called `name` (escape goes back)."""

    app = getters.app(WorkshopApp)

    HELP_TITLE = "System flows"
    HELP = (
        "Everything that flows into and out of one system: inbound flows bring data to it, "
        "outbound flows take data from it. A two-way flow (↔) moves data both ways, so it is "
        "in both tables. The Findings column counts what needs looking at (red: a blocker). "
        "Tab moves between the tables; escape goes back."
    )

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "system-flows--blocker",
        "system-flows--warning",
        "system-flows--unknown",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q",
            "back",
            "Back",
            tooltip="Back to the previous screen",
            id="system_flows.back",
        ),
    ]

    AUTO_FOCUS = "#system-flows-inbound"

    def __init__(self, name: str) -> None:
        super().__init__(id="system-flows-screen")
        self.system_name = name
        self.page: SystemFlowsPage | None = None
        self._loading: Worker[SystemFlowsPage] | None = None  # only its page is shown

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="system-flows-body", classes="panel") as body:
            body.border_title = Content(self.system_name)  # a name is data, not markup
            yield Static("", id="system-flows-details")
            yield Static("", id="system-flows-empty", markup=False)
            for side, end in (("inbound", "From"), ("outbound", "To")):
                with Vertical(id=f"system-flows-{side}-box", classes="system-flows-side"):
                    yield Static("", id=f"system-flows-{side}-title", classes="help-heading")
                    table = Table(id=f"system-flows-{side}", cursor_type="row", zebra_stripes=True)
                    for column in (end, *COLUMNS):
                        table.add_column(column, key=column.lower().replace(" ", "_"))
                    yield table
                    yield Static("", id=f"system-flows-{side}-none", classes="system-flows-none")
        yield Static("", id="system-flows-status", classes="status-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#system-flows-empty").display = False
        self.reload()

    # Loading ---------------------------------------------------------------------------------

    def on_workshop_loaded(self, _: WorkshopLoaded) -> None:
        self.reload()

    def on_workshop_changed(self, _: WorkshopChanged) -> None:
        self.reload()

    def reload(self) -> None:
        workshop = self.app.workshop
        if workshop is None:
            self.query_one("#system-flows-status", Static).update("Opening the workshop…")
            return
        self._loading = self._load(workshop, self.system_name)

    @work(thread=True, exclusive=True, group="system-flows", exit_on_error=False)
    def _load(self, workshop: WorkshopFile, name: str) -> SystemFlowsPage:
        from models.findings import findings_by_subject
        from storage.queries.flows import flows_for_system
        from storage.queries.readiness import findings_for
        from storage.queries.systems import get_system

        with workshop.session() as session:
            system = get_system(session, name=name)
            if system is None:
                return SystemFlowsPage(name=name, details=None)
            inbound, outbound = flows_for_system(session, name=system.name)
            findings = findings_by_subject(findings_for(session))
            details = (  # "" where the room has not said
                label(known(system.category)),
                label(known(system.lifecycle)),
                system.vendor,
                system.owner,
                label(known(system.api)),
                "" if system.criticality is None else criticality_meter(system.criticality),
            )
            this = system.name
        return SystemFlowsPage(
            name=this,
            details=details,
            inbound=tuple(
                side_row(row, row.source if row.target == this else row.target, findings)
                for row in inbound
            ),
            outbound=tuple(
                side_row(row, row.target if row.source == this else row.source, findings)
                for row in outbound
            ),
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Only the last load's page: an older one's news may be queued (worker_result).
        if event.worker is self._loading and event.state == WorkerState.SUCCESS:
            page = event.worker.result
            assert isinstance(page, SystemFlowsPage)
            self._show(page)

    def _show(self, page: SystemFlowsPage) -> None:
        self.page = page
        self.system_name = page.name
        body = self.query_one("#system-flows-body")
        body.border_title = Content(page.name)
        details = self.query_one("#system-flows-details", Static)
        empty = self.query_one("#system-flows-empty", Static)
        sides = self.query(".system-flows-side")
        if page.details is None:
            details.display = False
            sides.set(display=False)
            empty.update(f"There is no system called “{page.name}” any more.")
            empty.display = True
            body.border_subtitle = ""
            self._status()
            return
        details.display = True
        details.update(self._details(page.details))
        if not page.inbound and not page.outbound:
            sides.set(display=False)
            empty.update(
                f"{page.name} has no flows yet — capture them with quick capture "
                "(ctrl+p, “Quick capture”) or add them on the Flows screen."
            )
            empty.display = True
        else:
            empty.display = False
            sides.set(display=True)
            self._fill("inbound", page.inbound, f"Inbound · {_plural(len(page.inbound), 'flow')}")
            self._fill(
                "outbound", page.outbound, f"Outbound · {_plural(len(page.outbound), 'flow')}"
            )
        body.border_subtitle = f"in {len(page.inbound)} · out {len(page.outbound)}"
        self._status()

    @staticmethod
    def _details(details: tuple[str, ...]) -> Content:
        category, lifecycle, vendor, owner, api, meter = details
        unknown = (UNKNOWN, "$text-muted")
        muted_category = Content.assemble(("category ", "$text-muted"), unknown)
        muted_lifecycle = Content.assemble(("lifecycle ", "$text-muted"), unknown)
        parts: list[Content] = [
            Content.styled(category, "bold") if category else muted_category,
            Content(lifecycle) if lifecycle else muted_lifecycle,
        ]
        if vendor.strip():
            parts.append(Content.assemble(("vendor ", "$text-muted"), vendor))
        if owner.strip():
            parts.append(Content.assemble(("owner ", "$text-muted"), owner))
        parts.append(Content.assemble(("API ", "$text-muted"), api or unknown))
        parts.append(Content.assemble(("criticality ", "$text-muted"), meter or unknown))
        return Content("  ·  ").join(parts)

    def _badge(self, row: SideRow) -> Text:
        if not row.findings:
            return Text("")
        name = "system-flows--blocker" if row.blockers else "system-flows--warning"
        style = self.get_component_rich_style(name)
        return Text(f"■ {row.findings}", style=Style(color=style.color, bold=style.bold))

    def _fill(self, side: str, rows: tuple[SideRow, ...], title: str) -> None:
        self.query_one(f"#system-flows-{side}-title", Static).update(title)
        table = self.query_one(f"#system-flows-{side}", Table)
        none = self.query_one(f"#system-flows-{side}-none", Static)
        table.clear()
        muted = self.get_component_rich_style("system-flows--unknown")
        for row in rows:
            other = Text.assemble(("↔ " if row.two_way else "", "bold"), row.other)
            table.add_row(
                other,
                Text(row.data_object),
                answer(row.frequency or None, muted),
                answer(row.mechanism or None, muted),
                answer(row.state or None, muted),
                self._badge(row),
            )
        table.display = bool(rows)
        none.display = not rows
        where = "into" if side == "inbound" else "out of"
        none.update(Content(f"Nothing flows {where} {self.system_name}."))

    def _status(self) -> None:
        parts: list[Content | str] = []
        reason = self.app.read_only_reason
        if reason:
            parts.append(Content.from_markup("[b $text-warning]READ-ONLY[/] ($why)", why=reason))
        parts.append("↔ two-way (in both tables)")
        parts.append("tab switches table · esc back")
        self.query_one("#system-flows-status", Static).update(Content("  ·  ").join(parts))

    def action_back(self) -> None:
        self.dismiss(None)
