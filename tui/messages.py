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

    `entity` names the table that changed (e.g. "system"), so screens can ignore the rest.
    """

    entity: str
