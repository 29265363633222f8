"""Read the text of a `seamwork/1` file into a validated document, or say in one sentence what
is wrong with it, naming the path of the bad value (`systems[3].criticality`).

First the JSON itself (with line and column), then that it is a Seamwork file of this format,
then what pydantic cannot see (a key given twice in one object, broken text), then every value
against the document model. Nothing here touches a workshop.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from models.validation import message_for
from storage.errors import ImportValidationError
from storage.formats.seamwork_json.schema import FORMAT


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


def parse(text: str, model: type[BaseModel]) -> BaseModel:
    """`text` validated as `model` (the document's), or `ImportValidationError` for the first
    problem, looked for in the order this module's docstring gives."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = (exc.msg[:1].lower() + exc.msg[1:]).removesuffix(" at")  # "… at at line"
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
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None
