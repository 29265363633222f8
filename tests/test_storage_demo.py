"""The demo workshop: realistic, deterministic, and never written over an existing file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from seamwork_files import digest, make_workshop

from models.enums import Category, Lifecycle
from storage import demo
from storage.demo import write_demo
from storage.interchange import export_json
from storage.probe import WorkshopFileError
from storage.snapshot import load_snapshot
from storage.workshop_file import open_workshop


def snapshot(path: Path):
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        return load_snapshot(session)


def test_demo_is_a_multichannel_wholesaler(tmp_path: Path) -> None:
    data = snapshot(write_demo(tmp_path / "demo.seamwork"))

    assert data.workshop.name == "Northwind Wholesale integration workshop"
    assert data.workshop.client and data.workshop.facilitator and data.workshop.notes
    by_name = {system.name: system for system in data.systems}
    assert {"Shopify", "Amazon Seller Central", "Sage X3", "HubSpot", "Stripe"} <= set(by_name)
    categories = {system.category for system in data.systems}
    assert {
        Category.ECOMMERCE,
        Category.MARKETPLACE,
        Category.ERP,
        Category.CRM,
        Category.COURIER,
        Category.WAREHOUSE,
        Category.FINANCE,
        Category.PAYMENTS,
        Category.BI,
    } <= categories
    lifecycles = Counter(system.lifecycle for system in data.systems)
    assert lifecycles[Lifecycle.IMPLEMENTING] == 1
    assert lifecycles[Lifecycle.PLANNED] == 1
    assert lifecycles[Lifecycle.RETIRING] == 1
    assert lifecycles[Lifecycle.LIVE] == len(data.systems) - 3
    for system in data.systems:
        assert system.vendor and system.owner and system.notes, system.name
    assert len({system.criticality for system in data.systems}) >= 3


def test_demo_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEAMWORK_NOW", raising=False)
    texts = []
    for name in ("one.seamwork", "two.seamwork"):
        with open_workshop(write_demo(tmp_path / name), read_only=True) as workshop:
            with workshop.session() as session:
                texts.append(export_json(session))
    assert texts[0] == texts[1]


@pytest.mark.parametrize("existing", ["workshop", "empty", "other"])
def test_demo_refuses_to_overwrite(tmp_path: Path, existing: str) -> None:
    path = tmp_path / "taken.seamwork"
    if existing == "workshop":
        make_workshop(path)
    elif existing == "empty":
        path.touch()
    else:
        path.write_text("my notes", encoding="utf-8")
    before = digest(path)

    with pytest.raises(WorkshopFileError) as caught:
        write_demo(path)

    assert str(caught.value) == f"{path} already exists; the demo is only written to a new file."
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.seamwork"]


def test_a_failed_demo_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> dict[str, object]:
        return {"format": "seamwork/1", "systems": [{"name": "A", "criticality": 7}]}

    monkeypatch.setattr(demo, "demo_document", broken)
    with pytest.raises(ValueError):
        write_demo(tmp_path / "demo.seamwork")
    assert list(tmp_path.iterdir()) == []
