"""Loading a workshop for the pure rules, and the findings entry point those rules plug into."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models import findings
from models.findings import Finding, Severity, find_all, has_blocker, summarise
from models.snapshot import WorkshopData
from models.tables import SystemBase, WorkshopBase
from storage.paths import default_workshop_path as light_default
from storage.snapshot import load_snapshot
from storage.systems import create_system, update_workshop
from storage.workshop_file import default_workshop_path, open_workshop


def test_snapshot_holds_validated_values_sorted_by_name(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    with open_workshop(path) as workshop, workshop.session() as session:
        update_workshop(session, data={"name": "Acme", "client": "Acme Ltd"})
        for name in ("xero", "Amazon", "Sage X3"):
            create_system(session, data={"name": name, "category": "erp"})
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_snapshot(session)
    assert data.workshop.client == "Acme Ltd"
    assert [system.name for system in data.systems] == ["Amazon", "Sage X3", "xero"]
    assert all(isinstance(system, SystemBase) for system in data.systems)


def test_snapshot_of_a_file_without_workshop_row_does_not_write(tmp_path: Path) -> None:
    path = tmp_path / "w.seamwork"
    open_workshop(path).close()
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM workshop")
    connection.commit()
    connection.close()
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        assert load_snapshot(session).workshop.name == "Workshop"


def _data() -> WorkshopData:
    return WorkshopData(workshop=WorkshopBase(name="W"), systems=(SystemBase(name="Shopify"),))


def test_there_are_no_findings_yet() -> None:
    assert find_all(_data()) == []
    assert summarise([]) == {"blocker": 0, "warning": 0, "info": 0}
    assert not has_blocker([])


def test_find_all_runs_every_rule_and_orders_blockers_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rule_a(data: WorkshopData) -> list[Finding]:
        return [
            Finding("B-CODE", Severity.INFO, "Info.", ("Shopify",)),
            Finding("A-CODE", Severity.WARNING, "Warn.", tuple(s.name for s in data.systems)),
        ]

    def rule_b(data: WorkshopData) -> list[Finding]:
        return [Finding("Z-CODE", Severity.BLOCKER, "Stop.", ())]

    monkeypatch.setattr(findings, "RULES", (rule_a, rule_b))
    result = find_all(_data())
    assert [(f.severity, f.code) for f in result] == [
        (Severity.BLOCKER, "Z-CODE"),
        (Severity.WARNING, "A-CODE"),
        (Severity.INFO, "B-CODE"),
    ]
    assert result[1].subjects == ("Shopify",)
    assert summarise(result) == {"blocker": 1, "warning": 1, "info": 1}
    assert has_blocker(result)
    assert result[0].as_json() == {
        "code": "Z-CODE",
        "severity": "blocker",
        "message": "Stop.",
        "subjects": [],
    }


def test_light_default_path_matches_the_storage_one() -> None:
    """`storage.paths` exists so the app starts without SQLAlchemy; it must not drift."""
    assert light_default() == default_workshop_path()
    assert light_default().name == "default.seamwork"
