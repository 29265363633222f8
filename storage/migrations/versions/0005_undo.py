"""Undo history: every committed transaction becomes a step, and its audit rows name it.

Audit rows written before this revision have no step: they stay in "changes since" reports but
cannot be undone, so an upgraded file starts with an empty undo stack.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "step",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("label", sa.String, nullable=False, server_default=""),
        sa.Column("kind", sa.String(20), nullable=False, server_default="edit"),
        sa.Column("state", sa.String(20), nullable=False, server_default="done"),
        sa.Column("target", sa.Integer, nullable=True),
    )
    op.add_column("audit", sa.Column("step", sa.Integer, nullable=True))
    op.create_index("ix_audit_step", "audit", ["step"])


def downgrade() -> None:
    op.drop_index("ix_audit_step", table_name="audit")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("step")
    op.drop_table("step")
