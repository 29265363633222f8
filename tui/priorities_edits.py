"""The Priorities screen's dialogs: add, edit and delete candidates and criteria, and pick a
candidate's phase from a list.

Each opens its dialog over `screen`. The forms and the delete confirmations write the file
themselves; once they have, the candidate or criterion is named in a notice and the app is
told (`WorkshopEdited`), so every screen, the Priorities screen included, reloads. A phase
picked comes back to the caller, which saves it and then shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual.content import Content

from models.phases import phase_choices, phase_label
from tui.messages import WorkshopEdited

if TYPE_CHECKING:
    from sqlmodel import Session
    from textual.screen import Screen

    from storage.queries.priorities import CandidateRow, CriterionRow
    from storage.workshop_file import WorkshopFile


def scores_going(scored: int) -> str:
    """What deleting a criterion takes with it, for the confirmation ("1 score … goes")."""
    if scored == 0:
        return "No candidate has a score on it yet."
    if scored == 1:
        return (
            "The 1 score given on it goes with it. To keep it but leave the criterion out of "
            "the ranking, set its weight to 0 instead."
        )
    return (
        f"The {scored} scores given on it go with it. To keep them but leave the criterion out "
        "of the ranking, set its weight to 0 instead."
    )


def edit_candidate(
    screen: Screen[Any],
    workshop: WorkshopFile,
    candidate_id: int | None,
    flow_ids: tuple[int, ...] = (),
    *,
    saved: Callable[[int], object],
) -> bool:
    """The candidate form: a new candidate (of `flow_ids`) when `candidate_id` is None.
    `saved(id)` once it is saved. False, after saying so, when the candidate is gone."""
    from storage.errors import NotFoundError
    from tui.dialogs.candidate_form import CandidateForm

    try:
        form = CandidateForm(workshop, candidate_id=candidate_id, flow_ids=flow_ids)
    except NotFoundError as exc:
        screen.notify(str(exc), severity="warning", markup=False)
        return False

    def done(result: tuple[int, str] | None) -> None:
        if result is None:
            return
        saved(result[0])
        verb = "Saved" if candidate_id is not None else "Added"
        screen.notify(f"{verb} “{result[1]}”.", markup=False)
        screen.app.post_message(WorkshopEdited("candidate"))

    screen.app.push_screen(form, done)
    return True


def edit_criterion(
    screen: Screen[Any],
    workshop: WorkshopFile,
    criterion_id: int | None,
    *,
    saved: Callable[[int], object],
) -> None:
    """The criterion form (a new criterion when `criterion_id` is None); `saved(id)` once
    it is saved."""
    from tui.dialogs.criterion_form import CriterionForm

    def done(result: tuple[int, str] | None) -> None:
        if result is None:
            return
        verb = "Saved" if criterion_id is not None else "Added"
        screen.notify(f"{verb} the criterion “{result[1]}”.", markup=False)
        saved(result[0])
        screen.app.post_message(WorkshopEdited("criterion"))

    screen.app.push_screen(CriterionForm(workshop, criterion_id=criterion_id), done)


def _ask_then_delete(
    screen: Screen[Any],
    workshop: WorkshopFile,
    entity: str,
    name: str,
    detail: str,
    delete: Callable[[Session], object],
    deleted: str,
) -> None:
    """Ask whether to delete the `entity` (candidate or criterion) called `name`, `detail`
    saying what goes with it; on yes `delete` it and say `deleted`."""
    from tui.dialogs.confirm import ConfirmDialog, ask_then_delete

    question = Content.from_markup(f"Delete the {entity} [b]$name[/b]?", name=name)
    dialog = ConfirmDialog(f"Delete {entity}", question, detail=detail)
    ask_then_delete(
        screen,
        dialog,
        workshop,
        delete,
        deleted,
        lambda: screen.app.post_message(WorkshopEdited(entity)),
    )


def delete_candidate(screen: Screen[Any], workshop: WorkshopFile, candidate: CandidateRow) -> None:
    """Ask, then delete the candidate: its scores and links go, its flows and KPIs stay."""
    n = len(candidate.scores)
    detail = (
        f"Its {n} score{'' if n == 1 else 's'} and its links to flows and KPIs go with it; the "
        "flows and KPIs themselves stay."
    )

    def delete(session: Session) -> None:
        from storage.queries.priorities import delete_candidate

        delete_candidate(session, candidate_id=candidate.id)

    name = candidate.name
    _ask_then_delete(screen, workshop, "candidate", name, detail, delete, f"Deleted “{name}”.")


def delete_criterion(
    screen: Screen[Any], workshop: WorkshopFile, criterion: CriterionRow, scored: int
) -> None:
    """Ask, then delete the criterion and the `scored` scores given on it."""

    def delete(session: Session) -> None:
        from storage.queries.priorities import delete_criterion

        delete_criterion(session, criterion_id=criterion.id)

    name = criterion.name
    deleted = f"Deleted the criterion “{name}”."
    _ask_then_delete(screen, workshop, "criterion", name, scores_going(scored), delete, deleted)


def pick_phase(
    screen: Screen[Any],
    candidate: CandidateRow,
    phases: Sequence[int | None],
    *,
    picked: Callable[[int | None], object],
) -> None:
    """A list of the phases `candidate` can go in (`models.phases.phase_choices`, given every
    candidate's phase); `picked(phase)` when another than its own is chosen."""
    from tui.dialogs.pick_name import PickNameDialog

    choices = phase_choices(phases)

    def done(name: str | None) -> None:
        if name is not None and choices[name] != candidate.phase:
            picked(choices[name])

    screen.app.push_screen(
        PickNameDialog(
            "Phase of candidate",
            list(choices),
            current=phase_label(candidate.phase),
            hint=f"Which phase is “{candidate.name}” delivered in?",
        ),
        done,
    )
