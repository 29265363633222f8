"""Systems, Flows, Data objects and the interface matrix scrolled sideways at a projector's
sizes (issue 13). The unscrolled views of these screens at 80x24, 100x30 and 140x42 are in
tests/test_snapshots_sizes.py; these show what a person sees after pressing → to a hidden
column: the first column still names each row, "←" after it says columns lie to the left, and
no "→" at the right end once the last column is in view."""

from __future__ import annotations

import pytest
from pilot_support import cleared, demo_workshop
from test_snapshots_sizes import keys

from tui.app import SeamworkApp

pytestmark = pytest.mark.usefixtures("fixed_place", "cursors_do_not_blink")


def test_systems_scrolled_to_criticality_at_80x24(snap_compare):
    """Names on the left, "←" after them, Lifecycle, API and Criticality whole on the right."""
    steps = keys("2", *["right"] * 6, screen="systems-screen")
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=(80, 24), run_before=cleared(steps)
    )


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_flows_scrolled_to_findings(snap_compare, size: tuple[int, int]):
    """The route stays on the left; State, Owner and Findings in view; "←" after the route."""
    steps = keys("3", *["right"] * 6, screen="flows-screen")
    assert snap_compare(SeamworkApp(demo_workshop()), terminal_size=size, run_before=cleared(steps))


def test_data_objects_scrolled_to_definitions_at_80x24(snap_compare):
    """Data object names on the left, Flows and Definitions (2 ⚠ disagree) on the right."""
    steps = keys("3", "v", *["right"] * 5, screen="flows-screen")
    assert snap_compare(
        SeamworkApp(demo_workshop()), terminal_size=(80, 24), run_before=cleared(steps)
    )
