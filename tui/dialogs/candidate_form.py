"""Add or edit a candidate integration: name, description, phase, notes and its member flows.

Opened from the Priorities screen (a / e) and from the Flows screen's "make candidate" (k),
which passes the marked flows so they start ticked. Saves through `storage.queries.priorities`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Label, SelectionList

from tui.dialogs.entity_form import Box, EntityForm, Saved, TextField, form_keys, prose
from tui.widgets.roadmap import show_ref

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile


class CandidateForm(EntityForm[Saved]):
    """Raises `storage.errors.NotFoundError` when the candidate to edit no longer exists."""

    DEFAULT_CSS = """
    CandidateForm #candidate-flows { height: auto; max-height: 12; }
    """

    BINDINGS = form_keys()
    NOUN = "candidate"
    BOX = Box(classes="candidate-box")
    FIELDS = (
        TextField("name", "Name", placeholder="e.g. Order to cash", span=2),
        TextField("phase", "Phase", placeholder="1, 2, 3 … (empty: unphased)"),
        TextField(
            "description", "Description", placeholder="What it delivers, in a sentence", span=2
        ),
        TextField("notes", "Notes", placeholder="Anything worth remembering"),
    )

    HELP = prose(
        """
        A candidate is an integration initiative: the flows delivered together. Tab moves
        between fields; enter moves on and, in Notes, saves; ctrl+s saves from anywhere;
        escape cancels. Leave the phase empty for unphased. In the flow list, space ticks or
        unticks the highlighted flow.
        """
    )

    def __init__(
        self,
        workshop: WorkshopFile,
        *,
        candidate_id: int | None = None,
        flow_ids: Iterable[int] = (),
    ) -> None:
        self.chosen = set(flow_ids)  # ticked when the form opens, with the candidate's own
        super().__init__(workshop, entity_id=candidate_id)

    def load(self, session: Session) -> None:
        from storage.queries.flows import list_flows
        from storage.queries.priorities import get_candidate

        self.flows = [(row.id, show_ref(row.ref)) for row in list_flows(session)]
        if self.entity_id is not None:
            row = get_candidate(session, candidate_id=self.entity_id)
            self.values = self.values_of(row)
            self.values["phase"] = "" if row.phase is None else str(row.phase)
            self.chosen |= set(row.flow_ids)

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        yield Label(
            f"Member flows ({len(self.chosen)} ticked) — space ticks",
            id="candidate-flows-label",
            classes="help-heading",
        )
        if self.flows:
            yield self.tick_list(self.flows, self.chosen, id="candidate-flows")
        else:
            yield Label("No flows yet: add them on the Flows screen.", classes="dialog-hint")

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[int]) -> None:
        count = len(event.selection_list.selected)
        self.query_one("#candidate-flows-label", Label).update(
            f"Member flows ({count} ticked) — space ticks"
        )

    def flow_ids(self) -> list[int]:
        lists = self.query("#candidate-flows")
        if not lists:
            return []
        selection = lists.first(SelectionList)
        return self.selected_ids(selection)

    def save_data(self, session: Session, data: dict[str, Any]) -> Saved:
        from storage.queries.priorities import create_candidate, update_candidate

        flow_ids = self.flow_ids()
        if self.entity_id is None:
            row = create_candidate(session, data=data, flow_ids=flow_ids)
        else:
            row = update_candidate(
                session,
                candidate_id=self.entity_id,
                data=data,
                flow_ids=flow_ids,
                expected=self.expected,
            )
        return row.id, row.name
