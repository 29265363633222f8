"""Rules for names: how they are cleaned, compared and validated.

Names are how entities refer to each other in files and on the command line, so two names that
differ only by case or Unicode normalisation must be the same name, and a name cannot hold the
invisible characters (`models.characters`) that would make two different names look alike.
Those are refused rather than removed, so `name_key` is the same for every name it was ever
given and keys stored by earlier versions still find their rows.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from models.characters import is_stored, name_problem

NAME_MAX = 120


def clean_name(value: str) -> str:
    """Trim and NFC-normalise a name, rejecting what cannot be a name."""
    if not isinstance(value, str):
        raise ValueError("Name must be text.")
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise ValueError("Name is required.")
    if len(name) > NAME_MAX:
        raise ValueError(f"Name is too long ({len(name)} characters; at most {NAME_MAX}).")
    problem = None if is_stored(value) else name_problem(name)
    if problem:
        raise ValueError(problem)
    return name


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The key under which names are unique: case-insensitive, Unicode-aware. Remembered:
    the findings ask it of the same few thousand names 200,000 times at 5,000 flows."""
    return unicodedata.normalize("NFC", name).strip().casefold()


FLOW_ARROW = " -> "
FLOW_COLON = ": "


def flow_ref(source: str, target: str, data_object: str) -> str:
    """How a flow is named in files, findings and on the command line."""
    return f"{source}{FLOW_ARROW}{target}{FLOW_COLON}{data_object}"
