"""Suggested candidates: flows no candidate holds yet, grouped into end-to-end processes (order
to cash, product and stock sync …) by their data objects, for the room to accept or reject.

Accepting creates the candidate with its flows at once; rejecting only takes the suggestion off
the list (it comes back next time while its flows are still in no candidate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import WorkshopEdited
from tui.widgets.key_bar import KeyBar
from tui.workshop_app import WorkshopApp

if TYPE_CHECKING:
    from models.processes import Suggestion
    from storage.workshop_file import WorkshopFile

ARROW = " → "


def suggestion_prompt(suggestion: Suggestion, status: str = "") -> Content:
    """The suggestion as a list entry: name, process, why, and its flows, one a line."""
    n = len(suggestion.flows)
    head = Content.assemble(
        (suggestion.name, "bold"),
        (f"  {n} flow{'' if n == 1 else 's'}", "$text-muted"),
    )
    if status == "accepted":
        head = head + Content.styled("  ✔ accepted", "bold $text-success")
    elif status == "rejected":
        head = head + Content.styled("  ✖ rejected", "$text-muted")
    elif status:
        head = head + Content.styled(f"  {status}", "$text-error")
    lines = [head, Content.styled(suggestion.reason, "italic $text-muted")]
    lines += [Content(f"  • {ref.replace(' -> ', ARROW, 1)}") for ref in suggestion.flows[:6]]
    if n > 6:
        lines.append(Content.styled(f"  … and {n - 6} more", "$text-muted"))
    return Content("\n").join(lines)


class SuggestCandidatesDialog(ModalScreen[int]):
    """Dismisses with how many suggestions were accepted."""

    CSS = """
    #suggest-box {
        width: 100;
        height: 90%;
    }

    #suggest-list {
        height: 1fr;
    }

    #suggest-none {
        color: $text-muted;
        text-style: italic;
    }
    """

    app = getters.app(WorkshopApp)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y,enter",
            "accept",
            "Accept",
            tooltip="Create this candidate with its flows",
            id="suggest.accept",
        ),
        Binding(
            "n,x",
            "reject",
            "Reject",
            tooltip="Not this one; take it off the list",
            id="suggest.reject",
        ),
        Binding("escape", "close", "Close", tooltip="Back to the priorities", id="suggest.close"),
    ]

    HELP = (
        "Flows that are in no candidate yet, grouped into end-to-end processes by the data "
        "objects they carry. y or enter accepts the highlighted suggestion (the candidate is "
        "created with its flows, unphased and unscored); n rejects it; escape goes back."
    )

    def __init__(self, workshop: WorkshopFile) -> None:
        super().__init__(classes="dialog")
        self.workshop = workshop
        self.suggestions: list[Suggestion] = []
        self.status: dict[int, str] = {}
        self.accepted = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="suggest-box", classes="dialog-box") as box:
            box.border_title = "Suggested candidates"
            box.border_subtitle = "y accept · n reject · esc close"
            yield Label(
                "Flows in no candidate yet, grouped into processes by their data objects.",
                classes="dialog-hint",
            )
            yield OptionList(id="suggest-list")
            yield Static("", id="suggest-none")
        yield KeyBar()

    def on_mount(self) -> None:
        from storage.queries.snapshot import suggest

        with self.workshop.session() as session:
            self.suggestions = list(suggest(session))
        self._show()
        self.query_one(OptionList).focus()

    def _show(self, highlight: int | None = None) -> None:
        options = self.query_one(OptionList)
        current = options.highlighted if highlight is None else highlight
        options.set_options(
            Option(suggestion_prompt(s, self.status.get(i, "")), id=str(i))
            for i, s in enumerate(self.suggestions)
        )
        none = self.query_one("#suggest-none", Static)
        none.display = not self.suggestions
        options.display = bool(self.suggestions)
        none.update(
            "Nothing to suggest: every flow is in a candidate, or no process has two flows "
            "yet (processes are recognised by data objects such as orders, invoices, stock)."
        )
        if self.suggestions:
            options.highlighted = min(current or 0, len(self.suggestions) - 1)

    def _current(self) -> int | None:
        options = self.query_one(OptionList)
        return options.highlighted if self.suggestions else None

    def _next_open(self, index: int) -> int:
        for step in range(1, len(self.suggestions) + 1):
            other = (index + step) % len(self.suggestions)
            if other not in self.status or self.status[other] not in ("accepted", "rejected"):
                return other
        return index

    def action_accept(self) -> None:
        index = self._current()
        if index is None or self.status.get(index) in ("accepted", "rejected"):
            return
        suggestion = self.suggestions[index]
        from storage.errors import StorageError
        from storage.queries.flows import list_flows
        from storage.queries.priorities import create_candidate

        try:
            with self.workshop.session() as session:
                ids = {row.ref: row.id for row in list_flows(session)}
                flow_ids = [ids[ref] for ref in suggestion.flows if ref in ids]
                create_candidate(
                    session,
                    data={"name": suggestion.name, "description": suggestion.reason},
                    flow_ids=flow_ids,
                )
        except StorageError as exc:  # InvalidInput's sentence is its fields' sentences
            self.status[index] = str(exc)
        else:
            self.status[index] = "accepted"
            self.accepted += 1
            self.notify(f"Added the candidate “{suggestion.name}”.", markup=False)
            self.app.post_message(WorkshopEdited("candidate"))
        self._show(self._next_open(index) if self.status[index] == "accepted" else index)

    def action_reject(self) -> None:
        index = self._current()
        if index is None or self.status.get(index) == "accepted":
            return
        self.status[index] = "rejected"
        self._show(self._next_open(index))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_accept()

    def action_close(self) -> None:
        self.dismiss(self.accepted)
