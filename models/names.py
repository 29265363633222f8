"""Rules for names: how they are cleaned, compared and validated.

Names are how entities refer to each other in files and on the command line, so two names that
differ only by case or Unicode normalisation must be the same name.
"""

from __future__ import annotations

import unicodedata

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
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise ValueError("Name cannot contain control characters or line breaks.")
    return name


def name_key(name: str) -> str:
    """The key under which names are unique: case-insensitive, Unicode-aware."""
    return unicodedata.normalize("NFC", name).strip().casefold()
