"""Which characters text may hold, one rule for forms, imports and what reaches a terminal.

Everything typed ends up in every export: XML (xlsx, html) cannot carry most control characters
or the non-characters U+FFFE and U+FFFF (lxml refuses the whole workbook), and a terminal acts on
ESC and C1 sequences printed from free text. So text never holds them; free text keeps tab and
line breaks. Names are stricter, because two names that look the same must be the same name:
no invisible formatting characters (bidirectional overrides, zero-width spaces and joiners, soft
hyphens) and no line or paragraph separators.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# C0 controls but tab, line feed and carriage return (which `clean_text` makes a line feed),
# DEL, C1.
_CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r")
# Unicode's 66 non-characters: U+FDD0..U+FDEF and the last two code points of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
_FORBIDDEN = re.compile(f"[{re.escape(_CONTROLS)}{_NONCHARACTERS}\ud800-\udfff]")
# What a terminal could act on: every control character but tab and line feed.
_TERMINAL = re.compile(f"[{re.escape(_CONTROLS)}\r]")


# True while re-reading a workshop's rows; while an edit is validated, the row's own values.
_STORED: ContextVar[bool | frozenset[object]] = ContextVar("seamwork_stored", default=False)


def _strings(values: Iterable[object]) -> Iterator[str]:
    """The strings among `values`, and in lists among them (a scenario's data objects)."""
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from (item for item in value if isinstance(item, str))


@contextmanager
def stored_text(keep: Iterable[object] | None = None) -> Iterator[None]:
    """Let text a workshop already holds through `clean_text` and `clean_name` unrefused.

    A file an older version wrote may hold characters the rules now refuse, and it must still
    open, show and export: reads validate inside `stored_text()` (also a decorator). An edit
    validates inside `stored_text(keep=row's values)`: a value left as it was passes, so
    changing a flow's owner is not refused for a control character in its notes, while a value
    typed anew is held to the rules.
    """
    token = _STORED.set(True if keep is None else frozenset(_strings(keep)))
    try:
        yield
    finally:
        _STORED.reset(token)


def is_stored(value: str) -> bool:
    """Whether `value` is let through as a workshop's own (`stored_text`)."""
    stored = _STORED.get()
    return stored is True or (isinstance(stored, frozenset) and value in stored)


def describe(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: an invisible character named so people can find it."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def forbidden_character(text: str) -> str | None:
    """The first character no text may hold (see the module docstring), or None."""
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored as free text, as a sentence, or None when it can."""
    char = forbidden_character(text)
    if char is None:
        return None
    if "\ud800" <= char <= "\udfff":
        return "Contains an unpaired surrogate escape, which is not valid text."
    kind = "a control character" if unicodedata.category(char) == "Cc" else "a non-character"
    return f"Contains {kind}, {describe(char)}, which no export can carry."


def clean_text(value: str) -> str:
    """Free text with line breaks as line feeds, or ValueError for a character it cannot hold."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    problem = None if is_stored(value) else text_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def name_problem(name: str) -> str | None:
    """Why `name` (already NFC) cannot be a name, as a sentence, or None when it can."""
    for char in name:
        category = unicodedata.category(char)
        if category == "Cc" or char in "\u2028\u2029":
            return "Name cannot contain control characters or line breaks."
        if category == "Cf":
            return f"Name cannot contain invisible formatting characters such as {describe(char)}."
    problem = text_problem(name)
    return f"Name {problem[:1].lower()}{problem[1:]}" if problem else None


def has_terminal_controls(text: str) -> bool:
    """Whether `text` holds a character a terminal could act on (all but tab and line feed)."""
    return _TERMINAL.search(text) is not None


def without_terminal_controls(text: str) -> str:
    """`text` without the characters `has_terminal_controls` finds (they take no cell)."""
    return _TERMINAL.sub("", text)


def for_terminal(text: str) -> str:
    """`text` safe to print: each control character but tab and line feed shown as `\\x1b`."""
    return _TERMINAL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)
