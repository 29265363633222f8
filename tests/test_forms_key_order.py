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


async def on_systems(pilot: Pilot[None]) -> None:
    """A new workshop, its details form put away, on the Systems screen."""
    await settle(pilot)
    await pilot.press("escape")  # the new workshop's details form
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot, lambda: isinstance(pilot.app.screen, SystemsScreen))


async def test_a_name_typed_in_a_burst_before_ctrl_s_is_saved_whole(tmp_path):
    path = tmp_path / "w.seamwork"
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_systems(pilot)
        for n in range(3):
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, SystemForm))
            name = f"Race0{n}abcdefghij"
            burst(pilot, [*name, "ctrl+s"])
            await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        assert isinstance(app.screen, SystemsScreen)  # no key opened anything behind the form
    assert sorted(system_names(path)) == [f"Race0{n}abcdefghij" for n in range(3)]


async def test_keys_typed_while_the_form_opens_go_into_it(tmp_path):
    """`a`, a name and ctrl+s in one burst: the form the `a` opens is not there yet when the
    name's keys are read, and they once went to the Systems table behind it (`f` opened a
    system's flows) while the form saved nothing. They are typed into the form instead."""
    path = tmp_path / "w.seamwork"
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await on_systems(pilot)
        names = [f"Fast{n}defghij" for n in range(3)]
        for name in names:
            burst(pilot, ["a", *name, "ctrl+s"])
            await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        assert isinstance(app.screen, SystemsScreen)
    assert sorted(system_names(path)) == names


async def test_keys_typed_while_the_file_opens_act_once_it_is_open(tmp_path):
    """A key is never refused for the app being busy: `2`, `a` and a name typed before the
    file has opened show the Systems screen at once, then open the form and fill it."""
    from workshop_templates import new_demo

    path = new_demo(tmp_path / "w.seamwork")
    app = SeamworkApp(path)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, ["2", "a", *"Early bird", "ctrl+s"])
        await settle(pilot, lambda: isinstance(app.screen, SystemsScreen))
        assert not any("still opening" in n.message for n in app._notifications)
    assert "Early bird" in system_names(path)
