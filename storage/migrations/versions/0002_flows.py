"""Data objects with per-department definitions, and the flows between systems.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_object",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("owner", sa.String, nullable=False, server_default=""),
        sa.Column("sensitivity", sa.String(20), nullable=False, server_default="internal"),
        sa.Column("definition", sa.String, nullable=False, server_default=""),
        sa.Column(
            "source_of_truth_id",
            sa.Integer,
            sa.ForeignKey("system.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index("ix_data_object_name_key", "data_object", ["name_key"], unique=True)
    op.create_table(
        "definition",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "data_object_id",
            sa.Integer,
            sa.ForeignKey("data_object.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("department", sa.String(120), nullable=False),
        sa.Column("department_key", sa.String, nullable=False, server_default=""),
        sa.Column("text", sa.String, nullable=False, server_default=""),
        sa.UniqueConstraint("data_object_id", "department_key"),
    )
    op.create_index("ix_definition_data_object_id", "definition", ["data_object_id"])
    op.create_table(
        "flow",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "source_id", sa.Integer, sa.ForeignKey("system.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "target_id", sa.Integer, sa.ForeignKey("system.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "data_object_id",
            sa.Integer,
            sa.ForeignKey("data_object.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("frequency", sa.String(20), nullable=False, server_default="daily"),
        sa.Column("mechanism", sa.String(20), nullable=False, server_default="manual"),
        sa.Column("direction", sa.String(20), nullable=False, server_default="one-way"),
        sa.Column("state", sa.String(20), nullable=False, server_default="manual"),
        sa.Column("approach", sa.String(20), nullable=False, server_default="undecided"),
        sa.Column("owner", sa.String, nullable=False, server_default=""),
        sa.Column("error_handling", sa.String, nullable=False, server_default=""),
        sa.Column("security", sa.String, nullable=False, server_default=""),
        sa.Column("monitored", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("volume_per_day", sa.Integer, nullable=False, server_default="0"),
        sa.Column("manual_hours_per_week", sa.Float, nullable=False, server_default="0"),
        sa.Column("notes", sa.String, nullable=False, server_default=""),
        sa.UniqueConstraint("source_id", "target_id", "data_object_id"),
        sa.CheckConstraint("source_id <> target_id", name="flow_ends_differ"),
    )
    op.create_index("ix_flow_source_id", "flow", ["source_id"])
    op.create_index("ix_flow_target_id", "flow", ["target_id"])
    op.create_index("ix_flow_data_object_id", "flow", ["data_object_id"])


def downgrade() -> None:
    op.drop_table("flow")
    op.drop_table("definition")
    op.drop_table("data_object")
