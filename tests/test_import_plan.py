"""`plan_import`: an import's counts worked out before anything is written (the app's preview).

It runs the same checks and merge as `import_document` and rolls them back, so its summary is
what the import will say, and the file is left exactly as it was: no rows, no undo step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from interchange_files import doc
from seamwork_files import digest, table_count
from workshop_templates import new_workshop

from storage.errors import ImportValidationError, ReadOnlyError
from storage.formats.seamwork_json.document import import_document, parse_document, plan_import
from storage.queries.systems import create_system
from storage.workshop_file import open_workshop

DOCUMENT = doc(
    systems=[{"name": "Shopify", "vendor": "Shopify Inc"}, {"name": "Stripe"}, {"name": "Xero"}],
    data_objects=[{"name": "Payment"}],
    flows=[{"source": "Stripe", "target": "Xero", "data_object": "Payment"}],
)


def _workshop(tmp_path: Path) -> Path:
    """A workshop holding Shopify (to be updated) and Xero (unchanged)."""
    path = new_workshop(tmp_path / "w.seamwork")
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Shopify"})
        create_system(session, data={"name": "Xero"})
    return path


def test_the_plan_counts_what_the_import_then_does_and_writes_nothing(tmp_path: Path) -> None:
    path = _workshop(tmp_path)
    before = digest(path)
    steps = table_count(path, "step")
    document = parse_document(DOCUMENT)
    with open_workshop(path) as workshop, workshop.session() as session:
        plan = plan_import(session, document)
    assert digest(path) == before and table_count(path, "step") == steps
    assert table_count(path, "system") == 2
    assert plan.created == {"systems": 1, "data_objects": 1, "flows": 1}
    assert plan.updated == {"systems": 1} and plan.unchanged == {"systems": 1}
    with open_workshop(path) as workshop, workshop.session() as session:
        done = import_document(session, document)
    assert done == plan
    assert table_count(path, "system") == 3


def test_the_plan_refuses_what_the_import_refuses(tmp_path: Path) -> None:
    path = _workshop(tmp_path)
    before = digest(path)
    document = parse_document(
        doc(flows=[{"source": "Shopfy", "target": "Xero", "data_object": "Payment"}])
    )
    with open_workshop(path) as workshop, workshop.session() as session:
        with pytest.raises(ImportValidationError, match='no system named "Shopfy"'):
            plan_import(session, document)
    assert digest(path) == before


def test_a_read_only_workshop_refuses_the_plan(tmp_path: Path) -> None:
    path = _workshop(tmp_path)
    before = digest(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        with pytest.raises(ReadOnlyError):
            plan_import(session, parse_document(DOCUMENT))
    assert digest(path) == before
