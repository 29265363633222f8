"""Edits saved in the background, one after another in the order typed, and on the way out.

A screen that shows an edit at once (a score, a weight: the Priorities screen re-ranks in
memory) `put`s the save that writes it, runs `write` in a thread worker, and hands the worker's
result to `done`. When the app quits, `write` on the UI thread writes whatever no worker has
written yet, so a score typed just before ctrl+q is not lost.

Thread-safety: `put`, `done` and `pending` belong to the UI thread (only it counts). `write`
may run in any thread and in several at once: a lock makes writers take turns, and each takes
everything queued when its turn comes, so every save is written exactly once, in the order it
was put, whichever worker gets there first (the others find the queue empty). The queue itself
is only held under a second, brief lock, so `put` never waits for a write in progress.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlmodel import Session

Save = Callable[["Session"], object]


class Workshop(Protocol):
    """What `write` needs of a workshop file: a new session per save."""

    def session(self) -> AbstractContextManager[Session]: ...


@dataclass(frozen=True)
class Written:
    """What one `write` did: a sentence for each save storage refused, and the tables (entity
    names, as in `WorkshopEdited`) the other saves changed."""

    errors: tuple[str, ...] = ()
    entities: frozenset[str] = frozenset()


def refused_errors() -> tuple[type[Exception], ...]:
    """What storage raises for a save it refuses: the row is gone, the file is read-only, a
    value is out of range. Imported when first needed: the app starts without storage."""
    from storage.errors import NotFoundError, ReadOnlyError

    return (NotFoundError, ReadOnlyError, ValueError)


class SaveQueue:
    """Saves queued on the UI thread, written in order by whichever thread `write`s first."""

    def __init__(self) -> None:
        self._queue: list[tuple[Save, str]] = []
        self._queue_lock = threading.Lock()  # held only to add to or take the queue
        self._write_lock = threading.Lock()  # held for a whole turn of writing
        self._pending = 0
        self._entities: set[str] = set()

    @property
    def pending(self) -> int:
        """Writes asked for (one per `put`) whose `done` has not come back yet."""
        return self._pending

    def put(self, save: Save, entity: str) -> None:
        """Queue `save` (it changes the `entity` table); the caller then runs `write` in a
        worker and passes what it returns, or None if it failed, to `done`."""
        self._pending += 1
        with self._queue_lock:
            self._queue.append((save, entity))

    def write(self, workshop: Workshop) -> Written:
        """Write every save queued, in order and each in a session of its own, after any
        write already running. A save storage refuses is told in `errors` and the rest are
        still written; any other failure is raised, and the saves after it are not written."""
        refused = refused_errors()
        errors: list[str] = []
        entities: set[str] = set()
        with self._write_lock:
            with self._queue_lock:
                saves, self._queue = self._queue, []
            for save, entity in saves:
                try:
                    with workshop.session() as session:
                        save(session)
                except refused as exc:
                    errors.append(str(exc))
                else:
                    entities.add(entity)
        return Written(tuple(errors), frozenset(entities))

    def done(self, written: Written | None) -> frozenset[str] | None:
        """One write has ended (`written` None: it failed). Once no write is pending, the
        entities saved since the queue was last idle, for the screens to reload; else None."""
        self._pending -= 1
        if written is not None:
            self._entities |= written.entities
        if self._pending:
            return None
        entities, self._entities = frozenset(self._entities), set()
        return entities
