"""The first schema: the workshop, its systems and the audit trail.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("client", sa.String, nullable=False, server_default=""),
        sa.Column("facilitator", sa.String, nullable=False, server_default=""),
        sa.Column("notes", sa.String, nullable=False, server_default=""),
    )
    op.create_table(
        "system",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("category", sa.String(20), nullable=False, server_default="other"),
        sa.Column("vendor", sa.String, nullable=False, server_default=""),
        sa.Column("owner", sa.String, nullable=False, server_default=""),
        sa.Column("lifecycle", sa.String(20), nullable=False, server_default="live"),
        sa.Column("hosting", sa.String(20), nullable=False, server_default="other"),
        sa.Column("api", sa.String(20), nullable=False, server_default="other"),
        sa.Column("criticality", sa.Integer, nullable=False, server_default="3"),
        sa.Column("notes", sa.String, nullable=False, server_default=""),
    )
    op.create_index("ix_system_name_key", "system", ["name_key"], unique=True)
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("entity", sa.String, nullable=False),
        sa.Column("entity_id", sa.Integer),
        sa.Column("name", sa.String, nullable=False, server_default=""),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("before", sa.String),
        sa.Column("after", sa.String),
    )
    op.create_index("ix_audit_at", "audit", ["at"])


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("system")
    op.drop_table("workshop")
