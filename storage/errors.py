"""Errors storage raises for the UI and the command line to show as one sentence."""

from __future__ import annotations


class FieldError(ValueError):
    """A value a form must show next to one field: `field` names it, `str()` is the sentence."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(LookupError):
    """The entity was deleted or renamed in the meantime."""


class ImportValidationError(ValueError):
    """An import file that cannot be imported; nothing was written.

    `path` names the bad value (`systems[3].criticality`), or is None when the whole file is
    wrong (not JSON, not a Seamwork file); `str()` is one sentence that starts with the path.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class ExportError(Exception):
    """An export that could not be written; nothing was left half-written.

    `str()` is one sentence naming the destination, e.g.
    `Cannot write "/x/y.html": permission denied.`
    """
