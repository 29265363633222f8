"""Pages read ahead for screens not yet visited, so their first visit shows at once.

At 5,000 flows the Scenarios and Priorities screens each waited ~0.2 s for their first page
(a worker's read, then its result queued behind the new screen's layout and key bar): over
the 0.3 s a key should take to show its screen. Once the file is open and the room is quiet
(`WorkshopApp`), a thread reads those pages while nobody is looking at them, and the screen
takes its page when first shown (`take`): it draws it in its first frame and reads nothing.

A page describes the workshop as it was when its read began: any change after that (the
app says so with `changed`) makes it stale, and a stale page is never handed out. A screen
that has taken (or asked for) its page is built and reloads itself from then on: nothing is
read ahead for it again.
"""

from __future__ import annotations

import threading
from typing import Any


class ReadAhead:
    """The pages read ahead, by screen name, each with the generation it was read at."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # pages are kept by a thread, taken by the UI's
        self._generation = 0  # bumped by every change of the workshop
        self._pages: dict[str, tuple[int, Any]] = {}
        self._taken: set[str] = set()

    @property
    def generation(self) -> int:
        """Read before a page's read begins; `keep` it with the page."""
        return self._generation

    def wanted(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """Of `names`, those whose screen is not built yet and has no current page."""
        with self._lock:
            return tuple(
                name
                for name in names
                if name not in self._taken
                and self._pages.get(name, (-1, None))[0] != self._generation
            )

    def keep(self, name: str, generation: int, page: Any) -> None:
        """Keep `page`, read from the workshop as it was at `generation`."""
        with self._lock:
            if name not in self._taken and generation == self._generation:
                self._pages[name] = (generation, page)

    def take(self, name: str) -> Any | None:
        """The screen `name` is being built: its page if one is current, else None. Either
        way, nothing more is read ahead for it."""
        with self._lock:
            self._taken.add(name)
            kept = self._pages.pop(name, None)
        return kept[1] if kept is not None and kept[0] == self._generation else None

    def changed(self) -> None:
        """The workshop changed: every page kept is stale."""
        with self._lock:
            self._generation += 1
            self._pages.clear()
