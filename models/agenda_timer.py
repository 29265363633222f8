"""The agenda timer's rules, over stored state only.

An agenda item's clock is four plain values that the workshop file keeps, so the timer
survives a restart or a switch to another screen: the time box in `minutes` (None: not
boxed), `spent_seconds` from earlier runs, `started_at` (the UTC instant the current run
began; None when it is not running) and `done`. Nothing ticks here: every function is told
`now` and works the time out from the stored values, so an `ItemClock` rebuilt from the file
behaves exactly as the one that was saved.

- An item is *running* when it has `started_at` and is not done; *paused* when it is not done,
  not running and has spent time. The *current* item is the running one, else the first paused
  one (`current_index`). An item paused in the very instant it started has spent no time and so
  is not current: there is nothing to resume.
- `start_next` finishes the current item (done, its time added up) and starts the first item
  not done after it, wrapping round to the first not-done item; with no current item it starts
  the first not-done item. Only one item runs at a time: any other running item is paused.
- `pause` stops the running item, adding its run to `spent_seconds`; `resume` restarts the
  current paused item. Either returns the items unchanged when there is nothing to do.
- Instants are compared in UTC. A naive datetime is read as UTC, because SQLite gives stored
  instants back without their zone. A clock that goes backwards (`now` before `started_at`)
  counts the run as no time rather than as negative time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime


@dataclass(frozen=True)
class ItemClock:
    """One agenda item's timer, as stored."""

    minutes: int | None = None
    spent_seconds: float = 0.0
    started_at: datetime | None = None
    done: bool = False

    def __post_init__(self) -> None:
        if self.minutes is not None and self.minutes < 0:
            raise ValueError(f"A time box cannot be negative ({self.minutes} minutes).")
        if not self.spent_seconds >= 0:  # also refuses NaN
            raise ValueError(f"Time spent cannot be negative ({self.spent_seconds} seconds).")

    @property
    def running(self) -> bool:
        return self.started_at is not None and not self.done

    @property
    def paused(self) -> bool:
        return not self.done and self.started_at is None and self.spent_seconds > 0


def _utc(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.tzinfo.utcoffset(instant) is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def _run_seconds(item: ItemClock, now: datetime) -> float:
    """Seconds in the current run: none when not running, never negative."""
    if not item.running or item.started_at is None:
        return 0.0
    return max(0.0, (_utc(now) - _utc(item.started_at)).total_seconds())


def elapsed(item: ItemClock, now: datetime) -> float:
    """Seconds spent on the item so far: earlier runs and the current one."""
    return item.spent_seconds + _run_seconds(item, now)


def remaining(item: ItemClock, now: datetime) -> float | None:
    """Seconds left in the time box, negative when over-running; None when not boxed."""
    if item.minutes is None:
        return None
    return item.minutes * 60 - elapsed(item, now)


def over(item: ItemClock, now: datetime) -> bool:
    """Whether the item has used more than its time box (never, when not boxed)."""
    left = remaining(item, now)
    return left is not None and left < 0


def current_index(items: Sequence[ItemClock]) -> int | None:
    """The running item, else the first paused one, else None."""
    for index, item in enumerate(items):
        if item.running:
            return index
    for index, item in enumerate(items):
        if item.paused:
            return index
    return None


def _stopped(item: ItemClock, now: datetime, *, done: bool | None = None) -> ItemClock:
    """The item with its current run added to its time and its clock stopped."""
    return replace(
        item,
        spent_seconds=elapsed(item, now),
        started_at=None,
        done=item.done if done is None else done,
    )


def pause(items: Sequence[ItemClock], now: datetime) -> list[ItemClock]:
    """Stop the running item, keeping the time it ran; unchanged when nothing runs."""
    return [_stopped(item, now) if item.running else item for item in items]


def resume(items: Sequence[ItemClock], now: datetime) -> list[ItemClock]:
    """Restart the current paused item; unchanged when one runs or none is paused."""
    index = current_index(items)
    if index is None or items[index].running:
        return list(items)
    return [
        replace(item, started_at=_utc(now)) if position == index else item
        for position, item in enumerate(items)
    ]


def start_next(items: Sequence[ItemClock], now: datetime) -> list[ItemClock]:
    """Finish the current item and start the next one not done; unchanged when all are done."""
    if all(item.done for item in items):
        return list(items)
    current = current_index(items)
    clocks = pause(items, now)
    if current is not None:
        clocks[current] = replace(clocks[current], done=True)
    after = [] if current is None else list(range(current + 1, len(clocks)))
    for index in after + list(range(len(clocks))):
        if not clocks[index].done:
            clocks[index] = replace(clocks[index], started_at=_utc(now))
            break
    return clocks


def format_clock(seconds: float) -> str:
    """A clock for the header: "12:05", "1:02:03", and "-3:10" when over-running.

    Whole seconds are counted up (ceiling), as a countdown does: a time box shows "0:00" the
    moment it is used up and "-0:01" once a whole second over. Not a number shows "--:--".
    """
    if not math.isfinite(seconds):
        return "--:--"
    whole = math.ceil(seconds)
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


__all__ = [
    "ItemClock",
    "current_index",
    "elapsed",
    "format_clock",
    "over",
    "pause",
    "remaining",
    "resume",
    "start_next",
]
