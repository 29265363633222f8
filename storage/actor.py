"""Who is editing: the name every step of the audit trail records (issue 17).

The app and the commands set it once, at start (`set_actor`, from `SEAMWORK_USER` or the
account's name, worked out by the entry point); storage never reads the environment for it. A
session may act for someone else (`acting_as`): tests stand two writers on one file that way.
None means not recorded: the step is stored without a name and shown as made by someone
unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.characters import without_terminal_controls

if TYPE_CHECKING:  # the entry point sets the actor before anything imports SQLAlchemy
    from sqlalchemy.orm import Session

ACTOR_MAX = 80

_actor: str | None = None


def clean_actor(name: str | None) -> str | None:
    """`name` as recorded: one line, no control characters, at most `ACTOR_MAX` characters;
    None when nothing is left."""
    if name is None:
        return None
    text = " ".join(without_terminal_controls(name).split())[:ACTOR_MAX].strip()
    return text or None


def set_actor(name: str | None) -> None:
    """Name whoever this process edits for, from now on (None: not recorded)."""
    global _actor
    _actor = clean_actor(name)


def current_actor() -> str | None:
    """The name `set_actor` gave, or None."""
    return _actor


def acting_as(session: Session, name: str | None) -> None:
    """Make `session`'s steps (and its undo and redo) those of `name`, whatever the process's
    actor is."""
    session.info["actor"] = clean_actor(name)


def actor_of(session: Session) -> str | None:
    """Whom `session` edits for: its own actor if set, else the process's."""
    if "actor" in session.info:
        value = session.info["actor"]
        return value if isinstance(value, str) else None
    return _actor


__all__ = ["ACTOR_MAX", "acting_as", "actor_of", "clean_actor", "current_actor", "set_actor"]
