"""Phase rules (models/phases.py): where `[`, `]` and the phase picker move a candidate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.phases import (
    NEW_PHASE,
    UNPHASED,
    phase_choices,
    phase_label,
    phases_in_use,
    step_phase,
)

EARLIER, LATER = -1, 1


def test_labels_name_the_phase_or_say_unphased():
    assert phase_label(3) == "Phase 3"
    assert phase_label(None) == UNPHASED == "Unphased"


def test_phases_in_use_are_distinct_and_ascending_without_unphased():
    assert phases_in_use([3, None, 1, 3, 2, None]) == [1, 2, 3]
    assert phases_in_use([None, None]) == []
    assert phases_in_use([]) == []


@pytest.mark.parametrize(
    ("phase", "step", "phases", "expected"),
    [
        (2, EARLIER, [1, 2, 3], 1),
        (1, EARLIER, [1, 2], 1),  # no phase before the first: it stays
        (None, EARLIER, [1, 3, None], 3),  # unphased goes to the last phase in use
        (None, EARLIER, [None, None], 1),  # nothing phased yet: phase 1
        (2, LATER, [1, 2, 3], 3),
        (3, LATER, [1, 3], 4),  # the last phase in use: one new phase after it
        (None, LATER, [1, None], None),  # unphased stays unphased
        (2, 0, [1, 2], 2),
    ],
)
def test_a_step_moves_one_phase_or_leaves_the_candidate_where_it_is(
    phase: int | None, step: int, phases: list[int | None], expected: int | None
):
    assert step_phase(phase, step, phases) == expected


def test_a_step_later_goes_at_most_one_past_the_last_phase_in_use():
    """A caller passing the other candidates' phases only: phase 2 of [1] goes no further
    than 2 (the last in use is 1)."""
    assert step_phase(2, LATER, [1]) == 2


@given(
    st.lists(st.one_of(st.none(), st.integers(1, 9)), max_size=12),
    st.one_of(st.none(), st.integers(1, 9)),
    st.sampled_from([EARLIER, LATER]),
)
def test_a_step_never_leaves_the_phases_a_picker_offers(
    others: list[int | None], phase: int | None, step: int
):
    phases = [*others, phase]
    moved = step_phase(phase, step, phases)
    assert moved is None or moved >= 1
    assert moved in phase_choices(phases).values()
    if moved is not None and phase is not None:
        assert abs(moved - phase) <= 1


def test_the_picker_lists_the_phases_in_use_a_new_one_and_unphased():
    assert phase_choices([2, None, 1, 2]) == {
        "Phase 1": 1,
        "Phase 2": 2,
        f"Phase 3 ({NEW_PHASE})": 3,
        "Unphased": None,
    }


def test_with_gaps_the_picker_still_offers_every_phase_up_to_the_last():
    assert list(phase_choices([1, 3])) == [
        "Phase 1",
        "Phase 2",
        "Phase 3",
        "Phase 4 (new phase)",
        "Unphased",
    ]


def test_with_nothing_phased_the_picker_offers_a_first_phase_and_unphased():
    assert phase_choices([None]) == {"Phase 1 (new phase)": 1, "Unphased": None}
