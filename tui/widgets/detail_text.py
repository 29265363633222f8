"""A `Static` for text that changes with the cursor: a new text lays the screen out again only
when its height changes.

`Static.update` asks for a new layout of the whole screen on every call, so that an `auto`
height follows the text. Beside a table of 5,000 flows that cost a full redraw on every key
of a filter and every row the cursor passed (and on the Priorities screen every weight
pressed); the text under the cursor mostly changes a number or a name on a line. Here the
text's height is measured at the width it has (`Content.get_height`), and the layout is asked
for only when that differs from the last.
"""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static


class DetailText(Static):
    """`Static` whose `update` lays out again only when the text's height changes."""

    _height: int | None = None  # of the text on show, at the width it was measured at

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        width = self.content_region.width
        if layout and width and isinstance(content, Content):
            # (The styles are the rules Textual itself measures with; typed more narrowly.)
            height = content.get_height(self.styles, width)  # type: ignore[arg-type]
            layout = height != self._height
            self._height = height
        else:
            self._height = None  # measured afresh next time
        super().update(content, layout=layout)

    def on_resize(self) -> None:
        self._height = None  # another width: the next text is laid out whatever its height
