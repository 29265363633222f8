"""Hearing at once of what other windows commit to a server workshop (issue 17).

Each commit that changes the workshop notifies the channel named after its schema (a trigger,
migration 0011: `storage.migrations.changes.NOTIFY_TRIGGERS`), with the change count it ended
at and the step's actor. A `ChangeListener` LISTENs there on a connection of its own, in a
daemon thread, and calls back for every commit made by a connection that is not one of the
window's own (`WorkshopFile.own_backend`, from the notification's backend pid): a window's
own edits have shown already. No table is polled: the thread blocks in the driver until a
notification or its short timeout, which only serves to see `stop()`.

The thread never raises: a connection lost is retried with a growing wait, and the window is
told (`on_state`) once it has been down for `LOST_AFTER` seconds, and again when it is back.
After a reconnection the window is told to look again (`Change(None, None)`): commits made
while nobody listened sent their notifications to no one.

A plain daemon thread, not a Textual worker: it lives as long as the window and must never
hold up quitting (a worker would be waited for).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Any

from storage.location import ServerLocation

LOST_AFTER = 3.0  # seconds a lost connection lasts before the window says so
WAIT_FIRST = 0.5  # seconds before the first retry; doubled each time, up to WAIT_MOST
WAIT_MOST = 8.0
LISTEN_TIMEOUT = 0.5  # how long one wait in the driver lasts (how soon `stop()` is seen)
GATHER = 0.05  # seconds to gather a burst of commits into one callback
CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class Change:
    """Someone else's commit: the change count it ended at and who made it (None: unknown,
    or a look again after a reconnection, when both are None)."""

    count: int | None
    actor: str | None


def parse_payload(payload: str) -> Change:
    """A notification's payload ("42 Ana Ruiz") as a `Change`; anything else as unknown."""
    count_text, _, actor = payload.partition(" ")
    try:
        count: int | None = int(count_text)
    except ValueError:
        count = None
    return Change(count, actor or None)


def libpq_url(location: ServerLocation) -> str:
    """The location's URL as libpq takes it (no SQLAlchemy driver name)."""
    return location.url.replace("postgresql+psycopg://", "postgresql://", 1)


class ChangeListener:
    """LISTEN for other connections' commits to one server workshop, in a thread."""

    def __init__(
        self,
        location: ServerLocation,
        *,
        own: Callable[[int], bool],
        on_change: Callable[[Change], None],
        on_state: Callable[[bool], None],
    ) -> None:
        self.location = location
        self._own = own
        self._on_change = on_change
        self._on_state = on_state  # True: lost for a while; False: back again
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="seamwork-listen", daemon=True)
        self._connection: Any = None
        self.listening = threading.Event()  # set while LISTEN is in force (tests wait on it)
        self.own_heard = 0  # notifications of the window's own commits, passed over

    @property
    def channel(self) -> str:
        return self.location.schema

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end; it does within `LISTEN_TIMEOUT` (never waited for long)."""
        self._stop.set()
        self._thread.join(timeout=0.1)

    def _connect(self) -> Any:
        import psycopg

        connection = psycopg.connect(
            libpq_url(self.location),
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="seamwork-listen",
            # A link that dies without a word (a laptop's Wi-Fi) is noticed in ~15 s.
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=3,
            keepalives_count=3,
        )
        connection.execute(f'LISTEN "{self.channel}"')
        return connection

    def _run(self) -> None:
        wait = WAIT_FIRST
        down_since: float | None = None
        said_lost = False
        first = True
        while not self._stop.is_set():
            try:
                self._connection = self._connect()
            except Exception:  # unreachable, refused, timed out: try again later
                down_since = down_since if down_since is not None else monotonic()
                if not said_lost and monotonic() - down_since >= LOST_AFTER:
                    said_lost = True
                    self._on_state(True)
                self._stop.wait(wait)
                wait = min(wait * 2, WAIT_MOST)
                continue
            self.listening.set()
            if said_lost:
                said_lost = False
                self._on_state(False)
            if not first:  # commits made while nobody listened: look again
                self._on_change(Change(None, None))
            first = False
            wait, down_since = WAIT_FIRST, None
            try:
                self._listen(self._connection)
            except Exception:  # the connection was lost: reconnect
                down_since = monotonic()
            finally:
                self.listening.clear()
                try:
                    self._connection.close()
                except Exception:
                    pass
                self._connection = None

    def _listen(self, connection: Any) -> None:
        while not self._stop.is_set():
            latest: Change | None = None
            for notify in connection.notifies(timeout=LISTEN_TIMEOUT, stop_after=1):
                latest = self._heard(notify) or latest
            if latest is None:
                continue
            # One commit is one notification, but a burst (a paste, someone typing scores)
            # is gathered into one look.
            for notify in connection.notifies(timeout=GATHER):
                latest = self._heard(notify) or latest
            self._on_change(latest)

    def _heard(self, notify: Any) -> Change | None:
        """Someone else's commit, or None for one of the window's own."""
        if self._own(notify.pid):
            self.own_heard += 1
            return None
        return parse_payload(notify.payload)
