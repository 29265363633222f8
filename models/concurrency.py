"""Two people editing one row at once: what a save writes, and when it must ask first.

A form remembers the values it was opened with (`expected`). When it saves, each field is one
of three cases. Unchanged by this user (new == expected): it is not written, so whatever
another writer put there meanwhile stays. Changed by this user only (the row still holds
expected, or already holds the new value): it is written. Changed by this user and by someone
else to something else (current != expected and current != new): a clash, and nothing is
written until the user chooses. A pure rule over plain values, so it is tested without a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Settled:
    """What a save may write (`write`, by field) and the fields that clash (`clashes`)."""

    write: dict[str, Any]
    clashes: tuple[str, ...]


def settle(
    current: Mapping[str, Any], new: Mapping[str, Any], expected: Mapping[str, Any]
) -> Settled:
    """Split the fields of `new` by the rule above. A field `expected` does not name is taken
    as changed by this user (a caller that did not read it means to set it)."""
    write: dict[str, Any] = {}
    clashes: list[str] = []
    for name, value in new.items():
        if name not in expected:
            write[name] = value
            continue
        before = expected[name]
        if value == before:
            continue  # not this user's change: whatever the row holds now stays
        now = current.get(name, before)
        if now not in (before, value):
            clashes.append(name)
        write[name] = value
    return Settled(write, tuple(clashes))


__all__ = ["Settled", "settle"]
