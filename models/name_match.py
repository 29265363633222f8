"""Forgiving name matching: what the room says against the names the workshop holds.

People say "Mission Control" for "Mission Control PSA" and "Salesforce" for "Salesforce Sales
Cloud"; they type "mission-control psa" or "MissionControl PSA". `NameIndex.match` reads a name
as typed against the existing names of one kind (systems, or data objects), in this order:

1. the same name (`models.names.name_key`: case and Unicode normalisation ignored);
2. the same letters and digits (case, spacing and punctuation ignored);
3. a unique prefix of a name ("Mission Control" -> "Mission Control PSA"), or a run of its
   words ("Sales Cloud", "X3"), the last word possibly cut short;
4. a close misspelling ("Mision Control PSA"): offered, never taken, as "did you mean …?";
5. otherwise a new name.

Steps 2 and 3 need at least two letters or digits. More than one name at step 2 or 3 is
ambiguous: the caller asks for more letters rather than guessing. Misspellings are measured by
RapidFuzz's optimal string alignment distance (an edit or a swap of neighbours counts one) on
the letters and digits: one edit allowed from 4 characters, two from 8, three from 14, against
the whole name or, when two words or more are typed, its first two words or more.

`NameIndex.complete` lists the names a prefix could be, for tab completion: the names it
starts, or when it starts none, the names with a run of words it starts. Pure: no database,
no widgets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import OSA

from models.names import name_key

MatchKind = Literal["exact", "same", "prefix", "word", "near", "ambiguous", "new"]

RESOLVED: frozenset[str] = frozenset({"exact", "same", "prefix", "word"})
SHORTEST = 2  # letters and digits before a prefix or a word may stand for a name

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    """The letters-and-digits words of `text`, case folded: "Mission-Control PSA" -> 3 words."""
    return tuple(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def compact(text: str) -> str:
    """`text` with case, spacing and punctuation ignored: "Mission-Control" -> "missioncontrol"."""
    return "".join(words(text))


def allowed_edits(length: int) -> int:
    """How many edits a misspelling of `length` letters and digits may have."""
    if length >= 14:
        return 3
    if length >= 8:
        return 2
    if length >= 4:
        return 1
    return 0


@dataclass(frozen=True)
class NameMatch:
    """What a typed name is: `names` holds the match, the suggestions, or the candidates."""

    typed: str
    kind: MatchKind
    names: tuple[str, ...] = ()

    @property
    def resolved(self) -> str | None:
        """The existing name this typed name stands for, when it certainly stands for one."""
        return self.names[0] if self.kind in RESOLVED else None

    @property
    def suggestion(self) -> str | None:
        """The existing name a misspelling is closest to ("did you mean …?")."""
        return self.names[0] if self.kind == "near" else None

    @property
    def name(self) -> str:
        """The name to use if nothing is asked: the existing one when resolved, else as typed."""
        return self.resolved or self.typed


@dataclass(frozen=True)
class _Entry:
    name: str
    key: str
    words: tuple[str, ...]
    compact: str


@dataclass(frozen=True)
class NameIndex:
    """The existing names of one kind, prepared for matching."""

    names: tuple[str, ...]
    _entries: tuple[_Entry, ...] = field(init=False, repr=False, compare=False)

    def __init__(self, names: Iterable[str]) -> None:
        unique = tuple(sorted(set(names), key=lambda name: (name_key(name), name)))
        object.__setattr__(self, "names", unique)
        entries = tuple(_Entry(name, name_key(name), words(name), compact(name)) for name in unique)
        object.__setattr__(self, "_entries", entries)

    def match(self, typed: str, *, exact_only: bool = False) -> NameMatch:
        """Read `typed` against the names; `exact_only` (a quoted name) skips steps 2 to 4."""
        key = name_key(typed)
        for entry in self._entries:
            if entry.key == key:
                return NameMatch(typed, "exact", (entry.name,))
        if exact_only:
            return NameMatch(typed, "new")
        typed_words = words(typed)
        typed_compact = "".join(typed_words)
        if len(typed_compact) < SHORTEST:
            return NameMatch(typed, "new")
        same = tuple(entry.name for entry in self._entries if entry.compact == typed_compact)
        if len(same) == 1:
            return NameMatch(typed, "same", same)
        if same:
            return NameMatch(typed, "ambiguous", same)
        prefixed = [entry for entry in self._entries if entry.compact.startswith(typed_compact)]
        worded = [
            entry
            for entry in self._entries
            if entry not in prefixed and _word_run(typed_words, entry.words)
        ]
        found = tuple(entry.name for entry in (*prefixed, *worded))
        if len(found) == 1:
            return NameMatch(typed, "prefix" if prefixed else "word", found)
        if found:
            return NameMatch(typed, "ambiguous", found)
        near = self._near(typed_compact, len(typed_words))
        if near:
            return NameMatch(typed, "near", near)
        return NameMatch(typed, "new")

    def _near(self, typed_compact: str, typed_words: int) -> tuple[str, ...]:
        """The names closest to a misspelling, best first; empty when none is close."""
        limit = allowed_edits(len(typed_compact))
        if limit == 0:
            return ()
        best: dict[str, int] = {}
        for entry in self._entries:
            variants = {entry.compact}
            if typed_words >= 2:  # "Mision Control" for "Mission Control PSA"
                variants.update(
                    "".join(entry.words[:count]) for count in range(2, len(entry.words))
                )
            for variant in variants:
                if allowed_edits(len(variant)) == 0:
                    continue
                distance = OSA.distance(typed_compact, variant, score_cutoff=limit)
                if distance <= limit:
                    best[entry.name] = min(distance, best.get(entry.name, distance))
        if not best:
            return ()
        closest = min(best.values())
        return tuple(name for name in self.names if best.get(name) == closest)

    def complete(self, prefix: str) -> tuple[str, ...]:
        """The names `prefix` could be the start of (forgivingly), for tab completion."""
        typed_words = words(prefix)
        typed_compact = "".join(typed_words)
        if not typed_compact:
            return ()
        found = [entry.name for entry in self._entries if entry.compact.startswith(typed_compact)]
        if found:  # the start of a name first: "s" is Salesforce, not Jira Service Management
            return tuple(found)
        return tuple(entry.name for entry in self._entries if _word_run(typed_words, entry.words))


def _word_run(typed: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """True when `typed` is a run of `name`'s words, the last one possibly cut short."""
    if not typed or len(typed) > len(name):
        return False
    *whole, last = typed
    for start in range(len(name) - len(typed) + 1):
        run = name[start : start + len(typed)]
        if list(run[:-1]) == whole and run[-1].startswith(last):
            return True
    return False


def common_prefix(names: Iterable[str]) -> str:
    """The longest start the names share, in the first name's spelling (case ignored)."""
    names = list(names)
    if not names:
        return ""
    first = names[0]
    length = len(first)
    for other in names[1:]:
        length = min(length, len(other))
        for index in range(length):
            if first[index].casefold() != other[index].casefold():
                length = index
                break
    return first[:length]


__all__ = [
    "MatchKind",
    "NameIndex",
    "NameMatch",
    "allowed_edits",
    "common_prefix",
    "compact",
    "words",
]
