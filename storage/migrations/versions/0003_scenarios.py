"""Exception scenarios (the workshop's copy of the library, and its own) and their checks.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("title_key", sa.String, nullable=False),
        sa.Column("library_key", sa.String, nullable=True),
        sa.Column("category", sa.String(120), nullable=False, server_default="other"),
        sa.Column("description", sa.String, nullable=False, server_default=""),
        sa.Column("question", sa.String, nullable=False, server_default=""),
        sa.Column("data_objects", sa.JSON, nullable=False, server_default="[]"),
        sa.Column("retired", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("library_key"),
    )
    op.create_index("ix_scenario_title_key", "scenario", ["title_key"], unique=True)
    op.create_table(
        "scenario_check",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "flow_id", sa.Integer, sa.ForeignKey("flow.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "scenario_id",
            sa.Integer,
            sa.ForeignKey("scenario.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(20), nullable=False, server_default="open"),
        sa.Column("note", sa.String, nullable=False, server_default=""),
        sa.Column("owner", sa.String, nullable=False, server_default=""),
        sa.Column("uat", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.String, nullable=False, server_default=""),
        sa.UniqueConstraint("flow_id", "scenario_id"),
    )
    op.create_index("ix_scenario_check_flow_id", "scenario_check", ["flow_id"])
    op.create_index("ix_scenario_check_scenario_id", "scenario_check", ["scenario_id"])


def downgrade() -> None:
    op.drop_table("scenario_check")
    op.drop_table("scenario")
