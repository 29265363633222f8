"""Undo and redo on real workshops, files and server ones: one test per kind of edit, each
undone then redone, comparing every table's full contents (ids included) with what it held
before and after the edit, and
checking the foreign keys after each step. Then the stack: reopening, read-only, nothing to
undo, a new edit ending the redo, a failed edit leaving no step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import engines
import pytest
from sqlmodel import Session, select

from models.tables import Candidate, Check, Criterion, Flow, Kpi, Score, System
from storage.errors import NothingToRedo, NothingToUndo, ReadOnlyError, StorageError
from storage.queries.data_objects import (
    create_data_object,
    get_data_object,
    save_data_object,
    set_definition,
)
from storage.queries.flows import (
    CaptureItem,
    create_flow,
    create_flow_capture,
    create_flow_captures,
    delete_flow,
    update_flow,
)
from storage.queries.priorities import set_phase, set_score, set_weight, update_kpi
from storage.queries.scenarios import set_check_status
from storage.queries.systems import (
    create_system,
    create_systems,
    delete_system,
    get_system,
    update_system,
    update_workshop,
    validate_system,
)
from storage.queries.undo import RowsChanged, history, redo, redo_step, undo, undo_step
from storage.workshop_file import WorkshopFile, open_workshop

Tables = dict[str, list[tuple[Any, ...]]]
# The change count moves with undo too, and the cache follows it: neither is the workshop.
SKIPPED = ("alembic_version", "audit", "step", "change_count", "findings_cache")


def contents(session: Session) -> Tables:
    """Every row of every table but the trail itself, in id order."""
    return engines.contents(session.connection(), SKIPPED)


def foreign_key_problems(session: Session) -> list[Any]:
    return engines.foreign_key_problems(session.connection())


def round_trip(workshop: WorkshopFile, edit: Callable[[Session], object], label: str) -> None:
    """Make the edit, undo it (back to before), redo it (back to after), undo it again."""
    with workshop.session() as session:
        before = contents(session)
        edit(session)
        after = contents(session)
        assert after != before
        assert history(session, limit=1)[0].label == label
        assert undo(session) == f"Undid: {label}"
        assert contents(session) == before
        assert foreign_key_problems(session) == []
        assert redo(session) == f"Redid: {label}"
        assert contents(session) == after
        assert foreign_key_problems(session) == []
        assert undo(session) == f"Undid: {label}"
        assert contents(session) == before


@pytest.fixture
def demo(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("demo", demo=True)) as workshop:
        yield workshop


@pytest.fixture
def empty(workshop_at: Any) -> Iterator[WorkshopFile]:
    with open_workshop(workshop_at("acme")) as workshop:
        yield workshop


def _system_id(session: Session, name: str) -> int:
    row = get_system(session, name=name)
    assert row is not None and row.id is not None
    return row.id


def _id(session: Session, model: Any, name: str) -> int:
    row = session.exec(select(model).where(model.name == name)).one()
    return int(row.id)


def _flow_id(session: Session, source: str, target: str) -> int:
    source_id, target_id = _system_id(session, source), _system_id(session, target)
    flow = session.exec(
        select(Flow).where(Flow.source_id == source_id, Flow.target_id == target_id)
    ).first()
    assert flow is not None and flow.id is not None
    return flow.id


# --- one test per kind of edit ----------------------------------------------------------------


def test_add_a_system(empty: WorkshopFile) -> None:
    round_trip(empty, lambda s: create_system(s, data={"name": "Xero"}), "add system Xero")


def test_edit_a_system_renamed_keeps_its_name_key(demo: WorkshopFile) -> None:
    def edit(session: Session) -> None:
        update_system(
            session, system_id=_system_id(session, "Xero"), data={"name": "Xero NZ", "owner": "CFO"}
        )

    round_trip(demo, edit, "edit system Xero NZ")
    with demo.session() as session:
        assert get_system(session, name="xero") is not None  # name_key follows the name back


def test_delete_a_system_with_no_flows(empty: WorkshopFile) -> None:
    with empty.session() as session:
        create_system(session, data={"name": "Xero", "category": "finance", "criticality": 4})
    round_trip(
        empty, lambda s: delete_system(s, system_id=_system_id(s, "Xero")), "delete system Xero"
    )


def test_delete_a_system_that_cascades_flows_checks_and_candidate_links(
    demo: WorkshopFile,
) -> None:
    with demo.session() as session:
        shopify = _system_id(session, "Shopify")
        assert foreign_key_problems(session) == []
        flows = session.exec(
            select(Flow).where((Flow.source_id == shopify) | (Flow.target_id == shopify))
        ).all()
        assert len(flows) == 7
        ids = [flow.id for flow in flows]
        assert session.exec(select(Check).where(Check.flow_id.in_(ids))).first()  # type: ignore[union-attr]
    round_trip(
        demo,
        lambda s: delete_system(s, system_id=_system_id(s, "Shopify")),
        "delete system Shopify with 7 flows, 99 checks, 7 candidate flows, 2 minute links",
    )


def test_add_edit_and_delete_a_flow(demo: WorkshopFile) -> None:
    round_trip(
        demo,
        lambda s: create_flow(s, source="Xero", target="Power BI", data_object="Customers"),
        "add flow Xero -> Power BI: Customers",
    )

    def edit(session: Session) -> None:
        update_flow(
            session,
            flow_id=_flow_id(session, "Shopify", "Sage X3"),
            data={"owner": "Operations", "monitored": True, "volume_per_day": 900},
        )

    round_trip(demo, edit, "edit flow Shopify -> Sage X3: Sales orders")

    def delete(session: Session) -> None:
        delete_flow(session, flow_id=_flow_id(session, "Shopify", "Sage X3"))

    round_trip(
        demo,
        delete,
        "delete flow Shopify -> Sage X3: Sales orders "
        "with 35 checks, 1 candidate flow, 1 minute link",
    )


def test_undo_and_redo_say_which_rows_they_created_updated_and_deleted(
    demo: WorkshopFile,
) -> None:
    """So a screen can show just those rows again (issue 11's speed on 5,000 flows)."""
    with demo.session() as session:
        added = create_system(session, data={"name": "Netsuite"})
        assert added.id is not None
        assert undo_step(session).rows == {"system": RowsChanged(deleted=frozenset({added.id}))}
        assert redo_step(session).rows == {"system": RowsChanged(created=frozenset({added.id}))}
        flow = _flow_id(session, "Shopify", "Sage X3")
        update_flow(session, flow_id=flow, data={"owner": "Operations"})
        assert undo_step(session).rows == {"flow": RowsChanged(updated=frozenset({flow}))}
        checks = set(session.exec(select(Check.id).where(Check.flow_id == flow)).all())
        delete_flow(session, flow_id=flow)
        undone = undo_step(session)
        assert undone.rows["flow"] == RowsChanged(created=frozenset({flow}))
        assert undone.rows["scenario_check"].created == checks
        assert set(undone.rows) == set(undone.entities)
        assert all(not (c.updated or c.deleted) for c in undone.rows.values())
        redone = redo_step(session)
        assert redone.rows["flow"].ids == redone.rows["flow"].deleted == {flow}
        assert redone.rows["scenario_check"].deleted == checks


def test_a_data_object_with_its_definitions(demo: WorkshopFile) -> None:
    def create(session: Session) -> None:
        save_data_object(
            session,
            data={"name": "Returns", "owner": "Operations", "sensitivity": "internal"},
            source_of_truth="Mintsoft WMS",
            definitions=[("Sales", "Refunds promised"), ("Logistics", "Parcels back in")],
        )

    round_trip(demo, create, "add data object Returns with 2 definitions")

    def define(session: Session) -> None:
        row = get_data_object(session, name="Stock in transit")
        assert row is not None and row.id is not None
        set_definition(session, data_object_id=row.id, department="Finance", text="Paid, not here")

    round_trip(demo, define, "add definition Stock in transit (Finance)")


def test_a_quick_capture_with_new_systems_is_one_step(demo: WorkshopFile) -> None:
    def capture(session: Session) -> None:
        create_flow_capture(
            session,
            source="Shopify",
            target="Klaviyo",
            data_object="Newsletter consent",
            create_missing=True,
        )

    round_trip(
        demo,
        capture,
        "quick capture: add flow Shopify -> Klaviyo: Newsletter consent "
        "with 1 system, 1 data object",
    )


def test_several_captured_lines_are_one_step(demo: WorkshopFile) -> None:
    items = [
        CaptureItem("Shopify", "Klaviyo", "Newsletter consent"),
        CaptureItem("Klaviyo", "Xero", "Newsletter consent"),
    ]
    round_trip(
        demo,
        lambda s: create_flow_captures(s, items=items, create_missing=True),
        "quick capture: add flow Shopify -> Klaviyo: Newsletter consent and 1 other flow "
        "with 1 system, 1 data object",
    )


def test_a_paste_of_systems_is_one_step(empty: WorkshopFile) -> None:
    names = ("Xero", "Stripe", "HubSpot", "Shopify", "Sage X3")
    round_trip(
        empty,
        lambda s: create_systems(s, items=[validate_system({"name": n}) for n in names]),
        "paste 5 systems",
    )


def test_a_score(demo: WorkshopFile) -> None:
    def score(session: Session) -> None:
        candidate = _id(session, Candidate, "Order to cash")
        criterion = _id(session, Criterion, "Operational impact")
        current = session.exec(
            select(Score).where(Score.candidate_id == candidate, Score.criterion_id == criterion)
        ).one()
        value = 1 if current.value != 1 else 2
        set_score(session, candidate_id=candidate, criterion_id=criterion, value=value)

    round_trip(demo, score, "score Order to cash (Operational impact)")


def test_a_criterion_weight(demo: WorkshopFile) -> None:
    round_trip(
        demo,
        lambda s: set_weight(s, criterion_id=_id(s, Criterion, "Operational impact"), weight=1),
        "set weight of criterion Operational impact to 1",
    )


def test_a_scenario_check_status(demo: WorkshopFile) -> None:
    with demo.session() as session:
        check = session.exec(select(Check).where(Check.status == "open")).first()
        assert check is not None and check.id is not None
        check_id = check.id
    with demo.session() as session:
        edit_label = f"set status of check {_check_name(session, check_id)} to gap"
    round_trip(demo, lambda s: set_check_status(s, check_id=check_id, status="gap"), edit_label)


def _check_name(session: Session, check_id: int) -> str:
    from storage.queries.scenarios import get_check

    row = get_check(session, check_id=check_id)
    return f"{row.flow} ({row.scenario})"


def test_a_candidate_moved_to_another_phase(demo: WorkshopFile) -> None:
    round_trip(
        demo,
        lambda s: set_phase(s, candidate_id=_id(s, Candidate, "Returns"), phase=3),
        "set phase of candidate Returns to 3",
    )


def test_a_kpi_edit(demo: WorkshopFile) -> None:
    round_trip(
        demo,
        lambda s: update_kpi(s, kpi_id=_id(s, Kpi, "Dispatch time"), data={"target": 12.5}),
        "set target of KPI Dispatch time to 12.5",
    )


def test_the_workshop_details(demo: WorkshopFile) -> None:
    round_trip(
        demo,
        lambda s: update_workshop(s, data={"client": "Globex", "facilitator": "R. Roe"}),
        "edit workshop details",
    )


# --- the stack ----------------------------------------------------------------------------------


def test_undo_after_reopening_the_file(workshop_at: Any) -> None:
    path = workshop_at("acme")
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Xero"})
        create_system(session, data={"name": "Stripe"})
    with open_workshop(path) as workshop, workshop.session() as session:
        assert undo(session) == "Undid: add system Stripe"
    with open_workshop(path) as workshop, workshop.session() as session:
        assert undo(session) == "Undid: add system Xero"
        assert session.exec(select(System)).all() == []
        assert [(e.sentence, e.kind, e.state) for e in history(session)] == [
            ("Undid: add system Xero", "undo", "done"),
            ("Undid: add system Stripe", "undo", "done"),
            ("add system Stripe", "edit", "undone"),
            ("add system Xero", "edit", "undone"),
            (engines.created_label(path), "auto", "done"),
        ]
    with open_workshop(path) as workshop, workshop.session() as session:
        assert redo(session) == "Redid: add system Xero"
        assert [row.name for row in session.exec(select(System))] == ["Xero"]


def test_undo_is_refused_read_only_with_a_sentence(workshop_at: Any) -> None:
    path = workshop_at("acme")
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "Xero"})
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        for action in (undo, redo):
            with pytest.raises(ReadOnlyError) as caught:
                action(session)
            message = str(caught.value)
            assert message.startswith("This workshop is open read-only (opened read-only)")
            assert message.endswith(" is off.")
    with open_workshop(path) as workshop, workshop.session() as session:
        assert [row.name for row in session.exec(select(System))] == ["Xero"]


def test_nothing_to_undo_or_redo(empty: WorkshopFile) -> None:
    with empty.session() as session:
        with pytest.raises(NothingToUndo, match=r"^There is nothing to undo\.$"):
            undo(session)
        with pytest.raises(NothingToRedo, match=r"^There is nothing to redo\.$"):
            redo(session)
        assert issubclass(NothingToUndo, StorageError) and issubclass(NothingToRedo, StorageError)


def test_a_new_edit_discards_the_redo(empty: WorkshopFile) -> None:
    with empty.session() as session:
        create_system(session, data={"name": "Xero"})
        create_system(session, data={"name": "Stripe"})
        undo(session)
        undo(session)
        create_system(session, data={"name": "HubSpot"})
        with pytest.raises(NothingToRedo):
            redo(session)
        assert [(e.label, e.state) for e in history(session) if e.kind == "edit"] == [
            ("add system HubSpot", "done"),
            ("add system Stripe", "discarded"),
            ("add system Xero", "discarded"),
        ]
        assert undo(session) == "Undid: add system HubSpot"
        with pytest.raises(NothingToUndo):
            undo(session)  # the discarded edits were undone already


def test_housekeeping_is_listed_but_never_undone(demo: WorkshopFile) -> None:
    """The demo's import, the scenario library and the default criteria are the file's
    starting point: ctrl+z on a fresh demo must not empty it."""
    with demo.session() as session:
        assert [(e.label, e.kind) for e in history(session)] == [
            ("copy in the scenario library", "auto"),
            ("write the demo workshop", "auto"),
            (engines.created_label(demo), "auto"),
        ]
        with pytest.raises(NothingToUndo):
            undo(session)


def test_a_failed_edit_leaves_no_step(empty: WorkshopFile) -> None:
    with empty.session() as session:
        create_system(session, data={"name": "Xero"})
        with pytest.raises(StorageError):
            create_systems(
                session,
                items=[validate_system({"name": "Stripe"}), validate_system({"name": "xero"})],
            )
        with pytest.raises(StorageError):
            create_flow_capture(
                session, source="Xero", target="Xero", data_object="Invoices", create_missing=True
            )
        assert [e.label for e in history(session)] == [
            "add system Xero",
            engines.created_label(empty),
        ]
        create_data_object(session, data={"name": "Invoices"})
        assert undo(session) == "Undid: add data object Invoices"
        assert undo(session) == "Undid: add system Xero"


def test_undo_and_redo_leave_the_file_consistent_for_other_readers(workshop_at: Any) -> None:
    path = workshop_at("demo", demo=True)
    with open_workshop(path) as workshop, workshop.session() as session:
        delete_system(session, system_id=_system_id(session, "Sage X3"))
        undo(session)
    with open_workshop(path, read_only=True) as workshop, workshop.engine.connect() as connection:
        assert engines.foreign_key_problems(connection) == []
    if not engines.is_server(path):  # a file's own pages; a server keeps its own
        assert engines.query(path, "PRAGMA integrity_check") == [("ok",)]
    assert engines.query(path, "SELECT count(*) FROM flow") == [(24,)]


def test_a_session_deleted_with_its_attendees_agenda_and_minutes(demo: WorkshopFile) -> None:
    """The meeting layer's tables are undone by the same generic replay, with no code of
    their own."""
    from storage.queries.meetings import delete_meeting, list_meetings

    with demo.session() as session:
        meeting = list_meetings(session)[0]
        label = f"delete session {meeting.date} {meeting.title}"
    with demo.session() as session:
        delete_meeting(session, meeting_id=meeting.id)
        done = history(session, limit=1)[0].label
        undo(session)
    assert done.startswith(label + " with ")
    round_trip(demo, lambda s: delete_meeting(s, meeting_id=meeting.id), done)


def test_an_id_undo_put_back_is_never_handed_out_again(empty: WorkshopFile) -> None:
    """Undo and redo write rows back with their own ids, past the engine's own numbering (on
    PostgreSQL a sequence that does not see them): the next new row must not take one."""
    with empty.session() as session:
        xero = create_system(session, data={"name": "Xero"}).id
        delete_system(session, system_id=_system_id(session, "Xero"))
        undo(session)  # Xero back, with its id
        stripe = create_system(session, data={"name": "Stripe"}).id
        undo(session)
        redo(session)  # Stripe back, with its id
        hubspot = create_system(session, data={"name": "HubSpot"}).id
        assert len({xero, stripe, hubspot}) == 3
        assert _system_id(session, "Xero") == xero and _system_id(session, "Stripe") == stripe
        assert contents(session)["system"] == sorted(contents(session)["system"])
