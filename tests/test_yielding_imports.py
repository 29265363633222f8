"""The file's imports step aside while keys come in (tui.yielding_imports), never for ever."""

from __future__ import annotations

import sys
import time

import pytest

from tui import yielding_imports
from tui.yielding_imports import OPENING, import_stepping_aside


def test_with_no_key_lately_the_imports_do_not_wait() -> None:
    assert import_stepping_aside(lambda: time.monotonic() - 60, ("json",)) == 0.0
    assert "json" in sys.modules


def test_while_keys_keep_coming_they_wait_at_most_their_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yielding_imports, "MOST", 0.1)
    started = time.monotonic()
    waited = import_stepping_aside(time.monotonic, ("json", "csv"))  # a key at every look
    assert 0.1 <= waited < 0.5  # the cap, and the sleep that crossed it (a loaded machine)
    assert 0.1 <= time.monotonic() - started < 1.0
    assert "csv" in sys.modules


def test_a_key_a_moment_ago_makes_them_wait_out_its_turn() -> None:
    key = time.monotonic()
    waited = import_stepping_aside(lambda: key, ("json",))
    # Until the key was a turn old, and no longer than the sleep that crossed that line:
    # however loaded the machine (the waits count as long as they took).
    assert time.monotonic() - key >= yielding_imports.TURN
    assert yielding_imports.TURN - yielding_imports.STEP <= waited < yielding_imports.MOST


def test_every_module_the_opening_steps_through_exists() -> None:
    # A name that no longer exists would fail the open; the file's own module is the last.
    import importlib.util

    assert OPENING[-1] == "storage.workshop_file"
    for name in OPENING:
        assert importlib.util.find_spec(name) is not None, name


def test_every_later_screen_is_imported_ahead_or_after_the_open() -> None:
    from tui.app import LATER_SCREENS, SeamworkApp

    ahead, after = SeamworkApp.AHEAD, SeamworkApp.AFTER
    assert sorted(ahead + after) == sorted(module for module, _ in LATER_SCREENS.values())
    assert ahead[:2] == ("tui.screens.systems", "tui.screens.flows")  # visited before it opens


async def test_the_imports_step_aside_only_for_screens_shown_before_the_file_opens(
    make_workshop,  # type: ignore[no-untyped-def]
) -> None:
    """Overview, Systems, Flows, Scenarios and Priorities (and the Add system form) show
    from a peek while the file opens: a key there gets the interpreter first. Session waits
    for the file, which must then open at full speed."""
    from pilot_support import never_opens, settle

    app = never_opens()(make_workshop([]))
    async with app.run_test(size=(120, 36)) as pilot:
        for key, steps_aside in (("2", True), ("3", True), ("4", True), ("6", False), ("5", True)):
            await pilot.press(key)
            await settle(pilot)
            last = app._last_key_shown_before_open()
            assert (last == app.collector.last_input > 0) is steps_aside, key
            assert (last == 0.0) is not steps_aside, key
