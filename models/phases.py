"""Phases of the roadmap: where a candidate can be moved, one step at a time or from a list.

Pure rules over plain phase numbers (1, 2, 3 …; `None` is "unphased"), so the Priorities
screen's `[`, `]` and `p` keys and any other caller agree on them:

- A step earlier from phase 1 goes nowhere; from unphased it goes to the last phase in use
  (phase 1 when nothing is phased yet): the room usually adds a candidate to the latest plan.
- A step later goes at most one phase past the last in use, so the roadmap grows one phase at
  a time; an unphased candidate stays unphased (a step later than "not planned" is still not
  planned).
- The list offers every phase up to the last in use, one new phase after it, and unphased.

Nothing is renumbered: moving a phase's only candidate away leaves its number unused.
"""

from __future__ import annotations

from collections.abc import Iterable

UNPHASED = "Unphased"
NEW_PHASE = "new phase"


def phase_label(phase: int | None) -> str:
    """ "Phase 3", or "Unphased" for `None`."""
    return f"Phase {phase}" if phase is not None else UNPHASED


def phases_in_use(phases: Iterable[int | None]) -> list[int]:
    """The distinct phase numbers among `phases` (every candidate's), ascending."""
    return sorted({phase for phase in phases if phase is not None})


def step_phase(phase: int | None, step: int, phases: Iterable[int | None]) -> int | None:
    """The phase one step earlier (`step` < 0) or later (`step` > 0) than `phase`, given every
    candidate's phase (`phases`, this one's included). `phase` itself when it cannot move."""
    last = max(phases_in_use(phases), default=0)
    if step < 0:
        if phase is None:
            return last or 1
        return phase - 1 if phase > 1 else phase
    if step > 0 and phase is not None:
        return min(phase + 1, last + 1)
    return phase


def phase_choices(phases: Iterable[int | None]) -> dict[str, int | None]:
    """What a picker lists, label -> phase, in order: every phase up to the last in use, the
    next one (marked as new), and unphased."""
    last = max(phases_in_use(phases), default=0)
    choices: dict[str, int | None] = {phase_label(n): n for n in range(1, last + 1)}
    choices[f"{phase_label(last + 1)} ({NEW_PHASE})"] = last + 1
    choices[UNPHASED] = None
    return choices
