"""Errors storage raises for the UI and the command line to show as one sentence."""

from __future__ import annotations


class FieldError(ValueError):
    """A value a form must show next to one field: `field` names it, `str()` is the sentence."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(LookupError):
    """The entity was deleted or renamed in the meantime."""
