"""The findings kept in the file (`storage.findings_cache`): read back while nothing has
changed, never once anything has, on real workshops: files and server ones. What the standard
library reads (`peek_readiness`) and the file's bytes are the file's alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import engines
import pytest
from seamwork_files import ANSWERED_SYSTEM

from models.readiness import readiness_from_json, readiness_json
from storage import findings_cache
from storage.migrations.changes import UNCOUNTED, trigger_name
from storage.peek import peek_readiness
from storage.queries import readiness as readiness_queries
from storage.queries.data_objects import create_data_object
from storage.queries.flows import create_flow
from storage.queries.readiness import findings_for, load_readiness
from storage.queries.systems import create_system, update_system
from storage.queries.undo import undo
from storage.workshop_file import open_workshop


def kept_key(path: str) -> str | None:
    rows = engines.query(path, "SELECT key FROM findings_cache")
    return rows[0][0] if rows else None


def count(path: str) -> int:
    return int(engines.query(path, "SELECT value FROM change_count")[0][0])


def peeked(path: str) -> Any:
    """What the standard library reads from a file (`peek_readiness`); on a server, which has
    no such reader, the kept readiness as storage reads it back without working it out."""
    if not engines.is_server(path):
        return peek_readiness(Path(path))
    with open_workshop(path, read_only=True) as workshop, workshop.engine.connect() as connection:
        execute = readiness_queries._on(connection)
        key = findings_cache.cache_key(execute)
        if key is None or findings_cache.kept_key(execute) != key:
            return None
        return findings_cache.cached(execute, key)


@pytest.fixture
def worked_out(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the readiness is worked out from the whole workshop (not read back);
    the process's own memory of it is forgotten, so only the file can answer."""
    calls: list[int] = []
    real = readiness_queries.readiness_of

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(readiness_queries, "readiness_of", counting)
    findings_cache.REMEMBERED.clear()
    return calls


def load(path: Path, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    findings_cache.REMEMBERED.clear()
    with open_workshop(path, read_only=read_only) as workshop, workshop.session() as session:
        return load_readiness(session)


def test_every_table_of_the_workshop_counts_its_changes(workshop_at: Any) -> None:
    path = workshop_at("demo", demo=True)
    with open_workshop(path, read_only=True) as workshop, workshop.engine.connect() as connection:
        tables = set(engines.table_names(connection))
    if engines.is_server(path):
        found = "SELECT DISTINCT trigger_name FROM information_schema.triggers"
        found += " WHERE trigger_schema = current_schema()"
    else:
        found = "SELECT name FROM sqlite_master WHERE type='trigger'"
    # On a server the change count's own triggers (one notification per commit, the actor
    # noted: migration 0011) sit beside the counting ones.
    triggers = {r[0] for r in engines.query(path, found)} - {"notify_change", "note_actor"}
    counted = tables - UNCOUNTED
    assert {"system", "flow", "scenario_check", "score", "minute", "workshop"} <= counted
    actions = ("INSERT", "UPDATE", "DELETE")
    assert triggers == {trigger_name(table, action) for table in counted for action in actions}


def test_the_findings_worked_out_once_are_read_back_until_something_changes(
    workshop_at: Any, worked_out: list[int]
) -> None:
    path = workshop_at("demo", demo=True)
    first = load(path)
    assert len(worked_out) == 1 and kept_key(path) is not None
    assert load(path) == first and len(worked_out) == 1  # read back, equal in every part
    assert peeked(path) == first  # and by the standard library alone

    before = count(path)
    with open_workshop(path) as workshop, workshop.session() as session:
        create_system(session, data={"name": "[bold]Brand new", **ANSWERED_SYSTEM})
    assert count(path) > before
    assert peeked(path) is None  # what is kept no longer describes the file
    second = load(path)
    assert len(worked_out) == 2
    assert second.counts.systems == first.counts.systems + 1
    assert peeked(path) == second


def test_a_change_by_any_writer_and_an_undo_make_the_kept_findings_stale(
    workshop_at: Any, worked_out: list[int]
) -> None:
    """The count is kept by SQLite itself: a write outside the ORM (another program, undo's
    own statements) moves it just the same."""
    path = workshop_at("demo", demo=True)
    load(path)
    engines.execute(path, "UPDATE data_object SET source_of_truth_id = NULL")
    renamed = load(path)
    assert len(worked_out) == 2
    assert (
        sum(item.finding.code == "SOT-MISSING" for item in renamed.findings)
        == renamed.counts.data_objects
    )

    with open_workshop(path) as workshop, workshop.session() as session:
        (system_id,) = session.connection().exec_driver_sql("SELECT min(id) FROM system").one()
        update_system(session, system_id=system_id, data={"name": "Renamed"})
    load(path)
    with open_workshop(path) as workshop, workshop.session() as session:
        undo(session)
    after_undo = load(path)
    assert len(worked_out) == 4
    assert not any("Renamed" in item.finding.message for item in after_undo.findings)


def test_another_day_or_other_rules_work_the_findings_out_afresh(
    workshop_at: Any, worked_out: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An action falls overdue without anyone writing; a new version may judge differently."""
    path = workshop_at("demo", demo=True)
    load(path)
    monkeypatch.setenv("SEAMWORK_NOW", "2031-01-02T09:00:00+00:00")
    load(path)
    assert len(worked_out) == 2
    load(path)
    assert len(worked_out) == 2
    monkeypatch.setattr(findings_cache, "rules_stamp", lambda: "another version")
    load(path)
    assert len(worked_out) == 3


def test_a_file_open_read_only_is_never_written(workshop_at: Any, worked_out: list[int]) -> None:
    path = workshop_at("demo", demo=True)
    before = engines.fingerprint(path)
    load(path, read_only=True)
    assert kept_key(path) is None and engines.fingerprint(path) == before


def test_a_damaged_cache_is_worked_out_again(workshop_at: Any, worked_out: list[int]) -> None:
    path = workshop_at("demo", demo=True)
    want = load(path)
    engines.execute(path, "UPDATE findings_cache SET body = :damaged", damaged=b"\x00\xff\x00")
    findings_cache.REMEMBERED.clear()  # as in a new process: only the file can answer
    assert peeked(path) is None
    assert load(path) == want and len(worked_out) == 2
    assert peeked(path) == want  # and kept again, whole


def test_findings_for_shares_the_kept_readiness(workshop_at: Any, worked_out: list[int]) -> None:
    path = workshop_at("demo", demo=True)
    want = [item.finding for item in load(path).findings]
    with open_workshop(path) as workshop, workshop.session() as session:
        assert findings_for(session) == want
    assert len(worked_out) == 1


def test_the_json_form_reads_back_equal_with_text_that_looks_like_markup(workshop_at: Any) -> None:
    path = workshop_at("demo", demo=True)
    with open_workshop(path) as workshop, workshop.session() as session:
        for name in ("[bold]x", '"quoted"\\', "Zürich ✓ 東京"):
            create_system(session, data={"name": name})
    readiness = load(path)
    assert readiness_from_json(readiness_json(readiness)) == readiness
    assert readiness.unanswered.first is not None


def test_an_export_reads_the_same_with_findings_kept_or_worked_out(
    workshop_at: Any, worked_out: list[int]
) -> None:
    """The summary takes the kept findings when they describe the file as it is (it has read
    the whole workshop anyway, but working the findings out again costs a quarter second at
    5,000 flows): the same text, to the byte, and stale ones are never used."""
    from storage.formats.export import export

    path = workshop_at("demo", demo=True)

    def summary() -> str:
        findings_cache.REMEMBERED.clear()
        with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
            text = export(session, "md")
        assert isinstance(text, str)
        return text

    cold = summary()
    load(path)  # kept now
    assert summary() == cold
    with open_workshop(path) as workshop, workshop.session() as session:
        create_data_object(session, data={"name": "Brand new object"})
        create_flow(session, source="Shopify", target="Xero", data_object="Brand new object")
    changed = summary()  # the kept findings are stale: worked out from what was read
    assert "Brand new object" in changed and changed.count("SOT-MISSING") > cold.count(
        "SOT-MISSING"
    )


def test_working_them_out_calls_between_each_piece_and_finds_the_same(workshop_at: Any) -> None:
    """The app's background keeper steps aside for keys between the reads and the rules
    (`between`): the findings are the same as worked out in one go."""
    from models.findings import RULES, find_all
    from storage.queries.snapshot import load_snapshot

    path = workshop_at("demo", demo=True)
    calls: list[int] = []
    with open_workshop(path, read_only=True) as workshop, workshop.session() as session:
        data = load_snapshot(session, between=lambda: calls.append(1))
        reads = len(calls)
        assert reads >= 8  # priorities, workshop, systems, objects, flows, scenarios, checks...
        assert find_all(data, between=lambda: calls.append(1)) == find_all(load_snapshot(session))
        assert len(calls) == reads + len(RULES)
        findings_cache.REMEMBERED.clear()
        stepped = load_readiness(session, between=lambda: calls.append(1))
        assert len(calls) == 2 * reads + 2 * len(RULES)
        findings_cache.REMEMBERED.clear()
        assert stepped == load_readiness(session)
