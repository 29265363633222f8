"""What the interchange tests share: a workshop file read and written as JSON, a document made
of sections, the small estate later sections refer to, and any name the name rules accept."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from engines import digest, is_server, table_count
from hypothesis import strategies as st
from workshop_templates import new_workshop

from models.characters import clean_text
from models.names import clean_name
from storage.errors import ImportValidationError
from storage.formats.seamwork_json.document import ImportSummary, export_json, import_json
from storage.formats.seamwork_json.keys import FORMAT
from storage.queries.snapshot import load_snapshot
from storage.workshop_file import open_workshop

# Three systems, two data objects and two flows, for criteria, candidates, scenarios and checks
# to refer to by name.
ESTATE: dict[str, Any] = {
    "systems": [{"name": "Shopify"}, {"name": "Sage X3"}, {"name": "Mintsoft"}],
    "data_objects": [{"name": "Sales order"}, {"name": "Stock"}],
    "flows": [
        {"source": "Shopify", "target": "Sage X3", "data_object": "Sales order"},
        {"source": "Mintsoft", "target": "Shopify", "data_object": "Stock"},
    ],
}


def export_file(path: Path | str) -> str:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return export_json(session)


def import_file(path: Path | str, text: str) -> ImportSummary:
    """Import `text` into the workshop at `path`, a new (empty) one if there is none yet (a
    server workshop is made by the `place` fixture that names it)."""
    if not is_server(path) and not Path(path).exists():
        new_workshop(Path(path))
    with open_workshop(path) as workshop, workshop.session() as session:
        return import_json(session, text)


def doc(**sections: Any) -> str:
    return json.dumps({"format": FORMAT, **sections}, ensure_ascii=False)


def assert_refused(
    path: Path | str, text: str, where: str, message: str, tables: Sequence[str]
) -> None:
    """Importing `text` into `path` fails in one sentence naming `where`, and writes nothing:
    the file's bytes and the rows of `tables` stay as they were."""
    before = digest(path)
    counts = {table: table_count(path, table) for table in tables}
    with pytest.raises(ImportValidationError) as caught:
        import_file(path, text)
    assert str(caught.value) == message
    assert caught.value.path == where
    assert "\n" not in str(caught.value)
    assert digest(path) == before
    assert {table: table_count(path, table) for table in tables} == counts


def assert_same_workshop(source: Path | str, copy: Path | str) -> None:
    """The two files hold the same workshop (every entity and field, ids aside)."""
    with open_workshop(source, read_only=True) as a, a.session() as session:
        original = load_snapshot(session)
    with open_workshop(copy, read_only=True) as b, b.session() as session:
        assert load_snapshot(session) == original


def _cleaned(text: str) -> str | None:
    try:
        return clean_name(text)
    except ValueError:
        return None


def valid_names(max_size: int) -> st.SearchStrategy[str]:
    """Any valid name: arbitrary Unicode text, kept only if the name rules accept it."""
    cleaned = st.text(min_size=1, max_size=max_size).map(_cleaned)
    return cleaned.filter(lambda name: name is not None)  # type: ignore[return-value]


def _kept(text: str) -> bool:
    try:
        return clean_text(text) == text
    except ValueError:
        return False


def valid_texts(max_size: int) -> st.SearchStrategy[str]:
    """Any free text the text rules accept as it is (`models.characters.clean_text`)."""
    return st.text(max_size=max_size).filter(_kept)
