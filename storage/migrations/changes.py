"""The file's change count: one number every write to the workshop's own tables moves.

Work derived from the whole workshop (the findings) is cached in the file under the count it
was worked out at (`storage.findings_cache`). SQLite triggers keep the count, so every writer
moves it, whatever its path (the ORM, Core statements in undo, another window, an older
build of this schema): a cache can never pass for current after any change.

A migration that rebuilds a table (SQLite's way to change a column) drops its triggers: it
must call `count_changes` again. `tests/test_migrations.py` checks every table has them.
"""

from __future__ import annotations

from collections.abc import Callable

# Tables whose rows the findings never read, written on every change anyway, or the cache's own.
UNCOUNTED: frozenset[str] = frozenset(
    {"alembic_version", "audit", "step", "change_count", "findings_cache"}
)
ACTIONS: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE")


def trigger_name(table: str, action: str) -> str:
    return f"count_{action.lower()}_{table}"


# PostgreSQL's triggers call a function; it lives in the workshop's schema, as the count does.
COUNT_FUNCTION = (
    "CREATE OR REPLACE FUNCTION count_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN UPDATE change_count SET value = value + 1 WHERE id = 1; RETURN NULL; END $$"
)


def count_changes(
    execute: Callable[[str], object], tables: list[str], *, dialect: str = "sqlite"
) -> None:
    """(Re)make the three triggers on each of `tables` that move the change count (one per
    row changed, on either engine)."""
    if dialect == "postgresql":
        execute(COUNT_FUNCTION)
    for table in tables:
        if table in UNCOUNTED or table.startswith("sqlite_"):
            continue
        for action in ACTIONS:
            name = trigger_name(table, action)
            if dialect == "postgresql":
                execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
                execute(
                    f'CREATE TRIGGER "{name}" AFTER {action} ON "{table}" '
                    "FOR EACH ROW EXECUTE FUNCTION count_change()"
                )
                continue
            execute(f'DROP TRIGGER IF EXISTS "{name}"')
            execute(
                f'CREATE TRIGGER "{name}" AFTER {action} ON "{table}" BEGIN '
                "UPDATE change_count SET value = value + 1 WHERE id = 1; END"
            )


# Telling other windows (issue 17): on PostgreSQL, a commit that moved the change count
# notifies the channel named after the workshop's schema, once per transaction, with the count
# it ended at and the actor of its step: "42 Ana Ruiz". Windows listening there reload (see
# `storage.live`). A deferred trigger fires at commit, so the count read is the final one; the
# transaction-local setting makes the later firings of the same commit return at once.
# SQLite has no such thing: windows on a file look at its stamp instead.
NOTIFY_FUNCTION = (
    "CREATE OR REPLACE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN "
    "IF current_setting('seamwork.notified', true) IS DISTINCT FROM txid_current()::text THEN "
    "PERFORM set_config('seamwork.notified', txid_current()::text, true); "
    "PERFORM pg_notify(TG_TABLE_SCHEMA, (SELECT value FROM change_count WHERE id = NEW.id)::text "
    "|| ' ' || coalesce(current_setting('seamwork.actor', true), '')); "
    "END IF; RETURN NULL; END $$"
)
ACTOR_FUNCTION = (
    "CREATE OR REPLACE FUNCTION note_actor() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN PERFORM set_config('seamwork.actor', coalesce(NEW.actor, ''), true); "
    "RETURN NULL; END $$"
)
NOTIFY_TRIGGERS: tuple[str, ...] = (
    NOTIFY_FUNCTION,
    ACTOR_FUNCTION,
    'DROP TRIGGER IF EXISTS "notify_change" ON change_count',
    'CREATE CONSTRAINT TRIGGER "notify_change" AFTER UPDATE ON change_count '
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION notify_change()",
    'DROP TRIGGER IF EXISTS "note_actor" ON step',
    'CREATE TRIGGER "note_actor" AFTER INSERT OR UPDATE OF actor ON step '
    "FOR EACH ROW EXECUTE FUNCTION note_actor()",
)
