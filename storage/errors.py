"""Errors storage raises for the UI and the command line to show as one sentence.

Every one is a `StorageError` whose `str()` is that sentence, so a caller can catch them all, or
the one it can say more about. pydantic's and SQLAlchemy's exceptions never leave storage's
functions: `storage.boundary` turns them into `InvalidInput` and `StorageFault`. This module
imports nothing but the standard library, so the app can import it before its first frame.
"""

from __future__ import annotations

from collections.abc import Mapping


class StorageError(Exception):
    """Something storage refused or failed to do; `str()` is one sentence for the user."""


class ReadOnlyError(StorageError):
    """An edit was attempted on a workshop opened read-only; `str()` is one sentence."""


class FieldError(StorageError, ValueError):
    """A value a form must show next to one field: `field` names it, `str()` is the sentence."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class DefinitionErrors(FieldError):
    """Department definitions refused, each by its position in the list given (`by_position`,
    one sentence each); `str()` is the first. Nothing was written."""

    def __init__(self, by_position: Mapping[int, str]) -> None:
        self.by_position = dict(sorted(by_position.items()))
        super().__init__("definitions", next(iter(self.by_position.values())))


class InvalidInput(StorageError, ValueError):
    """Values that failed validation: `fields` maps each field to its sentence, the first
    problem per field, as a form shows them; `str()` is those sentences in one line."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__(" ".join(self.fields.values()))


class NotFoundError(StorageError, LookupError):
    """The entity was deleted or renamed in the meantime."""


class ImportValidationError(StorageError, ValueError):
    """An import file that cannot be imported; nothing was written.

    `path` names the bad value (`systems[3].criticality`), or is None when the whole file is
    wrong (not JSON, not a Seamwork file); `str()` is one sentence that starts with the path.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


class ExportError(StorageError):
    """An export that could not be written; nothing was left half-written.

    `str()` is one sentence naming the destination, e.g.
    `Cannot write "/x/y.html": permission denied.`
    """


class StorageFault(StorageError):
    """The database failed under a request: a damaged page, a full disk, a lock held too long.

    `detail` is SQLite's own words (`database disk image is malformed`); `str()` wraps them in
    a sentence.
    """

    def __init__(self, detail: str, *, disk_full: bool = False, server: bool = False) -> None:
        what = "The workshop" if server else "The workshop file"  # on a server: no file
        super().__init__(
            f"The workshop file's disk is full ({detail}); free some space and try again."
            if disk_full
            else f"{what} could not be read or written ({detail})."
        )
        self.detail = detail
        self.disk_full = disk_full


class NothingToUndo(StorageError):
    """Undo was asked for with no edit left to undo."""

    def __init__(self, message: str = "There is nothing to undo.") -> None:
        super().__init__(message)


class NothingToRedo(StorageError):
    """Redo was asked for with nothing undone, or a new edit made since the last undo."""

    def __init__(self, message: str = "There is nothing to redo.") -> None:
        super().__init__(message)


class UndoConflict(StorageError):
    """A step's rows are no longer as it left them, so it cannot be undone or redone; nothing
    was changed. `str()` is one sentence naming the step."""


class FieldClash:
    """One field two people changed at once: the value the file holds now (`theirs`), the one
    this save brings (`yours`), who made theirs (`by`, None when not recorded) and when (`at`,
    ISO 8601 UTC, None when no change of it is in the audit trail)."""

    __slots__ = ("at", "by", "field", "theirs", "yours")

    def __init__(self, field: str, theirs: object, yours: object, by: str | None,
                 at: str | None) -> None:  # fmt: skip
        self.field, self.theirs, self.yours, self.by, self.at = field, theirs, yours, by, at

    def __repr__(self) -> str:
        return f"FieldClash({self.field!r}, theirs={self.theirs!r}, yours={self.yours!r})"


def shown(value: object) -> str:
    """A field's value in a sentence: quoted text, or "unknown" for none."""
    if value is None or value == "":
        return "unknown" if value is None else "empty"
    plain = getattr(value, "value", value)  # an enumeration: its word
    return f"“{plain}”"


def by_whom(by: str | None, at: str | None) -> str:
    """`Ana Ruiz at 2026-03-02 14:05 UTC`, naming an unrecorded actor as someone unknown."""
    who = by or "someone unknown"
    return f"{who} at {at[:16].replace('T', ' ')} UTC" if at else who


class EditConflict(StorageError):
    """Someone else changed a field this save changes too, since the form was opened; nothing
    was written. `clashes` says, per field, theirs, yours, who and when; `str()` is one
    sentence naming them."""

    def __init__(self, what: str, clashes: list[FieldClash]) -> None:
        self.what = what
        self.clashes = list(clashes)
        parts = [
            f"{clash.field.replace('_', ' ')} is now {shown(clash.theirs)} "
            f"(changed by {by_whom(clash.by, clash.at)}), yours is {shown(clash.yours)}"
            for clash in self.clashes
        ]
        super().__init__(
            f"Someone else changed this {what} since you opened it: {'; '.join(parts)}. "
            "Nothing was saved."
        )
