""" "Changes since DATE": what was added, changed and removed, read from the audit trail.

The workshop is built once per engine (`shared_at`); the tests only read it."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.formats.export import export
from storage.queries.changes import AuditRow, changes_since, summarise_changes
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow
from storage.queries.systems import create_system, delete_system, get_system, update_system
from storage.workshop_file import open_workshop

LAST_SESSION = "2025-01-10T09:00:00+00:00"
THIS_SESSION = "2025-02-03T14:30:00+00:00"
SINCE = datetime(2025, 2, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def workshop(shared_at: Callable[..., str]) -> Iterator[str]:
    """Three systems and a flow last session; this session one system added, one changed, one
    removed, one added and removed again, one changed and changed back."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SEAMWORK_NOW", LAST_SESSION)  # made last session too
        yield _build(shared_at("w"), monkeypatch)


def _build(path: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with open_workshop(path) as file, file.session() as session:
        for name in ("Shopify", "Sage X3", "Old CRM", "Xero"):
            create_system(session, data={"name": name})
        create_data_object(session, data={"name": "Orders"})
        create_flow(session, source="Shopify", target="Sage X3", data_object="Orders")
    monkeypatch.setenv("SEAMWORK_NOW", THIS_SESSION)
    with open_workshop(path) as file, file.session() as session:
        create_system(session, data={"name": "HubSpot", "category": "crm"})
        sage = get_system(session, name="Sage X3")
        assert sage is not None and sage.id is not None
        update_system(
            session,
            system_id=sage.id,
            data={"name": "Sage X3", "owner": "Finance", "criticality": 5},
        )
        old = get_system(session, name="Old CRM")
        assert old is not None and old.id is not None
        delete_system(session, system_id=old.id)
        passing = create_system(session, data={"name": "Tried and dropped"})
        assert passing.id is not None
        delete_system(session, system_id=passing.id)
        xero = get_system(session, name="Xero")
        assert xero is not None and xero.id is not None
        update_system(session, system_id=xero.id, data={"name": "Xero", "owner": "Temp"})
        update_system(session, system_id=xero.id, data={"name": "Xero", "owner": ""})
    return path


def test_changes_since_list_the_net_change_per_entity(workshop: str) -> None:
    with open_workshop(workshop, read_only=True) as file, file.session() as session:
        changes = changes_since(session, since=SINCE)
    summary = [(c.entity, c.kind, c.name, c.field_names) for c in changes]
    assert summary == [
        ("system", "added", "HubSpot", ()),
        ("system", "changed", "Sage X3", ("criticality", "owner")),
        ("system", "removed", "Old CRM", ()),
    ]
    sage = changes[1]
    assert sage.at == THIS_SESSION
    assert dict((f, (a, b)) for f, a, b in sage.fields) == {
        "owner": ("", "Finance"),
        "criticality": (None, 5),  # from not recorded to 5
    }


def test_a_date_before_everything_lists_everything_as_added(workshop: str) -> None:
    with open_workshop(workshop, read_only=True) as file, file.session() as session:
        changes = changes_since(session, since=datetime(2024, 12, 1))  # naive: taken as UTC
    kinds = {(c.entity, c.name): c.kind for c in changes}
    assert kinds[("flow", "Shopify -> Sage X3: Orders")] == "added"
    assert kinds[("system", "Sage X3")] == "added"  # added, then changed: added
    assert ("system", "Old CRM") not in kinds  # added and removed since: no change
    assert ("system", "Tried and dropped") not in kinds


def test_the_summary_shows_changes_since_the_date(workshop: str) -> None:
    with open_workshop(workshop, read_only=True) as file, file.session() as session:
        text = export(session, "md", since=SINCE)
        without = export(session, "md")
    assert isinstance(text, str) and isinstance(without, str)
    assert "Changes since" not in without
    section = text.split("## Changes since 2025-02-01\n", 1)[1].split("\n## ", 1)[0]
    assert "| System | 1 | 1 | 1 |" in section
    system = section.split("### System\n", 1)[1]
    added, rest = system.split("Changed:", 1)
    changed, removed = rest.split("Removed:", 1)
    assert "- HubSpot" in added
    assert "- Sage X3: criticality (not recorded) → 5, owner (empty) → Finance" in changed
    assert "- Old CRM" in removed
    assert "Tried and dropped" not in section and "Xero" not in section


def test_csv_and_html_carry_the_changes(workshop: str, tmp_path: Path) -> None:
    folder = tmp_path / "out-csv"
    with open_workshop(workshop, read_only=True) as file, file.session() as session:
        export(session, "csv", folder, since=SINCE)
        page = tmp_path / "out.html"
        export(session, "html", page, since=SINCE)
    rows = list(csv.reader(io.StringIO((folder / "changes.csv").read_text("utf-8-sig"))))
    assert rows == [
        ["at", "entity", "change", "name", "fields"],
        [THIS_SESSION, "System", "added", "HubSpot", ""],
        [THIS_SESSION, "System", "changed", "Sage X3", "criticality; owner"],
        [THIS_SESSION, "System", "removed", "Old CRM", ""],
    ]
    html = page.read_text("utf-8")
    assert "<h2>Changes since 2025-02-01</h2>" in html
    assert "<li>Sage X3: criticality (not recorded) → 5, owner (empty) → Finance</li>" in html


def test_nothing_changed_says_so(workshop: str) -> None:
    with open_workshop(workshop, read_only=True) as file, file.session() as session:
        text = export(session, "md", since=datetime(2030, 1, 1, tzinfo=UTC))
    assert "## Changes since 2030-01-01\n\nNothing was changed since 2030-01-01.\n" in str(text)


def row(row_id: int, action: str, entity_id: int, name: str, before=None, after=None) -> AuditRow:  # type: ignore[no-untyped-def]
    return AuditRow(row_id, THIS_SESSION, "system", entity_id, name, action, before, after)


def test_a_reused_row_id_starts_a_new_life() -> None:
    """SQLite may give a new row the id of one just deleted: that is a removal and an addition,
    not a change to the old one."""
    rows = [
        row(1, "delete", 7, "Old CRM", before={"name": "Old CRM"}),
        row(2, "create", 7, "HubSpot", after={"name": "HubSpot"}),
        row(
            3, "update", 8, "Sage X3", before={"notes": "a", "id": 8}, after={"notes": "b", "id": 8}
        ),
        row(4, "update", 9, "Xero", before={"updated_at": "x"}, after={"updated_at": "y"}),
    ]
    changes = summarise_changes(rows)
    assert [(c.kind, c.name, c.field_names) for c in changes] == [
        ("added", "HubSpot", ()),
        ("changed", "Sage X3", ("notes",)),
        ("removed", "Old CRM", ()),
    ]
