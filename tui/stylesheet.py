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

They are kept on disk too (`keep_on_disk`, when the app quits), so the next start reads them
back in 2 ms rather than parsing the app's 85 sources before its first frame (15 ms):
- in the user's cache folder (`user_cache_path("seamwork")`); where it cannot be written,
  nothing is kept and every start parses;
- each source's rules under Textual's own key, the source's text itself, so an edited source
  is parsed again; pickled one by one, so a start unpickles only the sources it uses;
- for one Python and one installed Textual, told by its modules' modification times
  (`textual.__version__` reads the package's metadata: 9 ms); a file that cannot be read is
  parsed around.
"""

from __future__ import annotations

import os
import pickle
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import textual
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
_Source = tuple[object, ...]  # Textual's key for a parsed source: its text, where it is from...
# What the file on disk held when first read (None: not read yet), each source's rules still
# pickled (unpickled when a stylesheet first asks for them), and whether this process parsed
# anything it did not hold.
_on_disk: dict[_Variables, dict[_Source, bytes]] | None = None
_parsed_here = False


def _kept(variables: dict[str, str]) -> _Variables:
    return tuple(sorted(variables.items()))


class KeptStylesheet(Stylesheet):
    """A `Stylesheet` that parses each source once for each set of variables."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._share()

    def _share(self) -> None:
        """Parse into, and from, the process's cache for the variables now set."""
        key = self._key = _kept(self._variables)
        cache = _parsed.get(key)
        if cache is None:
            cache = _parsed[key] = LRUCache(SOURCES_KEPT)
        self._parse_cache = cache
        self._on_disk = _from_disk().get(key, {})

    def _parse_rules(
        self,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """Textual's, but a source an earlier run kept is read back rather than parsed."""
        global _parsed_here
        source = (css, read_from, is_default_rules, tie_breaker, scope)  # Textual's cache key
        if source not in self._parse_cache:
            kept = self._on_disk.get(source)
            if kept is not None:
                with suppress(Exception):  # damaged, or of classes that changed: parse it
                    self._parse_cache[source] = pickle.loads(kept)
        parsed = len(self._parse_cache)
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if len(self._parse_cache) != parsed:
            _parsed_here = True
        return rules

    @property
    def _variable_tokens(self) -> dict[str, list[Token]]:
        tokens = _tokens.get(self._key)
        if tokens is None:
            tokens = _tokens[self._key] = tokenize_values(self._variables)
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
    """The `ScreenResume`s posted to `screen` as it is shown for the first time keep the styles
    its widgets are given as they mount rather than working them all out again; later ones
    are Textual's own. (A screen's first `switch_mode` posts two: one as the mode starts, one
    as it becomes current: the second restyled the Scenarios screen's first visit again,
    ~15 ms.) Those are the ones posted before the app's next message."""
    posting = screen.post_message

    def post_message(message: Message) -> bool:
        if isinstance(message, events.ScreenResume):
            message.refresh_styles = False
        return posting(message)

    def shown() -> None:
        if "post_message" in vars(screen):
            del screen.post_message  # type: ignore[method-assign]

    screen.post_message = post_message  # type: ignore[method-assign]
    screen.app.call_later(shown)


def cache_file() -> Path:
    """Where parsed rules are kept between runs (Textual has imported platformdirs already)."""
    from platformdirs import user_cache_path

    return user_cache_path("seamwork", appauthor=False) / "stylesheet.pickle"


def _made_by() -> tuple[object, ...]:
    """What the kept rules were made by: this Python, and this installed Textual (where its
    parser and rule classes are, and when they were written)."""
    package = Path(textual.__file__).parent
    modules = ("__init__.py", "css/parse.py", "css/model.py", "css/styles.py")
    return (sys.version, str(package), *(os.stat(package / name).st_mtime_ns for name in modules))


def _from_disk() -> dict[_Variables, dict[_Source, bytes]]:
    """The rules kept by an earlier run (read once a process); {} when there are none, they
    were made by another Python or Textual, or the file cannot be read (then everything is
    parsed, and written again at quit)."""
    global _on_disk
    if _on_disk is None:
        _on_disk = {}
        try:
            made_by, kept = pickle.loads(cache_file().read_bytes())
            if made_by == _made_by() and all(
                isinstance(blob, bytes) for sources in kept.values() for blob in sources.values()
            ):
                _on_disk = kept
        except Exception:  # missing, damaged, or of classes that changed: parse instead
            pass
    return _on_disk


def keep_on_disk() -> None:
    """Write the rules parsed in this process beside those read (the last `THEMES_KEPT`
    themes), when it parsed anything new; a disk that will not take them costs nothing but
    the parse next time. Written whole to a temporary name, then renamed: two apps quitting at
    once leave one whole file."""
    if not _parsed_here:
        return
    kept = {key: dict(sources) for key, sources in _from_disk().items()}
    for key in _parsed.keys():
        cache = _parsed.get(key)
        if cache is None:
            continue
        sources = kept.setdefault(key, {})
        for source in cache.keys():
            if source not in sources and (rules := cache.get(source)) is not None:
                with suppress(pickle.PicklingError, TypeError, AttributeError):
                    sources[source] = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
    kept = dict(list(kept.items())[-THEMES_KEPT:])
    path = cache_file()
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps((_made_by(), kept), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)
    except (OSError, pickle.PicklingError):
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
