"""The workshop's own details (name, client, facilitator, notes): `update_workshop` validates
what a person typed and writes nothing it refuses; a file knows whether it was just created."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from workshop_templates import open_new

from models.names import NAME_MAX
from models.tables import TEXT_MAX
from storage.errors import InvalidInput, ReadOnlyError, StorageError
from storage.queries.systems import get_workshop, update_workshop
from storage.workshop_file import open_workshop

DETAILS = {
    "name": "Northwind integration workshop",
    "client": "Northwind Wholesale Ltd",
    "facilitator": "Priya Shah",
    "notes": "Two days on site.\nOrder to cash first.",
}


def stored(path: str) -> dict[str, str]:
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        row = get_workshop(session)
        return {field: getattr(row, field) for field in DETAILS}


def test_details_are_saved_trimmed_and_survive_reopening(workshop_at: Any) -> None:
    path = workshop_at("client")
    with open_workshop(path) as workshop, workshop.session() as session:
        padded = {field: f"  {value}  " for field, value in DETAILS.items()}
        saved = update_workshop(session, data=padded)
        assert saved.name == DETAILS["name"]
    assert stored(path) == DETAILS


def test_a_partial_update_keeps_the_other_details_and_the_scoring_method(workshop_at: Any) -> None:
    path = workshop_at("client")
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={**DETAILS, "scoring_method": "wsjf"})
        update_workshop(session, data={"client": "Acme"})
        assert get_workshop(session).scoring_method == "wsjf"
    assert stored(path) == {**DETAILS, "client": "Acme"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Name is required."),
        ({"name": "   "}, "name", "Name is required."),
        (
            {"name": "x" * (NAME_MAX + 1)},
            "name",
            f"Name is too long ({NAME_MAX + 1} characters; at most {NAME_MAX}).",
        ),
        ({"name": "two\nlines"}, "name", "Name cannot contain control characters or line breaks."),
        (
            {"client": "x" * (TEXT_MAX + 1)},
            "client",
            f"Client is too long (at most {TEXT_MAX} characters).",
        ),
        (
            {"notes": "x" * (TEXT_MAX + 1)},
            "notes",
            f"Notes is too long (at most {TEXT_MAX} characters).",
        ),
    ],
)
def test_bad_details_raise_invalid_input_by_field_and_write_nothing(
    workshop_at: Any, data: dict[str, str], field: str, message: str
) -> None:
    path = workshop_at("client")
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data=DETAILS)
    with open_workshop(path) as workshop, workshop.session() as session:
        with pytest.raises(InvalidInput) as raised:
            update_workshop(session, data={**DETAILS, "client": "Changed", **data})
        assert raised.value.fields == {field: message}
    assert stored(path) == DETAILS


def test_markup_looking_details_are_kept_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "client.seamwork"
    odd = {"name": "[bold]x", "client": "[@click=app.quit]", "facilitator": "[/]", "notes": "[red]"}
    with open_new(path) as workshop, workshop.session() as session:
        update_workshop(session, data=odd)
    assert stored(path) == odd


def test_a_read_only_file_refuses_details(workshop_at: Any) -> None:
    path = workshop_at("client")
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        with pytest.raises(StorageError) as raised:
            update_workshop(session, data=DETAILS)
        assert isinstance(raised.value, ReadOnlyError)
    assert stored(path)["name"] == "client"


def test_a_file_knows_it_was_created_by_this_opening(
    engine: str, tmp_path: Path, request: Any
) -> None:
    if engine == "file":
        path: str = str(tmp_path / "client.seamwork")
    else:  # a workshop name this test's database does not hold yet
        path = f"{request.getfixturevalue('server_database')}?workshop=client_new"
    with open_workshop(path) as workshop:
        assert workshop.created
    with open_workshop(path) as workshop:
        assert not workshop.created
