"""Small messages screens and the app exchange, instead of reaching into each other."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class WorkshopLoaded(Message):
    """The workshop file is open and the heavy imports are done: screens may query storage."""


@dataclass
class WorkshopChanged(Message):
    """Something in the workshop was edited; screens showing it should reload.

    `entity` names the table that changed (e.g. "system"), so screens can ignore the rest;
    `ids`, when given, are the only rows of it that changed (an undo or redo), so a screen may
    show just those again.
    """

    entity: str
    ids: frozenset[int] | None = None


@dataclass
class WorkshopEdited(Message):
    """A screen or dialog changed `entity` in the workshop; the app tells every screen.

    Post it to the app (`self.app.post_message`): a dialog that dismisses right after would
    take a message posted to itself away with it.
    """

    entity: str
    ids: frozenset[int] | None = None  # the only rows of `entity` that changed, if known


@dataclass
class ChangedElsewhere(Message):
    """Another window (or command) committed to this server workshop: the change count it
    ended at and who, when known (`storage.live`). Posted from the listening thread."""

    count: int | None = None
    actor: str | None = None


@dataclass
class HearingLost(Message):
    """The connection that hears other windows' edits has been lost a while (`lost`), or is
    back. Posted from the listening thread."""

    lost: bool
