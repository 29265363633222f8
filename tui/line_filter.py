"""What the app draws never carries control characters.

Rich and Textual drop a few control characters from text (bell, backspace, carriage return)
but keep ESC and the C1 controls, so a note holding `ESC ] 0 ; … BEL` or `CSI 2 J` would be
written to the terminal inside a table cell, and the terminal would act on it. Imports and
forms refuse such text now (`models.characters`); a file an older version wrote may still hold
some, and this filter, applied by Textual to every line it draws, drops them. A control
character takes no cell, so dropping it leaves every line as wide as it was.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from models.characters import has_terminal_controls, without_terminal_controls


class NoControlCharacters(LineFilter):
    """Drops control characters from the text of each segment (control segments, Textual's own
    cursor moves, are left alone)."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(has_terminal_controls(segment.text) for segment in segments):
            return segments
        return [
            segment
            if segment.control
            else Segment(without_terminal_controls(segment.text), segment.style)
            for segment in segments
        ]


NO_CONTROL_CHARACTERS = NoControlCharacters()  # one instance: Textual caches filtered lines by it
