"""The key bar at the foot of every screen and dialog: Textual's Footer, in as many rows as the
terminal's width needs.

Footer lays its keys out in one row and cuts what does not fit (at 80 columns a screen lost its
last keys and "^p palette" was drawn over "Quit"). KeyBar keeps Footer's keys, clicks and
grouping, and puts them on a grid of as many columns as fit, so the keys wrap onto a second or
third row instead of being cut.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer

WIDE = Size(1_000, 1)
SPARE = 2


def _width(widget: Widget) -> int:
    """The cells `widget` takes in a row: its content, padding, border and margin."""
    styles = widget.styles
    content = widget.get_content_width(WIDE, WIDE)
    return content + styles.gutter.width + styles.margin.width


def columns_that_fit(widths: list[int], room: int) -> int:
    """The most grid columns (items placed row by row) whose widest cells add up to `room`."""
    for count in range(len(widths), 1, -1):
        columns = [max(widths[start::count]) for start in range(count)]
        if sum(columns) <= room:
            return count
    return 1


class KeyBar(Footer):
    """Footer whose keys wrap onto more rows rather than being cut."""

    DEFAULT_CSS = """
    KeyBar {
        layout: grid;
        grid-columns: auto;
        height: auto;
        max-height: 4;
    }
    """

    def on_mount(self) -> None:  # Footer's own on_mount runs too (Textual walks the MRO)
        # Footer draws its keys when the screen next says its bindings changed: a screen that
        # drew its first page before the bar was mounted (read ahead) says so no more.
        self.bindings_changed(self.screen)

    def on_resize(self) -> None:
        self._fit()

    _drawn: tuple[object, ...] | None = None  # the keys on show, as `_keys` says them

    async def recompose(self) -> None:
        """Build the keys again, if they changed: the screen says its bindings changed
        whenever the focus moves or a table loads (eleven times as the interface matrix
        opened), and Footer then removed and mounted every key each time, 80 ms in all."""
        if not self.is_attached:
            return  # closed since the rebuild was asked for (as Widget.recompose does)
        keys = self._keys() if self.screen is self.app.screen else None
        if keys is not None and keys == self._drawn and self.children:
            return  # (a screen under a dialog draws as Textual decides: always built again)
        await super().recompose()  # the screen's bindings changed: new keys
        self._drawn = keys
        self._fit()

    def _keys(self) -> tuple[object, ...] | None:
        """What `Footer.compose` draws from: each shown binding with its state."""
        if not self._bindings_ready or not self.is_attached:
            return None
        return tuple(
            (key, binding.action, binding.description, binding.group, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )

    def _fit(self) -> None:
        keys = [child for child in self.children if not child.has_class("-command-palette")]
        if not keys or not self.size.width:
            return
        palette = sum(_width(c) for c in self.children if c.has_class("-command-palette"))
        # Two cells spare: a screen that scrolls draws its scrollbar over the bar's right end.
        room = self.size.width - palette - SPARE
        count = columns_that_fit([_width(key) for key in keys], room)
        if self.styles.grid_size_columns != count:
            self.styles.grid_size_columns = count
