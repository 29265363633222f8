"""Keys act in the order typed, on the screen they were typed for, and are never refused for
the app being busy (issue 12's defect 8 and its kin).

Textual hands a key to the focused widget's own queue and reads the next key at once, so a
burst (a paste, fast typing, a loaded machine) can be read whole before the first key has
acted. Typed fast after `a`, a name went to the Systems table behind the form `a` was opening
(its `f` opened a system's flows) and the form saved nothing; keys typed while the file was
still opening were refused ("still opening, try again"). The gate, asked by the app about
every key it reads (`take`), holds a key back:

- while `must_wait(key)` says so (the app: the file still opening, a screen not yet built);
- while a key sent to a screen that is no longer showing may still come back, so that keys
  typed after it do not overtake it. Whether it may is followed, not guessed: a callback
  queued behind the key on the widget it went to, then on each parent in turn, runs once
  that node has kept the key or passed it up, and on the app once it is back. (A fixed
  wait of 100 ms let "Quick00fghij" be saved as "ghijQuick00f" on a loaded machine: the
  held "ghij" went first, before the old screen had passed "Quick00f" back);
- once any key is held, every key after it, so they act in order.

A key that comes back unhandled from a screen that is no longer showing (it bubbled up from
the table behind a form just opened) is typed again, on the screen now showing, before the
keys held after it. Held keys are replayed, in order, as soon as nothing makes them wait
(looked at every few milliseconds).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer

LOOK_EVERY = 0.005  # seconds between looks at whether held keys may act
IN_FLIGHT = 3.0  # seconds at most a key is followed (a node closed meanwhile drops it)
REMEMBERED = 256  # keys remembered with their screen (those a widget kept never come back)


class KeyGate:
    """The app's keys, held back and typed again as the module says."""

    def __init__(self, app: App[Any], must_wait: Callable[[str], bool]) -> None:
        self.app = app
        self.must_wait = must_wait
        self._held: list[events.Key] = []  # read but not yet acted on, in order typed
        self._again: list[events.Key] = []  # came back from a screen gone: typed again first
        self._sent: dict[int, tuple[events.Key, Screen[object], float]] = {}
        self._looker: Timer | None = None

    @property
    def waiting(self) -> bool:
        """Keys typed but held back (tests wait on it)."""
        return bool(self._held or self._again)

    async def dispatch(self, event: events.Key, handle: Callable[[], Awaitable[None]]) -> None:
        """The app's way with a key it has read: `handle()` it (Textual's own `on_event`)
        unless the gate takes it, then follow it to see it kept or back."""
        if self.take(event):
            return
        await handle()
        self._handed(event)

    def take(self, event: events.Key) -> bool:
        """Whether the gate takes `event` (held, or to be typed again): the app then leaves
        it alone. Otherwise the app handles it as usual."""
        if event.is_forwarded:
            sent = self._sent.pop(id(event), None)
            if sent is None or sent[0] is not event or sent[1] is self.app.screen:
                return False
            event.prevent_default()  # not a command on the screen now showing
            self._again.append(events.Key(event.key, event.character))
            self._look_soon()
            return True
        if self.waiting or self._elsewhere() or self.must_wait(event.key):
            self._held.append(events.Key(event.key, event.character))
            self._look_soon()
            return True
        self._sent[id(event)] = (event, self.app.screen, monotonic())
        while len(self._sent) > REMEMBERED:
            del self._sent[next(iter(self._sent))]
        return False

    def _handed(self, event: events.Key) -> None:
        """The app has just handed `event`, which the gate let through, to the focused widget
        (or the screen): follow it from there until it is kept or back at the app."""
        if id(event) in self._sent and not self._follow(event, self.app.focused or self.app.screen):
            self._sent.pop(id(event), None)

    def _follow(self, event: events.Key, node: DOMNode) -> bool:
        """Queue `_passed` behind `event` on `node`; False if `node` takes no more messages."""
        return node.call_later(self._passed, event, node)

    def _passed(self, event: events.Key, node: DOMNode) -> None:
        """Runs in `node`'s queue after `event`: `node` has kept it or passed it to its parent,
        whose queue it is then in, ahead of the callback queued there now."""
        parent = node.parent
        if parent is None or not self._follow(event, parent):
            self._sent.pop(id(event), None)  # back at the app and dealt with, or lost

    def release(self) -> None:
        """Replay the held keys if nothing makes them wait any more."""
        keys = [*self._again, *self._held]
        if not keys:
            self._stop()
            return
        if self._elsewhere() or any(self.must_wait(key.key) for key in keys):
            return
        self._stop()
        self._again, self._held = [], []
        for key in keys:
            self.app.post_message(key)

    def _elsewhere(self) -> bool:
        """A key sent to a screen no longer showing is still on its way, and may come back."""
        now, screen = monotonic(), self.app.screen
        return any(s is not screen and now - t < IN_FLIGHT for _, s, t in self._sent.values())

    def _look_soon(self) -> None:
        if self._looker is None:
            self._looker = self.app.set_interval(LOOK_EVERY, self.release)

    def _stop(self) -> None:
        if self._looker is not None:
            self._looker.stop()
            self._looker = None
