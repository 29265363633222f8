"""The findings worked out once per change, kept in the file (issue 15).

`change_count` holds one number that triggers on every workshop table move on each write
(`storage.migrations.changes`), and a token of its own made with it (two workshops at the same
count are told apart); `findings_cache` holds the Overview's readiness (counts,
findings, unanswered questions) as JSON under the key it was worked out at: the count, the
day (a due date passes without a write) and the rules' own stamp. Nothing else changes.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from storage.migrations.changes import ACTIONS, count_changes, trigger_name

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _tables() -> list[str]:
    return sorted(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    op.create_table(
        "change_count",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("token", sa.String, nullable=False),
    )
    random_token = (
        "lower(hex(randomblob(8)))"
        if _dialect() == "sqlite"
        else "substr(md5(random()::text), 1, 16)"
    )
    op.execute(f"INSERT INTO change_count (id, value, token) VALUES (1, 0, {random_token})")
    op.create_table(
        "findings_cache",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    count_changes(op.execute, _tables(), dialect=_dialect())


def _dialect() -> str:
    return str(op.get_bind().dialect.name)


def downgrade() -> None:
    on = "" if _dialect() == "sqlite" else " ON {table}"
    for table in _tables():
        for action in ACTIONS:
            drop = f'DROP TRIGGER IF EXISTS "{trigger_name(table, action)}"'
            op.execute(drop + on.format(table=f'"{table}"'))
    if _dialect() != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS count_change()")
    op.drop_table("findings_cache")
    op.drop_table("change_count")
