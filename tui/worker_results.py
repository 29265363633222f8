"""What a screen or widget does with news of its thread workers: takes the result of one that
has succeeded, and hands one that has failed to the app.

Textual posts `Worker.StateChanged` to the node that started the worker, and the message does
not bubble: the app's one handler for failures (`WorkshopApp.handle_worker_error`) hears of a
screen's failed worker only if the screen passes it on. `worker_result` does both in one call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from tui.workshop_app import WorkshopApp

T = TypeVar("T")


def worker_result(
    app: WorkshopApp,
    event: Worker.StateChanged,
    kind: type[T],
    latest: Worker[Any] | None = None,
) -> T | None:
    """The result of the worker whose state changed, if it has just succeeded with a `kind`;
    otherwise None, after telling the app if the worker failed.

    `latest`: the load the screen started last. An exclusive worker cancels the one before
    it, but one that had already finished has its news queued: shown after a newer edit, its
    page would put back what the screen showed before (and the cursor with it, so the next
    key marks a row the user has moved past)."""
    if event.state == WorkerState.ERROR:
        app.handle_worker_error(event.worker)
    if latest is not None and event.worker is not latest:
        return None
    result = event.worker.result if event.state == WorkerState.SUCCESS else None
    return result if isinstance(result, kind) else None
