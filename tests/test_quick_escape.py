"""Escape is not held back by Textual's keyboard thread (tui.quick_escape)."""

from __future__ import annotations

import selectors
import sys
from pathlib import Path

import pytest

from tui.quick_escape import LOOK_EVERY, CappedSelector, QuickEscapeDriver


def test_the_keyboard_thread_looks_at_the_clock_every_few_milliseconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[float | None] = []
    monkeypatch.setattr(
        selectors.SelectSelector, "select", lambda self, timeout=None: asked.append(timeout) or []
    )
    selector = CappedSelector()
    for timeout in (0.1, None, 0.004):
        assert selector.select(timeout) == []
    assert asked == [LOOK_EVERY, LOOK_EVERY, 0.004]


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux and macOS driver")
def test_the_app_runs_on_the_quick_escape_driver(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    from tui.app import SeamworkApp

    assert SeamworkApp(tmp_path / "w.seamwork").driver_class is QuickEscapeDriver
