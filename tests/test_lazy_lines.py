"""Lines built when first asked for (`tui.widgets.content_lines.LazyLines`)."""

from __future__ import annotations

import pytest
from textual.content import Content

from tui.widgets.content_lines import LazyLines


class Counted(LazyLines):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.made: list[int] = []

    def __len__(self) -> int:
        return self.count

    def line(self, index: int) -> Content:
        self.made.append(index)
        return Content(f"line {index}")


def test_only_the_lines_asked_for_are_built_and_each_once() -> None:
    lines = Counted(10_000)
    assert lines[0].plain == "line 0" and lines[-1].plain == "line 9999"
    assert [line.plain for line in lines[3:5]] == ["line 3", "line 4"]
    assert lines[3] is lines[3]
    assert lines.made == [0, 9999, 3, 4]
    with pytest.raises(IndexError):
        lines[10_000]
    with pytest.raises(IndexError):
        lines[-10_001]
    assert len(list(Counted(3))) == 3  # iterating goes through every line, then stops
