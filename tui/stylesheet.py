"""Textual's stylesheet, keeping what it has parsed while the theme's variables stay the same.

Textual parses the app's CSS and every widget's DEFAULT_CSS again from nothing three times
before the first frame: `refresh_css` (run for the first screen) clears the parse cache even
when the variables it sets are the ones in use, and re-parses into a stylesheet of its own whose
cache is then dropped, so the next widget class to mount parses everything once more (8 ms a
time for seamwork.tcss alone). Its cache also keeps only 64 sources, fewer than the app has
once a few dialogs have opened, and then every new widget class re-parsed them all.

What is parsed is kept for the process, by the variables it was parsed with: an app made again
in the same process (each Pilot test; about an eighth of a TUI test's time went to parsing the
same sources again) starts from it. Parsed rules are never changed once made: Textual's own
cache hands the same ones to every parse of a stylesheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.tokenize import tokenize_values
from textual.css.tokenizer import Token

if TYPE_CHECKING:
    from textual.message import Message
    from textual.screen import Screen

SOURCES_KEPT = 1024  # parsed sources kept (Textual: 64); the app has about 70 in all
THEMES_KEPT = 8  # sets of variables whose parsed sources are kept (a theme each)

_Variables = tuple[tuple[str, str], ...]
_parsed: LRUCache[_Variables, LRUCache[tuple[object, ...], list[RuleSet]]] = LRUCache(THEMES_KEPT)
_tokens: LRUCache[_Variables, dict[str, list[Token]]] = LRUCache(THEMES_KEPT)


def _kept(variables: dict[str, str]) -> _Variables:
    return tuple(sorted(variables.items()))


class KeptStylesheet(Stylesheet):
    """A `Stylesheet` that parses each source once for each set of variables."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._share()

    def _share(self) -> None:
        """Parse into, and from, the process's cache for the variables now set."""
        key = _kept(self._variables)
        cache = _parsed.get(key)
        if cache is None:
            cache = _parsed[key] = LRUCache(SOURCES_KEPT)
        self._parse_cache = cache

    @property
    def _variable_tokens(self) -> dict[str, list[Token]]:
        key = _kept(self._variables)
        tokens = _tokens.get(key)
        if tokens is None:
            tokens = _tokens[key] = tokenize_values(self._variables)
        return tokens

    def set_variables(self, variables: dict[str, str]) -> None:
        """The same variables change no parsed rule: keep them. Others (a theme change) are
        parsed with their own, leaving the rules of these for the next app."""
        if variables != self._variables:
            self._parse_cache = LRUCache(SOURCES_KEPT)  # not the shared one: Textual clears it
            super().set_variables(variables)
            self._share()

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
