"""`plan_import`: an import's counts worked out before anything is written (the app's preview).

It runs the same checks and merge as `import_document` and rolls them back, so its summary is
what the import will say, and the workshop is left exactly as it was: no rows, no undo step.
On both engines: on a server the rollback is PostgreSQL's, not SQLite's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from engines import digest, table_count
from interchange_files import doc

from storage.errors import ImportValidationError, ReadOnlyError
from storage.formats.seamwork_json.document import import_document, parse_document, plan_import
from storage.workshop_file import open_workshop

DOCUMENT = doc(
    systems=[{"name": "Shopify", "vendor": "Shopify Inc"}, {"name": "Stripe"}, {"name": "Xero"}],
    data_objects=[{"name": "Payment"}],
    flows=[{"source": "Stripe", "target": "Xero", "data_object": "Payment"}],
)


@pytest.fixture
def path(workshop_at: Callable[..., str]) -> str:
    """A workshop holding Shopify (to be updated) and Xero (unchanged), on either engine."""
    return workshop_at("acme", systems=[{"name": "Shopify"}, {"name": "Xero"}])


def test_the_plan_counts_what_the_import_then_does_and_writes_nothing(path: str) -> None:
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


def test_the_plan_refuses_what_the_import_refuses(path: str) -> None:
    before = digest(path)
    document = parse_document(
        doc(flows=[{"source": "Shopfy", "target": "Xero", "data_object": "Payment"}])
    )
    with open_workshop(path) as workshop, workshop.session() as session:
        with pytest.raises(ImportValidationError, match='no system named "Shopfy"'):
            plan_import(session, document)
    assert digest(path) == before


def test_a_read_only_workshop_refuses_the_plan(path: str) -> None:
    before = digest(path)
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        with pytest.raises(ReadOnlyError):
            plan_import(session, parse_document(DOCUMENT))
    assert digest(path) == before
