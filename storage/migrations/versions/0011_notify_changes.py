"""Other windows hear of each commit (issue 17): PostgreSQL notifies them.

On PostgreSQL a commit that moved the change count sends one notification on the channel named
after the workshop's schema (`storage.migrations.changes.NOTIFY_TRIGGERS`); every window on
the workshop listens there and shows the edit within moments. On SQLite nothing changes (a
window on a file looks at the file's stamp): the revision only moves.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

from storage.migrations.changes import NOTIFY_TRIGGERS

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in NOTIFY_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute('DROP TRIGGER IF EXISTS "notify_change" ON change_count')
    op.execute('DROP TRIGGER IF EXISTS "note_actor" ON step')
    op.execute("DROP FUNCTION IF EXISTS notify_change()")
    op.execute("DROP FUNCTION IF EXISTS note_actor()")
