"""The key bar at the foot of every screen and dialog: Textual's Footer, in as many rows as the
terminal's width needs.

Footer lays its keys out in one row and cuts what does not fit (at 80 columns a screen lost its
last keys and "^p palette" was drawn over "Quit"). KeyBar keeps Footer's keys, clicks and
grouping, and puts them on a grid of as many columns as fit, so the keys wrap onto a second or
third row instead of being cut.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

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


Shown = tuple[Binding, bool, str]  # a key on show: its binding, enabled, tooltip


class BarKey(FooterKey):
    """A key of the bar: FooterKey without the compact style the bar never uses. FooterKey's
    `compact` set a class as each key mounted, and Footer's binding of it to its own cleared
    it again, each restyling the key: twice a key, 20-40 ms for a screen's keys."""

    compact = reactive(False, init=False)


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
        if keys is None or not self.children or not await self._relabel():
            await super().recompose()  # the screen's bindings changed: new keys
        self._drawn = keys
        self._fit()

    def compose(self) -> ComposeResult:
        """The keys as Footer composes them (the same widgets and classes), as `BarKey`s."""
        shown = self._shown() if self._bindings_ready else None
        if shown is None:
            yield from super().compose()  # (not ready, or grouped keys: Footer's own)
            return
        wanted, palette = shown
        for binding, enabled, tooltip in wanted:
            yield self._footer_key(binding, enabled, tooltip)
        if palette is not None:
            # (Footer binds no `compact` to the palette's key: FooterKey's own, on, styles it)
            yield self._footer_key(*palette, classes="-command-palette -compact")

    def _shown(self) -> tuple[list[Shown], Shown | None] | None:
        """The screen's keys on show, one a action as Footer shows them, and the palette's
        key; None for grouped keys (Footer draws those)."""
        wanted: dict[str, Shown] = {}
        palette: Shown | None = None
        for name, (_, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if name == self.app.COMMAND_PALETTE_BINDING:
                palette = (binding, enabled, binding.tooltip or binding.description)
            if binding.show:
                if binding.group is not None:
                    return None
                wanted.setdefault(binding.action, (binding, enabled, tooltip))
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            palette = None
        return list(wanted.values()), palette

    async def _relabel(self) -> bool:
        """Show the screen's keys on the keys already in the bar, adding only as many as
        are missing and hiding those left over: `/` on Flows leaves four keys of
        eleven (the filter has the letters) and escape brings them back, and removing and
        mounting every key took 20-45 ms and a second layout of the screen. False, changing
        nothing, when Footer must build them (grouped keys, the palette key comes or goes)."""
        shown = self._shown()
        if shown is None:
            return False
        wanted, palette = shown
        keys = [key for key in self.children if isinstance(key, FooterKey)]
        if len(keys) != len(self.children):
            return False
        palette_keys = [key for key in keys if key.has_class("-command-palette")]
        keys = [key for key in keys if not key.has_class("-command-palette")]
        if (palette is None) != (not palette_keys):
            return False
        if palette is not None:
            self._relabel_key(palette_keys[0], *palette)
        for key, (binding, enabled, tooltip) in zip(keys, wanted, strict=False):
            self._relabel_key(key, binding, enabled, tooltip)
            key.display = True
        for key in keys[len(wanted) :]:
            key.display = False  # kept for when the keys are more again
        more = wanted[len(keys) :]
        if more:
            new = [self._footer_key(*shown) for shown in more]
            await self.mount_all(new, before=palette_keys[0] if palette_keys else None)
        return True

    def _footer_key(
        self, binding: Binding, enabled: bool, tooltip: str, classes: str = ""
    ) -> FooterKey:
        """A key as `Footer.compose` makes it."""
        return BarKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
            classes=classes,
        )

    def _relabel_key(self, key: FooterKey, binding: Binding, enabled: bool, tooltip: str) -> None:
        """`key` now shows `binding` (what `_footer_key` would make of it)."""
        display = self.app.get_key_display(binding)
        width = (key.key_display, key.description)
        key.key = binding.key
        key.key_display = display
        key.description = binding.description
        key.action = binding.action
        key._disabled = not enabled
        key.set_class(not enabled, "-disabled")
        key.tooltip = tooltip or None
        key.refresh(layout=(display, binding.description) != width)

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
        keys = [
            child
            for child in self.children
            if child.display and not child.has_class("-command-palette")
        ]
        if not keys or not self.size.width:
            return
        palette = sum(_width(c) for c in self.children if c.has_class("-command-palette"))
        # Two cells spare: a screen that scrolls draws its scrollbar over the bar's right end.
        room = self.size.width - palette - SPARE
        count = columns_that_fit([_width(key) for key in keys], room)
        if self.styles.grid_size_columns != count:
            self.styles.grid_size_columns = count
