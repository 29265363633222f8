"""Forms take keys in order (issue 12, defect 8): text typed before ctrl+s is in the saved value,
and none of it runs as a command on the screen behind.

ctrl+s is a priority binding (a focused field must not swallow it), so the app runs it as soon
as it reads the key, while keys read just before it may still wait in the focused input's own
queue. A terminal delivers a paste, or fast typing on a loaded machine, as one burst: the keys
here are posted to the app all at once, as the driver posts what it reads.
"""

from __future__ import annotations

from pathlib import Path

from pilot_support import SIZE, settle, until
from textual import events
from textual.pilot import Pilot

from tui.app import SeamworkApp
from tui.dialogs.system_form import SystemForm
from tui.screens.systems import SystemsScreen


def burst(pilot: Pilot[None], keys: list[str]) -> None:
    """Post every key to the app in one go, without letting the app run in between."""
    for key in keys:
        character = key if len(key) == 1 else None
        pilot.app.post_message(events.Key(key, character))


def system_names(path: Path) -> list[str]:
    from storage.queries.systems import list_systems
    from storage.workshop_file import open_workshop

    with open_workshop(path) as workshop, workshop.session() as session:
        return [system.name for system in list_systems(session)]


async def test_a_name_typed_in_a_burst_before_ctrl_s_is_saved_whole(tmp_path):
    path = tmp_path / "w.seamwork"
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the new workshop's details form
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        for n in range(3):
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, SystemForm))
            name = f"Race0{n}abcdefghij"
            burst(pilot, [*name, "ctrl+s"])
            await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        assert isinstance(app.screen, SystemsScreen)  # no key opened anything behind the form
    assert sorted(system_names(path)) == [f"Race0{n}abcdefghij" for n in range(3)]
