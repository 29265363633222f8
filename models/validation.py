"""Turn pydantic's errors into the one-sentence messages a form or the command line shows."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def _label(field: str) -> str:
    return field.replace("_", " ").capitalize()


def message_for(error: Any) -> str:
    """One readable sentence for one pydantic error dictionary."""
    loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
    label = _label(loc[-1]) if loc else "Value"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        text = str(ctx["error"])
        return text if text[:1].isupper() else f"{label} {text}."
    if kind == "enum":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{label} must be one of: {expected}."
    if kind == "less_than_equal":
        return f"{label} must be at most {ctx.get('le')}."
    if kind == "greater_than_equal":
        return f"{label} must be at least {ctx.get('ge')}."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{label} must be a whole number."
    if kind in ("float_parsing", "float_type"):
        return f"{label} must be a number."
    if kind in ("bool_parsing", "bool_type"):
        return f"{label} must be true or false."
    if kind == "missing":
        return f"{label} is required."
    if kind == "extra_forbidden":
        return f"{label} is not a field this version knows."
    if kind == "string_type":
        return f"{label} must be text."
    msg = str(error.get("msg", "is not valid"))
    return f"{label}: {msg[:1].lower()}{msg[1:]}."


def field_errors(exc: ValidationError) -> dict[str, str]:
    """The first message per top-level field, for showing next to form fields."""
    result: dict[str, str] = {}
    for error in exc.errors():
        loc = error.get("loc", ())
        field = str(loc[0]) if loc else ""
        result.setdefault(field, message_for(error))
    return result
