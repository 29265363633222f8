"""The main screens' base: styled once as they first show (`SIZED_BEFORE_MOUNT`, see
`WorkshopApp._size_classes`), their key bar mounted a moment after they show
(`mount_key_bar_soon`), and a focus move restyles only the widgets whose look it changes.

The key bar: a key pressed as a screen's rows show (the next screen's number, `a` to add) is
handled first, not after building and drawing the bar (20 to 40 ms); the bar comes
`KEY_BAR_AFTER` later, if the screen is still on show (under a dialog, say), else when it
shows again.

The focus move:

Textual 8.2 restyles, on every focus move, the whole subtree of the outermost ancestor of the
focused (and of the blurred) widget with a `:focus-within` rule: on these screens that is the
panel (`.panel:focus-within` in seamwork.tcss), so escape from the Flows filter to its table,
or a screen's first focus, restyled every widget in the panel, table and component classes
included (~16 ms at L, on the way from the key to the frame).

A move changes `:focus-within` only for the widgets that contained one of the two widgets and
not the other; a style can depend on that only where a `:focus-within` rule could apply, which
Textual records on each widget as it styles it (`_has_focus_within`). Those widgets, in the
subtrees of the ones whose state changed, are restyled, and no others: the panel both widgets
are in keeps its state and its look. (The focused and blurred widgets restyle themselves on
`:focus` as Textual always does: `Widget.watch_has_focus`.)
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from tui.workshop_app import WorkshopApp

KEY_BAR_AFTER = 0.3  # seconds after a screen first shows its key bar is mounted


def focus_within_changed(focused: Widget | None, blurred: Widget | None) -> list[DOMNode]:
    """The widgets to restyle when focus moves from `blurred` to `focused` (either None):
    those with a `:focus-within` rule inside a widget that held one and not the other."""
    before = set(blurred.ancestors_with_self) if blurred is not None else set()
    after = set(focused.ancestors_with_self) if focused is not None else set()
    changed = before ^ after
    tops = [node for node in changed if node.parent not in changed]
    return [
        node for top in tops for node in top.walk_children(with_self=True) if node._has_focus_within
    ]


class PanelScreen(Screen[None]):
    """A main screen (Overview, Systems, Flows, ...): see the module's docstring."""

    SIZED_BEFORE_MOUNT = True  # styled once as it first shows (`WorkshopApp._size_classes`)
    _key_bar_timed = False  # `mount_key_bar_soon` called, the bar not mounted yet
    _key_bar_due = False  # ... and its moment came while another screen was on show

    @property
    def key_bar_coming(self) -> bool:
        """Whether the key bar will be mounted without the screen having to show again
        (tests and the screenshots wait on it)."""
        return self._key_bar_timed and not self._key_bar_due

    def mount_key_bar_soon(self) -> None:
        """Mount the key bar `KEY_BAR_AFTER` after the first frame (the app's first) is out."""
        self._key_bar_timed = True
        app = self.app
        if not KEY_BAR_AFTER:  # (the tests': see their conftest) after the next frame
            self.call_after_refresh(self._mount_key_bar)
        elif isinstance(app, WorkshopApp):
            app.after_paint(self.set_timer, KEY_BAR_AFTER, self._mount_key_bar)
        else:
            self.set_timer(KEY_BAR_AFTER, self._mount_key_bar)

    def _mount_key_bar(self) -> None:
        """Mount the key bar now if on show (a dialog over it included), else when next shown
        (the room has moved on to another screen)."""
        if self not in self.app.screen_stack:
            self._key_bar_due = True
            return
        self._key_bar_due = self._key_bar_timed = False
        from tui.widgets.key_bar import KeyBar  # not imported before the first frame (2 ms)

        self.mount(KeyBar())

    def on_screen_resume(self) -> None:
        if self._key_bar_due:
            self._mount_key_bar()

    def _update_focus_styles(
        self, focused: Widget | None = None, blurred: Widget | None = None
    ) -> None:
        nodes = focus_within_changed(focused, blurred)
        if nodes:
            self.app.stylesheet.update_nodes(nodes, animate=True)
