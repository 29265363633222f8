"""Issue 13.3 in real files: the library applies by kind of data, and a scenario added for one
flow stays on that flow until it is promoted to the workshop's library."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import col, select

from models.tables import Scenario
from storage.errors import FieldError
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow, delete_flow, list_flows
from storage.queries.scenarios import (
    add_check,
    add_flow_scenario,
    apply_library,
    get_scenario,
    list_checks,
    promote_scenario,
)
from storage.queries.systems import create_system
from storage.queries.undo import redo, undo
from storage.workshop_file import WorkshopFile, open_workshop

WON = "Salesforce -> Mission Control PSA: Won opportunities"
QUOTES = "HubSpot -> Mission Control PSA: Deals"
STAFF = "HiBob -> Xero: Employees"


@pytest.fixture
def workshop(workshop_at: Any) -> Iterator[WorkshopFile]:
    """A professional-services workshop: no wholesale data object names at all."""
    with open_workshop(workshop_at("w")) as opened:
        with opened.session() as session:
            for name in ("Salesforce", "HubSpot", "Mission Control PSA", "HiBob", "Xero"):
                create_system(session, data={"name": name})
            for name in ("Won opportunities", "Deals", "Employees"):
                create_data_object(session, data={"name": name})
            for ref in (WON, QUOTES, STAFF):
                ends, obj = ref.split(": ")
                source, target = ends.split(" -> ")
                create_flow(session, source=source, target=target, data_object=obj)
        yield opened


def flow_ids(workshop: WorkshopFile) -> dict[str, int]:
    with workshop.session() as session:
        return {row.ref: row.id for row in list_flows(session)}


def titles(workshop: WorkshopFile, flow_id: int) -> set[str]:
    with workshop.session() as session:
        return {check.scenario for check in list_checks(session, flow_id=flow_id)}


def test_won_opportunities_and_employees_get_checks_of_their_kind(
    workshop: WorkshopFile,
) -> None:
    """Not only the generic (every-flow) scenarios: order and people scenarios by kind."""
    ids = flow_ids(workshop)
    with workshop.session() as session:
        apply_library(session)
        generic = {
            row.title for row in session.exec(select(Scenario)).all() if not row.data_objects
        }
    won = titles(workshop, ids[WON]) - generic
    staff = titles(workshop, ids[STAFF]) - generic
    assert {"Amended order", "Cancelled order", "Won deal becomes a project"} <= won
    assert {"Leaver keeps access or pay", "New starter arrives before accounts exist"} <= staff
    assert "Leaver keeps access or pay" not in won and "Amended order" not in staff
    assert not {"Negative stock", "Late stock update"} & (won | staff)


def test_a_one_flow_scenario_stays_on_its_flow_until_promoted(workshop: WorkshopFile) -> None:
    ids = flow_ids(workshop)
    with workshop.session() as session:
        apply_library(session)
        check = add_flow_scenario(
            session, flow_id=ids[WON], title="Deal won twice in two regions", category="sales"
        )
        assert (check.flow_id, check.scenario, check.category) == (
            ids[WON],
            "Deal won twice in two regions",
            "sales",
        )
        assert check.one_flow and check.status.value == "open"
        scenario = get_scenario(session, scenario_id=check.scenario_id)
        assert scenario.one_flow and scenario.flow == WON and scenario.data_objects == ()
        assert apply_library(session) == 0  # nothing new anywhere, its own flow included
        with pytest.raises(FieldError, match="another flow only"):
            add_check(session, flow_id=ids[QUOTES], scenario_id=check.scenario_id)
    assert "Deal won twice in two regions" in titles(workshop, ids[WON])
    assert "Deal won twice in two regions" not in titles(workshop, ids[QUOTES])

    with workshop.session() as session:
        promoted = promote_scenario(session, scenario_id=check.scenario_id)
        assert not promoted.one_flow and promoted.flow is None
        assert promoted.data_objects == ("Won opportunities",)
        with pytest.raises(FieldError, match="already in the workshop's library"):
            promote_scenario(session, scenario_id=check.scenario_id)
        assert apply_library(session) == 1  # Deals: the same kind (orders and opportunities)
        assert get_scenario(session, scenario_id=check.scenario_id).checks == 2
    assert "Deal won twice in two regions" in titles(workshop, ids[QUOTES])
    assert "Deal won twice in two regions" not in titles(workshop, ids[STAFF])


def test_adding_and_promoting_are_undo_steps(workshop: WorkshopFile) -> None:
    ids = flow_ids(workshop)
    with workshop.session() as session:
        check = add_flow_scenario(session, flow_id=ids[STAFF], title="Payroll cut-off missed")
        assert check.category == "other"  # no category said: the default, as in the form
        promote_scenario(session, scenario_id=check.scenario_id)
        assert undo(session) == "Undid: promote scenario Payroll cut-off missed to the library"
        assert get_scenario(session, scenario_id=check.scenario_id).flow == STAFF
        assert undo(session) == f"Undid: add scenario Payroll cut-off missed to {STAFF}"
        assert session.exec(select(Scenario).where(col(Scenario.flow_id).is_not(None))).all() == []
        assert list_checks(session, flow_id=ids[STAFF]) == []
        redo(session)
        assert [c.scenario for c in list_checks(session, flow_id=ids[STAFF])] == [
            "Payroll cut-off missed"
        ]


def test_a_one_flow_scenario_goes_with_its_flow_and_comes_back_on_undo(
    workshop: WorkshopFile,
) -> None:
    ids = flow_ids(workshop)
    with workshop.session() as session:
        check = add_flow_scenario(session, flow_id=ids[WON], title="Deal won twice")
        delete_flow(session, flow_id=ids[WON])
        assert session.get(Scenario, check.scenario_id) is None
        undo(session)
        restored = get_scenario(session, scenario_id=check.scenario_id)
        assert restored.flow == WON and restored.checks == 1


def test_a_title_already_used_is_refused(workshop: WorkshopFile) -> None:
    ids = flow_ids(workshop)
    with workshop.session() as session:
        apply_library(session)
        with pytest.raises(FieldError, match="already exists"):
            add_flow_scenario(session, flow_id=ids[WON], title="amended ORDER")
