"""The flows in one cell of the interface matrix, each with its details and its findings.

The screen hands over plain `FlowDetail`s (built in its worker), so this dialog needs no
storage. Everything the client typed (names, owners) and every finding message is shown
literally, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from models.enums import Mechanism, describe
from tui.labels import label
from tui.widgets.key_bar import KeyBar


@dataclass(frozen=True)
class FlowIssue:
    """One finding about a flow, as the lists show it."""

    severity: str  # "blocker", "warning" or "info"
    code: str
    message: str


@dataclass(frozen=True)
class FlowDetail:
    """One flow as the matrix lists it: ends, data object, how it moves, and its findings."""

    source: str
    target: str
    data_object: str
    two_way: bool
    frequency: str  # "" when not recorded
    mechanism: str
    state: str
    owner: str
    issues: tuple[FlowIssue, ...] = ()
    direction: str = ""  # "" when not recorded (a flow is not one-way by default)

    @property
    def title(self) -> str:
        """ "Shopify → Sage X3: Sales orders" ("↔" when it moves both ways)."""
        arrow = "↔" if self.two_way else "→"
        return f"{self.source} {arrow} {self.target}: {self.data_object}"

    @property
    def ref(self) -> str:
        """How files, findings and the command line name it: `S -> T: O`."""
        return f"{self.source} -> {self.target}: {self.data_object}"

    @property
    def worst(self) -> str | None:
        """The most severe finding's severity, or None when there is nothing to look at."""
        severities = {issue.severity for issue in self.issues}
        for severity in ("blocker", "warning", "info"):
            if severity in severities:
                return severity
        return None


SEVERITY_STYLES: dict[str, str] = {
    "blocker": "bold $text-error",
    "warning": "bold $text-warning",
    "info": "bold $text-primary",
}


def _mechanism(value: str) -> str:
    """How the data moves, as said: "API", "file transfer", "manual re-keying"."""
    try:
        member = Mechanism(value)
    except ValueError:
        return value
    return label(member) if member is Mechanism.API else describe(member)


def flow_facts(flow: FlowDetail) -> Content:
    """ "Hourly via file transfer · currently automated · one-way · owner IT manager"."""
    frequency = label(flow.frequency) if flow.frequency else "Frequency not recorded"
    mechanism = _mechanism(flow.mechanism) if flow.mechanism else "mechanism not recorded"
    parts: list[Content] = [
        Content(f"{frequency} via {mechanism}"),
        Content(f"currently {label(flow.state).lower()}" if flow.state else "state not recorded"),
        Content(
            "two-way" if flow.two_way else "one-way" if flow.direction else "direction not recorded"
        ),
        Content.assemble("owner ", (flow.owner, "bold"))
        if flow.owner.strip()
        else Content.styled("no owner", "italic"),
    ]
    return Content(" · ").join(parts)


class CellFlowsDialog(ModalScreen[None]):
    """The flows from `source` to `target`; `reverse` are two-way flows recorded the other way."""

    CSS = """
    #cell-box {
        width: 100;
    }

    #cell-summary {
        margin-bottom: 1;
    }

    #cell-list {
        height: auto;
        max-height: 24;
    }

    .cell-flow {
        height: auto;
        margin-bottom: 1;
        padding: 0 1;
        border-left: thick $primary 50%;
    }

    .cell-flow-facts {
        color: $text-muted;
    }

    .cell-issue {
        height: auto;
    }

    .cell-issue-code {
        width: 25;
    }

    .cell-issue-message {
        width: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,q",
            "close",
            "Close",
            tooltip="Back to the matrix",
            id="cell.close",
        ),
    ]

    HELP_TITLE = "Flows in a cell"
    HELP = (
        "The flows from the row's system to the column's system, with how often and by what "
        "means each moves, its current state and owner, and every finding about it (blockers "
        "in red, warnings in amber). Up and down scroll; escape goes back to the matrix."
    )

    def __init__(
        self,
        source: str,
        target: str,
        flows: Sequence[FlowDetail],
        reverse: Sequence[FlowDetail] = (),
    ) -> None:
        super().__init__(id="cell-flows", classes="dialog")
        self.source = source
        self.target = target
        self.flows = tuple(flows)
        self.reverse = tuple(reverse)

    def _summary(self) -> Content:
        """ "2 flows · 1 with findings"; counting two-way flows recorded the other way apart."""
        count = len(self.flows)
        every = (*self.flows, *self.reverse)
        with_findings = sum(1 for flow in every if flow.issues)
        parts = [Content.styled(f"{count} flow{'' if count == 1 else 's'}", "bold")]
        if self.reverse:
            back = len(self.reverse)
            parts.append(Content(f"{back} two-way flow{'' if back == 1 else 's'} the other way"))
        if with_findings:
            parts.append(Content.styled(f"{with_findings} with findings", "$text-warning"))
        else:
            parts.append(Content.styled("no findings", "$text-success"))
        return Content(" · ").join(parts)

    def _flow(self, flow: FlowDetail, index: int) -> ComposeResult:
        with Vertical(classes="cell-flow"):
            yield Static(Content.styled(flow.title, "bold"), classes="cell-flow-title")
            yield Static(flow_facts(flow), classes="cell-flow-facts")
            if not flow.issues:
                yield Static(Content.styled("✓ No findings", "$text-success"), classes="cell-ok")
            for issue in flow.issues:
                with Horizontal(classes="cell-issue"):
                    yield Label(
                        Content.styled(f"■ {issue.code}", SEVERITY_STYLES.get(issue.severity, "")),
                        classes="cell-issue-code",
                    )
                    yield Static(issue.message, classes="cell-issue-message", markup=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="cell-box", classes="dialog-box") as box:
            box.border_title = Content(f"{self.source} → {self.target}")  # names are data
            box.border_subtitle = "esc close"
            yield Static(self._summary(), id="cell-summary")
            with VerticalScroll(id="cell-list"):
                for index, flow in enumerate(self.flows):
                    yield from self._flow(flow, index)
                if self.reverse:
                    yield Label(
                        f"Two-way, recorded from {self.target}: these carry data from "
                        f"{self.source} to {self.target} too",
                        id="cell-reverse-heading",
                        classes="help-heading",
                        markup=False,
                    )
                    for index, flow in enumerate(self.reverse):
                        yield from self._flow(flow, index)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#cell-list", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
