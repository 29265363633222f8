"""Indented JSON as `json.dumps(value, indent=..., ensure_ascii=False)` writes it, made faster.

`json.dumps` with an indent runs the standard library's pure-Python encoder, a generator per
level: a third of a second for the 16 MB file of a 5,000-flow workshop (55,000 checks). Its C
encoder takes separators but no indent. So an object or array whose values are all plain
scalars is encoded by the C encoder, the newline and indentation of its level put into the item
separator; an array of such objects (the flows, the checks: nearly all of a file) in one call,
after which only the lines between its objects are re-indented (a JSON string never holds a
raw line break, so `},` + newline + `{` is only ever that boundary). Containers that hold
other containers are assembled here. Anything else (keys that are not strings, values of
other types, a cycle) is left to `json.dumps` itself, so the text and the errors are always
exactly its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import chain
from json import encoder as _encoder
from typing import Any

# Exact types whose C encoding is the Python encoder's (subclasses, enums among them, go to
# the fallback: `json.dumps` decides how they read).
_SCALARS = frozenset({str, int, float, bool, type(None)})
_STRINGS = frozenset({str})
_DICTS = frozenset({dict})
_make_encoder: Any = getattr(_encoder, "c_make_encoder", None)


class _Unusual(Exception):
    """A value this module leaves to `json.dumps`."""


def dumps_indented(value: Any, indent: int = 2, *, level: int = 0) -> str:
    """`json.dumps(value, indent=indent, ensure_ascii=False)`, the same text, mostly in C.

    `level`: the text as it reads nested that deep in a larger document (its first line
    where the caller puts it, the others indented `level` steps more), so a document can be
    written a part at a time."""
    if _make_encoder is not None:  # else a Python built without the C accelerator
        try:
            return _Writer(indent).text(value, level)
        except _Unusual:
            pass
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    # A JSON string never holds a raw line break: every one is a line of the structure.
    return text.replace("\n", "\n" + " " * (indent * level)) if level else text


class _Writer:
    """One document's encoding: a C encoder per depth, made when first needed."""

    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.flat: list[Callable[[Any, int], Any]] = []
        self.on_path: set[int] = set()  # containers being written: a cycle is `json.dumps`'s

    def _flat(self, level: int) -> Callable[[Any, int], Any]:
        """The C encoder of a container at `level` whose values are all scalars."""
        while len(self.flat) <= level:
            separator = ",\n" + " " * (self.indent * (len(self.flat) + 1))
            self.flat.append(
                _make_encoder(
                    None,
                    _no_default,
                    _encoder.encode_basestring,
                    None,
                    ": ",
                    separator,
                    False,
                    False,
                    True,
                )  # fmt: skip
            )
        return self.flat[level]

    def text(self, value: Any, level: int) -> str:
        kind = type(value)
        if kind in _SCALARS:
            return "".join(self._flat(level)(value, 0))
        if isinstance(value, dict):
            if not value:
                return "{}"
            if not _STRINGS.issuperset(map(type, value)):
                raise _Unusual  # keys json.dumps turns into strings its own way
            if _SCALARS.issuperset(map(type, value.values())):
                return self._wrap(value, level, "{", "}")
            return self._nested(value, level, dict_items=True)
        if isinstance(value, (list, tuple)):
            if not value:
                return "[]"
            if _SCALARS.issuperset(map(type, value)):
                return self._wrap(value, level, "[", "]")
            if _records(value):
                return self._records(value, level)
            return self._nested(value, level, dict_items=False)
        raise _Unusual

    def _wrap(self, value: Any, level: int, opening: str, closing: str) -> str:
        """A container of scalars: the C encoder's text, opened and closed on lines of their own."""
        inner = "".join(self._flat(level)(value, 0))[1:-1]
        pad = " " * (self.indent * (level + 1))
        return f"{opening}\n{pad}{inner}\n{' ' * (self.indent * level)}{closing}"

    def _records(self, value: Any, level: int) -> str:
        """An array of objects of scalars, in one C call: encoded with the separator of the
        objects' keys, then the boundaries between objects re-indented to the array's level."""
        keys = " " * (self.indent * (level + 2))
        items = " " * (self.indent * (level + 1))
        inner = "".join(self._flat(level + 1)(value, 0))[2:-2]  # without "[{" and "}]"
        inner = inner.replace(f"}},\n{keys}{{", f"\n{items}}},\n{items}{{\n{keys}")
        return f"[\n{items}{{\n{keys}{inner}\n{items}}}\n{' ' * (self.indent * level)}]"

    def _nested(self, value: Any, level: int, *, dict_items: bool) -> str:
        marker = id(value)
        if marker in self.on_path:
            raise _Unusual  # a cycle: json.dumps says so in its own words
        self.on_path.add(marker)
        inner_level = level + 1
        if dict_items:
            parts = []
            for key, item in value.items():
                parts.append(f"{_encoder.encode_basestring(key)}: {self.text(item, inner_level)}")
            opening, closing = "{", "}"
        else:
            parts = [self.text(item, inner_level) for item in value]
            opening, closing = "[", "]"
        self.on_path.discard(marker)
        pad = "\n" + " " * (self.indent * inner_level)
        return f"{opening}{pad}{(',' + pad).join(parts)}\n{' ' * (self.indent * level)}{closing}"


def _records(values: Any) -> bool:
    """Whether every value is a non-empty plain dict of string keys and scalar values."""
    return (
        _DICTS.issuperset(map(type, values))
        and all(values)
        and _STRINGS.issuperset(map(type, chain.from_iterable(values)))
        and _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, values))))
    )


def _no_default(value: Any) -> Any:
    """Never reached for the scalar types above; anything else goes to `json.dumps`."""
    raise _Unusual
