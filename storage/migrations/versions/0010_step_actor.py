"""Who made each change: the step records its actor (issue 17).

A plain added column, so it works on any engine. Steps made before this revision have none
(NULL): they are shown as made by someone unknown, never under a name guessed now.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("step", sa.Column("actor", sa.String, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("step") as batch:
        batch.drop_column("actor")
