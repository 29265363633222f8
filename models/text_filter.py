"""The Flows screen's text filter, as a rule: which values a typed text matches, and how.

Storage filters in SQL (`storage.queries.flows.list_flows`); a large table on screen filters
the rows it already holds with `matches`, so typing never waits for the file. The two must
agree to the row, so this says exactly what the SQL does:

- a name (either end, the data object) matches when the text, `casefold`ed and stripped, is
  within the name's key (`name_key`, which the file stores and SQL's LIKE compares);
- any other value (the owner, an answer's stored value) matches as `lower(value) LIKE
  '%text%'` does in SQLite: SQLite's `lower` changes only ASCII letters, LIKE ignores the case
  of ASCII letters only, and the pattern is the text put through Python's `lower`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from models.names import name_key

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def needle_of(text: str) -> tuple[str, str] | None:
    """The text as the two comparisons take it (None: no text filter)."""
    needle = text.strip()
    if not needle:
        return None
    return needle.casefold(), needle.lower()


def matches(needle: tuple[str, str], names: Iterable[str], values: Iterable[str | None]) -> bool:
    """Whether a row with these `names` (matched by key) and other `values` (None: unknown,
    never matched) passes the text filter `needle` (`needle_of`)."""
    return matches_searchable(needle, searchable(names, values))


# Where the parts of a row's text meet, in the strings `searchable` joins: a text without it
# is found in the joined string exactly when it is found in one of the parts.
SEPARATOR = "\x00"

# A row's names' keys, its other values lowered (each joined by SEPARATOR), and both joined.
Searchable = tuple[str, str, str]


def searchable(names: Iterable[str], values: Iterable[str | None]) -> Searchable:
    """A row's names and values as `matches` compares them, worked out and joined once:
    filtering thousands of rows at every key then costs one `in` a row (a scan of
    5,000 flows took ~4 ms part by part)."""
    keys = SEPARATOR.join(name_key(name) for name in names)
    lowered = SEPARATOR.join(value.translate(_ASCII_LOWER) for value in values if value is not None)
    return keys, lowered, f"{keys}{SEPARATOR}{lowered}"


def matches_searchable(needle: tuple[str, str], row: Searchable) -> bool:
    """`matches`, for a row made `searchable`."""
    return bool(matching(needle, [row]))


def matching(
    needle: tuple[str, str], rows: Sequence[Searchable], among: Iterable[int] | None = None
) -> list[int]:
    """The indexes of `rows` (of those `among`, if given) that `matches` keeps."""
    keyed, lowered = needle
    indexes = range(len(rows)) if among is None else among
    if SEPARATOR in keyed or SEPARATOR in lowered:  # (never typed): part by part
        return [
            index
            for index in indexes
            if any(keyed in key for key in rows[index][0].split(SEPARATOR))
            or any(lowered in value for value in rows[index][1].split(SEPARATOR))
        ]
    if keyed == lowered:  # most text: one look at everything
        return [index for index in indexes if keyed in rows[index][2]]
    return [index for index in indexes if keyed in rows[index][0] or lowered in rows[index][1]]


def narrows(before: tuple[str, str], after: tuple[str, str]) -> bool:
    """Whether every row `after` (`needle_of`) matches also matches `before`: a text typed
    on from another (a key more) is looked for only among the rows that one kept."""
    return before[0] in after[0] and before[1] in after[1]
