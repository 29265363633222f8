"""Unknown is not an answer: the fields the room answers may be NULL (not recorded yet).

The columns lose NOT NULL and their server defaults ('other', 'live', 3, 'daily', 'manual',
'internal', 0 ...), so a row written without an answer holds NULL. Existing values are left
as they are: nothing tells a default apart from an answer that happened to equal it.

SQLite rebuilds a table to change a column; `storage.workshop_file.migrate` runs migrations
with foreign keys off (then checks them), so the rebuild does not cascade-delete child rows.

Revision ID: 0008
Revises: 0007
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.String, nullable=False, server_default="")


def _link(name: str, target: str, ondelete: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{target}.id", ondelete=ondelete), nullable=nullable
    )


# Each answer with the default revisions up to 0007 filled in (and a downgrade puts back).
OLD_DEFAULTS: dict[str, dict[str, str]] = {
    "system": {
        "category": "other",
        "lifecycle": "live",
        "hosting": "other",
        "api": "other",
        "criticality": "3",
    },
    "data_object": {"sensitivity": "internal"},
    "flow": {
        "frequency": "daily",
        "mechanism": "manual",
        "direction": "one-way",
        "state": "manual",
        "approach": "undecided",
        "monitored": "0",
        "volume_per_day": "0",
        "manual_hours_per_week": "0",
    },
}


def _rebuilt(
    meta: sa.MetaData, table: str, *, unknowns: bool = True
) -> tuple[sa.Table, list[tuple[str, str, bool]]]:
    """`table` as it is from this revision on (the answers nullable, no server defaults) or,
    not `unknowns`, as 0007 had it; under a temporary name, with the indexes to make once it
    has its own name again."""
    name = f"_unknowns_{table}"
    defaults = OLD_DEFAULTS[table]

    def answer(column: str, type_: sa.types.TypeEngine[Any]) -> sa.Column[Any]:
        if unknowns:
            return sa.Column(column, type_)
        return sa.Column(column, type_, nullable=False, server_default=defaults[column])

    columns: list[sa.schema.SchemaItem]
    if table == "system":
        columns = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(120), nullable=False),
            sa.Column("name_key", sa.String, nullable=False),
            answer("category", sa.String(20)),
            _text("vendor"),
            _text("owner"),
            answer("lifecycle", sa.String(20)),
            answer("hosting", sa.String(20)),
            answer("api", sa.String(20)),
            answer("criticality", sa.Integer()),
            _text("notes"),
        ]
        indexes = [("ix_system_name_key", "name_key", True)]
        return sa.Table(name, meta, *columns), indexes
    if table == "data_object":
        columns = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(120), nullable=False),
            sa.Column("name_key", sa.String, nullable=False),
            _text("owner"),
            answer("sensitivity", sa.String(20)),
            _text("definition"),
            _link("source_of_truth_id", "system", "SET NULL", nullable=True),
        ]
        indexes = [("ix_data_object_name_key", "name_key", True)]
        return sa.Table(name, meta, *columns), indexes
    columns = [
        sa.Column("id", sa.Integer, primary_key=True),
        _link("source_id", "system", "CASCADE"),
        _link("target_id", "system", "CASCADE"),
        _link("data_object_id", "data_object", "CASCADE"),
        answer("frequency", sa.String(20)),
        answer("mechanism", sa.String(20)),
        answer("direction", sa.String(20)),
        answer("state", sa.String(20)),
        answer("approach", sa.String(20)),
        _text("owner"),
        _text("error_handling"),
        _text("security"),
        answer("monitored", sa.Boolean(create_constraint=False)),
        answer("volume_per_day", sa.Integer()),
        answer("manual_hours_per_week", sa.Float()),
        _text("notes"),
        sa.UniqueConstraint("source_id", "target_id", "data_object_id"),
        sa.CheckConstraint("source_id <> target_id", name="flow_ends_differ"),
    ]
    indexes = [
        ("ix_flow_source_id", "source_id", False),
        ("ix_flow_target_id", "target_id", False),
        ("ix_flow_data_object_id", "data_object_id", False),
    ]
    return sa.Table(name, meta, *columns), indexes


def _rebuild(*, unknowns: bool) -> None:
    """SQLite's own recipe for changing columns: make the new table, copy the rows, drop the
    old one, rename the new one, remake its indexes. Written out rather than left to Alembic's
    batch mode, whose rebuilt CREATE TABLE lists constraints in a different order in each
    process; this way every file gets the same schema text."""
    meta = sa.MetaData()
    for target in ("system", "data_object"):  # what the foreign keys name, for the DDL
        sa.Table(target, meta, sa.Column("id", sa.Integer, primary_key=True))
    for table in ("system", "data_object", "flow"):
        new, indexes = _rebuilt(meta, table, unknowns=unknowns)
        names = ", ".join(f'"{column.name}"' for column in new.columns)
        op.execute(sa.schema.CreateTable(new))
        op.execute(f'INSERT INTO "{new.name}" ({names}) SELECT {names} FROM "{table}"')
        op.execute(f'DROP TABLE "{table}"')
        op.execute(f'ALTER TABLE "{new.name}" RENAME TO "{table}"')
        for index, column, unique in indexes:
            op.create_index(index, table, [column], unique=unique)


def _alter(*, unknowns: bool) -> None:
    """Elsewhere than SQLite (PostgreSQL) the columns are altered in place: a rebuilt table
    could not be dropped under the foreign keys that name it."""
    for table, defaults in OLD_DEFAULTS.items():
        for column, default in defaults.items():
            if unknowns:
                op.alter_column(table, column, nullable=True, server_default=None)
            else:
                value = sa.false() if default == "0" and column == "monitored" else default
                op.alter_column(table, column, nullable=False, server_default=value)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        _alter(unknowns=True)
        return
    _rebuild(unknowns=True)


def downgrade() -> None:
    """Back to 0007, which cannot hold an unknown: each one takes the old default again (the
    very guess this revision stopped making), then the columns are NOT NULL once more."""
    for table, defaults in OLD_DEFAULTS.items():
        for column, default in defaults.items():
            literal = default if default.isdigit() else f"'{default}'"
            if column == "monitored" and op.get_bind().dialect.name != "sqlite":
                literal = "false"
            op.execute(f'UPDATE "{table}" SET "{column}" = {literal} WHERE "{column}" IS NULL')
    if op.get_bind().dialect.name != "sqlite":
        _alter(unknowns=False)
        return
    _rebuild(unknowns=False)
