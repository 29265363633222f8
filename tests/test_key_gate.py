"""The key gate on its own, in a small app whose first screen is slow to pass keys on: keys
typed after a key that opens a form reach the form in the order typed, however long the screen
behind takes to hand back the keys it was sent before the form opened."""

from __future__ import annotations

import asyncio
from functools import partial

from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tui.key_gate import KeyGate

SLOW = 0.3  # seconds the table behind takes over each key: well past any fixed guess


class SlowTable(Widget, can_focus=True):
    """Opens the form on `a`; lets every other key bubble up, but only after a while. (Slow on
    `a` too, so that the keys after it are read, and sent here, before the form opens.)"""

    async def on_key(self, event: events.Key) -> None:
        if event.key == "a":
            event.stop()
            await asyncio.sleep(0.1)
            self.app.push_screen(Form())
        else:
            await asyncio.sleep(SLOW)


class Table(Screen[None]):
    def compose(self) -> ComposeResult:
        yield SlowTable()


class Form(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Input()


class Gated(App[None]):
    FIRST: type[Screen[None]] = Table

    def __init__(self) -> None:
        super().__init__()
        self.keys = KeyGate(self, lambda key: False)

    def on_mount(self) -> None:
        self.push_screen(self.FIRST())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            await self.keys.dispatch(event, partial(super().on_event, event))
        else:
            await super().on_event(event)


def key(character: str) -> events.Key:
    return events.Key(character, character)


async def test_keys_typed_after_the_form_opens_wait_for_those_still_coming_back():
    app = Gated()
    async with app.run_test() as pilot:
        await pilot.pause()
        for character in "axy":  # read together: all three go to the table
            app.post_message(key(character))
        await pilot.pause(0.2)
        assert isinstance(app.screen, Form)
        app.post_message(key("z"))  # read once the form is showing: held behind x and y
        form_input = app.screen.query_one(Input)
        for _ in range(100):
            await pilot.pause(0.05)
            if len(form_input.value) == 3 and not app.keys.waiting:
                break
        assert form_input.value == "xyz"


class KeepingTable(SlowTable):
    """Keeps every key (a binding of its own, say), slowly."""

    async def on_key(self, event: events.Key) -> None:
        event.stop()
        await super().on_key(event)


class KeepingScreen(Table):
    def compose(self) -> ComposeResult:
        yield KeepingTable()


class KeepingApp(Gated):
    FIRST = KeepingScreen


async def test_a_key_kept_by_the_screen_behind_holds_the_keys_after_it_only_until_kept():
    app = KeepingApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        for character in "ax":
            app.post_message(key(character))
        await pilot.pause(0.2)
        assert isinstance(app.screen, Form)
        app.post_message(key("z"))
        await pilot.pause(0.05)
        assert app.keys.waiting  # x is still with the table behind
        form_input = app.screen.query_one(Input)
        for _ in range(100):
            await pilot.pause(0.05)
            if form_input.value:
                break
        assert form_input.value == "z"  # x was kept behind, and z went on once it was
        assert not app.keys.waiting
