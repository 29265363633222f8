"""Add or edit a candidate integration: name, description, phase, notes and its member flows.

Opened from the Priorities screen (a / e) and from the Flows screen's "make candidate" (k),
which passes the marked flows so they start ticked. Saves through `storage.queries.priorities`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Footer, Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.dialogs.entity_form import EntityForm, Saved
from tui.widgets.roadmap import show_ref

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.workshop_file import WorkshopFile


class CandidateForm(EntityForm):
    """Raises `storage.errors.NotFoundError` when the candidate to edit no longer exists."""

    FIELDS = ("name", "phase", "description", "notes")
    LAST_INPUT = "notes"

    HELP = (
        "A candidate is an integration initiative: the flows delivered together. Tab moves "
        "between fields; enter moves on and, in Notes, saves; ctrl+s saves from anywhere; "
        "escape cancels. Leave the phase empty for unphased. In the flow list, space ticks or "
        "unticks the highlighted flow."
    )

    def __init__(
        self,
        workshop: WorkshopFile,
        *,
        candidate_id: int | None = None,
        flow_ids: Iterable[int] = (),
    ) -> None:
        super().__init__(workshop)
        self.candidate_id = candidate_id
        self.values: dict[str, Any] = {"name": "", "phase": "", "description": "", "notes": ""}
        from storage.queries.flows import list_flows
        from storage.queries.priorities import get_candidate

        chosen = set(flow_ids)
        with workshop.session() as session:
            self.flows = [(row.id, row.ref) for row in list_flows(session)]
            if candidate_id is not None:
                row = get_candidate(session, candidate_id=candidate_id)
                self.values = {
                    "name": row.name,
                    "phase": "" if row.phase is None else str(row.phase),
                    "description": row.description,
                    "notes": row.notes,
                }
                chosen |= set(row.flow_ids)
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        placeholders = {
            "name": "e.g. Order to cash",
            "phase": "1, 2, 3 … (empty: unphased)",
            "description": "What it delivers, in a sentence",
            "notes": "Anything worth remembering",
        }
        labels = {"name": "Name", "phase": "Phase", "description": "Description", "notes": "Notes"}
        with Vertical(id="entity-box", classes="dialog-box candidate-box") as box:
            box.border_title = "Edit candidate" if self.candidate_id else "Add candidate"
            box.border_subtitle = "ctrl+s save · esc cancel"
            with Grid(classes="entity-grid"):
                yield from self.text_fields(self.values, labels, placeholders)
            ticked = len(self.chosen)
            yield Label(
                f"Member flows ({ticked} ticked) — space ticks",
                id="candidate-flows-label",
                classes="help-heading",
            )
            if self.flows:
                yield SelectionList[int](
                    *(
                        Selection(Text(show_ref(ref)), flow_id, flow_id in self.chosen)
                        for flow_id, ref in self.flows
                    ),
                    id="candidate-flows",
                )
            else:
                yield Label("No flows yet: add them on the Flows screen.", classes="dialog-hint")
            yield from self.compose_end()
        yield Footer()

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

    def save_data(self, session: Session) -> Saved:
        from storage.queries.priorities import (
            create_candidate,
            set_candidate_flows,
            update_candidate,
        )

        data = self.form_data()
        flow_ids = self.flow_ids()
        if self.candidate_id is None:
            row = create_candidate(session, data=data, flow_ids=flow_ids)
        else:
            update_candidate(session, candidate_id=self.candidate_id, data=data)
            row = set_candidate_flows(session, candidate_id=self.candidate_id, flow_ids=flow_ids)
        return row.id, row.name
