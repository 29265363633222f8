"""Textual's stylesheet, keeping what it has parsed while the theme's variables stay the same.

Textual parses the app's CSS and every widget's DEFAULT_CSS again from nothing three times
before the first frame: `refresh_css` (run for the first screen) clears the parse cache even
when the variables it sets are the ones in use, and re-parses into a stylesheet of its own whose
cache is then dropped, so the next widget class to mount parses everything once more (8 ms a
time for seamwork.tcss alone). Its cache also keeps only 64 sources, fewer than the app has
once a few dialogs have opened, and then every new widget class re-parsed them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

if TYPE_CHECKING:
    from textual.message import Message
    from textual.screen import Screen

SOURCES_KEPT = 1024  # parsed sources kept (Textual: 64); the app has about 70 in all


class KeptStylesheet(Stylesheet):
    """A `Stylesheet` that parses each source once for each set of variables."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache: LRUCache[tuple[object, ...], list[RuleSet]] = LRUCache(SOURCES_KEPT)

    def set_variables(self, variables: dict[str, str]) -> None:
        """The same variables change no parsed rule: keep them (a theme change clears)."""
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse the sources with the variables of now, reusing the rules parsed with them.

        Textual parses into a new stylesheet so that an error leaves this one as it was;
        `parse` does too (it sets the rules only when every source parsed), and the cache
        holds only rules parsed with the variables now set (`set_variables` clears it).
        """
        self.parse()

    def copy(self) -> KeptStylesheet:
        """A copy (as Textual's file monitor makes), of this class, sharing nothing."""
        stylesheet = KeptStylesheet(variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet


def first_resume(screen: Screen[Any]) -> None:
    """The next `ScreenResume` posted to `screen` (the one that shows it for the first time)
    keeps the styles its widgets are given as they mount rather than working them all out
    again; later ones are Textual's own."""
    posting = screen.post_message

    def post_message(message: Message) -> bool:
        if isinstance(message, events.ScreenResume):
            del screen.post_message  # type: ignore[method-assign]
            message.refresh_styles = False
        return posting(message)

    screen.post_message = post_message  # type: ignore[method-assign]
