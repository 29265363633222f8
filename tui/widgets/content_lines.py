"""Lines of `Content` drawn only where they show: a long list that costs what fits on screen.

A `Static` lays out all of its content to learn its height and draws every line again on each
refresh: the Scenarios screen's per-flow summary of 5,000 flows (10,000 lines) took most of a
second to show. Here each line is one row of a `ScrollView` (the Line API): a line is drawn
when it scrolls into view, and kept until the lines change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual


class LazyLines(Sequence[Content]):
    """Lines each built when first asked for (`line`), then kept: `ContentLines` asks only
    for those that show, so 200 candidates or 10,000 lines of summary cost what fits."""

    def __init__(self) -> None:
        self._built: dict[int, Content] = {}

    def __len__(self) -> int:
        raise NotImplementedError

    def line(self, index: int) -> Content:
        """Line `index` (0 <= index < len), built."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Content: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Content]: ...

    def __getitem__(self, index: int | slice) -> Content | Sequence[Content]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        built = self._built.get(index)
        if built is None:
            built = self._built[index] = self.line(index)
        return built


class ContentLines(ScrollView, can_focus=False):
    """`Content` lines, one per row, never wrapped: a line wider than the panel is cut at its
    edge (the callers fit their lines to the width, cutting with "…" themselves)."""

    DEFAULT_CSS = """
    ContentLines {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: Sequence[Content] = ()
        self._strips: dict[int, Strip] = {}

    @property
    def lines(self) -> Sequence[Content]:
        return self._lines

    def set_lines(self, lines: Sequence[Content], width: int | None = None) -> None:
        """Show `lines` (kept as given: a sequence that builds each line when asked for is
        asked only for those that show). `width`: the widest line's cells, when known, so
        that every line need not be built to learn it."""
        self._lines = lines
        self._strips.clear()
        if width is None:
            width = max((line.cell_length for line in lines), default=0)
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a theme's colours are in the drawn lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.visual_style.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            line = self._lines[index]
            drawn = Visual.to_strips(self, line, max(1, line.cell_length), 1, self.visual_style)
            strip = drawn[0] if drawn else Strip.blank(0)
            self._strips[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.visual_style.rich_style)
