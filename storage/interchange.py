"""JSON interchange: `format: "seamwork/1"`, the file users keep, diff, and move between machines.

Export is deterministic (keys in the documented order, entities sorted by name) so an exported
file can live in version control and export -> import -> export is byte-identical.

Import validates the whole document before it writes anything: first the JSON itself, then the
format, then every value (pydantic, unknown keys forbidden: nothing is dropped silently), then
what needs the open workshop (duplicates, later references between entities). Only then is it
written, in one transaction. Every error is one sentence naming the path of the bad value.

Each top-level key is a `Section`; a later entity (data_objects, flows, ...) is added by writing
one more section and listing it in `SECTIONS`, in the order it must be written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, create_model, field_validator
from pydantic import Field as PydanticField
from sqlmodel import Session, col, select

from models.names import name_key
from models.tables import System as SystemRow
from models.tables import SystemBase, Workshop, WorkshopBase
from models.validation import message_for
from storage.errors import ImportValidationError
from storage.snapshot import read_systems, read_workshop

FORMAT = "seamwork/1"

# Key order in exported files, as design.md shows it. A test keeps these equal to the models'
# fields, so a new field cannot be left out of the file by accident.
WORKSHOP_KEYS: tuple[str, ...] = ("name", "client", "facilitator", "notes")
SYSTEM_KEYS: tuple[str, ...] = (
    "name",
    "category",
    "vendor",
    "owner",
    "lifecycle",
    "hosting",
    "api",
    "criticality",
    "notes",
)


class WorkshopIn(WorkshopBase):
    """The `workshop` object of a file: any subset of the details, nothing else."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class SystemIn(SystemBase):
    """One entry of `systems`: a name and any other fields, nothing unknown."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    @field_validator("criticality", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        """In a file, `true` or "5" is a mistake, not a criticality (pydantic would coerce)."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        return value


@dataclass
class ImportSummary:
    """What an import did, per section key: how many entries were created, updated, unchanged."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    workshop_updated: bool = False

    def count(self, key: str, outcome: Literal["created", "updated", "unchanged"]) -> None:
        counts: dict[str, int] = getattr(self, outcome)
        counts[key] = counts.get(key, 0) + 1

    def sentence(self) -> str:
        """One line for the command line and the TUI's notification."""
        parts = []
        for section in SECTIONS:
            if section.plural is None:
                continue
            created = self.created.get(section.key, 0)
            updated = self.updated.get(section.key, 0)
            unchanged = self.unchanged.get(section.key, 0)
            total = created + updated + unchanged
            if not total:
                continue
            noun = section.singular if total == 1 else section.plural
            detail = ", ".join(
                f"{n} {label}"
                for n, label in ((created, "new"), (updated, "updated"), (unchanged, "unchanged"))
                if n
            )
            parts.append(f"{total} {noun} ({detail})")
        text = "Imported " + ", ".join(parts) if parts else "Imported no entries"
        if self.workshop_updated:
            text += "; workshop details updated"
        return text + "."


@dataclass(frozen=True)
class Section:
    """One top-level key of the file: its pydantic type, how it is exported, checked, written.

    `check` runs for every section before any `apply`, against the validated document and the
    open workshop, and raises `ImportValidationError`; `apply` writes without committing.
    """

    key: str
    annotation: Any
    default: Any
    export: Callable[[Session], Any]
    check: Callable[[Session, Any], None]
    apply: Callable[[Session, Any, ImportSummary], None]
    singular: str | None = None
    plural: str | None = None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


# --- workshop -------------------------------------------------------------------------------


def _export_workshop(session: Session) -> dict[str, Any]:
    workshop = read_workshop(session)
    return {key: _plain(getattr(workshop, key)) for key in WORKSHOP_KEYS}


def _check_nothing(session: Session, document: Any) -> None:
    """Sections whose values pydantic has already fully checked."""


def _apply_workshop(session: Session, document: Any, summary: ImportSummary) -> None:
    given: WorkshopIn | None = document.workshop
    if given is None or not given.model_fields_set:
        return
    row = session.exec(select(Workshop).order_by(col(Workshop.id))).first()
    if row is None:
        row = Workshop.model_validate(read_workshop(session).model_dump())
        session.add(row)
    for key in sorted(given.model_fields_set):
        value = getattr(given, key)
        if getattr(row, key) != value:
            setattr(row, key, value)
            summary.workshop_updated = True


WORKSHOP_SECTION = Section(
    key="workshop",
    annotation=WorkshopIn | None,
    default=None,
    export=_export_workshop,
    check=_check_nothing,
    apply=_apply_workshop,
)


# --- systems --------------------------------------------------------------------------------


def _export_systems(session: Session) -> list[dict[str, Any]]:
    return [
        {key: _plain(getattr(row, key)) for key in SYSTEM_KEYS} for row in read_systems(session)
    ]


def _check_systems(session: Session, document: Any) -> None:
    """Names are unique case-insensitively, so two entries for one system are a mistake."""
    seen: dict[str, tuple[int, str]] = {}
    for index, item in enumerate(document.systems):
        key = name_key(item.name)
        if key in seen:
            first_index, first_name = seen[key]
            message = f'"{item.name}" appears twice.'
            if first_name != item.name:
                message = (
                    f'"{item.name}" appears twice (names ignore case; see systems[{first_index}]).'
                )
            raise ImportValidationError(message, f"systems[{index}].name")
        seen[key] = (index, item.name)


def _apply_systems(session: Session, document: Any, summary: ImportSummary) -> None:
    """Merge by name: a known system takes the fields given, an unknown one is created."""
    existing = {row.name_key: row for row in session.exec(select(SystemRow)).all()}
    for item in document.systems:
        row = existing.get(name_key(item.name))
        if row is None:
            row = SystemRow.model_validate(item.model_dump())
            row.set_name_key()
            session.add(row)
            summary.count("systems", "created")
            continue
        changed = False
        for key in sorted(item.model_fields_set):
            value = getattr(item, key)
            if _plain(getattr(row, key)) != _plain(value):
                setattr(row, key, value)
                changed = True
        if changed:
            row.set_name_key()
            session.add(row)
        summary.count("systems", "updated" if changed else "unchanged")


SYSTEMS_SECTION = Section(
    key="systems",
    annotation=list[SystemIn],
    default=PydanticField(default_factory=list),
    export=_export_systems,
    check=_check_systems,
    apply=_apply_systems,
    singular="system",
    plural="systems",
)


# Written in this order (later sections refer to earlier ones by name); exported in this order.
SECTIONS: tuple[Section, ...] = (WORKSHOP_SECTION, SYSTEMS_SECTION)


def _document_model(sections: Sequence[Section]) -> type[BaseModel]:
    fields: dict[str, Any] = {"format": (Literal["seamwork/1"], ...)}
    fields.update({section.key: (section.annotation, section.default) for section in sections})
    return create_model("Document", __config__=ConfigDict(extra="forbid"), **fields)


Document = _document_model(SECTIONS)


# --- export ---------------------------------------------------------------------------------


def export_document(session: Session) -> dict[str, Any]:
    """The workshop as plain JSON-ready data, keys and entries in their exported order."""
    return {"format": FORMAT, **{section.key: section.export(session) for section in SECTIONS}}


def export_json(session: Session) -> str:
    """The workshop as a `seamwork/1` file: the same workshop always gives the same bytes."""
    return json.dumps(export_document(session), indent=2, ensure_ascii=False) + "\n"


# --- import ---------------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers keys it saw twice (plain `json` keeps the last silently)."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    result.duplicates = []
    for key, value in pairs:
        if key in result:
            result.duplicates.append(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ImportValidationError(f"The file is not valid JSON: {name} is not a JSON number.")


def _is_text(value: str) -> bool:
    """JSON may escape half a surrogate pair (`"\\ud800"`); that is not text SQLite can store."""
    return not any("\ud800" <= char <= "\udfff" for char in value)


def _find_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """What pydantic cannot see, searched in file order: a repeated key, broken text.

    Returns the path and a sentence for the first one found.
    """
    if isinstance(value, str) and not _is_text(value):
        return path, "Contains an unpaired surrogate escape, which is not valid text."
    if isinstance(value, _Object):
        if value.duplicates:
            return path, f'The key "{value.duplicates[0]}" appears twice in one object.'
        for key, item in value.items():
            where = f"{path}.{key}" if path else key
            if not _is_text(key):
                return where, "This key contains an unpaired surrogate escape."
            found = _find_problem(item, where)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_problem(item, f"{path}[{index}]")
            if found:
                return found
    return None


def _path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _sentence(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "This version of Seamwork does not know this key."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "Must be a JSON object."
    if kind == "list_type":
        return "Must be a list."
    return message_for(error)


def _first_error(exc: ValidationError) -> ImportValidationError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    message = _sentence(first)
    if len(errors) > 1:
        more = len(errors) - 1
        message = (
            f"{message.rstrip('.')} ({more} more problem{'s' if more > 1 else ''} in the file)."
        )
    return ImportValidationError(message, _path(first.get("loc", ())) or None)


def parse_document(text: str) -> BaseModel:
    """Validate a whole `seamwork/1` document without touching any workshop.

    Raises `ImportValidationError` for the first problem: not JSON (with line and column), not
    a Seamwork file, a wrong format, an unknown key, or a bad value (with its path).
    """
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = exc.msg[:1].lower() + exc.msg[1:]
        raise ImportValidationError(
            f"The file is not valid JSON: {reason} at line {exc.lineno}, column {exc.colno}."
        ) from None
    if not isinstance(data, dict):
        raise ImportValidationError(
            f'The file is not a Seamwork file: it must be a JSON object with "format": "{FORMAT}".'
        )
    if "format" not in data:
        raise ImportValidationError(
            f'The file is not a Seamwork file: it has no "format" (expected "{FORMAT}").'
        )
    if data["format"] != FORMAT:
        shown = json.dumps(data["format"], ensure_ascii=False)
        raise ImportValidationError(
            f'{shown} is not a format this version of Seamwork reads (expected "{FORMAT}").',
            "format",
        )
    problem = _find_problem(data)
    if problem is not None:
        where, message = problem
        raise ImportValidationError(message, where or None)
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None


def import_document(session: Session, document: BaseModel) -> ImportSummary:
    """Merge a parsed document into the workshop in one transaction: all of it or nothing.

    Raises `ImportValidationError` for problems that need the workshop to see (duplicates,
    later unknown references), and `storage.audit.ReadOnlyError` on a read-only workshop.
    """
    summary = ImportSummary()
    try:
        for section in SECTIONS:
            section.check(session, document)
        for section in SECTIONS:
            section.apply(session, document, summary)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return summary


def import_json(session: Session, text: str) -> ImportSummary:
    """Validate `text` as a whole, then merge it by name; any error writes nothing."""
    return import_document(session, parse_document(text))


__all__ = [
    "FORMAT",
    "SECTIONS",
    "SYSTEM_KEYS",
    "WORKSHOP_KEYS",
    "Document",
    "ImportSummary",
    "ImportValidationError",
    "Section",
    "export_document",
    "export_json",
    "import_document",
    "import_json",
    "parse_document",
]
