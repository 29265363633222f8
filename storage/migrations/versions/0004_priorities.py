"""Prioritisation: criteria, candidates with their flows and scores, KPIs and their links.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _link(name: str, target: str) -> sa.Column:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey(f"{target}.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.add_column(
        "workshop",
        sa.Column("scoring_method", sa.String(20), nullable=False, server_default="weighted"),
    )
    op.add_column(
        "workshop",
        sa.Column("criteria_seeded", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "criterion",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("weight", sa.Integer, nullable=False, server_default="3"),
        sa.Column("kind", sa.String(20), nullable=False, server_default="benefit"),
        sa.Column("wsjf_part", sa.String(20), nullable=False, server_default="value"),
        sa.Column("description", sa.String, nullable=False, server_default=""),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint("weight BETWEEN 0 AND 5", name="criterion_weight_range"),
    )
    op.create_index("ix_criterion_name_key", "criterion", ["name_key"], unique=True)
    op.create_table(
        "candidate",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("description", sa.String, nullable=False, server_default=""),
        sa.Column("phase", sa.Integer, nullable=True),
        sa.Column("notes", sa.String, nullable=False, server_default=""),
        sa.CheckConstraint("phase IS NULL OR phase >= 1", name="candidate_phase_positive"),
    )
    op.create_index("ix_candidate_name_key", "candidate", ["name_key"], unique=True)
    op.create_table(
        "candidate_flow",
        sa.Column("id", sa.Integer, primary_key=True),
        _link("candidate_id", "candidate"),
        _link("flow_id", "flow"),
        sa.UniqueConstraint("candidate_id", "flow_id"),
    )
    op.create_index("ix_candidate_flow_candidate_id", "candidate_flow", ["candidate_id"])
    op.create_index("ix_candidate_flow_flow_id", "candidate_flow", ["flow_id"])
    op.create_table(
        "score",
        sa.Column("id", sa.Integer, primary_key=True),
        _link("candidate_id", "candidate"),
        _link("criterion_id", "criterion"),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("rationale", sa.String, nullable=False, server_default=""),
        sa.UniqueConstraint("candidate_id", "criterion_id"),
        sa.CheckConstraint("value BETWEEN 1 AND 5", name="score_value_range"),
    )
    op.create_index("ix_score_candidate_id", "score", ["candidate_id"])
    op.create_index("ix_score_criterion_id", "score", ["criterion_id"])
    op.create_table(
        "kpi",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String, nullable=False),
        sa.Column("unit", sa.String, nullable=False, server_default=""),
        sa.Column("baseline", sa.Float, nullable=True),
        sa.Column("target", sa.Float, nullable=True),
        sa.Column("owner", sa.String, nullable=False, server_default=""),
        sa.Column("description", sa.String, nullable=False, server_default=""),
    )
    op.create_index("ix_kpi_name_key", "kpi", ["name_key"], unique=True)
    op.create_table(
        "kpi_candidate",
        sa.Column("id", sa.Integer, primary_key=True),
        _link("kpi_id", "kpi"),
        _link("candidate_id", "candidate"),
        sa.UniqueConstraint("kpi_id", "candidate_id"),
    )
    op.create_index("ix_kpi_candidate_kpi_id", "kpi_candidate", ["kpi_id"])
    op.create_index("ix_kpi_candidate_candidate_id", "kpi_candidate", ["candidate_id"])
    op.create_table(
        "kpi_data_object",
        sa.Column("id", sa.Integer, primary_key=True),
        _link("kpi_id", "kpi"),
        _link("data_object_id", "data_object"),
        sa.UniqueConstraint("kpi_id", "data_object_id"),
    )
    op.create_index("ix_kpi_data_object_kpi_id", "kpi_data_object", ["kpi_id"])
    op.create_index("ix_kpi_data_object_data_object_id", "kpi_data_object", ["data_object_id"])


def downgrade() -> None:
    op.drop_table("kpi_data_object")
    op.drop_table("kpi_candidate")
    op.drop_table("kpi")
    op.drop_table("score")
    op.drop_table("candidate_flow")
    op.drop_table("candidate")
    op.drop_table("criterion")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("criteria_seeded")
        batch.drop_column("scoring_method")
