"""Other connections' commits to a server workshop are heard at once (LISTEN/NOTIFY, issue 17):
one notification per commit with its count and actor, never one's own, and a file has none."""

from __future__ import annotations

import queue
from pathlib import Path

import psycopg
from conftest import SAMPLE_SYSTEMS

from models.tables import SystemBase
from storage.actor import acting_as
from storage.live import Change, libpq_url, parse_payload
from storage.location import ServerLocation, parse_location
from storage.queries.systems import create_system, create_systems, get_system, update_system
from storage.workshop_file import open_workshop

WAIT = 30.0  # only reached when nothing comes


def _listening(url: str):  # type: ignore[no-untyped-def]
    workshop = open_workshop(url)
    heard: queue.Queue[Change] = queue.Queue()
    states: queue.Queue[bool] = queue.Queue()
    listener = workshop.listen(heard.put, states.put)
    assert listener is not None and listener.listening.wait(WAIT)
    return workshop, listener, heard, states


def test_another_connections_commit_is_heard_once_with_its_count_and_actor(
    server_database: str,
) -> None:
    url = f"{server_database}?workshop=acme"
    mine, listener, heard, _ = _listening(url)
    try:
        with open_workshop(url) as theirs, theirs.session() as session:
            acting_as(session, "Ben Ode")
            for data in SAMPLE_SYSTEMS:  # one commit each: four notifications
                create_system(session, data=dict(data))
            count = theirs.stamp()[0]
        changes = [heard.get(timeout=WAIT)]
        while changes[-1].count != count:
            changes.append(heard.get(timeout=WAIT))
        assert all(change.actor == "Ben Ode" for change in changes)
        assert 1 <= len(changes) <= len(SAMPLE_SYSTEMS)
        # this window's own commits are not heard (they have shown already) ...
        with mine.session() as session:
            row = get_system(session, name="Xero")
            assert row is not None and row.id is not None
            update_system(session, system_id=row.id, data={"owner": "Finance"})
        # ... while the next one of someone else's is, and it is the only one
        with open_workshop(url) as theirs, theirs.session() as session:
            acting_as(session, "Ana Ruiz")
            create_system(session, data={"name": "HubSpot"})
            count = theirs.stamp()[0]
        assert heard.get(timeout=WAIT) == Change(count, "Ana Ruiz")
        assert heard.empty()
    finally:
        listener.stop()
        mine.close()


def test_a_commit_of_hundreds_of_rows_is_one_notification(server_database: str) -> None:
    url = f"{server_database}?workshop=acme"
    location = parse_location(url)
    assert isinstance(location, ServerLocation)
    with psycopg.connect(libpq_url(location), autocommit=True) as listening:
        listening.execute('LISTEN "seamwork_acme"')
        with open_workshop(url) as theirs:
            with theirs.session() as session:
                create_systems(session, items=[SystemBase(name=f"System {n}") for n in range(300)])
            count = theirs.stamp()[0]
        got = list(listening.notifies(timeout=1.0))
    assert [parse_payload(notify.payload).count for notify in got] == [count]


def test_a_lost_connection_is_retried_and_then_heard_again(server_database: str) -> None:
    url = f"{server_database}?workshop=acme"
    mine, listener, heard, states = _listening(url)
    try:
        location = parse_location(url)
        assert isinstance(location, ServerLocation)
        with psycopg.connect(libpq_url(location), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'seamwork-listen' AND datname = current_database()"
            )
        assert heard.get(timeout=WAIT) == Change(None, None)  # back: look again
        assert listener.listening.wait(WAIT)
        with open_workshop(url) as theirs, theirs.session() as session:
            create_system(session, data={"name": "HubSpot"})
        assert heard.get(timeout=WAIT).count is not None
        assert states.empty()  # back within a moment: nothing said
    finally:
        listener.stop()
        mine.close()


def test_a_file_has_no_listener(make_workshop) -> None:  # type: ignore[no-untyped-def]
    path: Path = make_workshop()
    with open_workshop(path) as workshop:
        assert workshop.listen(lambda change: None, lambda lost: None) is None
