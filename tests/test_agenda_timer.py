"""The agenda timer's rules: pure functions over the stored clock values, told `now`."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.agenda_timer import (
    ItemClock,
    current_index,
    elapsed,
    format_clock,
    over,
    pause,
    remaining,
    resume,
    start_next,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: float = 0, seconds: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def agenda(*boxes: int | None) -> list[ItemClock]:
    return [ItemClock(minutes=box) for box in boxes]


# One item ----------------------------------------------------------------------------------


def test_a_new_item_has_spent_nothing() -> None:
    item = ItemClock(minutes=30)
    assert elapsed(item, at(10)) == 0
    assert remaining(item, at(10)) == 30 * 60
    assert not over(item, at(10))
    assert not item.running and not item.paused


def test_a_running_item_counts_from_its_start_on_top_of_earlier_runs() -> None:
    item = ItemClock(minutes=10, spent_seconds=120, started_at=at(5))
    assert elapsed(item, at(8)) == 120 + 180
    assert remaining(item, at(8)) == 600 - 300
    assert item.running


def test_over_running_makes_remaining_negative() -> None:
    item = ItemClock(minutes=5, started_at=at(0))
    assert remaining(item, at(5)) == 0 and not over(item, at(5))  # exactly used up
    assert remaining(item, at(5, 1)) == -1 and over(item, at(5, 1))
    assert remaining(item, at(8, 10)) == -190
    assert format_clock(remaining(item, at(8, 10)) or 0) == "-3:10"


def test_an_item_without_a_time_box_has_no_remaining_and_is_never_over() -> None:
    item = ItemClock(minutes=None, started_at=at(0))
    assert remaining(item, at(600)) is None
    assert not over(item, at(600))
    assert elapsed(item, at(600)) == 600 * 60


def test_a_done_item_no_longer_counts_even_if_a_start_was_left_behind() -> None:
    item = ItemClock(minutes=5, spent_seconds=200, started_at=at(0), done=True)
    assert elapsed(item, at(60)) == 200 and not item.running


def test_a_clock_that_goes_backwards_counts_no_time_not_negative_time() -> None:
    item = ItemClock(minutes=5, spent_seconds=30, started_at=at(10))
    assert elapsed(item, at(9)) == 30


def test_instants_in_other_zones_and_naive_ones_are_compared_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    started = ItemClock(minutes=5, started_at=datetime(2026, 3, 2, 10, 0, tzinfo=paris))
    assert elapsed(started, at(2)) == 120
    # SQLite hands a stored instant back without its zone: it is read as UTC.
    naive = ItemClock(minutes=5, started_at=datetime(2026, 3, 2, 9, 0))
    assert elapsed(naive, at(2)) == 120
    assert elapsed(started, datetime(2026, 3, 2, 9, 3)) == 180


def test_stored_values_that_cannot_be_a_clock_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        ItemClock(minutes=-1)
    with pytest.raises(ValueError, match="negative"):
        ItemClock(spent_seconds=-0.5)
    with pytest.raises(ValueError):
        ItemClock(spent_seconds=float("nan"))


# Pause and resume --------------------------------------------------------------------------


def test_pause_and_resume_add_up_every_run() -> None:
    items = start_next(agenda(10, 20), at(0))
    items = pause(items, at(3))
    assert items[0] == ItemClock(minutes=10, spent_seconds=180)
    assert elapsed(items[0], at(50)) == 180  # a paused item does not count
    items = resume(items, at(50))
    assert items[0] == ItemClock(minutes=10, spent_seconds=180, started_at=at(50))
    items = pause(items, at(54, 30))
    assert items[0].spent_seconds == 180 + 270
    items = resume(items, at(60))
    assert elapsed(items[0], at(62)) == 450 + 120
    assert remaining(items[0], at(62)) == 600 - 570
    assert items[1] == ItemClock(minutes=20)


def test_pause_with_nothing_running_changes_nothing() -> None:
    items = agenda(10, 20)
    assert pause(items, at(1)) == items
    paused = pause(start_next(items, at(0)), at(1))
    assert pause(paused, at(5)) == paused


def test_resume_with_nothing_paused_or_something_running_changes_nothing() -> None:
    items = agenda(10, 20)
    assert resume(items, at(1)) == items  # nothing started yet: start_next starts
    running = start_next(items, at(0))
    assert resume(running, at(1)) == running
    all_done = [ItemClock(minutes=10, spent_seconds=60, done=True)]
    assert resume(all_done, at(1)) == all_done


def test_pause_stops_every_running_item_of_a_damaged_file() -> None:
    items = [ItemClock(started_at=at(0)), ItemClock(started_at=at(1))]
    assert pause(items, at(2)) == [ItemClock(spent_seconds=120), ItemClock(spent_seconds=60)]


# Current item ------------------------------------------------------------------------------


def test_current_index() -> None:
    assert current_index([]) is None
    assert current_index(agenda(10, 20)) is None
    done = ItemClock(minutes=10, spent_seconds=500, done=True)
    paused = ItemClock(minutes=20, spent_seconds=60)
    running = ItemClock(minutes=5, started_at=at(0))
    assert current_index([done, paused, ItemClock()]) == 1
    assert current_index([done, ItemClock(), running]) == 2
    assert current_index([paused, running]) == 1  # the running item wins
    assert current_index([done, done]) is None
    # Paused in the instant it started: no time spent, nothing to resume.
    assert current_index([ItemClock(minutes=5)]) is None


def test_the_paused_item_is_the_first_one_left_paused() -> None:
    paused = ItemClock(spent_seconds=60)
    assert current_index([ItemClock(), paused, paused]) == 1


# Start next --------------------------------------------------------------------------------


def test_start_next_starts_the_first_item_when_none_has_started() -> None:
    items = start_next(agenda(10, 20, 30), at(0))
    assert items == [ItemClock(10, 0, at(0)), ItemClock(20), ItemClock(30)]
    assert current_index(items) == 0


def test_start_next_finishes_the_running_item_and_starts_the_one_after() -> None:
    items = start_next(agenda(10, 20, 30), at(0))
    items = start_next(items, at(12))
    assert items == [ItemClock(10, 720.0, None, True), ItemClock(20, 0, at(12)), ItemClock(30)]
    assert over(items[0], at(12))  # a finished item that ran over still says so
    assert current_index(items) == 1


def test_start_next_finishes_a_paused_item_with_its_time() -> None:
    items = pause(start_next(agenda(10, 20), at(0)), at(4))
    items = start_next(items, at(30))  # the pause is not counted
    assert items == [ItemClock(10, 240.0, None, True), ItemClock(20, 0, at(30))]


def test_start_next_skips_done_items_and_wraps_round_to_the_first_not_done() -> None:
    done = ItemClock(minutes=5, spent_seconds=300, done=True)
    items = [ItemClock(minutes=10), done, ItemClock(minutes=15, started_at=at(0)), done]
    items = start_next(items, at(15))
    # Nothing after the current item is left, so the first not-done item starts.
    assert items == [ItemClock(10, 0, at(15)), done, ItemClock(15, 900.0, None, True), done]
    items = [ItemClock(minutes=10, started_at=at(0)), done, done, ItemClock(minutes=20)]
    assert start_next(items, at(9))[3] == ItemClock(20, 0, at(9))


def test_start_next_keeps_the_time_an_earlier_paused_item_already_spent() -> None:
    # The facilitator skipped ahead and comes back to an item that had run for a while.
    items = [ItemClock(minutes=10, spent_seconds=90), ItemClock(minutes=5, started_at=at(0))]
    items = start_next(items, at(6))
    assert items == [ItemClock(10, 90, at(6)), ItemClock(5, 360.0, None, True)]
    assert remaining(items[0], at(7)) == 600 - 90 - 60


def test_start_next_on_the_last_item_finishes_it_and_starts_nothing() -> None:
    items = [ItemClock(minutes=5, spent_seconds=300, done=True), ItemClock(started_at=at(0))]
    items = start_next(items, at(2))
    assert items == [ItemClock(5, 300, None, True), ItemClock(None, 120.0, None, True)]
    assert current_index(items) is None
    assert start_next(items, at(3)) == items  # all done: unchanged


def test_start_next_on_an_empty_agenda() -> None:
    assert start_next([], at(0)) == []


def test_only_one_item_runs_after_start_next() -> None:
    # A damaged file with two running items: the first is current, the second is the next.
    items = [ItemClock(started_at=at(0)), ItemClock(started_at=at(1)), ItemClock()]
    items = start_next(items, at(2))
    assert items == [ItemClock(None, 120.0, None, True), ItemClock(None, 60.0, at(2)), ItemClock()]


def test_transitions_do_not_change_the_list_they_are_given() -> None:
    items = agenda(10, 20)
    original = list(items)
    start_next(items, at(0))
    pause(items, at(0))
    resume(items, at(0))
    assert items == original


# Restarts ----------------------------------------------------------------------------------


def stored(item: ItemClock) -> dict[str, object]:
    """What a SQLite row gives back: an ISO instant without its zone, a float, an int."""
    started = item.started_at
    return {
        "minutes": item.minutes,
        "spent_seconds": float(item.spent_seconds),
        "started_at": None if started is None else started.replace(tzinfo=None).isoformat(),
        "done": int(item.done),
    }


def reloaded(row: dict[str, object]) -> ItemClock:
    started = row["started_at"]
    return ItemClock(
        minutes=row["minutes"],  # type: ignore[arg-type]
        spent_seconds=row["spent_seconds"],  # type: ignore[arg-type]
        started_at=None if started is None else datetime.fromisoformat(str(started)),
        done=bool(row["done"]),
    )


def test_a_clock_rebuilt_from_stored_values_carries_on_where_it_was() -> None:
    items = pause(start_next(agenda(10, 20), at(0)), at(4))
    items = resume(items, at(10))  # running again, 4 minutes banked
    rows = [stored(item) for item in items]
    # The app is closed at 09:11 and opened again at 09:13.
    again = [reloaded(row) for row in rows]
    for before, after in zip(items, again, strict=True):
        assert elapsed(after, at(13)) == elapsed(before, at(13))
        assert remaining(after, at(13)) == remaining(before, at(13))
    assert current_index(again) == current_index(items) == 0
    assert elapsed(again[0], at(13)) == 240 + 180
    assert start_next(again, at(14))[1] == start_next(items, at(14))[1] == ItemClock(20, 0, at(14))
    # A paused clock does not move while the app is closed.
    paused = [reloaded(stored(item)) for item in pause(items, at(11))]
    assert elapsed(paused[0], at(500)) == 300
    assert dataclasses.replace(paused[0]) == paused[0]


# The header's clock ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (5, "0:05"),
        (59, "0:59"),
        (60, "1:00"),
        (725, "12:05"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (36000, "10:00:00"),
        (-1, "-0:01"),
        (-190, "-3:10"),
        (-3723, "-1:02:03"),
        # A countdown counts whole seconds up: full at the start, 0:00 when used up.
        (299.9, "5:00"),
        (0.2, "0:01"),
        (-0.4, "0:00"),
        (-1.5, "-0:01"),
        (float("nan"), "--:--"),
        (float("inf"), "--:--"),
    ],
)
def test_format_clock(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


# Properties --------------------------------------------------------------------------------

boxes = st.none() | st.integers(min_value=0, max_value=600)
steps = st.lists(
    st.tuples(st.sampled_from(["next", "pause", "resume"]), st.integers(0, 3600)),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(boxes, max_size=6), steps)
def test_any_sequence_of_presses_keeps_the_clocks_sound(
    minutes: list[int | None], presses: list[tuple[str, int]]
) -> None:
    items = agenda(*minutes)
    now = T0
    for press, wait in presses:
        before = items
        now += timedelta(seconds=wait)
        items = {"next": start_next, "pause": pause, "resume": resume}[press](items, now)
        assert len(items) == len(before)
        assert sum(item.running for item in items) <= 1
        # Time is never lost or invented: what was spent by `now` is still spent by `now`.
        assert sum(elapsed(item, now) for item in items) == pytest.approx(
            sum(elapsed(item, now) for item in before)
        )
        assert sum(item.done for item in items) >= sum(item.done for item in before)
        index = current_index(items)
        assert index is None or not items[index].done
        for item in items:
            assert item.started_at is None or item.started_at <= now
