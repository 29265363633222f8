"""The agenda timer as the app keeps it: the current session's items and their clocks, held in
app state so the header can tick every second without a storage query, and reloaded (in a
worker) when the workshop is edited.

The arithmetic is `models.agenda_timer`'s (start the next item, pause, resume, time left, over
or not); this module only converts between stored rows (`AgendaRow`: ISO strings) and the
model's `ItemClock`s (datetimes), and says the header's words.

"Now" is `now()`: the real clock, or `SEAMWORK_NOW` when it is set (tests and screenshots pin
it, and move it on to see time pass, without sleeping).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from textual.content import Content

from models import agenda_timer
from models.agenda_timer import ItemClock

if TYPE_CHECKING:
    from storage.queries.meetings import AgendaRow

Stored = tuple[float, str | None, bool]  # what `save_agenda_clocks` takes for one item


def now() -> datetime:
    """Now (UTC, aware), or the instant `SEAMWORK_NOW` pins."""
    pinned = os.environ.get("SEAMWORK_NOW")
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


def today() -> date:
    """Today's date: the pinned day when `SEAMWORK_NOW` is set, else the local calendar's."""
    if os.environ.get("SEAMWORK_NOW"):
        return now().date()
    return date.today()


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def clock_of(row: AgendaRow) -> ItemClock:
    return ItemClock(
        minutes=row.minutes,
        spent_seconds=row.spent_seconds,
        started_at=_instant(row.started_at),
        done=row.done,
    )


def stored(clocks: Sequence[ItemClock]) -> list[Stored]:
    """The clocks as `save_agenda_clocks` stores them."""
    return [
        (
            float(clock.spent_seconds),
            clock.started_at.astimezone(UTC).isoformat(timespec="seconds")
            if clock.started_at is not None
            else None,
            clock.done,
        )
        for clock in clocks
    ]


@dataclass(frozen=True)
class AgendaClock:
    """The current session's agenda: titles and clocks, in agenda order."""

    meeting_id: int | None = None
    titles: tuple[str, ...] = ()
    clocks: tuple[ItemClock, ...] = ()

    @classmethod
    def of(cls, meeting_id: int | None, rows: Sequence[AgendaRow]) -> AgendaClock:
        return cls(meeting_id, tuple(row.title for row in rows), tuple(map(clock_of, rows)))

    @property
    def current(self) -> int | None:
        """The index of the item being timed (running or paused), if any."""
        return agenda_timer.current_index(self.clocks)

    def running(self) -> bool:
        index = self.current
        return index is not None and self.clocks[index].running

    def spent(self, index: int, at: datetime) -> float:
        """Seconds spent on item `index` so far (including the running stretch)."""
        return agenda_timer.elapsed(self.clocks[index], at)

    def left(self, index: int, at: datetime) -> float | None:
        """Seconds left in item `index`'s time box (negative once over); None: not boxed."""
        return agenda_timer.remaining(self.clocks[index], at)

    def is_over(self, index: int, at: datetime) -> bool:
        return agenda_timer.over(self.clocks[index], at)

    def start_next(self, at: datetime) -> tuple[ItemClock, ...]:
        return tuple(agenda_timer.start_next(self.clocks, at))

    def pause_or_resume(self, at: datetime) -> tuple[ItemClock, ...]:
        if self.running():
            return tuple(agenda_timer.pause(self.clocks, at))
        return tuple(agenda_timer.resume(self.clocks, at))

    def header(self, at: datetime) -> Content:
        """ "▶ Systems inventory 12:30 left", "⏸ …" when paused, "-3:10 over" in the error
        colour when the box is spent; empty when no item is being timed."""
        index = self.current
        if index is None:
            return Content("")
        mark = "▶" if self.running() else "⏸"
        parts: list[str | tuple[str, str]] = [(f"{mark} ", "bold"), self.titles[index]]
        left = self.left(index, at)
        if left is None:
            parts += ["  ", (f"{agenda_timer.format_clock(self.spent(index, at))} spent", "bold")]
        elif self.is_over(index, at):
            parts += ["  ", (f"{agenda_timer.format_clock(left)} over", "bold $text-error")]
        else:
            parts += ["  ", (f"{agenda_timer.format_clock(left)} left", "bold")]
        if mark == "⏸":
            parts += ["  ", ("paused", "italic")]
        return Content.assemble(*parts)
