"""Read the text of a `seamwork/1` file into a validated document, or say in one sentence what
is wrong with it, naming the path of the bad value (`systems[3].criticality`).

First the size and the JSON itself (with line and column, and no deeper than `MAX_DEPTH`),
then that it is a Seamwork file of this format, then what pydantic cannot see (a key given twice
in one object, text no export can carry), then every value against the document model. Nothing
here touches a workshop.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from models.characters import text_problem
from models.validation import message_for
from storage.errors import ImportValidationError
from storage.formats.seamwork_json.keys import FORMAT

# The limits on what an import reads (README, "JSON interchange"). The deepest the format nests
# is seven levels (the file, sessions, a session, its actions, an action, its concerns, a
# concern); far
# deeper JSON is a hostile or broken file, and Python's parser ends in a RecursionError near
# a thousand. The demo exports 124 kB; the largest workshop benchmarked (5,000 flows with the
# scenario library applied: 55,000 checks) exports 16 MB and imports in about 20 s in under
# 400 MB of memory, so 32 MB leaves it room to double while a laptop stays within 1 GB.
MAX_DEPTH = 32
MAX_BYTES = 32 * 1024 * 1024


def size_problem(size: int) -> str | None:
    """The sentence refusing a source of `size` bytes, or None when it is small enough."""
    if size <= MAX_BYTES:
        return None
    return f"The file is too large to import (more than {MAX_BYTES // 1024 // 1024} MB)."


_TOO_DEEP = f"The file nests deeper than {MAX_DEPTH} levels, which no Seamwork file does."


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


def _depth(value: Any) -> int:
    """How deeply `value` nests (a scalar is 0), without recursion: a deep file must not make
    the check itself overflow the stack."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def _find_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """What pydantic cannot see, searched in file order: a repeated key, broken text.

    Returns the path and a sentence for the first one found.
    """
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            return path, problem
    if isinstance(value, _Object):
        if value.duplicates:
            return path, f'The key "{value.duplicates[0]}" appears twice in one object.'
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                return path, f"A key {problem[:1].lower()}{problem[1:]}"
            where = _step(path, key)
            found = _find_problem(item, where)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _find_problem(item, _step(path, index))
            if found:
                return found
    return None


def _step(path: str, part: int | str) -> str:
    """`path` one step down. A key that would not print as itself (a line break, a zero-width
    space, an empty key) is shown quoted with escapes, so the sentence stays one visible line."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    if not part.isprintable() or not part or part != part.strip():
        return f"{path}[{json.dumps(part)}]"
    return f"{path}.{part}" if path else part


def _path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text = _step(text, part)
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
    too_large = size_problem(len(text.encode("utf-8", "surrogatepass")))
    if too_large:
        raise ImportValidationError(too_large)
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = (exc.msg[:1].lower() + exc.msg[1:]).removesuffix(" at")  # "… at at line"
        raise ImportValidationError(
            f"The file is not valid JSON: {reason} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise ImportValidationError(_TOO_DEEP) from None
    except ImportValidationError:  # NaN or Infinity (`_reject_constant`): a ValueError too
        raise
    except ValueError:  # an integer of more than 4,300 digits (sys.get_int_max_str_digits)
        raise ImportValidationError(
            "The file is not valid JSON for Seamwork: it holds a number too long to read."
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise ImportValidationError(_TOO_DEEP)
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
