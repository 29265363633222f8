"""The background save queue (tui/save_queue.py): order, refusals, and the count of writes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from tui.save_queue import SaveQueue, Written


class Workshop:
    """Sessions that record which save ran in them; each takes a moment, so threads overlap."""

    def __init__(self) -> None:
        self.sessions = 0

    @contextmanager
    def session(self) -> Iterator[object]:
        self.sessions += 1
        time.sleep(0.001)
        yield object()


def recorder(written: list[int], n: int) -> Callable[[object], None]:
    def save(_session: object) -> None:
        written.append(n)

    return save


def test_racing_writers_write_every_save_once_in_the_order_put():
    """A worker per save, started as each is put (as the screen does): however the threads
    interleave, each save is written once and in order, never by two threads."""
    queue, workshop, written = SaveQueue(), Workshop(), []
    results: list[Written] = []
    threads = []
    for n in range(60):
        queue.put(recorder(written, n), "score")
        thread = threading.Thread(target=lambda: results.append(queue.write(workshop)))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    assert written == list(range(60))
    assert workshop.sessions == 60
    assert len(results) == 60
    assert sum(bool(result.entities) for result in results) >= 1  # some found nothing to do


def test_a_refused_save_is_told_and_the_others_are_still_written():
    queue, written = SaveQueue(), []

    def refused(_session: object) -> None:
        raise ValueError("The score must be a whole number from 1 to 5.")

    queue.put(recorder(written, 1), "score")
    queue.put(refused, "criterion")
    queue.put(recorder(written, 3), "workshop_method")
    result = queue.write(Workshop())
    assert written == [1, 3]
    assert result.errors == ("The score must be a whole number from 1 to 5.",)
    assert result.entities == {"score", "workshop_method"}


def test_any_other_failure_is_raised_for_the_worker_to_report():
    queue = SaveQueue()

    def broken(_session: object) -> None:
        raise RuntimeError("disk on fire")

    queue.put(broken, "score")
    with pytest.raises(RuntimeError):
        queue.write(Workshop())


def test_done_says_what_changed_once_the_last_pending_write_is_back():
    """Three saves, three workers: the first wrote all three, the others nothing. Only the
    last `done` answers, with every entity saved since the queue was idle."""
    queue = SaveQueue()
    for entity in ("score", "criterion", "score"):
        queue.put(lambda _session: None, entity)
    assert queue.pending == 3
    first = queue.write(Workshop())
    assert first.entities == {"score", "criterion"}
    assert queue.done(first) is None
    assert queue.done(queue.write(Workshop())) is None
    assert queue.done(None) == {"score", "criterion"}  # the last failed: the rest still count
    assert queue.pending == 0
    queue.put(lambda _session: None, "candidate")
    assert queue.done(queue.write(Workshop())) == {"candidate"}  # a new round starts empty


def test_writing_on_the_way_out_writes_what_no_worker_has_written():
    queue, workshop, written = SaveQueue(), Workshop(), []
    queue.put(recorder(written, 1), "score")
    queue.put(recorder(written, 2), "score")
    queue.write(workshop)  # ctrl+q: on the UI thread, before the workers ran
    assert written == [1, 2]
    assert queue.write(workshop) == Written()  # the workers, later, find nothing left
    assert written == [1, 2]
